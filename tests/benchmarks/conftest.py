"""Benchmark fixtures, and the end-of-run summary of what the benchmarks measured.

Benchmarks that measure something other than one call's time record a line with
:func:`measurements.report`; the lines are printed at the end of the run, under
"efficap measurements", and also kept in each benchmark's ``extra_info``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from measurements import MEASUREMENTS, RATIO_FUNDS, xlwings_prices


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not MEASUREMENTS:
        return
    terminalreporter.section("efficap measurements")
    for key in sorted(MEASUREMENTS):
        terminalreporter.write_line(MEASUREMENTS[key])


@pytest.fixture(scope="session")
def ratio_prices(shared_prices_dir: Path) -> tuple[list, list]:
    """IVV, AGG, IEF and SHY as xlwings hands them (see :data:`measurements.RATIO_FUNDS`)."""
    return xlwings_prices(shared_prices_dir, RATIO_FUNDS)
