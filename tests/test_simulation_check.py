"""Tests for efficap.simulation_check: a simulation compared with the real fund."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from efficap.simulation_check import MIN_MONTHS, validate_simulation


def _month_end_series(levels: list[float]) -> pd.Series:
    """Closes on the last NYSE session of Jan..Jun 2025 (all full months)."""
    days = pd.to_datetime(
        ["2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-30", "2025-06-30"]
    )
    return pd.Series(levels, index=days[: len(levels)])


def test_a_simulation_equal_to_the_fund_has_no_gap() -> None:
    real = _month_end_series([100.0, 102.0, 101.0, 104.0, 103.0, 106.0])
    notes: list[str] = []
    got = validate_simulation(real * 2.0, real, notes)  # same returns, other units
    assert got.cagr_difference == pytest.approx(0.0, abs=1e-15)
    assert got.monthly_correlation == pytest.approx(1.0)
    assert got.monthly_tracking_error == pytest.approx(0.0, abs=1e-15)
    assert got.months == 5 and notes == []
    assert (got.overlap_start, got.overlap_end) == (real.index[0], real.index[-1])


def test_a_constant_monthly_gap_is_measured_by_hand() -> None:
    """The simulation returns 1 point more than the fund every month."""
    returns = [0.02, -0.01, 0.03, 0.0, 0.01]
    real = _month_end_series(list(100.0 * np.cumprod([1.0, *(1 + r for r in returns)])))
    sim = _month_end_series(list(100.0 * np.cumprod([1.0, *(1.01 + r for r in returns)])))
    got = validate_simulation(sim, real, [])
    assert got.worst_monthly_gap == pytest.approx(0.01)
    assert got.monthly_tracking_error == pytest.approx(0.0, abs=1e-12)
    assert got.monthly_correlation == pytest.approx(1.0)
    years = (real.index[-1] - real.index[0]).days / 365.25
    growth_sim, growth_real = sim.iloc[-1] / 100.0, real.iloc[-1] / 100.0
    expected = growth_sim ** (1 / years) - growth_real ** (1 / years)
    assert got.cagr_difference == pytest.approx(expected)


def test_too_few_months_give_nan_and_a_note() -> None:
    real = _month_end_series([100.0, 101.0, 102.0][:MIN_MONTHS])
    notes: list[str] = []
    got = validate_simulation(real, real, notes)
    assert got.months < MIN_MONTHS and np.isnan(got.monthly_correlation)
    assert notes and "full months" in notes[0]


def test_no_real_fund_or_no_overlap_gives_no_figures() -> None:
    sim = _month_end_series([100.0, 101.0])
    assert validate_simulation(sim, None, []).months == 0
    notes: list[str] = []
    other = pd.Series([1.0, 2.0], index=pd.to_datetime(["2020-01-02", "2020-01-03"]))
    assert validate_simulation(sim, other, notes).months == 0
    assert "No closes in common" in notes[0]
