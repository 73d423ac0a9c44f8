"""Spec of the Excel functions over price histories: blends, returns, risk, history, simulation.

Each :class:`~efficap_xl.spec_model.Func` gives the Excel name, the help text (first
sentence: what it returns and in which units), one help line per argument and the
shape of the result. :mod:`efficap_xl.spec` assembles these with
:mod:`efficap_xl.spec_facts` into the one spec.

Conventions the help texts state: returns are decimals read off a blend's linked
history (its growth of 1 from its first common close under the rebalancing rule);
the default rule is annual rebalancing; a figure the history does not cover is n/a.
Every function picks the price columns it uses by the header's tickers.

Implements
----------
- :data:`PRICE_FUNCTIONS` -- EFFCAP_BLEND, EFFCAP_GROWTH, EFFCAP_TRAILING,
  EFFCAP_PERFORMANCE, EFFCAP_STATS, EFFCAP_STRESS, EFFCAP_DRAWDOWNS, EFFCAP_CALENDAR,
  EFFCAP_SIMULATE.
"""

from __future__ import annotations

from efficap_xl.spec_facts import CATALOG
from efficap_xl.spec_model import Arg, Func

__all__ = ["MAX_TOP", "PRICE_FUNCTIONS"]

#: Most drawdowns EFFCAP_DRAWDOWNS lists.
MAX_TOP = 50

_DATES = Arg(
    "dates",
    "vector",
    "Column of dates, one per row of prices, ascending (the header cell may be included).",
)
_PRICES = Arg(
    "prices",
    "range2d",
    "Price table: a header row of tickers, then one row of closes per date. Prices or a "
    "growth index (total return), NOT returns. Blank = no price that day.",
)
_BLEND_WEIGHTS = Arg(
    "weights",
    "vector",
    "One weight per price column, in header order, as decimals adding up to 100% "
    "(0 for a fund not held).",
)
_WEIGHTS_TABLE = Arg(
    "weights_table",
    "range2d",
    "Blends: first row = a corner cell then tickers; each further row = a blend name then "
    "its weights (decimals adding up to 100%). Prices are taken by these tickers.",
)
_REBALANCE = Arg(
    "rebalance",
    "scalar",
    "Optional rebalancing rule, default annual (back to target weights at each year's last "
    "close); or none, daily, monthly, quarterly, threshold:5%.",
    optional=True,
)
_AS_OF = Arg("as_of", "scalar", "End date of the periods (last close on or before it).")
_WINDOW = Arg(
    "window",
    "scalar",
    "Optional: linked (default; each period read off the blend's own history) or restart "
    "(a fresh blend at target weights on each period's first close).",
    optional=True,
)

