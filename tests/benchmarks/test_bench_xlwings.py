"""What xlwings' own conversion of a price range costs, per cell, in CPython.

On a recalculation Excel hands each EFFCAP_ call its ranges; xlwings' classic UDF
path (``xlwings.udfs.call_udf``) reads each range's values over COM and runs them
through ``xlwings.conversion.read``: the ``ValueAccessor`` reader pipeline (ensure
2-D, clean every cell with the Windows engine's ``clean_value_data``, adjust the
dimensions) with the converter options of the argument (``efficap_xl.spec``:
``ndim=2, err_to_str=True`` for a price range, ``err_to_str=True`` for the dates
column). This benchmark runs that pipeline of xlwings 0.37 unchanged on the values
COM delivers (a tuple of row tuples: text, floats, ``None`` for an empty cell,
datetimes), with the Windows cleaning functions taken from xlwings' own source
(``xlwings/_xlwindows.py``, which cannot be imported without pywin32).

Measured: a 6,590 x 9 block (a header of nine tickers, then 6,589 rows of closes,
``None`` before a fund's first close), the 6,590-cell dates column, and 3,411 x 9
empty cells (the unused rows of a 10,000-row range). Per-cell costs are printed at
the end of the run, with the estimate of a Portfolio Lab recalculation they give.

Not measured, and only Excel can: the COM transfer itself (Excel packing each
range into a SAFEARRAY of VARIANTs, the call crossing from Excel to the xlwings COM
server process, pywin32 turning it into Python objects), Excel's own recalculation
and the write-back of each result.
"""

from __future__ import annotations

import ast
import datetime as dt
import types
from pathlib import Path

import numpy as np
import pytest
import xlwings
from xlwings.conversion import ConversionContext, accessors

from efficap_xl.spec import KIND_OPTIONS

from .measurements import VALUES, report, xlwings_prices

BLOCK_FUNDS = ("IVV", "AGG", "IEF", "SHY", "NTSX", "WTMF", "TLT", "GLD", "BND")
EMPTY_ROWS = 10_000 - 6_589


def _windows_cleaning() -> types.SimpleNamespace:
    """xlwings' Windows engine as far as reading values goes, from xlwings' own source."""
    source = Path(xlwings.__file__).with_name("_xlwindows.py").read_text(encoding="utf-8")
    wanted = {"_com_time_to_datetime", "_clean_value_data_element", "cell_errors"}
    body: list[ast.stmt] = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef) and node.name in wanted:
            body.append(node)
        elif isinstance(node, ast.Assign) and {getattr(t, "id", "") for t in node.targets} & wanted:
            body.append(node)
        elif isinstance(node, ast.ClassDef) and node.name == "Engine":
            body += [n for n in node.body if getattr(n, "name", "") == "clean_value_data"]
    names = {"dt": dt, "np": np, "time_types": (dt.date, dt.datetime, np.datetime64)}
    code = compile(ast.Module(body=body, type_ignores=[]), "xlwings/_xlwindows.py", "exec")
    exec(code, names)  # xlwings' own code, no pywin32 needed for these parts
    assert {"_clean_value_data_element", "clean_value_data"} <= names.keys()
    return types.SimpleNamespace(
        impl=types.SimpleNamespace(clean_value_data=names["clean_value_data"])
    )


ENGINE = _windows_cleaning()


def convert(raw: tuple, options: dict) -> object:
    """``xlwings.conversion.read`` of a value COM delivered, as ``call_udf`` runs it."""
    pipeline = accessors.get(options.get("convert"), options.get("convert")).reader(options)
    ctx = ConversionContext.__new__(ConversionContext)
    ctx.range, ctx.value, ctx.source_value, ctx.meta, ctx.engine = None, raw, raw, {}, ENGINE
    pipeline(ctx)
    return ctx.value


@pytest.fixture(scope="module")
def com_values(shared_prices_dir):
    dates, rows = xlwings_prices(shared_prices_dir, BLOCK_FUNDS)
    block = tuple(map(tuple, rows))
    column = (("Date",), *((d,) for d in dates))
    empty = ((None,) * len(BLOCK_FUNDS),) * EMPTY_ROWS
    assert len(block) == len(column) == 6_590 and len(block[0]) == 9
    return {"block": block, "dates": column, "empty": empty}


def _per_cell(benchmark, name: str, key: str, raw: tuple, options: dict) -> object:
    out = benchmark(convert, raw, options)
    cells = len(raw) * len(raw[0])
    if not benchmark.disabled:
        seconds = benchmark.stats.stats.median
        VALUES[f"xlwings {key}"] = seconds / cells
        benchmark.extra_info.update(cells=cells, us_per_cell=seconds / cells * 1e6)
        report(
            f"xlwings {name}",
            f"xlwings conversion, {name}: {len(raw):,} x {len(raw[0])} in {seconds * 1e3:.1f} ms"
            f" = {seconds / cells * 1e6:.3f} us per cell",
        )
    return out


def test_bench_xlwings_price_block(benchmark, com_values):
    out = _per_cell(
        benchmark, "6,590 x 9 price block", "prices", com_values["block"], KIND_OPTIONS["range2d"]
    )
    assert out[0] == list(BLOCK_FUNDS) and len(out) == 6_590
    assert {type(v) for row in out[1:] for v in row} == {float, type(None)}


def test_bench_xlwings_dates_column(benchmark, com_values):
    out = _per_cell(
        benchmark, "6,590 x 1 dates column", "dates", com_values["dates"], KIND_OPTIONS["vector"]
    )
    assert out[0] == "Date" and type(out[1]) is dt.datetime and len(out) == 6_590


def test_bench_xlwings_empty_rows(benchmark, com_values):
    out = _per_cell(
        benchmark, "3,411 x 9 empty cells", "empty", com_values["empty"], KIND_OPTIONS["range2d"]
    )
    assert out[0] == [None] * 9 and len(out) == EMPTY_ROWS


def test_xlwings_cleaning_is_xlwings_own():
    # the cleaning step read from xlwings' source: errors become their text, as in Excel
    rows = ENGINE.impl.clean_value_data([[-2146826246, "", 1.5]], dt.datetime, None, None, True)
    assert rows == [["#N/A", None, 1.5]]
