"""Tests of efficap_xl.ranges: the shapes xlwings hands a function (cell, row, column, block)."""

from __future__ import annotations

import numpy as np
import pytest

from efficap_xl import ranges
from efficap_xl.cells import InputError


def test_grid_trims_trailing_blank_rows_and_columns():
    rows = [["a", "b", None], [1.0, None, None], [None, None, None], [None, None, ""]]
    assert ranges.grid(rows, "X") == [["a", "b"], [1.0, None]]
    assert ranges.grid(5.0, "X") == [[5.0]]
    assert ranges.grid(["a", "b"], "X") == [["a", "b"]]
    assert ranges.grid(None, "X") == []
    assert ranges.grid(np.array([[1.0, 2.0]]), "X") == [[1.0, 2.0]]
    with pytest.raises(InputError, match=r"^X must be a rectangular range\.$"):
        ranges.grid([[1.0], [1.0, 2.0]], "X")


@pytest.mark.parametrize(
    ("value", "values", "orientation", "size"),
    [
        ([["a"], ["b"], [None]], ["a", "b"], "column", 3),
        ([["a", "b", None]], ["a", "b"], "row", 3),
        ([["a"]], ["a"], "cell", 1),
        (["a", "b", None, None], ["a", "b"], "list", 4),
        ("a", ["a"], "cell", 1),
        (None, [], "cell", 1),
    ],
)
def test_vector(value, values, orientation, size):
    assert ranges.vector(value, "V") == ranges.Vector(values, orientation, size)


def test_vector_refuses_2d():
    with pytest.raises(InputError, match=r"^V must be one row or one column, not 2 rows x 2"):
        ranges.vector([[1, 2], [3, 4]], "V")
    with pytest.raises(InputError, match=r"^V must be one row or one column\.$"):
        ranges.vector([["a"], "b"], "V")


def test_as_rows():
    assert ranges.as_rows([[1.0], [2.0]]) == [[1.0], [2.0]]
    assert ranges.as_rows(np.array([[1.0, 2.0]])) == [[1.0, 2.0]]
    assert ranges.as_rows([1.0, 2.0]) is None
    assert ranges.as_rows(1.0) is None


def test_single():
    assert ranges.single(" q ", "X") == " q "
    assert ranges.single([["q"], [None]], "X") == "q"
    assert ranges.single([[None]], "X") is None
    assert ranges.single([], "X") is None
    with pytest.raises(InputError, match=r"^X must be one cell\.$"):
        ranges.single([["a", "b"]], "X")
