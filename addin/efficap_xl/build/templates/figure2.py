"""The Figure 2 template: standardized performance of the blends and their funds, and a chart.

Implements :func:`build_figure2`: a Prices sheet (efficap's price layout, see
:mod:`efficap_xl.layout`; filled when prices are given), the as-of date and rebalancing
rule as inputs, a blends table whose weights follow the Weights sheet, Figure 2b by
``EFFCAP_PERFORMANCE`` over all blends and funds, Figure 2a's data (the three blends as
of the chart date) with a clustered column chart, and Figure 2b as published, for
comparison. Without prices the two tables are formulas waiting for the add-in.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

from efficap.errors import UnknownTickerError
from efficap.figures import (
    FIGURE1_FUNDS,
    FIGURE2_AS_OF,
    FIGURE2_BLENDS,
    FIGURE2_FUNDS,
    FIGURE2A_AS_OF,
    FIGURE2A_PERIODS,
    PORTFOLIOS,
    PUBLISHED_FIGURE2B,
)
from efficap_xl.build.templates.blocks import intro, rule_validation, weights_sheet
from efficap_xl.build.templates.captions import caption_formula
from efficap_xl.build.templates.common import (
    DEFAULT_REBALANCE,
    PERIOD_LABELS,
    PORTFOLIO_NAMES,
    REBALANCE_HINT,
    SOURCE,
    W_FIRST,
    Book,
    Cells,
    Sheet,
    write_workbook,
)
from efficap_xl.build.templates.prices import MAX_PRICE_ROWS, prices_sheet
from efficap_xl.build.templates.room import performance_room

__all__ = ["MAX_PRICE_ROWS", "PRICE_TICKERS", "SHEET", "build_figure2"]

SHEET = "Figure 2"
PRICE_TICKERS = ("IVV", "AGG", "NTSX", "WTMF")  # the Prices sheet's columns

# Layout (0-based rows).
_I_AS_OF, _I_RULE, _I_CHART = 3, 4, 5  # input rows (Excel rows 4-6)
_T_HEADER = 8  # blends table header (Excel row 9)
_T_BLENDS = (*FIGURE2_BLENDS, *(f"{t} (MP)" for t in FIGURE2_FUNDS))
_P_ANCHOR = _T_HEADER + len(_T_BLENDS) + 3  # standardized table (spill header row)
_C_ANCHOR = _P_ANCHOR + len(_T_BLENDS) + 4  # chart data (spill header row)


def _template_prices(prices: pd.DataFrame) -> pd.DataFrame:
    """The four funds' closes, then every other fund given (so a ticker switched on the
    Weights sheet finds its column), from the first date any of them has a price."""
    missing = [t for t in PRICE_TICKERS if t not in prices.columns]
    if missing:
        raise UnknownTickerError(f"The Figure 2 template needs prices for {', '.join(missing)}.")
    others = [t for t in prices.columns if t not in PRICE_TICKERS]
    return prices[[*PRICE_TICKERS, *others]].dropna(how="all")


def _prices_sheet(book: Book, prices: pd.DataFrame | None) -> tuple[Cells, Cells]:
    """Write the Prices sheet; return the dates and prices the formulas read."""
    frame = None if prices is None else _template_prices(prices)
    tickers = PRICE_TICKERS if frame is None else tuple(frame.columns)
    return prices_sheet(book, tickers, frame, "The Figure 2 formulas")


def _inputs(book: Book, ws: Sheet) -> dict[str, Cells]:
    st = book.st
    inputs = (
        (_I_AS_OF, "As of", pd.Timestamp(FIGURE2_AS_OF), "Fig2_AsOf", "as_of"),
        (_I_RULE, "Rebalancing rule", DEFAULT_REBALANCE, "Fig2_Rebalance", "rebalance"),
        (
            _I_CHART,
            "Chart as of (Figure 2a)",
            pd.Timestamp(FIGURE2A_AS_OF),
            "Fig2_ChartAsOf",
            "chart",
        ),
    )
    refs = {}
    for row, label, value, name, key in inputs:
        ws.write(row, 0, label, st.bold)
        ws.write(row, 1, value, st.date_in if isinstance(value, pd.Timestamp) else st.text_in)
        refs[key] = ws.cells(row, 1)
        book.define_name(name, refs[key])
    rule_validation(ws, _I_RULE, 1)
    ws.write(_I_RULE, 2, REBALANCE_HINT, st.note)
    return refs


def _blends_table(book: Book, ws: Sheet) -> None:
    """EFFCAP_PERFORMANCE's weights table: the blends (weights from the Weights sheet),
    then one row per fund holding 100% of it.

    The header tickers and the fund rows' names are formulas over the Weights sheet's
    tickers, so a ticker switched there is the one whose prices the formulas read (the
    Prices sheet needs its column)."""
    st = book.st
    ws.write(_T_HEADER - 1, 0, "Blends (weights and tickers from the Weights sheet)", st.bold)
    ws.write(_T_HEADER, 0, "Blend", st.header)
    tickers = {}
    for j, ticker in enumerate(PRICE_TICKERS, start=1):
        r = W_FIRST + FIGURE1_FUNDS.index(ticker)
        tickers[ticker] = Cells("Weights", r, 0, r, 0, qualified=True)
        ws.plain_formula(_T_HEADER, j, f"={tickers[ticker].text}", st.header, ticker)
    for i, name in enumerate(_T_BLENDS):
        row = _T_HEADER + 1 + i
        if name in PORTFOLIOS:
            ws.write(row, 0, name, st.bold)
            col = 1 + PORTFOLIO_NAMES.index(name)
            for j, ticker in enumerate(PRICE_TICKERS, start=1):
                r = W_FIRST + FIGURE1_FUNDS.index(ticker)
                source = Cells("Weights", r, col, r, col, qualified=True)
                ws.plain_formula(row, j, f"={source.text}", st.pct, PORTFOLIOS[name][ticker])
        else:
            fund = name.split()[0]
            suffix = name[len(fund) :]
            ws.plain_formula(row, 0, f'={tickers[fund].text}&"{suffix}"', st.bold, name)
            for j, ticker in enumerate(PRICE_TICKERS, start=1):
                ws.write(row, j, float(ticker == fund), st.pct_in)


def _performance(
    ws: Sheet, row: int, title: str, prices: Any, args: dict[str, Cells], blends: int
) -> None:
    st = ws.book.st
    waiting = "" if prices is not None else " (fill the Prices sheet; the add-in computes it)"
    ws.write(row - 1, 0, title + waiting, st.bold)
    space = performance_room(blends)  # kept free: Excel spills into it
    if prices is None:
        ws.pending_call(row, 0, "EFFCAP_PERFORMANCE", st.bold, room=space, **args)
    else:
        ws.call(
            row,
            0,
            "EFFCAP_PERFORMANCE",
            st.pct,
            header=st.header,
            labels=st.bold,
            room=space,
            **args,
        )
    ws.write(row + blends + 1, 0, SOURCE, st.note)


def _figure2(book: Book, prices: pd.DataFrame | None) -> None:
    ws = book.add_sheet(SHEET)
    weights_sheet(
        book,
        "Fig2_",
        "the Figure 2 blends follow them, tickers included (a fund switched to needs its "
        "column on the Prices sheet).",
    )
    dates, table = _prices_sheet(book, prices)
    intro(
        ws,
        "Figure 2: Standardized performance of the three blends and their funds",
        "fill the Prices sheet, then set the yellow as-of date and rebalancing rule. Returns "
        "are decimals (over a year annualized), from market prices (MP). Needs the efficap "
        "add-in to recalculate.",
        columns=7,
    )
    ws.set_column(0, 0, 42)
    ws.set_column(1, 6, 12)
    ws.freeze_panes(3, 1)
    inputs = _inputs(book, ws)
    caption_formula(ws, 2, 0, inputs["as_of"], inputs["rebalance"])
    _blends_table(book, ws)
    columns = len(PRICE_TICKERS)
    common = {"dates": dates, "prices": table, "rebalance": inputs["rebalance"]}
    _performance(
        ws,
        _P_ANCHOR,
        "Figure 2b: standardized performance as of the date above",
        prices,
        {
            **common,
            "weights_table": ws.cells(_T_HEADER, 0, _T_HEADER + len(_T_BLENDS), columns),
            "as_of": inputs["as_of"],
        },
        len(_T_BLENDS),
    )
    three = ws.cells(_T_HEADER, 0, _T_HEADER + len(FIGURE2_BLENDS), columns)
    _performance(
        ws,
        _C_ANCHOR,
        "Figure 2a: the blends' returns for the chart",
        prices,
        {**common, "weights_table": three, "as_of": inputs["chart"]},
        len(FIGURE2_BLENDS),
    )
    _published_reference(ws, _C_ANCHOR + len(FIGURE2_BLENDS) + 4)
    _chart(book, ws)
    ws.activate()


def _chart(book: Book, ws: Sheet) -> None:
    chart = book.wb.add_chart({"type": "column"})
    periods = len(FIGURE2A_PERIODS)
    for i in range(1, len(FIGURE2_BLENDS) + 1):
        row = _C_ANCHOR + i
        chart.add_series(
            {
                # Names from the blends table, which is there before prices are.
                "name": [SHEET, _T_HEADER + i, 0],
                "categories": [SHEET, _C_ANCHOR, 1, _C_ANCHOR, periods],
                "values": [SHEET, row, 1, row, periods],
                "data_labels": {"value": True, "num_format": "0.0%"},
            }
        )
    chart.set_title({"name": "Figure 2a: blend total returns (YTD, 1Y, 3Y annualized)"})
    chart.set_y_axis({"num_format": "0%", "major_gridlines": {"visible": True}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 720, "height": 360})
    ws.insert_chart(_T_HEADER, len(PRICE_TICKERS) + 3, chart)


def _published_reference(ws: Sheet, row: int) -> None:
    """Figure 2b as published, to compare with the computed table above it."""
    st = ws.book.st
    ws.write(row - 1, 0, "Figure 2b as published (reference: the note's NAV and MP rows)", st.bold)
    ws.write(row, 0, "Blend / fund", st.header)
    for j, label in enumerate(PERIOD_LABELS.values(), start=1):
        ws.write(row, j, label, st.header)
    for i, (name, values) in enumerate(PUBLISHED_FIGURE2B.items(), start=1):
        ws.write(row + i, 0, name, st.bold)
        for j, value in enumerate(values, start=1):
            ws.write(row + i, j, "n/a" if value is None else value, st.pct)
    ws.write(row + len(PUBLISHED_FIGURE2B) + 1, 0, SOURCE, st.note)


def build_figure2(
    path: str | os.PathLike[str], prices: pd.DataFrame | None = None, force: bool = False
) -> Path:
    """Write the Figure 2 template (standardized performance and chart) to `path`.

    Parameters
    ----------
    prices : pandas.DataFrame, optional
        Total-return price histories (columns IVV, AGG, NTSX, WTMF) to fill the Prices
        sheet with; without them the sheet is empty with a note saying what to paste.

    Raises
    ------
    OverwriteError
        If `path` exists, differs from the template and `force` is False.
    UnknownTickerError
        If `prices` lacks one of the four funds.
    """
    return write_workbook(path, lambda book: _figure2(book, prices), force)
