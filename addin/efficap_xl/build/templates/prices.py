"""The Prices sheet the templates' formulas read (efficap's price layout).

Implements :func:`prices_sheet`: ``Date`` in A1 and one ticker per column (see
:mod:`efficap_xl.layout`), one row of closes per date when a frame is given, the marker
and a how-to note after one blank column, and the workbook names ``Prices_Rows``,
``Prices_Dates`` and ``Prices_Table`` (:func:`sized_names`, read through
:class:`Sized` references): the ranges the formulas read end at the last date, so Excel
hands over only rows that hold data, and grow (up to at least :data:`MAX_PRICE_ROWS`
rows) as newer closes are appended below.

Functions pick their columns from this table by the tickers their weights name, so the
sheet holds every fund a template may use: a ticker switched in the inputs then finds
its own prices, never a neighbour's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from efficap_xl.build.templates.common import SOURCE, Book, Cells
from efficap_xl.layout import PRICES_MARKER, PRICES_SHEET

__all__ = ["MAX_PRICE_ROWS", "ROWS_NAME", "Sized", "prices_sheet", "sized_names"]

MAX_PRICE_ROWS = 10_000  # rows the formulas may read from the Prices sheet, at least
ROWS_NAME = "Prices_Rows"  # the workbook name counting the price rows


@dataclass(frozen=True)
class Sized(Cells):
    """Cells a formula reads through a workbook name whose range follows the data
    (``Prices_Dates``): the formula writes the name; the bounds are the rows that hold
    data today (what Excel hands over, so cached values are computed from exactly that);
    `last` is the last row the name may grow to (0-based)."""

    name: str = ""
    last: int = 0

    @property
    def text(self) -> str:
        return self.name

    def anywhere(self) -> Cells:
        return self

    @property
    def reserved_rows(self) -> int:
        return self.last - self.r1 + 1


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
            f"column A (oldest first, no blank row between dates), one column per fund as "
            f"headed. Blank = no price that day. {used_by} read from row 2 down to the last "
            f"date (row {rows + 1} at most); the cached numbers are "
            f"empty until the add-in recalculates. Or use Refresh prices on the efficap ribbon."
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
            f"read from row 2 down to the last date (row {rows + 1} at most): add newer "
            "closes right below the last row (no blank row between dates), and leave the "
            "rest blank. Blank price = no price that day. Refresh prices on the "
            "efficap ribbon rewrites the table and leaves this note alone."
        )
    # Merged over four rows so the wrapped note leaves the price rows' heights alone.
    ws.merge(1, note, 4, note, how_to, st.note_wrap)
    if source:
        ws.write(5, note, SOURCE.replace("Source:", "Figure source:"), st.note)
    return sized_names(book, len(tickers), 0 if frame is None else len(frame), rows)


def sized_names(book: Book, columns: int, filled: int, rows: int) -> tuple[Sized, Sized]:
    """Define ``Prices_Rows``, ``Prices_Dates`` and ``Prices_Table``; return the last two.

    ``Prices_Rows`` counts the dates in rows 2 to `rows` + 1 (dates are numbers; at least
    1, so an empty sheet still gives a dates range and a table of the same height), and
    the two ranges reach down to that row: ``INDEX(area,1):INDEX(area,n)``, a reference
    that every Excel version evaluates, and not volatile. Excel then hands the functions
    the rows that hold data, not every reserved row, and the ranges follow rows added by
    hand or by Refresh prices.

    Parameters
    ----------
    columns : int
        Tickers in the header (columns B onwards).
    filled : int
        Price rows written now (the bounds the cached values are computed from).
    rows : int
        Price rows the ranges may grow to.
    """
    dates = Cells(PRICES_SHEET, 1, 0, rows, 0, qualified=True).text
    table = Cells(PRICES_SHEET, 0, 1, rows, columns, qualified=True).text
    book.define_name(ROWS_NAME, f"=MAX(1,COUNT({dates}))")
    book.define_name("Prices_Dates", f"=INDEX({dates},1):INDEX({dates},{ROWS_NAME})")
    book.define_name("Prices_Table", f"=INDEX({table},1,1):INDEX({table},{ROWS_NAME}+1,{columns})")
    n = max(1, min(filled, rows))  # what COUNT finds among the rows the names read
    how = {"qualified": True, "last": rows}
    return (
        Sized(PRICES_SHEET, 1, 0, n, 0, name="Prices_Dates", **how),
        Sized(PRICES_SHEET, 0, 1, n, columns, name="Prices_Table", **how),
    )
