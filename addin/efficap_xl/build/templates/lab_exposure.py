"""The Portfolio Lab's exposure tables and its "keep my 60/40 and add X" solve panel.

Implements
----------
- :func:`exposure_tables` -- each fund's exposure per $1 by asset class
  (``EFFCAP_EXPOSURE`` of the fund alone), then per blend the long, short and net
  exposure by asset class as Morningstar shows funds with embedded leverage: long and
  short are native ``SUMPRODUCT`` s of the weights and the per-$1 table, net is
  ``EFFCAP_EXPOSURE`` of the blend; total notional and the financing leg (1 - total
  notional; negative = embedded borrowing), so the net column adds up to 100%. A chart
  block of the net exposures feeds a stacked bar chart.
- :func:`solve_panel` -- targets (60% U.S. Equities, 40% U.S. Fixed Income, 20% of a
  class chosen from a drop-down) and candidate funds in, ``EFFCAP_SOLVE`` weights out,
  and the capital each fund frees: weight x (notional per $1 - 1).
"""

from __future__ import annotations

from typing import Any

from efficap.catalog import asset_classes, load_catalog
from efficap_xl.build.formula import literal
from efficap_xl.build.templates.blocks import ticker_validation
from efficap_xl.build.templates.common import Cells, Sheet
from efficap_xl.build.templates.lists import list_validation

__all__ = ["SOLVE_FUNDS", "SOLVE_TARGETS", "exposure_tables", "solve_panel"]

#: The solve panel's targets: keep the 60/40, add 20% of a chosen class.
SOLVE_TARGETS = (("U.S. Equities", 0.60), ("U.S. Fixed Income", 0.40), ("Managed Futures", 0.20))
SOLVE_FUNDS = ("IVV", "NTSX", "AGG", "WTMF")
SOLVE_OBJECTIVE = "expense"  # among exact solutions, the cheapest (EFFCAP_SOLVE's default)
FINANCING = "Financing"
TOTAL = "Total notional"


def _classes(ws: Sheet, catalog: Cells) -> list[str]:
    path = ws.book.values.get((catalog.sheet, catalog.r1, catalog.c1))
    return asset_classes(load_catalog(path))


def _signed(weights: list[Any], per_dollar: list[Any], sign: int) -> float:
    """What SUMPRODUCT((w*e>0)*w*e) (sign 1) or (w*e<0) (sign -1) gives."""
    products = [float(w) * float(e) for w, e in zip(weights, per_dollar, strict=True)]
    return sum(p for p in products if p * sign > 0)


