"""Cells each template hands to Python on one full recalculation in Excel.

Every template is built as a user builds it (``efficap build --prices`` with the shared
price folder: Figures 1-3 and the Portfolio Lab; ``efficap analyze ... --out``: a Lab
for two blends), and :func:`recalc_cells.cells_per_recalculation` sums the sizes of
the ranges passed to its EFFCAP_ calls: through xlwings' COM path every one of those
cells is read and converted on every recalculation. The count is printed at the end
of the run and kept in ``extra_info``; the benchmark's time is that of reading the
workbook, not of Excel. The goals (issue 18): a priced Lab and a priced Figure 2 at
most 400,000 cells each.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from recalc_cells import effcap_calls

from efficap.cli import main
from efficap_xl.spec import SPEC

from .measurements import VALUES, report

TEMPLATES = [
    "efficap_figure1.xlsx",
    "efficap_figure2.xlsx",
    "efficap_figure3.xlsx",
    "efficap_portfolio_lab.xlsx",
    "efficap_screen.xlsx",
    "analyze_lab.xlsx",
]
GOAL = 400_000


@pytest.fixture(scope="module")
def built(tmp_path_factory, shared_prices_dir) -> Path:
    out = tmp_path_factory.mktemp("workbooks")
    prices = str(shared_prices_dir)
    assert main(["build", "--prices", prices, "--out", str(out), "--format", "csv"]) == 0
    lab = [
        "analyze", "--prices", prices, "--format", "csv",
        "--blend", "60/40", "IVV=60%", "AGG=40%",
        "--blend", "Stacked", "IVV=30%", "NTSX=40%", "AGG=10%", "DBMF=20%",
        "--out", str(out / "analyze_lab.xlsx"),
    ]  # fmt: skip
    assert main(lab) == 0
    return out


@pytest.mark.parametrize("name", TEMPLATES)
def test_bench_cells_per_recalculation(benchmark, built, name, capsys):
    calls = benchmark.pedantic(effcap_calls, args=(built / name,), rounds=1, iterations=1)
    capsys.readouterr()  # the build's output
    cells = sum(c.cells for c in calls)
    biggest = max(calls, key=lambda c: c.cells)
    benchmark.extra_info.update(cells_per_recalculation=cells, effcap_calls=len(calls))
    VALUES[f"cells {name}"] = cells
    VALUES[f"dates {name}"] = sum(
        size
        for c in calls
        for arg, size in zip(SPEC[c.function].args, c.arguments, strict=False)
        if arg.name == "dates"
    )
    report(
        f"cells {name}",
        f"{name}: {cells:,} cells per full recalculation in {len(calls)} EFFCAP_ calls"
        f" (largest: {biggest.function} at {biggest.sheet}!{biggest.cell}, {biggest.cells:,})",
    )
    assert calls and all(c.function.startswith("EFFCAP_") for c in calls)
