"""Recalculate a workbook that calls every EFFCAP_ function with the `formulas` engine.

XlsxWriter writes a small workbook (a 40-day, two-fund price table made by hand,
Figure 1's weights and targets, a sheet catalog) with one formula per Excel
function -- spilling ones as dynamic-array formulas -- plus native formulas
that read the spilled cells. The `formulas` package loads it, our UDFs are
registered under their Excel names, and every recalculated cell is compared
with the core called directly.

The engine passes ranges as 2-D numpy object arrays with its own blank
(``schedula.EMPTY``) and error (``XlError``) values and dates as serial
numbers. :func:`xlwings_args` converts them the way xlwings does on Windows
for each argument kind of the spec (using xlwings' own dimension stage), so
the UDFs see the same shapes as in Excel; dates arriving as serial numbers
exercise the UDFs' serial-date path.

What the engine does differently: an omitted argument in the middle
(``=EFFCAP_STATS(d, p, w, , 0.02)``) arrives as 0, where Excel passes "missing"
and xlwings the argument's default, so the workbook writes ``""`` (blank, i.e.
the default, for our UDFs) instead. It needs the spill area of each dynamic array
written in the file (XlsxWriter's ``write_dynamic_array_formula`` range), so
the test sizes each one from the core's answer, where Excel would size it
itself; and it has no date type, so a date returned by a UDF is compared as
an Excel serial number.
"""

from __future__ import annotations

import datetime as dt
import inspect
import types

import numpy as np
import pandas as pd
import pytest

formulas = pytest.importorskip("formulas")
xlsxwriter = pytest.importorskip("xlsxwriter")

import schedula as sh  # noqa: E402  (installed with formulas)
from xlwings.conversion.standard import AdjustDimensionsStage  # noqa: E402

from efficap import (  # noqa: E402
    blend,
    exposure,
    fees,
    history,
    performance,
    realized,
    risk,
    screen,
    simulate,
    solve,
)
from efficap import stress as core_stress  # noqa: E402
from efficap.catalog import asset_classes, fund_fact, load_catalog  # noqa: E402
from efficap.pricecheck import PriceWarning  # noqa: E402
from efficap_xl import cache, outputs, spec, udfs  # noqa: E402

# The sheet's prices run on business days, which include NYSE holidays: the price
# check's "closes on days the NYSE was closed" is expected from the EFFCAP_SIMULATE cell.
pytestmark = pytest.mark.filterwarnings(
    "ignore:.* on days the NYSE was closed:efficap.pricecheck.PriceWarning"
)

EPOCH = dt.datetime(1899, 12, 30)
FUNDS = ["IVV", "NTSX", "AGG", "WTMF"]
WEIGHTS = [0.24, 0.40, 0.16, 0.20]
CLASSES = ["U.S. Equities", "U.S. Fixed Income", "Managed Futures"]
TARGETS = [0.6, 0.4, 0.2]
SHEET_CATALOG = [["Ticker", "Net ER", "U.S. Equities"], ["MYEQ", 0.001, 1.0]]


def serial(day: dt.datetime) -> float:
    return (day - EPOCH).days + 0.0


def _prices():
    days = [d.to_pydatetime() for d in pd.bdate_range("2024-11-15", periods=40)]
    aaa = [100.0 * 1.001**i * (1.0 + 0.01 * np.cos(i / 2.0)) for i in range(40)]
    bbb = [50.0 * (1.0 + 0.02 * np.sin(i / 3.0)) for i in range(40)]
    return days, aaa, bbb