def exposure_tables(ws: Sheet, row: int, lab: dict[str, Cells]) -> tuple[int, Any]:
    """Write the per-$1 table, the long/short/net table and its chart data; return the
    next free row and the stacked bar chart (to be placed)."""
    book, st = ws.book, ws.book.st
    tickers, table, catalog = lab["tickers"], lab["table"], lab["catalog"]
    classes = _classes(ws, catalog)
    n = tickers.c2
    ws.write(row, 0, "Exposure per $1 of each fund, by asset class (from the catalog)", st.bold)
    head = row + 1
    ws.write(head, 0, "Asset class", st.header)
    first = head + 1
    for i, name in enumerate(classes):
        ws.write(first + i, 0, name, st.bold)
    last = first + len(classes) - 1
    labels = ws.cells(first, 0, last, 0)
    fin_row = last + 1
    ws.write(fin_row, 0, "Financing (1 - total notional)", st.total_label)
    for j in range(1, n + 1):
        ticker = ws.cells(tickers.r1, j, row_abs=True, col_abs=False)
        ws.plain_formula(
            head, j, f"={ticker.text}", st.header, book.values[(ws.name, tickers.r1, j)]
        )
        ws.call(
            first,
            j,
            "EFFCAP_EXPOSURE",
            st.pct,
            tickers=ticker,
            weights=literal(1.0),
            asset_classes=labels,
            catalog=catalog,
        )
        col = ws.cells(first, j, last, j, row_abs=False, col_abs=False)
        total = sum(float(r[0]) for r in book.grid(col))
        ws.plain_formula(fin_row, j, f"=1-SUM({col.text})", st.pct_total, 1.0 - total)

    # Long / short / net per blend.
    top = fin_row + 3
    ws.write(
        top - 1,
        0,
        "Exposure by asset class per $1 of capital, as Morningstar shows funds "
        "with embedded leverage (net = long + short; financing negative = borrowing)",
        st.bold,
    )
    ws.write(top + 1, 0, "Asset class", st.header)
    rows = [*classes, TOTAL, FINANCING]
    body = top + 2
    for i, name in enumerate(rows):
        ws.write(body + i, 0, name, st.total_label if name in (TOTAL, FINANCING) else st.bold)
    check = body + len(rows)
    ws.write(check, 0, "Net exposure + financing (adds up to 100%)", st.total_label)
    net_labels = ws.cells(body, 0, check - 1, 0)
    blends = table.r2 - table.r1
    nets: list[Cells] = []
    for b in range(blends):
        wrow = table.r1 + 1 + b
        weights = ws.cells(wrow, 1, wrow, n)
        w_values = book.grid(weights)[0]
        c0 = 1 + 3 * b
        name = ws.cells(wrow, 0)
        ws.plain_formula(top, c0, f"={name.text}", st.bold, book.values[(ws.name, wrow, 0)])
        for k, label in enumerate(("Long", "Short", "Net")):
            ws.write(top + 1, c0 + k, label, st.header)
        for i in range(len(rows)):
            source = fin_row if rows[i] == FINANCING else first + i
            if rows[i] == TOTAL:
                for k in (0, 1):
                    span = ws.cells(
                        body, c0 + k, body + len(classes) - 1, c0 + k, row_abs=False, col_abs=False
                    )
                    value = sum(book.grid(span)[r][0] for r in range(len(classes)))
                    ws.plain_formula(body + i, c0 + k, f"=SUM({span.text})", st.pct_total, value)
                continue
            per = ws.cells(source, 1, source, n)
            e_values = book.grid(per)[0]
            for k, sign in ((0, 1), (1, -1)):
                test = ">0" if sign > 0 else "<0"
                text = f"=SUMPRODUCT(({weights.text}*{per.text}{test})*{weights.text}*{per.text})"
                ws.plain_formula(body + i, c0 + k, text, st.pct, _signed(w_values, e_values, sign))
        blend_tickers = ws.cells(tickers.r1, 1, tickers.r1, n)
        ws.call(
            body,
            c0 + 2,
            "EFFCAP_EXPOSURE",
            st.pct,
            tickers=blend_tickers,
            weights=weights,
            asset_classes=net_labels,
            catalog=catalog,
        )
        net = ws.cells(body, c0 + 2, check - 1, c0 + 2, row_abs=False, col_abs=False)
        values = [r[0] for r in book.grid(net)]
        total = sum(values[: len(classes)]) + values[-1]
        span = ws.cells(body, c0 + 2, body + len(classes) - 1, c0 + 2, row_abs=False, col_abs=False)
        financing = ws.cells(check - 1, c0 + 2, row_abs=False, col_abs=False)
        text = f"=SUM({span.text})+{financing.text}"
        ws.plain_formula(check, c0 + 2, text, st.pct_total, total)
        nets.append(ws.cells(body, c0 + 2, check - 1, c0 + 2))
    chart = _exposure_chart(ws, check + 2, rows, nets, [table.r1 + 1 + b for b in range(blends)])
    return check + 2 + len(rows) + 1, chart


def _exposure_chart(
    ws: Sheet, row: int, rows: list[str], nets: list[Cells], name_rows: list[int]
) -> Any:
    """A block of net exposures (classes x blends, financing included) and its stacked
    bar chart."""
    book, st = ws.book, ws.book.st
    ws.write(row - 1, 0, "Net exposure by asset class (chart data)", st.note)
    shown = [i for i, name in enumerate(rows) if name != TOTAL]
    for b, r in enumerate(name_rows, start=1):
        ws.plain_formula(
            row - 1, b, f"={ws.cells(r, 0).text}", st.header, book.values[(ws.name, r, 0)]
        )
    chart = book.wb.add_chart({"type": "bar", "subtype": "stacked"})
    for k, i in enumerate(shown):
        out = row + k
        ws.write(out, 0, rows[i], st.bold)
        for b, net in enumerate(nets, start=1):
            source = Cells(ws.name, net.r1 + i, net.c1, net.r1 + i, net.c1)
            ws.plain_formula(
                out, b, f"={source.text}", st.pct, book.values[(ws.name, net.r1 + i, net.c1)]
            )
        chart.add_series(
            {
                "name": [ws.name, out, 0],
                "categories": [ws.name, row - 1, 1, row - 1, len(nets)],
                "values": [ws.name, out, 1, out, len(nets)],
            }
        )
    chart.set_title({"name": "Exposure by asset class per $1 (financing < 0 = borrowing)"})
    chart.set_x_axis({"num_format": "0%", "major_gridlines": {"visible": True}})
    # Blend names at the plot's left edge, not at zero where a negative bar (financing)
    # would run under them.
    chart.set_y_axis({"reverse": True, "label_position": "low"})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 720, "height": 340})
    return chart


