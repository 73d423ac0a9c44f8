"""Tests of the Portfolio Lab workbook (efficap_xl.build.templates.lab).

The Lab is built from the real prices and read back with openpyxl and by parsing the
xlsx XML: its charts, and the cached values of EFFCAP_STRESS, _CALENDAR and
_DRAWDOWNS against the core called directly. A Lab built on two years of real prices
is recalculated by the ``formulas`` engine with the add-in's UDFs: recalculated equals
cached, and after typing NTSI over NTSX in the inputs the formulas read NTSI's prices
(checked against the core on NTSI). The entry point writes what it is given and says
what is simulated.
"""

from __future__ import annotations

import math
import re
import zipfile
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from openpyxl.worksheet.formula import ArrayFormula
from test_templates import _recalculate

from efficap._io import OverwriteError
from efficap.blend import blend_growth
from efficap.errors import WeightsError
from efficap.history import calendar_years, drawdowns
from efficap.performance import standardized_table
from efficap.prices import read_prices
from efficap.risk import risk_stats
from efficap.stress import stress_table
from efficap_xl.build.templates.lab import DEFAULT_BLENDS, build_lab, write

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")
SMALL = ("IVV", "AGG", "NTSX", "WTMF", "NTSI")


def _text(cell: Any) -> str:
    value = cell.value
    return value.text if isinstance(value, ArrayFormula) else str(value)


def _anchors(ws: Any, name: str) -> list[Any]:
    return [c for row in ws.iter_rows() for c in row if _text(c).startswith(f"={name}(")]


def _block(values: Any, anchor: Any) -> list[list[Any]]:
    """The cached spill of an array formula (openpyxl reads its ref)."""
    from openpyxl.utils import range_boundaries

    c1, r1, c2, r2 = range_boundaries(anchor.value.ref)
    rows = [[values.cell(r, c).value for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]
    return [row for row in rows if any(v is not None for v in row)]  # less the blank room


def _same(cached: Any, core: float) -> bool:
    if isinstance(core, float) and math.isnan(core):
        return cached == "n/a"
    return cached == pytest.approx(core, abs=1e-12)


@pytest.fixture(scope="module")
def prices(shared_prices_dir: Path) -> pd.DataFrame:
    return read_prices(shared_prices_dir)


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory, prices: pd.DataFrame) -> Path:
    return build_lab(tmp_path_factory.mktemp("lab") / "lab.xlsx", prices)


def test_lab_has_the_four_charts(lab: Path) -> None:
    with zipfile.ZipFile(lab) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    kinds = {
        "growth (lines over dates)": lambda x: "<c:scatterChart>" in x and "Growth of" in x,
        "drawdowns (lines over years)": lambda x: "<c:scatterChart>" in x and "running peak" in x,
        "calendar years (columns)": lambda x: '<c:barDir val="col"/>' in x,
        "exposure (stacked bars)": lambda x: (
            '<c:barDir val="bar"/>' in x and '<c:grouping val="stacked"/>' in x
        ),
    }
    for kind, test in kinds.items():
        assert sum(map(test, charts)) == 1, kind
    growth = next(c for c in charts if "<c:scatterChart>" in c and "Growth of" in c)
    # the $10,000 column of each blend (I, M, Q), over the decimal year (column G), a tick
    # on each 1 January
    assert growth.count("<c:ser>") == 3
    assert all(f"Growth!${c}$11:${c}$" in growth for c in "IMQ")
    assert "Growth!$G$11:$G$" in growth and '<c:majorUnit val="1"/>' in growth


