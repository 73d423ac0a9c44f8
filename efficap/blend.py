"""Blending fund price histories into a portfolio growth series.

Implements

- :class:`Rebalance`, :func:`parse_rebalance` and :data:`REBALANCE_RULES` --
  the rebalancing rules: ``none`` (buy and hold), ``daily``, ``monthly``,
  ``quarterly`` (the default), ``annual`` and threshold bands
  (``"threshold:0.05"`` or ``"threshold:5%"``).
- :func:`blend_growth` -- growth of 1 of a weighted blend of funds.
- :func:`blend_returns` -- the blend's daily simple returns.
- :func:`blend_growth_matrix` -- many blends at once (for sweeps), as an array.

Conventions. Weights are decimals of capital (0.24 for 24%) and must add up to
1 (within 1e-6). Prices are total-return closes (only ratios matter). A blend
uses the dates on which every fund it holds has a close (an inner join: a fund
that skipped a day carries that day's move into its next close, which is
exact for total-return ratios), so it starts at its youngest fund's first
price. At its first close it holds the target weights. Periodic rules reset
the holdings to the target weights at the last close of each calendar
month/quarter/year (a close is a period end when the next close in the data
falls in a later period); ``daily`` resets at every close; ``none`` never; a
threshold band resets at a close when any fund's drifted weight differs from
its target by more than the band (absolute weight points, 0.05 = 5 points).
Trading costs and cash drag are not modeled.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from efficap._validate import as_weights
from efficap.errors import EfficapError, PriceDataError, UnknownTickerError, WeightsError
from efficap.prices import validate_prices

__all__ = [
    "REBALANCE_RULES",
    "Rebalance",
    "blend_growth",
    "blend_growth_matrix",
    "blend_returns",
    "parse_rebalance",
]

#: The rebalancing rule kinds; a threshold rule is written ``"threshold:<band>"``.
REBALANCE_RULES: tuple[str, ...] = ("none", "daily", "monthly", "quarterly", "annual", "threshold")

#: Weights must add up to 1 within this tolerance (then they are rescaled to exactly 1).
WEIGHT_SUM_TOLERANCE = 1e-6

_ALIASES = {
    "none": "none",
    "never": "none",
    "buy and hold": "none",
    "buy hold": "none",
    "hold": "none",
    "daily": "daily",
    "day": "daily",
    "d": "daily",
    "monthly": "monthly",
    "month": "monthly",
    "m": "monthly",
    "quarterly": "quarterly",
    "quarter": "quarterly",
    "qtr": "quarterly",
    "q": "quarterly",
    "annual": "annual",
    "annually": "annual",
    "year": "annual",
    "yearly": "annual",
    "a": "annual",
    "y": "annual",
}
_MONTHS_PER_PERIOD = {"monthly": 1, "quarterly": 3, "annual": 12}
_RULES_TEXT = "none, daily, monthly, quarterly, annual, threshold:0.05"


@dataclass(frozen=True)
class Rebalance:
    """A parsed rebalancing rule.

    Attributes
    ----------
    kind : str
        One of :data:`REBALANCE_RULES`.
    band : float or None
        For ``kind == "threshold"``: the largest allowed absolute drift of a
        fund's weight from its target, as a decimal (0.05 = 5 points); None
        otherwise.
    """

    kind: str
    band: float | None = None

    def __str__(self) -> str:
        return f"threshold:{self.band:g}" if self.kind == "threshold" else self.kind


def parse_rebalance(rule: str | Rebalance | None = "quarterly") -> Rebalance:
    """Parse a rebalancing rule written as text.

    Parameters
    ----------
    rule : str, Rebalance or None
        Case-insensitive: ``"none"`` (aliases ``"never"``, ``"buy and hold"``),
        ``"daily"`` (``"day"``, ``"d"``), ``"monthly"`` (``"month"``, ``"m"``),
        ``"quarterly"`` (``"quarter"``, ``"q"``), ``"annual"`` (``"year"``,
        ``"yearly"``, ``"annually"``, ``"a"``), or ``"threshold:<band>"`` with
        the band as a decimal or a percentage (``"threshold:0.05"``,
        ``"threshold: 5%"``). None (a blank cell) means the default,
        quarterly.

    Returns
    -------
    Rebalance

    Raises
    ------
    EfficapError
        If the rule is not one of those, or a band is missing, negative or
        over 100%.
    """
    if isinstance(rule, Rebalance):
        return rule
    if rule is None:
        return Rebalance("quarterly")
    if not isinstance(rule, str):
        raise EfficapError(f"Rebalancing rule must be text, got {rule!r}. Use {_RULES_TEXT}.")
    text = " ".join(rule.strip().lower().split())
    if not text:
        return Rebalance("quarterly")
    alias = " ".join(re.sub(r"[-_&]", " ", text).split())
    if alias in _ALIASES:
        return Rebalance(_ALIASES[alias])
    match = re.fullmatch(r"(?:threshold|band)\s*[:=]?\s*(.*)", text)
    if match is None:
        raise EfficapError(f"Unknown rebalancing rule {rule!r}. Use one of: {_RULES_TEXT}.")
    return Rebalance("threshold", _parse_band(match.group(1), rule))


def _parse_band(text: str, rule: str) -> float:
    text = text.strip()
    percent = text.endswith("%")
    number = text.rstrip("%").strip()
    try:
        band = float(number)
    except ValueError:
        raise EfficapError(
            f"Rebalancing rule {rule!r} needs a band, e.g. threshold:0.05 or threshold:5%."
        ) from None
    if percent:
        band /= 100.0
    if not np.isfinite(band) or band < 0:
        raise EfficapError(f"Threshold band in {rule!r} must be zero or positive.")
    if band > 1:
        raise EfficapError(
            f"Threshold band in {rule!r} is over 100%; write a decimal (0.05) or a percent (5%)."
        )
    return band


# --------------------------------------------------------------------------- public API


def blend_growth(
    prices: pd.DataFrame,
    weights: Mapping[str, float] | pd.Series,
    rebalance: str | Rebalance | None = "quarterly",
    start: Any = None,
    end: Any = None,
) -> pd.Series:
    """Growth of 1 invested in a weighted blend of funds.

    Parameters
    ----------
    prices : pandas.DataFrame
        Total-return closes (price units; only ratios matter), one column per
        ticker, indexed by date (see :func:`efficap.prices.read_prices`).
    weights : mapping or Series
        Ticker -> weight as a decimal of capital (0.24 for 24%). Must add up
        to 1 within 1e-6 (then rescaled to exactly 1); negative weights
        (shorts) are allowed. Zero-weight funds are ignored.
    rebalance : str or Rebalance, default "quarterly"
        See :func:`parse_rebalance`.
    start, end : date-like, optional
        First close used is the first on or after `start` (or the blend's
        first common close if later); last is the last on or before `end`.

    Returns
    -------
    pandas.Series
        Named ``"Blend"``, indexed by ``Date``: value of the blend per 1
        invested at its first close (first value exactly 1.0).

    Raises
    ------
    WeightsError
        On blank/non-numeric weights or weights not adding up to 100%.
    UnknownTickerError
        If a fund with a nonzero weight has no price column.
    PriceDataError
        On malformed prices, `start` after `end`, no common closes, or a
        window with fewer than 2 closes.
    EfficapError
        On an unknown rebalancing rule.
    """
    rule = parse_rebalance(rebalance)
    prep = _prepare(_as_frame(prices), weights)
    i0, i1 = _window(prep, start, end)
    growth = _growth_matrix(
        prep.months[i0 : i1 + 1], prep.values[i0 : i1 + 1], prep.w[:, None], rule
    )
    return pd.Series(growth[:, 0], index=prep.dates[i0 : i1 + 1], name="Blend")


def blend_returns(
    prices: pd.DataFrame,
    weights: Mapping[str, float] | pd.Series,
    rebalance: str | Rebalance | None = "quarterly",
    start: Any = None,
    end: Any = None,
) -> pd.Series:
    """Daily simple returns of a blend (decimals; 0.01 = +1%).

    Same parameters and errors as :func:`blend_growth`; the first date (which
    has no return) is dropped.

    Returns
    -------
    pandas.Series
        Named ``"Blend"``: return from the previous close to each close.
    """
    growth = blend_growth(prices, weights, rebalance, start, end)
    values = growth.to_numpy()
    return pd.Series(values[1:] / values[:-1] - 1.0, index=growth.index[1:], name="Blend")


def blend_growth_matrix(
    prices: pd.DataFrame,
    weight_matrix: np.ndarray | pd.DataFrame,
    rebalance: str | Rebalance | None = "quarterly",
) -> np.ndarray:
    """Growth of 1 of many blends at once (for sweeps).

    Parameters
    ----------
    prices : pandas.DataFrame
        Total-return closes, one column per ticker.
    weight_matrix : ndarray of shape (n_funds, n_portfolios) or DataFrame
        Decimal weights; rows aligned with ``prices.columns``, one column per
        portfolio, each column adding up to 1 (within 1e-6). A DataFrame is
        aligned by its index (tickers); missing tickers count as 0. A 1-D
        array is one portfolio.
    rebalance : str or Rebalance, default "quarterly"
        Any rule; periodic, ``none`` and ``daily`` rules are fully
        vectorized, a threshold band is computed portfolio by portfolio.

    Returns
    -------
    ndarray of shape (n_dates, n_portfolios)
        Growth of 1 per portfolio. Rows are the dates on which every fund
        held by at least one portfolio has a close, i.e.
        ``prices[used].dropna().index`` where ``used`` are the funds with a
        nonzero weight anywhere.

    Raises
    ------
    WeightsError
        On a wrong shape, non-finite weights, or a column not adding up to 1.
    UnknownTickerError
        If a DataFrame names a ticker with nonzero weight that has no prices.
    PriceDataError
        On malformed prices or fewer than 2 common closes.
    """
    rule = parse_rebalance(rebalance)
    frame = _as_frame(prices)
    prep = _prepare_matrix(frame, weight_matrix)
    return _growth_matrix(prep.months, prep.values, prep.W, rule)


# --------------------------------------------------------------------------- internals


class _Dated:
    stamps: np.ndarray

    @property
    def dates(self) -> pd.DatetimeIndex:
        return pd.DatetimeIndex(self.stamps, name="Date")


@dataclass(frozen=True)
class _Frame(_Dated):
    """A checked prices frame as arrays."""

    columns: list[str]
    values: np.ndarray  # (n, k) float, NaN = no close
    stamps: np.ndarray  # (n,) datetime64[ns]
    months: np.ndarray  # (n,) months since 1970-01, int64


@dataclass(frozen=True)
class _Prepared(_Dated):
    """One blend's funds on their common closes."""

    tickers: list[str]
    w: np.ndarray  # (m,) weights summing to exactly 1
    values: np.ndarray  # (n, m) closes, no NaN
    stamps: np.ndarray  # (n,) datetime64[ns]
    months: np.ndarray  # (n,)


