"""Python-side time of each Excel function on realistic inputs (no timed assertions).

Prices are 26 years of daily closes of IVV, AGG, NTSX and WTMF from the shared
data folder beside the repository, handed over as xlwings hands a range to a
UDF on Windows: a column of ``datetime`` and a list of rows (header of tickers,
then floats, ``None`` where a fund has no close yet).

"warm" benchmarks are what every recalculation after the first costs (the
converted prices come from the content-keyed cache, which still hashes and
compares the 6,600 x 4 cells); "cold" ones clear the cache each round, as the
first call after an edit of the price range does.

Run with ``pytest tests/benchmarks/test_bench_udfs.py --benchmark-enable
--benchmark-only``; the default run (``--benchmark-disable``) executes each
once as a smoke test.
"""

from __future__ import annotations

import datetime as dt

import pytest

from efficap_xl import cache, convert, udfs

TICKERS = ["IVV", "AGG", "NTSX", "WTMF"]
EFFICIENT = [0.24, 0.16, 0.40, 0.20]  # in TICKERS order
AS_OF = dt.datetime(2026, 3, 31)
FUNDS = ["IVV", "NTSX", "AGG", "WTMF"]
WEIGHTS = [0.24, 0.40, 0.16, 0.20]
CLASSES = ["U.S. Equities", "U.S. Fixed Income", "Managed Futures"]


@pytest.fixture
def warm(excel_prices):
    cache.clear()
    cache.prices(*excel_prices)
    yield excel_prices
    cache.clear()


def _ok(result):
    assert not (isinstance(result, str) and result.startswith(convert.ERROR_PREFIX)), result
    return result


def test_bench_convert_prices_cold(benchmark, excel_prices):
    def cold():
        cache.clear()
        return cache.prices(*excel_prices)

    frame = benchmark(cold)
    assert frame.shape == (len(excel_prices[0]), 4)


def test_bench_blend_warm(benchmark, warm):
    out = _ok(benchmark(udfs.EFFCAP_BLEND, *warm, EFFICIENT))
    assert out[0][1] == 1.0


def test_bench_trailing_warm(benchmark, warm):
    _ok(benchmark(udfs.EFFCAP_TRAILING, *warm, EFFICIENT, AS_OF, "5Y"))


def test_bench_trailing_si_warm(benchmark, warm):
    _ok(benchmark(udfs.EFFCAP_TRAILING, *warm, [0.6, 0.4, 0.0, 0.0], AS_OF, "SI"))


def test_bench_trailing_cold(benchmark, excel_prices):
    def cold():
        cache.clear()
        return udfs.EFFCAP_TRAILING(*excel_prices, EFFICIENT, AS_OF, "5Y")

    _ok(benchmark(cold))


def test_bench_performance_warm(benchmark, warm):
    table = [
        ["Blend", *TICKERS],
        ["Efficient", *EFFICIENT],
        ["Traditional MF", 0.50, 0.30, 0.0, 0.20],
        ["60/40", 0.60, 0.40, 0.0, 0.0],
    ]
    out = _ok(benchmark(udfs.EFFCAP_PERFORMANCE, *warm, table, AS_OF))
    assert len(out) == 4


def test_bench_stats_warm(benchmark, warm):
    _ok(benchmark(udfs.EFFCAP_STATS, *warm, EFFICIENT))


def test_bench_exposure(benchmark):
    _ok(benchmark(udfs.EFFCAP_EXPOSURE, FUNDS, WEIGHTS))


def test_bench_notional(benchmark):
    _ok(benchmark(udfs.EFFCAP_NOTIONAL, FUNDS, WEIGHTS))


def test_bench_solve(benchmark):
    _ok(benchmark(udfs.EFFCAP_SOLVE, CLASSES, [0.6, 0.4, 0.2], [[t] for t in FUNDS]))


def test_bench_solve_status(benchmark):
    _ok(benchmark(udfs.EFFCAP_SOLVE_STATUS, CLASSES, [0.6, 0.4, 0.2], [FUNDS]))


def test_bench_fees(benchmark):
    _ok(benchmark(udfs.EFFCAP_FEES, FUNDS, WEIGHTS))


def test_bench_fund(benchmark):
    _ok(benchmark(udfs.EFFCAP_FUND, "NTSX", "net ER"))


def test_bench_fees_sheet_catalog(benchmark):
    sheet = udfs.EFFCAP_CATALOG()
    _ok(benchmark(udfs.EFFCAP_FEES, FUNDS, WEIGHTS, "net ER", sheet))


def test_bench_catalog(benchmark):
    _ok(benchmark(udfs.EFFCAP_CATALOG))


def test_bench_asset_classes(benchmark):
    _ok(benchmark(udfs.EFFCAP_ASSET_CLASSES))


def test_bench_version(benchmark):
    _ok(benchmark(udfs.EFFCAP_VERSION))
