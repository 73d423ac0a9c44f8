"""Core results laid out as the spilled tables of the Excel functions.

Each function takes what the core returned and gives the rows a function spills
(Excel-ready cells, via :func:`efficap_xl.outputs.table`): a header row saying what
each column is, then the figures, NaN shown as ``"n/a"``. No figure is computed here.

Implements
----------
- :func:`performance_caption`, :func:`performance_rows` -- EFFCAP_PERFORMANCE: the
  header's first cell says what the table is (``as of 2026-03-31; annual; linked``).
- :func:`stress_rows` -- EFFCAP_STRESS: Period | Start | End | one column per blend.
- :func:`drawdown_rows` -- EFFCAP_DRAWDOWNS: Rank | Depth | Peak | Trough | Recovery |
  Trading days.
- :func:`calendar_rows` -- EFFCAP_CALENDAR: Year | one column per blend | Partial.
- :func:`simulation_rows`, :func:`validation_text` -- EFFCAP_SIMULATE: Date | Close |
  Simulated, then one Validation row.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from efficap.history import CalendarYears
from efficap.simulate import SimulationResult
from efficap_xl import outputs

__all__ = [
    "DRAWDOWN_HEADER",
    "NOT_RECOVERED",
    "SIMULATION_HEADER",
    "calendar_rows",
    "drawdown_rows",
    "performance_caption",
    "performance_rows",
    "simulation_rows",
    "stress_rows",
    "validation_text",
]

#: EFFCAP_DRAWDOWNS' header row.
DRAWDOWN_HEADER = ("Rank", "Depth", "Peak", "Trough", "Recovery", "Trading days")
#: The Recovery cell of a drawdown the blend has not recovered from by its last close.
NOT_RECOVERED = "not recovered"
#: EFFCAP_SIMULATE's header row.
SIMULATION_HEADER = ("Date", "Close", "Simulated")

Rows = list[list[Any]]


def performance_caption(table: pd.DataFrame) -> str:
    """Return the short caption of a standardized table: ``as of 2026-03-31; annual; linked``.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`efficap.performance.standardized_table` (its ``attrs`` say the
        as-of date, the rebalancing rule and the window convention).
    """
    about = table.attrs
    return f"as of {about['as_of']:%Y-%m-%d}; {about['rebalance']}; {about['window']}"


def performance_rows(table: pd.DataFrame) -> Rows:
    """Return EFFCAP_PERFORMANCE's spill: caption | YTD ... SI, then one row per blend.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`efficap.performance.standardized_table`.
    """
    rows: Rows = [[performance_caption(table), *table.columns]]
    rows.extend(
        [name, *values] for name, values in zip(table.index, table.to_numpy().tolist(), strict=True)
    )
    return outputs.table(rows)


def stress_rows(periods: pd.DataFrame, returns: pd.DataFrame) -> Rows:
    """Return EFFCAP_STRESS' spill: Period | Start | End | blends, one row per period.

    Parameters
    ----------
    periods : pandas.DataFrame
        From :func:`efficap.stress.stress_periods` (``name``, ``start``, ``end``).
    returns : pandas.DataFrame
        From :func:`efficap.stress.stress_table`: one row per blend, one column per
        period (decimals, NaN where not covered).
    """
    rows: Rows = [["Period", "Start", "End", *returns.index]]
    for name, start, end in zip(periods["name"], periods["start"], periods["end"], strict=True):
        rows.append([name, start, end, *returns[name].tolist()])
    return outputs.table(rows)


def drawdown_rows(episodes: pd.DataFrame) -> Rows:
    """Return EFFCAP_DRAWDOWNS' spill: the header, then one row per drawdown, deepest first.

    Parameters
    ----------
    episodes : pandas.DataFrame
        From :func:`efficap.history.drawdowns` (index ``rank``).
    """
    rows: Rows = [list(DRAWDOWN_HEADER)]
    for rank, e in zip(episodes.index, episodes.itertuples(index=False), strict=True):
        recovery = NOT_RECOVERED if e.not_recovered else e.recovery
        rows.append([rank, e.depth, e.peak, e.trough, recovery, e.trading_days])
    if len(rows) == 1:
        rows.append(["No drawdown: the blend never closed below an earlier high."])
    return outputs.table(rows)


def calendar_rows(years: CalendarYears) -> Rows:
    """Return EFFCAP_CALENDAR's spill: Year | blends | Partial, one row per year.

    Parameters
    ----------
    years : efficap.history.CalendarYears
        ``returns`` and ``partial`` (one row per blend, one column per year).

    Returns
    -------
    list of list
        The Partial cell names the blends whose return that year covers less than
        the calendar year, separated by commas ("" when none).
    """
    names = list(years.returns.index)
    rows: Rows = [["Year", *names, "Partial"]]
    for year in years.returns.columns:
        flags = years.partial[year].tolist()
        partial = ", ".join(n for n, flag in zip(names, flags, strict=True) if flag)
        rows.append([year, *years.returns[year].tolist(), partial])
    return outputs.table(rows)


def _pct_points(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value * 100:+.2f} pts/yr"


def validation_text(result: SimulationResult) -> str:
    """Return the Validation row's text of a simulation.

    Parameters
    ----------
    result : efficap.simulate.SimulationResult

    Returns
    -------
    str
        E.g. ``"Validation vs NTSX: CAGR +0.19 pts/yr (simulated - real), monthly corr
        0.995 over 2018-08..2026-08 (95 months)"``; says so when there is nothing to
        compare (no real closes overlap the simulation).
    """
    v = result.validation
    if v.overlap_start is None or v.overlap_end is None:
        return f"Validation: none, no real {result.fund} closes overlap the simulation."
    corr = "n/a" if math.isnan(v.monthly_correlation) else f"{v.monthly_correlation:.3f}"
    return (
        f"Validation vs {result.fund}: CAGR {_pct_points(v.cagr_difference)} (simulated - real),"
        f" monthly corr {corr} over {v.overlap_start:%Y-%m}..{v.overlap_end:%Y-%m} "
        f"({v.months} month{'' if v.months == 1 else 's'})"
    )


def simulation_rows(result: SimulationResult) -> Rows:
    """Return EFFCAP_SIMULATE's spill: Date | Close | Simulated, then the Validation row.

    Parameters
    ----------
    result : efficap.simulate.SimulationResult
        Its ``spliced`` series (real closes, simulated ones before) and the last
        simulated date ``simulated_to`` (None when nothing was simulated).
    """
    spliced = result.spliced
    last = result.simulated_to
    flags = np.zeros(len(spliced), bool) if last is None else spliced.index <= last
    rows: Rows = [list(SIMULATION_HEADER)]
    rows.extend(outputs.columns(spliced.index, spliced.to_numpy(), np.asarray(flags)))
    rows.append([validation_text(result), "", ""])
    return rows
