"""How blends behaved in named crises (stress periods).

Implements

- :func:`stress_periods` -- the built-in stress periods (package data
  ``data/stress_periods.csv``: S&P 500 closing peaks and troughs, from the
  GFC to the 2025 tariff sell-off), a selection of them by name, or a user's
  own periods, checked.
- :func:`stress_table` -- one row per blend (optionally one per fund held),
  one column per period: the total return over the period, a decimal.
- :func:`stress_detail` -- the same returns in long form, with the closes
  each one was read between.

Conventions. Every return is read off the blend's own linked history: its
growth of 1 from its first common close under the rebalancing rule
(:func:`efficap.blend.blend_growth`, computed once per blend), so a period's
return is ``g(last close on or before end) / g(last close on or before start)
- 1``, not a fresh start at target weights. A period that starts before the
blend's first close, or ends after its last close, is NaN ("n/a"), never a
number from a shorter window. Returns are decimals (-0.25 = -25%).
"""

from __future__ import annotations

import csv
import functools
import os
import re
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from efficap._linked import Blends, Funds, as_ns, growth_paths, short, window_returns
from efficap.blend import Rebalance, parse_rebalance
from efficap.dates import parse_date
from efficap.errors import EfficapError

__all__ = ["PERIOD_COLUMNS", "stress_detail", "stress_periods", "stress_table"]

#: Columns of a stress-periods table, in order.
PERIOD_COLUMNS: tuple[str, ...] = ("name", "start", "end", "source")

PeriodsLike = (
    Mapping[str, tuple[Any, Any]] | pd.DataFrame | str | os.PathLike[str] | Sequence[str] | None
)

_HOW = "pass name -> (start, end), a table with name, start, end columns, or a CSV path"
_ISO = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ]00:00(?::00)?)?")


# --------------------------------------------------------------------------- periods


def stress_periods(periods: PeriodsLike = None) -> pd.DataFrame:
    """The stress periods to measure blends over, checked.

    Parameters
    ----------
    periods : mapping, DataFrame, path, list of str or None
        - None: the built-in periods (GFC 2007-10-09 to 2009-03-09, the 2011
          debt-ceiling/euro crisis, Q4 2018, the Covid crash, the 2022 rates
          shock, the 2025 tariff sell-off), each from an S&P 500 closing high
          to its closing low.
        - a list of names: those built-in periods, in that order
          (case-insensitive).
        - a mapping ``name -> (start, end)``.
        - a DataFrame, or the path of a CSV file, with columns ``name``,
          ``start``, ``end`` and optionally ``source`` (case-insensitive).

        Dates are ISO text (``"2020-02-19"``) or date objects; text in any
        other layout (``"03/04/2020"``) is refused as ambiguous.

    Returns
    -------
    pandas.DataFrame
        Columns ``name`` (text), ``start`` and ``end`` (Timestamps: calendar
        dates, start before end) and ``source`` (text, "" when not given),
        one row per period in the order given.

    Raises
    ------
    EfficapError
        On no periods, a missing column, a blank or repeated name, a date that
        is not an ISO date, a start on or after its end, an unknown built-in
        name or a CSV file that cannot be read.
    """
    if periods is None:
        return _builtin()
    if isinstance(periods, pd.DataFrame):
        rows = _frame_rows(periods)
    elif isinstance(periods, (str, os.PathLike)):
        rows = _csv_rows(Path(periods))
    elif isinstance(periods, Mapping):
        rows = [(name, *_pair(name, value), "") for name, value in periods.items()]
    elif isinstance(periods, Sequence) and all(isinstance(p, str) for p in periods):
        return _select(periods)
    else:
        raise EfficapError(f"Stress periods: got {type(periods).__name__}; {_HOW}.")
    return _checked(rows)


def _builtin() -> pd.DataFrame:
    return _builtin_table().copy()


@functools.cache
def _builtin_table() -> pd.DataFrame:
    """The package's periods, read and checked once (callers get copies)."""
    source = resources.files("efficap").joinpath("data/stress_periods.csv")
    with source.open("r", encoding="utf-8", newline="") as f:
        return _checked(_reader_rows(csv.reader(f), "data/stress_periods.csv"))


