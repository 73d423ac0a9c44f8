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
file and the line or date at fault.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from efficap.errors import PriceDataError, UnknownTickerError

__all__ = ["download_prices", "read_prices", "validate_prices"]

_DATE = "Date"


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
    date_col = _find_date_column(frame.columns)
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
    return _assemble(
        dates.reset_index(drop=True), values, source="Prices", first_row=1, row_word="row"
    )


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
    closes.index.name = _DATE
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
    return _outer_join(frames)


def _outer_join(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Union of the frames' dates, side by side (faster than pandas.concat)."""
    if len(frames) == 1:
        return frames[0]
    stamps = [f.index.to_numpy(dtype="datetime64[ns]") for f in frames]
    union = np.unique(np.concatenate(stamps))
    width = sum(f.shape[1] for f in frames)
    out = np.full((len(union), width), np.nan)
    col = 0
    for f, st in zip(frames, stamps, strict=True):
        rows = np.searchsorted(union, st)
        out[rows, col : col + f.shape[1]] = f.to_numpy()
        col += f.shape[1]
    columns = [c for f in frames for c in f.columns]
    return pd.DataFrame(out, index=pd.DatetimeIndex(union, name=_DATE), columns=columns)


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        header = pd.read_csv(path, nrows=0, encoding="utf-8-sig", skipinitialspace=True).columns
    except pd.errors.EmptyDataError:
        raise PriceDataError(f"{path.name}: the file is empty.") from None
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise PriceDataError(f"{path.name}: not a readable CSV ({exc}).") from None
    date_col = _find_date_column(header)
    if date_col is None:
        raise PriceDataError(f"{path.name}: no Date column (found {', '.join(map(str, header))}).")
    value_cols = [c for c in header if c != date_col]
    single = len(value_cols) == 1 and str(value_cols[0]).strip().lower() == "close"
    read_kw: dict[str, Any] = {
        "encoding": "utf-8-sig",
        "skip_blank_lines": False,
        "skipinitialspace": True,
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
    return _assemble(
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
    label = f"{path.name}[{sheet if isinstance(sheet, str) else names[int(sheet)]}]"
    date_col = _find_date_column(raw.columns)
    if date_col is None:
        raise PriceDataError(f"{label}: no Date column in the first row.")
    lines = np.arange(len(raw)) + 2
    blank = raw.isna().all(axis=1).to_numpy()
    raw, lines = raw.loc[~blank], lines[~blank]
    return _assemble(
        raw[date_col],
        raw.drop(columns=[date_col]),
        source=label,
        first_row=2,
        row_word="row",
        row_numbers=lines,
    )


# --------------------------------------------------------------------------- checks


def _assemble(
    raw_dates: pd.Series,
    values: pd.DataFrame,
    *,
    source: str,
    first_row: int,
    row_word: str,
    row_numbers: np.ndarray | None = None,
    blank_is_error: bool = False,
) -> pd.DataFrame:
    """Validate raw dates + value columns and build the canonical frame."""
    n = len(raw_dates)
    if row_numbers is None:
        row_numbers = np.arange(n) + first_row
    if n == 0:
        raise PriceDataError(f"{source}: no rows of prices.")
    if values.shape[1] == 0:
        raise PriceDataError(f"{source}: no price columns next to the dates.")
    tickers = _clean_tickers(values.columns, source)

    dates = _parse_dates(raw_dates, source, row_word, row_numbers)
    arr = _numeric_block(values, tickers, dates, source, row_word, row_numbers, blank_is_error)

    order = np.argsort(dates.asi8, kind="stable")
    if not (np.diff(dates.asi8) > 0).all():
        sorted_dates = dates[order]
        dup = sorted_dates.duplicated()
        if dup.any():
            day = sorted_dates[dup][0]
            rows = row_numbers[order][np.flatnonzero(sorted_dates == day)]
            where = " and ".join(f"{row_word} {r}" for r in rows[:2])
            raise PriceDataError(f"{source}: date {day:%Y-%m-%d} appears twice ({where}).")
        dates, arr = sorted_dates, arr[order]
    empty = np.isnan(arr).all(axis=0)
    if empty.any():
        raise PriceDataError(f"{source}: {tickers[int(np.flatnonzero(empty)[0])]} has no prices.")
    out = pd.DataFrame(arr, index=pd.DatetimeIndex(dates, name=_DATE), columns=tickers)
    out.columns.name = None
    return out


def _parse_dates(
    raw: pd.Series, source: str, row_word: str, row_numbers: np.ndarray
) -> pd.DatetimeIndex:
    if isinstance(raw.dtype, pd.DatetimeTZDtype):
        parsed = pd.DatetimeIndex(raw).tz_localize(None)
    elif raw.dtype.kind == "M":
        parsed = pd.DatetimeIndex(raw)
    elif raw.dtype.kind in "iuf":
        # Numbers in a date column: Excel serial day numbers (1 = 1900-01-01).
        serial = raw.to_numpy(dtype=float)
        ok = (serial >= 1) & (serial < 2958466) & (serial == np.floor(serial))
        parsed = pd.DatetimeIndex(
            np.where(ok, pd.Timestamp("1899-12-30").to_datetime64(), np.datetime64("NaT"))
            + np.where(ok, serial, 0).astype("timedelta64[D]")
        )
    else:
        as_text = raw.astype(object)
        try:
            parsed = pd.DatetimeIndex(pd.to_datetime(as_text, format="ISO8601"))
        except (ValueError, TypeError):
            parsed = pd.DatetimeIndex(pd.to_datetime(as_text, format="ISO8601", errors="coerce"))
            bad = np.flatnonzero(parsed.isna())
            if bad.size:
                retry = pd.to_datetime(as_text.iloc[bad], format="mixed", errors="coerce")
                fixed = parsed.to_numpy().copy()
                fixed[bad] = retry.to_numpy()
                parsed = pd.DatetimeIndex(fixed)
        if parsed.tz is not None:
            parsed = parsed.tz_localize(None)
    missing = np.flatnonzero(parsed.isna())
    if missing.size:
        i = int(missing[0])
        shown = raw.iloc[i]
        what = "has no date" if pd.isna(shown) else f"date {shown!r} is not a date"
        raise PriceDataError(f"{source} {row_word} {row_numbers[i]}: {what}.")
    stamps = parsed.to_numpy().astype("datetime64[ns]")
    days = stamps.astype("datetime64[D]")
    if (days != stamps).any():
        stamps = days.astype("datetime64[ns]")
    return pd.DatetimeIndex(stamps)


def _numeric_block(
    values: pd.DataFrame,
    tickers: list[str],
    dates: pd.DatetimeIndex,
    source: str,
    row_word: str,
    row_numbers: np.ndarray,
    blank_is_error: bool,
) -> np.ndarray:
    cols = []
    for j in range(values.shape[1]):
        series = values.iloc[:, j]
        if series.dtype.kind in "fiu":
            num = series.to_numpy(dtype=float)
            if blank_is_error and np.isnan(num).any():
                i = int(np.flatnonzero(np.isnan(num))[0])
                raise PriceDataError(
                    f"{source} {row_word} {row_numbers[i]} ({dates[i]:%Y-%m-%d}): "
                    f"no close for {tickers[j]}."
                )
        elif series.dtype.kind == "b":
            raise PriceDataError(f"{source}: {tickers[j]} holds TRUE/FALSE, not prices.")
        else:
            text = series.astype(object)
            blank = text.isna().to_numpy() | text.map(
                lambda v: isinstance(v, str) and not v.strip()
            ).to_numpy(dtype=bool)
            coerced = pd.to_numeric(text.where(~blank, None), errors="coerce").to_numpy(dtype=float)
            bad = np.flatnonzero(np.isnan(coerced) & ~blank)
            if bad.size:
                i = int(bad[0])
                raise PriceDataError(
                    f"{source} {row_word} {row_numbers[i]} ({dates[i]:%Y-%m-%d}): "
                    f"{tickers[j]} close {text.iloc[i]!r} is not a number."
                )
            if blank_is_error and blank.any():
                i = int(np.flatnonzero(blank)[0])
                raise PriceDataError(
                    f"{source} {row_word} {row_numbers[i]} ({dates[i]:%Y-%m-%d}): "
                    f"no close for {tickers[j]}."
                )
            num = coerced
        cols.append(num)
    arr = np.column_stack(cols) if len(cols) > 1 else cols[0].reshape(-1, 1)
    with np.errstate(invalid="ignore"):
        bad_mask = ~np.isnan(arr) & ~(np.isfinite(arr) & (arr > 0))
    if bad_mask.any():
        i, j = (int(k[0]) for k in np.nonzero(bad_mask))
        kind = "not positive" if np.isfinite(arr[i, j]) else "not finite"
        raise PriceDataError(
            f"{source} {row_word} {row_numbers[i]} ({dates[i]:%Y-%m-%d}): "
            f"{tickers[j]} close {arr[i, j]:g} is {kind}."
        )
    return np.ascontiguousarray(arr, dtype=float)


def _clean_tickers(columns: Sequence[Any], source: str) -> list[str]:
    out: list[str] = []
    for k, col in enumerate(columns):
        name = "" if col is None else str(col).strip()
        if not name or name.lower().startswith("unnamed:"):
            raise PriceDataError(f"{source}: price column {k + 1} has no ticker in its header.")
        name = name.upper()
        if name in out:
            raise PriceDataError(f"{source}: ticker {name} appears in two columns.")
        out.append(name)
    return out


def _find_date_column(columns: Iterable[Any]) -> Any:
    for col in columns:
        if isinstance(col, str) and col.strip().lower() == "date":
            return col
    return None


def _ticker_list(tickers: Iterable[str] | str | None) -> list[str] | None:
    if tickers is None:
        return None
    if isinstance(tickers, str):
        tickers = tickers.replace(";", ",").split(",")
    out: list[str] = []
    for t in tickers:
        if not isinstance(t, str):
            raise UnknownTickerError(f"Ticker must be text, got {t!r}.")
        if t.strip() and t.strip().upper() not in out:
            out.append(t.strip().upper())
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
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError):
        raise PriceDataError(f"{what} {value!r} is not a date.") from None
    if stamp is pd.NaT or pd.isna(stamp):
        raise PriceDataError(f"{what} is blank.")
    if stamp.tz is not None:
        stamp = stamp.tz_localize(None)
    return stamp.normalize()
