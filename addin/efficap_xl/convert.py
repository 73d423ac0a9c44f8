"""Cell-value conversion and validation for the Excel layer.

This is the only module that knows what Excel cells look like in Python. On
Windows, xlwings hands a user-defined function

- a list of rows (list of lists) for a 2-D range, or for any range whose
  argument is declared ``ndim=2`` (kind ``"range2d"`` in :mod:`efficap_xl.spec`);
- a flat list for a single row or a single column (kind ``"vector"``);
- a scalar for a single cell (kind ``"scalar"``);
- ``float`` for numbers, ``None`` for blanks, :class:`datetime.datetime` for
  date cells, ``str`` for text, ``bool`` for TRUE/FALSE, and for an Excel
  error value its text (``"#N/A"``) because every argument is declared with
  ``err_to_str=True`` -- without that option xlwings 0.37 passes an error cell
  as None, like a blank. The raw COM ``int`` codes (``-2146826246`` is
  ``#N/A``; see :data:`EXCEL_ERRORS`) are recognized too.

Implements
----------
- :class:`InputError` -- a conversion error (an :class:`~efficap.errors.EfficapError`).
- Input readers: :func:`tickers`, :func:`numbers`, :func:`weights`,
  :func:`aligned_weights`, :func:`labels`, :func:`text`, :func:`flag`,
  :func:`number`, :func:`date`, :func:`period`, :func:`prices`,
  :func:`weights_table`, :func:`catalog`, :func:`vector`, :func:`grid`.
- Output shapers: :func:`cell`, :func:`aligned`, :func:`table`,
  :func:`error_cell`.

Conventions: trailing blank cells at the end of a range are ignored (users
select ``A2:A100`` with data in ``A2:A50``); a blank in the middle is an error
that names its position ("Weight 3 (AGG) is blank"). Excel serial numbers are
accepted wherever a date is (1900 date system). Every problem raises
:class:`InputError` with a short message a user can act on.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

import numpy as np
import pandas as pd

from efficap.errors import EfficapError

__all__ = [
    "ERROR_PREFIX",
    "EXCEL_ERRORS",
    "NOT_AVAILABLE",
    "InputError",
    "Vector",
    "aligned",
    "aligned_weights",
    "catalog",
    "cell",
    "date",
    "error_cell",
    "flag",
    "grid",
    "internal_error_cell",
    "labels",
    "number",
    "numbers",
    "optional_date",
    "period",
    "prices",
    "rebalance",
    "table",
    "targets",
    "text",
    "tickers",
    "vector",
    "weights",
    "weights_table",
]

#: Every error a UDF returns starts with this text (so ``LEFT(A1, 8) = "#EFFCAP:"`` tests it).
ERROR_PREFIX = "#EFFCAP: "

#: Excel error values as xlwings passes them on Windows (COM error codes) -> their text.
EXCEL_ERRORS: dict[int, str] = {
    -2146826281: "#DIV/0!",
    -2146826246: "#N/A",
    -2146826259: "#NAME?",
    -2146826288: "#NULL!",
    -2146826252: "#NUM!",
    -2146826265: "#REF!",
    -2146826273: "#VALUE!",
    -2146826245: "#GETTING_DATA",
    -2146826240: "#SPILL!",
    -2146826239: "#CALC!",
}
_ERROR_TEXTS = frozenset(EXCEL_ERRORS.values())

#: Text shown where a figure does not exist (a period longer than the history).
NOT_AVAILABLE = "n/a"

#: Sum of absolute weights above which weights were surely typed as 24 for 24%.
_MAX_WEIGHT_SUM = 10.0

_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


class InputError(EfficapError):
    """A cell or range handed to an Excel function cannot be used as given."""


# --------------------------------------------------------------------------- cells


def excel_error(value: Any) -> str | None:
    """Return the Excel error text (``"#N/A"``) if `value` is an Excel error, else None.

    Parameters
    ----------
    value : Any
        One cell value: an ``int`` COM error code as xlwings passes it, or the
        error's text (as xlwings' ``err_to_str`` option or other engines pass it).

    Returns
    -------
    str or None
    """
    if type(value) is int:
        return EXCEL_ERRORS.get(value)
    if isinstance(value, str) and value in _ERROR_TEXTS:
        return value
    return None


def is_blank(value: Any) -> bool:
    """Return whether one cell value is blank (None, empty or whitespace text, NaN).

    Parameters
    ----------
    value : Any
        One cell value.

    Returns
    -------
    bool
    """
    if value is None or value is pd.NaT:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return math.isnan(value)
    return False


def _describe(value: Any) -> str:
    """Short description of a cell value for a message: text 'abc', TRUE, 3."""
    error = excel_error(value)
    if error is not None:
        return error
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:27] + "..."
        return f"text '{shown}'"
    if isinstance(value, (dt.datetime, dt.date)):
        return f"the date {value:%Y-%m-%d}"
    if isinstance(value, (int, float, np.number)):
        return f"{float(value):g}"
    return f"a {type(value).__name__}"


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if type(value) is int:
        return value not in EXCEL_ERRORS
    return isinstance(value, (int, float, np.integer, np.floating))


def _check_cell(value: Any, what: str) -> None:
    error = excel_error(value)
    if error is not None:
        raise InputError(f"{what} is {error}.")


# --------------------------------------------------------------------------- shapes


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


def _as_rows(value: Any) -> list[list[Any]] | None:
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
    rows = _as_rows(value)
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
        If `value` is a 2-D range more than one row high and one column wide.
    """
    rows = _as_rows(value)
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


