"""An independent, plain-Python blend for checking efficap on the real prices.

Reads the ``Date,Close`` files with the csv module and walks the common closes
one day at a time, holding units of each fund, with no numpy, pandas or efficap
code: at the first common close the holdings are the target weights; at the
last close of each calendar quarter (a close whose next common close falls in
a later quarter) they are reset to the target weights of the value then.
"""

from __future__ import annotations

import csv
from bisect import bisect_right
from pathlib import Path


def read_closes(folder: Path, ticker: str) -> dict[str, float]:
    """ISO date -> close of one ``TICKER.csv`` file."""
    with open(folder / f"{ticker}.csv", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        return {row[0]: float(row[1]) for row in reader if row and row[1]}


def quarterly_blend(folder: Path, weights: dict[str, float]) -> tuple[list[str], list[float]]:
    """Dates (ISO text) and value of 1 invested at the first common close."""
    closes = {t: read_closes(folder, t) for t in weights}
    dates = sorted(set.intersection(*(set(c) for c in closes.values())))
    value = 1.0
    units = {t: w * value / closes[t][dates[0]] for t, w in weights.items()}
    values = [value]
    for i in range(1, len(dates)):
        day = dates[i]
        value = sum(units[t] * closes[t][day] for t in weights)
        values.append(value)
        quarter = (int(day[:4]), (int(day[5:7]) - 1) // 3)
        if i + 1 < len(dates):
            following = dates[i + 1]
            if (int(following[:4]), (int(following[5:7]) - 1) // 3) != quarter:
                units = {t: w * value / closes[t][day] for t, w in weights.items()}
    return dates, values


def value_on_or_before(dates: list[str], values: list[float], day: str) -> float | None:
    """Value at the last close on or before an ISO date (None before the first)."""
    pos = bisect_right(dates, day) - 1
    return None if pos < 0 else values[pos]


def window_return(dates: list[str], values: list[float], start: str, end: str) -> float:
    """``value(end) / value(start) - 1`` at the last closes on or before each date."""
    first = value_on_or_before(dates, values, start)
    last = value_on_or_before(dates, values, end)
    assert first is not None and last is not None and end <= dates[-1]
    return last / first - 1.0


def calendar_year(dates: list[str], values: list[float], year: int) -> float:
    """Return from the last close of ``year - 1`` to the last close of ``year``."""
    return window_return(dates, values, f"{year - 1}-12-31", f"{year}-12-31")
