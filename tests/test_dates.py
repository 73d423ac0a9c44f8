"""Tests for efficap.dates: one rule for reading dates, refusing the ambiguous."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from efficap.dates import parse_date
from efficap.errors import DateError


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-31", "2026-03-31"),
        (" 2026/3/31 ", "2026-03-31"),
        ("2026.03.31", "2026-03-31"),
        ("20260331", "2026-03-31"),
        ("2026-03-31T00:00", "2026-03-31"),
        ("2024-04-02 15:00", "2024-04-02"),  # the time of day is dropped
        ("13/04/2026", "2026-04-13"),  # only day/month fits
        ("04/13/2026", "2026-04-13"),  # only month/day fits
        ("04/04/2026", "2026-04-04"),  # both readings agree
        ("31 Mar 2026", "2026-03-31"),
        ("March 31, 2026", "2026-03-31"),
        (dt.date(2026, 3, 31), "2026-03-31"),
        (dt.datetime(2026, 3, 31, 16, 30), "2026-03-31"),
        (pd.Timestamp("2026-03-31", tz="America/New_York"), "2026-03-31"),
        (np.datetime64("2026-03-31"), "2026-03-31"),
    ],
)
def test_reads_unambiguous_dates(value: object, expected: str) -> None:
    assert parse_date(value) == pd.Timestamp(expected)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "03/04/2026",
            "As-of date '03/04/2026' is ambiguous (day/month or month/day?): "
            "write 2026-04-03 or 2026-03-04.",
        ),
        (
            "3.4.2026",
            "As-of date '3.4.2026' is ambiguous (day/month or month/day?): "
            "write 2026-04-03 or 2026-03-04.",
        ),
        ("3/4/26", "As-of date '3/4/26' has a two-digit year; write it as YYYY-MM-DD."),
        ("2026-02-30", "As-of date '2026-02-30' is not a real date."),
        ("31/31/2026", "As-of date '31/31/2026' is not a real date."),
        ("Mar 2026", "As-of date 'Mar 2026' is not a date I can read; write it as YYYY-MM-DD."),
        ("soon", "As-of date 'soon' is not a date I can read; write it as YYYY-MM-DD."),
        ("", "As-of date is blank."),
        (None, "As-of date is blank."),
        (float("nan"), "As-of date is blank."),
        (pd.NaT, "As-of date is blank."),
        (45000, "As-of date 45000 is a number, not a date; write it as YYYY-MM-DD."),
        (True, "As-of date True is a number, not a date; write it as YYYY-MM-DD."),
    ],
)
def test_refuses_with_a_message_showing_the_iso_form(value: object, message: str) -> None:
    with pytest.raises(DateError) as info:
        parse_date(value, "As-of date")
    assert str(info.value) == message


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_iso_text_and_date_objects_agree(day: dt.date) -> None:
    assert parse_date(day.isoformat()) == parse_date(day) == pd.Timestamp(day)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_slashed_dates_are_read_only_when_one_reading_exists(day: dt.date) -> None:
    text = f"{day.day:02d}/{day.month:02d}/{day.year}"
    if day.day > 12 or day.day == day.month:
        assert parse_date(text) == pd.Timestamp(day)
    else:
        with pytest.raises(DateError, match="ambiguous"):
            parse_date(text)