# --------------------------------------------------------------------------- readers


def _text_items(values: list[Any], what: str, upper: bool) -> list[str]:
    out = []
    for i, raw in enumerate(values, start=1):
        _check_cell(raw, f"{what} {i}")
        if is_blank(raw):
            raise InputError(f"{what} {i} is blank.")
        if not isinstance(raw, str):
            raise InputError(f"{what} {i} is {_describe(raw)}, not text.")
        out.append(raw.strip().upper() if upper else raw.strip())
    return out


def tickers(value: Any, what: str = "Ticker") -> list[str]:
    """Return the tickers of a range as stripped upper-case text.

    Parameters
    ----------
    value : Any
        A cell, row or column of tickers.
    what : str
        Singular name for messages ("Ticker").

    Returns
    -------
    list of str

    Raises
    ------
    InputError
        If the range is empty, or a ticker is blank, a number or an Excel error.
    """
    items = vector(value, what + "s").values
    if not items:
        raise InputError(f"No {what.lower()}s given.")
    return _text_items(items, what, upper=True)


def labels(value: Any, what: str = "Asset class") -> list[str]:
    """Return text labels (asset classes, blend names) of a row or column, stripped.

    Parameters
    ----------
    value : Any
        A cell, row or column of text.
    what : str
        Singular name for messages.

    Returns
    -------
    list of str

    Raises
    ------
    InputError
        If the range is empty, or a label is blank, a number or an Excel error.
    """
    items = vector(value, what).values
    if not items:
        raise InputError(f"No {what.lower()} given.")
    return _text_items(items, what, upper=False)


def _number_item(raw: Any, what: str, blank_hint: str = "") -> float:
    _check_cell(raw, what)
    if is_blank(raw):
        raise InputError(f"{what} is blank{blank_hint}.")
    if not _is_number(raw):
        raise InputError(f"{what} is {_describe(raw)}, not a number.")
    number = float(raw)
    if not math.isfinite(number):
        raise InputError(f"{what} is not a finite number.")
    return number