def solve_panel(ws: Sheet, row: int, lab: dict[str, Cells]) -> int:
    """Write the "keep my 60/40 and add X" panel; return the next free row."""
    book, st = ws.book, ws.book.st
    ws.write(row, 0, "Keep my 60/40 and add X: target exposures in, fund weights out", st.bold)
    ws.write(row + 1, 0, "Asset class", st.header)
    ws.write(row + 1, 1, "Target", st.header)
    first = row + 2
    for i, (name, target) in enumerate(SOLVE_TARGETS):
        ws.write(first + i, 0, name, st.text_in if i == 2 else st.bold)
        ws.write(first + i, 1, target, st.pct_in)
    last = first + len(SOLVE_TARGETS) - 1
    list_validation(
        ws,
        (last, 0, last, 0),
        book.lists().classes,
        "Asset class to add",
        "The class the freed capital buys, e.g. Managed Futures or Gold.",
        "Not a class of the built-in catalog: keep it only if your catalog has it.",
    )
    fund_head = last + 2
    for k, label in enumerate(
        ("Candidate fund", "Weight (solved)", "Notional per $1", "Capital freed")
    ):
        ws.write(fund_head, k, label, st.header)
    f1 = fund_head + 1
    for i, ticker in enumerate(SOLVE_FUNDS):
        ws.write(f1 + i, 0, ticker, st.text_in)
    f2 = f1 + len(SOLVE_FUNDS) - 1
    ticker_validation(ws, f1, 0, f2, 0)
    args = {
        "asset_classes": ws.cells(first, 0, last, 0),
        "targets": ws.cells(first, 1, last, 1),
        "tickers": ws.cells(f1, 0, f2, 0),
        # Written out (the default): a skipped argument before the catalog would be a
        # gap some engines read as 0.
        "objective": literal(SOLVE_OBJECTIVE),
        "catalog": lab["catalog"],
    }
    weights = ws.call(f1, 1, "EFFCAP_SOLVE", st.pct, **args)
    for i in range(len(SOLVE_FUNDS)):
        r = f1 + i
        notional = ws.call(
            r,
            2,
            "EFFCAP_NOTIONAL",
            st.pct,
            tickers=ws.cells(r, 0, row_abs=False),
            weights=literal(1.0),
            catalog=lab["catalog"],
        )
        w, x = ws.cells(r, 1, row_abs=False), ws.cells(r, 2, row_abs=False)
        ws.plain_formula(r, 3, f"={w.text}*({x.text}-1)", st.pct, weights[i][0] * (notional - 1))
    total = f2 + 1
    ws.write(total, 0, "Total", st.total_label)
    spans = [ws.cells(f1, c, f2, c, row_abs=False, col_abs=False) for c in (1, 2, 3)]
    grid = [[r[0] for r in book.grid(s)] for s in spans]
    ws.plain_formula(total, 1, f"=SUM({spans[0].text})", st.pct_total, sum(grid[0]))
    ws.plain_formula(
        total,
        2,
        f"=SUMPRODUCT({spans[0].text},{spans[1].text})",
        st.pct_total,
        sum(a * b for a, b in zip(grid[0], grid[1], strict=True)),
    )
    ws.plain_formula(total, 3, f"=SUM({spans[2].text})", st.pct_total, sum(grid[2]))
    ws.merge(
        total + 1,
        0,
        total + 1,
        8,
        "Capital freed = weight x (notional exposure per $1 - 1): the capital a "
        "one-for-one fund would need for the same exposure, less what this fund uses. "
        "The total is what buys the added class (total notional - 100%).",
        st.note_wrap,
    )
    ws.set_row(total + 1, 30)
    return total + 2
