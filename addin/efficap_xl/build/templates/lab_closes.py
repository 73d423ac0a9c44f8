"""The Portfolio Lab's "Lab closes" sheet: the closes of the Lab's own funds only.

Implements :func:`lab_closes`: the Prices sheet's dates (for the reader), then under each
of the Lab's ticker slots (and the equity fund
of its correlations, when no slot holds it), that fund's column of the Prices sheet,
picked by ticker with native formulas (one legacy array formula per column, so every
Excel version computes it, none volatile, and nobody edits part of it), and the workbook
name ``Lab_Closes`` over it, sized like ``Prices_Table`` to the rows that hold dates.

Why: ``EFFCAP_GROWTH`` needs only the funds the blends can hold, and Excel converts every
cell of every range a function is given on each recalculation. The Prices sheet holds
every fund a user fetched (22 columns with the shared prices); this sheet holds the
Lab's slots (8). A blank Prices cell stays blank (``""``); anything else, an error or
text included, is passed on as it is, so the function reports it rather than a formula
hiding it. A slot whose ticker has no Prices column gets a blank header and blank
cells, which the functions skip; a blend that holds it is told "No prices for ...".
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd

from efficap.errors import BuildError
from efficap_xl.build.templates.common import Book, Cells, stored
from efficap_xl.build.templates.prices import ROWS_NAME, Sized
from efficap_xl.layout import PRICES_SHEET

__all__ = ["CLOSES_SHEET", "lab_closes"]

CLOSES_SHEET = "Lab closes"
_HEADER = 3  # the header row (Excel row 4); closes from the next row, as on Prices
_LONGEST = 8_192  # characters of an Excel formula


def lab_closes(
    book: Book,
    tickers: Cells,
    equity: Cells,
    prices: Sized,
    frame: pd.DataFrame | None,
    header: list[str],
) -> Sized:
    """Write the sheet; return ``Lab_Closes`` (its header and the rows that hold dates).

    Parameters
    ----------
    tickers : Cells
        The Lab's ticker slots (one row).
    equity : Cells
        The Lab's equity fund for correlations: a last column when it is no slot's.
    prices : Sized
        ``Prices_Table``: the Prices sheet's header and closes.
    frame : pandas.DataFrame or None
        The closes written on the Prices sheet (None: an empty sheet).
    header : list of str
        The Prices sheet's tickers (columns B onwards).
    """
    st = book.st
    ws = book.add_sheet(CLOSES_SHEET)
    ws.write(0, 0, "Closes of the Lab's funds, picked from the Prices sheet", st.title)
    ws.write(
        1,
        0,
        "Formulas, nothing to edit: one column per ticker slot of the Lab and the equity "
        "fund (when no slot holds it), blank where the Prices sheet has no close. "
        "EFFCAP_GROWTH reads these columns instead of the whole Prices sheet, so Excel "
        "hands it fewer cells.",
        st.note,
    )
    reserved = prices.reserved_rows - 1  # the name's rows include the header
    # Each Prices column as its own header cell and closes: CHOOSE(MATCH(ticker, CHOOSE(
    # {1,..,n}, headers), 0), columns). A column inserted or deleted on the Prices sheet
    # moves a header cell and its closes together, so a fund never gets a neighbour's
    # closes (a header range and separate columns would come apart); and the formulas
    # engine the tests recalculate with evaluates it (it does not INDEX(area,0,k)).
    n = len(header)
    heads = ",".join(Cells(PRICES_SHEET, 0, c, 0, c, qualified=True).text for c in range(1, n + 1))
    refs = ",".join(
        Cells(PRICES_SHEET, 1, c, reserved, c, qualified=True).text for c in range(1, n + 1)
    )
    numbers = ",".join(str(k) for k in range(1, n + 1))
    header_row = Cells(PRICES_SHEET, 0, 1, 0, n, qualified=True).text
    slots = [
        Cells(tickers.sheet, tickers.r1, c, tickers.r1, c, qualified=True)
        for c in range(tickers.c1, tickers.c2 + 1)
    ]
    names = [str(v or "").strip().upper() for v in book.grid(tickers)[0]]
    chosen = str(book.grid(equity)[0][0] or "").strip().upper()
    eq, all_slots = equity.anywhere().text, tickers.anywhere().text
    columns = [(f"TRIM({s.text})", name) for s, name in zip(slots, names, strict=True)]
    columns.append((f'IF(ISNUMBER(MATCH(TRIM({eq}),{all_slots},0)),"",TRIM({eq}))', chosen))
    dates = Cells(PRICES_SHEET, 1, 0, reserved, 0, qualified=True).text
    ws.write(_HEADER, 0, "Date", st.header)  # for the reader; the functions take Prices'
    days = [] if frame is None else [d.to_pydatetime() for d in frame.index]
    _array(ws, 0, reserved, f'=IF(ISBLANK({dates}),"",{dates})', days, st.date)
    for j, (source, ticker) in enumerate(columns, start=1):
        if j == len(columns) and ticker in names:
            ticker = ""  # the equity fund has its slot already
        found = f"ISNUMBER(MATCH({source},{header_row},0))"
        shown = ticker if ticker and ticker in header else ""
        ws.plain_formula(_HEADER, j, f'=IF({found},{source},"")', st.header, shown)
        head = ws.cells(_HEADER, j, col_abs=False)
        column = f"CHOOSE(MATCH({head.text},CHOOSE({{{numbers}}},{heads}),0),{refs})"
        text = f'=IF({head.text}="","",IF(ISBLANK({column}),"",{column}))'
        if len(text) > _LONGEST:
            raise BuildError(
                f"The Prices sheet has {n} fund columns, too many for the Lab's formulas "
                f"(over Excel's {_LONGEST:,} characters); keep the funds you use."
            )
        values = list(frame[shown]) if frame is not None and shown in frame.columns else []
        _array(ws, j, reserved, text, values, st.price)
    width = len(columns)
    ws.set_column(0, width, 11)
    ws.freeze_panes(_HEADER + 1, 1)
    ws.print_area(0, 0, 30, width)
    ws.fit_to_pages(1, 0)
    return _name(book, width, reserved, 0 if frame is None else len(frame))


def _array(ws: Any, col: int, rows: int, text: str, values: list[Any], fmt: Any) -> None:
    """A legacy array formula over rows `rows` of column `col`, cached `values` (closes
    or dates; blank for NaN and below them)."""
    first, last = _HEADER + 1, _HEADER + rows
    ws._claim(first, col, rows, 1)
    cached = [
        v if isinstance(v, datetime) else None if v != v else stored(float(v)) for v in values
    ]
    head = "" if not cached or cached[0] is None else cached[0]
    if isinstance(head, datetime):  # a formula's cached date: its serial number
        head = (head - datetime(1899, 12, 30)).total_seconds() / 86_400
    ws.ws.write_array_formula(first, col, last, col, "{" + text + "}", fmt, head)
    for i in range(rows):
        value = cached[i] if i < len(cached) else None
        if i:  # XlsxWriter pads the area with zeros: overwrite them
            if value is None:
                ws.ws.write_blank(first + i, col, None, fmt)
            elif isinstance(value, datetime):
                ws.ws.write_datetime(first + i, col, value, fmt)
            else:
                ws.ws.write_number(first + i, col, value, fmt)
        handed = "" if value is None else value  # what Excel hands: "" from the formula
        ws.book.rooms[(ws.name, first + i, col)] = handed
        ws.book.values[(ws.name, first + i, col)] = handed


def _name(book: Book, slots: int, reserved: int, filled: int) -> Sized:
    """Define ``Lab_Closes`` = the closes' header and the rows ``Prices_Rows`` counts."""
    area = Cells(CLOSES_SHEET, _HEADER, 1, _HEADER + reserved, slots, qualified=True).text
    book.define_name("Lab_Closes", f"=INDEX({area},1,1):INDEX({area},{ROWS_NAME}+1,{slots})")
    n = max(1, min(filled, reserved))
    return Sized(
        CLOSES_SHEET,
        _HEADER,
        1,
        _HEADER + n,
        slots,
        qualified=True,
        name="Lab_Closes",
        last=_HEADER + reserved,
    )
