"""Spec of the Excel functions that screen overlays and measure what funds hold.

Implements
----------
- :data:`SCREEN_FUNCTIONS` -- EFFCAP_SCREEN (candidate overlays stacked on a core, solved
  and measured against it) and EFFCAP_REALIZED (a fund's stated vs realized exposures).

Each :class:`~efficap_xl.spec_model.Func` gives the Excel name, the help text (first
sentence: what it returns and in which units), one help line per argument and the shape
of the result; :mod:`efficap_xl.spec` assembles them into the one spec.
"""

from __future__ import annotations

from efficap_xl.spec_facts import CATALOG
from efficap_xl.spec_model import Arg, Func
from efficap_xl.spec_prices import _DATES, _PRICES, _REBALANCE  # as every price function

__all__ = ["SCREEN_FUNCTIONS"]

SCREEN_FUNCTIONS: tuple[Func, ...] = (
    Func(
        "EFFCAP_SCREEN",
        "Overlay screen as decimals (format as %): spills a header row (first cell says what "
        "it is), then a row per candidate and overlay: weights that keep the core and add the "
        "candidate on top, CAGR, max drawdown, their change vs the core, stress periods.",
        (
            _DATES,
            _PRICES,
            Arg(
                "core_tickers",
                "vector",
                "Optional core funds, one row or column (default IVV, AGG); with core_weights.",
                optional=True,
            ),
            Arg(
                "core_weights",
                "vector",
                "Optional core weights as decimals adding up to 100%, aligned with "
                "core_tickers (default 60%, 40%).",
                optional=True,
            ),
            Arg(
                "candidates",
                "vector",
                "Optional funds to stack on the core; default: every fund in prices none of "
                "whose asset classes the core holds (WTMF, DBMF, GLD...).",
                optional=True,
            ),
            Arg(
                "overlays",
                "vector",
                "Optional overlay sizes as decimals of capital (20% or 0.2); default 10%, "
                "20%, 30%.",
                optional=True,
            ),
            _REBALANCE,
            Arg(
                "sort",
                "scalar",
                "Optional column to sort by, best first: CAGR, CAGR vs core, Volatility, "
                "Sharpe, Max drawdown, a stress period...; default: as given.",
                optional=True,
            ),
            CATALOG,
        ),
        "table",
    ),
    Func(
        "EFFCAP_REALIZED",
        "A fund's stated and realized exposures per $1 as decimals (format as %): spills "
        "Asset class | Proxy | Stated | Realized | Std error | Difference | Flagged, then "
        "rows R-squared, Alpha a year, Observations, First close, Last close.",
        (
            _DATES,
            Arg(
                "prices",
                "range2d",
                "Price table with a header row of tickers: the fund's closes, its asset "
                "classes' proxies' (IVV, IEF, GLD, WTMF) and the cash proxy's (BIL).",
            ),
            Arg(
                "ticker",
                "scalar",
                "The fund, e.g. NTSX; its stated exposures come from the catalog.",
            ),
            Arg(
                "frequency",
                "scalar",
                "Optional: weekly (default; futures and stocks close at different times, a "
                "week's return washes that out) or daily.",
                optional=True,
            ),
            CATALOG,
        ),
        "table",
    ),
)