def _select(names: Sequence[str]) -> pd.DataFrame:
    table = _builtin()
    keys = [n.casefold() for n in table["name"]]
    picked = []
    for name in names:
        key = name.strip().casefold()
        if key not in keys:
            raise EfficapError(
                f"Unknown stress period {short(name, 20)}; built-in: {', '.join(table['name'])}."
            )
        picked.append(keys.index(key))
    if not picked:
        raise EfficapError(f"No stress periods given: {_HOW}.")
    return _checked([tuple(table.iloc[i]) for i in picked])


def _pair(name: Any, value: Any) -> tuple[Any, Any]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or len(value) != 2:
        raise EfficapError(
            f"Stress period {short(name)} must be a (start, end) pair, "
            "e.g. ('2020-02-19', '2020-03-23')."
        )
    return value[0], value[1]


def _columns(header: Sequence[Any]) -> dict[str, int]:
    found = {str(c).strip().lower(): i for i, c in enumerate(header)}
    missing = [c for c in PERIOD_COLUMNS[:3] if c not in found]
    if missing:
        got = ", ".join(str(c) for c in header) or "none"
        got = got if len(got) <= 60 else got[:57] + "..."
        raise EfficapError(f"Stress periods need columns name, start, end; got {got}.")
    return found


def _frame_rows(frame: pd.DataFrame) -> list[tuple[Any, ...]]:
    cols = _columns(list(frame.columns))
    pick = [cols[c] for c in PERIOD_COLUMNS if c in cols]
    rows = [tuple(r[i] for i in pick) for r in frame.itertuples(index=False)]
    return [r if len(r) == 4 else (*r, "") for r in rows]


def _csv_rows(path: Path) -> list[tuple[Any, ...]]:
    if not path.is_file():
        raise EfficapError(f"Stress periods file {short(str(path), 80)} not found.")
    try:
        with path.open("r", encoding="utf-8-sig", newline="") as f:
            return _reader_rows(csv.reader(f), path.name)
    except (UnicodeDecodeError, csv.Error):
        raise EfficapError(
            f"Stress periods file {short(path.name)} is not UTF-8 CSV text."
        ) from None


def _reader_rows(reader: Any, label: str) -> list[tuple[Any, ...]]:
    lines = [row for row in reader if any(cell.strip() for cell in row)]
    if not lines:
        raise EfficapError(f"Stress periods file {short(label)} is empty; {_HOW}.")
    cols = _columns(lines[0])

    def cell(row: list[str], key: str) -> str:
        i = cols.get(key)
        return row[i] if i is not None and i < len(row) else ""

    return [tuple(cell(row, key) for key in PERIOD_COLUMNS) for row in lines[1:]]


def _date(value: Any, name: str, which: str) -> pd.Timestamp:
    return parse_date(value, f"Stress period {short(name)}: {which}")


