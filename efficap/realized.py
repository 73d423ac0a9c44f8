"""Realized exposures: what a fund's returns say it holds, next to what it states.

Implements
----------
- :func:`realized_exposures` -- a fund's excess returns over the cash proxy regressed on
  its asset classes' proxies' excess returns (the proxy table of :mod:`efficap.proxies`),
  with standard errors, R-squared and the window; stated (catalog) against realized
  exposure per asset class, flagged where they differ by more than both two standard
  errors and :data:`FLAG_GAP`.
- :class:`RealizedExposures` -- that result, with :meth:`~RealizedExposures.table`.
- :func:`ols` -- ordinary least squares with an intercept and classical standard errors.
- :data:`FREQUENCIES`, :data:`DEFAULT_FREQUENCY` -- daily or weekly returns.

Model. Over the closes the fund, its proxies and the cash proxy share,
``r_fund - r_cash = alpha + sum_c beta_c (r_proxy_c - r_cash) + e``. ``beta_c`` is the
realized notional exposure per $1 to asset class ``c``: the same quantity the catalog
states, and the one :mod:`efficap.simulate` multiplies the proxies by. Returns are simple
returns (decimals) between consecutive sample closes.

**Weekly by default.** Treasury futures settle at 3 p.m. Eastern, stocks and ETFs close
at 4 p.m., so a fund of futures and an ETF of bonds record a day's move at different
moments: part of one day's news lands in the next day's return of one series only. That
noise is independent of the regressors and drags daily betas toward zero; summed over a
week it is a fifth as large relative to the move (a Dimson-style correction without its
lags). On NTSX (2018-08 to 2026-08) daily gives R-squared 0.93, weekly 0.97. A week's
return runs from the last common close of one calendar week (Monday to Friday) to the
last of the next; the first close of the data opens the first week.

**Why numpy and not statsmodels.** The fit is a two- to four-column least-squares problem;
``numpy.linalg.lstsq`` solves it and the classical covariance ``s^2 (X'X)^-1`` is two
lines, checked in the tests against a hand computation. statsmodels would add a heavy
dependency (and patsy) to the core and to Excel installs for those two lines. The
standard errors are the classical (homoskedastic) ones; they understate the uncertainty
if residuals are heteroskedastic or autocorrelated, so the flag also asks for a gap of
at least 0.1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from efficap._validate import normalize_ticker
from efficap.catalog import CatalogLike, asset_classes, exposure_matrix, load_catalog
from efficap.dates import parse_date
from efficap.engine import _looks_canonical
from efficap.errors import MissingProxyError, PriceDataError, RegressionError
from efficap.prices import validate_prices
from efficap.proxies import ProxiesLike, proxy_chains, proxy_table

__all__ = [
    "CASH",
    "DEFAULT_FREQUENCY",
    "FLAG_GAP",
    "FLAG_SE",
    "FREQUENCIES",
    "RealizedExposures",
    "ols",
    "realized_exposures",
]

#: The proxy-table asset class whose proxy is the risk-free (financing) return.
CASH = "Cash"
#: Sampling frequencies and the periods per year used to annualize alpha.
FREQUENCIES: dict[str, int] = {"daily": 252, "weekly": 52}
#: The default frequency (see the module docstring for why weekly).
DEFAULT_FREQUENCY = "weekly"
#: A realized exposure is flagged when it differs from the stated one by more than this
#: (exposure per $1) ...
FLAG_GAP = 0.1
#: ... and by more than this many standard errors.
FLAG_SE = 2.0
#: Fewest return observations a fit needs beyond its number of coefficients.
MIN_EXTRA_OBSERVATIONS = 10

_COLUMNS = ("proxy", "stated", "realized", "std_error", "difference", "flagged")


def ols(y: Any, x: Any) -> tuple[np.ndarray, np.ndarray, float]:
    """Least squares of `y` on an intercept and the columns of `x`.

    Parameters
    ----------
    y : array-like of shape (n,)
        Dependent variable.
    x : array-like of shape (n, k)
        Regressors (no constant column: the intercept is added).

    Returns
    -------
    (ndarray, ndarray, float)
        Coefficients ``[intercept, b_1, ..., b_k]``, their classical standard errors
        ``sqrt(diag(s^2 (X'X)^-1))`` with ``s^2 = RSS / (n - k - 1)``, and R-squared
        ``1 - RSS / TSS`` (TSS about the mean of `y`).

    Raises
    ------
    RegressionError
        On non-finite values, too few observations (n <= k + 1), or regressors that
        are collinear (one is a combination of the others).
    """
    yv = np.asarray(y, dtype=float).reshape(-1)
    xv = np.asarray(x, dtype=float).reshape(len(yv), -1)
    if not (np.isfinite(yv).all() and np.isfinite(xv).all()):
        raise RegressionError("Returns must be finite numbers.")
    design = np.column_stack([np.ones(len(yv)), xv])
    n, k = design.shape
    if n <= k:
        raise RegressionError(f"{n} observations are too few for {k} coefficients.")
    coef, _, rank, _ = np.linalg.lstsq(design, yv, rcond=None)
    if rank < k:
        raise RegressionError("The proxies' returns are collinear: one explains another.")
    resid = yv - design @ coef
    rss = float(resid @ resid)
    cov = rss / (n - k) * np.linalg.inv(design.T @ design)
    tss = float(((yv - yv.mean()) ** 2).sum())
    r2 = 1.0 - rss / tss if tss > 0 else np.nan
    return coef, np.sqrt(np.clip(np.diag(cov), 0.0, None)), r2


@dataclass(frozen=True)
class RealizedExposures:
    """Stated and realized exposures of one fund (:func:`realized_exposures`).

    Attributes
    ----------
    fund : str
        Ticker.
    frequency : str
        ``"daily"`` or ``"weekly"``.
    proxies : dict
        Asset class -> proxy ticker regressed on.
    cash : str
        The cash proxy whose return is subtracted from every series.
    stated, realized, std_error : pandas.Series
        Per asset class: the catalog's exposure per $1, the regression coefficient, and
        its standard error (decimals).
    alpha, alpha_std_error : float
        Intercept annualized (per-period intercept x periods a year), a decimal a year.
    r_squared : float
        Share of the fund's excess-return variance the proxies explain.
    first, last : pandas.Timestamp
        First and last close of the sample (the first is the base of the first return).
    observations : int
        Returns regressed.
    notes : tuple of str
        What a reader should know.
    """

    fund: str
    frequency: str
    proxies: dict[str, str]
    cash: str
    stated: pd.Series
    realized: pd.Series
    std_error: pd.Series
    alpha: float
    alpha_std_error: float
    r_squared: float
    first: pd.Timestamp
    last: pd.Timestamp
    observations: int
    notes: tuple[str, ...]

    @property
    def flagged(self) -> pd.Series:
        """True per asset class where ``|realized - stated|`` exceeds both
        :data:`FLAG_SE` standard errors and :data:`FLAG_GAP`."""
        gap = (self.realized - self.stated).abs()
        return (gap > FLAG_SE * self.std_error) & (gap > FLAG_GAP)

    def caption(self) -> str:
        """One line: what was regressed on what, how often, over which window."""
        on = ", ".join(f"{t} ({c})" for c, t in self.proxies.items())
        return (
            f"{self.fund} {self.frequency} returns over {self.cash}'s regressed on {on} over "
            f"{self.cash}'s, {self.first:%Y-%m-%d} to {self.last:%Y-%m-%d}, "
            f"{self.observations} observations; R-squared {self.r_squared:.3f}; flagged: "
            f"differs from stated by more than {FLAG_SE:g} standard errors and {FLAG_GAP:g}"
        )

    def table(self) -> pd.DataFrame:
        """One row per asset class: ``proxy``, ``stated``, ``realized``, ``std_error``,
        ``difference`` (realized - stated) and ``flagged``; exposures per $1 (decimals).
        The caption is in ``attrs["caption"]``."""
        out = pd.DataFrame(
            {
                "proxy": pd.Series(self.proxies),
                "stated": self.stated,
                "realized": self.realized,
                "std_error": self.std_error,
                "difference": self.realized - self.stated,
                "flagged": self.flagged,
            },
            index=pd.Index(list(self.proxies), name="Asset class"),
        )[list(_COLUMNS)]
        out.attrs["caption"] = self.caption()
        return out


def _frequency(frequency: Any) -> str:
    key = DEFAULT_FREQUENCY if frequency is None else str(frequency).strip().lower()
    key = {"": DEFAULT_FREQUENCY, "d": "daily", "day": "daily", "w": "weekly"}.get(key, key)
    key = {"week": "weekly"}.get(key, key)
    if key not in FREQUENCIES:
        raise RegressionError(f"Unknown frequency {frequency!r}. Use daily or weekly.")
    return key


def _proxy(prices: pd.DataFrame, fund: str, cls: str, chain: tuple[str, ...]) -> str:
    priced = [t for t in chain if t in prices.columns]
    if not chain:
        raise MissingProxyError(fund, cls, advice="efficap cannot regress on it.")
    if not priced:
        raise MissingProxyError(fund, cls, chain)
    return priced[0]


def _sample(frame: pd.DataFrame, frequency: str) -> pd.DataFrame:
    """The closes regressed: every common close, or the last of each calendar week."""
    if frequency == "daily":
        return frame
    weeks = frame.index.to_period("W-FRI")
    last = np.append(weeks[1:] != weeks[:-1], True)
    last[0] = True  # the first close is the base of the first week's return
    return frame[last]


def realized_exposures(
    fund: str,
    prices: pd.DataFrame,
    catalog: CatalogLike = None,
    proxies: ProxiesLike = None,
    frequency: str | None = None,
    start: Any = None,
    end: Any = None,
) -> RealizedExposures:
    """Regress a fund's excess returns on its asset classes' proxies' excess returns.

    Parameters
    ----------
    fund : str
        Ticker in the catalog with a price column.
    prices : pandas.DataFrame
        Total-return closes with the fund's, its proxies' and the cash proxy's columns.
    catalog : optional
        User catalog (the stated exposures); see :func:`efficap.catalog.load_catalog`.
    proxies : optional
        Proxy overrides; see :func:`efficap.proxies.proxy_table`. Each class uses its
        most preferred proxy that has prices (older proxies are not chained here).
    frequency : {"weekly", "daily"}, optional
        Sampling; None means :data:`DEFAULT_FREQUENCY` (weekly).
    start, end : date-like, optional
        Use only closes on or after `start` and on or before `end`.

    Returns
    -------
    RealizedExposures

    Raises
    ------
    MissingProxyError
        An asset class the fund holds has no proxy, or none with prices.
    RegressionError
        The fund is the cash proxy or holds only cash, two classes share a proxy,
        fewer than ``k + 1 +`` :data:`MIN_EXTRA_OBSERVATIONS` returns, an unknown
        frequency. (UnknownTickerError, PriceDataError, DateError on a fund the catalog
        or the prices lack, bad prices, bad dates.)
    """
    table = load_catalog(catalog)
    ticker = normalize_ticker(fund)
    freq = _frequency(frequency)
    # already checked (read_prices, a sheet's cache): as is, so warnings are not repeated
    frame = prices if _looks_canonical(prices) else validate_prices(prices)
    row = exposure_matrix(table, [ticker]).iloc[0]
    if ticker not in frame.columns:
        raise PriceDataError(f"No prices for {ticker}: add its column to regress its returns.")
    chains = proxy_chains(proxy_table(proxies), asset_classes(table))
    cash = _proxy(frame, ticker, CASH, chains.get(CASH, ()))
    classes = [c for c, v in row.items() if v != 0.0 and c != CASH]
    if ticker == cash or not classes:
        raise RegressionError(f"{ticker} holds only cash: nothing to regress it on.")
    used = {c: _proxy(frame, ticker, c, chains.get(c, ())) for c in classes}
    if len(set(used.values())) < len(used):
        raise RegressionError(f"{ticker}: two asset classes share a proxy; give each its own.")
    notes = [
        f"{ticker} is its own {c} proxy: its exposure is 1 by construction."
        for c, t in used.items()
        if t == ticker
    ]
    if row.get(CASH, 0.0):
        notes.append(f"{ticker}'s stated cash exposure is left out: cash is the base.")
    cols = list(dict.fromkeys([ticker, *used.values(), cash]))
    common = frame[cols].dropna()
    lo = None if start is None else parse_date(start, "Start date")
    hi = None if end is None else parse_date(end, "End date")
    common = common.loc[lo:hi]
    sample = _sample(common, freq)
    values = sample.to_numpy()
    rets = values[1:] / values[:-1] - 1.0
    k = len(used)
    if len(rets) < k + 1 + MIN_EXTRA_OBSERVATIONS:
        raise RegressionError(
            f"{ticker}: {len(rets)} {freq} returns in common with its proxies; "
            f"need at least {k + 1 + MIN_EXTRA_OBSERVATIONS}."
        )
    position = {t: i for i, t in enumerate(cols)}
    base = rets[:, position[cash]]
    y = rets[:, position[ticker]] - base
    x = np.column_stack([rets[:, position[t]] - base for t in used.values()])
    coef, se, r2 = ols(y, x)
    per_year = FREQUENCIES[freq]
    index = pd.Index(classes, name="Asset class")
    return RealizedExposures(
        fund=ticker,
        frequency=freq,
        proxies=used,
        cash=cash,
        stated=pd.Series(row[classes].to_numpy(dtype=float), index=index, name="stated"),
        realized=pd.Series(coef[1:], index=index, name="realized"),
        std_error=pd.Series(se[1:], index=index, name="std_error"),
        alpha=float(coef[0] * per_year),
        alpha_std_error=float(se[0] * per_year),
        r_squared=float(r2),
        first=sample.index[0],
        last=sample.index[-1],
        observations=len(rets),
        notes=tuple(notes),
    )
