"""The overlay screen: which diversifier to stack on a core, and how much.

Implements
----------
- :func:`screen` -- one row per candidate fund and overlay size: the blend that keeps the
  core's exposures and adds the candidate on top with the same capital, solved by
  :func:`efficap.solve.solve_weights`, and how it did against the core over the closes
  all its funds share.
- :data:`SORT_ASCENDING` -- the columns where lower is better.

The blends themselves (which funds make room for the overlay, and why) are
:mod:`efficap.overlay`'s.

**The blend** (:func:`efficap.overlay.overlay_blend`): the core's funds, the candidate
pinned at the overlay, and one capital-efficient fund whose asset classes lie within
the core's (NTSX for a 60/40), so 60/40 + 20% WTMF is 24 IVV / 40 NTSX / 16 AGG / 20
WTMF, Figure 1's efficient allocation. A row without an exact answer says so, and its
numbers are blank.

**The figures.** Each row is measured over the closes all its funds share (first and last
close shown), from target weights on the first, under the rebalancing rule; the core is
measured over the same closes, so "CAGR vs core" and "Max drawdown vs core" compare like
with like. CAGR by actual days / 365.25; volatility of daily returns x sqrt(252); Sharpe
with the risk-free rate given (annual decimal, 0 by default); stress periods as
:mod:`efficap.stress` reads them (n/a outside the row's closes); "Down-month correlation"
correlates the blend's and the equity fund's whole calendar-month returns over the months
in which the equity fund fell (at least 3, else n/a). All decimals.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from efficap import engine
from efficap._validate import as_weights, normalize_ticker
from efficap.blend import Rebalance, blend_growth, parse_rebalance
from efficap.catalog import CatalogLike, exposure_matrix, load_catalog
from efficap.correlation import _whole_months
from efficap.errors import EfficapError, ScreenError, UnknownTickerError
from efficap.overlay import (
    DEFAULT_CORE,
    DEFAULT_OVERLAYS,
    Overlay,
    default_candidates,
    overlay_blend,
    overlay_size,
)
from efficap.prices import validate_prices
from efficap.risk import DEFAULT_EQUITY, risk_stats
from efficap.stats import TRADING_DAYS, risk_free_per_period
from efficap.stress import PeriodsLike, stress_from_paths, stress_periods

__all__ = ["SORT_ASCENDING", "screen"]

#: Columns where lower is better: sorted ascending; every other column descending.
SORT_ASCENDING: tuple[str, ...] = ("Volatility", "Down-month correlation", "Total notional")
#: Fewest down months for the down-month correlation.
MIN_DOWN_MONTHS = 3
_STATS = (
    "Total notional",
    "Financing",
    "First close",
    "Last close",
    "CAGR",
    "CAGR vs core",
    "Volatility",
    "Sharpe",
    "Max drawdown",
    "Max drawdown vs core",
)


def _down_correlation(prices: pd.DataFrame, weights: Any, equity: str, rule: Rebalance) -> float:
    try:
        b, e, _ = _whole_months(prices, weights, equity, rule)
    except EfficapError:
        return np.nan
    down = e.to_numpy() < 0
    if down.sum() < MIN_DOWN_MONTHS:
        return np.nan
    x, y = b.to_numpy()[down], e.to_numpy()[down]
    if x.std() == 0 or y.std() == 0:
        return np.nan
    return float(np.corrcoef(x, y)[0, 1])


def _label(tickers: Sequence[str], first: Any, last: Any, simulated: Mapping[str, Any]) -> str:
    parts = []
    for t in tickers:
        lo, hi = simulated.get(t, (None, None))
        if lo is not None and hi is not None and lo <= last and hi >= first:
            parts.append(f"{t} {max(lo, first):%Y-%m-%d} to {min(hi, last):%Y-%m-%d}")
    return ", ".join(parts)


def screen(
    prices: pd.DataFrame,
    core: Mapping[str, float] | pd.Series | None = None,
    candidates: Sequence[str] | None = None,
    overlays: Sequence[float] | None = None,
    rebalance: str | Rebalance | None = None,
    catalog: CatalogLike = None,
    objective: str = "expense",
    risk_free: float = 0.0,
    equity: str | None = None,
    periods: PeriodsLike = None,
    sort: str | None = None,
    simulated: Mapping[str, tuple[Any, Any]] | None = None,
) -> pd.DataFrame:
    """Screen candidate overlays on a core: solved weights and how each blend did.

    Parameters
    ----------
    prices : pandas.DataFrame
        Total-return closes, one column per ticker; every fund used needs a column.
    core : mapping, optional
        Ticker -> decimal weight adding up to 1; :data:`DEFAULT_CORE` (60/40 IVV/AGG).
    candidates : sequence of str, optional
        Funds to stack on top; by default :func:`default_candidates` among the priced.
    overlays : sequence of float, optional
        Candidate weights, decimals of capital; :data:`DEFAULT_OVERLAYS`.
    rebalance : str or Rebalance, optional
        Rule for every blend and the core; None means annual.
    catalog : optional
        User catalog (exposures, expense ratios).
    objective : str, default "expense"
        The solver's choice among several exact answers (:data:`efficap.solve.OBJECTIVES`).
    risk_free : float, default 0.0
        Annual risk-free rate for the Sharpe ratio, a decimal (0.04 for 4%).
    equity : str, optional
        Equity fund for the down-month correlation; IVV when priced.
    periods : optional
        Stress periods (:func:`efficap.stress.stress_periods`); the built-in ones.
    sort : str, optional
        A column to sort by: best first (descending, but ascending for
        :data:`SORT_ASCENDING`), n/a last. Default: candidates, then overlays, as given.
    simulated : mapping, optional
        Ticker -> (first, last) simulated close in `prices` (from
        :func:`efficap.simulate.splice_prices`), to label the rows that use them.

    Returns
    -------
    pandas.DataFrame
        Index ``Row`` (``"WTMF +20%"``); columns ``Candidate``, ``Overlay``, ``Status``,
        one weight column per fund used anywhere (0 where a row does not hold it),
        ``Total notional``, ``Financing``, ``First close``, ``Last close``, ``CAGR``,
        ``CAGR vs core``, ``Volatility``, ``Sharpe``, ``Max drawdown``,
        ``Max drawdown vs core``, one column per stress period, ``Down-month
        correlation``, ``Simulated``. Decimals; NaN = n/a. ``attrs["caption"]`` says the
        core, rule, windows, risk-free rate and simulated parts.

    Raises
    ------
    ScreenError
        A candidate in the core or twice, a bad overlay, an unknown sort column, no
        candidates.
    UnknownTickerError, WeightsError, PriceDataError, RuleError, UnitsError
        A fund without prices, a core not adding up to 100%, bad prices or rule, an
        implausible risk-free rate.
    """
    # already checked (by read_prices): use as is, so price warnings are not repeated
    frame = prices if engine._looks_canonical(prices) else validate_prices(prices)
    table = load_catalog(catalog)
    rule = parse_rebalance(rebalance)
    base = as_weights(DEFAULT_CORE if core is None else core)
    engine.check_weight_sum(float(base.sum()), "Core weights")
    base = base[base != 0.0]
    core_w = base.to_dict()
    exposure_matrix(table, list(core_w))  # unknown core funds: say so first
    priced = list(frame.columns)
    missing = [t for t in core_w if t not in priced]
    if missing:
        raise UnknownTickerError(f"No prices for the core's {', '.join(missing)}.")
    if candidates is None:
        names = default_candidates(core_w, priced, table)
    else:
        names = [
            normalize_ticker(t)
            for t in ([candidates] if isinstance(candidates, str) else candidates)
        ]
    if not names:
        raise ScreenError("No candidate funds to screen: name some, e.g. WTMF GLD.")
    if len(set(names)) < len(names):
        raise ScreenError(f"{next(t for t in names if names.count(t) > 1)} is listed twice.")
    for t in names:
        if t not in priced:
            raise UnknownTickerError(f"No prices for candidate {t}; add its column.")
    sizes = [overlay_size(s) for s in (DEFAULT_OVERLAYS if overlays is None else overlays)]
    if not sizes:
        raise ScreenError("No overlay sizes given: e.g. 0.1, 0.2, 0.3.")
    eq = DEFAULT_EQUITY if equity is None else normalize_ticker(equity)
    if equity is not None and eq not in priced:
        raise UnknownTickerError(f"No prices for equity ticker {eq}.")
    risk_free_per_period(risk_free, TRADING_DAYS)  # an implausible rate: say so first
    stress = stress_periods(periods)
    marks = dict(simulated or {})
    blends = [overlay_blend(core_w, c, s, priced, table, objective) for c in names for s in sizes]
    solved = [b for b in blends if b.weights is not None]
    used = list(
        dict.fromkeys(
            [*core_w, *(t for b in solved for t in b.funding if t in b.weights.index)]
            + [b.candidate for b in solved]
        )
    )
    rows = [
        _row(prices, b, core_w, used, rule, risk_free, eq, stress, marks, table) for b in blends
    ]
    out = pd.DataFrame(rows)
    out.index = pd.Index([f"{b.candidate} +{b.overlay * 100:g}%" for b in blends], name="Row")
    if sort is not None:
        out = _sorted(out, sort)
    out.attrs["caption"] = _caption(out, core_w, rule, risk_free, eq)
    return out


def _row(
    prices: pd.DataFrame,
    blend: Overlay,
    core: dict[str, float],
    used: list[str],
    rule: Rebalance,
    risk_free: float,
    equity: str,
    stress: pd.DataFrame,
    marks: Mapping[str, Any],
    table: pd.DataFrame,
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "Candidate": blend.candidate,
        "Overlay": blend.overlay,
        "Status": blend.status,
    }
    w = blend.weights
    row.update({t: (float(w.get(t, 0.0)) if w is not None else np.nan) for t in used})
    stats = dict.fromkeys(_STATS, np.nan)
    stats.update(dict.fromkeys(stress["name"], np.nan))
    stats.update({"Down-month correlation": np.nan, "Simulated": ""})
    row.update(stats)
    if w is None:
        return row
    notional = float(exposure_matrix(table, list(w.index)).sum(axis=1) @ w)
    row.update({"Total notional": notional, "Financing": 1.0 - notional})
    funds = list(w.index)
    shared = prices[[*dict.fromkeys([*funds, *core])]].dropna().index
    if len(shared) < 2:
        row["Status"] += f"; its funds share {len(shared)} close(s): no figures"
        return row
    keep = [c for c in dict.fromkeys([*funds, *core, equity]) if c in prices.columns]
    window = prices.loc[shared, keep]
    ours = risk_stats(window, w, rule, risk_free, equity if equity in keep else None)
    theirs = risk_stats(window, core, rule, risk_free)
    growth = blend_growth(window, w, rule)
    row.update(
        {
            "First close": shared[0],
            "Last close": shared[-1],
            "CAGR": ours["CAGR"],
            "CAGR vs core": ours["CAGR"] - theirs["CAGR"],
            "Volatility": ours["Volatility"],
            "Sharpe": ours["Sharpe"],
            "Max drawdown": ours["Max Drawdown"],
            "Max drawdown vs core": ours["Max Drawdown"] - theirs["Max Drawdown"],
            "Down-month correlation": (
                _down_correlation(window, w, equity, rule) if equity in keep else np.nan
            ),
            "Simulated": _label(funds, shared[0], shared[-1], marks),
        }
    )
    row.update(stress_from_paths({"row": growth}, stress).iloc[0].to_dict())
    return row


def _sorted(table: pd.DataFrame, sort: str) -> pd.DataFrame:
    names = {str(c).casefold(): c for c in table.columns}
    column = names.get(str(sort).strip().casefold())
    if column is None or not pd.api.types.is_numeric_dtype(table[column]):
        numeric = [c for c in table.columns if pd.api.types.is_numeric_dtype(table[c])]
        raise ScreenError(
            f"Cannot sort by {sort!r}; use a column such as {', '.join(numeric[:6])}."
        )
    ascending = column in SORT_ASCENDING
    return table.sort_values(column, ascending=ascending, na_position="last", kind="stable")


def _caption(
    table: pd.DataFrame, core: dict[str, float], rule: Rebalance, risk_free: float, equity: str
) -> str:
    mix = " ".join(f"{t}={w:.0%}" for t, w in core.items())
    last = table["Last close"].dropna()
    as_of = f"as of {max(last):%Y-%m-%d}; " if len(last) else ""
    sim = [f"{r}: {s}" for r, s in table["Simulated"].items() if s]
    text = (
        f"{as_of}overlay screen on core {mix}; {rule} rebalancing; each row and the core "
        f"over the closes all the row's funds share, from target weights on the first; "
        f"Sharpe with a risk-free rate of {risk_free:.2%}; down-month correlation to "
        f"{equity}; n/a where a row's closes do not cover a figure"
    )
    return text + ("; simulated data: " + "; ".join(sim) if sim else "")
