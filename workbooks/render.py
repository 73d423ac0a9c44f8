"""Render the template workbooks to PNG pictures with LibreOffice, to look at them.

Usage::

    python workbooks/render.py --prices ../shared/data/prices --out workbooks/previews

Needs ``soffice`` and ``pdftoppm`` (Debian: ``apt-get install libreoffice-calc-nogui
poppler-utils``). Builds the templates into a temporary folder (Figure 2 and the Portfolio
Lab with every fund's prices when ``--prices`` is given), then for each workbook:

1. makes a *viewing copy* whose array formulas are reduced to their cached values.
   LibreOffice recalculates array (spilling) formulas on load whatever its settings, and
   it does not know the EFFCAP_ functions, so it would show ``#NAME?`` where Excel
   without the add-in shows the cached numbers. Plain formulas are kept as they are;
2. converts the copy to PDF with ``soffice --headless``, in a throwaway profile set never
   to recalculate on load;
3. turns each PDF page into ``<workbook>-<page>.png`` with ``pdftoppm``.

The generated workbooks themselves are never opened for writing by LibreOffice.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>1</value></prop></item>
</oor:items>
"""
_ARRAY_FORMULA = re.compile(rb'<f t="array"[^>]*?(?:/>|>.*?</f>)', re.DOTALL)


def viewing_copy(source: Path, target: Path) -> int:
    """Copy an .xlsx, dropping array-formula text so the cached values show.

    Returns the number of array formulas dropped.
    """
    dropped = 0
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data, count = _ARRAY_FORMULA.subn(b"", data)
                data = data.replace(b' cm="1"', b"")
                dropped += count
            dst.writestr(item, data)
    return dropped


def render(workbooks: list[Path], out: Path) -> list[Path]:
    """Render each workbook's pages to PNG files in `out`; return their paths."""
    for tool in ("soffice", "pdftoppm"):
        if shutil.which(tool) is None:
            sys.exit(
                f"render: {tool} not found (apt-get install libreoffice-calc-nogui poppler-utils)"
            )
    out.mkdir(parents=True, exist_ok=True)
    pictures: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        profile = tmp / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE)
        for book in workbooks:
            copy = tmp / book.name
            viewing_copy(book, copy)
            subprocess.run(
                [
                    "soffice",
                    f"-env:UserInstallation={profile.as_uri()}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(tmp),
                    str(copy),
                ],
                check=True,
                capture_output=True,
                timeout=300,
            )
            stem = book.stem
            for old in out.glob(f"{stem}-*.png"):
                old.unlink()
            subprocess.run(
                ["pdftoppm", "-png", "-r", "110", str(tmp / f"{stem}.pdf"), str(out / stem)],
                check=True,
                timeout=300,
            )
            pictures.extend(sorted(out.glob(f"{stem}-*.png")))
    return pictures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--prices", help="price histories for Figure 2 and the Lab (folder, CSV or XLSX)"
    )
    parser.add_argument("--out", default="workbooks/previews", help="folder for the PNG files")
    args = parser.parse_args()

    from efficap.prices import read_prices
    from efficap_xl.build.templates import build_all

    with tempfile.TemporaryDirectory() as built:
        prices = read_prices(args.prices) if args.prices else None
        books = build_all(built, prices=prices)
        for picture in render(books, Path(args.out)):
            print(picture)


if __name__ == "__main__":
    main()
