"""Tables from Excel ranges: prices, weights tables and fund catalogs as the core takes them.

Excel-range shapes end here: the core receives pandas objects and dicts, never
lists of rows. Excel's own encodings end here too: serial-number dates, Decimal
(Currency) cells and error codes.

Implements
----------
- :func:`prices` -- a dates column and a price range (header row of tickers) -> the
  canonical prices frame (``Date`` index, one float column per ticker).
- :func:`weights_table` -- a blends table (corner cell, tickers; name, weights per
  row) -> blend name -> (ticker -> weight).
- :func:`header` -- a header row of tickers, refusing blanks and repeats.
- :func:`catalog`, :func:`catalog_path`, :func:`catalog_frame` -- a catalog
  argument -> nothing (the built-in catalog), a file path, or a
  :class:`pandas.DataFrame` for :func:`efficap.catalog.load_catalog`.

The funds a function uses are picked from a price range by its header, never by
position: a weights table naming NTSI gets the NTSI column wherever it is.
"""

from __future__ import annotations

import datetime as dt
from itertools import chain
from typing import Any

import numpy as np
import pandas as pd

from efficap.bounds import check_plausible
from efficap.catalog import DATE_FACTS, FACT_COLUMNS, resolve_field
from efficap.errors import CatalogError, EfficapError
from efficap_xl import cells
from efficap_xl.cells import InputError
from efficap_xl.ranges import as_rows, grid, vector

__all__ = ["catalog", "catalog_frame", "catalog_path", "header", "prices", "weights_table"]

_CATALOG_FILES = (".csv", ".xlsx", ".xlsm", ".xls")
_CATALOG_ROWS_HINT = "select the header row and at least one fund row"
_NO_CLASSES = pd.DataFrame(columns=list(FACT_COLUMNS))  # resolves fact headers only


def _date_column(value: Any, rows: int) -> pd.DatetimeIndex:
    vec = vector(value, "Dates")
    items = vec.values
    if len(items) == rows + 1 and cells.kind(items[0]) in ("blank", "text"):
        items = items[1:]  # the dates' header cell ("Date") was selected too
    elif len(items) < rows and vec.size >= rows:
        items = items + [None] * (rows - len(items))
    if len(items) != rows:
        raise InputError(f"{len(items)} dates but {rows} rows of prices below the header.")
    types = set(map(type, items))
    if types == {dt.datetime}:  # the usual case: whole columns of date cells
        stamps = pd.DatetimeIndex(items).normalize()
    elif types <= {float, int} and cells.serials_are_dates(items):
        # Excel serial numbers: as date cells reach xlwings Lite (whole ones as ints)
        stamps = cells.serials_to_index(items)
    else:
        stamps = pd.DatetimeIndex(
            [cells.date_cell(v, f"Date {i}") for i, v in enumerate(items, start=1)]
        )
    stamps = pd.DatetimeIndex(stamps, freq=None).as_unit("ns")
    steps = np.diff(stamps.asi8)
    if (steps <= 0).any():
        i = int(np.flatnonzero(steps <= 0)[0]) + 1
        if steps[i - 1] == 0:
            raise InputError(f"Date {i + 1} ({stamps[i]:%Y-%m-%d}) repeats date {i}.")
        raise InputError(
            f"Dates must be in ascending order: date {i + 1} ({stamps[i]:%Y-%m-%d}) "
            f"is earlier than date {i} ({stamps[i - 1]:%Y-%m-%d})."
        )
    return stamps


