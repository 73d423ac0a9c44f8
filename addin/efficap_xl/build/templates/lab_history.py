"""The Portfolio Lab's track record: tables, the Growth sheet and the four charts.

Implements :func:`history` (with :class:`Context`): standardized performance
(``EFFCAP_PERFORMANCE``), risk (``EFFCAP_STATS`` per blend), stress periods (an editable
periods table and ``EFFCAP_STRESS``), calendar years (``EFFCAP_CALENDAR``) and the worst
drawdowns (``EFFCAP_DRAWDOWNS`` per blend), each under a caption line (as-of date or
whole history, rebalancing rule, window convention, what is simulated); a Growth sheet
with each blend's ``EFFCAP_BLEND`` spill from the chart's start date and native
columns over it (value of $10,000, running peak, drawdown = value / peak - 1); and the
native charts: growth of $10,000 (lines), drawdowns (area), calendar-year returns
(columns) and exposure by asset class (stacked bars, built by
:mod:`~efficap_xl.build.templates.lab_exposure`).

Without prices every function is written waiting for the add-in (no cached value), in
room sized for a typical answer, and the Growth sheet's native columns cover every
price row the formulas read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from efficap.stress import stress_periods
from efficap_xl.build.templates.captions import caption_formula
from efficap_xl.build.templates.common import Cells, Sheet, stored

__all__ = ["GROWTH_SHEET", "START_VALUE", "Context", "history"]

GROWTH_SHEET = "Growth"
START_VALUE = 10_000.0  # the growth chart's starting amount, in dollars
TOP = 5  # drawdown episodes per blend, by default
_RESERVE = {"EFFCAP_STATS": 9, "EFFCAP_CALENDAR": 30}  # rows kept free without prices
_PLAIN = ("Sharpe",)  # STATS rows that are ratios, not percentages
_CHART_COL = 11  # column L: the charts sit right of the tables


@dataclass
class Context:
    """What the track-record blocks read: the Lab sheet and its input references, the
    Prices sheet's dates and table, each blend's weights by Prices column, whether prices
    were given, and the simulated-closes note ("" if none)."""

    ws: Sheet
    lab: dict[str, Cells]
    dates: Cells
    prices: Cells
    aligned: list[Cells]
    priced: bool
    note: str

    @property
    def names(self) -> list[Any]:
        table = self.lab["table"]
        return [
            self.ws.book.values[(self.ws.name, r, 0)] for r in range(table.r1 + 1, table.r2 + 1)
        ]

    def name_cell(self, b: int) -> list[Any]:
        """Blend `b`'s name cell as a chart takes it: [sheet, row, col]."""
        return [self.ws.name, self.lab["table"].r1 + 1 + b, 0]

    def name_ref(self, b: int) -> str:
        """A formula reading blend `b`'s name: ``=Lab!$A$12``."""
        r = self.lab["table"].r1 + 1 + b
        return f"={Cells(self.ws.name, r, 0, r, 0, qualified=True).text}"


def _section(ctx: Context, row: int, title: str, whole: bool) -> int:
    st = ctx.ws.book.st
    ctx.ws.write(row, 0, title, st.bold)
    suffix = f"; {ctx.note}" if ctx.note else ""
    as_of = None if whole else ctx.lab["as_of"]
    caption_formula(ctx.ws, row + 1, 0, as_of, ctx.lab["rule"], suffix)
    return row + 2


def _table(
    ctx: Context, ws: Sheet, row: int, col: int, name: str, reserve: int, **args: Any
) -> int:
    """Write a spilling function (or its pending formula); return the rows it takes."""
    st = ws.book.st
    if not ctx.priced:
        ws.pending_call(row, col, name, st.bold, **args)
        return reserve
    header = None if name == "EFFCAP_STATS" else st.header  # STATS: label | value rows
    value = ws.call(row, col, name, st.pct, header=header, labels=st.bold, **args)
    for i, line in enumerate(value):  # dates, counts and ratios: their own formats
        for j, item in enumerate(line):
            if i == 0 and j == 0:
                continue  # the formula cell
            if hasattr(item, "year") and not isinstance(item, int):
                ws.write(row + i, col + j, item, st.date)
            elif name == "EFFCAP_DRAWDOWNS" and i and j in (0, 5) and isinstance(item, float):
                ws.write(row + i, col + j, item, st.bold if j == 0 else st.count)
            elif name == "EFFCAP_STATS" and j == 1 and line[0] in _PLAIN:
                ws.write(row + i, col + j, item, st.ratio)
            elif i and j and isinstance(item, str) and item != "n/a":  # e.g. Partial's names
                ws.write(row + i, col + j, item)
    if header is not None:
        ws.set_row(row, 30)  # room for wrapped blend names
    return len(value)


def _prices(ctx: Context) -> dict[str, Cells]:
    return {"dates": ctx.dates, "prices": ctx.prices, "rebalance": ctx.lab["rule"]}