DAYS, AAA, BBB = _prices()
FRAME = pd.DataFrame({"AAA": AAA, "BBB": BBB}, index=pd.DatetimeIndex(DAYS, name="Date"))
AS_OF = DAYS[-1]
BLENDS = {"All A": {"AAA": 1.0, "BBB": 0.0}, "Mix": {"AAA": 0.5, "BBB": 0.5}}
# Stress periods on the sheet: one inside the prices, one ending after them (n/a).
PERIODS = [
    ["Period", "Start", "End"],
    ["December", dt.datetime(2024, 11, 29), dt.datetime(2024, 12, 31)],
    ["Late", dt.datetime(2024, 12, 20), dt.datetime(2025, 2, 28)],
]
# EFFCAP_SIMULATE: the sheet catalog's MYEQ (U.S. Equities 1.0) from an IVV column.
IVV_FRAME = pd.DataFrame({"IVV": AAA}, index=FRAME.index)
# EFFCAP_SCREEN and EFFCAP_REALIZED: a 60/40 core, NTSX, WTMF, and NTSX's proxies.
_I = np.arange(40)
_IEF = 100.0 * (1.0 + 0.003 * np.sin(_I / 1.7))
_BIL = 100.0 * 1.0001**_I
STACK = pd.DataFrame(
    {
        "IVV": AAA,
        "AGG": BBB,
        "NTSX": 20.0 * (1.0 + 0.9 * (np.array(AAA) / 100.0 - 1.0) + 0.5 * (_IEF / 100.0 - 1.0)),
        "WTMF": 40.0 * (1.0 + 0.01 * np.cos(_I / 2.5)),
        "IEF": _IEF,
        "BIL": _BIL,
    },
    index=FRAME.index,
)


# --------------------------------------------------------------------------- adapter


def _clean(value):
    """One cell as xlwings' Windows engine delivers it (with err_to_str=True)."""
    if value is sh.EMPTY:
        return None
    if type(value).__name__ == "XlError":
        return str(value)
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    return value


def xlwings_args(args, func: spec.Func):
    out = []
    for value, arg in zip(args, func.args, strict=False):
        if isinstance(value, np.ndarray):
            cells = [[_clean(v) for v in row] for row in np.atleast_2d(value).tolist()]
        else:
            cells = [[_clean(value)]]
        ctx = types.SimpleNamespace(value=cells)
        AdjustDimensionsStage(spec.KIND_OPTIONS[arg.kind])(ctx)
        out.append(ctx.value)
    return out


def _to_engine(result):
    def cell(v):
        return serial(v) if isinstance(v, dt.datetime) else v

    if isinstance(result, list):
        return np.array([[cell(v) for v in row] for row in result], dtype=object)
    return cell(result)


def register_udfs():
    table = formulas.get_functions()
    for name, func in spec.SPEC.items():
        fn = getattr(udfs, name)

        def call(*args, _fn=fn, _func=func):
            return _to_engine(_fn(*xlwings_args(args, _func)))

        table[name] = formulas.functions.wrap_func(call)


# --------------------------------------------------------------------------- workbook


