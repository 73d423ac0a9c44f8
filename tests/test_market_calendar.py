"""Tests for efficap.market_calendar: NYSE trading days from exchange_calendars."""

from __future__ import annotations

import pandas as pd

from efficap.market_calendar import is_trading_day, sessions_after, trading_days


def test_holidays_are_not_trading_days() -> None:
    assert not is_trading_day("2026-04-03")  # Good Friday
    assert not is_trading_day("2025-01-09")  # national day of mourning (President Carter)
    assert not is_trading_day("2012-10-30")  # Hurricane Sandy
    assert not is_trading_day("2024-06-19")  # Juneteenth
    assert is_trading_day("2026-04-02")
    assert not is_trading_day("2026-04-04")  # a Saturday


def test_sessions_after_counts_only_open_days() -> None:
    assert sessions_after("2026-04-02", "2026-04-03") == 0  # closed on Good Friday
    assert sessions_after("2026-04-02", "2026-04-05") == 0  # ...and the weekend
    assert sessions_after("2026-04-02", "2026-04-06") == 1
    assert sessions_after("2026-04-02", "2026-04-10") == 5
    assert sessions_after("2026-04-10", "2026-04-02") == 0


def test_trading_days_span() -> None:
    days = trading_days("2026-03-30", "2026-04-07")
    assert list(days.strftime("%m-%d")) == ["03-30", "03-31", "04-01", "04-02", "04-06", "04-07"]
    assert days.name == "Date"
    assert len(trading_days("2026-04-07", "2026-03-30")) == 0
    # 2025 had 250 NYSE sessions.
    assert len(trading_days("2025-01-01", "2025-12-31")) == 250


def test_outside_the_calendar_falls_back_to_weekdays() -> None:
    days = trading_days("1989-12-28", "1990-01-03")
    assert list(days) == list(
        pd.to_datetime(["1989-12-28", "1989-12-29", "1990-01-01", "1990-01-02", "1990-01-03"])
    )