def history(ctx: Context, row: int, exposure_chart: Any) -> int:
    """Write the track-record tables from `row`, the Growth sheet and the charts; return
    the next free row."""
    ws, st = ctx.ws, ctx.ws.book.st
    blends = len(ctx.names)
    common = {**_prices(ctx), "weights_table": ctx.lab["table"]}

    row = _section(ctx, row, "Standardized performance (EFFCAP_PERFORMANCE)", whole=False)
    row += (
        _table(ctx, ws, row, 0, "EFFCAP_PERFORMANCE", blends + 1, **common, as_of=ctx.lab["as_of"])
        + 1
    )

    row = _section(
        ctx, row, "Risk of each blend (EFFCAP_STATS; Sharpe at a 0 risk-free rate)", whole=True
    )
    for b in range(blends):
        ws.plain_formula(row, 0, ctx.name_ref(b), st.header, ctx.names[b])
        ws.write(row, 1, "", st.header)
        row += 1 + _table(
            ctx,
            ws,
            row + 1,
            0,
            "EFFCAP_STATS",
            _RESERVE["EFFCAP_STATS"],
            **_prices(ctx),
            weights=ctx.aligned[b],
        )
    row += 1

    row = _section(
        ctx,
        row,
        "Stress periods: total return, not annualized (EFFCAP_STRESS; "
        "edit or add periods in the yellow table)",
        whole=True,
    )
    periods = stress_periods()
    for j, label in enumerate(("Period", "Start", "End")):
        ws.write(row, j, label, st.header)
    for i, (name, start, end) in enumerate(
        zip(periods["name"], periods["start"], periods["end"], strict=True), start=1
    ):
        ws.write(row + i, 0, name, st.text_in)
        ws.write(row + i, 1, start, st.date_in)
        ws.write(row + i, 2, end, st.date_in)
    table = ws.cells(row, 0, row + len(periods), 2)
    row += len(periods) + 2
    row += _table(ctx, ws, row, 0, "EFFCAP_STRESS", len(periods) + 1, **common, periods=table) + 1

    row = _section(
        ctx,
        row,
        "Calendar-year returns (EFFCAP_CALENDAR; Partial names blends whose year is partial)",
        whole=True,
    )
    calendar_at = row
    years = _table(ctx, ws, row, 0, "EFFCAP_CALENDAR", _RESERVE["EFFCAP_CALENDAR"], **common)
    row += years + 1

    row = _section(ctx, row, "Worst drawdowns of each blend (EFFCAP_DRAWDOWNS)", whole=True)
    ws.write(row, 0, "Episodes per blend", st.bold)
    ws.write(row, 1, float(TOP), st.text_in)
    top = ws.cells(row, 1)
    row += 1
    for b in range(blends):
        ws.plain_formula(row, 0, ctx.name_ref(b), st.bold, ctx.names[b])
        row += 1 + _table(
            ctx,
            ws,
            row + 1,
            0,
            "EFFCAP_DRAWDOWNS",
            TOP + 1,
            **_prices(ctx),
            weights=ctx.aligned[b],
            top=top,
        )
    growth = _growth_sheet(ctx)
    _charts(ctx, growth, calendar_at, years, exposure_chart)
    return row


def _growth_sheet(ctx: Context) -> list[tuple[int, int]]:
    """Each blend's EFFCAP_BLEND spill and native value, peak and drawdown columns;
    return (first row, rows) of each blend's block."""
    book = ctx.ws.book
    st = book.st
    ws = book.add_sheet(GROWTH_SHEET)
    ws.write(
        0, 0, "Growth of each blend from the chart start (Lab sheet) to the as-of date", st.title
    )
    ws.write(
        1,
        0,
        f"Growth of 1 by EFFCAP_BLEND; value of ${START_VALUE:,.0f}, running peak and "
        "drawdown (value / peak - 1) by native formulas. Nothing to edit here.",
        st.note,
    )
    first = 5
    blocks = []
    for b, weights in enumerate(ctx.aligned):
        c = 6 * b
        ws.plain_formula(3, c, ctx.name_ref(b), st.bold, ctx.names[b])
        for k, label in enumerate(
            ("Date", "Growth of 1", f"${START_VALUE:,.0f}", "Peak", "Drawdown")
        ):
            ws.write(4, c + k, label, st.header)
        args = {
            **_prices(ctx),
            "weights": weights,
            "start_date": ctx.lab["start"],
            "end_date": ctx.lab["as_of"],
        }
        args = {
            k: v.anywhere() if isinstance(v, Cells) and v.sheet != ws.name else v
            for k, v in args.items()
        }
        if ctx.priced:
            spill = ws.call(first, c, "EFFCAP_BLEND", st.price, **args)
            rows = len(spill)
            for i, (day, _) in enumerate(spill):
                ws.write(first + i, c, day, st.date)
        else:
            ws.pending_call(first, c, "EFFCAP_BLEND", st.date, **args)
            spill, rows = None, ctx.prices.r2
        _native_columns(ws, first, c, rows, spill)
        ws.set_column(c, c, 11)
        ws.set_column(c + 1, c + 4, 10)
        blocks.append((first, rows))
    ws.set_row(4, 30)
    ws.freeze_panes(5, 0)
    ws.print_area(0, 0, 40, 6 * len(ctx.aligned))
    ws.fit_to_pages(1, 0)
    return blocks