PRICE_FUNCTIONS: tuple[Func, ...] = (
    Func(
        "EFFCAP_BLEND",
        "Growth of 1 of a weighted blend of funds: spills Date | Growth (format the first "
        "column as a date). Starts at 1 on the youngest fund's first price or at start_date.",
        (
            _DATES,
            _PRICES,
            _BLEND_WEIGHTS,
            _REBALANCE,
            Arg(
                "start_date",
                "scalar",
                "Optional first date (default: the blend's first close).",
                optional=True,
            ),
            Arg(
                "end_date", "scalar", "Optional last date (default: the last close).", optional=True
            ),
        ),
        "table",
    ),
    Func(
        "EFFCAP_GROWTH",
        "Growth of 1 of each blend over its whole history: spills Date | one column per "
        "blend (header: its name), blank before its first close. A price table: hand it "
        "to the other functions with a 100% weight per blend.",
        (
            _DATES,
            _PRICES,
            _WEIGHTS_TABLE,
            _REBALANCE,
            Arg(
                "funds",
                "vector",
                "Optional tickers to add as columns of their own (a fund's growth of 1 on the "
                "blends' dates), e.g. IVV for EFFCAP_STATS' correlation to equities.",
                optional=True,
            ),
        ),
        "table",
    ),
    Func(
        "EFFCAP_TRAILING",
        "One trailing return of a blend as a decimal (format as %), annualized for periods "
        "over a year; n/a when the history is too short. Periods: YTD, 1Y, 3Y, 5Y, 10Y, SI; "
        "read off the blend's linked history unless window is restart.",
        (
            _DATES,
            _PRICES,
            _BLEND_WEIGHTS,
            _AS_OF,
            Arg(
                "period",
                "scalar",
                "YTD, 1Y, 3Y, 5Y, 10Y (any NY, or a number of years) or SI (since inception).",
            ),
            _REBALANCE,
            _WINDOW,
        ),
        "value",
    ),
    Func(
        "EFFCAP_PERFORMANCE",
        "Standardized performance table as decimals (format as %): spills a header row (first "
        "cell says what it is, e.g. as of 2026-03-31; annual; linked; then YTD, 1Y, 3Y, 5Y, "
        "10Y, SI), one row per blend; over a year annualized; n/a where history is too short.",
        (_DATES, _PRICES, _WEIGHTS_TABLE, _AS_OF, _REBALANCE, _WINDOW),
        "table",
    ),
    Func(
        "EFFCAP_STATS",
        "Risk statistics of a blend as decimals: spills Statistic | Value rows for CAGR, "
        "volatility, max drawdown, Sharpe, correlation to equities, best and worst month.",
        (
            _DATES,
            _PRICES,
            _BLEND_WEIGHTS,
            _REBALANCE,
            Arg(
                "risk_free",
                "scalar",
                "Optional ANNUAL risk-free rate as a decimal (4% or 0.04) for the Sharpe "
                "ratio; default 0.",
                optional=True,
            ),
            Arg(
                "equity",
                "scalar",
                "Optional ticker among the prices that stands for equities in the "
                "correlation; default IVV if present; none: no correlation.",
                optional=True,
            ),
        ),
        "table",
    ),
    Func(
        "EFFCAP_STRESS",
        "Each blend's total return over named stress periods as decimals (format as %), read "
        "off its linked history: spills Period | Start | End | one column per blend; n/a where "
        "the history does not cover the period.",
        (
            _DATES,
            _PRICES,
            _WEIGHTS_TABLE,
            Arg(
                "periods",
                "range2d",
                "Optional: blank = the built-in periods (GFC, Covid crash, 2022 rates shock...); "
                "a column of their names; or rows of name | start | end (header row allowed).",
                optional=True,
            ),
            _REBALANCE,
        ),
        "table",
    ),
    Func(
        "EFFCAP_DRAWDOWNS",
        "The worst drawdowns of one blend, depths as decimals (format as %): spills Rank | "
        "Depth | Peak | Trough | Recovery | Trading days (NYSE sessions from the peak to the "
        "recovery or last close), deepest first; Recovery says not recovered if it has not.",
        (
            _DATES,
            _PRICES,
            _BLEND_WEIGHTS,
            Arg(
                "top",
                "scalar",
                f"Optional number of drawdowns to list, a whole number from 1 to {MAX_TOP}; "
                "default 5.",
                optional=True,
            ),
            _REBALANCE,
        ),
        "table",
    ),
    Func(
        "EFFCAP_CALENDAR",
        "Calendar-year returns of each blend as decimals (format as %): spills Year | one "
        "column per blend | Partial, one row per year. Partial names the blends whose year is "
        "partial: their first, or the last if prices end before its last trading day.",
        (_DATES, _PRICES, _WEIGHTS_TABLE, _REBALANCE),
        "table",
    ),
    Func(
        "EFFCAP_SIMULATE",
        "A fund's daily closes in its own price units, simulated from its catalog exposures "
        "before its first real close: spills Date | Close | Simulated (TRUE/FALSE), then a "
        "last row Validation: CAGR gap and monthly correlation vs the real fund.",
        (
            _DATES,
            Arg(
                "prices",
                "range2d",
                "Price table with a header row of tickers: the proxies' closes (IVV, IEF, BIL; "
                "SPY and SHY reach further back) and the fund's own, if any.",
            ),
            Arg(
                "ticker",
                "scalar",
                "The fund to simulate, e.g. NTSX; its exposures and net expense ratio come from "
                "the catalog.",
            ),
            CATALOG,
            Arg(
                "spread",
                "scalar",
                "Optional annual financing spread over cash on the borrowed notional, as a "
                "decimal or percent (0.5% or 0.005); default 0.",
                optional=True,
            ),
        ),
        "table",
    ),
)
