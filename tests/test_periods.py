"""Tests of efficap_xl.periods: stress periods from an Excel range (as xlwings hands it)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from efficap.errors import DateError
from efficap.stress import stress_periods as core_periods
from efficap_xl.cells import InputError
from efficap_xl.periods import stress_periods

SPILL = -2146826243  # what xlwings hands for #SPILL!
COVID = ("Covid", dt.datetime(2020, 2, 19), dt.datetime(2020, 3, 23))


@pytest.mark.parametrize("value", [None, [[None]], [[None, None, None]], "", [[" "]]])
def test_blank_means_the_built_in_periods(value):
    assert stress_periods(value) is None


def test_rows_with_and_without_a_header():
    plain = stress_periods([list(COVID), ["Q4", "2018-09-20", 43458.0]])  # 43458 = 2018-12-24
    assert isinstance(plain, pd.DataFrame)
    assert plain["name"].tolist() == ["Covid", "Q4"]
    assert plain["start"].tolist() == [pd.Timestamp("2020-02-19"), pd.Timestamp("2018-09-20")]
    assert plain["end"].tolist() == [pd.Timestamp("2020-03-23"), pd.Timestamp("2018-12-24")]
    headed = stress_periods(
        [["Period", "Start", "End"], list(COVID), ["Q4", "2018-09-20", 43458.0]]
    )
    pd.testing.assert_frame_equal(headed, plain)
    # the core takes the table as it is
    assert core_periods(plain)["name"].tolist() == ["Covid", "Q4"]


def test_trailing_blank_rows_are_ignored():
    value = [["Name", "From", "To"], list(COVID), [None, None, None], [None, None, None]]
    assert stress_periods(value)["name"].tolist() == ["Covid"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ([["GFC"], ["covid crash"]], ["GFC", "covid crash"]),
        ([["Period"], ["GFC"]], ["GFC"]),
        ([[" Q4 2018 "]], ["Q4 2018"]),
        ("GFC", ["GFC"]),
    ],
)
def test_a_column_of_names_picks_built_in_periods(value, expected):
    assert stress_periods(value) == expected
    assert len(core_periods(stress_periods(value))) == len(expected)


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (
            [["Covid", "2020-02-19"]],
            InputError,
            "Periods have 2 columns; give one column of built-in names, or three: "
            "name | start | end.",
        ),
        (
            [[*COVID, "note"]],
            InputError,
            "Periods have 4 columns; give one column of built-in names, or three: "
            "name | start | end.",
        ),
        (
            [["Period", "Start", "End"]],
            InputError,
            "Periods have a header row but no periods; give one column of built-in names, or "
            "three: name | start | end.",
        ),
        (
            [["Name"]],
            InputError,
            "Periods have a header row but no periods; give one column of built-in names, or "
            "three: name | start | end.",
        ),
        ([[None, "2020-02-19", "2020-03-23"]], InputError, "Periods row 1 has no name."),
        ([["GFC"], [None], ["Q4 2018"]], InputError, "Periods row 2 has no name."),
        ([["#N/A", "2020-02-19", "2020-03-23"]], InputError, "Periods row 1 is #N/A."),
        (
            [["Period", "Start", "End"], ["Covid", "soon", "2020-03-23"]],
            DateError,
            "Periods row 2 start 'soon' is not a date I can read; write it as YYYY-MM-DD.",
        ),
        ([["Covid", "2020-02-19", SPILL]], InputError, "Periods row 1 end is #SPILL!."),
        (
            [["Covid", "04/03/2020", "2020-03-23"]],
            DateError,
            "Periods row 1 start '04/03/2020' is ambiguous (day/month or month/day?): write "
            "2020-03-04 or 2020-04-03.",
        ),
        ([["Covid", True, "2020-03-23"]], InputError, "Periods row 1 start is TRUE, not a date."),
        (
            [["Covid", "2020-02-19", None], ["Q4", "2018-09-20", "2018-12-24"]],
            InputError,
            "Periods row 1 end is blank.",
        ),
        ([["GFC"], ["Covid", None]], InputError, "Periods must be a rectangular range."),
    ],
)
def test_refused(value, error, message):
    with pytest.raises(error) as info:
        stress_periods(value)
    assert str(info.value) == message