def _native_columns(ws: Sheet, first: int, c: int, rows: int, spill: Any) -> None:
    """Value of $10,000, running peak and drawdown under a BLEND spill at (first, c)."""
    st = ws.book.st
    peak = None
    for i in range(rows):
        r = first + i
        date, g = ws.cells(r, c, row_abs=False), ws.cells(r, c + 1, row_abs=False)
        guard = f'IF({date.text}="",NA(),'
        value = None if spill is None else float(spill[i][1])
        if value is not None:
            peak = value if peak is None else max(peak, value)
        prev = ws.cells(r - 1, c + 3, row_abs=False)
        running = g.text if i == 0 else f"MAX({prev.text},{g.text})"
        cached = [
            "#N/A" if value is None else stored(START_VALUE * value),
            "#N/A" if value is None else stored(peak),
            "#N/A" if value is None else stored(value / peak - 1),
        ]
        texts = [
            f"={guard}{START_VALUE:g}*{g.text})",
            f"={guard}{running})",
            f"={guard}{g.text}/{ws.cells(r, c + 3, row_abs=False).text}-1)",
        ]
        fmts = [st.money, st.price, st.pct]
        for k in range(3):
            ws.ws.write_formula(r, c + 2 + k, texts[k], fmts[k], cached[k])
            ws.book.values[(ws.name, r, c + 2 + k)] = cached[k]


def _charts(
    ctx: Context, blocks: list[tuple[int, int]], calendar_at: int, years: int, exposure_chart: Any
) -> None:
    """Place the four charts right of the Lab's tables, a note under each."""
    book, ws = ctx.ws.book, ctx.ws
    note = f" ({ctx.note})" if ctx.note else ""
    size = {"width": 760, "height": 340}
    growth = book.wb.add_chart({"type": "scatter", "subtype": "straight"})
    for b, (first, rows) in enumerate(blocks):
        c = 6 * b
        growth.add_series(
            {
                "name": ctx.name_cell(b),
                "categories": [GROWTH_SHEET, first, c, first + rows - 1, c],
                "values": [GROWTH_SHEET, first, c + 2, first + rows - 1, c + 2],
                "line": {"width": 1.5},
            }
        )
    growth.set_title({"name": f"Growth of ${START_VALUE:,.0f}{note}"})
    growth.set_x_axis(
        {"date_axis": True, "num_format": "yyyy", "major_gridlines": {"visible": False}}
    )
    growth.set_y_axis({"num_format": "$#,##0", "major_gridlines": {"visible": True}})

    first, rows = blocks[0]
    dd = book.wb.add_chart({"type": "area"})
    dd.add_series(
        {
            "name": ctx.name_cell(0),
            "categories": [GROWTH_SHEET, first, 0, first + rows - 1, 0],
            "values": [GROWTH_SHEET, first, 4, first + rows - 1, 4],
            "fill": {"color": "#C0504D", "transparency": 30},
        }
    )
    dd.set_title({"name": f"Drawdown of the first blend: value / running peak - 1{note}"})
    dd.set_x_axis({"date_axis": True, "num_format": "yyyy", "label_position": "low"})
    dd.set_y_axis({"num_format": "0%", "major_gridlines": {"visible": True}})

    cal = book.wb.add_chart({"type": "column"})
    for b in range(len(blocks)):
        cal.add_series(
            {
                "name": ctx.name_cell(b),
                "categories": [ws.name, calendar_at + 1, 0, calendar_at + years - 1, 0],
                "values": [ws.name, calendar_at + 1, 1 + b, calendar_at + years - 1, 1 + b],
            }
        )
    cal.set_title({"name": f"Calendar-year returns{note}"})
    cal.set_x_axis({"label_position": "low", "num_font": {"rotation": -45}})
    cal.set_y_axis({"num_format": "0%", "major_gridlines": {"visible": True}})
    for chart in (growth, dd, cal, exposure_chart):
        chart.set_size(size)
        chart.set_legend({"position": "bottom"})
    for k, chart in enumerate((growth, dd, cal, exposure_chart)):
        at = 4 + 19 * k
        ws.insert_chart(at, _CHART_COL, chart)
        if ctx.note:
            ws.write(at + 18, _CHART_COL, f"Simulated: {ctx.note}.", book.st.note)