@dataclass(frozen=True)
class _PreparedMatrix(_Dated):
    W: np.ndarray  # (m, p)
    values: np.ndarray
    stamps: np.ndarray
    months: np.ndarray


def _as_frame(prices: Any) -> _Frame:
    """Check a prices frame cheaply; fall back to full validation when in doubt."""
    if not _looks_canonical(prices):
        prices = validate_prices(prices)
    stamps = prices.index.to_numpy().astype("datetime64[ns]")
    months = stamps.astype("datetime64[M]").astype(np.int64)
    return _Frame(list(prices.columns), prices.to_numpy(dtype=float), stamps, months)


def _looks_canonical(prices: Any) -> bool:
    if not isinstance(prices, pd.DataFrame) or prices.shape[0] == 0 or prices.shape[1] == 0:
        return False
    index = prices.index
    if not isinstance(index, pd.DatetimeIndex) or index.tz is not None:
        return False
    if not (index.is_monotonic_increasing and index.is_unique):
        return False
    if not all(isinstance(c, str) and c == c.upper() and c.strip() == c for c in prices.columns):
        return False
    if not all(dt.kind == "f" for dt in prices.dtypes):
        return False
    stamps = index.to_numpy()
    return not (stamps.astype("datetime64[D]") != stamps).any()