def numbers(
    value: Any, what: str = "Weight", names: Sequence[str] | None = None, count: int | None = None
) -> list[float]:
    """Return the numbers of a row or column, naming the cell at fault on error.

    Parameters
    ----------
    value : Any
        A cell, row or column of numbers.
    what : str
        Singular name for messages ("Weight").
    names : sequence of str, optional
        Labels of the positions (tickers), shown in messages: "Weight 3 (AGG)".
    count : int, optional
        Read exactly this many cells (blank ones in that span are errors);
        by default, up to the last non-blank cell.

    Returns
    -------
    list of float

    Raises
    ------
    InputError
        On a blank cell, text, TRUE/FALSE or an Excel error.
    """
    vec = vector(value, what + "s")
    items = vec.values
    if count is not None:
        items = items + [None] * (count - len(items))
        items = items[:count]
    if not items:
        raise InputError(f"No {what.lower()}s given.")
    out = []
    hint = "; enter 0 for none" if what == "Weight" else ""
    for i, raw in enumerate(items, start=1):
        label = f"{what} {i}" + (f" ({names[i - 1]})" if names and i <= len(names) else "")
        out.append(_number_item(raw, label, hint))
    return out


def _check_scale(values: Sequence[float], what: str = "Weights", example: str = "24") -> None:
    total = float(np.sum(np.abs(values)))
    if total > _MAX_WEIGHT_SUM:
        raise InputError(
            f"{what} add up to {total:g} (that is {total:.0%}): enter {example}% or "
            f"{float(example) / 100:g}, not {example}."
        )


def _plural(word: str) -> str:
    return word + ("es" if word.endswith("s") else "s")


def _pairs(
    keys_value: Any, values_value: Any, key_what: str, value_what: str, upper: bool
) -> tuple[list[str], list[float]]:
    keys_word, values_word = _plural(key_what), _plural(value_what)
    kvec = vector(keys_value, keys_word.capitalize())
    vvec = vector(values_value, values_word.capitalize())
    n = max(len(kvec.values), len(vvec.values))
    if n == 0:
        raise InputError(f"No {keys_word.lower()} given.")
    if len(kvec.values) != len(vvec.values) and (kvec.size < n or vvec.size < n):
        raise InputError(
            f"{len(kvec.values)} {keys_word.lower()} but {len(vvec.values)} {values_word.lower()}."
        )
    keys = _text_items((kvec.values + [None] * n)[:n], key_what, upper=upper)
    seen: dict[str, int] = {}
    for i, key in enumerate(keys, start=1):
        first = seen.setdefault(key.upper(), i)
        if first != i:
            raise InputError(f"{key} appears twice ({keys_word.lower()} {first} and {i}).")
    values = numbers(vvec.values, value_what, keys, count=n)
    return keys, values


def weights(tickers_value: Any, weights_value: Any) -> dict[str, float]:
    """Return ticker -> weight from a range of tickers and a range of weights.

    Parameters
    ----------
    tickers_value, weights_value : Any
        Two ranges of the same length (a row or a column each).

    Returns
    -------
    dict of str to float
        In range order; weights as decimals (need not add up to 1 here).

    Raises
    ------
    InputError
        On different lengths, blank, repeated or non-text tickers, blank or
        non-numeric weights, Excel errors, or weights typed as whole percents
        (24 for 24%).
    """
    names, values = _pairs(tickers_value, weights_value, "Ticker", "Weight", upper=True)
    _check_scale(values)
    return dict(zip(names, values, strict=True))


def targets(classes_value: Any, targets_value: Any) -> dict[str, float]:
    """Return asset class -> target exposure from a range of classes and a range of targets.

    Parameters
    ----------
    classes_value, targets_value : Any
        Two ranges of the same length (a row or a column each).

    Returns
    -------
    dict of str to float
        Targets as decimals of capital (0.6 for 60%).

    Raises
    ------
    InputError
        As :func:`weights`.
    """
    names, values = _pairs(classes_value, targets_value, "Asset class", "Target", upper=False)
    _check_scale(values, "Targets", "60")
    return dict(zip(names, values, strict=True))


