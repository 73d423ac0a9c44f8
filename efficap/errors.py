"""Exception classes raised by efficap.

Every message is short, names the offending input, and says what to do, so the
Excel layer and the command line can show it to a user as it is. Where the advice
depends on who is asking (a Python argument, a command-line option, a sheet range), the
error carries its facts as data instead: :attr:`EfficapError.problem` is the message
without the Python-only advice, and subclasses name what is missing
(:class:`MissingExpenseRatioError` ``fund``; :class:`MissingProxyError` ``fund``,
``asset_class``, ``proxies``), so each front end phrases its own advice without
matching message text.
"""

from __future__ import annotations


class EfficapError(ValueError):
    """Base class of every error efficap raises on bad input.

    Attributes
    ----------
    problem : str
        What is wrong, without advice that only fits a Python caller (the whole message
        unless a subclass says otherwise).
    """

    @property
    def problem(self) -> str:
        return str(self)


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


class MissingExpenseRatioError(SimulationError):
    """A fund to simulate has no net expense ratio (and none was given).

    Attributes
    ----------
    fund : str
        The fund's ticker.
    field : str
        The catalog column that is blank (``"net_expense_ratio"``).
    """

    field = "net_expense_ratio"

    def __init__(self, fund: str) -> None:
        self.fund = fund
        super().__init__(
            f"{self.problem}; pass expense_ratio=0.0075 (or '0.75%') or add it to a catalog."
        )

    @property
    def problem(self) -> str:
        return f"{self.fund} has no net expense ratio in the catalog"

    def __reduce__(self) -> tuple[object, ...]:
        return type(self), (self.fund,)


class MissingProxyError(SimulationError):
    """A fund's asset class has no proxy fund, or the proxy has no prices.

    Attributes
    ----------
    fund : str
        The fund being simulated.
    asset_class : str
        The asset class without a usable proxy.
    proxies : tuple of str
        The proxy tickers tried, whose closes are missing; empty when the class has no
        proxy at all.
    advice : str or None
        What the raiser advises instead of the default (``proxies=`` or "add its
        column"), e.g. that a regression cannot use the class at all.
    """

    def __init__(
        self,
        fund: str,
        asset_class: str,
        proxies: tuple[str, ...] = (),
        advice: str | None = None,
    ) -> None:
        self.fund, self.asset_class, self.proxies = fund, asset_class, tuple(proxies)
        self.advice = advice
        if advice is not None:
            text = f"{self.problem}; {advice}"
        elif self.proxies:
            text = f"{self.problem}; add its column."
        else:
            hint = f"proxies={{'{asset_class}': 'TICKER'}}"
            text = f"{self.problem}. Pass {hint} with its closes in prices."
        super().__init__(text)

    @property
    def problem(self) -> str:
        if self.proxies:
            return f"{self.fund}: no prices for the {self.asset_class} proxy " + " or ".join(
                self.proxies
            )
        return f"{self.fund}: no proxy for {self.asset_class}"

    def __reduce__(self) -> tuple[object, ...]:
        return type(self), (self.fund, self.asset_class, self.proxies, self.advice)


class RegressionError(EfficapError):
    """Realized exposures cannot be estimated (too few closes, a proxy twice...)."""


class ScreenError(EfficapError):
    """An overlay screen is malformed (a candidate in the core, an overlay of 20...)."""
