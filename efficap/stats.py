"""Statistics of return and growth series (empyrical-style pure functions).

Implements

- :func:`annualized_volatility`, :func:`sharpe_ratio` -- on periodic simple returns.
- :func:`max_drawdown`, :func:`cagr` -- on growth (or price) levels.
- :func:`period_returns`, :func:`monthly_returns`, :func:`calendar_year_returns` --
  calendar-period returns from a dated growth series.
- :func:`risk_free_per_period` -- an annual risk-free rate as a per-period rate.
- :func:`is_flat` -- whether a standard deviation is rounding noise (Sharpe undefined).
- :data:`TRADING_DAYS`, :data:`DAYS_PER_YEAR` -- the annualization constants.

Every function takes a Series, a DataFrame (one series per column) or an ndarray,
returns decimals (0.15 = 15%), and refuses blank, non-finite or non-positive input
with a :class:`~efficap.errors.PriceDataError`. Unit traps: pass *returns* to the
volatility and Sharpe functions and *levels* (growth of 1 or prices) to the others;
a risk-free rate is an **annual decimal** (0.04 = 4% a year, not 4).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from efficap.bounds import check_plausible
from efficap.errors import PriceDataError, UnitsError

__all__ = [
    "DAYS_PER_YEAR",
    "TRADING_DAYS",
    "annualized_volatility",
    "cagr",
    "calendar_year_returns",
    "is_flat",
    "max_drawdown",
    "monthly_returns",
    "period_returns",
    "risk_free_per_period",
    "sharpe_ratio",
]

#: Trading days per year used to annualize daily statistics.
TRADING_DAYS = 252

#: Days per year used to annualize by actual calendar days.
DAYS_PER_YEAR = 365.25

#: A series whose standard deviation is below this fraction of its mean (or of 1e-6,
#: when the mean is smaller) does not vary: its deviation is rounding noise, so its
#: Sharpe ratio is undefined (NaN), not 1e16.
_FLAT = 1e-9


def _as_1d_or_2d(values: Any, what: str, min_len: int) -> np.ndarray:
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise PriceDataError(f"{what} must be numbers.") from None
    if arr.ndim not in (1, 2):
        raise PriceDataError(f"{what} must be one series (or one column per series).")
    if arr.shape[0] < min_len:
        raise PriceDataError(f"{what}: need at least {min_len} values, got {arr.shape[0]}.")
    if not np.isfinite(arr).all():
        pos = int(np.flatnonzero(~np.isfinite(arr).reshape(arr.shape[0], -1).all(axis=1))[0])
        raise PriceDataError(f"{what} has a blank or non-finite value at position {pos + 1}.")
    return arr


def _wrap(result: np.ndarray, like: Any) -> Any:
    if result.ndim == 0:
        return float(result)
    if isinstance(like, pd.DataFrame):
        return pd.Series(result, index=like.columns)
    return result


def annualized_volatility(returns: Any, periods_per_year: int = TRADING_DAYS) -> Any:
    """Annualized standard deviation of periodic simple returns.

    Parameters
    ----------
    returns : Series, DataFrame or ndarray
        Simple returns as decimals (daily by default); 2-D input is one
        series per column.
    periods_per_year : int, default 252
        Returns per year (252 daily, 12 monthly).

    Returns
    -------
    float (or one per column)
        Sample standard deviation (ddof=1) times ``sqrt(periods_per_year)``,
        a decimal (0.15 = 15% a year).

    Raises
    ------
    PriceDataError
        On fewer than 2 returns or a blank/non-finite value.
    """
    arr = _as_1d_or_2d(returns, "Returns", 2)
    return _wrap(arr.std(axis=0, ddof=1) * np.sqrt(periods_per_year), returns)


def sharpe_ratio(returns: Any, risk_free: float = 0.0, periods_per_year: int = TRADING_DAYS) -> Any:
    """Annualized Sharpe ratio of periodic simple returns.

    Parameters
    ----------
    returns : Series, DataFrame or ndarray
        Simple returns as decimals (daily by default).
    risk_free : float, default 0.0
        Risk-free rate as an **annual** decimal (0.04 = 4% a year); converted
        to a per-period rate ``(1 + risk_free) ** (1 / periods_per_year) - 1``.
    periods_per_year : int, default 252

    Returns
    -------
    float (or one per column)
        ``mean(excess) / std(returns, ddof=1) * sqrt(periods_per_year)``;
        NaN when the returns do not vary.

    Raises
    ------
    PriceDataError
        On fewer than 2 returns or a blank/non-finite value.
    UnitsError
        If `risk_free` is not a plausible annual decimal.
    """
    arr = _as_1d_or_2d(returns, "Returns", 2)
    rf = risk_free_per_period(risk_free, periods_per_year)
    std = arr.std(axis=0, ddof=1)
    mean = arr.mean(axis=0)
    varies = ~is_flat(std, mean)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(varies, (mean - rf) / std * np.sqrt(periods_per_year), np.nan)
    return _wrap(np.asarray(ratio), returns)


def is_flat(std: Any, mean: Any) -> Any:
    """True where a standard deviation is rounding noise next to its mean.

    ``np.full(252, 0.001).std()`` is about 1e-18, not 0, so ``std > 0`` would give a
    Sharpe ratio of 1e16; a series counts as flat when its standard deviation is at
    most 1e-9 times its mean's magnitude (or 1e-15 absolute, for means near 0).
    """
    scale = np.maximum(np.abs(mean), 1e-6)
    return np.asarray(std) <= _FLAT * scale


def risk_free_per_period(risk_free: Any, periods_per_year: int) -> float:
    """Convert an annual risk-free rate (decimal) to a per-period rate.

    Parameters
    ----------
    risk_free : float
        Annual rate as a decimal (0.04 = 4% a year).
    periods_per_year : int
        252 for daily returns, 12 for monthly.

    Returns
    -------
    float
        ``(1 + risk_free) ** (1 / periods_per_year) - 1``.

    Raises
    ------
    UnitsError
        If `risk_free` is not a number, or is implausible for an annual rate (4
        meaning 4%): see :data:`efficap.bounds.BOUNDS`.
    """
    if isinstance(risk_free, bool) or not isinstance(risk_free, (int, float, np.number)):
        raise UnitsError(
            f"Risk-free rate must be an annual decimal (0.04 for 4%), got {risk_free!r}."
        )
    rate = check_plausible(risk_free, "risk_free", "Risk-free rate")
    return float((1.0 + rate) ** (1.0 / periods_per_year) - 1.0)


def max_drawdown(growth: Any) -> Any:
    """Largest peak-to-trough fall of a growth (or price) series.

    Parameters
    ----------
    growth : Series, DataFrame or ndarray
        Positive levels (growth of 1 or prices); 2-D is one series per column.

    Returns
    -------
    float (or one per column)
        A decimal at most 0 (-0.25 = a 25% fall); 0 when it never falls.

    Raises
    ------
    PriceDataError
        On an empty input or a blank, non-finite or non-positive level.
    """
    arr = _as_1d_or_2d(growth, "Growth", 1)
    _check_positive(arr)
    return _wrap((arr / np.maximum.accumulate(arr, axis=0)).min(axis=0) - 1.0, growth)


def _check_positive(arr: np.ndarray) -> None:
    if (arr <= 0).any():
        pos = int(np.flatnonzero((arr <= 0).reshape(arr.shape[0], -1).any(axis=1))[0])
        raise PriceDataError(f"Growth must be positive; position {pos + 1} is not.")


def cagr(growth: Any, periods_per_year: int = TRADING_DAYS) -> Any:
    """Compound annual growth rate of a growth (or price) series.

    Parameters
    ----------
    growth : Series, DataFrame or ndarray
        Positive levels. With a DatetimeIndex the span is actual days /
        365.25; otherwise ``(len - 1) / periods_per_year`` years.
    periods_per_year : int, default 252
        Only used without dates.

    Returns
    -------
    float (or one per column)
        ``(last / first) ** (1 / years) - 1`` as a decimal (always
        annualized, even for spans under a year).

    Raises
    ------
    PriceDataError
        On fewer than 2 values, a non-positive or blank level, or a zero span.
    """
    arr = _as_1d_or_2d(growth, "Growth", 2)
    _check_positive(arr)
    index = getattr(growth, "index", None)
    if isinstance(index, pd.DatetimeIndex):
        years = (index[-1] - index[0]).days / DAYS_PER_YEAR
    else:
        years = (arr.shape[0] - 1) / periods_per_year
    if years <= 0:
        raise PriceDataError("Growth spans no time; CAGR is undefined.")
    return _wrap((arr[-1] / arr[0]) ** (1.0 / years) - 1.0, growth)


def _dated_growth(growth: Any, fn: str) -> pd.Series:
    if not isinstance(growth, pd.Series) or not isinstance(growth.index, pd.DatetimeIndex):
        raise PriceDataError(f"{fn} needs dates: pass a Series indexed by date.")
    arr = _as_1d_or_2d(growth.to_numpy(), "Growth", 2)
    _check_positive(arr)
    if not (growth.index.is_monotonic_increasing and growth.index.is_unique):
        raise PriceDataError(f"{fn}: dates must be ascending and unique.")
    return growth


def period_returns(growth: pd.Series, freq: str) -> pd.Series:
    stamps = growth.index.to_numpy().astype(f"datetime64[{freq}]")
    is_last = np.ones(len(stamps), dtype=bool)
    is_last[:-1] = stamps[1:] != stamps[:-1]
    values = growth.to_numpy(dtype=float)
    ends = values[is_last]
    starts = np.concatenate(([values[0]], ends[:-1]))
    return pd.Series(ends / starts - 1.0, index=growth.index[is_last])


def monthly_returns(growth: pd.Series) -> pd.Series:
    """Calendar-month returns from month-end closes.

    Parameters
    ----------
    growth : pandas.Series
        Positive levels indexed by date (ascending).

    Returns
    -------
    pandas.Series
        Decimal return per calendar month, indexed by the month's last close;
        the first (partial) month counts from the first close, the last from
        the previous month end to the last close.

    Raises
    ------
    PriceDataError
        Without a DatetimeIndex, on fewer than 2 values or bad levels.
    """
    growth = _dated_growth(growth, "monthly_returns")
    out = period_returns(growth, "M")
    out.name = "Monthly return"
    return out


def calendar_year_returns(growth: pd.Series) -> pd.Series:
    """Calendar-year returns from year-end closes.

    Parameters
    ----------
    growth : pandas.Series
        Positive levels indexed by date (ascending).

    Returns
    -------
    pandas.Series
        Decimal return per calendar year, indexed by year (int); the first
        partial year counts from the first close, the last partial year runs
        to the last close.

    Raises
    ------
    PriceDataError
        Without a DatetimeIndex, on fewer than 2 values or bad levels.
    """
    growth = _dated_growth(growth, "calendar_year_returns")
    out = period_returns(growth, "Y")
    out.index = pd.Index(out.index.year, name="Year")
    out.name = "Calendar-year return"
    return out
