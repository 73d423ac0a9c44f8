"""Tests of efficap_xl.scalars: one-cell arguments (text, flags, numbers, dates, periods)."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import pandas as pd
import pytest

from efficap.errors import DateError, EfficapError, UnitsError
from efficap_xl import scalars
from efficap_xl.cells import InputError

SPILL, CALC = -2146826243, -2146826238  # what xlwings hands for #SPILL! and #CALC!


def test_scalar_arguments():
    assert scalars.text(None, "X", "dflt") == "dflt"
    assert scalars.text([[" q "]], "X") == "q"
    assert scalars.flag(None, "X") is False
    assert scalars.flag(True, "X") is True
    assert scalars.flag(1.0, "X") is True
    assert scalars.flag("no", "X") is False
    assert scalars.number(None, "X", 0.0) == 0.0
    assert scalars.number(0.04, "X") == 0.04
    assert scalars.number(Decimal("0.04"), "X") == 0.04
    with pytest.raises(InputError, match=r"^X is #N/A\.$"):
        scalars.number("#N/A", "X", 0.0)
    with pytest.raises(InputError, match=r"^X must be one cell\.$"):
        scalars.text([["a", "b"]], "X")
    with pytest.raises(InputError, match=r"^X is #CALC!\.$"):
        scalars.text(CALC, "X")
    with pytest.raises(InputError, match=r"^X must be TRUE or FALSE, got text 'maybe'\.$"):
        scalars.flag("maybe", "X")


def test_flag_error_cell():
    with pytest.raises(InputError, match=r"^X is #SPILL!\.$"):
        scalars.flag(SPILL, "X")


def test_risk_free_as_a_whole_percent_is_a_units_error():
    assert scalars.number(0.04, "risk_free", 0.0, field="risk_free") == 0.04
    with pytest.raises(UnitsError) as info:
        scalars.number(4.0, "risk_free", 0.0, field="risk_free")
    assert str(info.value) == (
        "risk_free is 4 (400%): not plausible for an annual risk-free rate (-2% to 20%). "
        "Write a decimal or a percent, e.g. 4% or 0.04."
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2026, 3, 31, 16, 0), pd.Timestamp("2026-03-31")),
        (dt.date(2026, 3, 31), pd.Timestamp("2026-03-31")),
        (46112.0, pd.Timestamp("2026-03-31")),  # Excel serial number
        (46112, pd.Timestamp("2026-03-31")),
        ("2026-03-31", pd.Timestamp("2026-03-31")),
        ("13/04/2026", pd.Timestamp("2026-04-13")),
        (pd.Timestamp("2026-03-31"), pd.Timestamp("2026-03-31")),
        ([["2026-03-31"]], pd.Timestamp("2026-03-31")),
    ],
)
def test_dates(value, expected):
    assert scalars.date(value, "As-of date") == expected


def test_ambiguous_date_text_is_refused():
    with pytest.raises(DateError) as info:
        scalars.date("04/03/2026", "As-of date")
    assert str(info.value) == (
        "As-of date '04/03/2026' is ambiguous (day/month or month/day?): "
        "write 2026-03-04 or 2026-04-03."
    )


def test_optional_date_and_errors():
    assert scalars.optional_date(None, "Start date") is None
    assert scalars.optional_date("", "Start date") is None
    assert scalars.date(None, "As-of date", pd.Timestamp("2026-01-02")) == pd.Timestamp(
        "2026-01-02"
    )
    with pytest.raises(InputError, match=r"^Start date is #VALUE!\.$"):
        scalars.optional_date(-2146826273, "Start date")
    with pytest.raises(InputError, match=r"^Start date is #SPILL!\.$"):
        scalars.optional_date(SPILL, "Start date")
    with pytest.raises(InputError, match=r"^As-of date is blank\.$"):
        scalars.date(None, "As-of date")
    with pytest.raises(InputError, match=r"^As-of date is TRUE, not a date\.$"):
        scalars.date(True, "As-of date")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3Y", "3Y"), (" ytd ", "YTD"), (5.0, "5Y"), ([["SI"]], "SI"), (100.0, "100Y")],
)
def test_period(value, expected):
    assert scalars.period(value) == expected


PERIOD_TEXT = "YTD, 1Y, 3Y, 5Y, 10Y, SI (since inception)"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (2.5, "Period 2.5 is not a whole number of years."),
        (math.inf, "Period inf is not a whole number of years."),
        (None, "Period is blank. Use YTD, 1Y, 3Y, 5Y, 10Y or SI."),
        (True, "Period is TRUE. Use YTD, 1Y, 3Y, 5Y, 10Y or SI."),
        (CALC, "Period is #CALC!."),
        (2024.0, f"Period 2024Y is over 100 years. Use {PERIOD_TEXT}."),
        ("150y", f"Period 150y is over 100 years. Use {PERIOD_TEXT}."),
        ("1000 years", f"Period 1000 years is over 100 years. Use {PERIOD_TEXT}."),
    ],
)
def test_period_refuses(value, message):
    with pytest.raises(EfficapError) as info:
        scalars.period(value)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, 5), ("", 5), (1.0, 1), (50.0, 50), (12, 12), (Decimal("3"), 3), ([[7.0]], 7)],
)
def test_whole(value, expected):
    got = scalars.whole(value, "top", 5, 1, 50)
    assert got == expected and type(got) is int


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0.0, "top must be a whole number from 1 to 50, got 0."),
        (2.5, "top must be a whole number from 1 to 50, got 2.5."),
        (100.0, "top must be a whole number from 1 to 50, got 100."),
        (-3.0, "top must be a whole number from 1 to 50, got -3."),
        ("5", "top is text '5', not a number."),
        (True, "top is TRUE, not a number."),
        (SPILL, "top is #SPILL!."),
        (math.inf, "top is not a finite number."),
        ([[1.0, 2.0]], "top must be one cell."),
    ],
)
def test_whole_refuses(value, message):
    with pytest.raises(InputError) as info:
        scalars.whole(value, "top", 5, 1, 50)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, None), (" ", None), (0.005, 0.005), (Decimal("0.01"), 0.01), (" 0.5% ", "0.5%")],
)
def test_rate_passes_numbers_and_text_on(value, expected):
    assert scalars.rate(value, "Spread") == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "Spread is TRUE, not a number or percent."),
        ("#N/A", "Spread is #N/A."),
        (CALC, "Spread is #CALC!."),
        (dt.datetime(2026, 1, 2), "Spread is the date 2026-01-02, not a number or percent."),
        (math.inf, "Spread is not a finite number."),
    ],
)
def test_rate_refuses(value, message):
    with pytest.raises(InputError) as info:
        scalars.rate(value, "Spread")
    assert str(info.value) == message


def test_rebalance_and_window_leave_the_default_to_the_core():
    assert scalars.rebalance(None) is None and scalars.window(None) is None
    assert scalars.rebalance(" monthly ") == "monthly"
    assert scalars.window([["restart"]]) == "restart"
    with pytest.raises(InputError, match=r"^Window is 3, not text\.$"):
        scalars.window(3.0)
    with pytest.raises(InputError, match=r"^Window is #N/A\.$"):
        scalars.window("#N/A")


@pytest.mark.parametrize("serial", [106653.0, 111261.923, 2958465.0, Decimal("111261.923")])
def test_serials_past_2191_are_refused_not_a_crash(serial):
    """Excel serials run to 9999-12-31, pandas' timedeltas from 1899 only to 2192."""
    assert scalars.date(106652.0, "As-of date") == pd.Timestamp("2191-12-31")
    with pytest.raises(InputError) as info:
        scalars.optional_date(serial, "Start date")
    assert str(info.value) == f"Start date is {float(serial):g}, not a date."