def test_history_functions_cache_the_core(lab: Path, prices: pd.DataFrame) -> None:
    wb = openpyxl.load_workbook(lab)
    values = openpyxl.load_workbook(lab, data_only=True)["Lab"]
    ws = wb["Lab"]
    names = list(DEFAULT_BLENDS)

    (stress,) = _anchors(ws, "EFFCAP_STRESS")
    core = stress_table(prices, DEFAULT_BLENDS, None, "annual")
    rows = _block(values, stress)
    assert rows[0] == ["Period", "Start", "End", *names]
    assert [r[0] for r in rows[1:]] == list(core.columns)
    for row in rows[1:]:
        for name, cached in zip(names, row[3:], strict=True):
            assert _same(cached, core.at[name, row[0]]), (name, row[0])

    (calendar,) = _anchors(ws, "EFFCAP_CALENDAR")
    years = calendar_years(prices, DEFAULT_BLENDS, "annual").returns
    rows = _block(values, calendar)
    assert rows[0] == ["Year", *names, "Partial"]
    assert [r[0] for r in rows[1:]] == list(years.columns)
    for row in rows[1:]:
        for name, cached in zip(names, row[1:-1], strict=True):
            assert _same(cached, years.at[name, row[0]]), (name, row[0])

    (perf,) = _anchors(ws, "EFFCAP_PERFORMANCE")
    as_of = values["B6"].value
    table = standardized_table(prices, DEFAULT_BLENDS, as_of, "annual")
    rows = _block(values, perf)
    assert [r[0] for r in rows[1:]] == names
    for row in rows[1:]:
        for period, cached in zip(table.columns, row[1:], strict=True):
            assert _same(cached, table.at[row[0], period]), (row[0], period)

    found = _anchors(ws, "EFFCAP_STATS")
    assert len(found) == 3
    for anchor, weights in zip(found, DEFAULT_BLENDS.values(), strict=True):
        assert "Growth_Stats" in _text(anchor)  # the blends' growth and the equity fund's
        stats = risk_stats(prices, weights, "annual")
        rows = _block(values, anchor)
        assert [r[0] for r in rows] == list(stats.index)
        for label, cached in rows:
            assert cached == pytest.approx(stats[label], abs=1e-12), label

    found = _anchors(ws, "EFFCAP_DRAWDOWNS")
    assert len(found) == 3
    for b, (anchor, (name, weights)) in enumerate(zip(found, DEFAULT_BLENDS.items(), strict=True)):
        assert f"Growth_{b + 1}," in _text(anchor)  # the blend's own growth column
        episodes = drawdowns(blend_growth(prices, weights, "annual"), 5)
        rows = _block(values, anchor)
        assert rows[0][:2] == ["Rank", "Depth"] and len(rows) == 6
        for row, depth in zip(rows[1:], episodes["depth"], strict=True):
            assert row[1] == pytest.approx(depth, abs=1e-12), name


def test_exposure_table_long_short_net_financing_and_solve(lab: Path) -> None:
    values = openpyxl.load_workbook(lab, data_only=True)["Lab"]
    column_a = {r: values.cell(r, 1).value for r in range(1, 120)}
    fin = min(r for r, v in column_a.items() if v == "Financing")
    eq = max(r for r, v in column_a.items() if v == "U.S. Equities" and r < fin)
    # Efficient: columns H, I, J = long, short, net
    assert values[f"H{eq - 1}"].value == "Long" and values[f"J{eq - 1}"].value == "Net"
    assert values[f"H{eq}"].value == pytest.approx(0.60)
    assert values[f"J{eq}"].value == pytest.approx(0.60)
    assert values[f"H{fin - 1}"].value == pytest.approx(1.20)  # total notional, long
    assert values[f"I{fin}"].value == pytest.approx(-0.20)  # NTSX's embedded borrowing
    assert values[f"J{fin}"].value == pytest.approx(-0.20)
    assert values[f"J{fin + 1}"].value == pytest.approx(1.0)  # net + financing = 100%
    assert values[f"B{fin}"].value == pytest.approx(0.0)  # 60/40 borrows nothing
    head = min(r for r, v in column_a.items() if v == "Candidate fund")
    solved = {values[f"A{r}"].value: values[f"B{r}"].value for r in range(head + 1, head + 5)}
    assert solved == pytest.approx({"IVV": 0.24, "NTSX": 0.40, "AGG": 0.16, "WTMF": 0.20})
    total = head + 5
    assert values[f"A{total}"].value == "Total"
    assert values[f"C{total}"].value == pytest.approx(1.20)  # total notional
    assert values[f"D{total}"].value == pytest.approx(0.20)  # capital freed, all by NTSX
    assert values[f"D{head + 2}"].value == pytest.approx(0.20)
    assert (
        "Capital freed = weight x (notional exposure per $1 - 1)" in values[f"A{total + 1}"].value
    )


