"""The ribbon actions (efficap_xl.actions) on generated template workbooks.

Each action runs on an :class:`~efficap_xl.books.OpenpyxlBook` over a template from
efficap_xl.build.templates (or a small workbook made here). The tests check the cells
each action writes and that no other cell of the workbook changes.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from efficap_xl import actions, buttons, price_sheet, spec, udfs
from efficap_xl.actions import OpenpyxlBook
from efficap_xl.build import templates
from efficap_xl.layout import PRICES_MARKER


def _value(v):
    if hasattr(v, "ref") and hasattr(v, "text"):  # openpyxl ArrayFormula
        return ("array", v.ref, v.text)
    return v


def snapshot(book: OpenpyxlBook) -> dict[tuple[str, str], object]:
    """Every non-blank cell of every sheet."""
    return {
        (ws.title, cell.coordinate): _value(cell.value)
        for ws in book.wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None
    }


def changed(before: dict, after: dict) -> set[tuple[str, str]]:
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


def cells(sheet: str, address: str) -> set[tuple[str, str]]:
    c1, r1, c2, r2 = openpyxl.utils.cell.range_boundaries(address)
    return {
        (sheet, f"{openpyxl.utils.get_column_letter(c)}{r}")
        for r in range(r1, r2 + 1)
        for c in range(c1, c2 + 1)
    }


@pytest.fixture
def figure1(tmp_path) -> Path:
    return templates.build_figure1(tmp_path / "f1.xlsx")


@pytest.fixture
def figure2(tmp_path) -> Path:
    return templates.build_figure2(tmp_path / "f2.xlsx")


@pytest.fixture
def price_folder(tmp_path) -> Path:
    folder = tmp_path / "prices"
    folder.mkdir()
    closes = {"IVV": 100.0, "AGG": 50.0, "NTSX": 30.0, "WTMF": 20.0}
    for ticker, start in closes.items():
        lines = ["Date,Close"] + [
            f"2026-01-{day:02d},{start * (1 + 0.01 * day):.4f}" for day in range(2, 9)
        ]
        (folder / f"{ticker}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


# --------------------------------------------------------------------------- solve


def test_solve_weights_on_the_figure1_template(figure1):
    book = OpenpyxlBook(figure1, selection=("Figure 1", "A20:B23"))
    before = snapshot(book)
    result = actions.solve_weights(book=book)
    assert result == pytest.approx({"IVV": 0.24, "NTSX": 0.40, "AGG": 0.16, "WTMF": 0.20})
    assert book.alerts == []
    after = snapshot(book)
    assert changed(before, after) == cells("Figure 1", "C25:C29")
    assert after[("Figure 1", "C25")] == actions.SOLVED_HEADER
    got = [after[("Figure 1", f"C{r}")] for r in range(26, 30)]
    assert got == pytest.approx([0.24, 0.40, 0.16, 0.20])

    # again, and with the targets selected without their header: same cells, same values
    book.selected = ("Figure 1", "A21:B23")
    actions.solve_weights(book=book)
    assert snapshot(book) == after

    # saved and read back by openpyxl: only those cells differ from the template
    saved = OpenpyxlBook(book.save(figure1.with_name("saved.xlsx")))
    assert changed(before, snapshot(saved)) == cells("Figure 1", "C25:C29")


def _sheet(tmp_path: Path, rows: list[list[object]], name: str = "Sheet") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = name
    for row in rows:
        ws.append(row)
    path = tmp_path / "own.xlsx"
    wb.save(path)
    return path


def test_solve_weights_without_fund_header(tmp_path):
    path = _sheet(
        tmp_path,
        [
            ["U.S. Equities", 0.6],
            ["U.S. Fixed Income", 0.4],
            ["Managed Futures", 0.2],
            [None, None, "keep me"],
            ["IVV"],
            ["NTSX"],
            ["AGG"],
            ["WTMF", None, "and me"],
            [None, 123],
        ],
    )
    book = OpenpyxlBook(path, selection=("Sheet", "A1:B3"))
    before = snapshot(book)
    actions.solve_weights(book=book)
    after = snapshot(book)
    assert changed(before, after) == cells("Sheet", "B5:B8")  # beside the tickers
    assert [after[("Sheet", f"B{r}")] for r in range(5, 9)] == pytest.approx(
        [0.24, 0.40, 0.16, 0.20]
    )


def test_solve_weights_skips_a_used_column(tmp_path):
    path = _sheet(
        tmp_path,
        [
            ["Asset class", "Target"],
            ["U.S. Equities", 0.6],
            ["U.S. Fixed Income", 0.4],
            [None, None],
            ["Ticker", "Note"],
            ["IVV", "core"],
            ["AGG"],
        ],
    )
    book = OpenpyxlBook(path, selection=("Sheet", "A1:B3"))
    before = snapshot(book)
    assert actions.solve_weights(book=book) == pytest.approx({"IVV": 0.6, "AGG": 0.4})
    assert changed(before, snapshot(book)) == cells("Sheet", "C5:C7")


def test_solve_weights_not_exact_writes_nothing(tmp_path):
    path = _sheet(tmp_path, [["U.S. Equities", 0.6], ["Managed Futures", 0.9], [], ["IVV"]])
    book = OpenpyxlBook(path, selection=("Sheet", "A1:B2"))
    before = snapshot(book)
    assert actions.solve_weights(book=book) is None
    assert snapshot(book) == before
    assert book.alerts[0].startswith("Nothing written. Not exact")


def test_solve_weights_several_answers_says_which(tmp_path):
    path = _sheet(tmp_path, [["U.S. Equities", 1.0], [None], ["IVV"], ["SPY"]])
    book = OpenpyxlBook(path, selection=("Sheet", "A1:B1"))
    weights = actions.solve_weights(book=book)
    assert sum(weights.values()) == pytest.approx(1.0)
    assert "several weight sets" in book.alerts[0]


@pytest.mark.parametrize(
    ("rows", "selection", "message"),
    [
        ([["U.S. Equities", 0.6, 1]], "A1:C1", "two columns"),
        ([["U.S. Equities", 0.6]], "A1:B1", "No funds below"),
        ([["U.S. Equities", 0.6], [None], [42]], "A1:B1", "should hold a fund ticker"),
        ([["U.S. Equities", 0.6], [None], ["XYZ"]], "A1:B1", "Unknown ticker"),
        ([["U.S. Equities", "60%"], [None], ["IVV"]], "A1:B1", "is text '60%', not a number"),
    ],
)
def test_solve_weights_explains_bad_layouts(tmp_path, rows, selection, message):
    book = OpenpyxlBook(_sheet(tmp_path, rows), selection=("Sheet", selection))
    before = snapshot(book)
    assert actions.solve_weights(book=book) is None
    assert message in book.alerts[0]
    assert snapshot(book) == before


# --------------------------------------------------------------------------- prices


# The fixture's closes run over every calendar day, weekends included (a closed day
# the price check names); any other PriceWarning is still an error.
@pytest.mark.filterwarnings("ignore:.* on days the NYSE was closed:efficap.pricecheck.PriceWarning")
def test_refresh_prices_fills_the_prices_sheet(figure2, price_folder):
    files = sorted(str(p) for p in price_folder.glob("*.csv"))
    book = OpenpyxlBook(figure2, paths=files)
    before = snapshot(book)
    prices = actions.refresh_prices(book=book)
    after = snapshot(book)
    assert list(prices.columns) == ["IVV", "AGG", "NTSX", "WTMF"]  # the sheet's order
    assert changed(before, after) <= cells("Prices", "A1:E8")
    assert after[("Prices", "A2")] == datetime(2026, 1, 2)
    assert after[("Prices", "B2")] == pytest.approx(102.0)
    assert after[("Prices", "E8")] == pytest.approx(20 * 1.08)
    assert after[("Prices", "G1")] == PRICES_MARKER  # the note beside the table stays


def test_refresh_prices_clears_rows_it_no_longer_needs(figure2, price_folder, tmp_path):
    book = OpenpyxlBook(figure2)
    actions.refresh_prices(str(price_folder), book=book)
    longer = snapshot(book)
    wide = tmp_path / "wide.csv"
    wide.write_text(
        "Date,IVV,AGG,NTSX,WTMF\n2026-02-02,1,2,3,4\n2026-02-03,1.1,2.1,3.1,4.1\n",
        encoding="utf-8",
    )
    actions.refresh_prices([str(wide)], book=book)
    after = snapshot(book)
    assert changed(longer, after) <= cells("Prices", "A2:E8")
    assert ("Prices", "A4") not in after and ("Prices", "E8") not in after
    assert after[("Prices", "E3")] == pytest.approx(4.1)


def test_refresh_prices_adds_the_sheet_and_takes_every_ticker(figure1, tmp_path):
    wide = tmp_path / "wide.csv"
    wide.write_text("Date,SPY,BIL\n2026-02-02,500,91.5\n", encoding="utf-8")
    book = OpenpyxlBook(figure1, paths=[str(wide)])
    before = snapshot(book)
    actions.refresh_prices(book=book)
    after = snapshot(book)
    assert book.sheet_names()[-1] == "Prices"
    # the table, then one blank column and the marker with its note
    assert changed(before, after) == cells("Prices", "A1:C2") | cells("Prices", "E1:E2")
    assert [after[("Prices", c)] for c in ("A1", "B1", "C1")] == ["Date", "SPY", "BIL"]
    assert (after[("Prices", "E1")], after[("Prices", "E2")]) == (PRICES_MARKER, price_sheet.NOTE)


def test_refresh_prices_cancel_and_errors(figure2, tmp_path, price_folder):
    book = OpenpyxlBook(figure2, paths=[])
    before = snapshot(book)
    assert actions.refresh_prices(book=book) is None  # cancelled: nothing asked, nothing done
    only_ivv = tmp_path / "IVV.csv"
    only_ivv.write_text("Date,Close\n2026-01-02,1\n", encoding="utf-8")
    actions.refresh_prices([str(only_ivv)], book=book)  # the sheet wants 4 tickers
    actions.refresh_prices([str(only_ivv), str(price_folder / "AGG.csv")], book=book)
    actions.refresh_prices([str(tmp_path / "nothing.csv")], book=book)
    assert len(book.alerts) == 3
    assert "one CSV or XLSX file" in book.alerts[1]
    assert snapshot(book) == before


def _fake_download(monkeypatch, calls):
    import pandas as pd

    import efficap.prices

    def download(tickers, start=None, end=None):
        calls.append(list(tickers))
        index = pd.DatetimeIndex(["2026-03-02", "2026-03-03"], name="Date")
        return pd.DataFrame({t: [10.0 + i, 10.5 + i] for i, t in enumerate(tickers)}, index=index)

    monkeypatch.setattr(price_sheet, "can_download", lambda: True)
    monkeypatch.setattr(efficap.prices, "download_prices", download)


def test_refresh_prices_downloads_the_sheets_tickers_when_asked(figure2, monkeypatch):
    calls: list[list[str]] = []
    _fake_download(monkeypatch, calls)
    book = OpenpyxlBook(figure2, answer=True)
    before = snapshot(book)
    actions.refresh_prices(book=book)
    after = snapshot(book)
    assert calls == [["IVV", "AGG", "NTSX", "WTMF"]]
    assert "IVV, AGG, NTSX, WTMF" in book.questions[0]
    assert changed(before, after) <= cells("Prices", "A1:E3")
    assert after[("Prices", "A3")] == datetime(2026, 3, 3)
    assert after[("Prices", "E3")] == pytest.approx(13.5)


# The fixture's closes run over every calendar day, weekends included (a closed day
# the price check names); any other PriceWarning is still an error.
@pytest.mark.filterwarnings("ignore:.* on days the NYSE was closed:efficap.pricecheck.PriceWarning")
def test_refresh_prices_no_to_download_picks_files(figure2, monkeypatch, price_folder):
    calls: list[list[str]] = []
    _fake_download(monkeypatch, calls)
    files = sorted(str(p) for p in price_folder.glob("*.csv"))
    book = OpenpyxlBook(figure2, paths=files, answer=False)
    prices = actions.refresh_prices(book=book)
    assert calls == [] and len(book.questions) == 1
    assert list(prices.columns) == ["IVV", "AGG", "NTSX", "WTMF"]


def test_refresh_prices_download_failure_is_a_message(figure2, monkeypatch):
    import efficap.prices
    from efficap.errors import PriceDataError

    def offline(tickers, start=None, end=None):
        raise PriceDataError("Could not download prices: no connection.")

    monkeypatch.setattr(price_sheet, "can_download", lambda: True)
    monkeypatch.setattr(efficap.prices, "download_prices", offline)
    book = OpenpyxlBook(figure2, answer=True)
    before = snapshot(book)
    assert actions.refresh_prices(book=book) is None
    assert "no connection" in book.alerts[0]
    assert snapshot(book) == before


def test_refresh_prices_asks_no_question_without_the_download_extra(figure2, monkeypatch):
    monkeypatch.setattr(price_sheet, "can_download", lambda: False)
    book = OpenpyxlBook(figure2, paths=[], answer=True)
    assert actions.refresh_prices(book=book) is None
    assert book.questions == []


# --------------------------------------------------------------------------- the rest


def test_recalculate(figure1, monkeypatch):
    book = OpenpyxlBook(figure1)
    before = snapshot(book)
    actions.recalculate(book=book)
    assert book.calculations == 1 and snapshot(book) == before
    # without a book: the workbook that called (xw.Book.caller() in Excel)
    monkeypatch.setattr(actions, "_caller", lambda: book)
    actions.recalculate()
    assert book.calculations == 2


def test_insert_catalog(figure1):
    """The core's catalog (not the UDF's text), as values: checked against the catalog and
    by hand against NTSX's published facts (Figures 1 and 3 of the note)."""
    from efficap.catalog import load_catalog

    book = OpenpyxlBook(figure1)
    before = snapshot(book)
    assert actions.insert_catalog(book=book) == "Fund catalog"
    after = snapshot(book)
    assert {k for k in changed(before, after)} == {k for k in after if k[0] == "Fund catalog"}
    table = load_catalog()
    last = openpyxl.utils.get_column_letter(1 + len(table.columns))
    rows = book.get_values("Fund catalog", f"A1:{last}{1 + len(table)}")
    assert rows == actions.catalog_rows()
    assert rows[0] == ["ticker", *table.columns]
    assert [r[0] for r in rows[1:]] == list(table.index)
    ntsx = dict(zip(rows[0], rows[1 + list(table.index).index("NTSX")], strict=True))
    assert ntsx["net_expense_ratio"] == pytest.approx(0.0020)
    assert ntsx["U.S. Equities"] == pytest.approx(0.9)
    assert ntsx["U.S. Fixed Income"] == pytest.approx(0.6)
    assert ntsx["inception"] == datetime(2018, 8, 2)
    assert all(not isinstance(v, float) or v == v for r in rows for v in r)  # blanks, no NaN
    spilled = [[None if v == "" else v for v in r] for r in udfs.EFFCAP_CATALOG()]
    assert rows == spilled  # what =EFFCAP_CATALOG() spills, blank for ""
    assert actions.insert_catalog(book=book) == "Fund catalog (2)"