def aligned_weights(value: Any, columns: Sequence[str]) -> dict[str, float]:
    """Return ticker -> weight for weights given in the order of the price columns.

    Parameters
    ----------
    value : Any
        A row or column with one weight per price column (0 for funds not held).
    columns : sequence of str
        The tickers of the price header, in order.

    Returns
    -------
    dict of str to float

    Raises
    ------
    InputError
        On a count that differs from the price columns, or a bad weight.
    """
    vec = vector(value, "Weights")
    k = len(columns)
    if len(vec.values) > k or (len(vec.values) < k and vec.size < k):
        raise InputError(
            f"{len(vec.values)} weights but {k} price columns ({', '.join(columns)}): "
            "give one weight per column, 0 for funds not held."
        )
    values = numbers(vec.values, "Weight", list(columns), count=k)
    _check_scale(values)
    return dict(zip(columns, values, strict=True))


def text(value: Any, what: str, default: str | None = None) -> str | None:
    """Return an optional text argument, stripped; `default` when blank or missing.

    Parameters
    ----------
    value : Any
        One cell (a one-cell range or a literal).
    what : str
        Name of the argument for messages.
    default : str, optional
        Value for a blank or missing argument.

    Returns
    -------
    str or None

    Raises
    ------
    InputError
        On an Excel error, a number, TRUE/FALSE or a multi-cell range.
    """
    value = _single(value, what)
    _check_cell(value, what)
    if is_blank(value):
        return default
    if not isinstance(value, str):
        raise InputError(f"{what} is {_describe(value)}, not text.")
    return value.strip()


def flag(value: Any, what: str, default: bool = False) -> bool:
    """Return an optional TRUE/FALSE argument (1/0 and "yes"/"no" accepted).

    Parameters
    ----------
    value : Any
        One cell.
    what : str
        Name of the argument for messages.
    default : bool
        Value for a blank or missing argument.

    Returns
    -------
    bool

    Raises
    ------
    InputError
        On anything else.
    """
    value = _single(value, what)
    _check_cell(value, what)
    if is_blank(value):
        return default
    if isinstance(value, bool):
        return value
    if _is_number(value) and float(value) in (0.0, 1.0):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "false", "no"):
        return value.strip().lower() in ("true", "yes")
    raise InputError(f"{what} must be TRUE or FALSE, got {_describe(value)}.")


def number(value: Any, what: str, default: float | None = None) -> float | None:
    """Return an optional number argument; `default` when blank or missing.

    Parameters
    ----------
    value : Any
        One cell.
    what : str
        Name of the argument for messages.
    default : float, optional

    Returns
    -------
    float or None

    Raises
    ------
    InputError
        On text, TRUE/FALSE, an Excel error or a non-finite number.
    """
    value = _single(value, what)
    if not excel_error(value) and is_blank(value):
        return default
    return _number_item(value, what)


def _single(value: Any, what: str) -> Any:
    rows = _as_rows(value)
    if rows is not None or isinstance(value, (list, tuple, np.ndarray)):
        vec = vector(value, what)
        if len(vec.values) > 1:
            raise InputError(f"{what} must be one cell.")
        return vec.values[0] if vec.values else None
    return value


def _timestamp(value: Any, what: str) -> pd.Timestamp:
    """One date cell (datetime, Excel serial number or ISO text) as a midnight Timestamp."""
    _check_cell(value, what)
    if is_blank(value):
        raise InputError(f"{what} is blank.")
    if isinstance(value, (dt.datetime, dt.date, pd.Timestamp)):
        stamp = pd.Timestamp(value)
    elif _is_number(value):
        serial = float(value)
        if not 1 <= serial < 2958466:  # 1900-01-01 .. 9999-12-31
            raise InputError(f"{what} is {serial:g}, not a date.")
        stamp = pd.Timestamp(_EXCEL_EPOCH) + pd.Timedelta(days=serial)
    elif isinstance(value, str):
        try:
            stamp = pd.Timestamp(value.strip())
        except (ValueError, TypeError, OverflowError):
            stamp = pd.NaT
        if pd.isna(stamp):
            raise InputError(f"{what} is {_describe(value)}, not a date.") from None
    else:
        raise InputError(f"{what} is {_describe(value)}, not a date.")
    if stamp.tz is not None:
        stamp = stamp.tz_localize(None)
    return stamp.normalize()


