"""Property: every Excel function, fed any cell-shaped values, answers a value or one short error.

Each argument of each ``EFFCAP_`` function in the spec gets either a working value (so
later arguments are reached) or a value of the shapes xlwings hands a function on
Windows: None, text (error texts, dates, tickers, anything), floats including NaN and
infinities, TRUE/FALSE, Decimals (Currency cells), datetimes, the int codes of error
cells, and rows, columns and blocks of them. The answer must be a valid result (a finite
number, text that is not an error, TRUE/FALSE, a date, or a rectangular list of rows of
those) or exactly one ``#EFFCAP: ...`` text under 160 characters that is not an internal
error -- never an exception and never a Python repr.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from efficap_xl import cache, cells, udfs
from efficap_xl.outputs import ERROR_PREFIX
from efficap_xl.spec import SPEC

DATES = [dt.datetime(2024, 12, d) for d in (23, 24, 26, 27, 30, 31)]
PRICES = [["IVV", "AGG"], [100.0, 50.0], [101.0, 50.5], [100.5, 50.2], [102.0, 50.1]]
PRICES += [[101.5, 50.4], [103.0, 50.6]]

# A working value per required argument, by name: the spec's functions share their
# arguments (tickers, weights, dates, prices...), so a new function built from them needs no
# entry here. Optional arguments are left out (None, as Excel passes an omitted one).
GOOD: dict[str, Any] = {
    "tickers": ["IVV", "AGG"],
    "weights": [0.6, 0.4],
    "dates": DATES,
    "prices": PRICES,
    "as_of": DATES[-1],
    "period": "SI",
    "weights_table": [["", "IVV", "AGG"], ["Mix", 0.6, 0.4]],
    "ticker": "NTSX",
    "field": "net ER",
    "targets": [0.6, 0.4],
    "asset_classes": ["U.S. Equities", "U.S. Fixed Income"],
}
# NTSX simulated from its proxies: IVV (U.S. Equities), IEF (U.S. Fixed Income), BIL (Cash).
SIM_PRICES = [["IVV", "IEF", "BIL"]] + [
    [r[0], r[1], 100.0 + i / 100] for i, r in enumerate(PRICES[1:])
]
# The overlay screen: a 60/40 core, NTSX to make room, WTMF on top.
SCREEN_PRICES = [["IVV", "AGG", "NTSX", "WTMF"]] + [
    [r[0], r[1], 20.0 + i / 10, 30.0 - i / 10] for i, r in enumerate(PRICES[1:])
]
# NTSX regressed on IVV and IEF over BIL: 16 daily closes of made-up, varied returns.
REG_DATES = [dt.datetime(2025, 3, 3) + dt.timedelta(days=d) for d in range(22) if d % 7 < 5]
REG_PRICES = [["IVV", "IEF", "BIL", "NTSX"]] + [
    [100 + (i * 7) % 5, 100 + (i * 3) % 4, 100 + i / 100, 100 + (i * 7) % 5 + (i * 5) % 3]
    for i in range(len(REG_DATES))
]
# Where one function needs another working value for a shared name.
GOOD_FOR: dict[tuple[str, str], Any] = {
    ("EFFCAP_SCREEN", "prices"): SCREEN_PRICES,
    ("EFFCAP_SCREEN", "overlays"): [0.2],  # one size keeps each example quick
    ("EFFCAP_REALIZED", "dates"): REG_DATES,
    ("EFFCAP_REALIZED", "prices"): REG_PRICES,
    ("EFFCAP_REALIZED", "frequency"): "daily",  # 16 closes make too few weeks
    ("EFFCAP_SIMULATE", "prices"): SIM_PRICES,
    ("EFFCAP_SOLVE", "tickers"): [["IVV", "AGG"]],
    ("EFFCAP_SOLVE_STATUS", "tickers"): [["IVV", "AGG"]],
}


def good(name: str, arg: Any) -> Any:
    """A working value of argument `arg` (a spec Arg) of function `name`."""
    if (name, arg.name) in GOOD_FOR:
        return GOOD_FOR[name, arg.name]
    if arg.optional:
        return None
    assert arg.name in GOOD, f"Add a working value for {name}'s argument {arg.name} to GOOD."
    return GOOD[arg.name]


ERROR_INTS = [cells.ERROR_BASE + code for code in (*cells.ERROR_CODES, 0, 2099, 0xFFFF)]
TEXTS = [
    "",
    " ",
    "#N/A",
    "#SPILL!",
    "#CALC!",
    "IVV",
    "agg",
    "NTSX",
    "U.S. Equities",
    "Gold",
    "Ticker",
    "net ER",
    "inception",
    "quarterly",
    "threshold:5%",
    "linked",
    "restart",
    "GFC",
    "Covid crash",
    "0.5%",
    "YTD",
    "3Y",
    "SI",
    "2024-12-26",
    "04/03/2026",
    "27/12/2024",
    "TRUE",
    "no",
    "40%",
    "funds.csv",
    "<object>",
    "x" * 200,
]

cell_values = st.one_of(
    st.none(),
    st.sampled_from(TEXTS),
    st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, 0.24, 0.6, 1.0, -0.5, 5.0, 24.0, 46112.0, 1e308, -1e-300]),
    st.booleans(),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from([Decimal("0.24"), Decimal("101.25"), Decimal("46112")]),
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2030, 12, 31)),
    st.sampled_from(ERROR_INTS),
    st.integers(min_value=-10, max_value=60000),
)
rows = st.integers(min_value=1, max_value=4).flatmap(
    lambda width: st.lists(st.lists(cell_values, min_size=width, max_size=width), max_size=5)
)
shaped = st.one_of(
    cell_values,
    st.lists(cell_values, max_size=6),  # a row or column (flat list)
    rows,  # a block (list of rows); sometimes empty
    st.lists(st.lists(cell_values, max_size=3), min_size=1, max_size=3),  # ragged
)

# Tables shaped like the real thing (a header row, then rows) with any cells inside, so
# the checks past the first row and column are reached too.
header_cells = st.one_of(
    st.sampled_from(["IVV", "AGG", "NTSX", "Ticker", "Net ER", "Inception", "Gold", "Cash"]),
    cell_values,
)
body_cells = st.one_of(
    st.floats(min_value=-2, max_value=200, allow_nan=False), st.none(), cell_values
)


@st.composite
def tables(draw: st.DrawFn) -> list[list[Any]]:
    width = draw(st.integers(min_value=1, max_value=4))
    head = draw(st.lists(header_cells, min_size=width, max_size=width))
    body = draw(
        st.lists(st.lists(body_cells, min_size=width, max_size=width), min_size=0, max_size=6)
    )
    return [head, *body]


date_columns = st.one_of(
    st.lists(
        st.datetimes(min_value=dt.datetime(2023, 1, 1), max_value=dt.datetime(2025, 1, 1)),
        min_size=1,
        max_size=7,
        unique=True,
    ).map(sorted),
    st.lists(cell_values, min_size=1, max_size=7),
)
STRUCTURED = {
    "prices": tables(),
    "weights_table": tables(),
    "catalog": tables(),
    "periods": tables(),
    "dates": date_columns,
}

_REPR = re.compile(
    r"<[\w.]+ object|object at 0x|Timestamp\(|Decimal\(|datetime\.(date|datetime)\(|"
    r"numpy\.|np\.(float|int)|Traceback"
)


def _check_value(value: Any) -> None:
    assert type(value) in (float, str, bool, dt.datetime), (type(value), value)
    if type(value) is float:
        assert math.isfinite(value)
    if type(value) is str:
        assert cells.excel_error(value) is None, value
        assert not value.startswith(ERROR_PREFIX.strip()), value
        assert not _REPR.search(value), value


def _check_result(result: Any) -> None:
    if isinstance(result, str) and result.startswith("#EFFCAP"):
        assert result.startswith(ERROR_PREFIX)
        assert len(result) < 160, result
        assert "internal error" not in result, result
        assert "\n" not in result and not _REPR.search(result), result
        return
    if isinstance(result, list):
        assert result and all(type(row) is list and row for row in result), result
        assert len({len(row) for row in result}) == 1, result
        for row in result:
            for value in row:
                _check_value(value)
        return
    _check_value(result)


@pytest.mark.parametrize("name", sorted(SPEC))
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_any_cells_give_a_value_or_one_short_error(name, data):
    func = getattr(udfs, name)
    args = []
    for arg in SPEC[name].args:
        use_good = data.draw(st.booleans(), label=f"{arg.name} is good")
        bad = st.one_of(shaped, STRUCTURED[arg.name]) if arg.name in STRUCTURED else shaped
        args.append(good(name, arg) if use_good else data.draw(bad, label=arg.name))
    cache.clear()
    _check_result(func(*args))


@pytest.mark.parametrize("name", sorted(SPEC))
def test_the_working_values_work(name):
    """The working values reach the core and give a result, so the property goes deep."""
    args = [good(name, a) for a in SPEC[name].args]
    result = getattr(udfs, name)(*args)
    assert not (isinstance(result, str) and result.startswith(ERROR_PREFIX)), result
    _check_result(result)