def build(path, spill_sizes):
    """Write the workbook; return {label: (sheet cell range, kind)} of the formulas to check."""
    book = xlsxwriter.Workbook(str(path))
    date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    inp = book.add_worksheet("INPUTS")
    inp.write_column("A2", FUNDS)
    inp.write_column("B2", WEIGHTS)
    inp.write_column("D2", CLASSES)
    inp.write_column("E2", TARGETS)
    inp.write_row("G2", [0.6, 0.4])
    inp.write_row("J1", ["Blend", "AAA", "BBB"])
    for i, (name, w) in enumerate(BLENDS.items(), start=2):
        inp.write_row(f"J{i}", [name, w["AAA"], w["BBB"]])
    inp.write_datetime("N2", AS_OF, date_fmt)
    for r, row in enumerate(SHEET_CATALOG):
        inp.write_row(r, 15, row)  # P1:R2
    inp.write_row("T1", PERIODS[0])
    for r, row in enumerate(PERIODS[1:], start=1):
        inp.write_string(r, 19, row[0])
        inp.write_datetime(r, 20, row[1], date_fmt)
        inp.write_datetime(r, 21, row[2], date_fmt)  # T1:V3
    px = book.add_worksheet("PRICES")
    px.write_row("A1", ["Date", "AAA", "BBB", "", "IVV"])
    for i, (day, a, b) in enumerate(zip(DAYS, AAA, BBB, strict=True), start=2):
        px.write_datetime(f"A{i}", day, date_fmt)
        px.write_row(f"B{i}", [a, b])
        px.write_number(f"E{i}", a)
    px.write_row("G1", list(STACK.columns))
    for i, row in enumerate(STACK.to_numpy().tolist(), start=2):
        px.write_row(f"G{i}", row)
    n = len(DAYS) + 1
    dates, prices = f"PRICES!A2:A{n}", f"PRICES!B1:C{n}"

    out = book.add_worksheet("OUT")
    cells = {}

    def scalar(label, where, formula):
        out.write_formula(where, formula)
        cells[label] = where

    def spill(label, top_left, formula):
        rows, cols = spill_sizes[label]
        first = xlsxwriter.utility.xl_cell_to_rowcol(top_left)
        last = xlsxwriter.utility.xl_rowcol_to_cell(first[0] + rows - 1, first[1] + cols - 1)
        out.write_dynamic_array_formula(f"{top_left}:{last}", formula)
        cells[label] = f"{top_left}:{last}"

    t, w = "INPUTS!A2:A5", "INPUTS!B2:B5"
    spill("exposure", "A1", f"=EFFCAP_EXPOSURE({t},{w})")
    spill("exposure_aligned", "D1", f"=EFFCAP_EXPOSURE({t},{w},INPUTS!D2:D4)")
    scalar("notional", "F1", f"=EFFCAP_NOTIONAL({t},{w})")
    spill("solve", "H1", f"=EFFCAP_SOLVE(INPUTS!D2:D4,INPUTS!E2:E4,{t})")
    scalar("solve_sum", "I1", "=SUM(H1:H4)")
    spill("solve_status", "K1", f"=EFFCAP_SOLVE_STATUS(INPUTS!D2:D4,INPUTS!E2:E4,{t})")
    scalar("fees", "F2", f'=EFFCAP_FEES({t},{w},"net ER")')
    scalar("fees_sheet_catalog", "F3", '=EFFCAP_FEES(INPUTS!P2,1,"net ER",INPUTS!P1:R2)')
    scalar("fund", "F4", '=EFFCAP_FUND("NTSX","net ER")')
    scalar("fund_error", "F5", '=EFFCAP_FUND("XYZ","net ER")')
    scalar("version", "F6", "=EFFCAP_VERSION()")
    spill("blend", "A20", f"=EFFCAP_BLEND({dates},{prices},INPUTS!G2:H2)")
    scalar("blend_last", "D20", "=INDEX(B20:B59,40)")
    scalar("trailing_ytd", "F7", f'=EFFCAP_TRAILING({dates},{prices},INPUTS!G2:H2,INPUTS!N2,"YTD")')
    scalar(
        "trailing_si",
        "F8",
        f'=EFFCAP_TRAILING({dates},{prices},INPUTS!G2:H2,INPUTS!N2,"SI","monthly")',
    )
    scalar(
        "trailing_restart",
        "F9",
        f'=EFFCAP_TRAILING({dates},{prices},INPUTS!G2:H2,INPUTS!N2,"YTD","none","restart")',
    )
    spill("performance", "A70", f"=EFFCAP_PERFORMANCE({dates},{prices},INPUTS!J1:L3,INPUTS!N2)")
    spill("stress", "A300", f"=EFFCAP_STRESS({dates},{prices},INPUTS!J1:L3,INPUTS!T1:V3)")
    spill("drawdowns", "A310", f"=EFFCAP_DRAWDOWNS({dates},{prices},INPUTS!G2:H2,3)")
    spill("calendar", "A320", f"=EFFCAP_CALENDAR({dates},{prices},INPUTS!J1:L3)")
    spill("growth", "H20", f'=EFFCAP_GROWTH({dates},{prices},INPUTS!J1:L3,"","AAA")')
    spill("simulate", "A330", f"=EFFCAP_SIMULATE({dates},PRICES!E1:E{n},INPUTS!P2,INPUTS!P1:R2)")
    spill("stats", "A80", f'=EFFCAP_STATS({dates},{prices},INPUTS!G2:H2,"",0.02,"AAA")')
    spill("catalog", "A100", "=EFFCAP_CATALOG(INPUTS!P1:R2)")
    spill("asset_classes", "Z1", "=EFFCAP_ASSET_CLASSES()")
    spill("screen", "A400", f'=EFFCAP_SCREEN({dates},PRICES!G1:L{n},"","","WTMF",0.2)')
    spill("realized", "A410", f'=EFFCAP_REALIZED({dates},PRICES!G1:L{n},"NTSX","daily")')
    book.close()
    return cells


