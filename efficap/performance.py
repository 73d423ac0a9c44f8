"""Trailing (standardized) returns of blends, read off their track record.

Implements

- :data:`PERIODS`, :data:`PERIOD_LABELS` (from :mod:`efficap.periods`, the one period
  grammar), :data:`WINDOWS` -- the standardized periods, their display labels, and the
  two window conventions.
- :func:`window_start`, :func:`trailing_return`, :func:`trailing_returns`,
  :func:`standardized_table` -- trailing returns as of a date: YTD, 1/3/5/10 years
  (annualized when over a year) and since inception.
- :func:`caption` -- the one line that says what a performance table is.

Conventions (the way a fund sponsor or Morningstar shows a portfolio's record).
All returns are decimals (0.0775 = 7.75%).

- **Linked windows (default).** A blend has one history: its growth path under the
  rebalancing rule from its first common close. A trailing return is the ratio of
  that path at the window's end and start closes, with whatever drift the weights
  had then. ``window="restart"`` instead starts a fresh blend at the target weights
  on the window's first close (a fresh-start view, never the default).
- **End.** A period ends at the last close on or before the as-of date. An as-of date
  after the last close is accepted only when the NYSE was closed on every day in
  between (a weekend, Good Friday); otherwise it is refused.
- **Start.** YTD starts at the last close of the previous calendar year. N years: when
  the end close is the month's last trading day (NYSE calendar), at the last close on
  or before the calendar end of the same month N years earlier (2025-02-28 ->
  2024-02-29, 2025-05-30 -> 2024-05-31), so standardized periods run month end to
  month end; otherwise at the last close on or before the as-of date minus N years.
  Since inception ("SI") starts at the blend's first close (its youngest fund's).
- **Annualizing.** N-year periods over one year as ``growth ** (1 / N) - 1``; SI by
  actual days / 365.25 when it spans more than 365.25 days.
- A window that would start before the blend's first close is NaN ("n/a"), never a
  number from a shorter window.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from efficap import engine
from efficap.blend import Rebalance, parse_rebalance
from efficap.dates import parse_date
from efficap.errors import DateError, EfficapError, PriceDataError, RuleError
from efficap.market_calendar import sessions_after
from efficap.periods import PERIOD_LABELS, PERIODS, parse_period, parse_periods
from efficap.stats import DAYS_PER_YEAR

__all__ = [
    "DEFAULT_WINDOW",
    "PERIODS",
    "PERIOD_LABELS",
    "WINDOWS",
    "caption",
    "parse_window",
    "standardized_table",
    "trailing_return",
    "trailing_returns",
    "window_start",
]

#: The window conventions: read off the blend's linked history, or restart at target.
WINDOWS: tuple[str, ...] = ("linked", "restart")

#: The window convention used when none is given.
DEFAULT_WINDOW = "linked"

_WINDOW_ALIASES = {"link": "linked", "linked": "linked", "restarted": "restart"}
_WINDOW_ALIASES |= {"restart": "restart", "fresh": "restart", "fresh start": "restart"}
_WINDOW_TEXT = {
    "linked": "periods read off the blend's own history",
    "restart": "each period restarted at target weights",
}


def parse_window(window: Any = None) -> str:
    """Return ``"linked"`` or ``"restart"`` from a window convention written as text.

    None or blank means :data:`DEFAULT_WINDOW`. Raises :class:`RuleError` otherwise.
    """
    if window is None or (isinstance(window, str) and not window.strip()):
        return DEFAULT_WINDOW
    if isinstance(window, str):
        name = _WINDOW_ALIASES.get(" ".join(window.strip().lower().replace("-", " ").split()))
        if name is not None:
            return name
    raise RuleError(f"Unknown window convention {window!r}. Use linked (default) or restart.")


def caption(as_of: Any, rebalance: str | Rebalance | None = None, window: Any = None) -> str:
    """The line that says what a performance table is.

    Parameters
    ----------
    as_of : date-like
        The close the periods end at.
    rebalance, window : optional
        The rule and window convention (defaults as elsewhere).

    Returns
    -------
    str

    Examples
    --------
    >>> caption("2026-03-31", "quarterly")  # doctest: +ELLIPSIS
    "as of 2026-03-31; quarterly rebalancing; linked windows (periods read off the ...annualized"
    """
    stamp = parse_date(as_of, "As-of date")
    rule = parse_rebalance(rebalance)
    name = parse_window(window)
    return (
        f"as of {stamp:%Y-%m-%d}; {rule} rebalancing; {name} windows ({_WINDOW_TEXT[name]}); "
        "returns over a year annualized"
    )


def _end_index(stamps: np.ndarray, as_of: pd.Timestamp) -> int:
    """Position of the last close on or before `as_of`, refusing stale data."""
    first, last = pd.Timestamp(stamps[0]), pd.Timestamp(stamps[-1])
    if as_of < first:
        raise PriceDataError(f"As-of {as_of:%Y-%m-%d} is before the first close {first:%Y-%m-%d}.")
    if as_of > last:
        # Allowed only when the exchange was closed on every day in between (a
        # weekend, Good Friday): then the last close is the as-of close.
        missing = sessions_after(last, as_of)
        if missing > 0:
            raise PriceDataError(
                f"Prices end {last:%Y-%m-%d}; as-of {as_of:%Y-%m-%d} is {missing} trading "
                "day(s) later. Add prices or pick an earlier date."
            )
    return int(np.searchsorted(stamps, as_of.to_datetime64(), side="right")) - 1


def _month_end_anchor(close: pd.Timestamp) -> pd.Timestamp | None:
    """The calendar month end of `close` when it is the month's last NYSE session, else None."""
    month_end = close + pd.offsets.MonthEnd(0)
    return month_end if sessions_after(close, month_end) == 0 else None


