"""Each price-taking Excel function's warm call over the core call it wraps, same data.

23 years x 4 funds (IVV, AGG, IEF, SHY; 6,589 rows of every date any of them has,
None before a fund's first close) handed over as xlwings does. "Warm": the price
range was converted before, as on every recalculation after the first; the function
still finds it in the content-keyed cache, reads its other arguments and lays out its
result. The core call is the same computation on the converted frame.

The ratio is measured in the benchmark itself, call and core interleaved (ten calls
each, fifteen rounds, the fastest round of each), so both see the same machine load;
it is printed at the end of the run and kept in ``extra_info``. The goals: at most 2x
for EFFCAP_TRAILING, EFFCAP_PERFORMANCE and EFFCAP_STRESS, 8x for EFFCAP_BLEND (it
returns every day). With ``--benchmark-disable`` (the default run) each pair runs once,
as a check of the values, and no ratio is printed.
"""

from __future__ import annotations

import datetime as dt
import time

import pandas as pd
import pytest

from efficap import blend, performance
from efficap import stress as core_stress
from efficap_xl import cache, frames, outputs, reports, udfs

from .measurements import RATIO_FUNDS, report

WEIGHTS = [0.30, 0.40, 0.20, 0.10]  # IVV AGG IEF SHY
TABLE = [
    ["Blend", *RATIO_FUNDS],
    ["Balanced", *WEIGHTS],
    ["60/40", 0.60, 0.40, 0.0, 0.0],
    ["Equal", 0.25, 0.25, 0.25, 0.25],
]
AS_OF = dt.datetime(2026, 3, 31)
ROUNDS, CALLS = 15, 10
GOALS = {"EFFCAP_TRAILING": 2, "EFFCAP_PERFORMANCE": 2, "EFFCAP_STRESS": 2, "EFFCAP_BLEND": 8}


def _fastest(call, calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        call()
    return (time.perf_counter() - start) / calls


def _ratio(benchmark, name: str, excel, core) -> None:
    """Time `excel` with the benchmark fixture; measure and report its ratio to `core`."""
    benchmark(excel)
    if benchmark.disabled:
        return
    excel_times, core_times = [], []
    for _ in range(ROUNDS):
        excel_times.append(_fastest(excel, CALLS))
        core_times.append(_fastest(core, CALLS))
    ratio = min(excel_times) / min(core_times)
    benchmark.extra_info.update(
        core_ms=min(core_times) * 1e3, excel_ms=min(excel_times) * 1e3, ratio=ratio
    )
    report(
        f"ratio {name}",
        f"{name} warm {min(excel_times) * 1e3:.2f} ms / core {min(core_times) * 1e3:.2f} ms"
        f" = {ratio:.2f}x (goal <= {GOALS[name]}x)",
    )


@pytest.fixture
def warm(ratio_prices):
    cache.clear()
    frame = cache.prices(*ratio_prices)
    yield ratio_prices, frame
    cache.clear()


def test_bench_ratio_trailing(benchmark, warm):
    prices, frame = warm
    weights = dict(zip(RATIO_FUNDS, WEIGHTS, strict=True))

    def excel():
        return udfs.EFFCAP_TRAILING(*prices, WEIGHTS, AS_OF, "5Y")

    def core():
        return performance.trailing_return(frame, weights, pd.Timestamp(AS_OF), "5Y")

    assert excel() == outputs.cell(core())
    _ratio(benchmark, "EFFCAP_TRAILING", excel, core)


def test_bench_ratio_performance(benchmark, warm):
    prices, frame = warm
    blends = frames.weights_table(TABLE)

    def excel():
        return udfs.EFFCAP_PERFORMANCE(*prices, TABLE, AS_OF)

    def core():
        return performance.standardized_table(frame, blends, pd.Timestamp(AS_OF))

    assert excel() == reports.performance_rows(core())
    _ratio(benchmark, "EFFCAP_PERFORMANCE", excel, core)


def test_bench_ratio_stress(benchmark, warm):
    prices, frame = warm
    blends = frames.weights_table(TABLE)

    def excel():
        return udfs.EFFCAP_STRESS(*prices, TABLE)

    def core():
        periods = core_stress.stress_periods(None)
        return periods, core_stress.stress_table(frame, blends, periods)

    assert excel() == reports.stress_rows(*core())
    _ratio(benchmark, "EFFCAP_STRESS", excel, core)


def test_bench_ratio_blend(benchmark, warm):
    prices, frame = warm
    weights = dict(zip(RATIO_FUNDS, WEIGHTS, strict=True))

    def excel():
        return udfs.EFFCAP_BLEND(*prices, WEIGHTS)

    def core():
        return blend.blend_growth(frame, weights)

    growth = core()
    out = excel()
    assert out == [[day.to_pydatetime(), value] for day, value in growth.items()]
    assert out[0][0] == dt.datetime(2003, 9, 29) and len(out) > 5600  # 23 years, every day
    _ratio(benchmark, "EFFCAP_BLEND", excel, core)