def header(row: list[Any], what: str) -> list[str]:
    """Return a header row of tickers as upper-case text.

    Parameters
    ----------
    row : list
        The header cells.
    what : str
        The table's name for messages ("Prices").

    Returns
    -------
    list of str

    Raises
    ------
    InputError
        On a blank, non-text or error cell, or a ticker that appears twice
        (``"Prices header: IVV appears in columns 1 and 3."``).
    """
    out: list[str] = []
    for j, raw in enumerate(row, start=1):
        where = f"{what} header column {j}"
        cells.check_not_error(raw, where)
        kind = cells.kind(raw)
        if kind == "blank":
            raise InputError(f"{where} has no ticker.")
        if kind != "text":
            raise InputError(f"{where} is {cells.describe(raw)}, not a ticker.")
        ticker = raw.strip().upper()
        if ticker in out:
            raise InputError(
                f"{what} header: {ticker} appears in columns {out.index(ticker) + 1} and {j}."
            )
        out.append(ticker)
    return out


def _without_unused_columns(rows: list[list[Any]]) -> list[list[Any]]:
    """The rows without the columns that hold nothing at all: no ticker, no price (a
    spare column of the range, or the Lab's slot for a fund the Prices sheet lacks)."""
    if not rows or not rows[0]:
        return rows
    unused = {
        j
        for j in range(len(rows[0]))
        if all(cells.is_blank(row[j]) for row in rows if j < len(row))
    }
    if not unused:
        return rows
    kept = [j for j in range(len(rows[0])) if j not in unused]
    return [[row[j] for j in kept] for row in rows]


def _is_header_cell(value: Any) -> bool:
    """Whether the dates column's first cell is its header: blank, or text that is not
    a date ("Date"; "2024-01-02" is a date)."""
    kind = cells.kind(value)
    if kind != "text":
        return kind == "blank"
    try:
        cells.date_cell(value, "Date 1")
    except (InputError, EfficapError):
        return True
    return False


def _with_blank_last_rows(
    body: list[list[Any]], prices_value: Any, dates_value: Any, width: int
) -> list[list[Any]]:
    """The price rows with the blank last rows the range holds put back, as far as there
    are dates for them: the last dates may have no close of any fund given (the range
    reads a few funds of a longer price sheet), which is no price that day, not a
    shorter table."""
    given = as_rows(prices_value)
    dates = vector(dates_value, "Dates").values
    if given is None or not dates or len(dates) <= len(body):
        return body
    wanted = min(len(given) - 1, len(dates) - _is_header_cell(dates[0]))
    return body + [[None] * width for _ in range(wanted - len(body))]


def prices(dates_value: Any, prices_value: Any) -> pd.DataFrame:
    """Return the canonical prices frame of a dates column and a prices range.

    Parameters
    ----------
    dates_value : Any
        A column of dates (date cells, Excel serial numbers or unambiguous date
        text), without its header cell or with it (a text first cell is skipped).
    prices_value : Any
        A 2-D range (``ndim=2``): a header row of tickers, then one row of
        closing prices per date (a growth index, not returns). Blank cells
        mean no price that day (e.g. before a fund's inception); a column with
        no ticker and no price at all is skipped.

    Returns
    -------
    pandas.DataFrame
        Index ``Date`` (ascending), one float column per upper-case ticker,
        NaN where a price is blank.

    Raises
    ------
    InputError
        On a missing header, blank or repeated tickers, dates out of order or
        repeated, counts that do not match, text, Excel errors or non-positive
        numbers among the prices.
    """
    rows = _without_unused_columns(grid(prices_value, "Prices"))
    if len(rows) < 2 or not rows[0]:
        raise InputError("Prices need a header row of tickers and at least one row of prices.")
    columns = header(rows[0], "Prices")
    body = _with_blank_last_rows(rows[1:], prices_value, dates_value, len(columns))
    stamps = _date_column(dates_value, len(body))
    kinds = set(map(type, chain.from_iterable(body)))
    if kinds <= {float, str, type(None)} and str in kinds:  # "" = blank (formula text)
        body = [[None if v == "" else v for v in row] for row in body]
        kinds = set(map(type, chain.from_iterable(body)))
    if kinds <= {float, type(None)}:
        values = np.array(body, dtype=float)  # the usual case; None becomes NaN
    else:
        values = np.empty((len(body), len(columns)))
        for i, row in enumerate(body):
            for j, raw in enumerate(row):
                kind = cells.kind(raw)
                if kind == "blank":
                    values[i, j] = np.nan
                    continue
                where = f"Prices: {columns[j]} on {stamps[i]:%Y-%m-%d}"
                cells.check_not_error(raw, where)
                if kind != "number":
                    raise InputError(f"{where} is {cells.describe(raw)}, not a number.")
                values[i, j] = float(raw)
    with np.errstate(invalid="ignore"):
        wrong = ~np.isnan(values) & ~(np.isfinite(values) & (values > 0))
    if wrong.any():
        i, j = (int(k[0]) for k in np.nonzero(wrong))
        raise InputError(
            f"Prices: {columns[j]} on {stamps[i]:%Y-%m-%d} is {values[i, j]:g}; prices must be "
            "positive (a growth index, not returns)."
        )
    empty = np.isnan(values).all(axis=0)
    if empty.any():
        raise InputError(f"Prices: {columns[int(np.flatnonzero(empty)[0])]} has no prices.")
    return pd.DataFrame(values, index=stamps.rename("Date"), columns=columns)