def _start_target(
    as_of: pd.Timestamp, anchor: pd.Timestamp | None, name: str, years: int | None
) -> np.datetime64 | None:
    """Calendar date a window starts from (its first close is the last on or before it);
    with a month-end `anchor` (:func:`_month_end_anchor`), N years before that month end."""
    if name == "SI":
        return None
    if name == "YTD":
        return np.datetime64(f"{as_of.year - 1}-12-31", "ns")
    try:
        if anchor is not None:
            return (anchor - pd.DateOffset(years=years) + pd.offsets.MonthEnd(0)).to_datetime64()
        return (as_of - pd.DateOffset(years=years)).to_datetime64()
    except (OverflowError, pd.errors.OutOfBoundsDatetime):
        raise DateError(f"{name} before {as_of:%Y-%m-%d} is before 1677: no prices.") from None


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
    name, years = parse_period(period)
    try:
        index = pd.DatetimeIndex(dates)
    except (TypeError, ValueError):
        raise PriceDataError("Dates must be dates.") from None
    if len(index) == 0:
        raise PriceDataError("No dates given.")
    if not index.is_monotonic_increasing:
        raise PriceDataError("Dates must be in ascending order.")
    stamp = parse_date(as_of, "As-of date")
    stamps = index.to_numpy().astype("datetime64[ns]")
    anchor = _month_end_anchor(pd.Timestamp(stamps[_end_index(stamps, stamp)]))
    pos = _start_index(stamps, _start_target(stamp, anchor, name, years))
    return None if pos is None else index[pos]


def _annualize(growth: float, name: str, years: int | None, days: int) -> float:
    if name == "SI":
        return growth ** (DAYS_PER_YEAR / days) - 1.0 if days > DAYS_PER_YEAR else growth - 1.0
    if years is not None and years > 1:
        return growth ** (1.0 / years) - 1.0
    return growth - 1.0


