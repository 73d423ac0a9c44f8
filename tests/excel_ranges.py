"""Closes from a folder of ``TICKER.csv`` files as xlwings hands a range on Windows.

Read with the csv module, not efficap's own reader, so the Excel functions' tests feed
them data efficap did not prepare.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path


def excel_ranges(
    folder: Path, tickers: Sequence[str]
) -> tuple[list[dt.datetime], list[list[object]]]:
    """The dates column (a flat list of datetimes) and the price table (a header row of
    tickers, then one row per date, None where a fund has no close)."""
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
