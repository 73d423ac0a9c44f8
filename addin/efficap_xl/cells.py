"""What one Excel cell is: the one place that decides blank, number, text, bool, error or date.

On Windows, xlwings hands a user-defined function one Python value per cell:

- ``None`` for a blank cell;
- ``float`` for a number; ``decimal.Decimal`` for a cell formatted as Currency or
  Accounting (pywin32 passes the COM currency type as a Decimal);
- ``datetime.datetime`` for a cell formatted as a date (a date typed as text stays
  ``str``);
- ``bool`` for TRUE/FALSE; ``str`` for text;
- for an error cell, its text (``"#N/A"``) for the seven errors xlwings knows by name
  (every argument declares ``err_to_str=True``), and otherwise an ``int``: the COM
  error code 0x800A0000 + the Excel error code, as a signed 32-bit number, i.e.
  ``-2146828288 + code`` (``#SPILL!`` 2045 -> -2146826243, ``#CALC!`` 2050 ->
  -2146826238). Every int in that range is an error, never a number.

In xlwings Lite (Excel on Mac and the web, Office.js custom functions in Pyodide; see
:mod:`efficap_xl.lite`), the same converters hand a function:

- ``None`` for an empty cell or an omitted argument (Office.js sends ``""`` or ``null``);
- ``int`` or ``float`` for a number: a whole number crosses JavaScript as an ``int``,
  and a cell formatted as a date or as Currency is just its number, so a date arrives
  as its serial number (46112 for 2026-03-31), read as a date wherever a date is
  expected (:func:`date_cell`, :func:`serials_are_dates`);
- ``bool``, ``str`` as on Windows;
- for an error cell, its text (``"#N/A"``, ``"#SPILL!"``...): xlwings unwraps Office.js's
  error object ``{"type": "Error", "basicValue": "#N/A", ...}``. An error object that
  reaches here unwrapped is still an error (:func:`kind`, :func:`excel_error`), never text;
  any other object is ``"other"`` and refused by the readers.

Implements
----------
- :class:`InputError` -- a cell or range cannot be used as given (an
  :class:`~efficap.errors.EfficapError`).
- :data:`ERROR_BASE`, :data:`ERROR_CODES` (Excel code -> text), :data:`EXCEL_ERRORS`
  (int as xlwings passes it -> text).
- :func:`kind` -- ``"blank"``, ``"number"``, ``"text"``, ``"bool"``, ``"error"``,
  ``"date"`` or ``"other"``: the one classification the other modules use.
- :func:`excel_error`, :func:`is_blank`, :func:`is_number`, :func:`as_number`,
  :func:`describe`, :func:`check_not_error`.
- :func:`number_cell` -- one number cell as a finite float, naming the cell on error.
- :func:`serial_to_timestamp`, :func:`serials_are_dates`, :func:`serials_to_index` --
  Excel serial numbers (1900 date system) as dates.
- :func:`date_cell` -- one date cell (date, Excel serial number, or text read by
  :func:`efficap.dates.parse_date`) as a midnight :class:`pandas.Timestamp`.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
from typing import Any

import numpy as np
import pandas as pd

from efficap.dates import parse_date
from efficap.errors import EfficapError

__all__ = [
    "ERROR_BASE",
    "ERROR_CODES",
    "EXCEL_ERRORS",
    "InputError",
    "as_number",
    "check_not_error",
    "date_cell",
    "describe",
    "excel_error",
    "is_blank",
    "is_number",
    "kind",
    "number_cell",
    "serial_to_timestamp",
    "serials_are_dates",
    "serials_to_index",
]


class InputError(EfficapError):
    """A cell or range handed to an Excel function cannot be used as given."""


#: 0x800A0000 as a signed 32-bit int: an error cell's int is this + the Excel error code.
ERROR_BASE = -2146828288
#: Highest Excel error code recognized (the low 16 bits of the COM error code).
_MAX_CODE = 0xFFFF

#: Excel error codes (``XlCVError``) -> the text Excel shows.
ERROR_CODES: dict[int, str] = {
    2000: "#NULL!",
    2007: "#DIV/0!",
    2015: "#VALUE!",
    2023: "#REF!",
    2029: "#NAME?",
    2036: "#NUM!",
    2042: "#N/A",
    2043: "#GETTING_DATA",
    2045: "#SPILL!",
    2046: "#CONNECT!",
    2047: "#BLOCKED!",
    2048: "#UNKNOWN!",
    2049: "#FIELD!",
    2050: "#CALC!",
}

#: Error cells as xlwings passes them on Windows (``ERROR_BASE + code``) -> their text.
EXCEL_ERRORS: dict[int, str] = {ERROR_BASE + code: text for code, text in ERROR_CODES.items()}

_ERROR_TEXTS = frozenset(ERROR_CODES.values()) | {"#BUSY!", "#EXTERNAL!", "#PYTHON!"}

#: Excel serial numbers accepted as dates: 1900-03-01 (61; below it Excel's calendar
#: has a fake 1900-02-29) to 2191-12-31. Excel goes on to 9999-12-31, but pandas'
#: nanosecond timedeltas end after 106,751 days (2192-04-08 from Excel's epoch); no
#: price or as-of date comes near either.
_SERIAL_RANGE = (61.0, 106653.0)
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")

_DATE_TYPES = (dt.date, pd.Timestamp, np.datetime64)  # dt.datetime is a dt.date


def _error_int(value: Any) -> int | None:
    """The Excel error code of an int in the error range, else None (bool excluded)."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
        code = int(value) - ERROR_BASE
        if 0 <= code <= _MAX_CODE:
            return code
    return None


