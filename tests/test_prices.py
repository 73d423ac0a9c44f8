"""Tests for efficap.prices: reading, validating and downloading price histories."""

from __future__ import annotations

import sys
import types
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from efficap.errors import PriceDataError, UnknownTickerError
from efficap.pricecheck import PriceWarning
from efficap.prices import download_prices, read_prices, validate_prices


def write(path: Path, text: str) -> Path:
    path.write_text(text.lstrip("\n"), encoding="utf-8")
    return path


def assert_canonical(frame: pd.DataFrame) -> None:
    assert isinstance(frame.index, pd.DatetimeIndex)
    assert frame.index.name == "Date"
    assert frame.index.tz is None
    assert frame.index.is_monotonic_increasing and frame.index.is_unique
    assert (frame.index == frame.index.normalize()).all()
    assert all(dt == np.float64 for dt in frame.dtypes)
    assert all(c == c.upper() for c in frame.columns)


# --------------------------------------------------------------------------- real data


def test_reads_real_folder(shared_prices_dir: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PriceWarning)  # DBMF's and KMLM's gaps
        frame = read_prices(shared_prices_dir)
    assert_canonical(frame)
    # Every CSV in the folder is read, one column each, whatever their number.
    files = {p.stem.upper() for p in shared_prices_dir.glob("*.csv")}
    assert set(frame.columns) == files
    assert {"AGG", "BIL", "DBMF", "IVV", "KMLM", "NTSX", "SPY", "WTMF"} <= files
    # First closes as documented in the data README.
    first = {c: frame[c].first_valid_index().strftime("%Y-%m-%d") for c in frame.columns}
    assert first["IVV"] == "2000-05-19"
    assert first["AGG"] == "2003-09-29"
    assert first["NTSX"] == "2018-08-02"
    assert first["WTMF"] == "2011-01-05"
    assert frame["IVV"].last_valid_index() == pd.Timestamp("2026-08-03")
    assert frame["IVV"].count() == 6589  # rows of IVV.csv


def test_real_prices_fixture_selects_four_funds(real_prices: pd.DataFrame) -> None:
    assert list(real_prices.columns) == ["IVV", "AGG", "NTSX", "WTMF"]
    assert_canonical(real_prices)
    assert real_prices.index[0] == pd.Timestamp("2000-05-19")  # IVV's first close
    assert real_prices.loc["2026-03-31"].notna().all()


def test_ticker_selection_is_case_insensitive_and_ordered(shared_prices_dir: Path) -> None:
    frame = read_prices(shared_prices_dir, ["wtmf", " ntsx "])
    assert list(frame.columns) == ["WTMF", "NTSX"]
    assert frame.index[0] == pd.Timestamp("2011-01-05")  # no all-NaN leading rows
    assert list(read_prices(shared_prices_dir, "AGG, IVV").columns) == ["AGG", "IVV"]


def test_unknown_ticker_in_folder(shared_prices_dir: Path) -> None:
    with pytest.raises(UnknownTickerError, match=r"No prices for XYZ \(available: AGG, BIL"):
        read_prices(shared_prices_dir, ["IVV", "XYZ"])


# --------------------------------------------------------------------------- layouts


def test_folder_outer_joins_dates(tmp_path: Path) -> None:
    write(tmp_path / "aaa.csv", "Date,Close\n2024-01-02,10\n2024-01-03,11\n2024-01-04,12\n")
    write(tmp_path / "BBB.csv", "Date,Close\n2024-01-03,20\n2024-01-05,21\n")
    (tmp_path / "notes.txt").write_text("ignored")
    with pytest.warns(PriceWarning) as caught:
        frame = read_prices(tmp_path)
    assert [str(w.message) for w in caught] == [
        "BBB: 1 NYSE trading day without a close from 2024-01-03 to 2024-01-05 (first: 2024-01-04)."
    ]
    assert_canonical(frame)
    assert list(frame.columns) == ["AAA", "BBB"]
    assert list(frame.index.strftime("%d")) == ["02", "03", "04", "05"]
    np.testing.assert_array_equal(frame["AAA"], [10, 11, 12, np.nan])
    np.testing.assert_array_equal(frame["BBB"], [np.nan, 20, np.nan, 21])


