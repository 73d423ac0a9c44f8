"""How much room each spilling table of a template needs: the largest answer its inputs allow.

Implements
----------
- :func:`history_years` -- the calendar years any fund the template offers can cover:
  from the oldest first close (the Prices sheet's, or the catalog's oldest inception when
  the sheet is empty; SPY's 1993 in the built-in catalog) to the last close's year, plus
  :data:`LATER_YEARS` for closes appended later.
- :func:`calendar_room`, :func:`drawdowns_room`, :func:`stress_room`,
  :func:`performance_room`, :func:`stats_room`, :func:`blend_room` -- (rows, columns) of
  ``EFFCAP_CALENDAR``, ``_DRAWDOWNS``, ``_STRESS``, ``_PERFORMANCE``, ``_STATS`` and
  ``_BLEND`` for the inputs' shapes.

The templates write each dynamic array over its room (Excel 365 re-sizes the spill;
Excel 2016/2019 keep the written range, so the room is also what they can show) and keep
the room free of anything else.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from efficap.catalog import load_catalog
from efficap.performance import PERIODS
from efficap.risk import risk_stats

__all__ = [
    "LATER_YEARS",
    "MAX_TOP",
    "blend_room",
    "calendar_room",
    "drawdowns_room",
    "history_years",
    "performance_room",
    "stats_room",
    "stress_room",
]

#: Years kept free after the last close's year, for closes appended to the Prices sheet.
LATER_YEARS = 1
#: The most drawdown episodes a template lets a user ask for (the input is validated).
MAX_TOP = 10
_DRAWDOWN_COLUMNS = 6  # Rank, Depth, Peak, Trough, Recovery, Trading days


def history_years(frame: pd.DataFrame | None, catalog: Any = None, as_of: Any = None) -> int:
    """The number of calendar years a blend of the offered funds can cover.

    Parameters
    ----------
    frame : pandas.DataFrame or None
        The Prices sheet's closes (None: empty sheet, the catalog's inceptions decide).
    catalog : optional
        The catalog whose funds the drop-downs offer.
    as_of : date-like, optional
        The template's as-of date (the last year is at least its year).
    """
    inception = load_catalog(catalog)["inception"].dropna()
    firsts = [pd.Timestamp(inception.min()).year] if len(inception) else []
    lasts = [pd.Timestamp(as_of).year] if as_of is not None else []
    if frame is not None and len(frame):
        firsts.append(pd.Timestamp(frame.index[0]).year)
        lasts.append(pd.Timestamp(frame.index[-1]).year)
    first = min(firsts) if firsts else pd.Timestamp.today().year
    last = max(lasts) if lasts else pd.Timestamp.today().year
    return last - first + 1 + LATER_YEARS


def calendar_room(blends: int, years: int) -> tuple[int, int]:
    """EFFCAP_CALENDAR: a header and one row per year; Year, the blends, Partial."""
    return years + 1, blends + 2


def drawdowns_room() -> tuple[int, int]:
    """EFFCAP_DRAWDOWNS: a header and up to :data:`MAX_TOP` episodes."""
    return MAX_TOP + 1, _DRAWDOWN_COLUMNS


def stress_room(periods: int, blends: int) -> tuple[int, int]:
    """EFFCAP_STRESS: a header and one row per period of the periods table."""
    return periods + 1, 3 + blends


def performance_room(blends: int) -> tuple[int, int]:
    """EFFCAP_PERFORMANCE: a header and one row per blend; the name, then the periods."""
    return blends + 1, 1 + len(PERIODS)


def stats_room() -> tuple[int, int]:
    """EFFCAP_STATS: one labelled row per statistic (counted on a made-up history)."""
    days = pd.bdate_range("2020-01-01", periods=300)
    closes = pd.DataFrame({"A": 100.0 * np.cumprod(np.full(300, 1.0005))}, index=days)
    return len(risk_stats(closes, {"A": 1.0})), 2


def blend_room(price_rows: int) -> tuple[int, int]:
    """EFFCAP_BLEND: one row per price row (date, growth of 1)."""
    return price_rows, 2