def date(value: Any, what: str, default: pd.Timestamp | None = None) -> pd.Timestamp | None:
    """Return an optional date argument as a midnight :class:`pandas.Timestamp`.

    Parameters
    ----------
    value : Any
        One cell: a date (``datetime``), an Excel serial number, or ISO text
        (``"2026-03-31"``).
    what : str
        Name of the argument for messages ("As-of date").
    default : Timestamp, optional
        Value for a blank or missing argument; None makes it required.

    Returns
    -------
    pandas.Timestamp or None

    Raises
    ------
    InputError
        On anything that is not a date, or a blank required date.
    """
    value = _single(value, what)
    if default is not None and not excel_error(value) and is_blank(value):
        return default
    return _timestamp(value, what)


def optional_date(value: Any, what: str) -> pd.Timestamp | None:
    """Return a date argument, or None when it is blank or missing.

    Parameters
    ----------
    value : Any
        One cell, as :func:`date`.
    what : str
        Name of the argument for messages.

    Returns
    -------
    pandas.Timestamp or None
    """
    value = _single(value, what)
    if not excel_error(value) and is_blank(value):
        return None
    return _timestamp(value, what)


def period(value: Any) -> str:
    """Return a trailing period as text: ``"YTD"``, ``"3Y"``, ``"SI"``; a number N is ``"NY"``.

    Parameters
    ----------
    value : Any
        One cell: text or a whole number of years.

    Returns
    -------
    str

    Raises
    ------
    InputError
        If blank, an Excel error, or a number that is not a whole number of years.
    """
    value = _single(value, "Period")
    _check_cell(value, "Period")
    if is_blank(value):
        raise InputError("Period is blank. Use YTD, 1Y, 3Y, 5Y, 10Y or SI.")
    if _is_number(value):
        years = float(value)
        if years < 1 or years != int(years):
            raise InputError(f"Period {years:g} is not a whole number of years.")
        return f"{int(years)}Y"
    if not isinstance(value, str):
        raise InputError(f"Period is {_describe(value)}. Use YTD, 1Y, 3Y, 5Y, 10Y or SI.")
    return value.strip()


def rebalance(value: Any) -> str | None:
    """Return a rebalancing rule as text (None = the default, quarterly).

    Parameters
    ----------
    value : Any
        One cell: ``none``, ``daily``, ``monthly``, ``quarterly``, ``annual`` or
        ``threshold:5%``.

    Returns
    -------
    str or None
    """
    return text(value, "Rebalance")


def _date_column(value: Any, rows: int) -> pd.DatetimeIndex:
    vec = vector(value, "Dates")
    items = vec.values
    if len(items) == rows + 1 and (is_blank(items[0]) or isinstance(items[0], str)):
        items = items[1:]  # the dates' header cell ("Date") was selected too
    elif len(items) < rows and vec.size >= rows:
        items = items + [None] * (rows - len(items))
    if len(items) != rows:
        raise InputError(f"{len(items)} dates but {rows} rows of prices below the header.")
    kinds = set(map(type, items))
    if kinds == {dt.datetime}:  # the usual case: whole columns of date cells
        stamps = pd.DatetimeIndex(items).normalize()
    elif kinds == {float}:  # Excel serial numbers
        serials = np.array(items)
        if not ((serials >= 1) & (serials < 2958466)).all():
            i = int(np.flatnonzero(~((serials >= 1) & (serials < 2958466)))[0])
            raise InputError(f"Date {i + 1} is {serials[i]:g}, not a date.")
        stamps = (pd.Timestamp(_EXCEL_EPOCH) + pd.to_timedelta(serials, unit="D")).normalize()
    else:
        stamps = pd.DatetimeIndex(
            [_timestamp(v, f"Date {i}") for i, v in enumerate(items, start=1)]
        )
    steps = np.diff(stamps.asi8)
    if (steps <= 0).any():
        i = int(np.flatnonzero(steps <= 0)[0]) + 1
        if steps[i - 1] == 0:
            raise InputError(f"Date {i + 1} ({stamps[i]:%Y-%m-%d}) repeats date {i}.")
        raise InputError(
            f"Dates must be in ascending order: date {i + 1} ({stamps[i]:%Y-%m-%d}) "
            f"is earlier than date {i} ({stamps[i - 1]:%Y-%m-%d})."
        )
    return stamps


