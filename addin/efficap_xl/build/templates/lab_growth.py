"""The Portfolio Lab's Growth sheet and its four charts.

Implements
----------
- :func:`growth_sheet` -- one ``EFFCAP_GROWTH`` dynamic array: each blend's growth of 1
  over its whole history, computed once, with the equity fund's beside it; the weights
  table that reads each of those columns as a 100% blend; the workbook names the Lab's
  track-record functions read (:class:`Growth`), sized to the rows that hold data; and
  native columns for the charts: the date as a decimal year, then per blend the value
  of $10,000 from the chart's start to the as-of date (the linked history rebased, so a
  move on the chart is the return the tables report), the running peak and the
  drawdown (value / peak - 1), ``#N/A`` outside that span (charts skip it).
- :func:`charts` -- growth of $10,000 and drawdowns (lines over decimal years, a tick on
  each 1 January), calendar-year returns (columns over the whole calendar table) and the
  exposure chart (:mod:`~efficap_xl.build.templates.lab_exposure`), placed right of the
  Lab's tables.

Handing the tables this sheet's few columns instead of the whole Prices sheet is what
keeps a recalculation's cells handed to Python low (README, Benchmarks).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from efficap_xl.build.templates import room
from efficap_xl.build.templates.common import Book, Cells, Sheet, stored
from efficap_xl.build.templates.prices import Sized

__all__ = ["GROWTH_SHEET", "START_VALUE", "Growth", "charts", "growth_sheet", "year_fraction"]

GROWTH_SHEET = "Growth"
START_VALUE = 10_000.0  # the growth chart's starting amount, in dollars
_TOP = 3  # the 100%-each weights table's header row (Excel row 4)
_CHART_COL = 11  # column L of the Lab: the charts sit right of the tables
_PER_BLEND = ("Base", f"${START_VALUE:,.0f}", "Peak", "Drawdown")


def year_fraction(day: datetime) -> float:
    """The date as a decimal year (1 January = the whole year), as the sheet computes it.

    >>> year_fraction(datetime(2024, 7, 2))
    2024.5
    """
    start = datetime(day.year, 1, 1)
    days = (datetime(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / days


@dataclass(frozen=True)
class Growth:
    """What the Lab's tables and charts read from the Growth sheet.

    ``dates``, ``blends`` (header and growth columns), ``stats`` (the same and the
    equity column), ``columns`` (one blend's column each): names sized to the rows that
    hold data. ``table``: the weights table of 100% per blend; ``weights``: blend b's
    row of it over the ``stats`` columns; ``equity``: the equity ticker cell (blank when
    the Prices sheet lacks it); ``correlation``: what EFFCAP_STATS correlates with (that
    ticker, or none). ``first``, ``rows``: the chart columns' data rows;
    ``year``: their x column; ``value(b)``, ``drawdown(b)``: blend b's columns.
    """

    dates: Cells
    blends: Cells
    stats: Cells
    columns: list[Cells]
    table: Cells
    weights: list[Cells]
    equity: Cells
    correlation: Cells
    first: int
    rows: int
    year: int

    def value(self, b: int) -> int:
        return self.year + 2 + 4 * b

    def drawdown(self, b: int) -> int:
        return self.year + 4 + 4 * b


def growth_sheet(
    book: Book,
    names: list[Any],
    name_ref: Any,
    lab: dict[str, Cells],
    prices: dict[str, Cells],
    priced: bool,
) -> Growth:
    """Write the Growth sheet; return what the Lab reads from it.

    Parameters
    ----------
    names, name_ref
        The blends' names and the formula reading blend b's name cell.
    lab : dict of Cells
        The Lab's inputs: ``table`` (the weights table), ``equity``, ``start`` (the
        chart's start), ``as_of``, ``rule``; and ``price_header``, the Prices sheet's.
    prices : dict of Cells
        ``dates`` (the Prices sheet's) and ``prices`` (``Lab_Closes``): sized names.
    priced : bool
        Whether the Prices sheet holds closes (else the formula waits for them).
    """
    st = book.st
    ws = book.add_sheet(GROWTH_SHEET)
    k = len(names)
    ws.write(0, 0, "Each blend's growth of 1, computed once for every table and chart", st.title)
    ws.write(
        1,
        0,
        "EFFCAP_GROWTH: each blend over its whole history (blank before its first close), "
        "the equity fund beside it; the Lab's tables read these columns as 100% blends. "
        f"Right: the value of ${START_VALUE:,.0f} from the chart start to the as-of date "
        "(the linked history rebased), running peak and drawdown by native formulas, #N/A "
        "outside that span (charts skip it). Nothing to edit here.",
        st.note,
    )
    ws.write(_TOP, 0, "Blend", st.header)
    equity, shown = _equity(ws, k, lab, names)
    for b in range(k):
        ws.plain_formula(_TOP, 1 + b, name_ref(b), st.header, names[b])
        ws.plain_formula(_TOP + 1 + b, 0, name_ref(b), st.bold, names[b])
        for j in range(k):
            ws.write(_TOP + 1 + b, 1 + j, 1.0 if j == b else 0.0, st.pct)
        # the equity column's weight: none when there is no such column (a trailing blank)
        text = f'=IF({equity.text}="","",0)'
        ws.plain_formula(_TOP + 1 + b, 1 + k, text, st.pct, 0.0 if shown else "")

    at = _TOP + k + 3
    ws.write(at - 1, 0, "EFFCAP_GROWTH over the Lab's weights table", st.bold)
    reserved = prices["dates"].reserved_rows
    args = {
        "dates": prices["dates"],
        "prices": prices["prices"],
        "weights_table": lab["table"].anywhere(),
        "rebalance": lab["rule"].anywhere(),
        "funds": equity,
    }
    space = room.growth_room(reserved, k, 1)
    if priced:
        answer = ws.call(at, 0, "EFFCAP_GROWTH", st.price, st.header, st.date, space, **args)
    else:
        ws.pending_call(at, 0, "EFFCAP_GROWTH", st.price, room=space, **args)
        answer = []
    filled = max(1, len(answer) - 1)
    growth = _names(book, at, k, reserved, filled, equity)
    _chart_columns(ws, growth, k, answer, lab)
    ws.set_column(0, 0, 11)
    ws.set_column(1, growth.drawdown(k - 1), 10)
    ws.set_row(_TOP, 30)
    ws.set_row(at, 30)
    ws.freeze_panes(at + 1, 1)
    ws.print_area(0, 0, at + 40, growth.drawdown(k - 1))
    ws.fit_to_pages(1, 0)
    return growth


def _equity(ws: Sheet, k: int, lab: dict[str, Cells], names: list[Any]) -> tuple[Cells, bool]:
    """The equity fund's header cell (blank when the Prices sheet lacks it or a blend has
    its name: then no column, and the correlation is n/a rather than every table an
    error) and, above it, its column count (1 or 0), which sizes ``Growth_Stats``."""
    st = ws.book.st
    eq, header = f"TRIM({lab['equity'].anywhere().text})", lab["price_header"]
    table = lab["table"]
    blends = Cells(table.sheet, table.r1 + 1, 0, table.r2, 0, qualified=True).text
    value = str(ws.book.grid(lab["equity"])[0][0] or "").strip().upper()
    priced = value in {str(v).strip().upper() for v in ws.book.grid(header)[0] if v}
    clash = value in {str(n).strip().upper() for n in names}
    shown = value if value and priced and not clash else ""
    text = f'=IF(OR(ISNA(MATCH({eq},{header.text},0)),ISNUMBER(MATCH({eq},{blends},0))),"",{eq})'
    ws.plain_formula(_TOP, k + 1, text, st.header, shown)
    cell = ws.cells(_TOP, k + 1)
    ws.write(_TOP - 1, k, "Equity columns", st.note)
    ws.plain_formula(_TOP - 1, k + 1, f'=IF({cell.text}="",0,1)', st.count, 1.0 if shown else 0.0)
    # What EFFCAP_STATS correlates with: the equity column, or none (never a blend that
    # happens to be named like a fund).
    text = f'=IF({cell.text}="","none",{cell.text})'
    ws.plain_formula(_TOP - 1, k + 2, text, st.note, shown or "none")
    return ws.cells(_TOP, k + 1, qualified=True), bool(shown)


def _names(book: Book, at: int, k: int, reserved: int, filled: int, equity: Cells) -> Growth:
    """Define Growth_Rows, _Dates, _Blends, _Stats and Growth_1.. (one per blend)."""
    first, last = at + 1, at + reserved
    dates = Cells(GROWTH_SHEET, first, 0, last, 0, qualified=True).text
    book.define_name("Growth_Rows", f"=MAX(1,COUNT({dates}))")
    book.define_name("Growth_Dates", f"=INDEX({dates},1):INDEX({dates},Growth_Rows)")
    how = {"qualified": True, "last": last}

    def table(name: str, c1: int, c2: int, width: str | None = None, now: int = 0) -> Sized:
        """A name over columns c1..c2 sized to the answer's rows (and to `width`
        columns, a formula, when given; `now` columns today)."""
        area = Cells(GROWTH_SHEET, at, c1, last, c2, qualified=True).text
        columns = width or str(c2 - c1 + 1)
        book.define_name(name, f"=INDEX({area},1,1):INDEX({area},Growth_Rows+1,{columns})")
        end = c1 + now - 1 if width else c2
        return Sized(GROWTH_SHEET, at, c1, at + filled, end, name=name, **how)

    count = Cells(GROWTH_SHEET, _TOP - 1, k + 1, _TOP - 1, k + 1, qualified=True)
    has = book.values.get((GROWTH_SHEET, _TOP - 1, k + 1)) == 1.0

    weights = [
        Cells(GROWTH_SHEET, _TOP + 1 + b, 1, _TOP + 1 + b, k + 1, qualified=True) for b in range(k)
    ]
    return Growth(
        dates=Sized(GROWTH_SHEET, first, 0, at + filled, 0, name="Growth_Dates", **how),
        blends=table("Growth_Blends", 1, k),
        stats=table("Growth_Stats", 1, k + 1, f"{k}+{count.text}", k + int(has)),
        columns=[table(f"Growth_{b + 1}", 1 + b, 1 + b) for b in range(k)],
        table=Cells(GROWTH_SHEET, _TOP, 0, _TOP + k, k, qualified=True),
        weights=weights,
        equity=equity,
        correlation=Cells(GROWTH_SHEET, _TOP - 1, k + 2, _TOP - 1, k + 2, qualified=True),
        first=first,
        rows=reserved,
        year=k + 3,
    )


def _chart_columns(
    ws: Sheet, growth: Growth, k: int, answer: list[list[Any]], lab: dict[str, Cells]
) -> None:
    """The decimal year, then per blend its base (the growth at the chart's first close),
    value of $10,000, running peak and drawdown: native formulas, cached from `answer`."""
    st = ws.book.st
    at = growth.first - 1
    ws.write(at, growth.year, "Year", st.header)
    for b in range(k):
        for j, label in enumerate(_PER_BLEND):
            ws.write(at, growth.year + 1 + 4 * b + j, label, st.header)
    start, end = (lab[key].anywhere().text for key in ("start", "as_of"))
    bounds = (
        ws.book.values.get((lab["start"].sheet, lab["start"].r1, lab["start"].c1)),
        ws.book.values.get((lab["as_of"].sheet, lab["as_of"].r1, lab["as_of"].c1)),
    )
    bases: list[Any] = [None] * k
    peaks: list[Any] = [None] * k
    for i in range(growth.rows):
        r = growth.first + i
        line = answer[1 + i] if 1 + i < len(answer) else None
        day = ws.cells(r, 0, row_abs=False).text
        year = f"YEAR({day})"
        cached = year_fraction(line[0]) if line else "#N/A"
        text = (
            f"=IF(ISNUMBER({day}),{year}+({day}-DATE({year},1,1))/"
            f"(DATE({year}+1,1,1)-DATE({year},1,1)),NA())"
        )
        ws.plain_formula(r, growth.year, text, st.ratio, stored(cached))
        for b in range(k):
            _blend_row(ws, growth, b, i, day, (start, end), line, bounds, bases, peaks)


def _blend_row(
    ws: Sheet,
    growth: Growth,
    b: int,
    i: int,
    day: str,
    span: tuple[str, str],
    line: list[Any] | None,
    bounds: tuple[Any, Any],
    bases: list[Any],
    peaks: list[Any],
) -> None:
    """Blend b's four chart columns on data row i (formulas and cached values)."""
    st = ws.book.st
    r = growth.first + i
    c = growth.year + 1 + 4 * b
    g = ws.cells(r, 1 + b, row_abs=False).text
    base, value, peak = (ws.cells(r, c + j, row_abs=False).text for j in range(3))
    above = (ws.cells(r - 1, c, row_abs=False).text, ws.cells(r - 1, c + 2, row_abs=False).text)
    inside = f"AND(ISNUMBER({g}),{day}>={span[0]},{day}<={span[1]})"
    carried = f"IF(ISNUMBER({above[0]}),{above[0]},IF({inside},{g},NA()))"
    running = f"IF(ISNUMBER({above[1]}),MAX({value},{above[1]}),{value})"
    held = f"IF(ISNUMBER({above[1]}),{above[1]},NA())"
    texts = (
        f"=IF({inside},{g},NA())" if i == 0 else f"={carried}",
        f"=IF({inside},{START_VALUE:g}*{g}/{base},NA())",
        f"=IF(ISNUMBER({value}),{value},NA())"
        if i == 0
        else f"=IF(ISNUMBER({value}),{running},{held})",
        f"=IF(ISNUMBER({value}),{value}/{peak}-1,NA())",
    )
    g_now = line[1 + b] if line else None
    day_now = line[0] if line else None
    ok = isinstance(g_now, float) and bounds[0] is not None and bounds[0] <= day_now <= bounds[1]
    if bases[b] is None and ok:
        bases[b] = g_now
    v = START_VALUE * g_now / bases[b] if ok else None
    if v is not None:
        peaks[b] = v if peaks[b] is None else max(peaks[b], v)
    cached = (
        "#N/A" if bases[b] is None else bases[b],
        "#N/A" if v is None else v,
        "#N/A" if peaks[b] is None else peaks[b],
        "#N/A" if v is None else v / peaks[b] - 1,
    )
    fmts = (st.price, st.money, st.money, st.pct)
    for j in range(4):
        ws.plain_formula(r, c + j, texts[j], fmts[j], stored(cached[j]))


def charts(ctx: Any, growth: Growth, calendar: tuple[int, int], exposure: Any) -> None:
    """Place the four charts right of the Lab's tables, a note under each.

    Parameters
    ----------
    ctx : lab_history.Context
        The Lab sheet, the blends' names and the simulated-closes note.
    growth : Growth
        Where the Growth sheet's chart columns are.
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
    first, last = growth.first, growth.first + growth.rows - 1
    blends = len(growth.columns)
    for column, title, fmt in (
        (growth.value, f"Growth of ${START_VALUE:,.0f}{note}", "$#,##0"),
        (growth.drawdown, f"Drawdown: value / running peak - 1{note}", "0%"),
    ):
        chart = book.wb.add_chart({"type": "scatter", "subtype": "straight"})
        for b in range(blends):
            chart.add_series(
                {
                    "name": ctx.name_cell(b),
                    "categories": [GROWTH_SHEET, first, growth.year, last, growth.year],
                    "values": [GROWTH_SHEET, first, column(b), last, column(b)],
                    "line": {"width": 1.25},
                }
            )
        chart.set_title({"name": title})
        chart.set_x_axis(years)
        chart.set_y_axis({"num_format": fmt, "major_gridlines": {"visible": True}})
        lines.append(chart)

    at, space = calendar
    cal = book.wb.add_chart({"type": "column"})
    for b in range(blends):
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