def test_show_help(figure1):
    book = OpenpyxlBook(figure1)
    before = snapshot(book)
    assert actions.show_help(book=book) == "efficap help"
    after = snapshot(book)
    assert all(k[0] == "efficap help" for k in changed(before, after))
    written = {v for (sheet, _), v in after.items() if sheet == "efficap help"}
    for func in spec.FUNCTIONS:
        assert func.signature in written and func.help in written
    for button in buttons.buttons():
        assert button.label in written and button.supertip in written


@pytest.mark.parametrize(
    ("figure", "stem", "builder"),
    [
        (1, "efficap_figure1", "build_figure1"),
        (2, "efficap_figure2", "build_figure2"),
        (3, "efficap_figure3", "build_figure3"),
        ("lab", "efficap_portfolio_lab", "build_lab"),
        ("screen", "efficap_screen", "build_screen"),
    ],
)
def test_new_from_template(figure, stem, builder, figure1, tmp_path):
    book = OpenpyxlBook(figure1)
    before = snapshot(book)
    folder = tmp_path / "new"
    folder.mkdir()
    first = actions.new_from_template(figure, book=book, folder=folder)
    second = actions.new_from_template(figure, book=book, folder=folder)
    assert first.name == f"{stem}.xlsx"
    assert second.name == f"{stem} (2).xlsx"
    reference = getattr(templates, builder)(tmp_path / "ref.xlsx")
    assert first.read_bytes() == reference.read_bytes() == second.read_bytes()
    assert book.opened == [first, second]
    assert snapshot(book) == before


def test_new_from_template_defaults_to_the_workbooks_folder(figure1):
    book = OpenpyxlBook(figure1)
    path = actions.new_from_template(3, book=book)
    assert path.parent == figure1.parent
    assert actions.new_from_template(4, book=book) is None
    assert book.alerts == ["There is no template 4; choose 1, 2, 3, lab or screen."]