def _officejs_error(value: dict[Any, Any]) -> str | None:
    """The text of an Office.js error object (``{"type": "Error", "basicValue": "#N/A"}``)."""
    if value.get("type") != "Error":
        return None
    text = str(value.get("basicValue", "")).strip().upper()
    return text if text in _ERROR_TEXTS else f"an Excel error ({text or 'unnamed'})"


def excel_error(value: Any) -> str | None:
    """Return the Excel error text (``"#N/A"``) if `value` is an error cell, else None.

    Parameters
    ----------
    value : Any
        One cell value: an ``int`` error code as xlwings passes it, or an error's text.

    Returns
    -------
    str or None
        The error's text; ``"an Excel error (code N)"`` for an error code Excel has
        no name for here.
    """
    if isinstance(value, dict):
        return _officejs_error(value)
    if isinstance(value, str):
        text = value.strip().upper()
        return text if text in _ERROR_TEXTS else None
    code = _error_int(value)
    if code is None:
        return None
    return ERROR_CODES.get(code, f"an Excel error (code {code})")


def kind(value: Any) -> str:
    """Return what one cell value is.

    Parameters
    ----------
    value : Any
        One cell value, as xlwings (or another engine) passes it.

    Returns
    -------
    {"blank", "number", "text", "bool", "error", "date", "other"}
        ``"blank"``: None, empty or whitespace text, NaN, NaT. ``"number"``: float,
        int outside the error range, numpy numbers, :class:`decimal.Decimal`
        (infinite ones too; readers refuse them). ``"error"``: an int in the error
        range, an error's text or an Office.js error object. ``"date"``: date,
        datetime, Timestamp, datetime64.
    """
    if value is None:
        return "blank"
    if isinstance(value, dict):  # an Office.js cell value object xlwings did not unwrap
        return "error" if excel_error(value) is not None else "other"
    if isinstance(value, str):
        if not value.strip():
            return "blank"
        return "error" if excel_error(value) is not None else "text"
    if isinstance(value, (bool, np.bool_)):
        return "bool"
    if isinstance(value, (int, np.integer)):
        return "error" if _error_int(value) is not None else "number"
    if isinstance(value, (float, np.floating)):
        return "blank" if math.isnan(value) else "number"
    if isinstance(value, decimal.Decimal):
        return "blank" if value.is_nan() else "number"
    if isinstance(value, _DATE_TYPES):
        return "blank" if pd.isna(value) else "date"
    if value is pd.NaT:
        return "blank"
    return "other"


def is_blank(value: Any) -> bool:
    """Return whether one cell value is blank (None, empty or whitespace text, NaN, NaT)."""
    if value is None:  # the common case first: ranges are trimmed cell by cell
        return True
    if type(value) is float:
        return math.isnan(value)
    return kind(value) == "blank"


