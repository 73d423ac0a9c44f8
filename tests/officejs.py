"""Excel's Office.js side, for the tests: call an EFFCAP_ function the way xlwings Lite does.

xlwings Lite hands a custom function's arguments to ``xlwings.server.custom_functions_call``
as Office.js sends them (found in xlwings' ``pro/udfs_officejs.py``, ``pro/_xlofficejs.py``
and ``pro/custom_functions_code.js``): every argument is a matrix (a list of rows; one cell
is ``[[x]]``), an omitted optional argument is ``null`` (None), an empty cell ``""``,
numbers are JS numbers (a date cell is its serial number, a Currency cell a plain number),
TRUE/FALSE booleans, and an error cell an Excel ``ErrorCellValue`` object
(``{"type": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"}``; the metadata
declares ``allowErrorForDataTypeAny``). The body also carries the function name, the
xlwings version, the custom-functions runtime (``"1.4"``) and the calling cell.

:func:`to_officejs` turns the Python shapes xlwings hands a function on Windows (the shapes
the tests are written in) into that payload: a flat list becomes a column, a datetime its
serial number, a Decimal a float, an error text or COM error code an error object.

``xlwings.server`` is part of xlwings PRO (PolyForm Noncommercial or a commercial licence):
:func:`server_or_skip` skips a test unless ``XLWINGS_LICENSE_KEY`` is set
(``XLWINGS_LICENSE_KEY=noncommercial`` for noncommercial use such as this open-source
project's tests; ``.ci/run`` sets it). efficap itself never imports it.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import decimal
import functools
import math
import os
import sys
import types
from collections.abc import Iterator
from typing import Any

import pytest

from efficap_xl import cells

LICENSE_REASON = (
    "xlwings.server (xlwings PRO: PolyForm Noncommercial or a commercial licence) needs "
    "XLWINGS_LICENSE_KEY; set XLWINGS_LICENSE_KEY=noncommercial for noncommercial use "
    "(.ci/run does) to run the xlwings Lite checks"
)

#: Office.js error types by the text Excel shows (Excel.ErrorCellValueType).
ERROR_TYPES = {
    "#N/A": "NotAvailable",
    "#DIV/0!": "Div0",
    "#VALUE!": "Value",
    "#REF!": "Ref",
    "#NAME?": "Name",
    "#NUM!": "Num",
    "#NULL!": "Null",
    "#SPILL!": "Spill",
    "#CALC!": "Calc",
    "#BUSY!": "Busy",
    "#CONNECT!": "Connect",
    "#BLOCKED!": "Blocked",
    "#FIELD!": "Field",
    "#GETTING_DATA": "GettingData",
    "#UNKNOWN!": "Unknown",
    "#PYTHON!": "Python",
    "#EXTERNAL!": "External",
}
_EPOCH = dt.datetime(1899, 12, 30)


def server_or_skip() -> types.ModuleType:
    """Return ``xlwings.server``, or skip the test with the reason (no licence key)."""
    if not os.environ.get("XLWINGS_LICENSE_KEY"):
        pytest.skip(LICENSE_REASON)
    try:
        import xlwings.server as server
    except Exception as exc:  # a LicenseError, or an xlwings without it
        pytest.skip(f"xlwings.server cannot be imported ({type(exc).__name__}: {exc})")
    return server


@contextlib.contextmanager
def _pyodide_null() -> Iterator[None]:
    """Give CPython, during one call, the one Pyodide name xlwings' conversion asks for.

    For every cell, xlwings checks whether Pyodide passed JS ``null`` with
    ``from pyodide.ffi import JsNull``: in Pyodide a cached import, in CPython a failing
    one (about 0.1 ms a cell: seconds for a price table). A module holding only ``JsNull``,
    present only while xlwings converts, makes the check as cheap as in Pyodide; no
    payload here holds a JsNull, so the answer (not null) is the same.
    """
    if "pyodide" in sys.modules:
        yield
        return
    ffi = types.ModuleType("pyodide.ffi")
    ffi.JsNull = type("JsNull", (), {})  # type: ignore[attr-defined]
    package = types.ModuleType("pyodide")
    package.ffi = ffi  # type: ignore[attr-defined]
    package.__path__ = []  # type: ignore[attr-defined]
    sys.modules.update({"pyodide": package, "pyodide.ffi": ffi})
    try:
        yield
    finally:
        del sys.modules["pyodide"], sys.modules["pyodide.ffi"]


def run(data: dict[str, Any]) -> Any:
    """``xlwings.server.custom_functions_call(data, <the Lite functions>)``: the cells."""
    server = server_or_skip()
    module = lite_module()
    with _pyodide_null():
        return asyncio.run(server.custom_functions_call(data, module))


@functools.cache
def lite_module() -> types.ModuleType:
    """The EFFCAP_ functions decorated by xlwings.server's ``func``/``arg``/``ret``.

    The same :func:`efficap_xl.lite.build` xlwings Lite's ``main.py`` imports, with the
    Office.js decorators xlwings Lite's ``from xlwings import func`` gives there.
    """
    server = server_or_skip()
    from efficap_xl import lite

    module = types.ModuleType("efficap_lite_main")
    for name, fn in lite.build((server.func, server.arg, server.ret)).items():
        setattr(module, name, fn)
    return module


def error_value(text: str) -> dict[str, str]:
    """An Excel error cell as Office.js sends it."""
    return {
        "type": "Error",
        "basicType": "Error",
        "basicValue": text,
        "errorType": ERROR_TYPES[text],
    }


def cell_to_officejs(value: Any) -> Any:
    """One cell's value as Office.js sends it."""
    if value is None:
        return ""
    if isinstance(value, str) and cells.excel_error(value) in ERROR_TYPES:
        return error_value(cells.excel_error(value))
    if type(value) is int and value in cells.EXCEL_ERRORS:
        return error_value(cells.EXCEL_ERRORS[value])
    if isinstance(value, dt.datetime | dt.date):
        day = dt.datetime(value.year, value.month, value.day)
        seconds = (value - day).total_seconds() if isinstance(value, dt.datetime) else 0.0
        return float((day - _EPOCH).days) + seconds / 86400.0
    if isinstance(value, decimal.Decimal | float) and not isinstance(value, bool):
        # Excel holds no NaN or infinity: a NaN is a blank to both hosts, and an overflow
        # is Excel's #NUM! error.
        if value.is_nan() if isinstance(value, decimal.Decimal) else math.isnan(value):
            return ""
        number = float(value)
        return number if math.isfinite(number) else error_value("#NUM!")
    return value


