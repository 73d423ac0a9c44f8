"""The workbook interface of the ribbon actions (efficap_xl.books): the xlwings adapter
against a fake book (no Excel here), the openpyxl one, and the small helpers."""

from __future__ import annotations

import types
from pathlib import Path

import openpyxl
import pytest

from efficap_xl import books
from efficap_xl.books import ActionError, OpenpyxlBook


def test_helpers():
    assert books.cell_address(26, 3) == "C26"
    assert books.range_address(20, 1, 23, 2) == "A20:B23"
    assert books.is_blank(None) and books.is_blank("  ") and not books.is_blank(0)


def test_unique_sheet_names(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Prices"
    wb.create_sheet("prices (2)")
    wb.save(tmp_path / "b.xlsx")
    book = OpenpyxlBook(tmp_path / "b.xlsx")
    assert books.unique_sheet(book, "Prices") == "Prices (3)"  # names compare without case
    assert books.unique_sheet(book, "Fund catalog") == "Fund catalog"


def test_openpyxl_book_reads_writes_and_records(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "S"
    wb.active["A3"] = 1.5
    wb.save(tmp_path / "b.xlsx")
    book = OpenpyxlBook(tmp_path / "b.xlsx", paths=["p.csv"], answer=True)
    book.set_values("S", "B2", [[1, None], ["x", 2]])
    assert book.get_values("S", "A2:C3") == [[None, 1, None], [1.5, "x", 2]]
    assert book.last_row("S", 1) == 3 and book.last_row("S", 4) == 0
    assert book.confirm("Sure?") is True and book.questions == ["Sure?"]
    assert book.ask_paths("t") == ["p.csv"]
    with pytest.raises(ActionError, match="Select the cells first"):
        book.selection()
    book.alert("hi")
    assert book.alerts == ["hi"]
    saved = OpenpyxlBook(book.save(tmp_path / "c.xlsx"))
    assert saved.get_values("S", "C3") == [[2]]


class _FakeRange:
    def __init__(self, address, value=None):
        self.address, self.value, self.sheet = address, value, types.SimpleNamespace(name="S")

    def options(self, **kwargs):
        assert kwargs == {"ndim": 2}
        return self


def test_xlwings_book_adapter():
    """XlwingsBook calls the xlwings API as documented (no Excel here: a fake book)."""
    written = {}
    sheet = types.SimpleNamespace(
        range=lambda address: written.setdefault(address, _FakeRange(address, [[1]]))
    )
    picked = iter([False, "C:\\p.csv", ("C:\\a.csv", "C:\\b.csv")])
    calls = []
    app = types.SimpleNamespace(
        api=types.SimpleNamespace(
            GetOpenFilename=lambda *args: next(picked),
            CalculateFull=lambda: calls.append("full"),
        ),
        alert=lambda message, title: calls.append((title, message)),
        books=types.SimpleNamespace(open=lambda path: calls.append(("open", path))),
    )
    book = types.SimpleNamespace(
        sheets={"S": sheet},
        selection=_FakeRange("$A$20:$B$23"),
        app=app,
        fullname="Book1",
    )
    xb = books.XlwingsBook(book)
    assert xb.selection() == ("S", "A20:B23")
    assert xb.get_values("S", "A1") == [[1]]
    xb.set_values("S", "B2", [(1, 2)])
    assert written["B2"].value == [[1, 2]]
    assert xb.ask_paths("t") == [] and xb.ask_paths("t") == ["C:\\p.csv"]
    assert xb.ask_paths("t") == ["C:\\a.csv", "C:\\b.csv"]
    xb.calculate()
    xb.alert("hi")
    xb.open_workbook(Path("x.xlsx"))
    assert calls == ["full", ("efficap", "hi"), ("open", "x.xlsx")]
    assert xb.folder() is None  # never saved