def test_single_csv_uses_file_stem(tmp_path: Path) -> None:
    path = write(tmp_path / "ivv.csv", "date , close\n2024-01-03,11.5\n2024-01-02,10\n")
    frame = read_prices(path)
    assert list(frame.columns) == ["IVV"]
    assert list(frame["IVV"]) == [10.0, 11.5]  # unsorted input is sorted
    assert_canonical(frame)


def test_wide_csv_allows_blank_cells(tmp_path: Path) -> None:
    path = write(
        tmp_path / "prices.csv",
        "Date,ivv,AGG\n2024-01-02,10,\n2024-01-03,11,20\n\n2024-01-04,,21\n",
    )
    frame = read_prices(path)
    assert list(frame.columns) == ["IVV", "AGG"]
    np.testing.assert_array_equal(frame["IVV"], [10, 11, np.nan])
    np.testing.assert_array_equal(frame["AGG"], [np.nan, 20, 21])
    assert list(read_prices(path, tickers=["agg"]).columns) == ["AGG"]


@pytest.mark.filterwarnings("ignore::efficap.pricecheck.PriceWarning")  # sparse fixture dates
def test_non_iso_dates_are_parsed(tmp_path: Path) -> None:
    # 1/16/2024 can only be month/day, which decides the whole column.
    path = write(tmp_path / "X.csv", "Date,Close\n1/2/2024,10\n1/3/2024,11\n1/16/2024,12\n")
    frame = read_prices(path)
    assert list(frame.index.strftime("%Y-%m-%d")) == ["2024-01-02", "2024-01-03", "2024-01-16"]


