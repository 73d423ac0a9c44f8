"""Tests for efficap.engine: the arrays behind every blend (hand-checked)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from efficap import engine
from efficap.blend import parse_rebalance
from efficap.errors import PriceDataError, WeightsError

DATES = pd.DatetimeIndex(
    pd.to_datetime(["2024-03-27", "2024-03-28", "2024-04-01", "2024-04-02"]), name="Date"
)
PRICES = pd.DataFrame(
    {"A": [100.0, 110.0, np.nan, 121.0], "B": [50.0, 50.0, 55.0, 44.0]}, index=DATES
)


def test_frame_and_common_closes() -> None:
    frame = engine.as_frame(PRICES)
    assert frame.columns == ["A", "B"]
    assert list(frame.months - frame.months[0]) == [0, 0, 1, 1]  # March, March, April, April
    prep = engine.prepare(frame, {"A": 0.5, "B": 0.5})
    # A has no close on 04-01: the blend uses the three closes both funds have.
    assert list(prep.dates.strftime("%m-%d")) == ["03-27", "03-28", "04-02"]
    np.testing.assert_array_equal(prep.w, [0.5, 0.5])


def test_growth_matrix_by_hand() -> None:
    prep = engine.prepare(engine.as_frame(PRICES), {"A": 0.5, "B": 0.5})
    # Monthly: reset at 03-28 (the last March close). 03-28: .5*1.1 + .5*1 = 1.05;
    # 04-02: 1.05 * (.5*121/110 + .5*44/50) = 1.05 * 0.99 = 1.0395.
    monthly = engine.growth_matrix(prep.months, prep.values, prep.w[:, None], parse_rebalance("m"))
    np.testing.assert_allclose(monthly[:, 0], [1.0, 1.05, 1.0395])
    # None: .5*121/100 + .5*44/50 = 1.045.
    held = engine.growth_matrix(prep.months, prep.values, prep.w[:, None], parse_rebalance("none"))
    np.testing.assert_allclose(held[:, 0], [1.0, 1.05, 1.045])


def test_window_positions() -> None:
    prep = engine.prepare(engine.as_frame(PRICES), {"B": 1.0})
    assert engine.window(prep, "2024-03-28", None) == (1, 3)
    assert engine.window(prep, None, "2024-04-01") == (0, 2)
    with pytest.raises(PriceDataError, match=r"Fewer than 2 closes from 2024-04-02"):
        engine.window(prep, "2024-04-02", None)


def test_weight_sum_rule() -> None:
    engine.check_weight_sum(1.0 + 0.9 * engine.WEIGHT_SUM_TOLERANCE, "Weights")
    with pytest.raises(WeightsError, match=r"^Weights sum to 90%, not 100%"):
        engine.check_weight_sum(0.9, "Weights")


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(min_value=0.5, max_value=2.0), min_size=4, max_size=4))
def test_one_fund_blend_is_the_fund(moves: list[float]) -> None:
    levels = 100 * np.cumprod([1.0, *moves])
    dates = pd.bdate_range("2024-01-29", periods=5, name="Date")
    prep = engine.prepare(engine.as_frame(pd.DataFrame({"X": levels}, index=dates)), {"X": 1.0})
    for rule in ("none", "daily", "monthly", "quarterly", "annual", "threshold:0.05"):
        growth = engine.growth_matrix(
            prep.months, prep.values, prep.w[:, None], parse_rebalance(rule)
        )
        np.testing.assert_allclose(growth[:, 0], levels / levels[0], rtol=1e-12)
