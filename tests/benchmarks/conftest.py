"""Benchmark fixtures, and the end-of-run summary of what the benchmarks measured.

Benchmarks that measure something other than one call's time record a line with
:func:`measurements.report`; the lines are printed at the end of the run, under
"efficap measurements", and also kept in each benchmark's ``extra_info``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .measurements import MEASUREMENTS, RATIO_FUNDS, VALUES, report, xlwings_prices


def _estimates() -> None:
    """Python-side conversion of a priced workbook's recalculation: its cells x xlwings' cost.

    Date cells at the dates column's cost per cell; the others between the cost of an
    empty cell and that of a price cell (the mix of the two is not read off the file).
    """
    costs = [VALUES.get(f"xlwings {k}") for k in ("empty", "prices", "dates")]
    if None in costs:
        return
    empty, price, date = costs
    for name in ("efficap_portfolio_lab.xlsx", "analyze_lab.xlsx", "efficap_figure2.xlsx"):
        if f"cells {name}" not in VALUES:
            continue
        cells, dates = VALUES[f"cells {name}"], VALUES[f"dates {name}"]
        low, high = (dates * date + (cells - dates) * cost for cost in (empty, price))
        report(
            f"xlwings estimate {name}",
            f"{name}: xlwings' conversion of its {cells:,.0f} cells ({dates:,.0f} dates)"
            f" {low:.2f}-{high:.2f} s per full recalculation, COM transfer not included",
        )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    _estimates()
    if not MEASUREMENTS:
        return
    terminalreporter.section("efficap measurements")
    for key in sorted(MEASUREMENTS):
        terminalreporter.write_line(MEASUREMENTS[key])


@pytest.fixture(scope="session")
def ratio_prices(shared_prices_dir: Path) -> tuple[list, list]:
    """IVV, AGG, IEF and SHY as xlwings hands them (see :data:`measurements.RATIO_FUNDS`)."""
    return xlwings_prices(shared_prices_dir, RATIO_FUNDS)
