"""The exchange's trading calendar: which days the U.S. market was open.

Implements

- :func:`trading_days` -- the NYSE sessions between two dates (inclusive).
- :func:`sessions_after` -- how many sessions lie after one date up to another.
- :func:`is_trading_day` -- whether the exchange was open on a date.

Why a library and not a hand rule: a weekday rule calls Good Friday, Juneteenth,
national days of mourning and the 2012 hurricane closures trading days, so an as-of
date on such a day would be refused and a price gap check would report false gaps.
The calendar comes from ``exchange_calendars`` (maintained, the XNYS calendar with
its full holiday history). Dates outside the calendar's range (before 1990, or more
than about a year ahead) fall back to weekdays, which only matters for data older
than any fund here.
"""

from __future__ import annotations

import warnings
from functools import lru_cache
from typing import Any

import pandas as pd

__all__ = ["EXCHANGE", "is_trading_day", "sessions_after", "trading_days"]

#: The exchange whose calendar decides which days are trading days.
EXCHANGE = "XNYS"

_FIRST = "1990-01-02"


@lru_cache(maxsize=1)
def _sessions() -> pd.DatetimeIndex:
    """All NYSE sessions the calendar knows (tz-naive midnight stamps), built once."""
    import exchange_calendars as xcals  # deferred: building the calendar takes ~0.4 s

    with warnings.catch_warnings():
        # exchange_calendars reads tz-aware Series.values, which pandas 3.1 deprecates;
        # the library's concern, not the user's.
        warnings.simplefilter("ignore", FutureWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        calendar = xcals.get_calendar(EXCHANGE, start=_FIRST)
    sessions = pd.DatetimeIndex(calendar.sessions)
    if sessions.tz is not None:
        sessions = sessions.tz_localize(None)
    return sessions.normalize()


def _day(value: Any) -> pd.Timestamp:
    stamp = pd.Timestamp(value)
    if stamp.tz is not None:
        stamp = stamp.tz_localize(None)
    return stamp.normalize()


def trading_days(start: Any, end: Any) -> pd.DatetimeIndex:
    """NYSE trading days from `start` to `end`, both included.

    Parameters
    ----------
    start, end : date-like
        Calendar dates (times of day are ignored).

    Returns
    -------
    pandas.DatetimeIndex
        Midnight stamps of the sessions, ascending; empty when `start` > `end`.
        Parts of the span outside the calendar's range count weekdays instead.
    """
    lo, hi = _day(start), _day(end)
    if lo > hi:
        return pd.DatetimeIndex([], name="Date")
    sessions = _sessions()
    first, last = sessions[0], sessions[-1]
    parts = []
    if lo < first:
        parts.append(pd.bdate_range(lo, min(hi, first - pd.Timedelta(days=1))))
    inside = sessions[(sessions >= lo) & (sessions <= hi)]
    parts.append(inside)
    if hi > last:
        parts.append(pd.bdate_range(max(lo, last + pd.Timedelta(days=1)), hi))
    days = parts[0].append(parts[1:]) if len(parts) > 1 else parts[0]
    return pd.DatetimeIndex(days.to_numpy(dtype="datetime64[ns]"), name="Date")


def sessions_after(after: Any, up_to: Any) -> int:
    """Number of trading days strictly after `after` and on or before `up_to`.

    Zero means the market was closed on every day in between: an as-of date on a
    weekend or holiday right after the last close reads that close.

    Parameters
    ----------
    after, up_to : date-like

    Returns
    -------
    int
    """
    lo = _day(after) + pd.Timedelta(days=1)
    return len(trading_days(lo, up_to))


def is_trading_day(value: Any) -> bool:
    """True when the exchange was (or is scheduled to be) open on that date."""
    day = _day(value)
    return bool(len(trading_days(day, day)))
