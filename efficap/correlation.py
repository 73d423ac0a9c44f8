"""How a blend moved with equities, month by month.

Implements

- :func:`rolling_correlation` -- rolling correlation of a blend's monthly
  returns to an equity fund's.
- :class:`WorstMonths` and :func:`worst_months` -- the blend's average month
  in the equity fund's worst months, against its best months. Not an alpha: no
  adjustment for the blend's equity exposure (a 60/40 blend "does well" in IVV's worst
  months simply by holding 40% bonds). It was called ``crisis_alpha``; that name is
  kept as a deprecated alias.

Conventions. The blend's returns are read off its linked history: its growth
of 1 from its first common close under the rebalancing rule
(:func:`efficap.blend.blend_growth`, computed once), on the closes it shares
with the equity fund. Monthly returns are decimals over whole calendar months:
the first month (which starts at the first close, not at a month end) is left
out, and so is the last when the data end before the month's last weekday.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from efficap._linked import growth_path, last_weekday, short
from efficap.blend import Rebalance, parse_rebalance
from efficap.errors import EfficapError, PriceDataError, UnknownTickerError
from efficap.stats import monthly_returns

__all__ = ["CrisisAlpha", "WorstMonths", "crisis_alpha", "rolling_correlation", "worst_months"]


# --------------------------------------------------------------------------- monthly


def _equity_path(prices: pd.DataFrame, equity: Any) -> tuple[str, pd.Series]:
    if not isinstance(equity, str) or not equity.strip():
        raise UnknownTickerError(f"Equity ticker must be text, got {short(equity)}.")
    ticker = equity.strip().upper()
    return ticker, growth_path(prices, "Equity", {ticker: 1.0}, parse_rebalance("none"))


def _whole_months(
    prices: pd.DataFrame, weights: Any, equity: Any, rebalance: Any
) -> tuple[pd.Series, pd.Series, str]:
    """Blend and equity returns over whole calendar months on their common closes."""
    rule = parse_rebalance(rebalance)
    blend = growth_path(prices, None, weights, rule)
    ticker, eq = _equity_path(prices, equity)
    common = blend.index.intersection(eq.index)
    if len(common) < 2:
        raise PriceDataError(f"The blend and {ticker} have fewer than 2 closes in common.")
    b, e = monthly_returns(blend.loc[common]), monthly_returns(eq.loc[common])
    end = np.datetime64(common[-1], "D")
    month_end = (end.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1
    stop = len(b) - 1 if end < last_weekday(month_end) else len(b)
    return b.iloc[1:stop], e.iloc[1:stop], ticker


def _check_months(months: Any) -> list[int]:
    items = [months] if isinstance(months, (int, np.integer)) else months
    how = f"months must be whole numbers from 3 to 1200, e.g. (12, 36); got {short(months)}."
    try:
        out = list(items)
    except TypeError:
        raise EfficapError(how) from None
    if not out or any(
        isinstance(m, bool) or not isinstance(m, (int, np.integer)) or not 3 <= m <= 1200
        for m in out
    ):
        raise EfficapError(how)
    return list(dict.fromkeys(int(m) for m in out))


def rolling_correlation(
    prices: pd.DataFrame,
    weights: Mapping[str, float] | pd.Series,
    equity: str = "IVV",
    months: int | Iterable[int] = (12, 36),
    rebalance: str | Rebalance | None = None,
) -> pd.DataFrame:
    """Rolling correlation of a blend's monthly returns to an equity fund's.

    Parameters
    ----------
    prices : pandas.DataFrame
        Total-return closes, one column per ticker, indexed by date.
    weights : mapping or Series
        Ticker -> decimal weight adding up to 1.
    equity : str, default "IVV"
        The equity fund's ticker (it must have prices).
    months : int or iterable of int, default (12, 36)
        Window lengths in months, each 3 or more.
    rebalance : str or Rebalance, optional
        The blend's rule; None means the package default.

    Returns
    -------
    pandas.DataFrame
        Index ``Date`` (each whole month's last common close), one column per
        window (``"12M"``, ``"36M"``): the Pearson correlation of the blend's
        and the equity fund's monthly returns over the window ending that
        month, between -1 and 1; NaN until the window is full.

    Raises
    ------
    UnknownTickerError
        If `equity` has no prices.
    WeightsError, PriceDataError, EfficapError
        As :func:`efficap.blend.blend_growth`, or on bad `months`.
    """
    windows = _check_months(months)
    b, e, _ = _whole_months(prices, weights, equity, rebalance)
    out = pd.DataFrame({f"{m}M": b.rolling(m).corr(e) for m in windows}, index=b.index)
    out.index.name = "Date"
    return out.clip(-1.0, 1.0)


@dataclass(frozen=True)
class WorstMonths:
    """A blend's average month in the equity fund's worst and best months.

    Attributes
    ----------
    blend_worst, blend_best : float
        The blend's mean monthly return (decimal) over the equity fund's
        worst / best months.
    equity_worst, equity_best : float
        The equity fund's own mean monthly return over those months.
    count : int
        Months in each group (``floor(quantile * months)``).
    months : int
        Whole calendar months compared.
    first_month, last_month : pandas.Timestamp
        Last common close of the first and last month compared.
    equity : str
        The equity fund's ticker.
    quantile : float
        The share of months in each group (0.2 = worst and best fifth).
    """

    blend_worst: float
    blend_best: float
    equity_worst: float
    equity_best: float
    count: int
    months: int
    first_month: pd.Timestamp
    last_month: pd.Timestamp
    equity: str
    quantile: float

    def table(self) -> pd.DataFrame:
        """Rows ``worst`` and ``best``; columns ``blend``, ``equity`` (mean
        monthly returns, decimals) and ``months`` (count)."""
        return pd.DataFrame(
            {
                "blend": [self.blend_worst, self.blend_best],
                "equity": [self.equity_worst, self.equity_best],
                "months": [self.count, self.count],
            },
            index=pd.Index(["worst", "best"], name=f"{self.equity} months"),
        )


def worst_months(
    prices: pd.DataFrame,
    weights: Mapping[str, float] | pd.Series,
    equity: str = "IVV",
    quantile: float = 0.2,
    rebalance: str | Rebalance | None = None,
) -> WorstMonths:
    """How a blend did in the equity fund's worst months, against its best.

    The whole calendar months of the blend's history (on the closes it shares
    with the equity fund) are sorted by the equity fund's return; the first
    ``floor(quantile * n)`` are its worst months and the last as many its best
    (ties in date order).

    Parameters
    ----------
    prices : pandas.DataFrame
        Total-return closes, one column per ticker, indexed by date.
    weights : mapping or Series
        Ticker -> decimal weight adding up to 1.
    equity : str, default "IVV"
        The equity fund's ticker (it must have prices).
    quantile : float, default 0.2
        Share of months in each group, above 0 and at most 0.5.
    rebalance : str or Rebalance, optional
        The blend's rule; None means the package default.

    Returns
    -------
    WorstMonths
        Mean monthly returns (decimals) of the blend and the equity fund in
        each group, and the month counts.

    Raises
    ------
    UnknownTickerError
        If `equity` has no prices.
    PriceDataError
        If there are too few whole months for one in each group.
    WeightsError, EfficapError
        As :func:`efficap.blend.blend_growth`, or on a bad `quantile`.
    """
    if (
        isinstance(quantile, bool)
        or not isinstance(quantile, (int, float, np.number))
        or not 0 < quantile <= 0.5
    ):
        raise EfficapError(
            f"quantile must be above 0 and at most 0.5 (0.2 = a fifth of months); "
            f"got {short(quantile)}."
        )
    b, e, ticker = _whole_months(prices, weights, equity, rebalance)
    n = len(e)
    k = int(np.floor(quantile * n + 1e-9))
    if k < 1:
        raise PriceDataError(
            f"{n} whole months are too few for quantile {quantile:g}; "
            f"need {int(np.ceil(1 / quantile - 1e-9))}."
        )
    order = np.argsort(e.to_numpy(), kind="stable")
    worst, best = order[:k], order[n - k :]
    bv, ev = b.to_numpy(), e.to_numpy()
    return WorstMonths(
        float(bv[worst].mean()),
        float(bv[best].mean()),
        float(ev[worst].mean()),
        float(ev[best].mean()),
        k,
        n,
        e.index[0],
        e.index[-1],
        ticker,
        float(quantile),
    )


#: Former name of :class:`WorstMonths`.
CrisisAlpha = WorstMonths


def crisis_alpha(*args: Any, **kwargs: Any) -> WorstMonths:
    """Deprecated: :func:`worst_months` (the result is a plain average, not an alpha)."""
    warnings.warn(
        "crisis_alpha is now worst_months: it averages the blend's months in the equity "
        "fund's worst months, with no adjustment for equity exposure (not an alpha).",
        DeprecationWarning,
        stacklevel=2,
    )
    return worst_months(*args, **kwargs)
