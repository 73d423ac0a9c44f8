"""Price checks that warn: gaps against the NYSE calendar, closed days, bad prints."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from efficap.market_calendar import trading_days
from efficap.pricecheck import PriceWarning, check_prices, price_notes, suspicious_moves
from efficap.prices import read_prices, validate_prices


def calm(n: int = 120, start: str = "2024-01-02", daily: float = 0.01, seed: int = 7) -> pd.Series:
    """A random walk of `n` closes on NYSE trading days, `daily` log volatility."""
    days = trading_days(start, "2030-12-31")[:n]
    steps = np.random.default_rng(seed).normal(0.0, daily, n)
    steps[0] = 0.0
    return pd.Series(100 * np.exp(np.cumsum(steps)), index=days, name="IVV")


def test_a_bad_print_reversed_next_day_is_flagged():
    closes = calm()
    bad = closes.index[60]
    closes[bad] = closes.iloc[59] * 0.67  # -33%, then back: +49% into the next close
    closes.iloc[61] = closes.iloc[59] * 1.001
    moves = suspicious_moves(closes)
    assert [day for day, _, _ in moves] == [bad]
    _, into, out = moves[0]
    assert into == pytest.approx(-0.33)
    assert out == pytest.approx(1.001 / 0.67 - 1)  # +49.4%
    table = check_prices(closes.to_frame())
    assert table.loc["IVV", "suspicious_moves"] == 1
    assert table.loc["IVV", "suspicious_first"] == f"{bad:%Y-%m-%d} (-33.0% then +49.4%)"


def test_a_move_that_stays_or_a_small_reversal_is_not_flagged():
    closes = calm()
    closes.iloc[60:] *= 0.67  # a level shift that stays (a real drop, or a split)
    assert suspicious_moves(closes) == []
    closes = calm()
    closes.iloc[60] *= 1.03  # +3% and back: three typical moves, not eight
    assert suspicious_moves(closes) == []


def test_gaps_and_closed_days_hand_checked():
    # 2024-01-02..01-10: the 5th (a Friday) has no close; a close on Saturday the 6th.
    days = ["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-06", "2024-01-08"]
    days += ["2024-01-09", "2024-01-10"]
    prices = pd.DataFrame({"AGG": np.linspace(100, 101, 7)}, index=pd.to_datetime(days))
    row = check_prices(prices).loc["AGG"]
    assert row["first"] == pd.Timestamp("2024-01-02")
    assert row["last"] == pd.Timestamp("2024-01-10")
    assert (row["rows"], row["missing_days"], row["extra_days"]) == (7, 1, 1)
    assert (row["missing_first"], row["extra_first"]) == ("2024-01-05", "2024-01-06")
    assert price_notes(prices, "agg.csv") == [
        "AGG in agg.csv: 1 NYSE trading day without a close from 2024-01-02 to 2024-01-10 "
        "(first: 2024-01-05).",
        "AGG in agg.csv: 1 close on days the NYSE was closed (2024-01-06).",
    ]


def test_holidays_are_not_gaps():
    # Good Friday 2024-03-29 and Juneteenth 2024-06-19: the NYSE was closed.
    days = trading_days("2024-03-25", "2024-06-21")
    assert pd.Timestamp("2024-03-29") not in days
    prices = pd.DataFrame({"SPY": np.linspace(1, 2, len(days))}, index=days)
    assert price_notes(prices) == []


BAD_PRINT = r"^IVV: 1 close looks like a bad print \(a move reversed the next day\): "


def test_readers_warn_and_never_refuse(tmp_path: Path):
    closes = calm(n=80)
    closes.iloc[40] = closes.iloc[39] * 0.5
    text = "Date,Close\n" + "".join(f"{d:%Y-%m-%d},{v}\n" for d, v in closes.items())
    (tmp_path / "IVV.csv").write_text(text)
    with pytest.warns(PriceWarning, match=BAD_PRINT) as caught:
        frame = read_prices(tmp_path)
    assert len(caught) == 1 and f"{closes.index[40]:%Y-%m-%d} (-50.0% then" in str(
        caught[0].message
    )
    assert frame["IVV"].iloc[40] == pytest.approx(closes.iloc[40])  # kept, not refused
    with pytest.warns(PriceWarning, match=BAD_PRINT):
        validate_prices(closes)


def test_clean_prices_raise_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error", PriceWarning)
        validate_prices(calm())


@settings(max_examples=40, deadline=None)
@given(
    daily=st.floats(0.002, 0.02),
    at=st.integers(25, 170),
    size=st.floats(0.0, 1.0),
    down=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_any_large_reversed_print_is_found(daily, at, size, down, seed):
    closes = calm(n=200, daily=daily, seed=seed)
    jump = max(0.25, 30 * daily) + size * 0.75  # log size of the bad print
    closes.iloc[at] *= np.exp(-jump if down else jump)
    assert closes.index[at] in [day for day, _, _ in suspicious_moves(closes)]


# --------------------------------------------------------------------------- real data


def test_real_histories_gaps_as_documented_and_no_false_alarms(shared_prices_dir: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PriceWarning)
        prices = read_prices(shared_prices_dir)
    table = check_prices(prices)
    # The data README: DBMF 27 and KMLM 80 trading days missing, no other gaps.
    assert table["missing_days"][table["missing_days"] > 0].to_dict() == {"DBMF": 27, "KMLM": 80}
    assert table.loc["DBMF", "missing_first"] == "2019-06-12, 2019-07-12, 2019-07-17"
    assert (table["extra_days"] == 0).all()
    # The crash days of 1997-10 (SPY), 2008-10 and 2020-03 are real moves, not bad prints.
    assert (table["suspicious_moves"] == 0).all()
    assert table.loc["SPY", "first"] <= pd.Timestamp("2008-10-01")