def _header(row: list[Any], what: str) -> list[str]:
    out: list[str] = []
    for j, raw in enumerate(row, start=1):
        _check_cell(raw, f"{what} header column {j}")
        if is_blank(raw):
            raise InputError(f"{what} header column {j} has no ticker.")
        if not isinstance(raw, str):
            raise InputError(f"{what} header column {j} is {_describe(raw)}, not a ticker.")
        ticker = raw.strip().upper()
        if ticker in out:
            raise InputError(
                f"{what} header: {ticker} appears in columns {out.index(ticker) + 1} and {j}."
            )
        out.append(ticker)
    return out


def prices(dates_value: Any, prices_value: Any) -> pd.DataFrame:
    """Return the canonical prices frame of a dates column and a prices range.

    Parameters
    ----------
    dates_value : Any
        A column of dates (datetime cells or Excel serial numbers), without its
        header cell or with it (a text first cell is then skipped).
    prices_value : Any
        A 2-D range (``ndim=2``): a header row of tickers, then one row of
        closing prices per date (a growth index, not returns). Blank cells
        mean no price that day (e.g. before a fund's inception).

    Returns
    -------
    pandas.DataFrame
        Index ``Date`` (ascending), one float column per upper-case ticker,
        NaN where a price is blank.

    Raises
    ------
    InputError
        On a missing header, blank or repeated tickers, dates out of order or
        repeated, counts that do not match, text, Excel errors or non-positive
        numbers among the prices.
    """
    rows = grid(prices_value, "Prices")
    if len(rows) < 2 or not rows[0]:
        raise InputError("Prices need a header row of tickers and at least one row of prices.")
    columns = _header(rows[0], "Prices")
    body = rows[1:]
    stamps = _date_column(dates_value, len(body))
    if set(map(type, chain.from_iterable(body))) <= {float, type(None)}:
        values = np.array(body, dtype=float)  # None becomes NaN
    else:
        values = np.empty((len(body), len(columns)))
        for i, row in enumerate(body):
            for j, raw in enumerate(row):
                if is_blank(raw):
                    values[i, j] = np.nan
                    continue
                where = f"Prices: {columns[j]} on {stamps[i]:%Y-%m-%d}"
                _check_cell(raw, where)
                if not _is_number(raw):
                    raise InputError(f"{where} is {_describe(raw)}, not a number.")
                values[i, j] = float(raw)
    with np.errstate(invalid="ignore"):
        wrong = ~np.isnan(values) & ~(np.isfinite(values) & (values > 0))
    if wrong.any():
        i, j = (int(k[0]) for k in np.nonzero(wrong))
        raise InputError(
            f"Prices: {columns[j]} on {stamps[i]:%Y-%m-%d} is {values[i, j]:g}; prices must be "
            "positive (a growth index, not returns)."
        )
    empty = np.isnan(values).all(axis=0)
    if empty.any():
        raise InputError(f"Prices: {columns[int(np.flatnonzero(empty)[0])]} has no prices.")
    return pd.DataFrame(values, index=stamps.rename("Date"), columns=columns)