@pytest.mark.filterwarnings("ignore::efficap.pricecheck.PriceWarning")  # sparse fixture dates
def test_day_month_text_is_decided_by_the_whole_column(tmp_path: Path) -> None:
    path = write(tmp_path / "X.csv", "Date,Close\n02/04/2026,10\n13/04/2026,11\n")
    frame = read_prices(path)
    assert list(frame.index.strftime("%Y-%m-%d")) == ["2026-04-02", "2026-04-13"]
    frame = validate_prices(pd.DataFrame({"Date": ["13/04/2026", "03/04/2026"], "A": [1, 2]}))
    assert list(frame.index.strftime("%Y-%m-%d")) == ["2026-04-03", "2026-04-13"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Date,Close\n03/04/2026,10\n06/04/2026,11\n",
            "X.csv: dates such as 03/04/2026 on line 2 can be day/month or month/day and "
            "none decides; write them as YYYY-MM-DD.",
        ),
        (
            "Date,Close\n13/04/2026,10\n04/14/2026,11\n",
            "X.csv: dates mix day/month (13/04/2026 on line 2) and month/day "
            "(04/14/2026 on line 3); write them as YYYY-MM-DD.",
        ),
        (
            "Date,Close\n2026-04-01,10\n3/4/26,11\n",
            "X.csv line 3: date '3/4/26' has a two-digit year; write it as YYYY-MM-DD.",
        ),
    ],
)
def test_ambiguous_date_columns_are_refused(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(PriceDataError) as caught:
        read_prices(write(tmp_path / "X.csv", text))
    assert str(caught.value) == message


def test_xlsx_sheet_by_name_and_position(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    first = pd.DataFrame({"Notes": ["not prices"]})
    wide = pd.DataFrame(
        {
            "Date": pd.to_datetime(["2024-01-03", "2024-01-02", "2024-01-04"]),
            "IVV": [11.0, 10.0, 12.0],
            "wtmf": [30.0, None, 31.0],
        }
    )
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        first.to_excel(writer, sheet_name="About", index=False)
        wide.to_excel(writer, sheet_name="Prices", index=False)
    frame = read_prices(path, sheet="prices")
    assert_canonical(frame)
    assert list(frame.columns) == ["IVV", "WTMF"]
    np.testing.assert_array_equal(frame["IVV"], [10, 11, 12])
    np.testing.assert_array_equal(frame["WTMF"], [np.nan, 30, 31])
    assert read_prices(path, sheet=1).equals(frame)
    with pytest.raises(PriceDataError, match=r"no Date column"):
        read_prices(path)  # first sheet has no dates
    with pytest.raises(PriceDataError, match=r"no sheet named 'Data' \(sheets: About, Prices\)"):
        read_prices(path, sheet="Data")
    with pytest.raises(PriceDataError, match=r"no sheet 5"):
        read_prices(path, sheet=5)


def test_xlsx_serial_number_dates(tmp_path: Path) -> None:
    path = tmp_path / "serial.xlsx"
    pd.DataFrame({"Date": [45383, 45384], "IVV": [10.0, 11.0]}).to_excel(path, index=False)
    frame = read_prices(path)
    assert list(frame.index.strftime("%Y-%m-%d")) == ["2024-04-01", "2024-04-02"]
    pd.DataFrame({"Date": [45383, 20240402], "IVV": [10.0, 11.0]}).to_excel(path, index=False)
    with pytest.raises(
        PriceDataError, match=r"serial.xlsx\[Sheet1\] row 3: date .*20240402.* is not"
    ):
        read_prices(path)


def test_xlsx_bad_cell_names_row(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    pd.DataFrame({"Date": ["2024-01-02", "2024-01-03"], "IVV": [10.0, "ten"]}).to_excel(
        path, index=False
    )
    with pytest.raises(
        PriceDataError, match=r"book.xlsx\[Sheet1\] row 3 \(2024-01-03\): IVV close 'ten' is not"
    ):
        read_prices(path)


# --------------------------------------------------------------------------- bad files


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Date,Close\n2024-01-02,10\n2024-13-01,11\n", r"X.csv line 3: date '2024-13-01' is not"),
        ("Date,Close\n2024-01-02,10\nsoon,11\n", r"X.csv line 3: date 'soon' is not a date"),
        ("Date,Close\n2024-01-02,10\n,11\n", r"X.csv line 3: has no date"),
        (
            "Date,Close\n2024-01-02,10\n2024-01-03,11\n2024-01-02,12\n",
            r"X.csv: date 2024-01-02 appears twice \(line 2 and line 4\)",
        ),
        (
            "Date,Close\n2024-01-02,10\n2024-01-03,\n",
            r"X.csv line 3 \(2024-01-03\): no close for X",
        ),
        (
            "Date,Close\n2024-01-02,10\n2024-01-03,abc\n",
            r"X.csv line 3 \(2024-01-03\): X close 'abc' is not a number",
        ),
        (
            "Date,Close\n2024-01-02,10\n2024-01-03,0\n",
            r"line 3 \(2024-01-03\): X close 0 is not positive",
        ),
        ("Date,Close\n2024-01-02,-1\n", r"line 2 \(2024-01-02\): X close -1 is not positive"),
        ("Date,Close\n", r"X.csv: no rows of prices"),
        ("", r"X.csv: the file is empty"),
        ("Day,Close\n2024-01-02,10\n", r"X.csv: no Date column \(found Day, Close\)"),
        ("Date\n2024-01-02\n", r"X.csv: no price columns"),
        ("Date,A,\n2024-01-02,1,2\n", r"X.csv: price column 2 has no ticker"),
        ("Date,A,a\n2024-01-02,1,2\n", r"X.csv: ticker A appears in two columns"),
        ("Date,IVV,IVV\n2024-01-02,1,2\n", r"^X.csv: ticker IVV appears in two columns\.$"),
        ("Date,A,B\n2024-01-02,1,\n", r"X.csv: B has no prices"),
    ],
)
def test_bad_csv(tmp_path: Path, text: str, fragment: str) -> None:
    path = write(tmp_path / "X.csv", text) if text else tmp_path / "X.csv"
    if not text:
        path.write_text("")
    with pytest.raises(PriceDataError, match=fragment):
        read_prices(path)


def test_missing_path_and_bad_extension(tmp_path: Path) -> None:
    with pytest.raises(PriceDataError, match=r"No such file or folder"):
        read_prices(tmp_path / "nothing")
    with pytest.raises(PriceDataError, match=r"read .csv or .xlsx"):
        read_prices(write(tmp_path / "p.json", "{}"))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(PriceDataError, match=r"no .csv files"):
        read_prices(empty)


def test_same_ticker_in_two_files(tmp_path: Path) -> None:
    write(tmp_path / "A.csv", "Date,Close\n2024-01-02,10\n")
    write(tmp_path / "wide.csv", "Date,A,B\n2024-01-02,1,2\n")
    with pytest.raises(PriceDataError, match=r"A appears in both A.csv and wide.csv"):
        read_prices(tmp_path)


def test_bad_ticker_argument(tmp_path: Path) -> None:
    path = write(tmp_path / "A.csv", "Date,Close\n2024-01-02,10\n")
    with pytest.raises(UnknownTickerError, match=r"No prices for B \(available: A\)"):
        read_prices(path, tickers=["B"])
    with pytest.raises(UnknownTickerError, match=r"No tickers given"):
        read_prices(path, tickers=[" "])
    with pytest.raises(UnknownTickerError, match=r"Ticker must be text"):
        read_prices(path, tickers=[3])


def test_repeated_ticker_argument_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "A.csv", "Date,Close\n2024-01-02,10\n")
    with pytest.raises(PriceDataError) as caught:
        read_prices(path, tickers=["A", " a "])
    assert str(caught.value) == "Tickers: A is listed twice; list each fund once."


