"""Blending fund price histories into a portfolio growth series.

Implements

- :class:`Rebalance`, :func:`parse_rebalance` and :data:`REBALANCE_RULES` --
  the rebalancing rules: ``none`` (buy and hold), ``daily``, ``monthly``,
  ``quarterly``, ``annual`` (the default, :data:`DEFAULT_REBALANCE`) and threshold bands
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
Trading costs and cash drag are not modeled. The arithmetic lives in
:mod:`efficap.engine`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from efficap import engine
from efficap.engine import WEIGHT_SUM_TOLERANCE
from efficap.errors import RuleError

__all__ = [
    "DEFAULT_REBALANCE",
    "REBALANCE_RULES",
    "WEIGHT_SUM_TOLERANCE",
    "Rebalance",
    "blend_growth",
    "blend_growth_matrix",
    "blend_returns",
    "parse_rebalance",
]

#: The rebalancing rule kinds; a threshold rule is written ``"threshold:<band>"``.
REBALANCE_RULES: tuple[str, ...] = ("none", "daily", "monthly", "quarterly", "annual", "threshold")

#: The rule used when none is given (a blank cell, ``None``). Annual fits the research
#: note's published blend returns best when periods are read off the blend's linked
#: history (see the README's fit table), so it is the default.
DEFAULT_REBALANCE = "annual"

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


def parse_rebalance(rule: str | Rebalance | None = None) -> Rebalance:
    """Parse a rebalancing rule written as text.

    Parameters
    ----------
    rule : str, Rebalance or None
        Case-insensitive: ``"none"`` (aliases ``"never"``, ``"buy and hold"``),
        ``"daily"`` (``"day"``, ``"d"``), ``"monthly"`` (``"month"``, ``"m"``),
        ``"quarterly"`` (``"quarter"``, ``"q"``), ``"annual"`` (``"year"``,
        ``"yearly"``, ``"annually"``, ``"a"``), or ``"threshold:<band>"`` with
        the band as a decimal or a percentage (``"threshold:0.05"``,
        ``"threshold: 5%"``). None or blank text (a blank cell) means
        :data:`DEFAULT_REBALANCE` (annual).

    Returns
    -------
    Rebalance

    Raises
    ------
    RuleError
        If the rule is not one of those, or a band is missing, negative or
        over 100%.
    """
    if isinstance(rule, Rebalance):
        return rule
    if rule is None:
        return Rebalance(DEFAULT_REBALANCE)
    if not isinstance(rule, str):
        raise RuleError(f"Rebalancing rule must be text, got {rule!r}. Use {_RULES_TEXT}.")
    text = " ".join(rule.strip().lower().split())
    if not text:
        return Rebalance(DEFAULT_REBALANCE)
    alias = " ".join(re.sub(r"[-_&]", " ", text).split())
    if alias in _ALIASES:
        return Rebalance(_ALIASES[alias])
    match = re.fullmatch(r"(?:threshold|band)\s*[:=]?\s*(.*)", text)
    if match is None:
        raise RuleError(f"Unknown rebalancing rule {rule!r}. Use one of: {_RULES_TEXT}.")
    return Rebalance("threshold", _parse_band(match.group(1), rule))


def _parse_band(text: str, rule: str) -> float:
    text = text.strip()
    percent = text.endswith("%")
    number = text.rstrip("%").strip()
    try:
        band = float(number)
    except ValueError:
        raise RuleError(
            f"Rebalancing rule {rule!r} needs a band, e.g. threshold:0.05 or threshold:5%."
        ) from None
    if percent:
        band /= 100.0
    if not np.isfinite(band) or band < 0:
        raise RuleError(f"Threshold band in {rule!r} must be zero or positive.")
    if band > 1:
        raise RuleError(
            f"Threshold band in {rule!r} is over 100%; write a decimal (0.05) or a percent (5%)."
        )
    return band


# --------------------------------------------------------------------------- public API


def blend_growth(
    prices: pd.DataFrame,
    weights: Mapping[str, float] | pd.Series,
    rebalance: str | Rebalance | None = None,
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
    rebalance : str or Rebalance, optional
        See :func:`parse_rebalance`; None means :data:`DEFAULT_REBALANCE`.
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
    RuleError
        On an unknown rebalancing rule.
    """
    rule = parse_rebalance(rebalance)
    prep = engine.prepare(engine.as_frame(prices), weights)
    i0, i1 = engine.window(prep, start, end)
    growth = engine.growth_matrix(
        prep.months[i0 : i1 + 1], prep.values[i0 : i1 + 1], prep.w[:, None], rule
    )
    return pd.Series(growth[:, 0], index=prep.dates[i0 : i1 + 1], name="Blend")


def blend_returns(
    prices: pd.DataFrame,
    weights: Mapping[str, float] | pd.Series,
    rebalance: str | Rebalance | None = None,
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
    rebalance: str | Rebalance | None = None,
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
    rebalance : str or Rebalance, optional
        Any rule (None: :data:`DEFAULT_REBALANCE`); periodic, ``none`` and ``daily`` rules are fully
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
    prep = engine.prepare_matrix(engine.as_frame(prices), weight_matrix)
    return engine.growth_matrix(prep.months, prep.values, prep.W, rule)
