"""The Excel layer's conversions under their former single-module names.

The conversions live in modules by concern; this module re-exports them so
``from efficap_xl import convert`` keeps working. New code imports the modules:

- :mod:`efficap_xl.cells` -- what one cell is (blank, number, text, bool, error, date).
- :mod:`efficap_xl.ranges` -- range shapes (a cell, a row or column, a 2-D block).
- :mod:`efficap_xl.readers` -- rows and columns: tickers, labels, numbers, weights,
  targets.
- :mod:`efficap_xl.scalars` -- one-cell arguments: text, flags, numbers, dates,
  periods, rebalancing rules.
- :mod:`efficap_xl.frames` -- tables: prices, weights tables, catalog ranges.
- :mod:`efficap_xl.outputs` -- results shaped for the sheet, and error cells.

Implements nothing of its own.
"""

from __future__ import annotations

from efficap_xl.cells import EXCEL_ERRORS, InputError, excel_error, is_blank
from efficap_xl.frames import catalog, prices, weights_table
from efficap_xl.outputs import (
    ERROR_PREFIX,
    NOT_AVAILABLE,
    aligned,
    cell,
    error_cell,
    internal_error_cell,
    table,
)
from efficap_xl.ranges import Vector, grid, vector
from efficap_xl.readers import aligned_weights, labels, numbers, targets, tickers, weights
from efficap_xl.scalars import date, flag, number, optional_date, period, rebalance, text

__all__ = [
    "ERROR_PREFIX",
    "EXCEL_ERRORS",
    "NOT_AVAILABLE",
    "InputError",
    "Vector",
    "aligned",
    "aligned_weights",
    "catalog",
    "cell",
    "date",
    "error_cell",
    "excel_error",
    "flag",
    "grid",
    "internal_error_cell",
    "is_blank",
    "labels",
    "number",
    "numbers",
    "optional_date",
    "period",
    "prices",
    "rebalance",
    "table",
    "targets",
    "text",
    "tickers",
    "vector",
    "weights",
    "weights_table",
]