def _weight_vector(weights: Any, columns: list[str]) -> tuple[list[str], np.ndarray]:
    series = as_weights(weights)
    values = series.to_numpy(dtype=float)
    total = float(values.sum())
    _check_sum(total, "Weights")
    pairs = [(t, v) for t, v in zip(series.index, values, strict=True) if v != 0.0]
    known = set(columns)
    unknown = [t for t, _ in pairs if t not in known]
    if unknown:
        raise UnknownTickerError(
            f"No prices for {', '.join(unknown)} (available: {', '.join(columns)})."
        )
    return [t for t, _ in pairs], np.array([v for _, v in pairs]) / total


def _check_sum(total: float, what: str) -> None:
    if not abs(total - 1.0) <= WEIGHT_SUM_TOLERANCE:
        shown = f"{total * 100:.6g}"
        if shown == "100":
            shown = f"{total * 100:.10g}"
        raise WeightsError(f"{what} sum to {shown}%, not 100% (allowed gap 0.0001%).")


def _prepare(frame: _Frame, weights: Any) -> _Prepared:
    tickers, w = _weight_vector(weights, frame.columns)
    positions = [frame.columns.index(t) for t in tickers]
    values, stamps, months = _common_rows(frame, positions, tickers)
    return _Prepared(tickers, w, values, stamps, months)


