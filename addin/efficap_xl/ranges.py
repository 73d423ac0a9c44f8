"""The shapes of Excel ranges as xlwings hands them: a cell, a row or column, a 2-D block.

On Windows xlwings passes a list of rows (list of lists) for a 2-D range or for any
argument declared ``ndim=2`` (kind ``"range2d"`` in :mod:`efficap_xl.spec`), a flat
list for a single row or column (kind ``"vector"``), and a scalar for one cell.

Implements
----------
- :class:`Vector` -- a row or column with its orientation.
- :func:`as_rows` -- a 2-D value as a list of rows, else None.
- :func:`grid` -- a range as a rectangular list of rows, trailing blank rows and
  columns removed.
- :func:`vector` -- a row or column, trailing blank cells removed.
- :func:`single` -- the one cell of a one-cell argument.

Convention: trailing blank cells at the end of a range are ignored (users select
``A2:A100`` with data in ``A2:A50``); blanks in the middle are the readers' business.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from efficap_xl.cells import InputError, is_blank

__all__ = ["Vector", "as_rows", "grid", "single", "vector"]

_NESTED = frozenset({list, tuple, np.ndarray})


@dataclass(frozen=True)
class Vector:
    """A one-dimensional range with its orientation.

    Attributes
    ----------
    values : list
        Cell values, trailing blanks removed.
    orientation : {"column", "row", "cell", "list"}
        ``"list"`` when xlwings gave a flat list (a row or a column; which one
        is not known without ``ndim=2``).
    size : int
        Number of cells before trailing blanks were removed.
    """

    values: list[Any]
    orientation: str
    size: int


def as_rows(value: Any) -> list[list[Any]] | None:
    """Return a list of rows if `value` is 2-D (lists of lists, 2-D arrays), else None."""
    if isinstance(value, np.ndarray):
        value = value.tolist() if value.ndim else value.item()
    if (
        isinstance(value, (list, tuple))
        and value
        and all(isinstance(r, (list, tuple, np.ndarray)) for r in value)
    ):
        return [list(r) for r in value]
    return None


def grid(value: Any, what: str) -> list[list[Any]]:
    """Return a range as a rectangular list of rows, trailing blank rows and columns removed.

    Parameters
    ----------
    value : Any
        A list of rows (``ndim=2``), a flat list (taken as one row) or a scalar.
    what : str
        Name of the argument for messages.

    Returns
    -------
    list of list
        Possibly empty.

    Raises
    ------
    InputError
        If the rows have different lengths.
    """
    rows = as_rows(value)
    if rows is None:
        if isinstance(value, np.ndarray):
            value = value.tolist()
        rows = [list(value)] if isinstance(value, (list, tuple)) else [[value]]
    width = len(rows[0]) if rows else 0
    if any(len(r) != width for r in rows):
        raise InputError(f"{what} must be a rectangular range.")
    while rows and all(is_blank(v) for v in rows[-1]):
        rows.pop()
    while width and all(is_blank(r[width - 1]) for r in rows):
        width -= 1
    return [r[:width] for r in rows] if rows else []


def vector(value: Any, what: str) -> Vector:
    """Return a single row or column as a :class:`Vector`, trailing blanks removed.

    Parameters
    ----------
    value : Any
        A scalar (one cell), a flat list (a row or a column), or a list of
        rows that is one row wide or one column high.
    what : str
        Name of the argument for messages ("Tickers").

    Returns
    -------
    Vector

    Raises
    ------
    InputError
        If `value` is a 2-D range more than one row high and one column wide, or a
        list holding lists of different lengths.
    """
    rows = as_rows(value)
    if rows is None and isinstance(value, (list, tuple)) and _NESTED & set(map(type, value)):
        raise InputError(f"{what} must be one row or one column.")
    if rows is not None:
        if len(rows) == 1:
            values, orientation = list(rows[0]), "row"
        elif all(len(r) == 1 for r in rows):
            values, orientation = [r[0] for r in rows], "column"
        else:
            width = max(len(r) for r in rows)
            raise InputError(
                f"{what} must be one row or one column, not {len(rows)} rows x {width} columns."
            )
        if len(values) == 1:
            orientation = "cell"
    elif isinstance(value, (list, tuple, np.ndarray)):
        values, orientation = list(value), "list"
    else:
        values, orientation = [value], "cell"
    size = len(values)
    while values and is_blank(values[-1]):
        values.pop()
    return Vector(values, orientation, size)


def single(value: Any, what: str) -> Any:
    """Return the one cell of a one-cell argument (None for an empty range).

    Parameters
    ----------
    value : Any
        A scalar, or a range of one cell (trailing blank cells are ignored).
    what : str
        Name of the argument for messages.

    Raises
    ------
    InputError
        If the range holds more than one non-blank cell.
    """
    if as_rows(value) is not None or isinstance(value, (list, tuple, np.ndarray)):
        vec = vector(value, what)
        if len(vec.values) > 1:
            raise InputError(f"{what} must be one cell.")
        return vec.values[0] if vec.values else None
    return value