def test_repeated_header_in_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    frame = pd.DataFrame([["2024-01-02", 1.0, 2.0]], columns=["Date", "IVV", "IVV"])
    frame.to_excel(path, index=False)
    with pytest.raises(PriceDataError) as caught:
        read_prices(path)
    assert str(caught.value) == "book.xlsx[Sheet1]: ticker IVV appears in two columns."


def test_download_dates_follow_the_one_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_yfinance(monkeypatch, lambda tickers, **kw: pd.DataFrame())
    with pytest.raises(PriceDataError) as caught:
        download_prices(["IVV"], start="03/04/2024")
    assert str(caught.value) == (
        "Start date '03/04/2024' is ambiguous (day/month or month/day?): "
        "write 2024-04-03 or 2024-03-04."
    )


# --------------------------------------------------------------------------- validate_prices


def test_validate_accepts_date_column_and_cleans() -> None:
    raw = pd.DataFrame(
        {
            "date": ["2024-01-03 16:00", "2024-01-02 16:00"],
            "ivv": [11, 10],
            " agg ": [20.0, np.nan],
        }
    )
    frame = validate_prices(raw)
    assert_canonical(frame)
    assert list(frame.columns) == ["IVV", "AGG"]
    assert list(frame.index) == [pd.Timestamp("2024-01-02"), pd.Timestamp("2024-01-03")]
    np.testing.assert_array_equal(frame["AGG"], [np.nan, 20.0])
    assert list(raw.columns) == ["date", "ivv", " agg "]  # input untouched


def test_validate_accepts_tz_aware_index_and_series() -> None:
    index = pd.date_range("2024-01-02", periods=3, freq="D", tz="America/New_York")
    frame = validate_prices(pd.DataFrame({"IVV": [1.0, 2.0, 3.0]}, index=index))
    assert frame.index.tz is None
    assert frame.index[0] == pd.Timestamp("2024-01-02")
    series = pd.Series([1.0, 2.0], index=pd.to_datetime(["2024-01-02", "2024-01-03"]), name="spy")
    assert list(validate_prices(series).columns) == ["SPY"]


@pytest.mark.parametrize(
    ("frame", "fragment"),
    [
        (pd.DataFrame(), r"no Date column"),
        (pd.DataFrame({"Date": [], "A": []}), r"Prices: no rows"),
        (
            pd.DataFrame({"Date": ["2024-01-02", "2024-01-02"], "A": [1, 2]}),
            r"2024-01-02 appears twice",
        ),
        (
            pd.DataFrame({"Date": ["2024-01-02", "x"], "A": [1, 2]}),
            r"row 2: date 'x' is not a date",
        ),
        (
            pd.DataFrame({"Date": ["2024-01-02", "2024-01-03"], "A": [1, 0]}),
            r"A close 0 is not positive",
        ),
        (pd.DataFrame({"Date": ["2024-01-02"], "A": [np.inf]}), r"A close inf is not finite"),
        (pd.DataFrame({"Date": ["2024-01-02"], "A": ["ten"]}), r"A close 'ten' is not a number"),
        (pd.DataFrame({"Date": ["2024-01-02"], "A": [True]}), r"A holds TRUE/FALSE"),
        (pd.DataFrame({"A": [1.0]}, index=[0]), r"no Date column"),
        (
            pd.DataFrame([["2024-01-02", 1.0, 2.0]], columns=["Date", "IVV", "ivv"]),
            r"^Prices: ticker IVV appears in two columns\.$",
        ),
    ],
)
def test_validate_rejects(frame: pd.DataFrame, fragment: str) -> None:
    with pytest.raises(PriceDataError, match=fragment):
        validate_prices(frame)


