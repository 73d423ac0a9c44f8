"""Refresh prices (efficap_xl.price_sheet) never writes into a sheet efficap did not lay out.

A workbook's own ``Prices`` sheet (the user's notes and numbers) keeps every cell; the
prices go to ``Prices (2)``, which carries efficap's marker so the next refresh finds it.
The files the actions tests use are built here by hand (a small CSV of closes).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from efficap_xl import actions, price_sheet
from efficap_xl.books import OpenpyxlBook
from efficap_xl.build import templates
from efficap_xl.layout import PRICES_MARKER, is_marker


def _snapshot(book: OpenpyxlBook) -> dict[tuple[str, str], object]:
    return {
        (ws.title, c.coordinate): c.value
        for ws in book.wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    }


@pytest.fixture
def closes(tmp_path: Path) -> Path:
    path = tmp_path / "wide.csv"
    path.write_text("Date,IVV,AGG\n2026-02-02,500,91.5\n2026-02-03,505,91.25\n", encoding="utf-8")
    return path


def _users_workbook(tmp_path: Path) -> Path:
    """A workbook whose sheet named Prices is the user's: a table and notes, no marker."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Prices"
    ws.append(["Date", "IVV", None, "My notes"])
    ws.append([datetime(2020, 1, 2), 300.0, None, "bought 100 on this day"])
    ws.append([None, None, None, "call the broker"])
    wb.create_sheet("Summary")["A1"] = "=Prices!B2*2"
    path = tmp_path / "users.xlsx"
    wb.save(path)
    return path


def test_the_users_prices_sheet_keeps_every_cell(tmp_path, closes):
    book = OpenpyxlBook(_users_workbook(tmp_path), paths=[str(closes)])
    before = _snapshot(book)
    prices = actions.refresh_prices(book=book)
    after = _snapshot(book)
    assert list(prices.columns) == ["IVV", "AGG"]
    assert {k: v for k, v in after.items() if k[0] != "Prices (2)"} == before  # nothing lost
    assert book.sheet_names() == ["Prices", "Summary", "Prices (2)"]
    assert book.get_values("Prices (2)", "A1:E3") == [
        ["Date", "IVV", "AGG", None, PRICES_MARKER],
        [datetime(2026, 2, 2), 500.0, 91.5, None, price_sheet.NOTE],
        [datetime(2026, 2, 3), 505.0, 91.25, None, None],
    ]
    assert book.alerts == [
        "Sheet 'Prices' was not laid out by efficap, so it was left as it is; the prices are "
        "in sheet 'Prices (2)'. Point your formulas at it."
    ]
    assert len(book.alerts[0]) < 160

    # The next refresh finds Prices (2) by its marker and rewrites only its table.
    shorter = tmp_path / "short.csv"
    shorter.write_text("Date,IVV,AGG\n2026-03-02,510,92\n", encoding="utf-8")
    book.paths = [str(shorter)]
    actions.refresh_prices(book=book)
    assert book.sheet_names() == ["Prices", "Summary", "Prices (2)"]
    assert book.get_values("Prices (2)", "A1:E3") == [
        ["Date", "IVV", "AGG", None, PRICES_MARKER],
        [datetime(2026, 3, 2), 510.0, 92.0, None, price_sheet.NOTE],
        [None, None, None, None, None],
    ]
    assert {k: v for k, v in _snapshot(book).items() if k[0] != "Prices (2)"} == before


def test_the_template_prices_sheet_is_efficaps(tmp_path, closes):
    path = templates.build_figure2(tmp_path / "f2.xlsx")
    book = OpenpyxlBook(path)
    assert is_marker(book.get_values("Prices", "G1")[0][0])
    wide = tmp_path / "four.csv"
    wide.write_text("Date,WTMF,NTSX,AGG,IVV\n2026-02-02,20,30,50,100\n", encoding="utf-8")
    book.paths = [str(wide)]
    actions.refresh_prices(book=book)
    assert book.alerts == [] and book.sheet_names() == ["Figure 2", "Weights", "Prices", "Lists"]
    assert book.get_values("Prices", "A1:E2") == [
        ["Date", "IVV", "AGG", "NTSX", "WTMF"],  # the sheet's own order
        [datetime(2026, 2, 2), 100.0, 50.0, 30.0, 20.0],
    ]


def test_a_marked_sheet_without_tickers_takes_what_fits(tmp_path, closes):
    wb = openpyxl.Workbook()
    wb.active.title = "Prices"
    wb.active["A1"] = "Date"
    wb.active["D1"] = PRICES_MARKER  # room for one ticker (B); C stays blank before it
    path = tmp_path / "marked.xlsx"
    wb.save(path)
    book = OpenpyxlBook(path, paths=[str(closes)])
    before = _snapshot(book)
    actions.refresh_prices(book=book)
    assert book.alerts == [
        "Sheet 'Prices' has room for 1 ticker(s) before its note; the files hold 2. Head "
        "columns B on with the tickers you want."
    ]
    assert _snapshot(book) == before
    wb.active["D1"] = None
    wb.active["E1"] = PRICES_MARKER.upper()  # the marker is matched without case
    wb.save(path)
    book = OpenpyxlBook(path, paths=[str(closes)])
    actions.refresh_prices(book=book)
    assert book.alerts == []
    assert book.get_values("Prices", "A1:E1") == [
        ["Date", "IVV", "AGG", None, PRICES_MARKER.upper()]
    ]