def _prepare_matrix(frame: _Frame, weight_matrix: Any) -> _PreparedMatrix:
    k = len(frame.columns)
    if isinstance(weight_matrix, pd.DataFrame):
        index = [str(t).strip().upper() for t in weight_matrix.index]
        wm = weight_matrix.to_numpy(dtype=float, na_value=np.nan)
        unknown = [
            t
            for t, row in zip(index, wm, strict=True)
            if t not in frame.columns and np.any(row != 0)
        ]
        if unknown:
            raise UnknownTickerError(
                f"No prices for {', '.join(unknown)} (available: {', '.join(frame.columns)})."
            )
        W = np.zeros((k, wm.shape[1]))
        for t, row in zip(index, wm, strict=True):
            if t in frame.columns:
                W[frame.columns.index(t)] += row
    else:
        try:
            W = np.asarray(weight_matrix, dtype=float)
        except (TypeError, ValueError):
            raise WeightsError("Weight matrix must hold numbers only.") from None
        if W.ndim == 1:
            W = W[:, None]
        if W.ndim != 2 or W.shape[0] != k:
            raise WeightsError(
                f"Weight matrix has {W.shape[0] if W.ndim else 0} rows; "
                f"need one per price column ({k}: {', '.join(frame.columns)})."
            )
    if W.shape[1] == 0:
        raise WeightsError("Weight matrix has no portfolios.")
    if not np.isfinite(W).all():
        col = int(np.flatnonzero(~np.isfinite(W).all(axis=0))[0])
        raise WeightsError(f"Weight matrix column {col + 1} has a blank or non-finite weight.")
    totals = W.sum(axis=0)
    bad = np.flatnonzero(np.abs(totals - 1.0) > WEIGHT_SUM_TOLERANCE)
    if bad.size:
        _check_sum(float(totals[bad[0]]), f"Weights of portfolio {bad[0] + 1}")
    W = W / totals
    used = np.flatnonzero((W != 0).any(axis=1))
    tickers = [frame.columns[i] for i in used]
    values, stamps, months = _common_rows(frame, list(used), tickers)
    if len(stamps) < 2:
        raise PriceDataError(f"{', '.join(tickers)} have fewer than 2 closes in common.")
    return _PreparedMatrix(np.ascontiguousarray(W[used]), values, stamps, months)


