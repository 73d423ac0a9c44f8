"""The trailing-period grammar, the one every front end reads periods with.

Implements
----------
- :data:`PERIODS`, :data:`PERIOD_LABELS` -- the standardized periods and their labels.
- :data:`MAX_YEARS` -- the longest N-year period (a price history cannot be older).
- :func:`parse_period` -- a period as written (``"YTD"``, ``"3Y"``, ``"3 years"``,
  ``"since inception"``, the number 3) -> its canonical name and length in years.
- :func:`parse_periods` -- a list of them (or one), refusing an empty list.

:mod:`efficap.performance` reads its ``period`` arguments here (so do the command
line's tables, built on it), and the Excel layer's period reader hands a cell's text or
number to :func:`parse_period`: Python, the command line and Excel accept and refuse the
same periods with the same message (a :class:`~efficap.errors.RuleError`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

from efficap.errors import RuleError

__all__ = ["MAX_YEARS", "PERIODS", "PERIOD_LABELS", "parse_period", "parse_periods"]

#: The standardized trailing periods, in table order.
PERIODS: tuple[str, ...] = ("YTD", "1Y", "3Y", "5Y", "10Y", "SI")

#: How tables label each period (the research note's column titles).
PERIOD_LABELS: dict[str, str] = {p: p for p in PERIODS} | {"SI": "Since Inception"}

#: Longest N-year period: no fund's closes go back further (and dates before 1677 do
#: not exist in pandas), so a longer one is a typing mistake (``2024`` for ``YTD``).
MAX_YEARS = 100

_SI_NAMES = {"si", "since inception", "inception", "itd", "inception to date"}
_YTD_NAMES = {"ytd", "year to date"}
_YEARS = re.compile(r"(\d+)\s*(?:y|yr|yrs|year|years)")
_TEXT = "YTD, 1Y, 3Y, 5Y, 10Y, SI (since inception)"


def parse_period(period: Any) -> tuple[str, int | None]:
    """Return a trailing period's canonical name and its length in whole years.

    Parameters
    ----------
    period : str or int
        ``"YTD"`` (``"year to date"``); ``"<N>Y"`` with 1 <= N <= :data:`MAX_YEARS`
        (also ``"N yr"``, ``"N years"``) or the whole number N; ``"SI"`` (also
        ``"since inception"``, ``"inception"``, ``"ITD"``). Case and spacing are free.

    Returns
    -------
    (str, int or None)
        ``("YTD", None)``, ``("3Y", 3)``, ``("SI", None)``.

    Raises
    ------
    RuleError
        On anything else: another type, an unknown name, 0 years, more than
        :data:`MAX_YEARS` years, a number that is not a whole number of years.
    """
    if isinstance(period, (int, float)) and not isinstance(period, bool):
        if not (math.isfinite(period) and period == int(period)):
            raise RuleError(f"Period {period:g} is not a whole number of years.")
        return _years(int(period), f"{int(period)}Y")
    if not isinstance(period, str):
        raise RuleError(
            f"Period must be text or a whole number of years, got {period!r}. Use {_TEXT}."
        )
    text = " ".join(period.strip().lower().replace("-", " ").split())
    if text in _YTD_NAMES:
        return "YTD", None
    if text in _SI_NAMES:
        return "SI", None
    match = _YEARS.fullmatch(text)
    if match:
        return _years(int(match.group(1)), period.strip())
    raise RuleError(f"Unknown period {period!r}. Use {_TEXT}.")


def _years(years: int, written: str) -> tuple[str, int]:
    if years < 1:
        raise RuleError(f"Period {written} is under a year. Use {_TEXT}.")
    if years > MAX_YEARS:
        raise RuleError(f"Period {written} is over {MAX_YEARS} years. Use {_TEXT}.")
    return f"{years}Y", years


def parse_periods(periods: Iterable[Any] | str) -> list[tuple[str, int | None]]:
    """:func:`parse_period` of each period (a single string counts as one).

    Raises
    ------
    RuleError
        On a bad period, or when none is given.
    """
    if isinstance(periods, str):
        periods = [periods]
    try:
        parsed = [parse_period(p) for p in periods]
    except TypeError:
        raise RuleError(f"Periods must be a list of periods, got {periods!r}.") from None
    if not parsed:
        raise RuleError(f"No periods given. Use {_TEXT}.")
    return parsed