def test_recalculated_equals_cached_and_a_ticker_switch_reads_its_prices(
    tmp_path: Path, prices: pd.DataFrame
) -> None:
    small = prices.loc["2023-01-01":"2024-12-31", list(SMALL)]
    path = build_lab(tmp_path / "lab.xlsx", small, price_rows=len(small))
    wb = openpyxl.load_workbook(path)
    values = openpyxl.load_workbook(path, data_only=True)
    recalculated = _recalculate(path)
    checked = 0
    for sheet in ("Lab", "Lab closes", "Growth"):
        for row in wb[sheet].iter_rows():
            for cell in row:
                if not _text(cell).startswith("="):
                    continue
                ref = cell.value.ref if isinstance(cell.value, ArrayFormula) else cell.coordinate
                for line in wb[sheet][ref] if ":" in ref else ((cell,),):
                    for spilled in line:
                        got = recalculated[(sheet.upper(), spilled.coordinate)]
                        cached = values[sheet][spilled.coordinate].value
                        where = (sheet, spilled.coordinate)
                        if isinstance(cached, bool) or cached is None:
                            continue
                        if isinstance(cached, (int, float)):
                            assert float(got) == pytest.approx(cached, abs=1e-9), where
                        elif isinstance(cached, str):
                            assert got == cached, where
                        elif hasattr(got, "year"):  # a date the UDF returned, passed on
                            assert pd.Timestamp(got) == pd.Timestamp(cached), where
                        else:  # a date the engine holds as its serial number
                            serial = (cached - pd.Timestamp("1899-12-30")).days
                            assert got == serial, where
                        checked += 1
    assert checked > 3 * 3 * 480  # at least the Growth sheet's native columns, and the tables

    ws = wb["Lab"]
    # NTSX's slot becomes NTSI (the spare NTSI slot becomes NTSX: a ticker appears once).
    slot = {c.value: c.coordinate for c in ws[11] if c.value in ("NTSX", "NTSI")}
    switched = _recalculate(path, {("Lab", slot["NTSX"]): "NTSI", ("Lab", slot["NTSI"]): "NTSX"})
    (perf,) = _anchors(ws, "EFFCAP_PERFORMANCE")
    efficient = {"IVV": 0.24, "NTSI": 0.40, "AGG": 0.16, "WTMF": 0.20}
    as_of = values["Lab"]["B6"].value
    core = standardized_table(small, {"Efficient": efficient}, as_of, "annual")
    row = perf.row + 3
    assert switched[("LAB", f"A{row}")] == "Efficient"
    for k, period in enumerate(core.columns):
        col = openpyxl.utils.get_column_letter(2 + k)
        expected = core.at["Efficient", period]
        got = switched[("LAB", f"{col}{row}")]
        assert _same(got, expected), period
        before = recalculated[("LAB", f"{col}{row}")]
        assert isinstance(expected, float) and (math.isnan(expected) or got != before)
    # The Lab closes sheet now reads NTSI's closes under NTSX's slot, and the other way.
    header = [c.value for c in values["Lab closes"][4]]
    for ticker, other in (("NTSX", "NTSI"), ("NTSI", "NTSX")):
        col = openpyxl.utils.get_column_letter(header.index(ticker) + 1)
        assert switched[("LAB CLOSES", f"{col}4")] == other
        for i, close in enumerate(small[other]):
            got = switched[("LAB CLOSES", f"{col}{5 + i}")]
            assert got == "" if math.isnan(close) else got == pytest.approx(close, rel=1e-12)


