"""The Portfolio Lab template: your blends' exposures, a solve, and their track record.

Implements
----------
- :func:`write` -- the ``efficap.workbooks`` entry point ``portfolio_lab`` (``efficap
  analyze --out lab.xlsx``): a Lab for the given blends and prices.
- :func:`build_lab` -- the same with the note's three blends by default (``efficap
  build``), without prices unless given.

The Lab sheet holds the inputs (yellow: up to 8 fund tickers from the catalog's
drop-down, up to 3 blends' names and weights, the as-of date, the rebalancing rule, the
growth chart's start), the exposure table as Morningstar shows funds with embedded
leverage (:mod:`~efficap_xl.build.templates.lab_exposure`), the "keep my 60/40 and add
X" solve panel, and the track record (:mod:`~efficap_xl.build.templates.lab_history`).
EFFCAP_GROWTH on the Growth sheet takes the funds' closes by the tickers of the weights
table's header from the "Lab closes" sheet, which picks the Lab's funds' columns from the
Prices sheet (:mod:`~efficap_xl.build.templates.lab_closes`): changing a ticker in the
inputs makes it use that fund's prices. The track-record tables read the blends' growth
from the Growth sheet.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from efficap.catalog import load_catalog
from efficap.errors import WeightsError
from efficap.figures import PORTFOLIOS
from efficap_xl.build.templates import room
from efficap_xl.build.templates.blocks import intro, rule_validation, ticker_validation
from efficap_xl.build.templates.captions import caption_formula, simulated_note
from efficap_xl.build.templates.common import (
    DEFAULT_REBALANCE,
    REBALANCE_HINT,
    Book,
    Cells,
    Sheet,
    write_workbook,
)
from efficap_xl.build.templates.lab_closes import lab_closes
from efficap_xl.build.templates.lab_exposure import exposure_tables, solve_panel
from efficap_xl.build.templates.lab_history import Context, history
from efficap_xl.build.templates.prices import prices_sheet

__all__ = [
    "DEFAULT_BLENDS",
    "EQUITY",
    "FILENAME",
    "MAX_BLENDS",
    "MAX_FUNDS",
    "SHEET",
    "build_lab",
    "write",
]

SHEET = "Lab"
FILENAME = "efficap_portfolio_lab.xlsx"
MAX_BLENDS = 3
MAX_FUNDS = 8
#: The equity fund of the risk table's correlation, by default (an input of the Lab).
EQUITY = "IVV"
#: The note's three blends, under short names.
DEFAULT_BLENDS: dict[str, dict[str, float]] = {
    "60/40": {"IVV": 0.60, "AGG": 0.40},
    "Traditional MF": {"IVV": 0.50, "AGG": 0.30, "WTMF": 0.20},
    "Efficient": {"IVV": 0.24, "NTSX": 0.40, "AGG": 0.16, "WTMF": 0.20},
}
#: Funds that fill the empty ticker slots (weight 0) so there is room to try others.
_SPARE = ("NTSI", "DBMF", "KMLM", "GLD", "TLT", "BIL", "SPY", "RSST")
assert {t for w in DEFAULT_BLENDS.values() for t in w} <= set(next(iter(PORTFOLIOS.values())))

# Layout (0-based rows) of the Lab sheet's top.
_CAPTION, _SIMULATED = 2, 3
_I_AS_OF, _I_RULE, _I_FROM, _I_CATALOG = 5, 6, 7, 8
_W_HEADER = 10  # weights table header (Excel row 11)


def _slots(
    blends: Mapping[str, Mapping[str, float]], prices: pd.DataFrame | None, catalog: Any
) -> list[str]:
    """The ticker slots: the held funds, then spare funds (priced ones when prices are
    given), up to :data:`MAX_FUNDS`."""
    held = list(dict.fromkeys(str(t).strip().upper() for w in blends.values() for t in w))
    if len(held) > MAX_FUNDS:
        raise WeightsError(
            f"The Lab holds up to {MAX_FUNDS} funds; the blends hold {len(held)}: "
            f"{', '.join(held)}."
        )
    known = set(load_catalog(catalog).index)
    pool = [*_SPARE, *sorted(known)] if prices is None else list(prices.columns)
    spare = [t for t in pool if t in known and t not in held]
    return [*held, *spare][: max(len(held), min(MAX_FUNDS, len(held) + len(spare)))]


def _inputs(
    ws: Sheet,
    blends: Mapping[str, Mapping[str, float]],
    tickers: list[str],
    start: Any,
    as_of: Any,
    rule: str,
    catalog: Any,
) -> dict[str, Cells]:
    st = ws.book.st
    rows = (
        (_I_AS_OF, "As of (performance table)", pd.Timestamp(as_of), st.date_in),
        (_I_RULE, "Rebalancing rule", rule, st.text_in),
        (_I_FROM, "Growth chart from", pd.Timestamp(start), st.date_in),
        (_I_CATALOG, "Catalog file (optional)", catalog, st.text_in),
    )
    refs = {}
    for row, label, value, fmt in rows:
        ws.write(row, 0, label, st.bold)
        ws.write(row, 1, value, fmt)
    refs["as_of"], refs["rule"] = ws.cells(_I_AS_OF, 1), ws.cells(_I_RULE, 1)
    refs["start"], refs["catalog"] = ws.cells(_I_FROM, 1), ws.cells(_I_CATALOG, 1)
    ws.write(_I_AS_OF, 2, "Equity fund", st.bold)
    ws.write(_I_AS_OF, 3, EQUITY, st.text_in)
    ws.write(_I_AS_OF, 4, "the risk table's correlations are to it", st.note)
    ticker_validation(ws, _I_AS_OF, 3, _I_AS_OF, 3)
    refs["equity"] = ws.cells(_I_AS_OF, 3)
    rule_validation(ws, _I_RULE, 1)
    ws.write(_I_RULE, 2, REBALANCE_HINT, st.note)
    ws.write(_I_CATALOG, 2, "blank = the built-in catalog; or the path of a CSV/XLSX", st.note)

    ws.write(_W_HEADER - 1, 0, "Blends: fund tickers and weights (decimals of capital)", st.bold)
    ws.write(_W_HEADER, 0, "Blend", st.header)
    last = len(tickers)
    for j, ticker in enumerate(tickers, start=1):
        ws.write(_W_HEADER, j, ticker, st.text_in)
    ws.write(_W_HEADER, last + 1, "Total", st.header)
    ticker_validation(ws, _W_HEADER, 1, _W_HEADER, last)
    for i, (name, weights) in enumerate(blends.items(), start=1):
        row = _W_HEADER + i
        ws.write(row, 0, name, st.text_in)
        held = {str(t).strip().upper(): float(w) for t, w in weights.items()}
        for j, ticker in enumerate(tickers, start=1):
            ws.write(row, j, held.get(ticker, 0.0), st.pct_in)
        span = ws.cells(row, 1, row, last, row_abs=False, col_abs=False)
        ws.plain_formula(row, last + 1, f"=SUM({span.text})", st.pct_total, sum(held.values()))
    refs["tickers"] = ws.cells(_W_HEADER, 1, _W_HEADER, last)
    refs["table"] = ws.cells(_W_HEADER, 0, _W_HEADER + len(blends), last)
    ws.book.define_name("Lab_Tickers", refs["tickers"])
    ws.book.define_name("Lab_Blends", refs["table"])
    return refs


def _priced_row(ws: Sheet, row: int, tickers: list[str], header: Cells, priced: set[str]) -> None:
    """Under each ticker: whether the Prices sheet has its column (a native check)."""
    st = ws.book.st
    ws.write(row, 0, "Prices sheet column", st.note)
    for j, ticker in enumerate(tickers, start=1):
        cell = ws.cells(_W_HEADER, j, row_abs=True, col_abs=False)
        text = f'=IF(COUNTIF({header.text},{cell.text})>0,"priced","add prices")'
        ws.plain_formula(row, j, text, st.note, "priced" if ticker in priced else "add prices")


def _lab(
    book: Book,
    prices: pd.DataFrame | None,
    blends: Mapping[str, Mapping[str, float]],
    as_of: Any,
    rule: str,
    catalog: Any,
    simulated: Mapping[str, tuple[Any, Any]] | None,
    price_rows: int | None,
) -> None:
    book.lists(catalog)
    ws = book.add_sheet(SHEET)
    tickers = _slots(blends, prices, catalog)
    frame = None
    if prices is not None:
        frame = prices[[c for c in prices.columns]].dropna(how="all")
    price_header = list(frame.columns) if frame is not None else tickers
    held = [t for t in tickers if any(w.get(t, 0) for w in blends.values())]
    if frame is not None:
        firsts = [frame[t].first_valid_index() for t in held if t in frame.columns]
        start = max(firsts) if firsts else frame.index[0]
        lasts = [frame[t].last_valid_index() for t in held if t in frame.columns]
        stamp = as_of if as_of is not None else min(lasts) if lasts else frame.index[-1]
    else:
        inception = load_catalog(catalog).loc[held, "inception"].dropna()
        start = inception.max() if len(inception) else pd.Timestamp("2018-08-02")
        stamp = as_of if as_of is not None else pd.Timestamp("2026-03-31")
    intro(
        ws,
        "Portfolio Lab: exposures, a solve and the track record of your blends",
        "edit the yellow cells: tickers (drop-down), blend names and weights, as-of date, "
        "rule. Fill the Prices sheet (Refresh prices) for the track record; a ticker you "
        "switch to needs its column there. Formulas need the efficap add-in; without it the "
        "cells show the saved values.",
        columns=9,
    )
    ws.set_column(0, 0, 40)
    ws.set_column(1, 12, 12)
    ws.fit_to_pages(1, 0)  # one page wide, as many tall as the tables need
    ws.repeat_rows(0, 0)
    lab = _inputs(ws, blends, tickers, start, stamp, rule, catalog)
    note = simulated_note(simulated, None if frame is None else frame.index)
    suffix = f"; {note}" if note else ""
    caption_formula(ws, _CAPTION, 0, lab["as_of"], lab["rule"], suffix)
    if note:
        ws.write(_SIMULATED, 0, f"Simulated closes: {note}.", book.st.bold)
    dates, table = prices_sheet(book, price_header, frame, "The Lab's formulas", price_rows, False)
    closes = lab_closes(book, lab["tickers"], lab["equity"], table, frame, price_header)
    header = Cells("Prices", 0, 1, 0, len(price_header), qualified=True)
    lab["price_header"] = header
    _priced_row(ws, _W_HEADER + len(blends) + 1, tickers, header, set(price_header))
    ws.freeze_panes(_W_HEADER + 1, 1)
    row, exposure_chart = exposure_tables(ws, _W_HEADER + len(blends) + 3, lab)
    row = solve_panel(ws, row + 2, lab)
    years = room.history_years(frame, catalog, stamp)
    ctx = Context(ws, lab, dates, closes, frame is not None, note, years)
    history(ctx, row + 2, exposure_chart)
    ws.activate()


def build_lab(
    path: str | os.PathLike[str],
    prices: pd.DataFrame | None = None,
    blends: Mapping[str, Mapping[str, float]] | None = None,
    *,
    as_of: Any = None,
    rebalance: str | None = None,
    catalog: Any = None,
    simulated: Mapping[str, tuple[Any, Any]] | None = None,
    force: bool = False,
    price_rows: int | None = None,
) -> Path:
    """Write the Portfolio Lab to `path` (the note's blends unless `blends` are given).

    Parameters
    ----------
    prices : pandas.DataFrame, optional
        Total-return closes, one column per ticker, for the Prices sheet (all of them);
        without them the sheet is empty with a note saying what to paste.
    blends : mapping of name to (ticker -> decimal weight), optional
        Up to :data:`MAX_BLENDS` blends holding up to :data:`MAX_FUNDS` funds in all.
    as_of : date-like, optional
        The performance table's as-of date (default: the last close).
    rebalance : str, optional
        The rule (default the core's, annual).
    catalog : optional
        A catalog file path (goes in the Catalog cell; the drop-downs list its funds).
    simulated : mapping of ticker to (from, to), optional
        Which closes are simulated, for the captions.
    price_rows : int, optional
        Price rows the formulas read (default: at least 10,000).

    Raises
    ------
    OverwriteError
        If `path` exists, differs and `force` is False.
    WeightsError
        On more than 3 blends or 8 funds; errors of the functions on bad input.
    """
    chosen = dict(DEFAULT_BLENDS if blends is None else blends)
    if not chosen or len(chosen) > MAX_BLENDS:
        raise WeightsError(f"The Lab shows 1 to {MAX_BLENDS} blends; got {len(chosen)}.")
    rule = DEFAULT_REBALANCE if rebalance is None else str(rebalance)
    source = None if catalog is None else str(catalog)

    def fill(book: Book) -> None:
        _lab(book, prices, chosen, as_of, rule, source, simulated, price_rows)

    return write_workbook(path, fill, force)


def write(
    path: str | os.PathLike[str],
    prices: pd.DataFrame | None,
    blends: Mapping[str, Mapping[str, float]],
    *,
    as_of: Any = None,
    rebalance: Any = None,
    catalog: Any = None,
    simulated: Mapping[str, tuple[Any, Any]] | None = None,
    force: bool = False,
) -> Path:
    """The ``efficap.workbooks`` entry point ``portfolio_lab``: :func:`build_lab`."""
    rule = None if rebalance is None else str(rebalance)
    return build_lab(
        path,
        prices,
        blends,
        as_of=as_of,
        rebalance=rule,
        catalog=catalog,
        simulated=simulated,
        force=force,
    )
