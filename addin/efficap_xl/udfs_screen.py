"""The Excel functions that screen overlays and measure what funds hold (xlwings UDFs).

EFFCAP_SCREEN (:func:`efficap.screen.screen`) and EFFCAP_REALIZED
(:func:`efficap.realized.realized_exposures`): convert the cells, call the core, lay the
result out as rows to spill. Declared in :mod:`efficap_xl.spec_screen`; re-exported by
:mod:`efficap_xl.udfs`, the module xlwings imports, whose conventions they follow
(errors as one ``"#EFFCAP: ..."`` cell, n/a for figures that do not exist, decimals).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from efficap import proxies, realized
from efficap import screen as core_screen
from efficap.errors import SimulationError
from efficap_xl import cache, outputs, readers, scalars
from efficap_xl.cells import InputError
from efficap_xl.ranges import vector
from efficap_xl.spec import udf

__all__ = ["EFFCAP_REALIZED", "EFFCAP_SCREEN"]

Cells = Any  # a cell value, flat list or list of rows, as xlwings passes it
Result = Any  # a number, text, date, or a list of rows to spill


def _core(tickers: Cells, weights: Cells) -> dict[str, float] | None:
    given = [
        bool(vector(v, what).values)
        for v, what in ((tickers, "Core tickers"), (weights, "Core weights"))
    ]
    if not any(given):
        return None
    if not all(given):
        raise InputError("Give core_tickers and core_weights together, or neither (60/40).")
    return readers.weights(tickers, weights)


@udf
def EFFCAP_SCREEN(
    dates: Cells,
    prices: Cells,
    core_tickers: Cells = None,
    core_weights: Cells = None,
    candidates: Cells = None,
    overlays: Cells = None,
    rebalance: Cells = None,
    sort: Cells = None,
    catalog: Cells = None,
) -> Result:
    frame = cache.prices(dates, prices)
    core = _core(core_tickers, core_weights)
    names = (
        readers.tickers(candidates, "Candidate")
        if vector(candidates, "Candidates").values
        else None
    )
    sizes = readers.numbers(overlays, "Overlay") if vector(overlays, "Overlays").values else None
    table = core_screen.screen(
        frame,
        core,
        names,
        sizes,
        scalars.rebalance(rebalance),
        cache.catalog(catalog),
        sort=scalars.text(sort, "Sort"),
    )
    header = [table.attrs["caption"], *table.columns]
    rows = [
        [label, *values]
        for label, values in zip(table.index, table.to_numpy().tolist(), strict=True)
    ]
    return outputs.table([header, *rows])


@udf
def EFFCAP_REALIZED(
    dates: Cells, prices: Cells, ticker: Cells, frequency: Cells = None, catalog: Cells = None
) -> Result:
    frame = cache.prices(dates, prices)
    fund = scalars.text(ticker, "Ticker")
    if fund is None:
        raise InputError("Ticker is blank. Give the fund, e.g. NTSX.")
    wanted = {fund.upper()} | set(proxies.proxy_table()["ticker"])
    used = [t for t in frame.columns if t in wanted]
    try:
        result = realized.realized_exposures(
            fund,
            frame[used] if used else frame,
            cache.catalog(catalog),
            frequency=scalars.text(frequency, "Frequency"),
        )
    except SimulationError as exc:  # a missing proxy: no proxies= argument on a sheet
        raise InputError(outputs.sheet_advice(exc)) from None
    table = result.table()
    rows: list[list[Any]] = [
        ["Asset class", "Proxy", "Stated", "Realized", "Std error", "Difference", "Flagged"]
    ]
    rows += [[c, *r] for c, r in zip(table.index, table.to_numpy().tolist(), strict=True)]
    rows += [
        ["R-squared", result.r_squared],
        ["Alpha a year", result.alpha],
        ["Observations", float(result.observations)],
        ["First close", pd.Timestamp(result.first)],
        ["Last close", pd.Timestamp(result.last)],
        ["Frequency", result.frequency],
    ]
    return outputs.table(rows, missing="n/a")
