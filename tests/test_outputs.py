"""Tests of efficap_xl.outputs: results shaped for the sheet, and the error cells."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import numpy as np
import pandas as pd

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
