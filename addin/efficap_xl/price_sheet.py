"""Loading price histories into a workbook's price sheet (the *Refresh prices* button).

Implements :func:`refresh`, the body of :func:`efficap_xl.actions.refresh_prices`.

Which sheet: the first of ``Prices``, ``Prices (2)``, ... that efficap laid out (it
carries the marker cell of :mod:`efficap_xl.layout` in row 1); if a sheet of such a
name is someone else's, the next name is tried, and the first free one is added. A
sheet efficap did not lay out is never written to, and the user is told where the
prices went instead.

Layout written: row 1 ``Date`` then one ticker per column, one row per date from row 2,
one blank column, then the marker and a short note (kept if already there). If row 1
already names tickers, those are loaded in that order (an error if the files lack one);
otherwise every ticker of the files, as many as fit before the marker. Old rows below
the new data, in the table's columns, are cleared; nothing else is touched. What the
price checks find (:class:`efficap.pricecheck.PriceWarning`: gaps, bad prints, probable
unadjusted splits) is shown in one message after loading; the prices are loaded anyway.
"""

from __future__ import annotations

import importlib.util
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from efficap.pricecheck import PriceWarning
from efficap_xl.books import ActionError, Workbook, cell_address, is_blank, range_address
from efficap_xl.layout import PRICES_MARKER, PRICES_SHEET, is_marker

__all__ = ["NOTE", "refresh"]

NOTE = (
    "Written by Refresh prices (efficap ribbon): Date, then one column of total-return "
    "closes per ticker. Refreshing rewrites the table and leaves this note alone."
)
_MAX_COLUMNS = 50  # row-1 cells searched for tickers and the marker
_MAX_SHEETS = 50


def _marker_column(book: Workbook, sheet: str) -> int | None:
    """The (1-based) column of the marker in row 1 of `sheet`, None if it has none."""
    head = book.get_values(sheet, range_address(1, 1, 1, _MAX_COLUMNS))[0]
    return next((j for j, value in enumerate(head, start=1) if is_marker(value)), None)


def _target(book: Workbook) -> tuple[str, int | None, str | None]:
    """(sheet to write, its marker column or None for a new sheet, the user's sheet passed over)."""
    existing = {name.lower(): name for name in book.sheet_names()}
    skipped = None
    for i in range(1, _MAX_SHEETS + 1):
        name = PRICES_SHEET if i == 1 else f"{PRICES_SHEET} ({i})"
        actual = existing.get(name.lower())
        if actual is None:
            return name, None, skipped
        marker = _marker_column(book, actual)
        if marker is not None:
            return actual, marker, skipped
        skipped = skipped or actual
    raise ActionError(f"No free sheet name after {PRICES_SHEET} ({_MAX_SHEETS}).")


def _header_tickers(book: Workbook, sheet: str) -> list[str]:
    head = book.get_values(sheet, range_address(1, 1, 1, _MAX_COLUMNS))[0]
    if not (isinstance(head[0], str) and head[0].strip().lower() == "date"):
        return []
    names = []
    for value in head[1:]:
        if is_blank(value) or is_marker(value):
            break
        names.append(str(value).strip().upper())
    return names


def can_download() -> bool:
    """Whether the optional download extra (yfinance) is installed."""
    return importlib.util.find_spec("yfinance") is not None


def _load(paths: Sequence[str], wanted: list[str] | None) -> Any:
    from efficap.prices import read_prices

    if len(paths) == 1:
        return read_prices(paths[0], tickers=wanted)
    files = [Path(p) for p in paths]
    if any(f.suffix.lower() != ".csv" for f in files) or len({f.parent for f in files}) != 1:
        raise ActionError(
            "Pick one CSV or XLSX file, or several TICKER.csv files from the same folder."
        )
    return read_prices(files[0].parent, tickers=wanted or [f.stem.upper() for f in files])


def refresh(book: Workbook, paths: Sequence[str] | None = None) -> Any:
    """Load price histories into the price sheet (see the module docstring).

    Parameters
    ----------
    paths : sequence of str, optional
        One CSV (``Date,Close`` or wide) or XLSX file, or several ``TICKER.csv`` files
        of one folder. When not given and the sheet already names its tickers, with the
        download extra installed (``pip install 'efficap[download]'``), the user is first
        asked whether to download them instead; otherwise (or on "No") asked for files.
        Cancelling does nothing.

    Returns
    -------
    pandas.DataFrame or None
        The prices written (None if cancelled).
    """
    sheet, marker, skipped = _target(book)
    wanted = (_header_tickers(book, sheet) or None) if marker is not None else None
    prices = None
    if paths is None and wanted and can_download():
        question = (
            f"Download daily closes for {', '.join(wanted)} (Yahoo Finance, via yfinance)? "
            "No: pick price files instead."
        )
        if book.confirm(question):
            from efficap.prices import download_prices

            prices = download_prices(wanted)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", PriceWarning)
        if prices is None:
            if paths is None:
                paths = book.ask_paths("Price histories: a CSV or XLSX file, or several TICKER.csv")
            if not paths:
                return None
            prices = _load(list(paths), wanted)
    _write(book, sheet, marker, len(wanted or ()), prices)
    found = [str(w.message) for w in caught if issubclass(w.category, PriceWarning)]
    if found:  # the checks of efficap.pricecheck: loaded anyway, but worth a look
        book.alert("Prices loaded; check them:\n" + "\n".join(found))
    if skipped is not None:
        book.alert(
            f"Sheet '{skipped}' was not laid out by efficap, so it was left as it is; the "
            f"prices are in sheet '{sheet}'. Point your formulas at it."
        )
    return prices


def _write(book: Workbook, sheet: str, marker: int | None, old_tickers: int, prices: Any) -> None:
    """Write `prices` from A1 of `sheet` (added if `marker` is None), clearing old rows."""
    tickers = list(prices.columns)
    rows: list[list[Any]] = [["Date", *tickers]]
    for day, values in zip(prices.index, prices.to_numpy().tolist(), strict=True):
        rows.append([day.to_pydatetime(), *(None if v != v else float(v) for v in values)])
    if marker is None:
        book.add_sheet(sheet)
        book.set_values(sheet, "A1", rows)
        note = len(rows[0]) + 2
        book.set_values(sheet, cell_address(1, note), [[PRICES_MARKER], [NOTE]])
        return
    room = marker - 2  # columns A .. the one before the blank column left of the marker
    if len(rows[0]) > room:
        raise ActionError(
            f"Sheet '{sheet}' has room for {room - 1} ticker(s) before its note; the files "
            f"hold {len(tickers)}. Head columns B on with the tickers you want."
        )
    width = max(1 + old_tickers, len(rows[0]))
    old_last = book.last_row(sheet, 1)
    if old_last > len(rows):
        blank = [[None] * width for _ in range(old_last - len(rows))]
        book.set_values(sheet, cell_address(len(rows) + 1, 1), blank)
    rows = [row + [None] * (width - len(row)) for row in rows]
    book.set_values(sheet, "A1", rows)