def expected():
    """Every checked formula's value, from the core called directly (dates as serials)."""
    w = dict(zip(FUNDS, WEIGHTS, strict=True))
    result = solve.solve_weights(dict(zip(CLASSES, TARGETS, strict=True)), FUNDS)
    report = exposure.exposure_report(w)
    growth = blend.blend_growth(FRAME, {"AAA": 0.6, "BBB": 0.4})
    table = performance.standardized_table(FRAME, BLENDS, AS_OF)
    stats = risk.risk_stats(FRAME, {"AAA": 0.6, "BBB": 0.4}, risk_free=0.02, equity="AAA")
    sheet_catalog = load_catalog(SHEET_CATALOG)
    cat_rows = [["ticker", *sheet_catalog.columns]]
    for ticker, row in sheet_catalog.iterrows():
        cat_rows.append([ticker, *row.tolist()])

    def catalog_cell(v):
        if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT:
            return ""
        if isinstance(v, pd.Timestamp):
            return serial(v.to_pydatetime())
        return v

    status = [["Asset class", "Target", "Reached", "Residual"]]
    status += [[c, result.targets[c], result.exposures[c], result.residual[c]] for c in CLASSES]
    status += [["Status", result.status, "", ""]]
    return {
        "exposure": [[k, v] for k, v in report.items()],
        "exposure_aligned": [[v] for v in exposure.exposures(w, None, CLASSES)],
        "notional": exposure.total_notional(w),
        "solve": [[v] for v in result.weights],
        "solve_sum": float(result.weights.sum()),
        "solve_status": status,
        "fees": fees.weighted_fact(w, "net ER"),
        "fees_sheet_catalog": 0.001,
        "fund": fund_fact("NTSX", "net ER"),
        "fund_error": "#EFFCAP: Unknown ticker: XYZ. Add it to a catalog table or check the "
        "spelling.",
        "version": udfs.EFFCAP_VERSION(),
        "blend": [[serial(d.to_pydatetime()), v] for d, v in growth.items()],
        "blend_last": float(growth.iloc[-1]),
        "trailing_ytd": performance.trailing_return(FRAME, {"AAA": 0.6, "BBB": 0.4}, AS_OF, "YTD"),
        "trailing_si": performance.trailing_return(
            FRAME, {"AAA": 0.6, "BBB": 0.4}, AS_OF, "SI", "monthly"
        ),
        "trailing_restart": performance.trailing_return(
            FRAME, {"AAA": 0.6, "BBB": 0.4}, AS_OF, "YTD", "none", window="restart"
        ),
        "performance": [
            [f"as of {AS_OF:%Y-%m-%d}; annual; linked", *table.columns],
            *[[n, *("n/a" if np.isnan(v) else v for v in r)] for n, r in table.iterrows()],
        ],
        "stats": [[k, v] for k, v in stats.items()],
        "catalog": [[catalog_cell(v) for v in row] for row in cat_rows],
        "asset_classes": [[c] for c in asset_classes(load_catalog())],
        "stress": _stress_rows(),
        "drawdowns": _drawdown_rows(growth),
        "calendar": _calendar_rows(),
        "growth": _growth_rows(),
        "simulate": _simulate_rows(),
        "screen": _screen_rows(),
        "realized": _realized_rows(),
    }


def _cell(v):
    if isinstance(v, pd.Timestamp):
        return serial(v.to_pydatetime())
    return "n/a" if isinstance(v, float) and np.isnan(v) else v


def _growth_rows():
    table = history.growth_table(FRAME, BLENDS, funds=["AAA"])
    rows = [["Date", *table.columns]]
    return rows + [
        [serial(d.to_pydatetime()), *("" if np.isnan(v) else v for v in r)]
        for d, r in zip(table.index, table.to_numpy().tolist(), strict=True)
    ]


def _screen_rows():
    table = screen.screen(STACK, None, ["WTMF"], [0.2])
    rows = [[table.attrs["caption"], *table.columns]]
    return rows + [
        [n, *map(_cell, r)] for n, r in zip(table.index, table.to_numpy().tolist(), strict=True)
    ]


def _realized_rows():
    r = realized.realized_exposures("NTSX", STACK, frequency="daily")
    rows = [["Asset class", "Proxy", "Stated", "Realized", "Std error", "Difference", "Flagged"]]
    rows += [
        [c, *map(_cell, v)]
        for c, v in zip(r.table().index, r.table().to_numpy().tolist(), strict=True)
    ]
    rows += [["R-squared", r.r_squared], ["Alpha a year", r.alpha]]
    rows += [["Observations", float(r.observations)], ["First close", _cell(r.first)]]
    rows += [["Last close", _cell(r.last)], ["Frequency", "daily"]]
    return [row + [""] * (7 - len(row)) for row in rows]


