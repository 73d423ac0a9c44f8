"""Risk figures of a blend over its history, and of many weight vectors at once.

Implements

- :func:`risk_stats` -- CAGR, volatility, max drawdown, Sharpe ratio, correlation to
  equities, best and worst calendar month of a blend.
- :func:`sweep_stats` -- CAGR, volatility and max drawdown of many weight vectors.
- :data:`DEFAULT_EQUITY` -- the fund correlations are measured against by default.

Conventions: decimals (0.15 = 15%); daily statistics annualize with 252 trading days
(:data:`efficap.stats.TRADING_DAYS`), CAGR by actual days / 365.25; the risk-free
rate is an annual decimal. The series is the blend's history under its rebalancing
rule (default annual) from its first common close.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from efficap import engine
from efficap.blend import Rebalance, blend_growth, parse_rebalance
from efficap.errors import EfficapError, UnknownTickerError
from efficap.stats import DAYS_PER_YEAR, TRADING_DAYS, is_flat, period_returns, risk_free_per_period

__all__ = ["DEFAULT_EQUITY", "risk_stats", "sweep_stats"]

#: The equity fund correlations are measured against when none is named.
DEFAULT_EQUITY = "IVV"

_SWEEP_CHUNK = 1000


def risk_stats(
    prices: pd.DataFrame,
    weights: Mapping[str, float] | pd.Series,
    rebalance: str | Rebalance | None = None,
    risk_free: float = 0.0,
    equity: str | bool | None = None,
    start: Any = None,
    end: Any = None,
) -> pd.Series:
    """Risk and return figures of a blend over its history (or a window).

    Parameters
    ----------
    prices : pandas.DataFrame
        Total-return closes, one column per ticker, indexed by date.
    weights : mapping or Series
        Ticker -> decimal weight, adding up to 1.
    rebalance : str or Rebalance, optional
        None: the default rule (annual).
    risk_free : float, default 0.0
        **Annual** risk-free rate as a decimal, for the Sharpe ratio.
    equity : str or False, optional
        Ticker whose daily returns define "equities" for the correlation. By
        default IVV (:data:`DEFAULT_EQUITY`) when the prices include it, else the
        correlation is NaN; a ticker passed explicitly must have prices. False: no
        correlation (NaN), e.g. when the columns are blends, not funds.
    start, end : date-like, optional
        Window, as in :func:`efficap.blend.blend_growth`.

    Returns
    -------
    pandas.Series
        ``CAGR`` (actual days / 365.25), ``Volatility`` (daily, annualized by
        sqrt(252)), ``Max Drawdown`` (a negative decimal), ``Sharpe``
        (annualized; NaN when the blend does not vary), ``Correlation to
        equities`` (daily returns on the blend's dates), ``Best Month`` and
        ``Worst Month`` (calendar months; the first partial month from the first
        close). All decimals.

    Raises
    ------
    UnknownTickerError
        If `equity` is given explicitly but has no prices.
    UnitsError
        On an implausible `risk_free` (4 meaning 4%: write 0.04).
    WeightsError, PriceDataError, EfficapError
        As :func:`efficap.blend.blend_growth`.
    """
    rf = risk_free_per_period(risk_free, TRADING_DAYS)
    frame = engine.as_frame(prices)
    if equity is None:
        eq = DEFAULT_EQUITY if DEFAULT_EQUITY in frame.columns else None
    elif equity is False:
        eq = None
    else:
        if not isinstance(equity, str) or not equity.strip():
            raise UnknownTickerError(f"Equity ticker must be text, got {equity!r}.")
        eq = equity.strip().upper()
        if eq not in frame.columns:
            raise UnknownTickerError(
                f"No prices for equity ticker {eq} (available: {', '.join(frame.columns)})."
            )
    growth = blend_growth(prices, weights, rebalance, start, end)
    g = growth.to_numpy()
    rets = g[1:] / g[:-1] - 1.0
    years = (growth.index[-1] - growth.index[0]).days / DAYS_PER_YEAR
    std = rets.std(ddof=1) if len(rets) > 1 else np.nan
    corr = np.nan
    if eq is not None:
        col = frame.values[:, frame.columns.index(eq)]
        level = pd.Series(col, index=frame.dates).reindex(growth.index).to_numpy()
        eq_rets = level[1:] / level[:-1] - 1.0
        ok = np.isfinite(eq_rets)
        if ok.sum() > 2 and rets[ok].std() > 0 and eq_rets[ok].std() > 0:
            corr = float(np.corrcoef(rets[ok], eq_rets[ok])[0, 1])
    months = period_returns(growth, "M").to_numpy()
    flat = len(rets) < 2 or bool(is_flat(std, rets.mean()))
    sharpe = np.nan if flat else (rets.mean() - rf) / std * np.sqrt(TRADING_DAYS)
    stats = {
        "CAGR": g[-1] ** (1.0 / years) - 1.0 if years > 0 else np.nan,
        "Volatility": std * np.sqrt(TRADING_DAYS),
        "Max Drawdown": float((g / np.maximum.accumulate(g)).min() - 1.0),
        "Sharpe": sharpe,
        "Correlation to equities": corr,
        "Best Month": float(months.max()),
        "Worst Month": float(months.min()),
    }
    return pd.Series(stats, name="Blend", dtype=float)


def sweep_stats(
    prices: pd.DataFrame,
    weight_matrix: np.ndarray | pd.DataFrame,
    rebalance: str | Rebalance | None = None,
    chunk: int = _SWEEP_CHUNK,
) -> pd.DataFrame:
    """CAGR, volatility and max drawdown of many weight vectors.

    Parameters
    ----------
    prices : pandas.DataFrame
        Total-return closes, one column per ticker.
    weight_matrix : ndarray (n_funds, n_portfolios) or DataFrame
        Decimal weights, as :func:`efficap.blend.blend_growth_matrix`. All
        portfolios are measured over the same dates: those on which every
        fund used by any portfolio has a close.
    rebalance : str or Rebalance, optional
        None: the default rule (annual).
    chunk : int, default 1000
        Portfolios computed at a time (bounds memory at about
        ``n_dates * chunk * 24`` bytes).

    Returns
    -------
    pandas.DataFrame
        One row per portfolio (index = the DataFrame's columns, else 0..p-1),
        columns ``CAGR`` (actual days / 365.25), ``Volatility`` (annualized
        daily, sqrt(252)) and ``Max Drawdown`` (negative decimal).

    Raises
    ------
    WeightsError, UnknownTickerError, PriceDataError, EfficapError
        As :func:`efficap.blend.blend_growth_matrix`, or on a chunk below 1.
    """
    rule = parse_rebalance(rebalance)
    if isinstance(chunk, bool) or not isinstance(chunk, (int, np.integer)) or chunk < 1:
        raise EfficapError(f"Chunk size must be a positive whole number, got {chunk!r}.")
    prep = engine.prepare_matrix(engine.as_frame(prices), weight_matrix)
    p = prep.W.shape[1]
    years = float((prep.stamps[-1] - prep.stamps[0]) / np.timedelta64(1, "D")) / DAYS_PER_YEAR
    out = np.empty((p, 3))
    for lo in range(0, p, int(chunk)):
        hi = min(p, lo + int(chunk))
        g = engine.growth_matrix(prep.months, prep.values, prep.W[:, lo:hi], rule)
        rets = g[1:] / g[:-1]
        out[lo:hi, 0] = g[-1] ** (1.0 / years) - 1.0 if years > 0 else np.nan
        out[lo:hi, 1] = rets.std(axis=0, ddof=1) * np.sqrt(TRADING_DAYS)
        out[lo:hi, 2] = (g / np.maximum.accumulate(g, axis=0)).min(axis=0) - 1.0
    index = weight_matrix.columns if isinstance(weight_matrix, pd.DataFrame) else None
    return pd.DataFrame(out, index=index, columns=["CAGR", "Volatility", "Max Drawdown"])
