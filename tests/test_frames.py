"""Tests of efficap_xl.frames: price ranges, weights tables and catalog ranges -> pandas/dicts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from efficap.catalog import load_catalog
from efficap.errors import DateError, UnitsError
from efficap_xl import frames
from efficap_xl.cells import InputError

D = [dt.datetime(2024, 1, 2), dt.datetime(2024, 1, 3), dt.datetime(2024, 1, 4)]
PRICES = [["aaa", "BBB "], [1.0, 2.0], [1.1, None], [1.2, 2.2]]
SPILL, CALC = -2146826243, -2146826238


def test_prices_frame():
    frame = frames.prices(D, PRICES)
    assert list(frame.columns) == ["AAA", "BBB"]
    assert frame.index.name == "Date"
    assert list(frame.index) == [pd.Timestamp(d) for d in D]
    assert np.isnan(frame.loc["2024-01-03", "BBB"])
    assert frame.dtypes.tolist() == [np.float64, np.float64]


def test_prices_header_cell_serials_and_padding():
    serials = ["Date", *[float((d - dt.datetime(1899, 12, 30)).days) for d in D], None, None]
    padded = [[*r, None] for r in PRICES] + [[None, None, None]] * 2
    frame = frames.prices(serials, padded)
    pd.testing.assert_frame_equal(frame, frames.prices(D, PRICES))


def test_prices_dates_as_iso_text_and_unambiguous_day_month():
    texts = ["2024-01-02", "03/01/2024 ", "2024-01-04"]  # 03/01 is ambiguous
    with pytest.raises(DateError) as info:
        frames.prices(texts, PRICES)
    assert str(info.value) == (
        "Date 2 '03/01/2024' is ambiguous (day/month or month/day?): "
        "write 2024-01-03 or 2024-03-01."
    )
    frame = frames.prices(["2024-01-02", "2024-01-03", "2024-01-04"], PRICES)
    pd.testing.assert_frame_equal(frame, frames.prices(D, PRICES))
    days = ["29/12/2023", "30/12/2023", "31/12/2023"]  # day > 12: only one reading
    assert list(frames.prices(days, PRICES).index.day) == [29, 30, 31]


def test_prices_ints_from_other_engines():
    frame = frames.prices(D, [["A"], [1], [2], [3]])
    assert frame["A"].tolist() == [1.0, 2.0, 3.0]


def test_prices_decimal_cells_are_prices():
    """Prices formatted as Currency arrive as Decimals: they are numbers."""
    rows = [["A"], [Decimal("100.50")], [Decimal("101.25")], [102.0]]
    frame = frames.prices(D, rows)
    assert frame["A"].tolist() == [100.5, 101.25, 102.0]
    assert frame.dtypes.tolist() == [np.float64]


@pytest.mark.parametrize(("code", "text"), [(SPILL, "#SPILL!"), (CALC, "#CALC!")])
def test_prices_error_codes_are_refused(code, text):
    with pytest.raises(InputError, match=rf"^Prices: A on 2024-01-03 is {text}\.$"):
        frames.prices(D, [["A"], [1.0], [code], [3.0]])


def test_prices_bool_is_not_a_price():
    with pytest.raises(InputError, match=r"^Prices: A on 2024-01-03 is TRUE, not a number\.$"):
        frames.prices(D, [["A"], [1.0], [True], [3.0]])


def test_prices_column_without_prices():
    with pytest.raises(InputError, match=r"^Prices: B has no prices\.$"):
        frames.prices(D, [["A", "B"], [1.0, None], [2.0, None], [3.0, ""]])


def test_prices_formula_blanks_and_unused_columns():
    """A formula's "" is no price (read without a cell-by-cell pass); a column with no
    ticker and nothing in it (a spare column, a slot for a fund not on the sheet) is
    skipped; a column with prices but no ticker is still refused."""
    blanks = [["", *row[:1], "", *row[1:]] for row in PRICES]
    blanks[0][0] = blanks[0][2] = ""
    blanks[2][3] = ""  # BBB's missing close as a formula blank
    frame = frames.prices(D, blanks)
    pd.testing.assert_frame_equal(frame, frames.prices(D, PRICES))
    with pytest.raises(InputError, match=r"^Prices header column 2 has no ticker\.$"):
        frames.prices(D, [["A", None], [1.0, 2.0], [1.0, None], [1.0, None]])


def test_prices_last_dates_without_any_close_are_rows_of_no_price():
    """A range of a few funds of a longer sheet: its last dates may hold no close of
    those funds (blank or ""), still one row per date; a range shorter than the dates
    is still refused."""
    rows = [["A", "B"], [1.0, 2.0], [None, ""], ["", None]]
    frame = frames.prices(["Date", *D], rows)
    assert list(frame.index) == [pd.Timestamp(d) for d in D]
    assert frame.iloc[1:].isna().all().all()
    with pytest.raises(InputError, match=r"^3 dates but 1 rows of prices below the header\.$"):
        frames.prices(D, rows[:2])
    # text dates: the first is a date, not a header, so the close stays on its own day
    iso = [f"{d:%Y-%m-%d}" for d in D]
    assert frames.prices(iso, rows).index[0] == pd.Timestamp(D[0])
    assert frames.prices(iso, rows)["A"].iloc[0] == 1.0


def test_prices_repeated_header_names_both_columns():
    with pytest.raises(InputError, match=r"^Prices header: AAA appears in columns 1 and 3\.$"):
        frames.prices(D, [["AAA", "BBB", "aaa"], [1.0, 2.0, 3.0]] + [[1.0, 2.0, 3.0]] * 2)


def test_weights_table():
    table = [["Blend", "ivv", "AGG", None], ["60/40", 0.6, 0.4, None], [2024.0, 1.0, 0.0, None]]
    assert frames.weights_table(table) == {
        "60/40": {"IVV": 0.6, "AGG": 0.4},
        "2024": {"IVV": 1.0, "AGG": 0.0},
    }


def test_weights_table_refuses_repeats_units_and_error_codes():
    with pytest.raises(InputError, match=r"^Weights table header: IVV appears in columns 1 and 2"):
        frames.weights_table([["", "IVV", "ivv"], ["Mix", 0.5, 0.5]])
    with pytest.raises(UnitsError, match=r"^Weights table: Mix, AGG is 40 \(4000%\): not plaus"):
        frames.weights_table([["", "IVV", "AGG"], ["Mix", 0.6, 40.0]])
    with pytest.raises(InputError, match=r"^Weights table: Mix, AGG is #SPILL!\.$"):
        frames.weights_table([["", "IVV", "AGG"], ["Mix", 0.6, SPILL]])
    assert frames.weights_table([["", "IVV"], ["All", Decimal("1")]]) == {"All": {"IVV": 1.0}}


def test_catalog_argument():
    assert frames.catalog(None) is None
    assert frames.catalog([[None, None], [None, None]]) is None
    assert frames.catalog([[" funds.csv "]]) == "funds.csv"
    assert frames.catalog(r"C:\data\my funds.xlsx") == r"C:\data\my funds.xlsx"
    rows = [["Ticker", "Inception", "Net ER"], ["ABC", dt.datetime(2020, 1, 2), Decimal("0.002")]]
    frame = frames.catalog([*rows, ["DEF", "", None]])
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["Ticker", "Inception", "Net ER"]
    assert frame.to_numpy().tolist() == [
        ["ABC", "2020-01-02", 0.002],
        ["DEF", None, None],
    ]
    # dates and blanks reach the core as they are, and it reads them (a new fund needs
    # an exposure for the core to accept it)
    merged = load_catalog(frame.assign(Gold=[1.0, 0.5]))
    assert merged.at["ABC", "inception"] == pd.Timestamp("2020-01-02")
    assert pd.isna(merged.at["DEF", "inception"])
    assert merged.at["ABC", "net_expense_ratio"] == 0.002


def test_catalog_date_columns_read_by_the_one_date_rule():
    rows = [
        ["Ticker", "Inception date", "Assets as of", "Gold"],
        ["ABC", 46112.0, "13/04/2026", 1.0],  # an Excel serial number; day > 12
        ["DEF", dt.date(2020, 1, 2), pd.Timestamp("2021-05-20"), 0.5],
    ]
    frame = frames.catalog(rows)
    assert frame.to_numpy().tolist() == [
        ["ABC", "2026-03-31", "2026-04-13", 1.0],
        ["DEF", "2020-01-02", "2021-05-20", 0.5],
    ]
    merged = load_catalog(frame)
    assert merged.at["ABC", "inception"] == pd.Timestamp("2026-03-31")
    assert merged.at["ABC", "assets_as_of"] == pd.Timestamp("2026-04-13")


def test_catalog_dates_outside_date_columns_are_quoted_as_iso_text():
    frame = frames.catalog([["Ticker", "Gold"], ["ABC", dt.datetime(2020, 1, 2, 16, 30)]])
    assert frame.to_numpy().tolist() == [["ABC", "2020-01-02"]]


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (
            "04/03/2026",
            DateError,
            "Catalog row 2, Inception '04/03/2026' is ambiguous (day/month or month/day?): "
            "write 2026-03-04 or 2026-04-03.",
        ),
        (5.0, InputError, "Catalog row 2, Inception is 5, not a date."),  # not 1970-01-01
        (True, InputError, "Catalog row 2, Inception is TRUE, not a date."),
    ],
)
def test_catalog_date_column_refuses(value, error, message):
    with pytest.raises(error) as info:
        frames.catalog([["Ticker", "Inception"], ["ABC", value]])
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param(
            [["Ticker"]],
            "Catalog range is one cell (text 'Ticker'): select the header row and at least "
            "one fund row, or give the path of a CSV or XLSX file.",
            id="one-cell",
        ),
        pytest.param(
            [[0.5]],
            "Catalog range is one cell (0.5): select the header row and at least one fund row, "
            "or give the path of a CSV or XLSX file.",
            id="one-number",
        ),
        pytest.param([[SPILL]], "Catalog is #SPILL!.", id="one-error"),
        pytest.param(
            [["Ticker", "Net ER"]],
            "Catalog range has a header row but no funds; select the header row and at least "
            "one fund row.",
            id="header-only",
        ),
        pytest.param(
            [["Ticker", "Gold"], ["ABC", SPILL]], "Catalog row 2, Gold: #SPILL!.", id="spill"
        ),
        pytest.param(
            [["Ticker", "U.S. Equities"], ["ABC", CALC]],
            "Catalog row 2, U.S. Equities: #CALC!.",
            id="calc",
        ),
        pytest.param(
            [["Ticker", "#N/A"], ["ABC", 1.0]], "Catalog row 1, column 2: #N/A.", id="header-error"
        ),
        pytest.param(
            [["Ticker", 2024.0], ["ABC", 1.0]],
            "Catalog header column 2 is 2024, not a name.",
            id="header-number",
        ),
        pytest.param(
            [["Ticker", None, "Gold"], ["ABC", 0.5, 1.0]],
            "Catalog column 2 has values but no header.",
            id="no-header",
        ),
    ],
)
def test_catalog_range_refused(value, message):
    with pytest.raises(InputError) as info:
        frames.catalog(value)
    assert str(info.value) == message


def test_serial_dates_as_ints_take_the_fast_path(monkeypatch):
    """xlwings Lite hands a column of date cells as serial numbers, whole ones as ints."""
    monkeypatch.setattr(frames.cells, "date_cell", lambda *a: pytest.fail("cell by cell"))
    index = frames._date_column([46111, 46112.0, 46113], 3)
    assert list(index.strftime("%Y-%m-%d")) == ["2026-03-30", "2026-03-31", "2026-04-01"]
