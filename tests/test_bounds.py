"""Tests for efficap.bounds: implausible values are refused with how to write them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from efficap.bounds import BOUNDS, check_plausible, is_plausible
from efficap.errors import EfficapError, UnitsError


@pytest.mark.parametrize(
    ("value", "field", "what", "message"),
    [
        (
            90,
            "exposure",
            "U.S. Equities of NTSX",
            "U.S. Equities of NTSX is 90 (9000%): not plausible for an exposure per $1 "
            "(-300% to 300%). Write a decimal or a percent, e.g. 90% or 0.9.",
        ),
        (
            0.2,
            "expense_ratio",
            "Net ER of MYF",
            "Net ER of MYF is 0.2 (20%): not plausible for an expense ratio (0% to 3%). "
            "Write a decimal or a percent, e.g. 0.2% or 0.002.",
        ),
        (
            4,
            "risk_free",
            "Risk-free rate",
            "Risk-free rate is 4 (400%): not plausible for an annual risk-free rate "
            "(-2% to 20%). Write a decimal or a percent, e.g. 4% or 0.04.",
        ),
        (
            5,
            "weight",
            "Weight for IVV",
            "Weight for IVV is 5 (500%): not plausible for a fund weight (-100% to 200%). "
            "Write a decimal or a percent, e.g. 24% or 0.24.",
        ),
    ],
)
def test_units_mistakes_are_refused(value: float, field: str, what: str, message: str) -> None:
    with pytest.raises(UnitsError) as info:
        check_plausible(value, field, what)
    assert str(info.value) == message
    assert isinstance(info.value, EfficapError)
    assert len(message) < 160


@pytest.mark.parametrize(
    ("value", "field"),
    [
        (0.9, "exposure"),
        (-0.5, "exposure"),
        (0.002, "expense_ratio"),
        (0.0066, "expense_ratio"),
        (0.0418, "yield"),
        (0.04, "risk_free"),
        (0.0, "risk_free"),
        (0.24, "weight"),
        (-0.3, "weight"),
        (0.6, "target"),
        (0.005, "spread"),
    ],
)
def test_real_values_pass(value: float, field: str) -> None:
    assert check_plausible(value, field, "x") == value


def test_nan_is_not_plausible() -> None:
    assert not is_plausible(float("nan"), "weight")
    with pytest.raises(UnitsError, match=r"^x is nan"):
        check_plausible(float("nan"), "weight", "x")


@given(st.sampled_from(sorted(BOUNDS)), st.floats(allow_nan=False, allow_infinity=False))
def test_check_agrees_with_is_plausible(field: str, value: float) -> None:
    if is_plausible(value, field):
        assert check_plausible(value, field, "x") == value
    else:
        with pytest.raises(UnitsError):
            check_plausible(value, field, "x")


@given(st.sampled_from(sorted(BOUNDS)))
def test_whole_percent_of_the_example_is_refused(field: str) -> None:
    # The typical value typed as a whole percent (24 for 24%) must never pass.
    bound = BOUNDS[field]
    assert is_plausible(bound.example, field)
    assert not is_plausible(bound.example * 100, field)
