"""efficap: efficient-capital portfolio tools for Excel and Python.

Three computations over one fund catalog:

- exposure decomposition: :func:`exposures`, :func:`exposure_report`, :func:`total_notional`;
- solve for weights: :func:`solve_weights`;
- blended returns and performance: :func:`blend_growth`, :func:`trailing_returns`,
  :func:`standardized_table`, :func:`risk_stats`;
- how a blend behaved in crises: :func:`stress_table`, :func:`drawdowns`,
  :func:`calendar_years`, :func:`growth_table`, :func:`rolling_correlation`,
  :func:`worst_months`, and all of them at once in :func:`portfolio_report`.

Checks that warn rather than refuse: :func:`check_prices` and :class:`PriceWarning`
(gaps against the NYSE calendar, closes on closed days, one-day bad prints).

Weights, exposures and returns are decimals (0.24 for 24%) everywhere.
"""

from efficap._version import __version__
from efficap.analysis import portfolio_report
from efficap.blend import blend_growth, blend_returns, parse_rebalance
from efficap.catalog import Catalog, builtin_catalog, fund_fact, load_catalog
from efficap.correlation import rolling_correlation, worst_months
from efficap.errors import (
    BuildError,
    CatalogError,
    DateError,
    EfficapError,
    PriceDataError,
    RuleError,
    SolveError,
    UnitsError,
    UnknownTickerError,
    WeightsError,
)
from efficap.exposure import exposure_report, exposure_table, exposures, financing, total_notional
from efficap.fees import weighted_fact
from efficap.history import calendar_years, drawdown_table, drawdowns, growth_table
from efficap.performance import caption, standardized_table, trailing_return, trailing_returns
from efficap.pricecheck import PriceWarning, check_prices
from efficap.prices import read_prices
from efficap.risk import risk_stats
from efficap.solve import SolveResult, solve_weights
from efficap.stress import stress_detail, stress_periods, stress_table

__all__ = [
    "BuildError",
    "Catalog",
    "CatalogError",
    "DateError",
    "EfficapError",
    "PriceDataError",
    "PriceWarning",
    "RuleError",
    "SolveError",
    "SolveResult",
    "UnitsError",
    "UnknownTickerError",
    "WeightsError",
    "__version__",
    "blend_growth",
    "blend_returns",
    "builtin_catalog",
    "calendar_years",
    "caption",
    "check_prices",
    "drawdown_table",
    "drawdowns",
    "exposure_report",
    "exposure_table",
    "exposures",
    "financing",
    "fund_fact",
    "growth_table",
    "load_catalog",
    "parse_rebalance",
    "portfolio_report",
    "read_prices",
    "risk_stats",
    "rolling_correlation",
    "solve_weights",
    "standardized_table",
    "stress_detail",
    "stress_periods",
    "stress_table",
    "total_notional",
    "trailing_return",
    "trailing_returns",
    "weighted_fact",
    "worst_months",
]
