"""Reading dates written by people: one rule for the command line, Python and Excel.

Implements :func:`parse_date`. Accepted: date and datetime objects (including
pandas and numpy stamps), ISO text (``2026-03-31``, ``2026/03/31``, ``20260331``,
``2026-03-31T00:00``), month names (``31 Mar 2026``, ``March 31, 2026``) and
numeric day/month text only when it cannot be read two ways (``13/04/2026`` is
13 April; ``04/13/2026`` is 13 April). ``03/04/2026`` (March 4 or 3 April?) and
two-digit years are refused with a message that shows the ISO form, never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np
import pandas as pd

from efficap.errors import DateError

__all__ = ["parse_date"]

_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"  # a time of day, dropped
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})" + _TIME + "$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2,4})$")
_HAS_MONTH_NAME = re.compile(r"[A-Za-z]{3,}")
_DAY = re.compile(r"(?<!\d)\d{1,2}(?!\d)")


def _build(year: int, month: int, day: int, text: str, what: str) -> pd.Timestamp:
    try:
        day_ = dt.date(year, month, day)
    except ValueError:
        raise DateError(f"{what} {text!r} is not a real date.") from None
    return pd.Timestamp(day_)


def _numeric(text: str, what: str) -> pd.Timestamp:
    match = _NUMERIC.match(text)
    if match is None:
        raise DateError(f"{what} {text!r} is not a date I can read; write it as YYYY-MM-DD.")
    a, b, year_text = int(match.group(1)), int(match.group(2)), match.group(3)
    if len(year_text) != 4:
        raise DateError(f"{what} {text!r} has a two-digit year; write it as YYYY-MM-DD.")
    year = int(year_text)
    if a > 12 and b <= 12:
        return _build(year, b, a, text, what)  # only day/month fits
    if b > 12 and a <= 12:
        return _build(year, a, b, text, what)  # only month/day fits
    if a == b:
        return _build(year, a, b, text, what)
    if a > 12 and b > 12:
        raise DateError(f"{what} {text!r} is not a real date; write it as YYYY-MM-DD.")
    first = f"{year:04d}-{b:02d}-{a:02d}"
    second = f"{year:04d}-{a:02d}-{b:02d}"
    raise DateError(
        f"{what} {text!r} is ambiguous (day/month or month/day?): write {first} or {second}."
    )


def parse_date(value: Any, what: str = "Date") -> pd.Timestamp:
    """Read one date, refusing anything that could be read two ways.

    Parameters
    ----------
    value : date-like or str
        A date or datetime (its time of day is dropped), or text as described in
        the module docstring.
    what : str, default "Date"
        How messages name the value ("As-of date").

    Returns
    -------
    pandas.Timestamp
        Midnight, time-zone naive.

    Raises
    ------
    DateError
        On a blank, unparseable, impossible or ambiguous date.

    Examples
    --------
    >>> parse_date("13/04/2026")
    Timestamp('2026-04-13 00:00:00')
    >>> parse_date("03/04/2026", "As-of date")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    efficap.errors.DateError: As-of date '03/04/2026' is ambiguous ...: write 2026-04-03 or ...
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        raise DateError(f"{what} is blank.")
    if isinstance(value, (bool, int, float, np.number)):
        raise DateError(f"{what} {value!r} is a number, not a date; write it as YYYY-MM-DD.")
    if isinstance(value, str):
        stamp = _from_text(value.strip(), what)
    else:
        try:
            stamp = pd.Timestamp(value)
        except (TypeError, ValueError, OverflowError):
            raise DateError(f"{what} {value!r} is not a date.") from None
        if pd.isna(stamp):
            raise DateError(f"{what} is blank.")
    if stamp.tz is not None:
        stamp = stamp.tz_localize(None)
    try:  # prices are indexed in nanoseconds: 1677-09-22 to 2262-04-11
        return stamp.normalize().as_unit("ns")
    except (OverflowError, ValueError):
        raise DateError(
            f"{what} {value!r} is out of range; write a date from 1678 to 2261 as YYYY-MM-DD."
        ) from None


def _from_text(text: str, what: str) -> pd.Timestamp:
    if not text:
        raise DateError(f"{what} is blank.")
    match = _ISO.match(text) or _COMPACT.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _build(year, month, day, text, what)
    if _NUMERIC.match(text):
        return _numeric(text, what)
    if _HAS_MONTH_NAME.search(text) and re.search(r"\d{4}", text) and _DAY.search(text):
        try:
            stamp = pd.Timestamp(text)
        except (TypeError, ValueError, OverflowError):
            stamp = pd.NaT
        if not pd.isna(stamp):
            return stamp
    raise DateError(f"{what} {text!r} is not a date I can read; write it as YYYY-MM-DD.")
