"""The Portfolio Lab's track record: tables, the Growth sheet and the four charts.

Implements :func:`history` (with :class:`Context`): the Growth sheet first (each blend's
growth of 1, computed once by ``EFFCAP_GROWTH``:
:mod:`~efficap_xl.build.templates.lab_growth`), then, read off its columns as 100%
blends, standardized performance (``EFFCAP_PERFORMANCE``), risk (``EFFCAP_STATS`` per
blend), stress periods (an editable periods table and ``EFFCAP_STRESS``), calendar years
(``EFFCAP_CALENDAR``) and the worst drawdowns (``EFFCAP_DRAWDOWNS`` per blend), each under
a caption line (as-of date or whole history, rebalancing rule, window convention, what
is simulated); then the charts. A growth column is a price series: a 100% blend of it
has the blend's own path, so every figure equals the one computed from the prices and
weights (tests/test_lab.py checks against the core), while each call reads a few
columns instead of the whole Prices sheet.

Each table is a dynamic array written over its room, the largest answer its inputs
allow (:mod:`~efficap_xl.build.templates.room`): every year any offered fund can cover,
up to :data:`~efficap_xl.build.templates.room.MAX_TOP` drawdowns, every stress period
of the table. Without prices every function is written waiting for the add-in (no
cached value) over the same room.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from efficap.stress import stress_periods
from efficap_xl.build.formula import Literal
from efficap_xl.build.templates import room
from efficap_xl.build.templates.captions import caption_formula
from efficap_xl.build.templates.common import Cells, Sheet
from efficap_xl.build.templates.lab_growth import GROWTH_SHEET, Growth, charts, growth_sheet
from efficap_xl.build.templates.lists import integer_validation

__all__ = ["TOP", "Context", "history"]

TOP = 5  # drawdown episodes per blend, by default
_PLAIN = ("Sharpe",)  # STATS rows that are ratios, not percentages


@dataclass
class Context:
    """What the track-record blocks read: the Lab sheet and its input references, the
    Prices sheet's dates, the Lab's funds' closes (``Lab_Closes``), whether prices were
    given, and the simulated-closes note ("" if none)."""

    ws: Sheet
    lab: dict[str, Cells]
    dates: Cells
    prices: Cells
    priced: bool
    note: str
    years: int  # calendar years the offered funds can cover (the calendar's room)

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
    ctx: Context, ws: Sheet, row: int, col: int, name: str, space: tuple[int, int], **args: Any
) -> int:
    """Write a spilling function (or its pending formula) over `space` (rows, columns);
    return the rows it keeps."""
    st = ws.book.st
    if not ctx.priced:
        ws.pending_call(row, col, name, st.bold, room=space, **args)
        return space[0]
    header = None if name == "EFFCAP_STATS" else st.header  # STATS: label | value rows
    value = ws.call(row, col, name, st.pct, header=header, labels=st.bold, room=space, **args)
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
    return space[0]


def _growth(growth: Growth, rule: Cells, blends: bool = True) -> dict[str, Any]:
    """The Growth sheet's dates and columns as a price table, and the rule (for the
    caption each table states; a 100% blend does not rebalance)."""
    prices = growth.blends if blends else growth.stats
    return {"dates": growth.dates, "prices": prices, "rebalance": rule}


def _status(ctx: Context, row: int, growth: Growth) -> int:
    """A line that shows EFFCAP_GROWTH's error, when it answers one: every table below
    reads its answer, so they would show only what follows from it (no growth)."""
    anchor = Cells(GROWTH_SHEET, growth.first - 1, 0, growth.first - 1, 0, qualified=True).text
    text = f'=IF(LEFT({anchor},8)="#EFFCAP:","Track record: "&{anchor},"")'
    ctx.ws.plain_formula(row, 0, text, ctx.ws.book.st.bold, "")
    return row + 1


def history(ctx: Context, row: int, exposure_chart: Any) -> int:
    """Write the Growth sheet, then the track-record tables from `row` and the charts;
    return the next free row."""
    ws, st = ctx.ws, ctx.ws.book.st
    blends = len(ctx.names)
    prices = {"dates": ctx.dates, "prices": ctx.prices}
    growth = growth_sheet(ws.book, ctx.names, ctx.name_ref, ctx.lab, prices, ctx.priced)
    rule = ctx.lab["rule"]
    common = {**_growth(growth, rule), "weights_table": growth.table}
    row = _status(ctx, row, growth)

    row = _section(ctx, row, "Standardized performance (EFFCAP_PERFORMANCE)", whole=False)
    row += (
        _table(
            ctx,
            ws,
            row,
            0,
            "EFFCAP_PERFORMANCE",
            room.performance_room(blends),
            **common,
            as_of=ctx.lab["as_of"],
        )
        + 1
    )

    row = _section(
        ctx,
        row,
        "Risk of each blend (EFFCAP_STATS; Sharpe at a 0 risk-free rate; correlation to the "
        "equity fund of the inputs)",
        whole=True,
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
            room.stats_room(),
            **_growth(growth, rule, blends=False),
            weights=growth.weights[b],
            equity=growth.correlation,
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
    space = room.stress_room(len(periods), blends)
    row += _table(ctx, ws, row, 0, "EFFCAP_STRESS", space, **common, periods=table) + 1

    row = _section(
        ctx,
        row,
        "Calendar-year returns (EFFCAP_CALENDAR; Partial names blends whose year is partial)",
        whole=True,
    )
    calendar_at = row
    space = room.calendar_room(blends, ctx.years)
    row += _table(ctx, ws, row, 0, "EFFCAP_CALENDAR", space, **common) + 1

    row = _section(ctx, row, "Worst drawdowns of each blend (EFFCAP_DRAWDOWNS)", whole=True)
    ws.write(row, 0, "Episodes per blend", st.bold)
    ws.write(row, 1, float(TOP), st.text_in)
    integer_validation(ws, row, 1, 1, room.MAX_TOP, "Episodes per blend")
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
            room.drawdowns_room(),
            dates=growth.dates,
            prices=growth.columns[b],
            weights=Literal(1.0),
            top=top,
            rebalance=rule,
        )
    charts(ctx, growth, (calendar_at, space[0]), exposure_chart)
    return row
