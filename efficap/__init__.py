"""efficap: efficient-capital portfolio tools for Excel and Python.

Three computations over one fund catalog:

- exposure decomposition: :func:`exposures`, :func:`exposure_report`, :func:`total_notional`;
- solve for weights: :func:`solve_weights`;
- blended returns and performance: :func:`blend_growth`, :func:`trailing_returns`,
  :func:`standardized_table`, :func:`risk_stats`.

Weights, exposures and returns are decimals (0.24 for 24%) everywhere.
"""

from efficap.blend import blend_growth, blend_returns, parse_rebalance
from efficap.catalog import builtin_catalog, fund_fact, load_catalog
from efficap.errors import (
    CatalogError,
    EfficapError,
    PriceDataError,
    SolveError,
    UnknownTickerError,
    WeightsError,
)
from efficap.exposure import exposure_report, exposure_table, exposures, financing, total_notional
from efficap.fees import weighted_fact
from efficap.performance import caption, standardized_table, trailing_return, trailing_returns
from efficap.prices import read_prices
from efficap.risk import risk_stats
from efficap.solve import SolveResult, solve_weights

__version__ = "0.1.0"

__all__ = [
    "CatalogError",
    "EfficapError",
    "PriceDataError",
    "SolveError",
    "SolveResult",
    "UnknownTickerError",
    "WeightsError",
    "blend_growth",
    "blend_returns",
    "builtin_catalog",
    "caption",
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
