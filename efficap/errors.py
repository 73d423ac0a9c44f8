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


class UnitsError(EfficapError):
    """A value is implausible for its field, almost surely a units mistake (90 for 90%)."""


class DateError(EfficapError):
    """A date is missing, unparseable or ambiguous (03/04/2026: March 4 or April 3?)."""


class RuleError(EfficapError):
    """A rebalancing rule, trailing period or window convention is not one efficap knows."""


class BuildError(Exception):
    """Building a file failed for a reason that is not the user's input (a missing
    source file, an unreadable library file). Not an :class:`EfficapError`."""


class SimulationError(EfficapError):
    """A simulated history cannot be built (missing proxy, blank fee, bad rate...)."""


class MissingProxyError(SimulationError):
    """A fund's asset class has no proxy fund, or the proxy has no prices."""


class RegressionError(EfficapError):
    """Realized exposures cannot be estimated (too few closes, a proxy twice...)."""


class ScreenError(EfficapError):
    """An overlay screen is malformed (a candidate in the core, an overlay of 20...)."""