def weights_table(value: Any) -> dict[str, dict[str, float]]:
    """Return blend name -> (ticker -> weight) from a weights table.

    Parameters
    ----------
    value : Any
        A 2-D range (``ndim=2``): first row = a corner cell (ignored) then one
        ticker per column; each further row = a blend name then its weights.

    Returns
    -------
    dict
        Blends in row order, weights as decimals under the tickers of the header.

    Raises
    ------
    InputError
        On a missing header or blend row, a blank or repeated name or ticker,
        or a bad weight.
    efficap.errors.UnitsError
        On a weight outside -100% to 200% (50 typed for 50%).
    """
    rows = grid(value, "Weights table")
    if len(rows) < 2 or len(rows[0]) < 2:
        raise InputError(
            "Weights table needs a header row of tickers (after a corner cell) and one row "
            "per blend: its name, then its weights."
        )
    columns = header(rows[0][1:], "Weights table")
    blends: dict[str, dict[str, float]] = {}
    for i, row in enumerate(rows[1:], start=2):
        raw = row[0]
        cells.check_not_error(raw, f"Weights table row {i} name")
        kind = cells.kind(raw)
        if kind == "blank":
            raise InputError(f"Weights table row {i} has no blend name.")
        name = raw.strip() if kind == "text" else cells.describe(raw)
        if name in blends:
            raise InputError(f"Weights table: blend '{name}' appears twice.")
        values = []
        for ticker, cell in zip(columns, row[1:], strict=True):
            where = f"Weights table: {name}, {ticker}"
            number = cells.number_cell(cell, where, "; enter 0 for none")
            values.append(check_plausible(number, "weight", where))
        blends[name] = dict(zip(columns, values, strict=True))
    return blends


def catalog_path(rows: list[list[Any]]) -> str | None:
    """Return the file path a one-cell catalog argument holds, else None.

    Parameters
    ----------
    rows : list of list
        The catalog argument as :func:`efficap_xl.ranges.grid` returns it.

    Raises
    ------
    InputError
        On a one-cell range that is neither blank nor the path of a CSV or XLSX file.
    """
    if len(rows) != 1 or len(rows[0]) != 1:
        return None
    only = rows[0][0]
    cells.check_not_error(only, "Catalog")
    if cells.kind(only) == "text":
        text = only.strip()
        if text.lower().endswith(_CATALOG_FILES) or "/" in text or "\\" in text:
            return text
    raise InputError(
        f"Catalog range is one cell ({cells.describe(only)}): {_CATALOG_ROWS_HINT}, "
        "or give the path of a CSV or XLSX file."
    )


def _catalog_error(value: Any, row: int, column: str) -> None:
    error = cells.excel_error(value)
    if error is not None:
        raise InputError(f"Catalog row {row}, {column}: {error}.")


