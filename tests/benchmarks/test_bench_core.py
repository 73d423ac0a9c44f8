"""Benchmarks of the core on the real 26-year daily price histories.

Run with ``pytest tests/benchmarks --benchmark-enable --benchmark-only``; the
default run (``--benchmark-disable``) executes each once as a smoke test.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from efficap.performance import standardized_table
from efficap.pricecheck import PriceWarning
from efficap.prices import read_prices
from efficap.risk import risk_stats, sweep_stats

FIGURE_1 = {
    "Efficient Allocation to Managed Futures": {
        "IVV": 0.24,
        "NTSX": 0.40,
        "AGG": 0.16,
        "WTMF": 0.20,
    },
    "Traditional Allocation to Managed Futures": {"IVV": 0.50, "AGG": 0.30, "WTMF": 0.20},
    "Traditional 60/40": {"IVV": 0.60, "AGG": 0.40},
}


def test_bench_standardized_table(benchmark, real_prices: pd.DataFrame) -> None:
    table = benchmark(standardized_table, real_prices, FIGURE_1, "2026-03-31")
    assert table.shape == (3, 6)
    # Annual rebalancing, linked windows: the efficient blend's 3Y (published 13.22%).
    assert table.iloc[0]["3Y"] == pytest.approx(0.1329, abs=0.00005)


def _sweep_expectation(prices: pd.DataFrame, weights: np.ndarray) -> np.ndarray:
    first = dict(zip(prices.columns, weights[:, 0], strict=True))
    stats = risk_stats(prices, first, "quarterly", start=prices.dropna().index[0])
    return stats[["CAGR", "Volatility", "Max Drawdown"]].to_numpy()


def test_bench_sweep_10k_since_2018(benchmark, real_prices: pd.DataFrame) -> None:
    # The four note funds share closes from NTSX's start (2018-08-02): about 8 years.
    prices = real_prices[["IVV", "AGG", "NTSX", "WTMF"]]
    weights = np.random.default_rng(20260331).dirichlet(np.ones(4), size=10_000).T
    out = benchmark(sweep_stats, prices, weights, "quarterly")
    assert out.shape == (10_000, 3)
    np.testing.assert_allclose(out.iloc[0].to_numpy(), _sweep_expectation(prices, weights))


def test_bench_sweep_10k_23_years(benchmark, shared_prices_dir: Path) -> None:
    # IVV, AGG, IEF and SHY share closes from AGG's start (2003-09-29): about 23 years.
    prices = read_prices(shared_prices_dir, ["IVV", "AGG", "IEF", "SHY"])
    weights = np.random.default_rng(20031001).dirichlet(np.ones(4), size=10_000).T
    out = benchmark(sweep_stats, prices, weights, "quarterly")
    assert out.shape == (10_000, 3)
    np.testing.assert_allclose(out.iloc[0].to_numpy(), _sweep_expectation(prices, weights))


def test_bench_read_price_folder(benchmark, shared_prices_dir: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PriceWarning)  # DBMF's and KMLM's documented gaps
        frame = benchmark(read_prices, shared_prices_dir)
    # Every CSV in the folder is read, whatever their number, and the note's funds are there.
    files = {p.stem.upper() for p in shared_prices_dir.glob("*.csv")}
    assert set(frame.columns) == files
    assert {"IVV", "AGG", "NTSX", "WTMF"} <= files
