"""Tests of efficap_xl.outputs: results shaped for the sheet, and the error cells."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from efficap.errors import EfficapError
from efficap_xl import outputs


def test_output_cells():
    assert outputs.cell(np.float64(0.25)) == 0.25 and type(outputs.cell(np.float64(1))) is float
    assert outputs.cell(math.nan) == "n/a"
    assert outputs.cell(math.inf) == "n/a"
    assert outputs.cell(math.nan, missing="") == ""
    assert outputs.cell(None) == ""
    assert outputs.cell(pd.NaT) == ""
    assert outputs.cell(pd.Timestamp("2026-03-31")) == dt.datetime(2026, 3, 31)
    assert outputs.cell(dt.date(2026, 3, 31)) == dt.datetime(2026, 3, 31)
    assert outputs.cell(np.bool_(True)) is True
    assert outputs.cell(Decimal("0.25")) == 0.25 and type(outputs.cell(Decimal("1"))) is float
    assert outputs.aligned([1, 2], "row") == [[1.0, 2.0]]
    assert outputs.aligned([1, 2], "column") == [[1.0], [2.0]]
    assert outputs.aligned([1, 2], "list") == [[1.0], [2.0]]
    assert outputs.table([["a", 1], ["Status", "ok", "x"]]) == [
        ["a", 1.0, ""],
        ["Status", "ok", "x"],
    ]


def test_error_cells():
    assert outputs.error_cell(EfficapError("Bad\n  thing.")) == "#EFFCAP: Bad thing."
    assert outputs.internal_error_cell(ZeroDivisionError("x")) == (
        "#EFFCAP: internal error (ZeroDivisionError)"
    )


def test_long_messages_are_cut_after_a_whole_list_item():
    names = ", ".join(f"Asset class number {i}" for i in range(12))
    text = outputs.error_cell(EfficapError(f"Unknown asset class 'X'. Known: {names}."))
    assert len(text) <= outputs.MAX_MESSAGE < 160
    assert text == (
        "#EFFCAP: Unknown asset class 'X'. Known: Asset class number 0, Asset class number 1, "
        "Asset class number 2, Asset class number 3, Asset class number 4..."
    )
    word = outputs.error_cell(EfficapError("word " * 40))
    assert len(word) <= outputs.MAX_MESSAGE and word.endswith("word...")
    exact = "x" * (outputs.MAX_MESSAGE - len(outputs.ERROR_PREFIX))
    assert outputs.error_cell(EfficapError(exact)) == outputs.ERROR_PREFIX + exact


def _typed(rows):
    """Rows with each cell's type beside it: equal cells of other types must not pass."""
    return [[(type(v), v) for v in row] for row in rows]


def test_columns_are_the_cells_table_gives():
    days = pd.DatetimeIndex(["2026-03-30", "NaT", "2026-03-31"])
    numbers = np.array([1.0, math.nan, -math.inf])
    flags = np.array([True, False, True])
    ints = np.array([1, 2, 3])
    want = outputs.table([list(r) for r in zip(days, numbers, flags, ints, strict=True)])
    got = outputs.columns(days, numbers, flags, ints)
    assert _typed(got) == _typed(want)
    assert got[1] == ["", "n/a", False, 2.0] and got[0][0] == dt.datetime(2026, 3, 30)
    blanks = outputs.columns(pd.Series([math.nan]), missing="")
    assert blanks == [[""]]
    # columns numpy cannot convert go cell by cell, as table does
    mixed = outputs.columns(["a", None], pd.Series([Decimal("0.5"), 2], dtype=object))
    assert _typed(mixed) == _typed([["a", 0.5], ["", 2.0]])


def test_columns_refuse_columns_of_different_lengths():
    with pytest.raises(ValueError, match="different lengths"):
        outputs.columns([1.0, 2.0], [1.0])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(
                st.none(),
                st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 1, 1)),
            ),
            st.floats(allow_nan=True, allow_infinity=True),
        ),
        max_size=30,
    )
)
def test_columns_match_table_cell_for_cell(pairs):
    days = pd.DatetimeIndex([d for d, _ in pairs], dtype="datetime64[ns]")
    values = np.array([v for _, v in pairs], dtype=float)
    want = outputs.table([[d, v] for d, v in zip(days, values, strict=True)])
    assert _typed(outputs.columns(days, values)) == _typed(want)
    series = pd.Series(values, index=days)
    assert _typed(outputs.columns(series.index, series.to_numpy())) == _typed(want)