def _is_date_fact(name: str | None) -> bool:
    """Whether a catalog header names a date fact (Inception, Assets as of...)."""
    if name is None:
        return False
    try:
        return resolve_field(_NO_CLASSES, name) in DATE_FACTS
    except CatalogError:  # an asset class or the ticker column
        return False


def _catalog_cell(value: Any, is_date: bool, where: str) -> Any:
    kind = cells.kind(value)
    if kind == "blank":
        return None
    if is_date:  # the one date rule: date cells, Excel serial numbers, unambiguous text
        return f"{cells.date_cell(value, where):%Y-%m-%d}"
    if kind == "number":
        return float(value)  # a Decimal from a Currency cell too
    if kind == "text":
        return value.strip()
    if kind == "date":  # quoted as a user writes it in any message about the cell
        return f"{pd.Timestamp(value):%Y-%m-%d}"
    return value


def catalog_frame(rows: list[list[Any]]) -> pd.DataFrame | None:
    """Return a catalog range as a DataFrame with its header row as columns (None if empty).

    Parameters
    ----------
    rows : list of list
        The catalog argument as :func:`efficap_xl.ranges.grid` returns it: a header
        row (``Ticker`` and fact or asset-class names), then one row per fund.

    Returns
    -------
    pandas.DataFrame or None
        Object columns; blanks as None, numbers as float (Decimals too), text
        stripped, dates as ISO text. In a date column (Inception, Assets as of) every
        cell is read by the one date rule: date cells, Excel serial numbers, and
        unambiguous text (:func:`efficap.dates.parse_date`). The core
        (:func:`efficap.catalog.load_catalog`) reads and checks the facts.

    Raises
    ------
    InputError, efficap.errors.DateError
        On an Excel error in any cell, a header row without fund rows, a header
        cell that is not text, a column with values but no header, or a cell of a
        date column that is not a date.
    """
    if not rows:
        return None
    if len(rows) == 1:
        raise InputError(f"Catalog range has a header row but no funds; {_CATALOG_ROWS_HINT}.")
    names: list[Any] = []
    for j, raw in enumerate(rows[0], start=1):
        _catalog_error(raw, 1, f"column {j}")
        kind = cells.kind(raw)
        if kind not in ("blank", "text"):
            raise InputError(f"Catalog header column {j} is {cells.describe(raw)}, not a name.")
        names.append(raw.strip() if kind == "text" else None)
    for i, row in enumerate(rows[1:], start=2):
        for j, raw in enumerate(row):
            column = names[j] or f"column {j + 1}"
            _catalog_error(raw, i, column)
            if names[j] is None and not cells.is_blank(raw):
                raise InputError(f"Catalog column {j + 1} has values but no header.")
    dates = [_is_date_fact(name) for name in names]
    body = [
        [
            _catalog_cell(v, is_date, f"Catalog row {i}, {name}")
            for v, is_date, name in zip(row, dates, names, strict=True)
        ]
        for i, row in enumerate(rows[1:], start=2)
    ]
    return pd.DataFrame(body, columns=names, dtype=object)


def catalog(value: Any) -> pd.DataFrame | str | None:
    """Return a catalog argument as :func:`efficap.catalog.load_catalog` takes it.

    Parameters
    ----------
    value : Any
        Missing or blank (the built-in catalog), a 2-D range (``ndim=2``) whose
        first row is the header (``Ticker`` and fact or asset-class columns),
        or one cell holding the path of a CSV/XLSX catalog file.

    Returns
    -------
    pandas.DataFrame, str or None
        The range as a DataFrame, the path, or None for the built-in catalog.

    Raises
    ------
    InputError
        As :func:`catalog_path` and :func:`catalog_frame`.
    """
    rows = grid(value, "Catalog")
    return catalog_path(rows) or catalog_frame(rows)
