"""Benchmarks of the overlay screen and of realized exposures on the real daily prices.

Run with ``pytest tests/benchmarks/test_bench_screen.py --benchmark-enable
--benchmark-only``; the default run (``--benchmark-disable``) executes each once as a
smoke test and checks the value it times.
"""

from __future__ import annotations

import pandas as pd
import pytest

from efficap.prices import read_prices
from efficap.realized import realized_exposures
from efficap.screen import screen

FUNDS = ["IVV", "AGG", "NTSX", "TYA", "WTMF", "DBMF", "KMLM", "GLD", "CTA", "IEF", "BIL"]


@pytest.fixture(scope="module")
def prices(shared_prices_dir) -> pd.DataFrame:
    with pytest.warns(Warning):  # DBMF's and KMLM's missing days
        return read_prices(shared_prices_dir, FUNDS)


def test_bench_default_screen(benchmark, prices: pd.DataFrame) -> None:
    """The 60/40 core, its five default candidates x 10%, 20%, 30%: 15 solves and rows."""
    table = benchmark(screen, prices, None, None, None, "annual")
    assert len(table) == 15
    assert table.loc["WTMF +20%", "CAGR"] == pytest.approx(0.101769, abs=1e-6)


def test_bench_realized_daily(benchmark, prices: pd.DataFrame) -> None:
    """NTSX on IVV and IEF over BIL, 2,009 daily returns."""
    result = benchmark(realized_exposures, "NTSX", prices, None, None, "daily")
    assert result.observations == 2009
    assert result.realized["U.S. Fixed Income"] == pytest.approx(0.4711, abs=1e-4)
