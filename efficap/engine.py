"""The blend engine: checked price arrays, common closes and the growth matrix.

The one implementation behind :mod:`efficap.blend`, :mod:`efficap.performance`
and the analyses built on them; its names are public to the package (no leading
underscore) but not part of the user-facing API.

Implements

- :class:`Frame`, :func:`as_frame` -- a checked prices frame as numpy arrays.
- :class:`Prepared`, :func:`prepare` -- one blend's funds on their common closes.
- :class:`PreparedMatrix`, :func:`prepare_matrix` -- many blends at once (sweeps).
- :func:`growth_matrix` -- growth of 1 of each weight vector under a rule.
- :func:`window` -- the row positions of a [start, end] window.
- :func:`check_weight_sum`, :data:`WEIGHT_SUM_TOLERANCE` -- the weights-add-to-100% rule.
- :func:`day` -- a stamp as ``YYYY-MM-DD`` for messages.

Conventions: closes are positive floats, ``NaN`` where a fund has no close; dates
are ``datetime64[ns]`` at midnight, ascending and unique; weights are decimals.
The rule objects come from :mod:`efficap.blend` (duck-typed here: ``kind`` and
``band``) so this module imports nothing above it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from efficap._validate import as_weights
from efficap.dates import parse_date
from efficap.errors import PriceDataError, UnknownTickerError, WeightsError
from efficap.prices import validate_prices

__all__ = [
    "WEIGHT_SUM_TOLERANCE",
    "Frame",
    "Prepared",
    "PreparedMatrix",
    "as_frame",
    "check_weight_sum",
    "day",
    "growth_matrix",
    "prepare",
    "prepare_matrix",
    "window",
]

#: Weights must add up to 1 within this tolerance (then they are rescaled to exactly 1).
WEIGHT_SUM_TOLERANCE = 1e-6

MONTHS_PER_PERIOD = {"monthly": 1, "quarterly": 3, "annual": 12}


class _Dated:
    stamps: np.ndarray

    @property
    def dates(self) -> pd.DatetimeIndex:
        return pd.DatetimeIndex(self.stamps, name="Date")


@dataclass(frozen=True)
class Frame(_Dated):
    """A checked prices frame as arrays."""

    columns: list[str]
    values: np.ndarray  # (n, k) float, NaN = no close
    stamps: np.ndarray  # (n,) datetime64[ns]
    months: np.ndarray  # (n,) months since 1970-01, int64


@dataclass(frozen=True)
class Prepared(_Dated):
    """One blend's funds on their common closes."""

    tickers: list[str]
    w: np.ndarray  # (m,) weights summing to exactly 1
    values: np.ndarray  # (n, m) closes, no NaN
    stamps: np.ndarray  # (n,) datetime64[ns]
    months: np.ndarray  # (n,)


@dataclass(frozen=True)
class PreparedMatrix(_Dated):
    W: np.ndarray  # (m, p)
    values: np.ndarray
    stamps: np.ndarray
    months: np.ndarray


def as_frame(prices: Any) -> Frame:
    """Check a prices frame cheaply (full validation when in doubt) and return its arrays."""
    if not _looks_canonical(prices):
        prices = validate_prices(prices)
    stamps = prices.index.to_numpy().astype("datetime64[ns]")
    months = stamps.astype("datetime64[M]").astype(np.int64)
    return Frame(list(prices.columns), prices.to_numpy(dtype=float), stamps, months)


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
    check_weight_sum(total, "Weights")
    pairs = [(t, v) for t, v in zip(series.index, values, strict=True) if v != 0.0]
    known = set(columns)
    unknown = [t for t, _ in pairs if t not in known]
    if unknown:
        raise UnknownTickerError(
            f"No prices for {', '.join(unknown)} (available: {', '.join(columns)})."
        )
    return [t for t, _ in pairs], np.array([v for _, v in pairs]) / total


def check_weight_sum(total: float, what: str) -> None:
    """Refuse weights whose sum (a decimal) is not 1 within :data:`WEIGHT_SUM_TOLERANCE`."""
    if not abs(total - 1.0) <= WEIGHT_SUM_TOLERANCE:
        shown = f"{total * 100:.6g}"
        if shown == "100":
            shown = f"{total * 100:.10g}"
        raise WeightsError(f"{what} sum to {shown}%, not 100% (allowed gap 0.0001%).")


def prepare(frame: Frame, weights: Any) -> Prepared:
    """One blend: its held funds' closes on the dates where all of them have one."""
    tickers, w = _weight_vector(weights, frame.columns)
    positions = [frame.columns.index(t) for t in tickers]
    values, stamps, months = _common_rows(frame, positions, tickers)
    return Prepared(tickers, w, values, stamps, months)


def prepare_matrix(frame: Frame, weight_matrix: Any) -> PreparedMatrix:
    """Many blends (columns of a weight matrix) on the closes common to every fund used."""
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
        check_weight_sum(float(totals[bad[0]]), f"Weights of portfolio {bad[0] + 1}")
    W = W / totals
    used = np.flatnonzero((W != 0).any(axis=1))
    tickers = [frame.columns[i] for i in used]
    values, stamps, months = _common_rows(frame, list(used), tickers)
    if len(stamps) < 2:
        raise PriceDataError(f"{', '.join(tickers)} have fewer than 2 closes in common.")
    return PreparedMatrix(np.ascontiguousarray(W[used]), values, stamps, months)


def _common_rows(
    frame: Frame, positions: list[int], tickers: list[str]
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
            f"{tickers[j]} close {sub[i, j]:g} on {day(stamps[i])} is not positive."
        )
    return np.ascontiguousarray(sub), stamps, months


def day(stamp: np.datetime64 | pd.Timestamp) -> str:
    """A date as ``YYYY-MM-DD`` text, for messages."""
    return str(np.datetime64(stamp, "D"))


def window(prep: Prepared, start: Any, end: Any) -> tuple[int, int]:
    """Row positions of the first and last close of a [start, end] window."""
    stamps = prep.stamps
    lo = None if start is None else parse_date(start, "Start date")
    hi = None if end is None else parse_date(end, "End date")
    if lo is not None and hi is not None and lo > hi:
        raise PriceDataError(f"Start date {lo:%Y-%m-%d} is after end date {hi:%Y-%m-%d}.")
    i0 = 0 if lo is None else int(np.searchsorted(stamps, lo.to_datetime64(), side="left"))
    last = len(stamps) - 1
    i1 = last if hi is None else int(np.searchsorted(stamps, hi.to_datetime64(), side="right")) - 1
    if i1 - i0 < 1:
        span = f"{day(lo or stamps[0])} to {day(hi or stamps[-1])}"
        have = f"{day(stamps[0])} to {day(stamps[-1])}"
        raise PriceDataError(f"Fewer than 2 closes from {span} (the blend's prices run {have}).")
    return i0, i1


def _anchor_mask(months: np.ndarray, rule: Any) -> np.ndarray:
    """True at the closes after which the blend is reset to its target weights.

    The first close is always an anchor (the blend starts at target weights).
    """
    n = len(months)
    if rule.kind == "daily":
        return np.ones(n, dtype=bool)
    anchor = np.zeros(n, dtype=bool)
    anchor[0] = True
    if rule.kind in MONTHS_PER_PERIOD:
        period = months // MONTHS_PER_PERIOD[rule.kind]
        anchor[:-1] |= period[1:] != period[:-1]
    return anchor


def growth_matrix(months: np.ndarray, values: np.ndarray, W: np.ndarray, rule: Any) -> np.ndarray:
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
