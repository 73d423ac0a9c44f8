"""How much room each spilling table of a template needs: the largest answer its inputs allow.

Implements
----------
- :func:`history_years` -- the calendar years any fund the template offers can cover:
  from the oldest first close (the Prices sheet's, or the catalog's oldest inception when
  the sheet is empty; SPY's 1993 in the built-in catalog) to the last close's year, plus
  :data:`LATER_YEARS` for closes appended later.
- :func:`calendar_room`, :func:`drawdowns_room`, :func:`stress_room`,
  :func:`performance_room`, :func:`stats_room`, :func:`growth_room`, :func:`screen_room` --
  (rows, columns) of ``EFFCAP_CALENDAR``, ``_DRAWDOWNS``, ``_STRESS``, ``_PERFORMANCE``,
  ``_STATS``, ``_GROWTH`` and ``_SCREEN`` for the inputs' shapes.

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
    "calendar_room",
    "drawdowns_room",
    "growth_room",
    "history_years",
    "performance_room",
    "screen_room",
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


def growth_room(price_rows: int, blends: int, funds: int) -> tuple[int, int]:
    """EFFCAP_GROWTH: a header and at most one row per price row; Date, the blends, the
    funds."""
    return price_rows + 1, 1 + blends + funds


def screen_room(core: int, candidates: int, overlays: int, catalog: Any = None) -> tuple[int, int]:
    """EFFCAP_SCREEN: a header and one row per candidate and overlay size; the row label,
    one weight column per fund any row holds (the core's, the candidates' and every
    capital-efficient fund of the catalog that may fund an overlay; at most the catalog's
    funds, since every fund solved for is in it), then the fixed
    columns (counted on a made-up history)."""
    from efficap.catalog import exposure_matrix
    from efficap.screen import screen

    table = load_catalog(catalog)
    efficient = int((exposure_matrix(table, list(table.index)).sum(axis=1) > 1 + 1e-9).sum())
    days = pd.bdate_range("2020-01-01", periods=300)
    funds = ("IVV", "AGG", "NTSX", "WTMF")
    closes = pd.DataFrame(
        {t: 100.0 * np.cumprod(np.full(300, 1.0 + 1e-4 * k)) for k, t in enumerate(funds, 1)},
        index=days,
    )
    answer = screen(closes, None, ["WTMF"], [0.2])
    fixed = sum(c not in funds for c in answer.columns)
    funds_held = min(core + candidates + efficient, len(table))  # every one from the catalog
    return candidates * overlays + 1, 1 + funds_held + fixed
