"""Tests of efficap_xl.readers: rows and columns of cells -> the lists and dicts the core takes."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from efficap.bounds import BOUNDS
from efficap.errors import UnitsError
from efficap_xl import readers
from efficap_xl.cells import InputError

SPILL, CALC = -2146826243, -2146826238  # what xlwings hands for #SPILL! and #CALC!


def test_tickers_and_labels():
    assert readers.tickers([" ivv", "Agg", None]) == ["IVV", "AGG"]
    assert readers.labels([["U.S. Equities "], ["Gold"]]) == ["U.S. Equities", "Gold"]
    with pytest.raises(InputError, match=r"^Ticker 2 is blank\.$"):
        readers.tickers(["IVV", "", "AGG"])
    with pytest.raises(InputError, match=r"^No tickers given\.$"):
        readers.tickers([None, None])
    with pytest.raises(InputError, match=r"^Ticker 2 is #SPILL!\.$"):
        readers.tickers(["IVV", SPILL])


def test_repeated_ticker_is_refused_with_both_positions():
    with pytest.raises(InputError, match=r"^AGG appears twice \(tickers 2 and 4\)\.$"):
        readers.tickers([["IVV"], ["AGG"], ["NTSX"], [" agg "]])
    with pytest.raises(InputError, match=r"^IVV appears twice \(tickers 1 and 3\)\.$"):
        readers.weights(["IVV", "AGG", "ivv"], [0.3, 0.3, 0.4])


def test_numbers_names_the_cell():
    assert readers.numbers([0.5, 1, None]) == [0.5, 1.0]
    with pytest.raises(InputError, match=r"^Weight 2 \(AGG\) is #N/A\.$"):
        readers.numbers([0.5, "#N/A"], names=["IVV", "AGG"])
    with pytest.raises(InputError, match=r"^Weight 3 is blank; enter 0 for none\.$"):
        readers.numbers([0.5, 0.5], count=3)
    with pytest.raises(InputError, match=r"^Target 1 is not a finite number\.$"):
        readers.numbers([math.inf], "Target")


def test_numbers_checked_against_a_field():
    assert readers.numbers([0.6, -0.5, 2.0], field="weight") == [0.6, -0.5, 2.0]
    with pytest.raises(UnitsError) as info:
        readers.numbers([0.5, 24.0], names=["IVV", "AGG"], field="weight")
    assert str(info.value) == (
        "Weight 2 (AGG) is 24 (2400%): not plausible for a fund weight (-100% to 200%). "
        "Write a decimal or a percent, e.g. 24% or 0.24."
    )


def test_weights_pairs_and_lengths():
    assert readers.weights(["ivv", "agg"], [[0.6], [0.4]]) == {"IVV": 0.6, "AGG": 0.4}
    # equal-size ranges with blanks at the end of one: the blank cell is named
    with pytest.raises(InputError, match=r"^Ticker 2 is blank\.$"):
        readers.weights(["IVV", None], [0.6, 0.4])
    with pytest.raises(InputError, match=r"^1 tickers but 2 weights\.$"):
        readers.weights("IVV", [0.6, 0.4])
    # negative weights (shorts) and sums other than 1 are the core's business
    assert readers.weights(["IVV", "AGG"], [1.5, -0.5]) == {"IVV": 1.5, "AGG": -0.5}


def test_decimal_weights_are_numbers():
    """A weight cell formatted as Currency/Accounting arrives as a Decimal."""
    out = readers.weights(["IVV", "AGG"], [Decimal("0.6"), Decimal("0.4")])
    assert out == {"IVV": 0.6, "AGG": 0.4}
    assert all(type(v) is float for v in out.values())


@pytest.mark.parametrize(("code", "text"), [(SPILL, "#SPILL!"), (CALC, "#CALC!")])
def test_error_code_weights_are_refused(code, text):
    with pytest.raises(InputError, match=rf"^Weight 2 \(AGG\) is {text}\.$"):
        readers.weights(["IVV", "AGG"], [0.5, code])


def test_whole_percent_weight_is_a_units_error_whatever_the_sum():
    """5/3/2 (meant as 50/30/20%) adds up to 10: each weight is checked on its own."""
    with pytest.raises(UnitsError, match=r"^Weight 1 \(IVV\) is 5 \(500%\): not plausible"):
        readers.weights(["IVV", "AGG", "WTMF"], [5.0, 3.0, 2.0])
    with pytest.raises(UnitsError, match=r"^Weight 2 \(B\) is 24 \(2400%\)"):
        readers.aligned_weights([0.0, 24.0], ["A", "B"])


def test_targets():
    assert readers.targets(["U.S. Equities"], 0.6) == {"U.S. Equities": 0.6}
    with pytest.raises(InputError, match=r"^Asset class 1 is 1, not text\.$"):
        readers.targets([1.0], [0.6])
    with pytest.raises(UnitsError) as info:
        readers.targets(["U.S. Equities", "Gold"], [60.0, 0.1])
    assert str(info.value) == (
        "Target 1 (U.S. Equities) is 60 (6000%): not plausible for an exposure target "
        "(-300% to 300%). Write a decimal or a percent, e.g. 60% or 0.6."
    )


def test_aligned_weights():
    assert readers.aligned_weights([0.6, 0.4], ["A", "B"]) == {"A": 0.6, "B": 0.4}
    assert readers.aligned_weights([[0.6], [0.4], [None]], ["A", "B"]) == {"A": 0.6, "B": 0.4}
    with pytest.raises(InputError, match=r"^Weight 2 \(B\) is blank; enter 0 for none\.$"):
        readers.aligned_weights([0.6, None], ["A", "B"])
    with pytest.raises(InputError, match=r"^1 weights but 2 price columns \(A, B\)"):
        readers.aligned_weights(1.0, ["A", "B"])


finite = st.floats(min_value=BOUNDS["weight"].low, max_value=BOUNDS["weight"].high, allow_nan=False)


@given(st.lists(finite, min_size=1, max_size=20), st.integers(min_value=0, max_value=5))
def test_numbers_round_trip_and_trailing_blanks(values, blanks):
    assert readers.numbers([*values, *([None] * blanks)]) == values
    column = [[v] for v in values] + [[None]] * blanks
    assert readers.numbers(column) == values


@given(
    st.lists(
        st.sampled_from(["IVV", "AGG", "NTSX", "WTMF", "BIL"]), min_size=1, max_size=5, unique=True
    ),
    st.data(),
)
def test_weights_keep_order(tickers, data):
    weights = data.draw(st.lists(finite, min_size=len(tickers), max_size=len(tickers)))
    out = readers.weights([t.lower() for t in tickers], weights)
    assert list(out) == tickers and list(out.values()) == weights
