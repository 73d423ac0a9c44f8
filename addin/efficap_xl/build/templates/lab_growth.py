"""The Portfolio Lab's Growth sheet and its four charts.

Implements
----------
- :func:`growth_sheet` -- per blend, one ``EFFCAP_BLEND`` dynamic array (dates and growth
  of 1 from the chart's start to the as-of date: the blend's growth, computed once) over
  room for every price row the formulas read, and native columns beside it: the date as
  a decimal year (the charts' x values), the value of $10,000, the running peak and the
  drawdown (value / peak - 1). Below the answer they are ``#N/A``, which charts skip.
- :func:`charts` -- growth of $10,000 and drawdowns (lines over decimal years, a tick on
  each 1 January), calendar-year returns (columns over the whole calendar table) and the
  exposure chart (:mod:`~efficap_xl.build.templates.lab_exposure`), placed right of the
  Lab's tables.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from efficap_xl.build.templates import room
from efficap_xl.build.templates.common import Book, Cells, Sheet, stored

__all__ = ["GROWTH_SHEET", "START_VALUE", "charts", "growth_sheet", "year_fraction"]

GROWTH_SHEET = "Growth"
START_VALUE = 10_000.0  # the growth chart's starting amount, in dollars
_STRIDE = 7  # columns per blend: date, growth, year, value, peak, drawdown, a gap
_FIRST = 5  # first answer row (Excel row 6)
_CHART_COL = 11  # column L of the Lab: the charts sit right of the tables
_HEADERS = ("Date", "Growth of 1", "Year", f"${START_VALUE:,.0f}", "Peak", "Drawdown")


def year_fraction(day: datetime) -> float:
    """The date as a decimal year (1 January = the whole year), as the sheet computes it.

    >>> year_fraction(datetime(2024, 7, 2))
    2024.5
    """
    start = datetime(day.year, 1, 1)
    days = (datetime(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / days


def growth_sheet(
    book: Book,
    aligned: list[Cells],
    names: list[Any],
    name_ref: Callable[[int], str],
    args: dict[str, Any],
    priced: bool,
) -> list[tuple[int, int]]:
    """Write the Growth sheet; return (first row, rows) of each blend's columns.

    Parameters
    ----------
    aligned : list of Cells
        Each blend's weights by Prices column (the "Blend columns" sheet).
    names, name_ref
        The blends' names and the formula reading blend b's name cell.
    args : dict
        EFFCAP_BLEND's other arguments (dates, prices, rebalance, start and end dates).
    priced : bool
        Whether the Prices sheet holds closes (else the formulas wait for them).
    """
    st = book.st
    ws = book.add_sheet(GROWTH_SHEET)
    ws.write(
        0, 0, "Growth of each blend from the chart start (Lab sheet) to the as-of date", st.title
    )
    ws.write(
        1,
        0,
        f"Growth of 1 by EFFCAP_BLEND (once per blend); year, value of ${START_VALUE:,.0f}, "
        "running peak and drawdown (value / peak - 1) by native formulas, #N/A below the "
        "answer (charts skip it). Nothing to edit here.",
        st.note,
    )
    rows = args["dates"].reserved_rows  # room for every row the dates may come to hold
    blocks = []
    for b, weights in enumerate(aligned):
        c = _STRIDE * b
        ws.plain_formula(3, c, name_ref(b), st.bold, names[b])
        for k, label in enumerate(_HEADERS):
            ws.write(4, c + k, label, st.header)
        space = room.blend_room(rows)
        if priced:
            spill = ws.call(
                _FIRST,
                c,
                "EFFCAP_BLEND",
                st.price,
                labels=st.date,
                room=space,
                **args,
                weights=weights,
            )
        else:
            ws.pending_call(_FIRST, c, "EFFCAP_BLEND", st.date, room=space, **args, weights=weights)
            spill = []
        _native_columns(ws, c, rows, spill)
        ws.set_column(c, c, 11)
        ws.set_column(c + 1, c + 5, 10)
        blocks.append((_FIRST, rows))
    ws.set_row(4, 30)
    ws.freeze_panes(5, 0)
    ws.print_area(0, 0, 40, _STRIDE * len(aligned))
    ws.fit_to_pages(1, 0)
    return blocks


def _native_columns(ws: Sheet, c: int, rows: int, spill: list[list[Any]]) -> None:
    """Year, value of $10,000, running peak and drawdown beside a BLEND answer at column
    `c`: #N/A where the answer has no number (below it, or before the add-in ran)."""
    st = ws.book.st
    peak = None
    fmts = (st.ratio, st.money, st.price, st.pct)
    for i in range(rows):
        r = _FIRST + i
        date, g = ws.cells(r, c, row_abs=False), ws.cells(r, c + 1, row_abs=False)
        day, value = (spill[i][0], float(spill[i][1])) if i < len(spill) else (None, None)
        prev = ws.cells(r - 1, c + 4, row_abs=False)
        running = g.text if i == 0 else f"MAX({prev.text},{g.text})"
        year = f"YEAR({date.text})"
        texts = (
            f"=IF(ISNUMBER({date.text}),{year}+({date.text}-DATE({year},1,1))/"
            f"(DATE({year}+1,1,1)-DATE({year},1,1)),NA())",
            f"=IF(ISNUMBER({g.text}),{START_VALUE:g}*{g.text},NA())",
            f"=IF(ISNUMBER({g.text}),{running},NA())",
            f"=IF(ISNUMBER({g.text}),{g.text}/{ws.cells(r, c + 4, row_abs=False).text}-1,NA())",
        )
        if value is None:
            cached: tuple[Any, ...] = ("#N/A",) * 4
        else:
            peak = value if peak is None else max(peak, value)
            cached = (year_fraction(day), START_VALUE * value, peak, value / peak - 1)
        for k in range(4):
            ws.plain_formula(r, c + 2 + k, texts[k], fmts[k], stored(cached[k]))