def test_validate_rejects_non_frames() -> None:
    with pytest.raises(PriceDataError, match=r"table of closes, got list"):
        validate_prices([1, 2])  # type: ignore[arg-type]
    with pytest.raises(PriceDataError, match=r"name the Series"):
        validate_prices(pd.Series([1.0], index=pd.to_datetime(["2024-01-02"])))


# --------------------------------------------------------------------------- download (no network)


def test_download_without_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "yfinance", None)  # makes `import yfinance` fail
    with pytest.raises(PriceDataError, match=r"pip install 'efficap\[download\]'"):
        download_prices(["IVV"])


def fake_yfinance(monkeypatch: pytest.MonkeyPatch, download) -> list[dict]:
    calls: list[dict] = []

    def recorder(tickers, **kwargs):
        calls.append({"tickers": tickers, **kwargs})
        return download(tickers, **kwargs)

    module = types.ModuleType("yfinance")
    module.download = recorder  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "yfinance", module)
    return calls


def test_download_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(tickers, **kwargs):
        raise ConnectionError("no route to host")

    fake_yfinance(monkeypatch, boom)
    with pytest.raises(
        PriceDataError, match=r"Could not download prices for IVV, AGG \(offline\?\)"
    ):
        download_prices("ivv, agg")
    fake_yfinance(monkeypatch, lambda tickers, **kw: pd.DataFrame())
    with pytest.raises(PriceDataError, match=r"Could not download prices for IVV"):
        download_prices(["IVV"])


def test_download_shapes_result(monkeypatch: pytest.MonkeyPatch) -> None:
    index = pd.DatetimeIndex(
        pd.to_datetime(["2024-01-02", "2024-01-03"]).tz_localize("America/New_York"), name="Date"
    )
    columns = pd.MultiIndex.from_product([["Close", "Volume"], ["AGG", "IVV"]])
    data = pd.DataFrame([[20.0, 10.0, 5, 6], [21.0, 11.0, 5, 6]], index=index, columns=columns)
    calls = fake_yfinance(monkeypatch, lambda tickers, **kw: data)
    frame = download_prices(["ivv", "agg"], start="2024-01-01", end="2024-01-03")
    assert list(frame.columns) == ["IVV", "AGG"]
    assert_canonical(frame)
    assert list(frame["IVV"]) == [10.0, 11.0]
    assert calls[0]["tickers"] == ["IVV", "AGG"]
    assert calls[0]["end"] == "2024-01-04"  # yfinance's end is exclusive
    assert calls[0]["auto_adjust"] is True


def test_download_missing_ticker_and_bad_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    index = pd.to_datetime(["2024-01-02", "2024-01-03"])
    data = pd.DataFrame(
        [[10.0, np.nan], [11.0, np.nan]],
        index=index,
        columns=pd.MultiIndex.from_product([["Close"], ["IVV", "ZZZZ"]]),
    )
    fake_yfinance(monkeypatch, lambda tickers, **kw: data)
    with pytest.raises(PriceDataError, match=r"No prices downloaded for ZZZZ"):
        download_prices(["IVV", "ZZZZ"])
    with pytest.raises(PriceDataError, match=r"Start date 'someday' is not a date"):
        download_prices(["IVV"], start="someday")
    with pytest.raises(UnknownTickerError, match=r"No tickers given"):
        download_prices([])


def test_closes_are_read_exactly_as_written(tmp_path: Path) -> None:
    """17 significant digits, as the shared files hold them: the float Python reads, bit for
    bit (pandas 3.0.2's default parser, Pyodide's, was one unit in the last place off)."""
    written = ["92.08270263671875", "92.33772277832031", "93.25007629394531"]
    rows = [f"2024-01-0{i + 2},{v}" for i, v in enumerate(written)]
    (tmp_path / "IVV.csv").write_text("Date,Close\n" + "\n".join(rows) + "\n", encoding="utf-8")
    frame = read_prices(tmp_path / "IVV.csv")
    assert [float(v) for v in frame["IVV"]] == [float(v) for v in written]
