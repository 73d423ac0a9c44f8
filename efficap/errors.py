"""Exception classes raised by efficap.

Every message is short, names the offending input, and says what to do, so the
Excel layer and the command line can show it to a user as it is.
"""

from __future__ import annotations


class EfficapError(ValueError):
    """Base class of every error efficap raises on bad input."""


class CatalogError(EfficapError):
    """A fund catalog is malformed (missing ticker column, bad numbers...)."""


class UnknownTickerError(EfficapError):
    """A ticker is not in the fund catalog or the price history."""


class WeightsError(EfficapError):
    """Weights or targets are malformed (blank, text, mismatched lengths...)."""


class PriceDataError(EfficapError):
    """A price history is malformed or does not cover the requested dates."""


class SolveError(EfficapError):
    """A solve-for-weights problem is malformed (not merely infeasible)."""


class SimulationError(EfficapError):
    """A simulated history cannot be built (missing proxy, blank fee, bad rate...)."""


class MissingProxyError(SimulationError):
    """A fund's asset class has no proxy fund, or the proxy has no prices."""
