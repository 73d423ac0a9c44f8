"""The Prices sheet the templates' formulas read (efficap's price layout).

Implements :func:`prices_sheet`: ``Date`` in A1 and one ticker per column (see
:mod:`efficap_xl.layout`), one row of closes per date when a frame is given, the marker
and a how-to note after one blank column, and the workbook names ``Prices_Dates`` and
``Prices_Table``. The formulas read a fixed number of rows (at least
:data:`MAX_PRICE_ROWS`) so newer closes can be appended below the last row.

Functions pick their columns from this table by the tickers their weights name, so the
sheet holds every fund a template may use: a ticker switched in the inputs then finds
its own prices, never a neighbour's.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from efficap_xl.build.templates.common import SOURCE, Book, Cells
from efficap_xl.layout import PRICES_MARKER, PRICES_SHEET

__all__ = ["MAX_PRICE_ROWS", "prices_sheet"]

MAX_PRICE_ROWS = 10_000  # rows the formulas read from the Prices sheet, at least


def prices_sheet(
    book: Book,
    tickers: Sequence[str],
    frame: pd.DataFrame | None,
    used_by: str,
    rows: int | None = None,
    source: bool = True,
) -> tuple[Cells, Cells]:
    """Write the Prices sheet; return the dates and the price table (with its header).

    Parameters
    ----------
    tickers : sequence of str
        The header; with `frame`, its columns in this order.
    frame : pandas.DataFrame or None
        Closes indexed by date; None leaves the table empty with a note saying what to
        paste.
    used_by : str
        Whose formulas read the sheet, for the note ("The Figure 2 formulas").
    rows : int, optional
        Price rows the formulas read; by default the larger of the frame's length and
        :data:`MAX_PRICE_ROWS`.
    source : bool
        Add the research note's source line under the note.
    """
    st = book.st
    ws = book.add_sheet(PRICES_SHEET)
    ws.write(0, 0, "Date", st.header)
    for j, ticker in enumerate(tickers, start=1):
        ws.write(0, j, ticker, st.header)
    ws.set_column(0, 0, 12)
    ws.set_column(1, len(tickers), 11)
    note = len(tickers) + 2
    ws.set_column(note, note, 90)
    ws.freeze_panes(1, 1)
    # Printing thousands of closes helps nobody: print the header, the note and a sample.
    ws.print_area(0, 0, 30, note)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.write(0, note, PRICES_MARKER, st.bold)
    if rows is None:
        rows = max(0 if frame is None else len(frame), MAX_PRICE_ROWS)
    if frame is None:
        how_to = (
            f"Paste daily total-return closes (adjusted for dividends) from row 2: dates in "
            f"column A (oldest first), one column per fund as headed. Blank = no price that day. "
            f"{used_by} read rows 2-{rows + 1}; the cached numbers are empty until "
            f"the add-in recalculates. Or use Refresh prices on the efficap ribbon."
        )
    else:
        frame = frame[list(tickers)]
        for i, (day, values) in enumerate(zip(frame.index, frame.to_numpy(), strict=True), 1):
            ws.write(i, 0, pd.Timestamp(day), st.date)
            for j, value in enumerate(values, start=1):
                if value == value:  # not NaN: a blank cell is "no price that day"
                    ws.write(i, j, float(value), st.price)
        how_to = (
            f"Daily total-return closes (adjusted for dividends), oldest first. {used_by} "
            f"read rows 2-{rows + 1}: add newer closes below the last row, and "
            "leave the rest blank. Blank = no price that day. Refresh prices on the efficap "
            "ribbon rewrites the table and leaves this note alone."
        )
    # Merged over four rows so the wrapped note leaves the price rows' heights alone.
    ws.merge(1, note, 4, note, how_to, st.note_wrap)
    if source:
        ws.write(5, note, SOURCE.replace("Source:", "Figure source:"), st.note)
    dates = ws.cells(1, 0, rows, 0, qualified=True)
    table = ws.cells(0, 1, rows, len(tickers), qualified=True)
    book.define_name("Prices_Dates", dates)
    book.define_name("Prices_Table", table)
    return dates, table