def weights_table(value: Any) -> dict[str, dict[str, float]]:
    """Return blend name -> (ticker -> weight) from a weights table.

    Parameters
    ----------
    value : Any
        A 2-D range (``ndim=2``): first row = a corner cell (ignored) then one
        ticker per column; each further row = a blend name then its weights.

    Returns
    -------
    dict
        Blends in row order.

    Raises
    ------
    InputError
        On a missing header or blend row, a blank or repeated name or ticker,
        or a bad weight.
    """
    rows = grid(value, "Weights table")
    if len(rows) < 2 or len(rows[0]) < 2:
        raise InputError(
            "Weights table needs a header row of tickers (after a corner cell) and one row "
            "per blend: its name, then its weights."
        )
    columns = _header(rows[0][1:], "Weights table")
    blends: dict[str, dict[str, float]] = {}
    for i, row in enumerate(rows[1:], start=2):
        raw = row[0]
        _check_cell(raw, f"Weights table row {i} name")
        if is_blank(raw):
            raise InputError(f"Weights table row {i} has no blend name.")
        name = raw.strip() if isinstance(raw, str) else _describe(raw)
        if name in blends:
            raise InputError(f"Weights table: blend '{name}' appears twice.")
        values = [
            _number_item(v, f"Weights table: {name}, {t}", "; enter 0 for none")
            for t, v in zip(columns, row[1:], strict=True)
        ]
        _check_scale(values)
        blends[name] = dict(zip(columns, values, strict=True))
    return blends


def catalog(value: Any) -> list[list[Any]] | str | None:
    """Return a catalog argument as rows for :func:`efficap.catalog.load_catalog`.

    Parameters
    ----------
    value : Any
        Missing or blank (the built-in catalog), a 2-D range (``ndim=2``) whose
        first row is the header (``Ticker`` and fact or asset-class columns),
        or one cell holding the path of a CSV/XLSX catalog file.

    Returns
    -------
    list of rows, str or None

    Raises
    ------
    InputError
        On an Excel error in any cell (it would otherwise read as a number).
    """
    rows = grid(value, "Catalog")
    if not rows:
        return None
    if len(rows) == 1 and len(rows[0]) == 1 and isinstance(rows[0][0], str):
        return rows[0][0].strip()
    header = rows[0]
    for i, row in enumerate(rows):
        for j, raw in enumerate(row):
            error = excel_error(raw)
            if error is not None:
                column = header[j] if i and isinstance(header[j], str) else f"column {j + 1}"
                raise InputError(f"Catalog row {i + 1}, {column}: {error}.")
    # Dates go as ISO text: pandas turns a column of datetimes and blanks into
    # datetime64 with NaT, which efficap.catalog (0.1.0) does not read as blank.
    return [[_catalog_cell(v) for v in row] for row in rows]


def _catalog_cell(value: Any) -> Any:
    if is_blank(value):
        return None
    if isinstance(value, (dt.datetime, dt.date)):
        return f"{value:%Y-%m-%d}"
    return value


# --------------------------------------------------------------------------- outputs


def cell(value: Any, missing: str = NOT_AVAILABLE) -> Any:
    """Return one value as Excel can show it.

    NaN becomes ``"n/a"``, None becomes ``""`` (a blank-looking cell; a None in
    a spilled array would show as 0), numpy numbers become float, timestamps
    become :class:`datetime.datetime`.

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
    if isinstance(value, (int, float, np.integer, np.floating)):
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
        From :attr:`Vector.orientation`.

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


def error_cell(exc: BaseException) -> str:
    """Return the text a UDF shows for a user error: ``"#EFFCAP: <message>"``.

    Parameters
    ----------
    exc : BaseException
        An :class:`~efficap.errors.EfficapError` (its message is shown as is).

    Returns
    -------
    str
    """
    message = " ".join(str(exc).split()) or type(exc).__name__
    return ERROR_PREFIX + message


def internal_error_cell(exc: BaseException) -> str:
    """Return the text a UDF shows for a bug: ``"#EFFCAP: internal error (KeyError)"``.

    Parameters
    ----------
    exc : BaseException

    Returns
    -------
    str
    """
    return f"{ERROR_PREFIX}internal error ({type(exc).__name__})"
