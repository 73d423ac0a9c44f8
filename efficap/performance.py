"""Trailing (standardized) returns and risk statistics of blends.

Implements

- :data:`PERIODS`, :func:`window_start`, :func:`trailing_return`,
  :func:`trailing_returns` and :func:`standardized_table` -- trailing returns
  as of a date: YTD, 1/3/5/10 years (annualized when over a year) and since
  inception.
- :func:`risk_stats` -- CAGR, volatility, max drawdown, Sharpe ratio,
  correlation to equities, best and worst calendar month of a blend.
- Pure helpers on return or growth series (Series or ndarray):
  :func:`annualized_volatility`, :func:`max_drawdown`, :func:`sharpe_ratio`,
  :func:`monthly_returns`, :func:`calendar_year_returns`, :func:`cagr`.
- :func:`sweep_stats` -- CAGR, volatility and max drawdown of many weight
  vectors at once.

Conventions. All returns are decimals (0.0775 = 7.75%). A trailing period
ends at the last close on or before the as-of date. YTD starts at the last
close of the previous calendar year; N years at the last close on or before
the as-of date minus N calendar years (Feb 29 -> Feb 28); periods over one year
are annualized as ``growth ** (1 / N) - 1``. Since inception ("SI") starts at
the blend's first close (its youngest fund's first price) and is annualized
by actual days / 365.25 when it spans more than 365.25 days. A window holds
the target weights at its first close and then follows the rebalancing rule;
a window that would start before the blend's first close is NaN ("n/a"),
never a number from a shorter window. Daily statistics annualize with 252
trading days a year.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from efficap.blend import (
    Rebalance,
    _as_frame,
    _growth_matrix,
    _prepare,
    _prepare_matrix,
    _Prepared,
    _to_date,
    blend_growth,
    parse_rebalance,
)
from efficap.errors import EfficapError, PriceDataError, UnknownTickerError

__all__ = [
    "PERIODS",
    "TRADING_DAYS",
    "annualized_volatility",
    "cagr",
    "calendar_year_returns",
    "max_drawdown",
    "monthly_returns",
    "risk_stats",
    "sharpe_ratio",
    "standardized_table",
    "sweep_stats",
    "trailing_return",
    "trailing_returns",
    "window_start",
]

#: The standardized trailing periods, in table order.
PERIODS: tuple[str, ...] = ("YTD", "1Y", "3Y", "5Y", "10Y", "SI")

#: Trading days per year used to annualize daily statistics.
TRADING_DAYS = 252

_DAYS_PER_YEAR = 365.25
_SI_NAMES = {"si", "since inception", "inception", "itd", "inception to date"}
_PERIODS_TEXT = "YTD, 1Y, 3Y, 5Y, 10Y, SI (since inception)"
_SWEEP_CHUNK = 1000


#: The equity fund correlations are measured against when none is named.
DEFAULT_EQUITY = "IVV"


# --------------------------------------------------------------------------- periods


def _parse_period(period: Any) -> tuple[str, int | None]:
    """Return (canonical name, years): ("YTD", None), ("3Y", 3), ("SI", None)."""
    if not isinstance(period, str):
        raise EfficapError(f"Period must be text, got {period!r}. Use {_PERIODS_TEXT}.")
    text = " ".join(period.strip().lower().replace("-", " ").split())
    if text in ("ytd", "year to date"):
        return "YTD", None
    if text in _SI_NAMES:
        return "SI", None
    match = re.fullmatch(r"(\d+)\s*(?:y|yr|yrs|year|years)", text)
    if match and int(match.group(1)) > 0:
        years = int(match.group(1))
        return f"{years}Y", years
    raise EfficapError(f"Unknown period {period!r}. Use {_PERIODS_TEXT}.")


def _end_index(stamps: np.ndarray, as_of: pd.Timestamp) -> int:
    """Position of the last close on or before `as_of`, refusing stale data."""
    first, last = pd.Timestamp(stamps[0]), pd.Timestamp(stamps[-1])
    if as_of < first:
        raise PriceDataError(f"As-of {as_of:%Y-%m-%d} is before the first close {first:%Y-%m-%d}.")
    if as_of > last:
        # Allowed only when no weekday separates the last close and as_of
        # (e.g. a month end on a Sunday, data ending that Friday).
        weekdays = np.busday_count(
            (last + pd.Timedelta(days=1)).date(), (as_of + pd.Timedelta(days=1)).date()
        )
        if weekdays > 0:
            raise PriceDataError(f"Prices end {last:%Y-%m-%d}; as-of {as_of:%Y-%m-%d} is later.")
    return int(np.searchsorted(stamps, as_of.to_datetime64(), side="right")) - 1


def _start_target(as_of: pd.Timestamp, name: str, years: int | None) -> np.datetime64 | None:
    """Calendar date a window starts from (its first close is the last on or before it)."""
    if name == "SI":
        return None
    if name == "YTD":
        return np.datetime64(f"{as_of.year - 1}-12-31", "ns")
    return (as_of - pd.DateOffset(years=years)).to_datetime64()


def _start_index(stamps: np.ndarray, target: np.datetime64 | None) -> int | None:
    if target is None:
        return 0
    pos = int(np.searchsorted(stamps, target, side="right")) - 1
    return None if pos < 0 else pos


def window_start(
    dates: Sequence[Any] | pd.DatetimeIndex, as_of: Any, period: str
) -> pd.Timestamp | None:
    """First close of a trailing window.

    Parameters
    ----------
    dates : DatetimeIndex or sequence of dates
        The closes available (ascending), e.g. a blend's dates; the first is
        taken as its inception.
    as_of : date-like
        End of the period; the window ends at the last close on or before it.
    period : str
        ``"YTD"``, ``"1Y"``, ``"3Y"``, ``"5Y"``, ``"10Y"`` (any ``"<N>Y"``) or
        ``"SI"`` (also ``"since inception"``, ``"inception"``, ``"ITD"``);
        case-insensitive.

    Returns
    -------
    pandas.Timestamp or None
        The start close, or None when the history is too short (the period
        would start before the first close).

    Raises
    ------
    EfficapError
        On an unknown period.
    PriceDataError
        If `dates` is empty or unsorted, or `as_of` is before the first close
        or after the last one (see :func:`trailing_return`).
    """
    name, years = _parse_period(period)
    try:
        index = pd.DatetimeIndex(dates)
    except (TypeError, ValueError):
        raise PriceDataError("Dates must be dates.") from None
    if len(index) == 0:
        raise PriceDataError("No dates given.")
    if not index.is_monotonic_increasing:
        raise PriceDataError("Dates must be in ascending order.")
    stamp = _to_date(as_of, "As-of date")
    stamps = index.to_numpy().astype("datetime64[ns]")
    _end_index(stamps, stamp)
    pos = _start_index(stamps, _start_target(stamp, name, years))
    return None if pos is None else index[pos]


def _annualize(growth: float, name: str, years: int | None, days: int) -> float:
    if name == "SI":
        return growth ** (_DAYS_PER_YEAR / days) - 1.0 if days > _DAYS_PER_YEAR else growth - 1.0
    if years is not None and years > 1:
        return growth ** (1.0 / years) - 1.0
    return growth - 1.0


def _trailing(
    prep: _Prepared,
    rule: Rebalance,
    as_of: pd.Timestamp,
    periods: list[tuple[str, int | None]],
    targets: list[np.datetime64 | None] | None = None,
) -> list[float]:
    stamps = prep.stamps
    i1 = _end_index(stamps, as_of)
    if targets is None:
        targets = [_start_target(as_of, name, years) for name, years in periods]
    out = []
    for (name, years), target in zip(periods, targets, strict=True):
        i0 = _start_index(stamps, target)
        if i0 is None:
            out.append(np.nan)
            continue
        if i0 >= i1:
            out.append(0.0)
            continue
        growth = _growth_matrix(
            prep.months[i0 : i1 + 1], prep.values[i0 : i1 + 1], prep.w[:, None], rule
        )[-1, 0]
        days = int((stamps[i1] - stamps[i0]) // np.timedelta64(1, "D"))
        out.append(float(_annualize(float(growth), name, years, days)))
    return out


def trailing_return(
    prices: pd.DataFrame,
    weights: Mapping[str, float] | pd.Series,
    as_of: Any,
    period: str,
    rebalance: str | Rebalance | None = "quarterly",
) -> float:
    """One trailing return of a blend, as a decimal (annualized over a year).

    Parameters
    ----------
    prices : pandas.DataFrame
        Total-return closes, one column per ticker, indexed by date.
    weights : mapping or Series
        Ticker -> decimal weight, adding up to 1.
    as_of : date-like
        End date; the last close on or before it is used.
    period : str
        See :func:`window_start`.
    rebalance : str or Rebalance, default "quarterly"
        See :func:`efficap.blend.parse_rebalance`.

    Returns
    -------
    float
        Total return (YTD, 1Y, SI up to a year) or annualized return, as a
        decimal; NaN when the blend's history does not cover the period.

    Raises
    ------
    PriceDataError
        If `as_of` is before the blend's first close or after its last close
        (unless only a weekend lies between), or the prices are malformed.
    WeightsError, UnknownTickerError, EfficapError
        On bad weights, unknown tickers, an unknown period or rule.
    """
    parsed = _parse_period(period)
    rule = parse_rebalance(rebalance)
    stamp = _to_date(as_of, "As-of date")
    prep = _prepare(_as_frame(prices), weights)
    return _trailing(prep, rule, stamp, [parsed])[0]


def trailing_returns(
    prices: pd.DataFrame,
    weights: Mapping[str, float] | pd.Series,
    as_of: Any,
    rebalance: str | Rebalance | None = "quarterly",
    periods: Iterable[str] = PERIODS,
) -> pd.Series:
    """Trailing returns of one blend for several periods (decimals).

    Same parameters and errors as :func:`trailing_return`, with `periods` a
    list of period names.

    Returns
    -------
    pandas.Series
        Indexed by canonical period name (``"YTD"``, ``"1Y"``, ..., ``"SI"``);
        NaN where the history is too short.
    """
    parsed = _parse_periods(periods)
    rule = parse_rebalance(rebalance)
    stamp = _to_date(as_of, "As-of date")
    prep = _prepare(_as_frame(prices), weights)
    values = _trailing(prep, rule, stamp, parsed)
    return pd.Series(values, index=[p[0] for p in parsed], name="Return", dtype=float)


def _parse_periods(periods: Iterable[str]) -> list[tuple[str, int | None]]:
    if isinstance(periods, str):
        periods = [periods]
    parsed = [_parse_period(p) for p in periods]
    if not parsed:
        raise EfficapError(f"No periods given. Use {_PERIODS_TEXT}.")
    return parsed


def standardized_table(
    prices: pd.DataFrame,
    blends: Mapping[str, Mapping[str, float] | pd.Series],
    as_of: Any,
    rebalance: str | Rebalance | None = "quarterly",
    periods: Iterable[str] = PERIODS,
) -> pd.DataFrame:
    """Standardized performance table: one row per blend, one column per period.

    Parameters
    ----------
    prices : pandas.DataFrame
        Total-return closes, one column per ticker, indexed by date.
    blends : mapping of str to weights
        Blend name -> (ticker -> decimal weight); rows keep this order.
    as_of : date-like
        End date of every period (last close on or before it).
    rebalance : str or Rebalance, default "quarterly"
        Rule for every blend.
    periods : iterable of str, default PERIODS
        Column order.

    Returns
    -------
    pandas.DataFrame
        Decimal returns, annualized for periods over a year; NaN ("n/a")
        where a blend's history is too short, and a row of NaN for a blend
        that has no close on or before `as_of`.

    Raises
    ------
    PriceDataError
        If `as_of` is before every close or after the last close of a blend,
        or the prices are malformed.
    WeightsError, UnknownTickerError, EfficapError
        As :func:`trailing_return`; the message names the blend.
    """
    parsed = _parse_periods(periods)
    rule = parse_rebalance(rebalance)
    stamp = _to_date(as_of, "As-of date")
    if not isinstance(blends, Mapping) or not blends:
        raise EfficapError("No blends given: pass a mapping of name -> weights.")
    frame = _as_frame(prices)
    first = pd.Timestamp(frame.stamps[0])
    if stamp < first:
        raise PriceDataError(f"As-of {stamp:%Y-%m-%d} is before the first close {first:%Y-%m-%d}.")
    targets = [_start_target(stamp, name, years) for name, years in parsed]
    rows = []
    for name, weights in blends.items():
        try:
            prep = _prepare(frame, weights)
        except EfficapError as exc:
            raise type(exc)(f"{name}: {exc}") from None
        if stamp.to_datetime64() < prep.stamps[0]:
            rows.append([np.nan] * len(parsed))
            continue
        rows.append(_trailing(prep, rule, stamp, parsed, targets))
    return pd.DataFrame(
        rows,
        index=pd.Index(list(blends), name="Blend"),
        columns=[p[0] for p in parsed],
        dtype=float,
    )


# --------------------------------------------------------------------------- helpers


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
    EfficapError
        If `risk_free` is not a number above -100%.
    """
    arr = _as_1d_or_2d(returns, "Returns", 2)
    rf = _risk_free_per_period(risk_free, periods_per_year)
    std = arr.std(axis=0, ddof=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(std > 0, (arr.mean(axis=0) - rf) / std * np.sqrt(periods_per_year), np.nan)
    return _wrap(np.asarray(ratio), returns)


def _risk_free_per_period(risk_free: Any, periods_per_year: int) -> float:
    if isinstance(risk_free, bool) or not isinstance(risk_free, (int, float, np.number)):
        raise EfficapError(f"Risk-free rate must be an annual decimal, got {risk_free!r}.")
    if not np.isfinite(risk_free) or risk_free <= -1:
        raise EfficapError(f"Risk-free rate must be an annual decimal above -1, got {risk_free!r}.")
    return float((1.0 + risk_free) ** (1.0 / periods_per_year) - 1.0)


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
        years = (index[-1] - index[0]).days / _DAYS_PER_YEAR
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


def _period_returns(growth: pd.Series, freq: str) -> pd.Series:
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
    out = _period_returns(growth, "M")
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
    out = _period_returns(growth, "Y")
    out.index = pd.Index(out.index.year, name="Year")
    out.name = "Calendar-year return"
    return out


# --------------------------------------------------------------------------- risk


def risk_stats(
    prices: pd.DataFrame,
    weights: Mapping[str, float] | pd.Series,
    rebalance: str | Rebalance | None = "quarterly",
    risk_free: float = 0.0,
    equity: str | None = None,
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
    rebalance : str or Rebalance, default "quarterly"
    risk_free : float, default 0.0
        **Annual** risk-free rate as a decimal, for the Sharpe ratio.
    equity : str, optional
        Ticker whose daily returns define "equities" for the correlation. By
        default IVV (:data:`DEFAULT_EQUITY`) when the prices include it, else the
        correlation is NaN; a ticker passed explicitly must have prices.
    start, end : date-like, optional
        Window, as in :func:`efficap.blend.blend_growth`.

    Returns
    -------
    pandas.Series
        ``CAGR`` (actual days / 365.25), ``Volatility`` (daily, annualized by
        sqrt(252)), ``Max Drawdown`` (a negative decimal), ``Sharpe``
        (annualized), ``Correlation to equities`` (daily returns on the
        blend's dates), ``Best Month`` and ``Worst Month`` (calendar months;
        the first partial month from the first close). All decimals.

    Raises
    ------
    UnknownTickerError
        If `equity` is given explicitly but has no prices.
    WeightsError, PriceDataError, EfficapError
        As :func:`efficap.blend.blend_growth`, or on a bad `risk_free`.
    """
    rf = _risk_free_per_period(risk_free, TRADING_DAYS)
    frame = _as_frame(prices)
    if equity is None:
        eq = DEFAULT_EQUITY if DEFAULT_EQUITY in frame.columns else None
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
    years = (growth.index[-1] - growth.index[0]).days / _DAYS_PER_YEAR
    std = rets.std(ddof=1) if len(rets) > 1 else np.nan
    corr = np.nan
    if eq is not None:
        col = frame.values[:, frame.columns.index(eq)]
        level = pd.Series(col, index=frame.dates).reindex(growth.index).to_numpy()
        eq_rets = level[1:] / level[:-1] - 1.0
        ok = np.isfinite(eq_rets)
        if ok.sum() > 2 and rets[ok].std() > 0 and eq_rets[ok].std() > 0:
            corr = float(np.corrcoef(rets[ok], eq_rets[ok])[0, 1])
    months = _period_returns(growth, "M").to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        sharpe = (rets.mean() - rf) / std * np.sqrt(TRADING_DAYS) if std > 0 else np.nan
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
    rebalance: str | Rebalance | None = "quarterly",
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
    rebalance : str or Rebalance, default "quarterly"
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
    prep = _prepare_matrix(_as_frame(prices), weight_matrix)
    p = prep.W.shape[1]
    years = float((prep.stamps[-1] - prep.stamps[0]) / np.timedelta64(1, "D")) / _DAYS_PER_YEAR
    out = np.empty((p, 3))
    for lo in range(0, p, int(chunk)):
        hi = min(p, lo + int(chunk))
        g = _growth_matrix(prep.months, prep.values, prep.W[:, lo:hi], rule)
        rets = g[1:] / g[:-1]
        out[lo:hi, 0] = g[-1] ** (1.0 / years) - 1.0 if years > 0 else np.nan
        out[lo:hi, 1] = rets.std(axis=0, ddof=1) * np.sqrt(TRADING_DAYS)
        out[lo:hi, 2] = (g / np.maximum.accumulate(g, axis=0)).min(axis=0) - 1.0
    index = weight_matrix.columns if isinstance(weight_matrix, pd.DataFrame) else None
    return pd.DataFrame(out, index=index, columns=["CAGR", "Volatility", "Max Drawdown"])