def test_a_blend_named_like_the_equity_fund_and_bad_weights_are_told(
    tmp_path: Path, prices: pd.DataFrame
) -> None:
    """A blend named IVV (the equity fund): no equity column, so the correlation is n/a
    and every other figure is still the core's. Weights adding up to 110%: the line
    above the tables says what EFFCAP_GROWTH answers, instead of only its consequences."""
    small = prices.loc["2023-01-01":"2024-12-31", list(SMALL)]
    path = build_lab(tmp_path / "lab.xlsx", small, price_rows=len(small))
    ws = openpyxl.load_workbook(path)["Lab"]
    (status,) = (c for row in ws.iter_rows() for c in row if _text(c).startswith("=IF(LEFT("))
    renamed = _recalculate(path, {("Lab", "A12"): "IVV"})
    assert renamed[("LAB", status.coordinate)] == ""
    assert renamed[("GROWTH", "E4")] == "" and renamed[("GROWTH", "E3")] == 0
    first = _anchors(ws, "EFFCAP_STATS")[0]
    stats = risk_stats(small, DEFAULT_BLENDS["60/40"], "annual")
    for k, label in enumerate(stats.index):
        got = renamed[("LAB", f"B{first.row + k}")]
        if label == "Correlation to equities":
            assert got == "n/a"
        else:
            assert got == pytest.approx(stats[label], abs=1e-12), label
    header = {c.value: c.column_letter for c in ws[11] if c.column > 1}
    wrong = _recalculate(path, {("Lab", f"{header['IVV']}12"): 0.7})
    assert wrong[("LAB", status.coordinate)] == (
        "Track record: #EFFCAP: 60/40: Weights sum to 110%, not 100% (allowed gap 0.0001%)."
    )


def test_each_lab_closes_column_picks_a_header_and_its_own_closes(lab: Path) -> None:
    """CHOOSE(MATCH(ticker, CHOOSE({1..n}, header cells), 0), columns): the k-th header
    cell and the k-th closes are one Prices column, so a column inserted or deleted on
    the Prices sheet (Excel moves each reference with its column) never pairs a ticker
    with a neighbour's closes."""
    ws = openpyxl.load_workbook(lab)["Lab closes"]
    checked = 0
    for cell in ws[5][1:]:
        text = _text(cell)
        heads = re.search(r"CHOOSE\(\{[\d,]+\},([^)]*)\)", text).group(1).split(",")
        closes = re.search(r"\),0\),([^)]*)\)", text).group(1).split(",")
        assert len(heads) == len(closes) == 22
        for head, close in zip(heads, closes, strict=True):
            h = re.fullmatch(r"Prices!\$([A-Z]+)\$1", head).group(1)
            assert re.fullmatch(rf"Prices!\${h}\$2:\${h}\$10001", close), (head, close)
        checked += 1
    assert checked == 9  # eight ticker slots and the equity fund


def test_entry_point_writes_given_blends_and_says_what_is_simulated(
    tmp_path: Path, prices: pd.DataFrame
) -> None:
    (point,) = [p for p in entry_points(group="efficap.workbooks") if p.name == "portfolio_lab"]
    assert point.load() is write
    blends = {"Mine": {"IVV": 0.5, "NTSX": 0.5}}
    small = prices.loc["2018-07-02":"2019-06-28", ["IVV", "NTSX"]]
    ranges = {"NTSX": (pd.Timestamp("2010-01-04"), pd.Timestamp("2018-08-01"))}
    path = write(tmp_path / "mine.xlsx", small, blends, rebalance="quarterly", simulated=ranges)
    values = openpyxl.load_workbook(path, data_only=True)["Lab"]
    caption = values["A3"].value
    assert caption.startswith("as of 2019-06-28; quarterly rebalancing; linked windows")
    assert caption.endswith("; NTSX simulated before 2018-08-02 (from 2010-01-04)")
    assert values["A12"].value == "Mine" and values["B11"].value == "IVV"
    with zipfile.ZipFile(path) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert sum("NTSX simulated before 2018-08-02" in c for c in charts) == 3
    with pytest.raises(OverwriteError, match="--force"):
        write(tmp_path / "mine.xlsx", small, {"Other": {"IVV": 1.0}})


