"""The Figure 3 template: fund fundamentals, and what they imply for each blend.

Implements :func:`build_figure3`: one ``EFFCAP_FUND`` per fund and fact (tickers in row
4, the field argument in column B, both editable), and per blend of the Weights sheet
its weighted net and gross expense ratio and SEC yields (``EFFCAP_FEES``) and notional
exposure per $1 (``EFFCAP_NOTIONAL``).
"""

from __future__ import annotations

import os
from pathlib import Path

from efficap.figures import FIGURE2_FUNDS
from efficap_xl.build.formula import literal
from efficap_xl.build.templates.blocks import intro, ticker_validation, weights_sheet, widths
from efficap_xl.build.templates.common import PORTFOLIO_NAMES, SOURCE, Book, write_workbook

__all__ = ["SHEET", "build_figure3"]

SHEET = "Figure 3"
#: Rows: label, EFFCAP_FUND field argument, number format ("money" or percent).
_FUNDAMENTALS = (
    ("SEC 30-day yield (subsidized)", "SEC yield subsidized", "pct"),
    ("SEC 30-day yield (unsubsidized)", "SEC yield unsubsidized", "pct"),
    ("Total expense ratio (gross)", "gross ER", "pct"),
    ("Total expense ratio (net)", "net ER", "pct"),
    ("Total assets ($ millions)", "total assets", "money"),
)
#: Blend columns: header, EFFCAP_FEES field argument (None: the EFFCAP_NOTIONAL column).
_BLEND_COLUMNS = (
    ("Net expense ratio", "net ER"),
    ("Gross expense ratio", "gross ER"),
    ("SEC yield (subsidized)", "SEC yield subsidized"),
    ("SEC yield (unsubsidized)", "SEC yield unsubsidized"),
    ("Notional exposure per $1", None),
)
_F_HEADER = 3  # Excel row 4
_F_FIRST = _F_HEADER + 1  # Excel rows 5-9
_B_HEADER = _F_FIRST + len(_FUNDAMENTALS) + 3  # Excel row 13
_B_FIRST = _B_HEADER + 1  # Excel rows 14-16


def _figure3(book: Book) -> None:
    st = book.st
    ws = book.add_sheet(SHEET)
    refs = weights_sheet(book, "Fig3_", "the Figure 3 sheet's blend rows follow them.")

    intro(
        ws,
        "Figure 3: Fundamentals (total assets as of 2026-04-01)",
        "change a ticker in row 4 or a field in column B to look up other facts; the blend "
        "rows weight the facts by the Weights sheet. Needs the efficap add-in to recalculate.",
        columns=6,
    )
    widths(ws, 42, 18, 6)
    ws.set_column(1, 1, 22)
    ws.set_row(_B_HEADER, 30)
    ws.freeze_panes(_F_HEADER + 1, 1)
    ws.write(_F_HEADER, 0, "Fundamental", st.header)
    ws.write(_F_HEADER, 1, "Field", st.header)
    for j, ticker in enumerate(FIGURE2_FUNDS, start=2):
        ws.write(_F_HEADER, j, ticker, st.header)
    ticker_validation(ws, _F_HEADER, 2, _F_HEADER, 1 + len(FIGURE2_FUNDS))
    for i, (label, field, kind) in enumerate(_FUNDAMENTALS):
        row = _F_FIRST + i
        ws.write(row, 0, label, st.bold)
        ws.write(row, 1, field, st.text_in)
        fmt = st.money if kind == "money" else st.pct
        for j in range(2, 2 + len(FIGURE2_FUNDS)):
            ticker = ws.cells(_F_HEADER, j, col_abs=False)  # C$4: copies across
            fact = ws.cells(row, 1, row_abs=False)  # $B5: copies down
            ws.call(row, j, "EFFCAP_FUND", fmt, ticker=ticker, field=fact)
    ws.write(_F_FIRST + len(_FUNDAMENTALS), 0, SOURCE, st.note)

    ws.write(_B_HEADER, 0, "Blend", st.header)
    for j, (header, _) in enumerate(_BLEND_COLUMNS, start=1):
        ws.write(_B_HEADER, j, header, st.header)
    tickers = refs["tickers"].anywhere()
    for i, name in enumerate(PORTFOLIO_NAMES):
        row = _B_FIRST + i
        ws.write(row, 0, name, st.bold)
        held = {"tickers": tickers, "weights": refs[name].anywhere()}
        for j, (_, field) in enumerate(_BLEND_COLUMNS, start=1):
            if field is None:
                ws.call(row, j, "EFFCAP_NOTIONAL", st.pct, **held)
            else:
                ws.call(row, j, "EFFCAP_FEES", st.pct, **held, field=literal(field))
    ws.write(_B_FIRST + len(PORTFOLIO_NAMES), 0, SOURCE, st.note)
    ws.activate()


def build_figure3(path: str | os.PathLike[str], force: bool = False) -> Path:
    """Write the Figure 3 template (fundamentals and what they imply per blend) to `path`.

    Raises
    ------
    OverwriteError
        If `path` exists, differs from the template and `force` is False.
    """
    return write_workbook(path, _figure3, force)
