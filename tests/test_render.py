"""workbooks/render.py: LibreOffice renders the templates with their cached figures."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from efficap_xl.build.templates import build_all

RENDER = Path(__file__).resolve().parents[1] / "workbooks" / "render.py"


def _render_module():
    spec = importlib.util.spec_from_file_location("render", RENDER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_viewing_copy_keeps_values_and_drops_only_array_formulas(tmp_path: Path) -> None:
    render = _render_module()
    # Figure 1: 7 dynamic arrays (3 exposures, 3 one-cell notionals, 1 solve)
    book = build_all(tmp_path)[0]
    copy = tmp_path / "view.xlsx"
    assert render.viewing_copy(book, copy) == 7
    with zipfile.ZipFile(copy) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert 't="array"' not in sheet
    assert "<f>EFFCAP_" not in sheet and "<f>SUM(B5:B8)</f>" in sheet  # plain ones stay
    assert "<v>0.24</v>" in sheet or "<v>0.23999999999999994</v>" in sheet


@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftoppm") and shutil.which("pdftotext")),
    reason="LibreOffice and poppler-utils not installed",
)
def test_libreoffice_shows_the_published_figures(tmp_path: Path) -> None:
    render = _render_module()
    books = build_all(tmp_path / "books")
    pictures = render.render(books, tmp_path / "png")
    assert {p.name for p in pictures} >= {
        "efficap_figure1-1.png",
        "efficap_figure2-1.png",
        "efficap_figure3-1.png",
        "efficap_portfolio_lab-1.png",
    }
    # Read the text LibreOffice laid out: the cached figures, not #NAME?.
    pdf = tmp_path / "f1.pdf"
    view = tmp_path / "efficap_figure1.xlsx"
    render.viewing_copy(books[0], view)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(view)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (tmp_path / "efficap_figure1.pdf").rename(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "#NAME?" not in text
    assert "120.00%" in text and "24.00%" in text and "16.00%" in text


@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")),
    reason="LibreOffice and poppler-utils not installed",
)
def test_libreoffice_shows_the_lab_with_its_numbers(tmp_path: Path, real_prices) -> None:
    from efficap_xl.build.templates import build_lab

    render = _render_module()
    book = build_lab(tmp_path / "lab.xlsx", real_prices)
    view = tmp_path / "efficap_portfolio_lab.xlsx"
    render.viewing_copy(book, view)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(view)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "efficap_portfolio_lab.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "#NAME?" not in text and "#EFFCAP" not in text
    for title in ("Growth of $10,000", "Calendar-year returns", "Covid crash", "Capital freed"):
        assert title in text, title
    assert "-50.00%" in text  # NTSX's financing leg per $1
