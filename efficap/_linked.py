"""Helpers shared by :mod:`efficap.stress` and :mod:`efficap.analysis`.

Every figure those modules report is read off a blend's *linked* history: its
growth of 1 from its first common close under a rebalancing rule, computed
once by :func:`efficap.blend.blend_growth`. A window's return is
``g(last close on or before end) / g(last close on or before start) - 1``; a
window that starts before the first close or ends after the last one is NaN.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from efficap.blend import Rebalance, blend_growth
from efficap.errors import EfficapError, UnknownTickerError

Blends = Mapping[str, Mapping[str, float] | pd.Series]
Funds = bool | list[str] | tuple[str, ...] | None


def short(value: Any, width: int = 40) -> str:
    """``repr(value)`` cut to `width` characters, for error messages."""
    text = repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."


def check_blends(blends: Any) -> dict[str, Any]:
    """Blend name -> weights, names stripped; raises EfficapError on a bad mapping."""
    if not isinstance(blends, Mapping) or not blends:
        raise EfficapError("No blends given: pass a mapping of name -> weights.")
    out: dict[str, Any] = {}
    for raw, weights in blends.items():
        if not isinstance(raw, str) or not raw.strip():
            raise EfficapError(f"Blend name must be text, got {short(raw)}; name every blend.")
        name = raw.strip()
        if name.casefold() in (k.casefold() for k in out):
            raise EfficapError(f"Blend name {short(name)} appears twice; name each blend once.")
        out[name] = weights
    return out


def growth_path(prices: pd.DataFrame, name: str | None, weights: Any, rule: Rebalance) -> pd.Series:
    """One blend's growth of 1 from its first common close; errors start with `name`."""
    try:
        return blend_growth(prices, weights, rule)
    except EfficapError as exc:
        if name is None:
            raise
        raise type(exc)(f"{name}: {exc}") from None


def held_funds(weights: Any) -> list[str]:
    """Tickers with a nonzero weight, in the order given (weights already checked)."""
    items = weights.items() if hasattr(weights, "items") else weights
    return [str(t).strip().upper() for t, w in items if float(w) != 0.0]


def fund_rows(blends: dict[str, Any], funds: Funds) -> list[str]:
    """Tickers to show as single-fund rows: none, those held (True) or a list."""
    if funds is None or funds is False:
        return []
    if funds is True:
        tickers = [t for weights in blends.values() for t in held_funds(weights)]
    elif isinstance(funds, (list, tuple)):
        tickers = []
        for t in funds:
            if not isinstance(t, str) or not t.strip():
                raise UnknownTickerError(f"Fund ticker must be text, got {short(t)}.")
            tickers.append(t.strip().upper())
    else:
        raise EfficapError(f"funds must be True, False or a list of tickers, got {short(funds)}.")
    rows = list(dict.fromkeys(tickers))
    clash = [t for t in rows if t.casefold() in (b.casefold() for b in blends)]
    if clash:
        raise EfficapError(f"Fund row {clash[0]} has a blend's name; rename the blend.")
    return rows


def growth_paths(
    prices: pd.DataFrame, blends: Any, rule: Rebalance, funds: Funds = False
) -> dict[str, pd.Series]:
    """Row name -> growth path: each blend, then each fund row as a 100% blend."""
    checked = check_blends(blends)
    paths = {name: growth_path(prices, name, w, rule) for name, w in checked.items()}
    for ticker in fund_rows(checked, funds):
        paths[ticker] = growth_path(prices, None, {ticker: 1.0}, rule)
    return paths


def check_top(top: Any) -> int | None:
    """A count of drawdown episodes: a whole number of at least 1, or None for all."""
    if top is None:
        return None
    if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1:
        raise EfficapError(f"top must be a whole number of episodes, 1 or more; got {short(top)}.")
    return int(top)


def as_ns(values: Any) -> np.ndarray:
    """Dates as a datetime64[ns] array."""
    return np.asarray(values).astype("datetime64[ns]")


def window_returns(
    growth: pd.Series, starts: np.ndarray, ends: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Linked returns of one growth path over many windows, vectorized.

    Parameters
    ----------
    growth : pandas.Series
        Growth of 1 indexed by ascending dates.
    starts, ends : ndarray of datetime64[ns]
        Window bounds (calendar dates), each start before its end.

    Returns
    -------
    (returns, start_close, end_close)
        Decimal returns (NaN where the window starts before the first close or
        ends after the last one) and the dates of the closes used (NaT there).
    """
    nat = np.datetime64("NaT", "ns")
    if len(growth) == 0:
        none = np.full(len(starts), nat)
        return np.full(len(starts), np.nan), none, none.copy()
    stamps = as_ns(growth.index)
    values = growth.to_numpy(dtype=float)
    i0 = np.searchsorted(stamps, starts, side="right") - 1
    i1 = np.searchsorted(stamps, ends, side="right") - 1
    ok = (i0 >= 0) & (ends <= stamps[-1])
    j0, j1 = np.where(ok, i0, 0), np.where(ok, i1, 0)
    returns = np.where(ok, values[j1] / values[j0] - 1.0, np.nan)
    return returns, np.where(ok, stamps[j0], nat), np.where(ok, stamps[j1], nat)


def last_weekday(period_end: np.ndarray) -> np.ndarray:
    """The last weekday (Mon-Fri) on or before each date, as datetime64[D]."""
    return np.busday_offset(np.asarray(period_end, dtype="datetime64[D]"), 0, roll="backward")
