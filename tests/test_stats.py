"""Tests for efficap.stats: volatility, Sharpe, drawdown, CAGR, period returns."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from efficap.errors import EfficapError, PriceDataError, UnitsError
from efficap.stats import (
    annualized_volatility,
    cagr,
    calendar_year_returns,
    max_drawdown,
    monthly_returns,
    sharpe_ratio,
)

RETURNS = np.array([0.01, -0.02, 0.015, 0.0, 0.005])
GROWTH = np.array([1.0, 1.2, 0.9, 1.1, 1.3, 1.04])


@pytest.mark.parametrize("kind", ["ndarray", "series"])
def test_helpers_on_ndarray_and_series(kind: str) -> None:
    def as_input(values: np.ndarray) -> np.ndarray | pd.Series:
        return values if kind == "ndarray" else pd.Series(values)

    # Sample std (ddof=1) of RETURNS: mean 0.002, squared deviations
    # 64e-6 + 484e-6 + 169e-6 + 4e-6 + 9e-6 = 730e-6, / 4 = 182.5e-6.
    std = math.sqrt(182.5e-6)
    assert annualized_volatility(as_input(RETURNS)) == pytest.approx(std * math.sqrt(252))
    assert annualized_volatility(as_input(RETURNS), 12) == pytest.approx(std * math.sqrt(12))
    assert sharpe_ratio(as_input(RETURNS)) == pytest.approx(0.002 / std * math.sqrt(252))
    rf = 1.04 ** (1 / 252) - 1
    assert sharpe_ratio(as_input(RETURNS), risk_free=0.04) == pytest.approx(
        (0.002 - rf) / std * math.sqrt(252)
    )
    # Peak 1.2 -> trough 0.9 is -25%; later peak 1.3 -> 1.04 is -20%.
    assert max_drawdown(as_input(GROWTH)) == pytest.approx(-0.25)
    assert max_drawdown(as_input(np.array([1.0, 2.0, 3.0]))) == 0.0
    # Without dates: 5 steps of 252 a year.
    assert cagr(as_input(GROWTH)) == pytest.approx(1.04 ** (252 / 5) - 1)


def test_helpers_on_2d_input() -> None:
    both = np.column_stack([GROWTH, GROWTH * 2])
    np.testing.assert_allclose(max_drawdown(both), [-0.25, -0.25])
    frame = pd.DataFrame({"x": RETURNS, "y": -RETURNS})
    vol = annualized_volatility(frame)
    assert list(vol.index) == ["x", "y"]
    assert vol["x"] == pytest.approx(vol["y"])
    assert sharpe_ratio(np.zeros(5)) != sharpe_ratio(np.zeros(5))  # NaN: no variation


def test_cagr_with_dates() -> None:
    growth = pd.Series(
        [1.0, 1.1, 1.21], index=pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01"])
    )
    # 731 days = 2.0014 years of 365.25 days.
    assert cagr(growth) == pytest.approx(1.21 ** (365.25 / 731) - 1)


def test_monthly_and_calendar_year_returns() -> None:
    dates = pd.to_datetime(
        ["2023-12-15", "2023-12-29", "2024-01-10", "2024-01-31", "2024-02-15", "2025-01-03"]
    )
    growth = pd.Series([1.0, 1.1, 1.0, 1.21, 1.089, 1.2], index=dates)
    months = monthly_returns(growth)
    # Dec 2023 from the first close: 1.1/1.0; Jan: 1.21/1.1; Feb: 1.089/1.21;
    # Jan 2025 (partial, to the last close): 1.2/1.089.
    assert list(months.index.strftime("%Y-%m-%d")) == [
        "2023-12-29",
        "2024-01-31",
        "2024-02-15",
        "2025-01-03",
    ]
    np.testing.assert_allclose(months.to_numpy(), [0.1, 0.1, -0.1, 1.2 / 1.089 - 1])
    years = calendar_year_returns(growth)
    assert list(years.index) == [2023, 2024, 2025]
    np.testing.assert_allclose(years.to_numpy(), [0.1, 1.089 / 1.1 - 1, 1.2 / 1.089 - 1])


@pytest.mark.parametrize(
    ("fn", "arg", "error", "fragment"),
    [
        (annualized_volatility, [0.01], PriceDataError, r"need at least 2 values, got 1"),
        (
            annualized_volatility,
            [0.01, np.nan, 0.02],
            PriceDataError,
            r"non-finite value at position 2",
        ),
        (annualized_volatility, ["a", "b"], PriceDataError, r"Returns must be numbers"),
        (sharpe_ratio, [], PriceDataError, r"need at least 2 values, got 0"),
        (max_drawdown, [], PriceDataError, r"need at least 1 values, got 0"),
        (max_drawdown, [1.0, 0.0], PriceDataError, r"Growth must be positive; position 2"),
        (cagr, [1.0, -1.0], PriceDataError, r"Growth must be positive"),
        (cagr, [1.0], PriceDataError, r"need at least 2 values"),
        (monthly_returns, np.array([1.0, 1.1]), PriceDataError, r"monthly_returns needs dates"),
        (calendar_year_returns, pd.Series([1.0, 1.1]), PriceDataError, r"needs dates"),
        (
            monthly_returns,
            pd.Series([1.0, 1.1], index=pd.to_datetime(["2024-02-01", "2024-01-01"])),
            PriceDataError,
            r"dates must be ascending",
        ),
    ],
)
def test_helpers_reject(fn, arg, error: type, fragment: str) -> None:
    with pytest.raises(error, match=fragment):
        fn(arg)


def test_cagr_zero_span_and_bad_risk_free() -> None:
    same_day = pd.Series([1.0, 1.1], index=pd.to_datetime(["2024-01-02", "2024-01-02"]))
    with pytest.raises(PriceDataError, match=r"spans no time"):
        cagr(same_day)
    with pytest.raises(EfficapError, match=r"Risk-free rate must be an annual decimal"):
        sharpe_ratio(RETURNS, risk_free="4%")  # type: ignore[arg-type]
    with pytest.raises(UnitsError, match=r"not plausible for an annual risk-free rate"):
        sharpe_ratio(RETURNS, risk_free=-1.0)


def test_risk_free_in_whole_percent_is_refused() -> None:
    # 4 meaning 4% gave a Sharpe of -13.66 before; now the units are named.
    with pytest.raises(
        UnitsError,
        match=r"^Risk-free rate is 4 \(400%\): not plausible .* e\.g\. 4% or 0\.04\.$",
    ):
        sharpe_ratio(RETURNS, risk_free=4)


def test_sharpe_of_a_series_that_does_not_vary_is_nan() -> None:
    # np.full(252, 0.001).std() is about 1e-18 from rounding, not 0: before, the
    # Sharpe ratio came out as 7.31e16. The docstring promises NaN.
    assert math.isnan(sharpe_ratio(np.full(252, 0.001)))
    assert math.isnan(sharpe_ratio(np.full(252, -0.0004), risk_free=0.03))
    ratios = sharpe_ratio(np.column_stack([np.full(10, 0.001), RETURNS.repeat(2)]))
    assert math.isnan(ratios[0]) and np.isfinite(ratios[1])


@given(
    st.floats(min_value=-0.05, max_value=0.05, allow_nan=False),
    st.integers(min_value=2, max_value=400),
)
def test_constant_returns_never_have_a_sharpe_ratio(level: float, n: int) -> None:
    assert math.isnan(sharpe_ratio(np.full(n, level)))