def test_the_price_ranges_follow_the_rows_refresh_writes(tmp_path):
    """The dates and price ranges the formulas read end at the last date Refresh prices
    wrote: more rows after a longer history, fewer after a shorter one."""
    from recalc_cells import effcap_calls

    path = templates.build_figure2(tmp_path / "f2.xlsx")
    for days in (3, 2):
        lines = [f"2026-02-{d + 2:02d},{100 + d},50,30,20" for d in range(days)]
        wide = tmp_path / f"{days}.csv"
        wide.write_text("Date,IVV,AGG,NTSX,WTMF\n" + "\n".join(lines) + "\n", encoding="utf-8")
        book = OpenpyxlBook(path, paths=[str(wide)])
        actions.refresh_prices(book=book)
        book.save(path)
        handed = {c.arguments[:2] for c in effcap_calls(path)}
        assert handed == {(days, (days + 1) * 4)}, days  # 4 funds plus the header row


def test_refresh_fills_the_lab_prices_sheet_as_figure_2s(tmp_path):
    """The Portfolio Lab's Prices sheet is efficap's too: Refresh prices loads its tickers,
    in its order, under the header its formulas and the Lab closes sheet read."""
    path = templates.build_lab(tmp_path / "lab.xlsx")
    book = OpenpyxlBook(path)
    header = book.get_values("Prices", "A1:L1")[0]
    tickers = header[1 : header.index(None)]
    assert tickers[:4] == ["IVV", "AGG", "WTMF", "NTSX"] and is_marker(header[len(tickers) + 2])
    files = tmp_path / "lab.csv"
    shuffled = list(reversed(tickers))
    closes = ",".join(str(10.0 + k) for k in range(len(shuffled)))
    files.write_text(f"Date,{','.join(shuffled)}\n2026-02-02,{closes}\n", encoding="utf-8")
    book.paths = [str(files)]
    actions.refresh_prices(book=book)
    assert book.alerts == [] and "Prices (2)" not in book.sheet_names()
    rows = book.get_values("Prices", f"A1:{chr(ord('A') + len(tickers))}2")
    assert rows[0] == ["Date", *tickers]  # the sheet's own order
    assert rows[1][0] == datetime(2026, 2, 2)
    assert rows[1][1:] == [10.0 + shuffled.index(t) for t in tickers]


def test_refresh_fills_the_screen_prices_sheet(tmp_path):
    """The overlay screen's Prices sheet is laid out like Figure 2's: Refresh prices writes
    into it, in its own order, not into a new sheet."""
    path = templates.build_screen(tmp_path / "screen.xlsx")
    book = OpenpyxlBook(path)
    header = book.get_values("Prices", "A1:L1")[0]
    tickers = header[1 : header.index(None)]
    assert tickers and is_marker(header[len(tickers) + 2])
    files = tmp_path / "screen.csv"
    closes = ",".join(str(20.0 + k) for k in range(len(tickers)))
    files.write_text(f"Date,{','.join(tickers)}\n2026-02-02,{closes}\n", encoding="utf-8")
    book.paths = [str(files)]
    actions.refresh_prices(book=book)
    assert book.alerts == [] and "Prices (2)" not in book.sheet_names()
    rows = book.get_values("Prices", f"A1:{chr(ord('A') + len(tickers))}2")
    assert rows[0] == ["Date", *tickers]
    assert rows[1][1:] == [20.0 + k for k in range(len(tickers))]


def test_refresh_shows_what_the_price_checks_find(tmp_path, shared_prices_dir):
    """A raw file after a 2:1 split is loaded, and the user is told, naming date and ratio."""
    import pandas as pd

    ivv = pd.read_csv(shared_prices_dir / "IVV.csv", index_col=0, parse_dates=True)
    ivv.loc["2019-06-03":, "Close"] /= 2
    ivv.to_csv(tmp_path / "IVV.csv")
    path = tmp_path / "book.xlsx"
    openpyxl.Workbook().save(path)
    book = OpenpyxlBook(path, paths=[str(tmp_path / "IVV.csv")])
    prices = actions.refresh_prices(book=book)
    assert prices["IVV"].loc["2019-06-03"] == pytest.approx(ivv.loc["2019-06-03", "Close"])
    assert len(book.alerts) == 1
    assert book.alerts[0].startswith("Prices loaded; check them:\nIVV in IVV.csv: 1 one-day")
    assert "2019-06-03 (2:1, -50.2%)" in book.alerts[0]
