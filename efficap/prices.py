"""Reading and checking daily price histories.

Implements

- :func:`read_prices` -- load a folder of ``<TICKER>.csv`` files, one CSV
  (``Date,Close`` or wide ``Date,TICK1,TICK2,...``) or an ``.xlsx`` workbook
  into the canonical *prices* frame.
- :func:`validate_prices` -- apply the same checks to a DataFrame a user built.
- :func:`download_prices` -- fetch adjusted closes with the optional
  ``yfinance`` extra (``pip install 'efficap[download]'``).

The canonical *prices* frame has a tz-naive, midnight-normalized, sorted,
unique :class:`~pandas.DatetimeIndex` named ``"Date"`` and one float column per
upper-case ticker. Values are total-return (dividend-adjusted) closes, so only
ratios of closes matter; NaN means the fund has no close that day (before its
first price, or a day it did not trade).

Every problem is reported as a :class:`~efficap.errors.PriceDataError` (or
:class:`~efficap.errors.UnknownTickerError`) whose short message names the
file and the line or date at fault: unreadable, duplicate or ambiguous dates
(day/month text is decided by the whole column, see :mod:`efficap._price_table`),
blank or non-positive closes, a ticker in two columns or asked for twice.

What may be wrong but is not refused -- NYSE trading days without a close, closes on
days the NYSE was closed, a one-day move reversed the next day (a bad print) -- is
reported as a :class:`~efficap.pricecheck.PriceWarning` naming fund and date, by every
reader here (see :mod:`efficap.pricecheck`).
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from efficap._price_table import DATE, assemble, clean_tickers, find_date_column, outer_join
from efficap.dates import parse_date
from efficap.errors import DateError, PriceDataError, UnknownTickerError
from efficap.pricecheck import warn_prices

__all__ = ["download_prices", "read_prices", "validate_prices"]

_PANDAS = tuple(int(part) for part in re.findall(r"\d+", pd.__version__)[:2])
#: Every close exactly as written. Before pandas 3.1 the default C parser (3.0.2 is
#: Pyodide's) read 17-digit closes such as 92.08270263671875 one unit in the last place
#: off; 3.1 reads them exactly by default and deprecates the option.
_EXACT_FLOATS: dict[str, Any] = {"float_precision": "round_trip"} if _PANDAS < (3, 1) else {}


def read_prices(
    path: str | os.PathLike[str],
    tickers: Iterable[str] | str | None = None,
    sheet: str | int | None = None,
) -> pd.DataFrame:
    """Read daily total-return closes into a prices frame.

    Parameters
    ----------
    path : str or path-like
        One of

        - a folder of ``<TICKER>.csv`` files, each with columns ``Date,Close``;
        - one CSV file, either ``Date,Close`` (the ticker is the file name
          without ``.csv``) or wide ``Date,TICK1,TICK2,...``;
        - an ``.xlsx`` workbook in the wide layout (``Date`` then one column
          per ticker) on `sheet`.
    tickers : str or iterable of str, optional
        Keep only these tickers, in this order (case-insensitive).
    sheet : str or int, optional
        Worksheet name or 0-based position of an ``.xlsx`` workbook; the first
        sheet by default. Ignored for CSV input.

    Returns
    -------
    pandas.DataFrame
        Index ``Date`` (sorted, unique, tz-naive, midnight); one float column
        per upper-case ticker holding dividend-adjusted closes (price units,
        only ratios matter); NaN where a fund has no close that day.

    Raises
    ------
    PriceDataError
        If the path does not exist or a file is malformed: no ``Date`` column,
        no rows, an unparseable or duplicate date, a blank close in a
        ``Date,Close`` file, a non-numeric or non-positive price.
    UnknownTickerError
        If a requested ticker is not in the data.

    Warns
    -----
    PriceWarning
        For each fund with NYSE trading days missing, closes on closed days, or a
        suspicious one-day move (:mod:`efficap.pricecheck`); the prices are returned.
    """
    path = Path(path)
    wanted = _ticker_list(tickers)
    if path.is_dir():
        frame = _read_folder(path, wanted)
    elif path.is_file():
        suffix = path.suffix.lower()
        if suffix in (".xlsx", ".xlsm"):
            frame = _read_xlsx(path, sheet)
        elif suffix in (".csv", ".txt"):
            frame = _read_csv(path)
        else:
            raise PriceDataError(f"{path.name}: read .csv or .xlsx files, or a folder of CSVs.")
    else:
        raise PriceDataError(f"No such file or folder: {path}.")
    if wanted is not None:
        frame = _select(frame, wanted)
    warn_prices(frame, None if path.is_dir() else path.name)
    return frame


def validate_prices(prices: pd.DataFrame | pd.Series) -> pd.DataFrame:
    """Check a user-built price frame and return it in canonical form.

    Parameters
    ----------
    prices : pandas.DataFrame or pandas.Series
        Closes (price units) indexed by date, or with the dates in a column
        named ``Date`` (case-insensitive); one column per ticker. A Series is
        treated as one fund named after the Series.

    Returns
    -------
    pandas.DataFrame
        A new frame: float columns with upper-case tickers, index ``Date``
        sorted ascending, tz-naive and normalized to midnight.

    Raises
    ------
    PriceDataError
        On no rows or columns, missing or unparseable dates, duplicate dates,
        non-numeric, infinite or non-positive prices, a ticker with no prices,
        or a blank or repeated ticker header.
    """
    if isinstance(prices, pd.Series):
        if prices.name is None:
            raise PriceDataError("Prices: name the Series after its ticker.")
        prices = prices.to_frame()
    if not isinstance(prices, pd.DataFrame):
        raise PriceDataError(f"Prices must be a table of closes, got {type(prices).__name__}.")
    frame = prices
    date_col = find_date_column(frame.columns)
    if date_col is not None:
        dates = frame[date_col]
        values = frame.drop(columns=[date_col])
    elif isinstance(frame.index, pd.DatetimeIndex) or (
        isinstance(frame.index.name, str) and frame.index.name.strip().lower() == "date"
    ):
        dates = frame.index.to_series()
        values = frame
    else:
        raise PriceDataError("Prices: no Date column (or date index) found.")
    out = assemble(
        dates.reset_index(drop=True), values, source="Prices", first_row=1, row_word="row"
    )
    warn_prices(out)
    return out


def download_prices(
    tickers: Iterable[str] | str,
    start: Any = None,
    end: Any = None,
) -> pd.DataFrame:
    """Download daily dividend-adjusted closes with ``yfinance``.

    Needs the optional extra: ``pip install 'efficap[download]'``.

    Parameters
    ----------
    tickers : str or iterable of str
        Tickers to fetch.
    start, end : date-like, optional
        First and last calendar day wanted (inclusive); the provider's full
        history and latest close by default.

    Returns
    -------
    pandas.DataFrame
        A canonical prices frame (see :func:`read_prices`): adjusted closes in
        price units, one column per requested ticker.

    Raises
    ------
    PriceDataError
        If ``yfinance`` is not installed, the download fails (e.g. offline),
        or a ticker comes back without prices.
    """
    wanted = _ticker_list(tickers)
    if not wanted:
        raise PriceDataError("No tickers to download.")
    try:
        import yfinance
    except ImportError:
        raise PriceDataError(
            "Downloading prices needs the optional extra: pip install 'efficap[download]'"
        ) from None
    end_arg = None
    if end is not None:
        end_arg = (_to_timestamp(end, "End date") + pd.Timedelta(days=1)).strftime("%Y-%m-%d")
    start_arg = None if start is None else _to_timestamp(start, "Start date").strftime("%Y-%m-%d")
    names = ", ".join(wanted)
    try:
        raw = yfinance.download(
            wanted,
            start=start_arg,
            end=end_arg,
            auto_adjust=True,
            actions=False,
            progress=False,
            group_by="column",
        )
    except Exception as exc:  # network, parsing and provider errors all land here
        raise PriceDataError(f"Could not download prices for {names} (offline?): {exc}") from None
    if raw is None or len(raw) == 0:
        raise PriceDataError(f"Could not download prices for {names} (offline or no data).")
    closes = raw["Close"] if "Close" in raw.columns.get_level_values(0) else raw
    if isinstance(closes, pd.Series):
        closes = closes.to_frame(wanted[0])
    closes = closes.copy()
    closes.columns = [str(c).upper() for c in closes.columns]
    missing = [t for t in wanted if t not in closes.columns or closes[t].isna().all()]
    if missing:
        raise PriceDataError(f"No prices downloaded for {', '.join(missing)}.")
    closes = closes[wanted]
    closes.index = pd.DatetimeIndex(closes.index)
    if closes.index.tz is not None:
        closes.index = closes.index.tz_localize(None)
    closes = closes.dropna(how="all")
    closes.index.name = DATE
    return validate_prices(closes)


# --------------------------------------------------------------------------- readers


def _read_folder(folder: Path, wanted: list[str] | None) -> pd.DataFrame:
    files = sorted(
        (p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".csv"),
        key=lambda p: p.name.upper(),
    )
    if not files:
        raise PriceDataError(f"{folder.name}: no .csv files in the folder.")
    by_stem = {p.stem.strip().upper(): p for p in files}
    if wanted is not None and all(t in by_stem for t in wanted):
        files = [by_stem[t] for t in wanted]  # read only what was asked for
    frames = [_read_csv(p) for p in files]
    seen: dict[str, str] = {}
    for p, f in zip(files, frames, strict=True):
        for col in f.columns:
            if col in seen:
                raise PriceDataError(f"{col} appears in both {seen[col]} and {p.name}.")
            seen[col] = p.name
    return outer_join(frames)


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        header = pd.read_csv(path, nrows=0, encoding="utf-8-sig", skipinitialspace=True).columns
        with open(path, encoding="utf-8-sig", newline="") as f:
            written = next(csv.reader(f, skipinitialspace=True), [])
    except pd.errors.EmptyDataError:
        raise PriceDataError(f"{path.name}: the file is empty.") from None
    except (UnicodeDecodeError, pd.errors.ParserError, csv.Error) as exc:
        raise PriceDataError(f"{path.name}: not a readable CSV ({exc}).") from None
    date_col = find_date_column(header)
    if date_col is None:
        raise PriceDataError(f"{path.name}: no Date column (found {', '.join(map(str, header))}).")
    # pandas renames a repeated header (IVV, IVV.1): check the header as written.
    clean_tickers([h for h in written if h.strip().lower() != "date"], path.name)
    value_cols = [c for c in header if c != date_col]
    single = len(value_cols) == 1 and str(value_cols[0]).strip().lower() == "close"
    read_kw: dict[str, Any] = {
        "encoding": "utf-8-sig",
        "skip_blank_lines": False,
        "skipinitialspace": True,
        **_EXACT_FLOATS,
    }
    try:
        # Fast path: explicit dtypes; anything unparseable falls back to text.
        raw = pd.read_csv(
            path,
            dtype=dict.fromkeys(value_cols, "float64"),
            parse_dates=[date_col],
            date_format="ISO8601",
            **read_kw,
        )
    except pd.errors.ParserError as exc:
        raise PriceDataError(f"{path.name}: not a readable CSV ({exc}).") from None
    except (ValueError, TypeError):
        raw = pd.read_csv(path, dtype=str, **read_kw)
    blank = raw.isna().all(axis=1)
    lines = np.arange(len(raw)) + 2  # header is line 1
    if blank.any():
        keep = ~blank.to_numpy()
        raw = raw.loc[keep]
        lines = lines[keep]
    values = raw[value_cols]
    if single:
        values = values.set_axis([path.stem], axis=1)
    return assemble(
        raw[date_col],
        values,
        source=path.name,
        first_row=2,
        row_word="line",
        row_numbers=lines,
        blank_is_error=single,
    )


def _read_xlsx(path: Path, sheet: str | int | None) -> pd.DataFrame:
    try:
        book = pd.ExcelFile(path, engine="openpyxl")
    except Exception as exc:
        raise PriceDataError(f"{path.name}: not a readable workbook ({exc}).") from None
    with book:
        names = book.sheet_names
        if sheet is None:
            sheet = 0
        if isinstance(sheet, str):
            match = [n for n in names if n.strip().lower() == sheet.strip().lower()]
            if not match:
                raise PriceDataError(
                    f"{path.name}: no sheet named {sheet!r} (sheets: {', '.join(names)})."
                )
            sheet = match[0]
        elif not 0 <= int(sheet) < len(names):
            raise PriceDataError(f"{path.name}: no sheet {sheet} (it has {len(names)}).")
        raw = pd.read_excel(book, sheet_name=sheet, header=0)
        written = pd.read_excel(book, sheet_name=sheet, header=None, nrows=1).iloc[0].tolist()
    label = f"{path.name}[{sheet if isinstance(sheet, str) else names[int(sheet)]}]"
    date_col = find_date_column(raw.columns)
    if date_col is None:
        raise PriceDataError(f"{label}: no Date column in the first row.")
    # pandas renames a repeated header (IVV, IVV.1): check the header as written.
    clean_tickers([h for h in written if str(h).strip().lower() != "date"], label)
    lines = np.arange(len(raw)) + 2
    blank = raw.isna().all(axis=1).to_numpy()
    raw, lines = raw.loc[~blank], lines[~blank]
    return assemble(
        raw[date_col],
        raw.drop(columns=[date_col]),
        source=label,
        first_row=2,
        row_word="row",
        row_numbers=lines,
    )


def _ticker_list(tickers: Iterable[str] | str | None) -> list[str] | None:
    if tickers is None:
        return None
    if isinstance(tickers, str):
        tickers = tickers.replace(";", ",").split(",")
    out: list[str] = []
    for t in tickers:
        if not isinstance(t, str):
            raise UnknownTickerError(f"Ticker must be text, got {t!r}.")
        name = t.strip().upper()
        if name in out:
            raise PriceDataError(f"Tickers: {name} is listed twice; list each fund once.")
        if name:
            out.append(name)
    if not out:
        raise UnknownTickerError("No tickers given.")
    return out


def _select(frame: pd.DataFrame, wanted: list[str]) -> pd.DataFrame:
    missing = [t for t in wanted if t not in frame.columns]
    if missing:
        raise UnknownTickerError(
            f"No prices for {', '.join(missing)} (available: {', '.join(frame.columns)})."
        )
    out = frame[wanted]
    # Drop leading/trailing dates where none of the selected funds has a close.
    has_any = out.notna().any(axis=1).to_numpy()
    if not has_any.all():
        out = out.loc[has_any]
    return out


def _to_timestamp(value: Any, what: str) -> pd.Timestamp:
    """A date the user gave, read by :func:`efficap.dates.parse_date` (one rule)."""
    try:
        return parse_date(value, what)
    except DateError as exc:
        raise PriceDataError(str(exc)) from None