def test_too_many_blends_or_funds_are_refused(tmp_path: Path) -> None:
    four = {f"B{i}": {"IVV": 1.0} for i in range(4)}
    with pytest.raises(WeightsError, match=r"^The Lab shows 1 to 3 blends; got 4\.$"):
        build_lab(tmp_path / "x.xlsx", None, four)
    nine = ("IVV", "AGG", "NTSX", "WTMF", "NTSI", "DBMF", "KMLM", "GLD", "TLT")
    wide = {"Wide": dict.fromkeys(nine, 1 / 9)}
    with pytest.raises(WeightsError, match=r"^The Lab holds up to 8 funds; the blends hold 9: "):
        build_lab(tmp_path / "x.xlsx", None, wide)
    assert not (tmp_path / "x.xlsx").exists()


def test_default_build_waits_for_prices_and_offers_lists(tmp_path: Path) -> None:
    path = build_lab(tmp_path / "lab.xlsx")
    wb = openpyxl.load_workbook(path)
    assert "Paste daily total-return closes" in wb["Prices"]["K2"].value
    assert [wb["Prices"].cell(1, c).value for c in range(2, 10)][:4] == [
        "IVV",
        "AGG",
        "WTMF",
        "NTSX",
    ]
    ws = wb["Lab"]
    sources = {v.formula1 for v in ws.data_validations.dataValidation if v.type == "list"}
    assert all(re.fullmatch(r"Lists!\$[A-C]\$2:\$[A-C]\$\d+", s) for s in sources), sources
    assert wb["Lists"].sheet_state == "hidden"
    assert len(_anchors(ws, "EFFCAP_STRESS")) == 1 and len(_anchors(ws, "EFFCAP_CALENDAR")) == 1
    # the drawdown count is a whole number the tables have room for
    (top,) = [v for v in ws.data_validations.dataValidation if v.type == "whole"]
    assert (top.formula1, top.formula2) == ("1", "10")


def _serial(day: Any) -> float:
    return float((pd.Timestamp(day) - pd.Timestamp("1899-12-30")).days)


