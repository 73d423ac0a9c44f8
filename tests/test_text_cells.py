"""No user text becomes a formula in any workbook efficap writes.

Every writer is driven with names a user chose: a price file ``=1+2.csv`` (ticker
``=1+2``) in Figure 2's and the Lab's Prices sheets, a blend named
``=HYPERLINK("http://x","x")`` (and ``-x``, ``@x``, ``+x``) through ``analyze --out``,
and the ribbon's price sheet (openpyxl and, through a fake, xlwings). In every file no
formula cell contains that text, and the text itself is stored as a string. The rule
itself (``efficap._text_cells``) is the core's, shared with the command line's CSV
output (tests/test_cli_analyze.py, tests/test_cli.py).
"""

from __future__ import annotations

import shutil
import types
import warnings
from pathlib import Path

import openpyxl
import pytest

from efficap import _text_cells
from efficap._text_cells import quote_prefixed
from efficap.cli import main
from efficap.pricecheck import PriceWarning
from efficap.prices import read_prices
from efficap_xl import actions, books
from efficap_xl.books import OpenpyxlBook, formula_like
from efficap_xl.build.templates import build_figure2, build_lab

TICKER = "=1+2"
HYPERLINK = '=HYPERLINK("http://x","x")'
USER_TEXT = (TICKER, HYPERLINK, "-x", "@x", "+x")
FUNDS = ("IVV", "AGG", "NTSX", "WTMF")


@pytest.fixture
def folder(tmp_path: Path, shared_prices_dir: Path) -> Path:
    """The four funds of Figure 2 and IVV's closes again under the file name =1+2.csv."""
    out = tmp_path / "prices"
    out.mkdir()
    for ticker in FUNDS:
        shutil.copy(shared_prices_dir / f"{ticker}.csv", out)
    shutil.copy(shared_prices_dir / "IVV.csv", out / f"{TICKER}.csv")
    return out


def _prices(folder: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PriceWarning)
        return read_prices(folder)


def _cells(path: Path) -> tuple[list[str], list[str]]:
    """(every formula's text, every string cell's value) of the workbook at `path`."""
    formulas, strings = [], []
    for ws in openpyxl.load_workbook(path).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formulas.append(str(getattr(cell.value, "text", cell.value)))
                elif cell.data_type == "s" and cell.value is not None:
                    strings.append(cell.value)
    return formulas, strings


def _no_user_formula(path: Path, expected: tuple[str, ...]) -> None:
    formulas, strings = _cells(path)
    assert formulas, "the workbook has formulas to check"
    for text in formulas:
        assert not any(user in text for user in USER_TEXT), text
    for user in expected:
        assert any(user in s for s in strings), user


def test_figure2_and_lab_prices_sheets_keep_a_file_name_as_text(tmp_path, folder):
    prices = _prices(folder)
    assert TICKER in prices.columns
    _no_user_formula(build_figure2(tmp_path / "f2.xlsx", prices), (TICKER,))
    _no_user_formula(build_lab(tmp_path / "lab.xlsx", prices), (TICKER,))


def test_analyze_out_keeps_blend_names_as_text(tmp_path, folder, capsys):
    weights = tmp_path / "blends.csv"
    weights.write_text(
        'Blend,IVV,AGG\n"=HYPERLINK(""http://x"",""x"")",60%,40%\n-x,50%,50%\n@x,30%,70%\n'
    )
    out = tmp_path / "lab.xlsx"
    code = main(["analyze", "--prices", str(folder), "--weights", str(weights), "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    _no_user_formula(out, (HYPERLINK, "-x", "@x"))


def test_price_sheet_writes_a_ticker_as_text(tmp_path, folder):
    path = tmp_path / "book.xlsx"
    openpyxl.Workbook().save(path)
    files = [str(folder / f"{t}.csv") for t in (TICKER, "AGG")]
    book = OpenpyxlBook(path, paths=files)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PriceWarning)
        actions.refresh_prices(book=book)
    assert book.get_values("Prices", "A1:C1") == [["Date", TICKER, "AGG"]]
    saved = book.save(tmp_path / "saved.xlsx")
    header = openpyxl.load_workbook(saved)["Prices"]["B1"]
    assert (header.value, header.data_type, header.quotePrefix) == (TICKER, "s", True)


def test_xlwings_book_writes_formula_like_text_with_the_quote_prefix():
    written = {}

    def cell(address):
        return written.setdefault(address, types.SimpleNamespace(value=None))

    xb = books.XlwingsBook(types.SimpleNamespace(sheets={"S": types.SimpleNamespace(range=cell)}))
    xb.set_values("S", "A1", [["Date", *USER_TEXT, "\tx", "\rx", "IVV", 1.5, -2.0, None]])
    assert written["A1"].value == [
        ["Date", *(f"'{t}" for t in USER_TEXT), "'\tx", "'\rx", "IVV", 1.5, -2.0, None]
    ]


@pytest.mark.parametrize("text", [*USER_TEXT, "\tx", "\rx"])
def test_formula_like(text):
    assert formula_like(text)
    assert not formula_like("IVV") and not formula_like(-1.0) and not formula_like(None)


@pytest.mark.parametrize("text", [*USER_TEXT, "\tx", "\rx"])
def test_quote_prefixed_text(text):
    assert quote_prefixed(text) == "'" + text


@pytest.mark.parametrize("value", ["IVV", "60/40", "", " =x", "'=x", -0.21, -1, 0.0, None, True])
def test_other_values_are_left_as_they_are(value):
    assert quote_prefixed(value) is value


def test_the_add_in_uses_the_cores_rule():
    # One place for the fact: the add-in's names are the core's.
    assert books.formula_like is _text_cells.formula_like
    assert books.FORMULA_STARTS is _text_cells.FORMULA_STARTS
