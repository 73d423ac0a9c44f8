"""Benchmarks of the crisis and history tables on the real 26-year daily prices.

Each call computes the three research-note blends' growth paths from the
prices and then its table, as a user's call does. The rule is passed
explicitly (quarterly) so the values asserted do not move with the package
default.

Run with ``pytest tests/benchmarks/test_bench_analysis.py --benchmark-enable
--benchmark-only``; the default run (``--benchmark-disable``) executes each
once as a smoke test.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from efficap.history import calendar_years, drawdown_table
from efficap.stress import stress_table

EFFICIENT = "Efficient Allocation to Managed Futures"
TRADITIONAL_MF = "Traditional Allocation to Managed Futures"
SIXTY_FORTY = "Traditional 60/40"
FIGURE_1 = {
    EFFICIENT: {"IVV": 0.24, "NTSX": 0.40, "AGG": 0.16, "WTMF": 0.20},
    TRADITIONAL_MF: {"IVV": 0.50, "AGG": 0.30, "WTMF": 0.20},
    SIXTY_FORTY: {"IVV": 0.60, "AGG": 0.40},
}
RULE = "quarterly"


def test_bench_stress_table(benchmark, real_prices: pd.DataFrame) -> None:
    table = benchmark(stress_table, real_prices, FIGURE_1, None, RULE)
    assert table.shape == (3, 6)
    assert table.loc[SIXTY_FORTY, "GFC"] == pytest.approx(-0.350105, abs=1e-6)
    assert table.loc[EFFICIENT, "Covid crash"] == pytest.approx(-0.196771, abs=1e-6)
    assert math.isnan(table.loc[EFFICIENT, "GFC"])  # NTSX starts 2018-08-02


def test_bench_drawdown_table(benchmark, real_prices: pd.DataFrame) -> None:
    table = benchmark(drawdown_table, real_prices, FIGURE_1, 5, RULE)
    assert len(table) == 15
    deepest = table[table["blend"] == SIXTY_FORTY].iloc[0]
    assert deepest["depth"] == pytest.approx(-0.350105, abs=1e-6)
    assert (deepest["peak"], deepest["trough"]) == (
        pd.Timestamp("2007-10-09"),
        pd.Timestamp("2009-03-09"),
    )


def test_bench_calendar_years(benchmark, real_prices: pd.DataFrame) -> None:
    years = benchmark(calendar_years, real_prices, FIGURE_1, RULE)
    assert years.returns.loc[SIXTY_FORTY, 2008] == pytest.approx(-0.206853, abs=1e-6)
    assert years.returns.loc[EFFICIENT, 2022] == pytest.approx(-0.180308, abs=1e-6)
    assert years.partial.loc[EFFICIENT, 2018]