def _checked(rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    if not rows:
        raise EfficapError(f"No stress periods given: {_HOW}.")
    names: list[str] = []
    starts: list[pd.Timestamp] = []
    ends: list[pd.Timestamp] = []
    sources: list[str] = []
    for number, (name, start, end, source) in enumerate(rows, 1):
        if not isinstance(name, str) or not name.strip():
            raise EfficapError(
                f"Stress period {number} has no name (got {short(name)}); name every period."
            )
        name = name.strip()
        if name.casefold() in (n.casefold() for n in names):
            raise EfficapError(
                f"Stress period name {short(name)} appears twice; give each period its own name."
            )
        lo, hi = _date(start, name, "start"), _date(end, name, "end")
        if lo >= hi:
            raise EfficapError(
                f"Stress period {short(name)} starts {lo:%Y-%m-%d}, not before its end "
                f"{hi:%Y-%m-%d}; put the start first."
            )
        names.append(name)
        starts.append(lo)
        ends.append(hi)
        sources.append("" if source is None or pd.isna(source) else str(source).strip())
    return pd.DataFrame(
        {
            "name": names,
            "start": pd.DatetimeIndex(starts).as_unit("ns"),
            "end": pd.DatetimeIndex(ends).as_unit("ns"),
            "source": sources,
        }
    )


# --------------------------------------------------------------------------- returns


def stress_table(
    prices: pd.DataFrame,
    blends: Blends,
    periods: PeriodsLike = None,
    rebalance: str | Rebalance | None = None,
    funds: Funds = False,
) -> pd.DataFrame:
    """Each blend's total return over each stress period.

    Parameters
    ----------
    prices : pandas.DataFrame
        Total-return closes (only ratios matter), one column per ticker,
        indexed by date (see :func:`efficap.prices.read_prices`).
    blends : mapping of str to weights
        Blend name -> (ticker -> decimal weight adding up to 1); rows keep
        this order.
    periods : optional
        Anything :func:`stress_periods` accepts; the built-in periods by
        default.
    rebalance : str or Rebalance, optional
        Rule for every blend (see :func:`efficap.blend.parse_rebalance`);
        None means the package default.
    funds : bool or list of str, default False
        True adds one row per fund the blends hold (in order of first
        appearance), a list adds those tickers: each a 100% single-fund
        blend, i.e. its own price ratio.

    Returns
    -------
    pandas.DataFrame
        Index ``Blend`` (blend names, then tickers), one column per period
        name: decimal total returns, NaN where the row's history does not
        cover the period (it starts before the row's first close or ends
        after its last close).

    Raises
    ------
    WeightsError, UnknownTickerError, PriceDataError
        As :func:`efficap.blend.blend_growth`; the message names the blend.
    EfficapError
        On bad periods, blends, `funds` or rebalancing rule.
    """
    table = stress_periods(periods)
    paths = growth_paths(prices, blends, parse_rebalance(rebalance), funds)
    return stress_from_paths(paths, table)


def stress_detail(
    prices: pd.DataFrame,
    blends: Blends,
    periods: PeriodsLike = None,
    rebalance: str | Rebalance | None = None,
    funds: Funds = False,
) -> pd.DataFrame:
    """The stress returns in long form, with the closes they were read between.

    Same parameters and errors as :func:`stress_table`.

    Returns
    -------
    pandas.DataFrame
        One row per (blend, period), blends in order, then periods in order;
        columns ``blend``, ``period``, ``start`` and ``end`` (the period's
        calendar dates), ``start_close`` and ``end_close`` (dates of the last
        closes on or before them that the return is read between; NaT where
        not covered), ``return`` (decimal; NaN where not covered).
    """
    table = stress_periods(periods)
    paths = growth_paths(prices, blends, parse_rebalance(rebalance), funds)
    return stress_detail_from_paths(paths, table)


def stress_from_paths(paths: dict[str, pd.Series], table: pd.DataFrame) -> pd.DataFrame:
    """Wide stress table from growth paths already computed (see :func:`stress_table`)."""
    starts, ends = as_ns(table["start"]), as_ns(table["end"])
    rows = [window_returns(path, starts, ends)[0] for path in paths.values()]
    return pd.DataFrame(
        np.array(rows, dtype=float).reshape(len(rows), len(table)),
        index=pd.Index(list(paths), name="Blend"),
        columns=pd.Index(list(table["name"]), name="Period"),
    )


def stress_detail_from_paths(paths: dict[str, pd.Series], table: pd.DataFrame) -> pd.DataFrame:
    """Long stress table from growth paths already computed (see :func:`stress_detail`)."""
    starts, ends = as_ns(table["start"]), as_ns(table["end"])
    parts = [window_returns(path, starts, ends) for path in paths.values()]
    k = len(table)
    return pd.DataFrame(
        {
            "blend": np.repeat(list(paths), k),
            "period": np.tile(table["name"].to_numpy(dtype=object), len(paths)),
            "start": np.tile(starts, len(paths)),
            "end": np.tile(ends, len(paths)),
            "start_close": np.concatenate([p[1] for p in parts]),
            "end_close": np.concatenate([p[2] for p in parts]),
            "return": np.concatenate([p[0] for p in parts]),
        }
    )
