"""Tests of efficap_xl.cells: what one cell is, as xlwings hands it on Windows."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from efficap.errors import DateError, EfficapError
from efficap_xl import cells
from efficap_xl.cells import InputError


def test_input_error_is_an_efficap_error():
    assert issubclass(InputError, EfficapError)


def test_error_base_is_0x800a0000_as_a_signed_int():
    assert cells.ERROR_BASE == 0x800A0000 - 2**32
    assert cells.ERROR_BASE + 2042 == -2146826246  # #N/A, as xlwings documents it


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (-2146826246, "#N/A"),
        (-2146826281, "#DIV/0!"),
        (-2146826259, "#NAME?"),
        (-2146826288, "#NULL!"),
        (-2146826252, "#NUM!"),
        (-2146826265, "#REF!"),
        (-2146826273, "#VALUE!"),
        # the ones xlwings does not turn into text even with err_to_str=True
        (-2146826245, "#GETTING_DATA"),
        (-2146826243, "#SPILL!"),
        (-2146826242, "#CONNECT!"),
        (-2146826241, "#BLOCKED!"),
        (-2146826240, "#UNKNOWN!"),
        (-2146826239, "#FIELD!"),
        (-2146826238, "#CALC!"),
        (np.int64(-2146826243), "#SPILL!"),
        # any other code in the range is an error too
        (cells.ERROR_BASE, "an Excel error (code 0)"),
        (cells.ERROR_BASE + 2099, "an Excel error (code 2099)"),
        (cells.ERROR_BASE + 0xFFFF, "an Excel error (code 65535)"),
        ("#N/A", "#N/A"),
        ("#REF!", "#REF!"),
        ("#SPILL!", "#SPILL!"),
        ("#CALC!", "#CALC!"),
        (" #n/a ", "#N/A"),
        (-2146826246.0, None),  # a float is a number, never an error code
        (cells.ERROR_BASE - 1, None),
        (cells.ERROR_BASE + 0x10000, None),
        (3, None),
        ("N/A", None),
        (None, None),
        (True, None),
    ],
)
def test_excel_error(value, expected):
    assert cells.excel_error(value) == expected


@given(st.integers(min_value=0, max_value=0xFFFF))
def test_every_int_in_the_error_range_is_an_error(code):
    value = cells.ERROR_BASE + code
    assert cells.kind(value) == "error"
    assert not cells.is_number(value)
    assert cells.as_number(value) is None
    with pytest.raises(InputError, match=r"^Weight 1 is (#|an Excel error)"):
        cells.number_cell(value, "Weight 1")


@pytest.mark.parametrize(
    ("value", "blank"),
    [
        (None, True),
        ("", True),
        ("  ", True),
        (math.nan, True),
        (np.float64("nan"), True),
        (Decimal("NaN"), True),
        (pd.NaT, True),
        (0.0, False),
        ("x", False),
        (False, False),
    ],
)
def test_is_blank(value, blank):
    assert cells.is_blank(value) is blank


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (None, "blank"),
        (" ", "blank"),
        (0.25, "number"),
        (3, "number"),
        (np.float32(1.5), "number"),
        (np.int64(7), "number"),
        (Decimal("1234.56"), "number"),  # a Currency or Accounting cell
        (math.inf, "number"),  # a number, but readers refuse it as not finite
        (True, "bool"),
        (np.bool_(False), "bool"),
        ("IVV", "text"),
        ("#N/A", "error"),
        (-2146826238, "error"),
        (dt.datetime(2026, 3, 31), "date"),
        (dt.date(2026, 3, 31), "date"),
        (pd.Timestamp("2026-03-31"), "date"),
        (np.datetime64("2026-03-31"), "date"),
        ([1.0], "other"),
        (object(), "other"),
    ],
)
def test_kind(value, kind):
    assert cells.kind(value) == kind
    assert cells.is_number(value) is (kind == "number")


def test_as_number_converts_decimals_and_refuses_the_rest():
    assert cells.as_number(Decimal("0.0020")) == 0.002
    assert type(cells.as_number(Decimal("1"))) is float
    assert cells.as_number(np.int64(3)) == 3.0
    assert cells.as_number(True) is None
    assert cells.as_number("1.5") is None
    assert cells.as_number(-2146826246) is None


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("#N/A", "#N/A"),
        (-2146826243, "#SPILL!"),
        (True, "TRUE"),
        (False, "FALSE"),
        ("abc", "text 'abc'"),
        ("x" * 40, "text '" + "x" * 27 + "...'"),
        (dt.datetime(2026, 3, 31, 16, 0), "the date 2026-03-31"),
        (3.0, "3"),
        (Decimal("2.50"), "2.5"),
        (None, "blank"),
        (object(), "a object"),
    ],
)
def test_describe(value, text):
    assert cells.describe(value) == text


def test_number_cell():
    assert cells.number_cell(0.24, "W") == 0.24
    assert cells.number_cell(Decimal("101.25"), "Price") == 101.25
    with pytest.raises(InputError, match=r"^W is blank; enter 0 for none\.$"):
        cells.number_cell(None, "W", "; enter 0 for none")
    with pytest.raises(InputError, match=r"^W is #CALC!\.$"):
        cells.number_cell(-2146826238, "W")
    with pytest.raises(InputError, match=r"^W is TRUE, not a number\.$"):
        cells.number_cell(True, "W")
    with pytest.raises(InputError, match=r"^W is text '40%', not a number\.$"):
        cells.number_cell("40%", "W")
    with pytest.raises(InputError, match=r"^W is not a finite number\.$"):
        cells.number_cell(-math.inf, "W")
    with pytest.raises(InputError, match=r"^W is not a finite number\.$"):
        cells.number_cell(Decimal("Infinity"), "W")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2026, 3, 31, 16, 0), pd.Timestamp("2026-03-31")),
        (dt.date(2026, 3, 31), pd.Timestamp("2026-03-31")),
        (46112.0, pd.Timestamp("2026-03-31")),  # Excel serial number
        (46112, pd.Timestamp("2026-03-31")),
        (Decimal("46112"), pd.Timestamp("2026-03-31")),
        (61.0, pd.Timestamp("1900-03-01")),
        ("2026-03-31", pd.Timestamp("2026-03-31")),
        ("13/04/2026", pd.Timestamp("2026-04-13")),  # only day/month fits
        ("04/13/2026", pd.Timestamp("2026-04-13")),
        ("31 Mar 2026", pd.Timestamp("2026-03-31")),
        (pd.Timestamp("2026-03-31"), pd.Timestamp("2026-03-31")),
    ],
)
def test_date_cell(value, expected):
    assert cells.date_cell(value, "As-of date") == expected


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (
            "04/03/2026",
            DateError,
            "As-of date '04/03/2026' is ambiguous (day/month or month/day?): "
            "write 2026-03-04 or 2026-04-03.",
        ),
        (
            "31/03/26",
            DateError,
            "As-of date '31/03/26' has a two-digit year; write it as YYYY-MM-DD.",
        ),
        (
            "soon",
            DateError,
            "As-of date 'soon' is not a date I can read; write it as YYYY-MM-DD.",
        ),
        (None, InputError, "As-of date is blank."),
        (True, InputError, "As-of date is TRUE, not a date."),
        (-5.0, InputError, "As-of date is -5, not a date."),
        (60.0, InputError, "As-of date is 60, not a date."),  # Excel's fake 1900-02-29
        (-2146826243, InputError, "As-of date is #SPILL!."),
        ([1], InputError, "As-of date is a list, not a date."),
    ],
)
def test_date_cell_refuses(value, error, message):
    with pytest.raises(error) as info:
        cells.date_cell(value, "As-of date")
    assert str(info.value) == message


def test_serials_vectorized_agree_with_one_by_one():
    serials = [61.0, 36526.0, 46112.0, 46112.75]
    assert cells.serials_are_dates(serials)
    assert not cells.serials_are_dates([46112.0, 0.5])
    one_by_one = [cells.serial_to_timestamp(s, "Date") for s in serials]
    assert list(cells.serials_to_index(serials)) == one_by_one
    assert one_by_one[1] == pd.Timestamp("2000-01-01")


# --------------------------------------------------------------------------- xlwings Lite


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ({"type": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"}, "#N/A"),
        ({"type": "Error", "basicValue": "#SPILL!", "errorType": "Spill"}, "#SPILL!"),
        ({"type": "Error", "basicValue": "#NEW!"}, "an Excel error (#NEW!)"),
        ({"type": "Error"}, "an Excel error (unnamed)"),
    ],
)
def test_an_officejs_error_object_is_an_error(value, text):
    assert cells.kind(value) == "error" and cells.excel_error(value) == text
    with pytest.raises(InputError, match=r"^Weight 2 is "):
        cells.number_cell(value, "Weight 2")


def test_another_officejs_value_object_is_refused_not_read():
    value = {"type": "Double", "basicValue": 0.24}
    assert cells.kind(value) == "other" and cells.excel_error(value) is None
    with pytest.raises(InputError, match="Weight 1 is a dict, not a number"):
        cells.number_cell(value, "Weight 1")


@pytest.mark.parametrize("serial", [46112, 46112.0])
def test_a_serial_number_from_officejs_is_a_date_where_a_date_is_expected(serial):
    """Office.js hands a date cell as its serial number; a whole one crosses as an int."""
    assert cells.kind(serial) == "number"
    assert cells.date_cell(serial, "As-of date") == pd.Timestamp("2026-03-31")
