"""Tests of efficap_xl.convert (cell shapes -> core inputs -> cells) and efficap_xl.cache."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from efficap.errors import EfficapError
from efficap_xl import cache, convert
from efficap_xl.convert import InputError

D = [dt.datetime(2024, 1, 2), dt.datetime(2024, 1, 3), dt.datetime(2024, 1, 4)]
PRICES = [["aaa", "BBB "], [1.0, 2.0], [1.1, None], [1.2, 2.2]]


def test_input_error_is_an_efficap_error():
    assert issubclass(InputError, EfficapError)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (-2146826246, "#N/A"),
        (-2146826281, "#DIV/0!"),
        (-2146826259, "#NAME?"),
        (-2146826288, "#NULL!"),
        (-2146826252, "#NUM!"),
        (-2146826265, "#REF!"),
        (-2146826273, "#VALUE!"),
        ("#N/A", "#N/A"),
        ("#REF!", "#REF!"),
        (-2146826246.0, None),  # a float is a number, never an error code
        (3, None),
        ("N/A", None),
        (None, None),
        (True, None),
    ],
)
def test_excel_error(value, expected):
    assert convert.excel_error(value) == expected


@pytest.mark.parametrize(
    ("value", "blank"),
    [
        (None, True),
        ("", True),
        ("  ", True),
        (math.nan, True),
        (pd.NaT, True),
        (0.0, False),
        ("x", False),
        (False, False),
    ],
)
def test_is_blank(value, blank):
    assert convert.is_blank(value) is blank


def test_grid_trims_trailing_blank_rows_and_columns():
    rows = [["a", "b", None], [1.0, None, None], [None, None, None], [None, None, ""]]
    assert convert.grid(rows, "X") == [["a", "b"], [1.0, None]]
    assert convert.grid(5.0, "X") == [[5.0]]
    assert convert.grid(["a", "b"], "X") == [["a", "b"]]
    assert convert.grid(None, "X") == []
    assert convert.grid(np.array([[1.0, 2.0]]), "X") == [[1.0, 2.0]]
    with pytest.raises(InputError, match=r"^X must be a rectangular range\.$"):
        convert.grid([[1.0], [1.0, 2.0]], "X")


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
    assert convert.vector(value, "V") == convert.Vector(values, orientation, size)


def test_vector_refuses_2d():
    with pytest.raises(InputError, match=r"^V must be one row or one column, not 2 rows x 2"):
        convert.vector([[1, 2], [3, 4]], "V")


def test_tickers_and_labels():
    assert convert.tickers([" ivv", "Agg", None]) == ["IVV", "AGG"]
    assert convert.labels([["U.S. Equities "], ["Gold"]]) == ["U.S. Equities", "Gold"]
    with pytest.raises(InputError, match=r"^Ticker 2 is blank\.$"):
        convert.tickers(["IVV", "", "AGG"])
    with pytest.raises(InputError, match=r"^No tickers given\.$"):
        convert.tickers([None, None])


def test_numbers_names_the_cell():
    assert convert.numbers([0.5, 1, None]) == [0.5, 1.0]
    with pytest.raises(InputError, match=r"^Weight 2 \(AGG\) is #N/A\.$"):
        convert.numbers([0.5, "#N/A"], names=["IVV", "AGG"])
    with pytest.raises(InputError, match=r"^Weight 3 is blank; enter 0 for none\.$"):
        convert.numbers([0.5, 0.5], count=3)
    with pytest.raises(InputError, match=r"^Target 1 is not a finite number\.$"):
        convert.numbers([math.inf], "Target")


def test_weights_pairs_and_lengths():
    assert convert.weights(["ivv", "agg"], [[0.6], [0.4]]) == {"IVV": 0.6, "AGG": 0.4}
    # equal-size ranges with blanks at the end of one: the blank cell is named
    with pytest.raises(InputError, match=r"^Ticker 2 is blank\.$"):
        convert.weights(["IVV", None], [0.6, 0.4])
    with pytest.raises(InputError, match=r"^1 tickers but 2 weights\.$"):
        convert.weights("IVV", [0.6, 0.4])
    # negative weights (shorts) and sums other than 1 are the core's business
    assert convert.weights(["IVV", "AGG"], [1.5, -0.5]) == {"IVV": 1.5, "AGG": -0.5}


def test_targets():
    assert convert.targets(["U.S. Equities"], 0.6) == {"U.S. Equities": 0.6}
    with pytest.raises(InputError, match=r"^Asset class 1 is 1, not text\.$"):
        convert.targets([1.0], [0.6])


def test_aligned_weights():
    assert convert.aligned_weights([0.6, 0.4], ["A", "B"]) == {"A": 0.6, "B": 0.4}
    assert convert.aligned_weights([[0.6], [0.4], [None]], ["A", "B"]) == {"A": 0.6, "B": 0.4}
    with pytest.raises(InputError, match=r"^Weight 2 \(B\) is blank; enter 0 for none\.$"):
        convert.aligned_weights([0.6, None], ["A", "B"])
    with pytest.raises(InputError, match=r"^1 weights but 2 price columns \(A, B\)"):
        convert.aligned_weights(1.0, ["A", "B"])


def test_scalar_arguments():
    assert convert.text(None, "X", "dflt") == "dflt"
    assert convert.text([[" q "]], "X") == "q"
    assert convert.flag(None, "X") is False
    assert convert.flag(True, "X") is True
    assert convert.flag(1.0, "X") is True
    assert convert.flag("no", "X") is False
    assert convert.number(None, "X", 0.0) == 0.0
    assert convert.number(0.04, "X") == 0.04
    with pytest.raises(InputError, match=r"^X is #N/A\.$"):
        convert.number("#N/A", "X", 0.0)
    with pytest.raises(InputError, match=r"^X must be one cell\.$"):
        convert.text([["a", "b"]], "X")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2026, 3, 31, 16, 0), pd.Timestamp("2026-03-31")),
        (dt.date(2026, 3, 31), pd.Timestamp("2026-03-31")),
        (46112.0, pd.Timestamp("2026-03-31")),  # Excel serial number
        (46112, pd.Timestamp("2026-03-31")),
        ("2026-03-31", pd.Timestamp("2026-03-31")),
        (pd.Timestamp("2026-03-31"), pd.Timestamp("2026-03-31")),
    ],
)
def test_dates(value, expected):
    assert convert.date(value, "As-of date") == expected


def test_optional_date_and_errors():
    assert convert.optional_date(None, "Start date") is None
    assert convert.optional_date("", "Start date") is None
    with pytest.raises(InputError, match=r"^Start date is #VALUE!\.$"):
        convert.optional_date(-2146826273, "Start date")
    with pytest.raises(InputError, match=r"^As-of date is blank\.$"):
        convert.date(None, "As-of date")
    with pytest.raises(InputError, match=r"^As-of date is TRUE, not a date\.$"):
        convert.date(True, "As-of date")


@pytest.mark.parametrize(
    ("value", "expected"), [("3Y", "3Y"), (" ytd ", "ytd"), (5.0, "5Y"), ([["SI"]], "SI")]
)
def test_period(value, expected):
    assert convert.period(value) == expected


def test_prices_frame():
    frame = convert.prices(D, PRICES)
    assert list(frame.columns) == ["AAA", "BBB"]
    assert frame.index.name == "Date"
    assert list(frame.index) == [pd.Timestamp(d) for d in D]
    assert np.isnan(frame.loc["2024-01-03", "BBB"])
    assert frame.dtypes.tolist() == [np.float64, np.float64]


def test_prices_header_cell_serials_and_padding():
    serials = ["Date", *[float((d - dt.datetime(1899, 12, 30)).days) for d in D], None, None]
    padded = [[*r, None] for r in PRICES] + [[None, None, None]] * 2
    frame = convert.prices(serials, padded)
    pd.testing.assert_frame_equal(frame, convert.prices(D, PRICES))


def test_prices_ints_from_other_engines():
    frame = convert.prices(D, [["A"], [1], [2], [3]])
    assert frame["A"].tolist() == [1.0, 2.0, 3.0]


def test_prices_bool_is_not_a_price():
    with pytest.raises(InputError, match=r"^Prices: A on 2024-01-03 is TRUE, not a number\.$"):
        convert.prices(D, [["A"], [1.0], [True], [3.0]])


def test_prices_column_without_prices():
    with pytest.raises(InputError, match=r"^Prices: B has no prices\.$"):
        convert.prices(D, [["A", "B"], [1.0, None], [2.0, None], [3.0, ""]])


def test_weights_table():
    table = [["Blend", "ivv", "AGG", None], ["60/40", 0.6, 0.4, None], [2024.0, 1.0, 0.0, None]]
    assert convert.weights_table(table) == {
        "60/40": {"IVV": 0.6, "AGG": 0.4},
        "2024": {"IVV": 1.0, "AGG": 0.0},
    }


def test_catalog_argument():
    assert convert.catalog(None) is None
    assert convert.catalog([[None, None], [None, None]]) is None
    assert convert.catalog([[" funds.csv "]]) == "funds.csv"
    rows = convert.catalog([["Ticker", "Inception"], ["ABC", dt.datetime(2020, 1, 2)], ["DEF", ""]])
    assert rows == [["Ticker", "Inception"], ["ABC", "2020-01-02"], ["DEF", None]]


def test_output_cells():
    assert convert.cell(np.float64(0.25)) == 0.25 and type(convert.cell(np.float64(1))) is float
    assert convert.cell(math.nan) == "n/a"
    assert convert.cell(math.nan, missing="") == ""
    assert convert.cell(None) == ""
    assert convert.cell(pd.NaT) == ""
    assert convert.cell(pd.Timestamp("2026-03-31")) == dt.datetime(2026, 3, 31)
    assert convert.cell(dt.date(2026, 3, 31)) == dt.datetime(2026, 3, 31)
    assert convert.cell(np.bool_(True)) is True
    assert convert.aligned([1, 2], "row") == [[1.0, 2.0]]
    assert convert.aligned([1, 2], "column") == [[1.0], [2.0]]
    assert convert.aligned([1, 2], "list") == [[1.0], [2.0]]
    assert convert.table([["a", 1], ["Status", "ok", "x"]]) == [
        ["a", 1.0, ""],
        ["Status", "ok", "x"],
    ]


def test_error_cells():
    assert convert.error_cell(EfficapError("Bad\n  thing.")) == "#EFFCAP: Bad thing."
    assert convert.internal_error_cell(ZeroDivisionError("x")) == (
        "#EFFCAP: internal error (ZeroDivisionError)"
    )


finite = st.floats(min_value=-2, max_value=2, allow_nan=False)


@given(st.lists(finite, min_size=1, max_size=20), st.integers(min_value=0, max_value=5))
def test_numbers_round_trip_and_trailing_blanks(values, blanks):
    assert convert.numbers([*values, *([None] * blanks)]) == values
    column = [[v] for v in values] + [[None]] * blanks
    assert convert.numbers(column) == values


@given(
    st.lists(
        st.sampled_from(["IVV", "AGG", "NTSX", "WTMF", "BIL"]), min_size=1, max_size=5, unique=True
    ),
    st.data(),
)
def test_weights_keep_order(tickers, data):
    weights = data.draw(st.lists(finite, min_size=len(tickers), max_size=len(tickers)))
    out = convert.weights([t.lower() for t in tickers], weights)
    assert list(out) == tickers and list(out.values()) == weights


# --------------------------------------------------------------------------- cache


def test_lru_evicts_oldest_and_counts():
    lru = cache.LRU(2)
    assert lru.get("a", lambda: 1) == 1
    assert lru.get("b", lambda: 2) == 2
    assert lru.get("a", lambda: 99) == 1  # hit, and "a" becomes the newest
    assert lru.get("c", lambda: 3) == 3  # evicts "b"
    assert lru.get("b", lambda: 22) == 22
    assert (lru.hits, lru.misses, len(lru)) == (1, 4, 2)


def test_lru_does_not_store_failures():
    lru = cache.LRU(2)

    def fail():
        raise InputError("no")

    with pytest.raises(InputError):
        lru.get("k", fail)
    assert len(lru) == 0


def test_freeze_tags_bools_and_error_codes():
    assert cache.freeze([[1.0, True]]) != cache.freeze([[1.0, 1.0]])
    assert cache.freeze([-2146826246]) != cache.freeze([-2146826246.0])
    assert cache.freeze([["a"], ["b"]]) == (("a",), ("b",))
    assert cache.freeze(["a", "b"]) != cache.freeze([["a", "b"]])
    assert cache.freeze([None, True]) != cache.freeze([None, 1.0])
    assert hash(cache.freeze(np.array([[1.0, 2.0]])))


def test_price_cache_is_keyed_by_content():
    cache.clear()
    first = cache.prices(D, PRICES)
    assert cache.prices(list(D), [list(r) for r in PRICES]) is first
    changed = [r[:] for r in PRICES]
    changed[1][0] = 1.05
    assert cache.prices(D, changed) is not first
    assert cache.prices(D, changed).iloc[0, 0] == 1.05
    cache.clear()


def test_catalog_cache():
    cache.clear()
    built_in = cache.catalog(None)
    assert cache.catalog([[None]]) is built_in
    sheet = [["Ticker", "Gold"], ["GLDX", 1.0]]
    assert cache.catalog(sheet).loc["GLDX", "Gold"] == 1.0
    assert cache.catalog([r[:] for r in sheet]) is cache.catalog(sheet)
    cache.clear()
