"""Lines the benchmark suite prints besides pytest-benchmark's timings, and shared inputs.

Benchmarks that measure something other than one call's time (cells a workbook hands
to Python per recalculation, an Excel function's time over its core call's, start-up
CPU, xlwings' conversion per cell) record a line with :func:`report`; ``conftest.py``
prints them at the end of the run under "efficap measurements".
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

MEASUREMENTS: dict[str, str] = {}
#: Numbers other measurements combine: cells per recalculation, seconds per cell.
VALUES: dict[str, float] = {}

#: The funds of the warm-call ratios: 23 years of common history (AGG from 2003-09-29),
#: the rows of every date any of them has (IVV from 2000-05-19), 6,589 rows.
RATIO_FUNDS = ("IVV", "AGG", "IEF", "SHY")


def report(key: str, line: str) -> None:
    """Keep one line for the end-of-run summary (the last one per key wins)."""
    MEASUREMENTS[key] = line


def xlwings_prices(folder: Path, tickers: tuple[str, ...]) -> tuple[list, list]:
    """Closes of `tickers` as xlwings hands a range to a UDF on Windows.

    A flat list of ``datetime`` (every date any fund has) and a list of rows: the
    header of tickers, then floats, None where a fund has no close that day. Read with
    the csv module, not efficap's reader.
    """
    series = {}
    for ticker in tickers:
        with open(folder / f"{ticker}.csv", newline="") as f:
            reader = csv.reader(f)
            next(reader)
            series[ticker] = {row[0]: float(row[1]) for row in reader if row and row[1]}
    days = sorted(set().union(*series.values()))
    dates = [dt.datetime.strptime(d, "%Y-%m-%d") for d in days]
    rows = [list(tickers), *[[series[t].get(d) for t in tickers] for d in days]]
    return dates, rows