def _stress_rows():
    periods = {name: (start, end) for name, start, end in PERIODS[1:]}
    table = core_stress.stress_table(FRAME, BLENDS, periods)
    rows = [["Period", "Start", "End", *BLENDS]]
    for name, start, end in PERIODS[1:]:
        values = ["n/a" if pd.isna(v) else v for v in table[name]]  # text in a float column
        rows.append([name, serial(start), serial(end), *values])
    return rows


def _drawdown_rows(growth):
    rows = [["Rank", "Depth", "Peak", "Trough", "Recovery", "Trading days"]]
    for rank, e in history.drawdowns(growth, 3).iterrows():
        recovery = "not recovered" if e["not_recovered"] else serial(e["recovery"])
        peak, trough = serial(e["peak"]), serial(e["trough"])
        rows.append([float(rank), e["depth"], peak, trough, recovery, float(e["trading_days"])])
    return rows


def _calendar_rows():
    years = history.calendar_years(FRAME, BLENDS)
    rows = [["Year", *BLENDS, "Partial"]]
    for year in years.returns.columns:
        partial = ", ".join(n for n in BLENDS if years.partial.at[n, year])
        rows.append([float(year), *years.returns[year].tolist(), partial])
    return rows


def _simulate_rows():
    # The sheet's business days include four NYSE closures, which the price check names.
    with pytest.warns(
        PriceWarning, match=r"IVV: 4 closes on days the NYSE was closed \(2024-11-28"
    ):
        result = simulate.simulate("MYEQ", IVV_FRAME, SHEET_CATALOG)
    assert result.simulated_to == result.spliced.index[-1]  # no MYEQ closes: all simulated
    rows = [["Date", "Close", "Simulated"]]
    rows += [[serial(d), v, True] for d, v in result.spliced.items()]
    rows.append(["Validation: none, no real MYEQ closes overlap the simulation.", "", ""])
    return rows


def _size(value):
    return (len(value), len(value[0])) if isinstance(value, list) else (1, 1)


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    cache.clear()
    want = expected()
    path = tmp_path_factory.mktemp("recalc") / "efficap_recalc.xlsx"
    cells = build(path, {k: _size(v) for k, v in want.items()})
    register_udfs()
    model = formulas.ExcelModel().loads(str(path)).finish()
    solution = model.calculate()
    by_key = {k.upper(): v for k, v in solution.items()}
    got = {}
    for label, where in cells.items():
        key = f"'[{path.name}]OUT'!{where}".upper()
        got[label] = by_key[key].value
    return got, want


def _as_python(value):
    if isinstance(value, (np.floating, np.integer)):
        return float(value)
    if type(value).__name__ == "XlError":
        return f"<engine error {value}>"
    return value


@pytest.mark.parametrize("label", sorted(expected()))
def test_recalculated_cell_equals_core(recalculated, label):
    got, wanted = recalculated
    want = wanted[label]
    cells = [[_as_python(v) for v in row] for row in np.atleast_2d(got[label]).tolist()]
    if not isinstance(want, list):
        assert len(cells) == 1 and len(cells[0]) == 1
        cells, want = cells[0][0], want
        if isinstance(want, float):
            assert cells == pytest.approx(want, rel=1e-9, abs=1e-12)
        else:
            assert cells == want
        return
    assert len(cells) == len(want) and all(
        len(a) == len(b) for a, b in zip(cells, want, strict=True)
    )
    for row_got, row_want in zip(cells, want, strict=True):
        for a, b in zip(row_got, row_want, strict=True):
            if isinstance(b, float) and not isinstance(a, str):
                # XlsxWriter stores numbers with 16 significant digits
                assert a == pytest.approx(b, rel=1e-9, abs=1e-12)
            else:
                assert a == b


def test_every_function_is_in_the_workbook(tmp_path):
    want = expected()
    cells = build(tmp_path / "check.xlsx", {k: _size(v) for k, v in want.items()})
    assert set(cells) == set(want)
    body = inspect.getsource(build)
    for name in spec.SPEC:
        assert f"={name}(" in body, name


def test_error_text_is_what_the_engine_shows(recalculated):
    got, _ = recalculated
    assert str(np.atleast_2d(got["fund_error"])[0, 0]).startswith(outputs.ERROR_PREFIX)