def is_number(value: Any) -> bool:
    """Return whether one cell value is a number (see :func:`kind`; never bool or an error)."""
    return kind(value) == "number"


def as_number(value: Any) -> float | None:
    """Return a number cell as a float (a Decimal converted), or None for any other cell."""
    return float(value) if kind(value) == "number" else None


def describe(value: Any) -> str:
    """Return a short description of a cell value for a message: text 'abc', TRUE, 3, #N/A.

    Parameters
    ----------
    value : Any
        One cell value.

    Returns
    -------
    str
        Never a Python repr; text is cut to 30 characters.
    """
    what = kind(value)
    if what == "error":
        return str(excel_error(value))
    if what == "bool":
        return "TRUE" if value else "FALSE"
    if what == "text":
        shown = value if len(value) <= 30 else value[:27] + "..."
        return f"text '{shown}'"
    if what == "date":
        return f"the date {pd.Timestamp(value):%Y-%m-%d}"
    if what == "number":
        return f"{float(value):g}"
    if what == "blank":
        return "blank"
    return f"a {type(value).__name__}"


def check_not_error(value: Any, what: str) -> None:
    """Raise :class:`InputError` ``"<what> is #N/A."`` if `value` is an error cell."""
    error = excel_error(value)
    if error is not None:
        raise InputError(f"{what} is {error}.")


def number_cell(value: Any, what: str, blank_hint: str = "") -> float:
    """Return one number cell as a finite float.

    Parameters
    ----------
    value : Any
        One cell value.
    what : str
        How messages name the cell ("Weight 3 (AGG)").
    blank_hint : str
        Added to the message for a blank cell ("; enter 0 for none").

    Returns
    -------
    float

    Raises
    ------
    InputError
        On an error cell, a blank, text, TRUE/FALSE, a date or a non-finite number.
    """
    what_kind = kind(value)
    if what_kind == "number":
        number = float(value)
        if not math.isfinite(number):
            raise InputError(f"{what} is not a finite number.")
        return number
    check_not_error(value, what)
    if what_kind == "blank":
        raise InputError(f"{what} is blank{blank_hint}.")
    raise InputError(f"{what} is {describe(value)}, not a number.")


def serial_to_timestamp(serial: float, what: str) -> pd.Timestamp:
    """Return an Excel serial number (1900 date system) as a midnight Timestamp.

    Raises
    ------
    InputError
        If the number is not a date from 1900-03-01 to 2191-12-31.
    """
    low, high = _SERIAL_RANGE
    if not low <= serial < high:
        raise InputError(f"{what} is {serial:g}, not a date.")
    return (_EXCEL_EPOCH + pd.Timedelta(days=serial)).normalize()


def serials_are_dates(serials: list[float]) -> bool:
    """Return whether every number is an Excel serial date (see :func:`serial_to_timestamp`)."""
    values = np.asarray(serials, dtype=float)
    low, high = _SERIAL_RANGE
    return bool(((values >= low) & (values < high)).all())


def serials_to_index(serials: list[float]) -> pd.DatetimeIndex:
    """Return Excel serial numbers, already checked, as midnight Timestamps (vectorized)."""
    days = pd.to_timedelta(np.asarray(serials, dtype=float), unit="D")
    return (_EXCEL_EPOCH + days).normalize()


def date_cell(value: Any, what: str) -> pd.Timestamp:
    """Return one date cell as a midnight, time-zone-naive :class:`pandas.Timestamp`.

    Parameters
    ----------
    value : Any
        A date or datetime, an Excel serial number, or text read by
        :func:`efficap.dates.parse_date` (ISO always; ``13/04/2026`` is 13 April;
        ``04/03/2026`` is refused as ambiguous).
    what : str
        How messages name the cell ("As-of date").

    Returns
    -------
    pandas.Timestamp

    Raises
    ------
    InputError, efficap.errors.DateError
        On an error cell, a blank, TRUE/FALSE, an implausible serial number, or text
        that is not an unambiguous date.
    """
    what_kind = kind(value)
    if what_kind in ("date", "text"):
        return parse_date(value, what)
    if what_kind == "number":
        return serial_to_timestamp(float(value), what)
    check_not_error(value, what)
    if what_kind == "blank":
        raise InputError(f"{what} is blank.")
    raise InputError(f"{what} is {describe(value)}, not a date.")