def _number(value: Any) -> float | None:
    """A recalculated cell as a number, None for the engine's #N/A or a blank."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def test_edited_inputs_move_every_table_and_chart_to_the_core_numbers(
    tmp_path: Path, prices: pd.DataFrame
) -> None:
    """Type new inputs into a Lab on month-end closes (SPY from 1993) and recalculate:
    the first blend becomes 100% SPY, NTSX's ticker becomes NTSI, the chart starts in
    1993. Growth, drawdowns, calendar years and every chart's cells follow, equal to the
    core on the same closes, and the calendar table and chart show every year from 1994
    to the last."""
    from formula_graph import chart_series, parse_area

    funds = prices[["IVV", "AGG", "NTSX", "WTMF", "NTSI", "SPY"]]
    # resample("ME") without its alias, which pandas 2.1 (the lowest allowed) lacks
    monthly = funds.groupby(funds.index.to_period("M")).last()
    stamps = monthly.index.to_timestamp(how="end").normalize().astype("datetime64[ns]")
    monthly.index = stamps.rename(funds.index.name)
    monthly = monthly.dropna(how="all")
    path = build_lab(tmp_path / "lab.xlsx", monthly, price_rows=len(monthly))
    wb = openpyxl.load_workbook(path)
    ws = wb["Lab"]
    header = {c.value: c.column_letter for c in ws[11] if c.column > 1}
    typed: dict[tuple[str, str], Any] = {
        ("Lab", f"{header[t]}12"): 0.0 for t in header if t not in ("SPY", "Total")
    }
    typed[("Lab", f"{header['SPY']}12")] = 1.0
    typed[("Lab", header["NTSX"] + "11")] = "NTSI"
    typed[("Lab", header["NTSI"] + "11")] = "NTSX"
    typed[("Lab", "B8")] = _serial("1993-01-01")  # growth chart from
    before = _recalculate(path)
    after = _recalculate(path, typed)

    blends = {
        "60/40": {"SPY": 1.0},
        "Traditional MF": DEFAULT_BLENDS["Traditional MF"],
        "Efficient": {"IVV": 0.24, "NTSI": 0.40, "AGG": 0.16, "WTMF": 0.20},
    }
    as_of = openpyxl.load_workbook(path, data_only=True)["Lab"]["B6"].value

    def got(sheet: str, ref: str) -> Any:
        return after[(sheet.upper(), ref)]

    # Calendar years: every year, each blend equal to the core.
    (calendar,) = _anchors(ws, "EFFCAP_CALENDAR")
    years = calendar_years(monthly, blends, "annual").returns
    r0 = calendar.row
    shown = []
    for k in range(1, 60):
        year = _number(got("Lab", f"A{r0 + k}"))
        if year is None:
            break
        shown.append(int(year))
        for j, name in enumerate(blends, start=1):
            col = openpyxl.utils.get_column_letter(1 + j)
            assert _same(got("Lab", f"{col}{r0 + k}"), years.at[name, int(year)]), (name, year)
    assert shown == list(years.columns) and set(range(1994, 2027)) <= set(shown)
    assert before[("LAB", f"B{r0 + 1}")] != got("Lab", f"B{r0 + 1}")

    # Growth of each blend over its whole history, and the chart columns: the linked
    # history rebased to $10,000 at the first close on or after the chart start, its
    # drawdown, #N/A after the as-of date and below the answer (charts skip it).
    letter = openpyxl.utils.get_column_letter
    dates = []
    for r in range(11, 11 + len(monthly)):
        day = _number(got("Growth", f"A{r}"))
        if day is None:
            break
        dates.append(day)
    histories = [blend_growth(monthly, w, "annual") for w in blends.values()]
    assert dates == [_serial(d) for d in histories[0].index]  # 100% SPY: the furthest back
    start, end = pd.Timestamp("1993-01-01"), pd.Timestamp(as_of)
    for b, history in enumerate(histories):
        shown = history[(history.index >= start) & (history.index <= end)]
        value = 10_000 * shown / shown.iloc[0]
        drawdown = value / value.cummax() - 1
        by_day = {_serial(d): k for k, d in enumerate(shown.index)}
        grows = {_serial(d): g for d, g in history.items()}
        for i, day in enumerate(dates):
            r = 11 + i
            g = got("Growth", f"{letter(2 + b)}{r}")
            assert g == pytest.approx(grows[day], rel=1e-12) if day in grows else g == ""
            v, dd = (_number(got("Growth", f"{letter(c)}{r}")) for c in (9 + 4 * b, 11 + 4 * b))
            if day in by_day:
                assert v == pytest.approx(value.iloc[by_day[day]], rel=1e-12), (b, day)
                assert dd == pytest.approx(drawdown.iloc[by_day[day]], abs=1e-12), (b, day)
            else:
                assert v is None and dd is None, (b, day)
        below = 11 + len(dates)
        if below <= 10 + len(monthly):
            assert _number(got("Growth", f"{letter(9 + 4 * b)}{below}")) is None

    # Drawdowns of each blend.
    found = _anchors(ws, "EFFCAP_DRAWDOWNS")
    for anchor, weights in zip(found, blends.values(), strict=True):
        episodes = drawdowns(blend_growth(monthly, weights, "annual"), 5)
        col = "B"
        for k, depth in enumerate(episodes["depth"], start=1):
            assert got("Lab", f"{col}{anchor.row + k}") == pytest.approx(depth, abs=1e-12)

    # Every chart's source cells were recomputed, and the calendar chart reads every year.
    for series in chart_series(path):
        sheet, r1, c1, r2, c2 = parse_area(series.values, "")
        cells = [
            after.get((sheet.upper(), f"{openpyxl.utils.get_column_letter(c)}{r}"))
            for r in range(r1, r2 + 1)
            for c in range(c1, c2 + 1)
        ]
        assert any(_number(v) is not None for v in cells), series
        if sheet == "Lab" and r1 == r0 + 1:  # the calendar chart
            cats = parse_area(series.categories, "")
            labels = [_number(got("Lab", f"A{r}")) for r in range(cats[1], cats[3] + 1)]
            assert set(range(1994, 2027)) <= {int(y) for y in labels if y is not None}