def to_officejs(value: Any) -> Any:
    """One argument as Office.js sends it: None if omitted, else a rectangular matrix."""
    if value is None:
        return None
    if not isinstance(value, list):
        return [[cell_to_officejs(value)]]
    if not value:  # an empty list: nothing Excel can send but an omitted argument
        return None
    if not any(isinstance(v, list) for v in value):  # a flat list: a column
        return [[cell_to_officejs(v)] for v in value]
    rows = [row if isinstance(row, list) else [row] for row in value]
    width = max(len(row) for row in rows) or 1
    return [[cell_to_officejs(v) for v in row] + [""] * (width - len(row)) for row in rows]


#: The date format Excel's culture gives xlwings (``shortDatePattern``), so that dates
#: come back as formatted numbers (``{"type": "FormattedNumber", ...}``), as Excel shows them.
DATE_FORMAT = "yyyy-mm-dd"


def payload(name: str, args: tuple[Any, ...], dates: bool = False) -> dict[str, Any]:
    """The body xlwings Lite passes to ``custom_functions_call`` for ``=name(args)``.

    With `dates`, it carries Excel's date format, and dates in the answer come back as
    formatted numbers; without it, as plain serial numbers.
    """
    import xlwings

    data = {
        "func_name": name,
        "args": [to_officejs(a) for a in args],
        "caller_address": "[Book1]Sheet1!A1",
        "content_language": "en-US",
        "version": xlwings.__version__,
        "runtime": "1.4",
        "client": "Office.js",
    }
    if dates:
        data.update(date_format=DATE_FORMAT, culture_info_name="en-US")
    return data


def call(name: str, *args: Any, raw: bool = False) -> Any:
    """Call ``=name(args)`` through xlwings.server as Office.js would; the cells it returns.

    Returns
    -------
    list of rows, or the one value of a one-cell answer (unless `raw`)
    """
    out = run(payload(name, args))
    return unwrap(out) if not raw else out


def unwrap(matrix: Any) -> Any:
    """A one-cell answer as its value; anything else unchanged."""
    if isinstance(matrix, list) and len(matrix) == 1 and isinstance(matrix[0], list):
        if len(matrix[0]) == 1:
            return matrix[0][0]
    return matrix


def as_cells(value: Any) -> Any:
    """What Office.js shows for a classic UDF's result (xlwings' own Office.js conversion)."""
    server_or_skip()
    from xlwings.pro.udfs_officejs import convert

    data = {"runtime": "1.4"}
    return unwrap(asyncio.run(convert(value, {"options": {}}, data)))


def from_cell(value: Any) -> Any:
    """A cell of the answer as a Python value: a date-formatted number as its datetime."""
    if isinstance(value, dict) and value.get("type") == "FormattedNumber":
        return _EPOCH + dt.timedelta(days=value["basicValue"])
    return value


def call_as_classic(name: str, *args: Any) -> Any:
    """``=name(args)`` in the Lite host, its answer in the shapes the classic function returns.

    Dates come back as dates (formatted numbers, as Excel shows them); a function whose
    spec returns one value, and any one-cell error text, is that value; a row, column or
    table stays a list of rows.
    """
    from efficap_xl.spec import SPEC

    out = [[from_cell(v) for v in row] for row in run(payload(name, args, dates=True))]
    one = unwrap(out)
    if SPEC[name].returns == "value" or (isinstance(one, str) and one.startswith("#EFFCAP")):
        return one
    return out


class LiteUdfs:
    """Stands in for :mod:`efficap_xl.udfs`: ``LiteUdfs().EFFCAP_X(...)`` runs in the Lite host."""

    def __getattr__(self, name: str) -> Any:
        if not name.startswith("EFFCAP_"):
            raise AttributeError(name)
        return functools.partial(call_as_classic, name)