def _common_rows(
    frame: _Frame, positions: list[int], tickers: list[str]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Closes of the given columns on the dates where all of them have one."""
    sub = frame.values[:, positions]
    keep = ~np.isnan(sub).any(axis=1)
    stamps, months = frame.stamps, frame.months
    if not keep.all():
        sub, stamps, months = sub[keep], stamps[keep], months[keep]
    if sub.shape[0] == 0:
        raise PriceDataError(f"{', '.join(tickers)} have no closes in common.")
    bad = ~(np.isfinite(sub) & (sub > 0))
    if bad.any():
        i, j = (int(x[0]) for x in np.nonzero(bad))
        raise PriceDataError(
            f"{tickers[j]} close {sub[i, j]:g} on {_day(stamps[i])} is not positive."
        )
    return np.ascontiguousarray(sub), stamps, months


def _day(stamp: np.datetime64 | pd.Timestamp) -> str:
    """A date as YYYY-MM-DD text for messages."""
    return str(np.datetime64(stamp, "D"))


def _to_date(value: Any, what: str) -> pd.Timestamp:
    if isinstance(value, str) and not value.strip():
        raise PriceDataError(f"{what} is blank.")
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        raise PriceDataError(f"{what} {value!r} is not a date.") from None
    if pd.isna(stamp):
        raise PriceDataError(f"{what} is blank.")
    if stamp.tz is not None:
        stamp = stamp.tz_localize(None)
    return stamp.normalize()


def _window(prep: _Prepared, start: Any, end: Any) -> tuple[int, int]:
    """Row positions of the first and last close of a [start, end] window."""
    stamps = prep.stamps
    lo = None if start is None else _to_date(start, "Start date")
    hi = None if end is None else _to_date(end, "End date")
    if lo is not None and hi is not None and lo > hi:
        raise PriceDataError(f"Start date {lo:%Y-%m-%d} is after end date {hi:%Y-%m-%d}.")
    i0 = 0 if lo is None else int(np.searchsorted(stamps, lo.to_datetime64(), side="left"))
    last = len(stamps) - 1
    i1 = last if hi is None else int(np.searchsorted(stamps, hi.to_datetime64(), side="right")) - 1
    if i1 - i0 < 1:
        span = f"{_day(lo or stamps[0])} to {_day(hi or stamps[-1])}"
        have = f"{_day(stamps[0])} to {_day(stamps[-1])}"
        raise PriceDataError(f"Fewer than 2 closes from {span} (the blend's prices run {have}).")
    return i0, i1


def _anchor_mask(months: np.ndarray, rule: Rebalance) -> np.ndarray:
    """True at the closes after which the blend is reset to its target weights.

    The first close is always an anchor (the blend starts at target weights).
    """
    n = len(months)
    if rule.kind == "daily":
        return np.ones(n, dtype=bool)
    anchor = np.zeros(n, dtype=bool)
    anchor[0] = True
    if rule.kind in _MONTHS_PER_PERIOD:
        period = months // _MONTHS_PER_PERIOD[rule.kind]
        anchor[:-1] |= period[1:] != period[:-1]
    return anchor


def _growth_matrix(
    months: np.ndarray, values: np.ndarray, W: np.ndarray, rule: Rebalance
) -> np.ndarray:
    """Growth of 1 for each column of W: the one implementation of every rule.

    Periodic, none and daily rules: with anchors a_0 = 0 < a_1 < ... (closes
    at which the holdings are reset) and s(t) the last anchor before t,
    ``G(t) = V(s(t)) * sum_i w_i P_i(t) / P_i(s(t))`` and V at the anchors is
    the cumulative product of G over the segments.
    """
    n = values.shape[0]
    if rule.kind == "threshold":
        out = np.empty((n, W.shape[1]))
        for j in range(W.shape[1]):
            out[:, j] = _threshold_growth(values, W[:, j], float(rule.band or 0.0))
        return out
    anchor = _anchor_mask(months, rule)
    anchor_pos = np.flatnonzero(anchor)
    # seg[t] = index (into anchor_pos) of the last anchor strictly before t.
    seg = np.zeros(n, dtype=np.int64)
    seg[1:] = np.cumsum(anchor)[:-1] - 1
    base = anchor_pos[seg]
    rel = values / values[base]
    segment_growth = rel @ W  # (n, p): growth since the last anchor
    # Value at each anchor: product of the growth of the segments that end there.
    at_anchor = np.empty((len(anchor_pos), W.shape[1]))
    at_anchor[0] = 1.0
    if len(anchor_pos) > 1:
        np.cumprod(segment_growth[anchor_pos[1:]], axis=0, out=at_anchor[1:])
    out = segment_growth
    out *= at_anchor[seg]
    out[0] = 1.0
    return out


def _threshold_growth(values: np.ndarray, w: np.ndarray, band: float) -> np.ndarray:
    """Growth of 1 with threshold-band rebalancing (one portfolio).

    Jumps from one rebalancing close to the next; the closes in between are
    handled as vectorized blocks whose length adapts to the spacing of events.
    """
    n = values.shape[0]
    out = np.empty(n)
    out[0] = 1.0
    anchor, pos, level, step = 0, 1, 1.0, 32
    while pos < n:
        stop = min(n, pos + step)
        holdings = (values[pos:stop] / values[anchor]) * w  # value per fund per 1 at anchor
        total = holdings.sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            drift = np.abs(holdings / total[:, None] - w).max(axis=1)
        breach = ~(drift <= band)  # NaN drift (zero total) counts as a breach
        if breach.any():
            k = int(np.argmax(breach))
            out[pos : pos + k + 1] = level * total[: k + 1]
            anchor = pos + k
            level = out[anchor]
            pos = anchor + 1
            step = max(32, 2 * (k + 1))
        else:
            out[pos:stop] = level * total
            pos = stop
            step *= 2
    return out
