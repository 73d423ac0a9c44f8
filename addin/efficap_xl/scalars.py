"""Readers of one-cell arguments: text, TRUE/FALSE, numbers, dates, periods, rebalancing rules.

Each takes a cell (or a one-cell range) as xlwings hands it and returns a core input,
or raises a short message naming the argument. What a cell is (blank, number, error,
date...) is decided in :mod:`efficap_xl.cells`.

Implements
----------
- :func:`text`, :func:`flag` -- optional text and TRUE/FALSE arguments.
- :func:`number` -- an optional number, optionally checked for plausibility
  (:func:`efficap.bounds.check_plausible`: a risk-free rate of 4 is refused).
- :func:`date`, :func:`optional_date` -- one date cell: a date, an Excel serial
  number, or unambiguous text (:func:`efficap.dates.parse_date`).
- :func:`whole` -- an optional whole number within bounds (how many drawdowns).
- :func:`rate` -- an optional annual rate as a number or percent text, for the core
  to read and check (a financing spread).
- :func:`period`, :func:`rebalance`, :func:`window` -- a trailing period, a
  rebalancing rule and a window convention.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from efficap.bounds import check_plausible
from efficap.periods import MAX_YEARS, parse_period
from efficap_xl import cells
from efficap_xl.cells import InputError
from efficap_xl.ranges import single

__all__ = [
    "MAX_YEARS",
    "date",
    "flag",
    "number",
    "optional_date",
    "period",
    "rate",
    "rebalance",
    "text",
    "whole",
    "window",
]


def text(value: Any, what: str, default: str | None = None) -> str | None:
    """Return an optional text argument, stripped; `default` when blank or missing.

    Raises
    ------
    InputError
        On an Excel error, a number, TRUE/FALSE, a date or a multi-cell range.
    """
    value = single(value, what)
    cells.check_not_error(value, what)
    kind = cells.kind(value)
    if kind == "blank":
        return default
    if kind != "text":
        raise InputError(f"{what} is {cells.describe(value)}, not text.")
    return value.strip()


def flag(value: Any, what: str, default: bool = False) -> bool:
    """Return an optional TRUE/FALSE argument (1/0 and "yes"/"no" accepted).

    Raises
    ------
    InputError
        On anything else.
    """
    value = single(value, what)
    cells.check_not_error(value, what)
    kind = cells.kind(value)
    if kind == "blank":
        return default
    if kind == "bool":
        return bool(value)
    if kind == "number" and float(value) in (0.0, 1.0):
        return bool(float(value))
    if kind == "text" and value.strip().lower() in ("true", "yes", "false", "no"):
        return value.strip().lower() in ("true", "yes")
    raise InputError(f"{what} must be TRUE or FALSE, got {cells.describe(value)}.")


def number(
    value: Any, what: str, default: float | None = None, field: str | None = None
) -> float | None:
    """Return an optional number argument; `default` when blank or missing.

    Parameters
    ----------
    value : Any
        One cell.
    what : str
        Name of the argument for messages.
    default : float, optional
    field : str, optional
        A key of :data:`efficap.bounds.BOUNDS` ("risk_free"): the number must be
        plausible for it (a decimal).

    Raises
    ------
    InputError
        On text, TRUE/FALSE, an Excel error or a non-finite number.
    efficap.errors.UnitsError
        On a number outside the field's plausible range (4 for 4%).
    """
    value = single(value, what)
    if cells.kind(value) == "blank":
        return default
    out = cells.number_cell(value, what)
    return check_plausible(out, field, what) if field else out


def whole(value: Any, what: str, default: int, low: int, high: int) -> int:
    """Return an optional whole-number argument from `low` to `high`; `default` when blank.

    Raises
    ------
    InputError
        On text, TRUE/FALSE, an Excel error, a fraction or a number out of bounds
        (``"top must be a whole number from 1 to 50, got 2.5."``).
    """
    value = single(value, what)
    if cells.kind(value) == "blank":
        return default
    out = cells.number_cell(value, what)
    if not (out == int(out) and low <= out <= high):
        raise InputError(f"{what} must be a whole number from {low} to {high}, got {out:g}.")
    return int(out)


def rate(value: Any, what: str) -> float | str | None:
    """Return an optional annual rate as a number, or as text for the core to read ("0.5%").

    The core (:func:`efficap.simulate.simulate`) reads percent text and checks that the
    rate is plausible; here only what is neither a number nor text is refused.

    Raises
    ------
    InputError
        On an Excel error, TRUE/FALSE, a date or a multi-cell range.
    """
    value = single(value, what)
    cells.check_not_error(value, what)
    kind = cells.kind(value)
    if kind == "blank":
        return None
    if kind == "number":
        return cells.number_cell(value, what)
    if kind == "text":
        return value.strip()
    raise InputError(f"{what} is {cells.describe(value)}, not a number or percent.")


def date(value: Any, what: str, default: pd.Timestamp | None = None) -> pd.Timestamp | None:
    """Return a date argument as a midnight :class:`pandas.Timestamp`.

    Parameters
    ----------
    value : Any
        One cell: a date, an Excel serial number, or text read by
        :func:`efficap.dates.parse_date` (``2026-03-31``; ``03/04/2026`` is refused).
    what : str
        Name of the argument for messages ("As-of date").
    default : Timestamp, optional
        Value for a blank or missing argument; None makes it required.

    Raises
    ------
    InputError, efficap.errors.DateError
        On anything that is not a date, or a blank required date.
    """
    value = single(value, what)
    if default is not None and cells.kind(value) == "blank":
        return default
    return cells.date_cell(value, what)


def optional_date(value: Any, what: str) -> pd.Timestamp | None:
    """Return a date argument, or None when it is blank or missing (see :func:`date`)."""
    value = single(value, what)
    if cells.kind(value) == "blank":
        return None
    return cells.date_cell(value, what)


def period(value: Any) -> str:
    """Return a trailing period's canonical name: ``"YTD"``, ``"3Y"``, ``"SI"``.

    One cell of text or a number (N is N years), read by the core's one period grammar
    (:func:`efficap.periods.parse_period`, which also caps N at :data:`MAX_YEARS`).

    Raises
    ------
    InputError
        If blank, an Excel error, TRUE/FALSE, a date or more than one cell.
    efficap.errors.RuleError
        On a period the grammar refuses: unknown text, a number that is not a whole
        number of years, more than :data:`MAX_YEARS` years (``2024`` typed for ``YTD``).
    """
    value = single(value, "Period")
    cells.check_not_error(value, "Period")
    kind = cells.kind(value)
    if kind == "blank":
        raise InputError("Period is blank. Use YTD, 1Y, 3Y, 5Y, 10Y or SI.")
    if kind not in ("number", "text"):
        raise InputError(f"Period is {cells.describe(value)}. Use YTD, 1Y, 3Y, 5Y, 10Y or SI.")
    return parse_period(float(value) if kind == "number" else value.strip())[0]


def rebalance(value: Any) -> str | None:
    """Return a rebalancing rule as text (None = the core's default, annual).

    One cell: ``none``, ``daily``, ``monthly``, ``quarterly``, ``annual`` or
    ``threshold:5%``; the core checks the rule.
    """
    return text(value, "Rebalance")


def window(value: Any) -> str | None:
    """Return a window convention as text (None = the core's default, linked).

    One cell: ``linked`` or ``restart``; the core checks the name.
    """
    return text(value, "Window")
