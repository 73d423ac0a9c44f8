"""efficap: efficient-capital portfolio tools for Excel and Python.

Three computations over one fund catalog:

- exposure decomposition: :func:`exposures`, :func:`exposure_report`, :func:`total_notional`;
- solve for weights: :func:`solve_weights`;
- blended returns and performance: :func:`blend_growth`, :func:`trailing_returns`,
  :func:`standardized_table`, :func:`risk_stats`.

Checks that warn rather than refuse: :func:`check_prices` and :class:`PriceWarning`
(gaps against the NYSE calendar, closes on closed days, one-day bad prints).

Weights, exposures and returns are decimals (0.24 for 24%) everywhere.
"""

from efficap._version import __version__
from efficap.blend import blend_growth, blend_returns, parse_rebalance
from efficap.catalog import Catalog, builtin_catalog, fund_fact, load_catalog
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
from efficap.performance import risk_stats, standardized_table, trailing_return, trailing_returns
from efficap.pricecheck import PriceWarning, check_prices
from efficap.prices import read_prices
from efficap.solve import SolveResult, solve_weights

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
    "check_prices",
    "exposure_report",
    "exposure_table",
    "exposures",
    "financing",
    "fund_fact",
    "load_catalog",
    "parse_rebalance",
    "read_prices",
    "risk_stats",
    "solve_weights",
    "standardized_table",
    "total_notional",
    "trailing_return",
    "trailing_returns",
    "weighted_fact",
]