def _trailing(
    prep: engine.Prepared,
    rule: Rebalance,
    as_of: pd.Timestamp,
    periods: list[tuple[str, int | None]],
    window: str,
) -> list[float]:
    stamps = prep.stamps
    i1 = _end_index(stamps, as_of)
    anchor = _month_end_anchor(pd.Timestamp(stamps[i1]))
    path = None
    if window == "linked":
        # One history from the first close; every window is a ratio of it.
        path = engine.growth_matrix(
            prep.months[: i1 + 1], prep.values[: i1 + 1], prep.w[:, None], rule
        )[:, 0]
    out = []
    for name, years in periods:
        i0 = _start_index(stamps, _start_target(as_of, anchor, name, years))
        if i0 is None:
            out.append(np.nan)
            continue
        if i0 >= i1:
            out.append(0.0)
            continue
        if path is not None:
            growth = float(path[i1] / path[i0])
        else:
            growth = float(
                engine.growth_matrix(
                    prep.months[i0 : i1 + 1], prep.values[i0 : i1 + 1], prep.w[:, None], rule
                )[-1, 0]
            )
        days = int((stamps[i1] - stamps[i0]) // np.timedelta64(1, "D"))
        out.append(float(_annualize(growth, name, years, days)))
    return out


def trailing_return(
    prices: pd.DataFrame,
    weights: Mapping[str, float] | pd.Series,
    as_of: Any,
    period: str,
    rebalance: str | Rebalance | None = None,
    window: str | None = None,
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
    rebalance : str or Rebalance, optional
        See :func:`efficap.blend.parse_rebalance` (None: the default rule, annual).
    window : {"linked", "restart"}, optional
        ``"linked"`` (default): the ratio of the blend's own rebalanced history at the
        end and start closes. ``"restart"``: a fresh blend at target weights from the
        start close.

    Returns
    -------
    float
        Total return (YTD, 1Y, SI up to a year) or annualized return, as a
        decimal; NaN when the blend's history does not cover the period.

    Raises
    ------
    PriceDataError
        If `as_of` is before the blend's first close or after its last close
        (unless the exchange was closed on every day between), or the prices are
        malformed.
    DateError
        On a blank, unreadable or ambiguous as-of date.
    WeightsError, UnknownTickerError, RuleError
        On bad weights, unknown tickers, an unknown period, rule or window.
    """
    parsed = parse_period(period)
    rule = parse_rebalance(rebalance)
    name = parse_window(window)
    stamp = parse_date(as_of, "As-of date")
    prep = engine.prepare(engine.as_frame(prices), weights)
    return _trailing(prep, rule, stamp, [parsed], name)[0]


def trailing_returns(
    prices: pd.DataFrame,
    weights: Mapping[str, float] | pd.Series,
    as_of: Any,
    rebalance: str | Rebalance | None = None,
    periods: Iterable[str] = PERIODS,
    window: str | None = None,
) -> pd.Series:
    """Trailing returns of one blend for several periods (decimals).

    Same parameters and errors as :func:`trailing_return`, with `periods` a
    list of period names (default :data:`PERIODS`).

    Returns
    -------
    pandas.Series
        Indexed by canonical period name (``"YTD"``, ``"1Y"``, ..., ``"SI"``);
        NaN where the history is too short.
    """
    parsed = parse_periods(periods)
    rule = parse_rebalance(rebalance)
    name = parse_window(window)
    stamp = parse_date(as_of, "As-of date")
    prep = engine.prepare(engine.as_frame(prices), weights)
    values = _trailing(prep, rule, stamp, parsed, name)
    return pd.Series(values, index=[p[0] for p in parsed], name="Return", dtype=float)


def standardized_table(
    prices: pd.DataFrame,
    blends: Mapping[str, Mapping[str, float] | pd.Series],
    as_of: Any,
    rebalance: str | Rebalance | None = None,
    periods: Iterable[str] = PERIODS,
    window: str | None = None,
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
    rebalance : str or Rebalance, optional
        Rule for every blend (None: the default rule, annual).
    periods : iterable of str, default PERIODS
        Column order.
    window : {"linked", "restart"}, optional
        Window convention (default linked; see :func:`trailing_return`).

    Returns
    -------
    pandas.DataFrame
        Decimal returns, annualized for periods over a year; NaN ("n/a")
        where a blend's history is too short, and a row of NaN for a blend
        that has no close on or before `as_of`. ``table.attrs`` says what the
        table is: ``as_of`` (the requested date), ``rebalance`` (the rule, as
        text), ``window`` and ``caption`` (see :func:`caption`).

    Raises
    ------
    PriceDataError
        If `as_of` is before every close or after the last close of a blend,
        or the prices are malformed.
    WeightsError, UnknownTickerError, RuleError, EfficapError
        As :func:`trailing_return`; the message names the blend.
    """
    parsed = parse_periods(periods)
    rule = parse_rebalance(rebalance)
    name_window = parse_window(window)
    stamp = parse_date(as_of, "As-of date")
    if not isinstance(blends, Mapping) or not blends:
        raise EfficapError("No blends given: pass a mapping of name -> weights.")
    frame = engine.as_frame(prices)
    first = pd.Timestamp(frame.stamps[0])
    if stamp < first:
        raise PriceDataError(f"As-of {stamp:%Y-%m-%d} is before the first close {first:%Y-%m-%d}.")
    rows = []
    for name, weights in blends.items():
        try:
            prep = engine.prepare(frame, weights)
        except EfficapError as exc:
            raise type(exc)(f"{name}: {exc}") from None
        if stamp.to_datetime64() < prep.stamps[0]:
            rows.append([np.nan] * len(parsed))
            continue
        rows.append(_trailing(prep, rule, stamp, parsed, name_window))
    table = pd.DataFrame(
        rows,
        index=pd.Index(list(blends), name="Blend"),
        columns=[p[0] for p in parsed],
        dtype=float,
    )
    table.attrs = {
        "as_of": stamp,
        "rebalance": str(rule),
        "window": name_window,
        "caption": caption(stamp, rule, name_window),
    }
    return table
