"""Plausibility bounds: the one place that says what a sane value of each field is.

Implements :data:`BOUNDS` and :func:`check_plausible`. A value outside its field's
bounds is almost always a units mistake (an exposure of 90 meaning 90%, an expense
ratio of 0.20 meaning 0.20%, a risk-free rate of 4 meaning 4%), so it is refused with
a message that says how to write it, never used quietly.

All values are decimals (0.9 = 90%, 0.002 = 0.20%).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from efficap.errors import UnitsError

__all__ = ["BOUNDS", "Bound", "check_plausible", "is_plausible"]


@dataclass(frozen=True)
class Bound:
    """The plausible range of one field, inclusive, as decimals.

    Attributes
    ----------
    label : str
        What the field is, for messages ("an expense ratio").
    low, high : float
        Smallest and largest plausible value (decimals).
    example : float
        A typical value, shown in messages as a percent and as a decimal.
    """

    label: str
    low: float
    high: float
    example: float


#: Field name -> its plausible range. Wide enough for every real fund (3x leveraged
#: funds, managed-futures fees near 1%), narrow enough to catch whole percents.
BOUNDS: dict[str, Bound] = {
    "weight": Bound("a fund weight", -1.0, 2.0, 0.24),
    "target": Bound("an exposure target", -3.0, 3.0, 0.6),
    "exposure": Bound("an exposure per $1", -3.0, 3.0, 0.9),
    "expense_ratio": Bound("an expense ratio", 0.0, 0.03, 0.002),
    "yield": Bound("a yield", -0.01, 0.25, 0.0118),
    "risk_free": Bound("an annual risk-free rate", -0.02, 0.20, 0.04),
    "spread": Bound("an annual financing spread", 0.0, 0.10, 0.005),
}


def _percent(value: float) -> str:
    return f"{value * 100:.4g}%"


def is_plausible(value: float, field: str) -> bool:
    """True when `value` lies within the bounds of `field` (see :data:`BOUNDS`)."""
    bound = BOUNDS[field]
    return math.isfinite(value) and bound.low <= value <= bound.high


def check_plausible(value: Any, field: str, what: str) -> float:
    """Return `value` as a float, or refuse it as implausible for its field.

    Parameters
    ----------
    value : float
        The value, as a decimal.
    field : str
        A key of :data:`BOUNDS` (``"weight"``, ``"exposure"``, ``"expense_ratio"``...).
    what : str
        How the message names the value ("Net ER of MYF").

    Returns
    -------
    float

    Raises
    ------
    UnitsError
        When the value is outside the field's bounds; the message shows the value as
        a percent and says how to write it (``0.2%`` or ``0.002``).
    KeyError
        On an unknown field (a programming error, not bad input).

    Examples
    --------
    >>> check_plausible(0.002, "expense_ratio", "Net ER of MYF")
    0.002
    >>> check_plausible(0.2, "expense_ratio", "Net ER of MYF")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    efficap.errors.UnitsError: Net ER of MYF is 0.2 (20%): not plausible ... e.g. 0.2% or 0.002.
    """
    bound = BOUNDS[field]
    number = float(value)
    if is_plausible(number, field):
        return number
    example = bound.example
    raise UnitsError(
        f"{what} is {number:g} ({_percent(number)}): not plausible for {bound.label} "
        f"({_percent(bound.low)} to {_percent(bound.high)}). "
        f"Write a decimal or a percent, e.g. {_percent(example)} or {example:g}."
    )
