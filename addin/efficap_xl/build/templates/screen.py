"""The overlay screen template: which diversifier to stack on a core, and how much.

Implements :func:`build_screen`: a Screen sheet with yellow inputs (the core's funds and
weights, the candidate funds, the overlay sizes, the rebalancing rule and the column to
sort by) and one ``EFFCAP_SCREEN`` over them, written over the room of its largest answer
(every candidate slot x every overlay slot, every column any row may hold; see
:func:`~efficap_xl.build.templates.room.screen_room`); and a Prices sheet in efficap's
layout (filled when prices are given, every fund they hold). Without prices the screen
is a formula waiting for the add-in (no cached value).
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
from xlsxwriter.utility import xl_col_to_name

from efficap.errors import UnknownTickerError
from efficap.overlay import DEFAULT_CORE, DEFAULT_OVERLAYS
from efficap.screen import SORT_ASCENDING
from efficap_xl.build.templates.blocks import intro, rule_validation, ticker_validation
from efficap_xl.build.templates.common import (
    DEFAULT_REBALANCE,
    REBALANCE_HINT,
    Book,
    Cells,
    Sheet,
    write_workbook,
)
from efficap_xl.build.templates.prices import prices_sheet
from efficap_xl.build.templates.room import screen_room

__all__ = [
    "CANDIDATES",
    "CANDIDATE_SLOTS",
    "CORE_SLOTS",
    "FILENAME",
    "OVERLAY_SLOTS",
    "SHEET",
    "build_screen",
]

FILENAME = "efficap_screen.xlsx"
SHEET = "Screen"
CANDIDATES = ("WTMF", "DBMF", "KMLM", "CTA", "GLD")  # the default candidates
CORE_SLOTS, CANDIDATE_SLOTS, OVERLAY_SLOTS = 8, 12, 5  # rows offered for each input
#: Columns offered in the sort drop-down (any numeric column of the table also works).
SORT_CHOICES = (
    "CAGR",
    "CAGR vs core",
    "Sharpe",
    "Max drawdown",
    "Max drawdown vs core",
    *SORT_ASCENDING,
)

# Layout (0-based rows and columns).
_HEADER = 4  # the inputs' header row (Excel row 5); their first slot is the row below
_CORE, _WEIGHT, _CAND, _SIZE, _LABEL, _VALUE = 0, 1, 3, 5, 7, 8  # input columns
_TITLE = _HEADER + CANDIDATE_SLOTS + 3  # the table's title; caption below, table after


def _template_prices(prices: pd.DataFrame) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """The core's and the priced default candidates' closes, then every other fund given
    (a ticker typed in finds its column), from the first date any of them has a price;
    and those candidates (the ones the prices hold, in :data:`CANDIDATES` order)."""
    missing = [t for t in DEFAULT_CORE if t not in prices.columns]
    chosen = tuple(t for t in CANDIDATES if t in prices.columns)
    if missing or not chosen:
        need = missing or [f"one of {', '.join(CANDIDATES)}"]
        raise UnknownTickerError(f"The screen template needs prices for {', '.join(need)}.")
    shown = (*DEFAULT_CORE, *chosen)
    others = [t for t in prices.columns if t not in shown]
    return prices[[*shown, *others]].dropna(how="all"), chosen


def _column(ws: Sheet, col: int, title: str, values: list, slots: int, fmt: object) -> Cells:
    """A yellow input column: header, `values`, blank slots up to `slots` rows."""
    st = ws.book.st
    ws.write(_HEADER, col, title, st.header)
    for i in range(slots):
        ws.write(_HEADER + 1 + i, col, values[i] if i < len(values) else None, fmt)
    return ws.cells(_HEADER + 1, col, _HEADER + slots, col)


def _inputs(book: Book, ws: Sheet, candidates: tuple[str, ...]) -> dict[str, Cells]:
    st = book.st
    refs = {
        "core_tickers": _column(ws, _CORE, "Core fund", list(DEFAULT_CORE), CORE_SLOTS, st.text_in),
        "core_weights": _column(
            ws, _WEIGHT, "Core weight", list(DEFAULT_CORE.values()), CORE_SLOTS, st.pct_in
        ),
        "candidates": _column(
            ws, _CAND, "Candidate", list(candidates), CANDIDATE_SLOTS, st.text_in
        ),
        "overlays": _column(
            ws, _SIZE, "Overlay size", list(DEFAULT_OVERLAYS), OVERLAY_SLOTS, st.pct_in
        ),
    }
    ticker_validation(ws, _HEADER + 1, _CORE, _HEADER + CORE_SLOTS, _CORE)
    ticker_validation(ws, _HEADER + 1, _CAND, _HEADER + CANDIDATE_SLOTS, _CAND)
    total = _HEADER + CORE_SLOTS + 1
    ws.write(total, _CORE, "Total", st.total_label)
    col = xl_col_to_name(_WEIGHT)
    ws.plain_formula(
        total,
        _WEIGHT,
        f"=SUM({col}{_HEADER + 2}:{col}{_HEADER + CORE_SLOTS + 1})",
        st.pct_total,
        sum(DEFAULT_CORE.values()),
    )
    ws.write(_HEADER, _LABEL, "Setting", st.header)
    ws.write(_HEADER, _VALUE, "Value", st.header)
    ws.write(_HEADER + 1, _LABEL, "Rebalancing rule", st.bold)
    ws.write(_HEADER + 1, _VALUE, DEFAULT_REBALANCE, st.text_in)
    rule_validation(ws, _HEADER + 1, _VALUE)
    ws.write(_HEADER + 2, _LABEL, "Sort by (blank: as given)", st.bold)
    ws.write(_HEADER + 2, _VALUE, "CAGR vs core", st.text_in)
    ws.data_validation(
        _HEADER + 2,
        _VALUE,
        _HEADER + 2,
        _VALUE,
        {
            "validate": "list",
            "source": list(SORT_CHOICES),
            "error_type": "warning",
            "error_title": "Not in the list",
            "error_message": "Any numeric column of the table works, e.g. a stress period.",
            "input_title": "Sort by",
            "input_message": "Best first (lower first for volatility, correlation, notional).",
        },
    )
    ws.write(_HEADER + 3, _LABEL, REBALANCE_HINT, st.note)
    refs["rebalance"] = ws.cells(_HEADER + 1, _VALUE)
    refs["sort"] = ws.cells(_HEADER + 2, _VALUE)
    for key, name in (
        ("core_tickers", "Screen_CoreTickers"),
        ("core_weights", "Screen_CoreWeights"),
        ("candidates", "Screen_Candidates"),
        ("overlays", "Screen_Overlays"),
        ("rebalance", "Screen_Rebalance"),
        ("sort", "Screen_Sort"),
    ):
        book.define_name(name, refs[key])
    return refs


def _table(ws: Sheet, args: dict[str, Cells], priced: bool) -> None:
    """EFFCAP_SCREEN over its room; dates, ratios and texts in their own formats."""
    st = ws.book.st
    space = screen_room(CORE_SLOTS, CANDIDATE_SLOTS, OVERLAY_SLOTS)
    row = _TITLE + 2
    waiting = "" if priced else " (fill the Prices sheet; the add-in computes it)"
    ws.write(_TITLE, 0, "Overlay screen (EFFCAP_SCREEN)" + waiting, st.bold)
    ws.write(
        _TITLE + 1,
        0,
        "One row per candidate and overlay size: the weights that keep the core's exposures "
        "and add the candidate on top with the same capital, then how that blend did against "
        "the core over the closes its funds share (decimals; n/a where a figure does not "
        "exist). The table's first cell says the core, the as-of date, the rule and the windows.",
        st.note,
    )
    if not priced:
        ws.pending_call(row, 0, "EFFCAP_SCREEN", st.bold, room=space, **args)
        return
    value = ws.call(
        row, 0, "EFFCAP_SCREEN", st.pct, header=st.header, labels=st.bold, room=space, **args
    )
    columns = value[0]
    for i, line in enumerate(value[1:], start=1):
        for j, item in enumerate(line[1:], start=1):
            if hasattr(item, "year") and not isinstance(item, int):
                ws.write(row + i, j, item, st.date)
            elif columns[j] == "Sharpe" and isinstance(item, float):
                ws.write(row + i, j, item, st.ratio)
            elif isinstance(item, str) and item != "n/a":
                ws.write(row + i, j, item)
    ws.set_row(row, 45)  # wrapped column names


def _screen(book: Book, prices: pd.DataFrame | None, rows: int | None) -> None:
    ws = book.add_sheet(SHEET)
    frame, chosen = (None, CANDIDATES) if prices is None else _template_prices(prices)
    tickers = (*DEFAULT_CORE, *CANDIDATES) if frame is None else tuple(frame.columns)
    dates, table = prices_sheet(book, tickers, frame, "The screen formula", rows, source=False)
    intro(
        ws,
        "Overlay screen: which diversifier to stack on a core, and how much",
        "fill the Prices sheet (every fund named needs its column), then edit the yellow "
        "core funds and weights (adding up to 100%), the candidates, the overlay sizes, the "
        "rebalancing rule and the column to sort by. Leave unused slots blank after the "
        "last one used. Needs the efficap add-in to recalculate.",
        columns=9,
    )
    ws.set_column(0, 0, 22)
    ws.set_column(1, 6, 12)
    ws.set_column(_LABEL, _LABEL, 24)
    ws.set_column(_VALUE, 60, 12)
    ws.freeze_panes(3, 1)
    inputs = _inputs(book, ws, chosen)
    _table(ws, {"dates": dates, "prices": table, **inputs}, frame is not None)
    ws.activate()


def build_screen(
    path: str | os.PathLike[str],
    prices: pd.DataFrame | None = None,
    force: bool = False,
    price_rows: int | None = None,
) -> Path:
    """Write the overlay screen template to `path`.

    Parameters
    ----------
    prices : pandas.DataFrame, optional
        Total-return closes (at least IVV, AGG and one of the default candidates WTMF,
        DBMF, KMLM, CTA, GLD: those it holds are the candidates written; every column is
        written) to fill the Prices sheet with; without them the sheet is empty with a
        note saying what to paste.
    price_rows : int, optional
        Price rows the formula may read (default: the Prices sheet's usual size).

    Raises
    ------
    OverwriteError
        If `path` exists, differs from the template and `force` is False.
    UnknownTickerError
        If `prices` lacks IVV or AGG, or every default candidate.
    """
    return write_workbook(path, lambda book: _screen(book, prices, price_rows), force)