def charts(
    ctx: Any, blocks: list[tuple[int, int]], calendar: tuple[int, int], exposure: Any
) -> None:
    """Place the four charts right of the Lab's tables, a note under each.

    Parameters
    ----------
    ctx : lab_history.Context
        The Lab sheet, the blends' names and the simulated-closes note.
    blocks : list of (first row, rows)
        Each blend's Growth-sheet rows.
    calendar : (row, rows)
        The calendar table's anchor row on the Lab and its room (header included).
    exposure : chart
        The exposure chart.
    """
    book, ws = ctx.ws.book, ctx.ws
    note = f" ({ctx.note})" if ctx.note else ""
    years = {
        "num_format": "0",
        "major_unit": 1,
        "label_position": "low",
        "num_font": {"rotation": -45},
        "major_gridlines": {"visible": False},
    }
    lines = []
    for column, title, fmt in (
        (3, f"Growth of ${START_VALUE:,.0f}{note}", "$#,##0"),
        (5, f"Drawdown: value / running peak - 1{note}", "0%"),
    ):
        chart = book.wb.add_chart({"type": "scatter", "subtype": "straight"})
        for b, (first, rows) in enumerate(blocks):
            c = _STRIDE * b
            chart.add_series(
                {
                    "name": ctx.name_cell(b),
                    "categories": [GROWTH_SHEET, first, c + 2, first + rows - 1, c + 2],
                    "values": [GROWTH_SHEET, first, c + column, first + rows - 1, c + column],
                    "line": {"width": 1.25},
                }
            )
        chart.set_title({"name": title})
        chart.set_x_axis(years)
        chart.set_y_axis({"num_format": fmt, "major_gridlines": {"visible": True}})
        lines.append(chart)

    at, space = calendar
    cal = book.wb.add_chart({"type": "column"})
    for b in range(len(blocks)):
        cal.add_series(
            {
                "name": ctx.name_cell(b),
                "categories": [ws.name, at + 1, 0, at + space - 1, 0],
                "values": [ws.name, at + 1, 1 + b, at + space - 1, 1 + b],
            }
        )
    cal.set_title({"name": f"Calendar-year returns{note}"})
    cal.set_x_axis({"label_position": "low", "num_font": {"rotation": -45}})
    cal.set_y_axis({"num_format": "0%", "major_gridlines": {"visible": True}})
    for k, chart in enumerate((*lines, cal, exposure)):
        chart.set_size({"width": 760, "height": 340})
        chart.set_legend({"position": "bottom"})
        at = 4 + 19 * k
        ws.insert_chart(at, _CHART_COL, chart)
        if ctx.note:
            ws.write(at + 18, _CHART_COL, f"Simulated: {ctx.note}.", book.st.note)
