"""How a blend behaved: one entry point for the crisis and history analysis.

Implements

- :func:`portfolio_report` -- the standardized performance, risk, stress,
  calendar-year and drawdown tables of several blends as named DataFrames
  for a command line or a workbook, with the facts every table depends on
  (as-of date, rebalancing rule, window convention, each blend's closes).

and re-exports the functions it is built from, so that
``from efficap.analysis import ...`` reaches all of them:

- :func:`~efficap.history.drawdowns`, :func:`~efficap.history.drawdown_table`,
  :func:`~efficap.history.calendar_years` (:class:`~efficap.history.CalendarYears`)
  from :mod:`efficap.history`;
- :func:`~efficap.correlation.rolling_correlation` and
  :func:`~efficap.correlation.worst_months`
  (:class:`~efficap.correlation.WorstMonths`) from :mod:`efficap.correlation`;
- :func:`~efficap.stress.stress_periods`, :func:`~efficap.stress.stress_table`
  and :func:`~efficap.stress.stress_detail` from :mod:`efficap.stress`.

Conventions. Every return is read off a blend's linked history: its growth of
1 from its first common close under the rebalancing rule, computed once per
blend and reused by the stress, calendar and drawdown tables (the performance
and risk tables come from :mod:`efficap.performance`, which reads the same
history). Returns are decimals (0.24 = 24%); NaN means "n/a".
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from efficap._linked import Blends, check_blends, check_top, growth_paths
from efficap.blend import Rebalance, parse_rebalance
from efficap.correlation import WorstMonths, rolling_correlation, worst_months
from efficap.dates import parse_date
from efficap.errors import EfficapError
from efficap.history import (
    CalendarYears,
    calendar_from_paths,
    calendar_years,
    drawdown_table,
    drawdowns,
    drawdowns_from_paths,
)
from efficap.performance import DEFAULT_WINDOW, standardized_table
from efficap.risk import DEFAULT_EQUITY, risk_stats
from efficap.stress import (
    PeriodsLike,
    stress_detail,
    stress_from_paths,
    stress_periods,
    stress_table,
)

__all__ = [
    "REPORT_TABLES",
    "CalendarYears",
    "WorstMonths",
    "calendar_years",
    "drawdown_table",
    "drawdowns",
    "portfolio_report",
    "rolling_correlation",
    "stress_detail",
    "stress_periods",
    "stress_table",
    "worst_months",
]

#: The tables of :func:`portfolio_report`, in order.
REPORT_TABLES: tuple[str, ...] = (
    "facts",
    "tables",
    "closes",
    "performance",
    "risk",
    "stress",
    "stress_periods",
    "calendar",
    "calendar_partial",
    "drawdowns",
)

#: The window convention every table of the report uses: the linked history (stress,
#: calendar and drawdown tables have no other).
WINDOW = DEFAULT_WINDOW


def portfolio_report(
    prices: pd.DataFrame,
    blends: Blends,
    as_of: Any = None,
    rebalance: str | Rebalance | None = None,
    periods: PeriodsLike = None,
    top: int | None = 5,
    equity: str | None = None,
) -> dict[str, pd.DataFrame]:
    """Performance, risk, stress, calendar-year and drawdown tables of blends.

    Parameters
    ----------
    prices : pandas.DataFrame
        Total-return closes (only ratios matter), one column per ticker,
        indexed by date.
    blends : mapping of str to weights
        Blend name -> (ticker -> decimal weight adding up to 1); rows keep
        this order.
    as_of : date-like, optional
        Every table uses the closes on or before it. By default the earliest
        last close among the blends, so that every blend has data to it.
    rebalance : str or Rebalance, optional
        Rule for every blend; None means the package default.
    periods : optional
        Stress periods, anything :func:`efficap.stress.stress_periods`
        accepts; the built-in ones by default.
    top : int or None, default 5
        Drawdown episodes per blend, deepest first; None for all.
    equity : str, optional
        Equity ticker for the risk table's correlation (IVV when priced, by
        default; see :func:`efficap.risk.risk_stats`).

    Returns
    -------
    dict of str to pandas.DataFrame
        In the order of :data:`REPORT_TABLES`:

        - ``facts``: index ``fact`` (``as_of``, ``rebalancing``, ``windows``,
          ``units``, ``equity``), columns ``value`` and ``description``.
        - ``tables``: index ``table``, column ``description``: one line per
          table saying what it holds (also in each table's
          ``attrs["description"]``).
        - ``closes``: index ``Blend``, columns ``first_close`` and
          ``last_close`` (the history used; NaT when none by `as_of`).
        - ``performance``: :func:`efficap.performance.standardized_table`.
        - ``risk``: index ``Blend``, the columns of
          :func:`efficap.risk.risk_stats` to `as_of`.
        - ``stress``: :func:`efficap.stress.stress_table` to `as_of`, and
          ``stress_periods`` the periods it used.
        - ``calendar`` and ``calendar_partial``: the two frames of
          :func:`efficap.history.calendar_years` to `as_of`.
        - ``drawdowns``: :func:`efficap.history.drawdown_table` to `as_of`.

    Raises
    ------
    WeightsError, UnknownTickerError, PriceDataError
        As :func:`efficap.blend.blend_growth` (naming the blend), or if
        `as_of` is not a date, or later than a blend's last close (see
        :func:`efficap.performance.standardized_table`).
    EfficapError
        On bad blends, periods, `top` or rebalancing rule.
    """
    rule = parse_rebalance(rebalance)
    table = stress_periods(periods)
    limit = check_top(top)
    checked = check_blends(blends)
    paths = growth_paths(prices, checked, rule)
    stamp = _as_of(as_of, paths)
    performance = standardized_table(prices, checked, stamp, rule)
    cut = {name: path.loc[:stamp] for name, path in paths.items()}
    risk = _risk(prices, checked, cut, rule, stamp, equity)
    years = calendar_from_paths(cut)
    closes = pd.DataFrame(
        {
            "first_close": [p.index[0] if len(p) else pd.NaT for p in cut.values()],
            "last_close": [p.index[-1] if len(p) else pd.NaT for p in cut.values()],
        },
        index=pd.Index(list(cut), name="Blend"),
    )
    if equity is not None:
        eq = str(equity).strip().upper()
    elif DEFAULT_EQUITY in {str(c).strip().upper() for c in prices.columns}:
        eq = DEFAULT_EQUITY
    else:
        eq = f"none ({DEFAULT_EQUITY} is not priced)"
    out = {
        "facts": _facts(stamp, rule, eq),
        "closes": closes,
        "performance": performance,
        "risk": risk,
        "stress": stress_from_paths(cut, table),
        "stress_periods": table,
        "calendar": years.returns,
        "calendar_partial": years.partial,
        "drawdowns": drawdowns_from_paths(cut, limit),
    }
    notes = _descriptions(stamp, rule, eq, limit)
    out["tables"] = pd.DataFrame(
        {"description": [notes[name] for name in REPORT_TABLES]},
        index=pd.Index(REPORT_TABLES, name="table"),
    )
    report = {name: out[name] for name in REPORT_TABLES}
    for name, frame in report.items():
        frame.attrs["description"] = notes[name]
    return report


def _as_of(as_of: Any, paths: dict[str, pd.Series]) -> pd.Timestamp:
    if as_of is None:
        return min(path.index[-1] for path in paths.values())
    return parse_date(as_of, "As-of date")


def _risk(
    prices: pd.DataFrame,
    blends: dict[str, Any],
    cut: dict[str, pd.Series],
    rule: Rebalance,
    stamp: pd.Timestamp,
    equity: str | None,
) -> pd.DataFrame:
    rows = {}
    for name, weights in blends.items():
        if len(cut[name]) < 2:
            rows[name] = None
            continue
        try:
            rows[name] = risk_stats(prices, weights, rule, equity=equity, end=stamp)
        except EfficapError as exc:
            raise type(exc)(f"{name}: {exc}") from None
    known = {name: row for name, row in rows.items() if row is not None}
    frame = pd.DataFrame(known).T.reindex(pd.Index(list(rows), name="Blend"))
    return frame.astype(float)


def _facts(stamp: pd.Timestamp, rule: Rebalance, equity: str) -> pd.DataFrame:
    facts = {
        "as_of": (stamp, "Every table uses the closes on or before this date."),
        "rebalancing": (str(rule), "Back to target weights under this rule, for every blend."),
        "windows": (
            WINDOW,
            "Each return is read off the blend's growth path from its first common close "
            "(not restarted at target weights); n/a before that close or after its last.",
        ),
        "units": ("decimals", "0.24 = 24%; depths are negative; NaN = n/a."),
        "equity": (equity, "Equity fund the risk table's correlation is measured against."),
    }
    return pd.DataFrame(
        {"value": [v for v, _ in facts.values()], "description": [d for _, d in facts.values()]},
        index=pd.Index(list(facts), name="fact"),
    )


def _descriptions(
    stamp: pd.Timestamp, rule: Rebalance, equity: str, top: int | None
) -> dict[str, str]:
    when = f"to {stamp:%Y-%m-%d}, {rule} rebalancing, {WINDOW} windows"
    return {
        "facts": "What every table depends on: as-of date, rebalancing rule, window convention.",
        "tables": "What each table holds.",
        "closes": f"First and last close of each blend's history used ({when}).",
        "performance": (
            f"Trailing total returns as of {stamp:%Y-%m-%d} (annualized over a year; SI from "
            f"the youngest fund's first close), decimals; {rule} rebalancing, {WINDOW} windows."
        ),
        "risk": (
            f"CAGR, volatility, max drawdown, Sharpe (risk-free 0), daily correlation to "
            f"{equity}, best and worst month over each blend's history ({when}); decimals."
        ),
        "stress": (
            f"Total return over each stress period ({when}), between the last closes on or "
            "before its start and end; n/a where the history does not cover it. Decimals."
        ),
        "stress_periods": "The stress periods: calendar start and end, and their source.",
        "calendar": f"Calendar-year total returns ({when}), decimals; see calendar_partial.",
        "calendar_partial": (
            "True where a calendar-year return covers less than the year: the first year "
            "(from the first close) and a last year ending before its last weekday."
        ),
        "drawdowns": (
            f"The {top or 'all'} deepest drawdowns per blend ({when}): depth (negative decimal), "
            "peak, trough, recovery (NaT = not recovered), length in trading days."
        ),
    }
