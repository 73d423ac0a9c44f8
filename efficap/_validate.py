"""Input normalization shared by the core modules.

Turns the many shapes users hand us (dicts, Series, paired sequences) into one
canonical form, or raises an :class:`~efficap.errors.EfficapError` subclass
with a message a user can act on.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from efficap.errors import WeightsError

WeightsLike = Mapping[str, float] | pd.Series


def normalize_ticker(ticker: Any) -> str:
    """Return a ticker as stripped upper-case text.

    Raises
    ------
    WeightsError
        If `ticker` is blank or not text.
    """
    if not isinstance(ticker, str) or not ticker.strip():
        raise WeightsError(f"Ticker must be text, got {ticker!r}.")
    return ticker.strip().upper()


def to_float(value: Any, what: str) -> float:
    """Convert one number-like value to a finite float, or raise WeightsError naming `what`."""
    if isinstance(value, bool) or not isinstance(value, (Real, np.number)):
        raise WeightsError(f"{what} must be a number, got {value!r}.")
    number = float(value)
    if not math.isfinite(number):
        raise WeightsError(f"{what} must be a finite number, got {value!r}.")
    return number


def as_weights(weights: WeightsLike) -> pd.Series:
    """Return fund weights as a float Series indexed by upper-case ticker.

    Parameters
    ----------
    weights : mapping or Series
        Ticker -> weight as a decimal of capital (0.24 for 24%).

    Raises
    ------
    WeightsError
        On an empty input, a blank or duplicate ticker, or a non-finite weight.
    """
    return _as_series(weights, normalize_ticker, "Weight")


def as_targets(targets: WeightsLike) -> pd.Series:
    """Return asset-class targets as a float Series indexed by stripped label.

    Raises
    ------
    WeightsError
        On an empty input, a blank or duplicate label, or a non-finite target.
    """
    return _as_series(targets, _label, "Target")


def _as_series(items: WeightsLike, key: Callable[[Any], str], what: str) -> pd.Series:
    how = f"{what}s must be a mapping of name -> decimal, e.g. {{'IVV': 0.6}}; got {items!r:.40}."
    if hasattr(items, "items"):
        pairs: Iterable[tuple[Any, ...]] = list(items.items())
    elif isinstance(items, (str, bytes)):
        raise WeightsError(how)
    else:
        try:
            pairs = [tuple(pair) for pair in items]
        except TypeError:
            raise WeightsError(how) from None
        if any(len(pair) != 2 for pair in pairs):
            raise WeightsError(how)
    out: dict[str, float] = {}
    for raw_key, value in pairs:
        label = key(raw_key)
        if label.upper() in (k.upper() for k in out):
            raise WeightsError(f"{label} appears more than once.")
        out[label] = to_float(value, f"{what} for {label}")
    if not out:
        raise WeightsError(f"No {what.lower()}s given.")
    return pd.Series(out, dtype=float)


def _label(key: Any) -> str:
    if not isinstance(key, str) or not key.strip():
        raise WeightsError(f"Asset class must be text, got {key!r}.")
    return key.strip()
