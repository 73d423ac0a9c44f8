"""What a blend's own history shows: drawdown episodes and calendar years.

Implements

- :func:`drawdowns` -- the worst drawdown episodes of one dated growth series
  (depth, peak, trough, recovery), vectorized.
- :func:`drawdown_table` -- the same for several blends, in long form.
- :class:`CalendarYears` and :func:`calendar_years` -- the blends' calendar-year
  returns with the partial years marked.
- :func:`growth_table` -- several blends' growth of 1 side by side, each over its own
  history: a table every function above (and any other over prices) can read as closes.

Conventions. Every figure is read off a blend's linked history: its growth of
1 from its first common close under the rebalancing rule
(:func:`efficap.blend.blend_growth`, computed once per blend), never a window
restarted at target weights. Returns and depths are decimals (-0.25 = -25%);
lengths are counted in trading days (closes after the peak).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from efficap._linked import Blends, check_blends, check_top, growth_paths, last_weekday
from efficap.blend import Rebalance, parse_rebalance
from efficap.errors import PriceDataError
from efficap.market_calendar import trading_days

__all__ = [
    "DRAWDOWN_COLUMNS",
    "CalendarYears",
    "calendar_years",
    "drawdown_table",
    "drawdowns",
    "growth_table",
]

#: Columns of :func:`drawdowns`, in order.
DRAWDOWN_COLUMNS: tuple[str, ...] = (
    "depth",
    "peak",
    "trough",
    "recovery",
    "not_recovered",
    "trading_days",
    "trading_days_to_trough",
)


# --------------------------------------------------------------------------- drawdowns


def _check_growth(growth: Any) -> np.ndarray:
    if not isinstance(growth, pd.Series) or not isinstance(growth.index, pd.DatetimeIndex):
        raise PriceDataError("drawdowns needs a growth Series indexed by date.")
    if not (growth.index.is_monotonic_increasing and growth.index.is_unique):
        raise PriceDataError("drawdowns: dates must be ascending and unique.")
    try:
        values = growth.to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise PriceDataError("drawdowns: growth must be numbers.") from None
    if values.size == 0:
        raise PriceDataError("drawdowns: growth is empty.")
    bad = ~(np.isfinite(values) & (values > 0))
    if bad.any():
        day = growth.index[int(np.argmax(bad))]
        raise PriceDataError(
            f"drawdowns: growth must be positive numbers; not so on {day:%Y-%m-%d}."
        )
    return values


def drawdowns(growth: pd.Series, top: int | None = 5) -> pd.DataFrame:
    """The worst drawdown episodes of a growth (or price) series.

    An episode runs from a peak (a close at the highest level so far) through
    the closes below that level, to the recovery: the first close back at or
    above it. Episodes therefore never overlap.

    Parameters
    ----------
    growth : pandas.Series
        Positive levels (growth of 1 or total-return prices) indexed by
        ascending unique dates.
    top : int or None, default 5
        How many episodes to return, deepest first; None for all.

    Returns
    -------
    pandas.DataFrame
        Index ``rank`` (1 = deepest); columns ``depth`` (trough / peak - 1, a
        negative decimal), ``peak``, ``trough`` and ``recovery`` (dates; NaT
        when not recovered by the last close), ``not_recovered`` (bool),
        ``trading_days`` (NYSE sessions after the peak up to the recovery, or up
        to the last close when not recovered; a fund's missing closes do not
        shorten it) and ``trading_days_to_trough``. Ties in depth
        keep the earlier episode first. No rows when the series never falls.

    Raises
    ------
    PriceDataError
        Without a DatetimeIndex, on unsorted or repeated dates, or a blank,
        non-finite or non-positive level.
    EfficapError
        If `top` is not a whole number of at least 1 (or None).
    """
    limit = check_top(top)
    g = _check_growth(growth)
    return _episode_frame(_episodes(g, limit), _stamps(growth))


def _stamps(growth: pd.Series) -> np.ndarray:
    return growth.index.to_numpy().astype("datetime64[ns]")


def _episodes(g: np.ndarray, limit: int | None) -> tuple[np.ndarray, ...]:
    """(depth, peak, trough, recovery, end) of the deepest episodes, as arrays.

    Positions are row numbers; `recovery` is ``len(g)`` where not recovered,
    `end` is the recovery or else the last row.
    """
    n = g.size
    under = g < np.maximum.accumulate(g)  # below the running high
    starts = under & ~np.r_[False, under[:-1]]
    first = np.flatnonzero(starts)  # first close of each run below a high
    last = np.flatnonzero(under & ~np.r_[under[1:], False])  # last close of each run
    if first.size == 0:
        none = np.empty(0, dtype=np.int64)
        return np.empty(0), none, none, none, none
    peak = first - 1
    run = np.cumsum(starts) - 1  # run number at each close (meaningful where under)
    low = np.minimum.reduceat(np.where(under, g, np.inf), first)
    hit = np.flatnonzero(under & (g == low[np.maximum(run, 0)]))
    _, first_hit = np.unique(run[hit], return_index=True)
    trough = hit[first_hit]  # earliest lowest close of each run
    depth = g[trough] / g[peak] - 1.0
    order = np.argsort(depth, kind="stable")[:limit]
    recovery = last[order] + 1
    return depth[order], peak[order], trough[order], recovery, np.minimum(recovery, n - 1)


def _episode_columns(episodes: tuple[np.ndarray, ...], stamps: np.ndarray) -> dict[str, Any]:
    depth, peak, trough, recovery, end = episodes
    recovered = recovery < len(stamps)
    # NYSE sessions on or before each close: episode lengths count sessions, not the
    # blend's common closes (DBMF's missing days would shorten an episode).
    days = stamps.astype("datetime64[D]").astype("datetime64[ns]")
    held = np.empty(0, dtype=np.int64)
    if days.size:
        sessions = trading_days(days[0], days[-1]).to_numpy(dtype="datetime64[ns]")
        held = np.searchsorted(sessions, days, side="right")
    return {
        "depth": depth.astype(float),
        "peak": stamps[peak],
        "trough": stamps[trough],
        "recovery": np.where(recovered, stamps[end], np.datetime64("NaT", "ns")),
        "not_recovered": ~recovered,
        "trading_days": (held[end] - held[peak]).astype(np.int64),
        "trading_days_to_trough": (held[trough] - held[peak]).astype(np.int64),
    }


def _episode_frame(episodes: tuple[np.ndarray, ...], stamps: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(
        _episode_columns(episodes, stamps),
        index=pd.RangeIndex(1, len(episodes[0]) + 1, name="rank"),
    )


def drawdown_table(
    prices: pd.DataFrame,
    blends: Blends,
    top: int | None = 5,
    rebalance: str | Rebalance | None = None,
) -> pd.DataFrame:
    """The worst drawdowns of several blends, in long form.

    Parameters
    ----------
    prices : pandas.DataFrame
        Total-return closes, one column per ticker, indexed by date.
    blends : mapping of str to weights
        Blend name -> (ticker -> decimal weight adding up to 1).
    top : int or None, default 5
        Episodes per blend, deepest first; None for all.
    rebalance : str or Rebalance, optional
        Rule for every blend; None means the package default.

    Returns
    -------
    pandas.DataFrame
        Columns ``blend``, ``rank`` and those of :func:`drawdowns`, blends in
        the order given, each blend's episodes deepest first.

    Raises
    ------
    WeightsError, UnknownTickerError, PriceDataError, EfficapError
        As :func:`efficap.blend.blend_growth` (the message names the blend),
        or on a bad `top`.
    """
    limit = check_top(top)
    return drawdowns_from_paths(growth_paths(prices, blends, parse_rebalance(rebalance)), limit)


def drawdowns_from_paths(paths: dict[str, pd.Series], top: int | None) -> pd.DataFrame:
    """Long drawdown table from growth paths already computed (see :func:`drawdown_table`)."""
    names, ranks, parts = [], [], []
    for name, path in paths.items():
        if len(path) == 0:
            continue
        episodes = _episodes(path.to_numpy(dtype=float), top)
        names.append(np.full(len(episodes[0]), name, dtype=object))
        ranks.append(np.arange(1, len(episodes[0]) + 1))
        parts.append(_episode_columns(episodes, _stamps(path)))
    if not parts:
        return pd.DataFrame(columns=["blend", "rank", *DRAWDOWN_COLUMNS])
    columns = {c: np.concatenate([p[c] for p in parts]) for c in DRAWDOWN_COLUMNS}
    return pd.DataFrame({"blend": np.concatenate(names), "rank": np.concatenate(ranks), **columns})


# --------------------------------------------------------------------------- calendar years


@dataclass(frozen=True)
class CalendarYears:
    """Calendar-year returns of blends, with the partial years marked.

    Attributes
    ----------
    returns : pandas.DataFrame
        Index ``Blend``, one int column per calendar year (ascending): the
        decimal return from the last close of the year before (or the blend's
        first close) to the year's last close (or the blend's last close).
        NaN where the blend has no return that year.
    partial : pandas.DataFrame
        Same index and columns, bool: True where the return covers less than
        the calendar year. A blend's first year always does: it counts from
        the first close, so it misses at least the move into that close. Its
        last year does when the data end before the year's last weekday (for
        the NYSE always a trading day). False where `returns` is NaN.
    """

    returns: pd.DataFrame
    partial: pd.DataFrame


def calendar_years(
    prices: pd.DataFrame, blends: Blends, rebalance: str | Rebalance | None = None
) -> CalendarYears:
    """Each blend's calendar-year returns, partial years marked.

    Parameters
    ----------
    prices : pandas.DataFrame
        Total-return closes, one column per ticker, indexed by date.
    blends : mapping of str to weights
        Blend name -> (ticker -> decimal weight adding up to 1); rows keep
        this order.
    rebalance : str or Rebalance, optional
        Rule for every blend; None means the package default.

    Returns
    -------
    CalendarYears
        ``returns`` (decimals) and ``partial`` (bool) frames of one shape;
        the years are the union of the blends' years. Each year is
        ``g(year's last close) / g(previous year's last close) - 1`` on the
        blend's growth path ``g`` (as
        :func:`efficap.stats.calendar_year_returns` of that path), so
        the years compound to the blend's total return over its history.

    Raises
    ------
    WeightsError, UnknownTickerError, PriceDataError, EfficapError
        As :func:`efficap.blend.blend_growth`; the message names the blend.
    """
    return calendar_from_paths(growth_paths(prices, blends, parse_rebalance(rebalance)))


def calendar_from_paths(paths: dict[str, pd.Series]) -> CalendarYears:
    """Calendar years from growth paths already computed (see :func:`calendar_years`)."""
    rows: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for path in paths.values():
        if len(path) < 2:
            rows.append((np.empty(0, dtype=np.int64), np.empty(0), np.empty(0, dtype=bool)))
            continue
        days = _stamps(path).astype("datetime64[D]")
        g = path.to_numpy(dtype=float)
        year = days.astype("datetime64[Y]").astype(np.int64) + 1970
        is_last = np.r_[year[1:] != year[:-1], True]  # the year's last close
        ends = g[is_last]
        values = ends / np.r_[g[0], ends[:-1]] - 1.0
        flags = np.zeros(values.size, dtype=bool)
        if is_last[0]:
            values[0] = np.nan  # the first year holds only the first close: no return
        else:
            flags[0] = True
        flags[-1] |= days[-1] < last_weekday(np.datetime64(f"{year[-1]}-12-31"))
        rows.append((year[is_last], values, flags & ~np.isnan(values)))
    all_years = np.unique(np.concatenate([r[0] for r in rows]))
    ret = np.full((len(rows), all_years.size), np.nan)
    part = np.zeros(ret.shape, dtype=bool)
    for k, (years, values, flags) in enumerate(rows):
        pos = np.searchsorted(all_years, years)
        ret[k, pos], part[k, pos] = values, flags
    keep = ~np.isnan(ret).all(axis=0)
    index = pd.Index(list(paths), name="Blend")
    columns = pd.Index(all_years[keep].tolist(), dtype=np.int64, name="Year")
    return CalendarYears(
        pd.DataFrame(ret[:, keep], index=index, columns=columns),
        pd.DataFrame(part[:, keep], index=index.copy(), columns=columns.copy()),
    )


# --------------------------------------------------------------------------- growth table


def growth_table(
    prices: pd.DataFrame,
    blends: Blends,
    rebalance: str | Rebalance | None = None,
    funds: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Each blend's growth of 1 over its own whole history, side by side.

    A growth column is a price series: a 100% blend of it has the blend's own path, so
    performance, risk, stress, calendar and drawdown figures read off this table equal
    those computed from the prices and weights (a workbook computes each blend once and
    hands its tables only this). Windows restarted at target weights
    (``window="restart"``) are the exception: they need the funds' own closes.

    Parameters
    ----------
    prices : pandas.DataFrame
        Total-return closes, one column per ticker, indexed by date.
    blends : mapping of str to weights
        Blend name -> (ticker -> decimal weight adding up to 1); columns keep this order.
    rebalance : str or Rebalance, optional
        Rule for every blend; None means the package default.
    funds : sequence of str, optional
        Tickers to add after the blends as columns of their own (each a 100% blend: its
        growth of 1), on the blends' dates, e.g. the equity fund a correlation needs.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``Date``: every date on which at least one blend has a close, in
        order; one column per blend, then per fund (growth of 1 from its first common close, as
        :func:`efficap.blend.blend_growth`), NaN before that close and on dates a fund
        it holds has no close.

    Raises
    ------
    WeightsError, UnknownTickerError, PriceDataError, EfficapError
        As :func:`efficap.blend.blend_growth`; the message names the blend.
    """
    paths = growth_paths(prices, blends, parse_rebalance(rebalance), list(funds or []))
    names = list(check_blends(blends))
    table = pd.concat(paths, axis=1, sort=True)
    kept = table[names].notna().any(axis=1).to_numpy()  # funds only on the blends' dates
    table = table.loc[kept]
    table.index.name = "Date"
    return table
