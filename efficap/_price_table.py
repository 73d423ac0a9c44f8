"""Validating a raw table of dates and closes into the canonical prices frame.

Implements
----------
- :func:`assemble` -- raw dates + value columns -> the canonical frame, or a
  :class:`~efficap.errors.PriceDataError` naming the source and the line or row.
- :func:`parse_date_column` -- a column of dates: date cells, Excel serial numbers, ISO
  text, and numeric day/month text decided for the whole column (below).
- :func:`clean_tickers`, :func:`find_date_column` -- the header row.
- :func:`outer_join` -- price frames side by side on the union of their dates.

**Day/month text.** Dates such as ``13/04/2026`` are a file format, read by the whole
column: when some first field is above 12 the column is day/month, when some second
field is, month/day; a column where both happen is refused, and so is one where neither
does (``03/04/2026`` alone could be March 4 or 3 April), with a message asking for ISO
dates. Two-digit years are refused. Other text goes through
:func:`efficap.dates.parse_date`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from efficap.dates import parse_date
from efficap.errors import DateError, PriceDataError

__all__ = [
    "DATE",
    "assemble",
    "clean_tickers",
    "find_date_column",
    "outer_join",
    "parse_date_column",
]

DATE = "Date"
_DAY_MONTH = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$")


def assemble(
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
    tickers = clean_tickers(values.columns, source)

    dates = parse_date_column(raw_dates, source, row_word, row_numbers)
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
    out = pd.DataFrame(arr, index=pd.DatetimeIndex(dates, name=DATE), columns=tickers)
    out.columns.name = None
    return out


def outer_join(frames: list[pd.DataFrame]) -> pd.DataFrame:
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
    return pd.DataFrame(out, index=pd.DatetimeIndex(union, name=DATE), columns=columns)


def parse_date_column(
    raw: pd.Series, source: str, row_word: str, row_numbers: np.ndarray
) -> pd.DatetimeIndex:
    """Read a column of dates; refuse the first unreadable one, naming its row.

    Parameters
    ----------
    raw : pandas.Series
        Date cells, Excel serial day numbers, or text (see the module docstring).
    source, row_word : str
        How messages name the file and its rows ("X.csv", "line").
    row_numbers : numpy.ndarray
        The row number of each value, for messages.

    Returns
    -------
    pandas.DatetimeIndex
        Midnight, tz-naive, in the order given.

    Raises
    ------
    PriceDataError
        On a blank, unreadable or impossible date, and on day/month text the column
        does not decide (or decides both ways).
    """
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
            parsed = _mixed_text(as_text, source, row_word, row_numbers)
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


def _mixed_text(
    text: pd.Series, source: str, row_word: str, row_numbers: np.ndarray
) -> pd.DatetimeIndex:
    """Text dates that are not all ISO: day/month text by the column, the rest one by one."""
    parsed = pd.to_datetime(text, format="ISO8601", errors="coerce").to_numpy().copy()
    todo = [i for i in np.flatnonzero(pd.isna(parsed)) if not _blank(text.iloc[i])]
    numeric = {i: m for i in todo if (m := _DAY_MONTH.match(str(text.iloc[i])))}
    if numeric:
        day_first = _column_order(numeric, text, source, row_word, row_numbers)
        for i, match in numeric.items():
            a, b, year = (int(g) for g in match.groups())
            day, month = (a, b) if day_first else (b, a)
            try:
                parsed[i] = np.datetime64(pd.Timestamp(year, month, day), "ns")
            except ValueError:
                pass  # left NaT: reported as "not a date" with its row
    for i in todo:
        if i in numeric:
            continue
        try:
            parsed[i] = parse_date(text.iloc[i], "date").to_datetime64()
        except DateError as exc:
            raise PriceDataError(f"{source} {row_word} {row_numbers[i]}: {exc}") from None
    return pd.DatetimeIndex(parsed)


def _column_order(
    numeric: dict[int, re.Match[str]],
    text: pd.Series,
    source: str,
    row_word: str,
    row_numbers: np.ndarray,
) -> bool:
    """True when the column's d/m/yyyy text is day-first, False when month-first."""
    day_first = [i for i, m in numeric.items() if int(m.group(1)) > 12]
    month_first = [i for i, m in numeric.items() if int(m.group(2)) > 12]

    def where(i: int) -> str:
        return f"{str(text.iloc[i]).strip()} on {row_word} {row_numbers[i]}"

    if day_first and month_first:
        raise PriceDataError(
            f"{source}: dates mix day/month ({where(day_first[0])}) and month/day "
            f"({where(month_first[0])}); write them as YYYY-MM-DD."
        )
    if not day_first and not month_first:
        first = next(iter(numeric))
        raise PriceDataError(
            f"{source}: dates such as {where(first)} can be day/month or month/day and "
            "none decides; write them as YYYY-MM-DD."
        )
    return bool(day_first)


def _blank(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, float) and np.isnan(value))
        or (isinstance(value, str) and not value.strip())
    )


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


def clean_tickers(columns: Sequence[Any], source: str) -> list[str]:
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


def find_date_column(columns: Iterable[Any]) -> Any:
    for col in columns:
        if isinstance(col, str) and col.strip().lower() == "date":
            return col
    return None
