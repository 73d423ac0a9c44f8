"""Benchmark: solving 20 candidate funds x 6 asset classes (no asserts on time)."""

import numpy as np
import pandas as pd
import pytest

from efficap.solve import solve_weights

CLASSES = ["Class A", "Class B", "Class C", "Class D", "Class E", "Class F"]


@pytest.fixture(scope="module")
def problem():
    """20 funds with seeded random exposures (0-1.5x in 1-3 classes) and reachable targets."""
    rng = np.random.default_rng(7)
    exposures = np.zeros((20, 6))
    for row in exposures:
        held = rng.choice(6, size=rng.integers(1, 4), replace=False)
        row[held] = rng.uniform(0.3, 1.5, size=held.size)
    tickers = [f"F{i:02d}" for i in range(20)]
    catalog = pd.DataFrame(exposures, columns=CLASSES)
    catalog.insert(0, "Ticker", tickers)
    catalog.insert(1, "Net ER", rng.uniform(0.0003, 0.01, size=20))
    weights = rng.dirichlet(np.ones(20))
    targets = dict(zip(CLASSES, weights @ exposures, strict=True))
    return targets, tickers, catalog


def test_bench_solve_20_funds_6_classes(benchmark, problem):
    targets, tickers, catalog = problem
    result = benchmark(solve_weights, targets, tickers, catalog=catalog)
    assert result.exact  # the targets come from a real weight vector, so they are reachable
    assert not result.unique  # 20 unknowns, 7 equations: the objective had to choose


def test_bench_solve_infeasible_20_funds(benchmark, problem):
    _, tickers, catalog = problem
    targets = dict.fromkeys(CLASSES, 2.0)  # more than any fund mix can reach
    result = benchmark(solve_weights, targets, tickers, catalog=catalog)
    assert not result.exact
