"""Stress periods from an Excel range, as :func:`efficap.stress.stress_periods` takes them.

Implements
----------
- :func:`stress_periods` -- a periods argument -> None (the built-in periods), a list
  of built-in period names (one column), or a table of name, start, end (three
  columns, with or without a header row).

Dates are read by the one date rule (:func:`efficap_xl.cells.date_cell`): date cells,
Excel serial numbers, unambiguous text. The core checks the rest: a name that repeats,
a start that is not before its end, a built-in name it does not know.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from efficap_xl import cells
from efficap_xl.cells import InputError
from efficap_xl.ranges import grid

__all__ = ["stress_periods"]

_LAYOUT = "one column of built-in names, or three: name | start | end"
_NAMES_HEADERS = frozenset({"period", "periods", "name", "names", "stress period"})


def _is_header(row: list[Any]) -> bool:
    """A first row whose start and end cells are text without digits (Start, End)."""
    return all(cells.kind(v) == "text" and not any(c.isdigit() for c in v) for v in row[1:])


def _name(raw: Any, where: str) -> str:
    cells.check_not_error(raw, where)
    kind = cells.kind(raw)
    if kind == "blank":
        raise InputError(f"{where} has no name.")
    return raw.strip() if kind == "text" else cells.describe(raw)


def stress_periods(value: Any) -> list[str] | pd.DataFrame | None:
    """Return a periods argument as :func:`efficap.stress.stress_periods` takes it.

    Parameters
    ----------
    value : Any
        Missing or blank (the built-in periods); a column of built-in period names
        (``GFC``, ``Covid crash``; a first cell ``Period`` or ``Name`` is a header); or
        a range of rows name | start | end, whose first row may be a header (its start
        and end cells text without digits, e.g. ``Period | Start | End``).

    Returns
    -------
    None, list of str or pandas.DataFrame
        None for the built-in periods; the names; or columns ``name``, ``start``,
        ``end`` (Timestamps), one row per period in range order.

    Raises
    ------
    InputError, efficap.errors.DateError
        On a range of 2 or more than 3 columns, a header without periods, a blank
        name, an Excel error, or a start or end that is not a date.
    """
    rows = grid(value, "Periods")
    if not rows:
        return None
    width = len(rows[0])
    if width == 1:
        head = rows[0][0]
        first = int(cells.kind(head) == "text" and head.strip().lower() in _NAMES_HEADERS)
        if first == len(rows):
            raise InputError(f"Periods have a header row but no periods; give {_LAYOUT}.")
        return [_name(row[0], f"Periods row {i}") for i, row in enumerate(rows[first:], first + 1)]
    if width != 3:
        raise InputError(f"Periods have {width} columns; give {_LAYOUT}.")
    first = 1 if _is_header(rows[0]) else 0
    if first == len(rows):
        raise InputError(f"Periods have a header row but no periods; give {_LAYOUT}.")
    names, starts, ends = [], [], []
    for i, (name, start, end) in enumerate(rows[first:], start=first + 1):
        where = f"Periods row {i}"
        names.append(_name(name, where))
        starts.append(cells.date_cell(start, f"{where} start"))
        ends.append(cells.date_cell(end, f"{where} end"))
    return pd.DataFrame({"name": names, "start": starts, "end": ends})
