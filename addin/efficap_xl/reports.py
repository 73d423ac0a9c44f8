"""Core results laid out as the spilled tables of the Excel functions.

Each function takes what the core returned and gives the rows a function spills
(Excel-ready cells, via :func:`efficap_xl.outputs.table`): a header row saying what
each column is, then the figures, NaN shown as ``"n/a"``. No figure is computed here.

Implements
----------
- :func:`performance_caption`, :func:`performance_rows` -- EFFCAP_PERFORMANCE: the
  header's first cell says what the table is (``as of 2026-03-31; annual; linked``).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from efficap_xl import outputs

__all__ = ["performance_caption", "performance_rows"]

Rows = list[list[Any]]


def performance_caption(table: pd.DataFrame) -> str:
    """Return the short caption of a standardized table: ``as of 2026-03-31; annual; linked``.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`efficap.performance.standardized_table` (its ``attrs`` say the
        as-of date, the rebalancing rule and the window convention).
    """
    about = table.attrs
    return f"as of {about['as_of']:%Y-%m-%d}; {about['rebalance']}; {about['window']}"


def performance_rows(table: pd.DataFrame) -> Rows:
    """Return EFFCAP_PERFORMANCE's spill: caption | YTD ... SI, then one row per blend.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`efficap.performance.standardized_table`.
    """
    rows: Rows = [[performance_caption(table), *table.columns]]
    rows.extend(
        [name, *values] for name, values in zip(table.index, table.to_numpy().tolist(), strict=True)
    )
    return outputs.table(rows)
