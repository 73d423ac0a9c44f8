"""Results shaped for Excel: cells, rows and columns laid out like the input, spilled tables.

Implements
----------
- :data:`ERROR_PREFIX`, :data:`NOT_AVAILABLE`, :data:`MAX_MESSAGE`.
- :func:`cell` -- one value as Excel can show it (float, text, bool, datetime).
- :func:`aligned` -- values laid out like an input row or column.
- :func:`table` -- a rectangular list of rows of cells.
- :func:`columns` -- the same rows built from whole columns at numpy speed (a blend's
  every day: dates and floats), cell for cell what :func:`table` gives.
- :func:`error_cell`, :func:`internal_error_cell` -- the one text cell a function
  shows for bad input (``"#EFFCAP: <message>"``) or for a bug.
- :func:`sheet_advice` -- a simulation error phrased with advice a sheet can follow,
  from the facts the error carries (never by matching its wording).
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from efficap.errors import MissingExpenseRatioError, MissingProxyError, SimulationError

__all__ = [
    "ERROR_PREFIX",
    "MAX_MESSAGE",
    "NOT_AVAILABLE",
    "aligned",
    "cell",
    "columns",
    "error_cell",
    "internal_error_cell",
    "sheet_advice",
    "table",
]

#: Every error a UDF returns starts with this text (so ``LEFT(A1, 8) = "#EFFCAP:"`` tests it).
ERROR_PREFIX = "#EFFCAP: "

#: Text shown where a figure does not exist (a period longer than the history).
NOT_AVAILABLE = "n/a"

#: Longest error cell text, prefix included (messages stay under 160 characters);
#: a longer message is cut after a whole list item or word and ends with "...".
MAX_MESSAGE = 159


def cell(value: Any, missing: str = NOT_AVAILABLE) -> Any:
    """Return one value as Excel can show it.

    NaN and infinities become ``"n/a"``, None becomes ``""`` (a blank-looking cell; a
    None in a spilled array would show as 0), numpy numbers and Decimals become float,
    timestamps become :class:`datetime.datetime`.

    Parameters
    ----------
    value : Any
    missing : str
        Text for NaN: ``"n/a"`` (a figure that does not exist) or ``""``.

    Returns
    -------
    float, str, bool or datetime.datetime
    """
    if value is None or value is pd.NaT:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, float, np.integer, np.floating, decimal.Decimal)):
        number = float(value)
        return number if math.isfinite(number) else missing
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime() if not pd.isna(value) else ""
    if isinstance(value, (dt.datetime, str)):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    return str(value)


def aligned(values: Sequence[Any], orientation: str) -> list[list[Any]]:
    """Return values laid out like an input range: a column unless the input was a row.

    Parameters
    ----------
    values : sequence
    orientation : {"column", "row", "cell", "list"}
        From :attr:`efficap_xl.ranges.Vector.orientation`.

    Returns
    -------
    list of list
    """
    cells = [cell(v) for v in values]
    if orientation == "row":
        return [cells]
    return [[v] for v in cells]


def table(rows: Sequence[Sequence[Any]], missing: str = NOT_AVAILABLE) -> list[list[Any]]:
    """Return a rectangular list of rows of Excel-ready cells (short rows padded with "").

    Parameters
    ----------
    rows : sequence of sequences
    missing : str
        Text for NaN, as :func:`cell`.

    Returns
    -------
    list of list
    """
    width = max((len(r) for r in rows), default=0)
    return [[cell(v, missing) for v in r] + [""] * (width - len(r)) for r in rows]


def _column_cells(values: Any, missing: str) -> list[Any]:
    """One column's cells as :func:`cell` makes them, converted by numpy where it can."""
    dtype = getattr(values, "dtype", None)
    if dtype is None:
        return [cell(v, missing) for v in values]
    if dtype.kind == "M" and getattr(dtype, "tz", None) is None:  # naive dates
        stamps = np.asarray(values, dtype="datetime64[us]")
        out = stamps.tolist()  # datetime.datetime, None for NaT
        if np.isnat(stamps).any():
            out = ["" if v is None else v for v in out]
        return out
    if dtype.kind in "fiu":
        numbers = np.asarray(values, dtype=float)
        out = numbers.tolist()  # Python floats
        bad = ~np.isfinite(numbers)
        for i in np.flatnonzero(bad).tolist():
            out[i] = missing
        return out
    if dtype.kind == "b":
        return np.asarray(values).tolist()
    return [cell(v, missing) for v in values]


def columns(*values: Any, missing: str = NOT_AVAILABLE) -> list[list[Any]]:
    """Return the rows of a table given by its columns, cell for cell as :func:`table`.

    Float, integer, boolean and naive datetime columns (numpy arrays, pandas Series or
    Index) are converted by numpy in one pass: a blend's 6,000 days take a fraction
    of a millisecond where :func:`cell` per value takes tens.

    Parameters
    ----------
    *values : array-like
        The columns, all of one length.
    missing : str
        Text for NaN and infinities, as :func:`cell`.

    Returns
    -------
    list of list
        ``table(list(zip(*values)))``.
    """
    lengths = {len(v) for v in values}
    if len(lengths) > 1:
        raise ValueError(f"columns of different lengths: {sorted(lengths)}")
    return list(map(list, zip(*(_column_cells(v, missing) for v in values), strict=True)))


def error_cell(exc: BaseException) -> str:
    """Return the text a UDF shows for a user error: ``"#EFFCAP: <message>"``.

    Parameters
    ----------
    exc : BaseException
        An :class:`~efficap.errors.EfficapError` (its message is shown on one line,
        cut to :data:`MAX_MESSAGE` characters with the prefix).

    Returns
    -------
    str
    """
    text = ERROR_PREFIX + (" ".join(str(exc).split()) or type(exc).__name__)
    if len(text) <= MAX_MESSAGE:
        return text
    cut = text[: MAX_MESSAGE - 3]
    for mark in (", ", " "):  # end on a whole list item or word
        if mark in cut[len(ERROR_PREFIX) :]:
            cut = cut[: cut.rindex(mark)]
            break
    return cut.rstrip(" ,;:") + "..."


def internal_error_cell(exc: BaseException) -> str:
    """Return the text a UDF shows for a bug: ``"#EFFCAP: internal error (KeyError)"``."""
    return f"{ERROR_PREFIX}internal error ({type(exc).__name__})"


def sheet_advice(exc: SimulationError) -> str:
    """The core's simulation error with the advice a sheet can follow, from its data.

    There is no ``proxies=`` or ``expense_ratio=`` argument in a cell, but there is a
    catalog range and a prices range: :class:`~efficap.errors.MissingExpenseRatioError`
    and :class:`~efficap.errors.MissingProxyError` name the fund, class and proxies.
    """
    if isinstance(exc, MissingExpenseRatioError):
        return f"{exc.problem}; add its Net ER (e.g. 0.75%) in a catalog range."
    if isinstance(exc, MissingProxyError) and exc.advice is not None:
        return str(exc)
    if isinstance(exc, MissingProxyError) and exc.proxies:
        return f"{exc.problem}; add its column to the prices range."
    if isinstance(exc, MissingProxyError):
        return f"{exc.problem}. efficap has no proxy fund for it yet."
    return str(exc)
