"""Tests of the template workbooks written by efficap_xl.build.templates.

Each workbook is built into a temporary folder and read back with openpyxl, an
independent reader: the cached values of the formula cells must equal the note's
published numbers (typed in below from figures.md, not computed by efficap), and the
formula texts must point at the intended cells. Rebuilding must give identical bytes;
an existing file that differs is kept unless force is given. Finally the Figure 1 and
Figure 3 workbooks are recalculated by the ``formulas`` engine with the add-in's UDFs
registered under their Excel names, and the results compared with the cached values.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula
from recalc_cells import cells_per_recalculation, effcap_calls

from efficap.errors import EfficapError
from efficap_xl.build.templates import (
    SOURCE,
    build_all,
    build_figure1,
    build_figure2,
    build_figure3,
)

# --------------------------------------------------------------------------- published figures
# Figure 1 (figures.md): weights and exposures, columns 60/40, traditional MF, efficient.
PUB_WEIGHTS = {
    "IVV": (0.60, 0.50, 0.24),
    "NTSX": (0.00, 0.00, 0.40),
    "AGG": (0.40, 0.30, 0.16),
    "WTMF": (0.00, 0.20, 0.20),
}
PUB_EXPOSURES = {
    "U.S. Equities": (0.60, 0.50, 0.60),
    "U.S. Fixed Income": (0.40, 0.30, 0.40),
    "Managed Futures": (0.00, 0.20, 0.20),
}
PUB_TOTAL_NOTIONAL = (1.00, 1.00, 1.20)
PUB_SOLVED = {"IVV": 0.24, "NTSX": 0.40, "AGG": 0.16, "WTMF": 0.20}
# Figure 3 (figures.md): columns NTSX, WTMF, IVV, AGG; percents as decimals.
PUB_FUNDAMENTALS = {
    "SEC 30-day yield (subsidized)": (0.0118, 0.0226, 0.0105, 0.0417),
    "SEC 30-day yield (unsubsidized)": (0.0118, 0.0225, 0.0105, 0.0417),
    "Total expense ratio (gross)": (0.0020, 0.0067, 0.0003, 0.0003),
    "Total expense ratio (net)": (0.0020, 0.0066, 0.0003, 0.0003),
    "Total assets ($ millions)": (1211.09, 215.41, 725340.63, 137314.91),
}
PUB_EFFICIENT_NET_ER = 0.00224  # "efficient blend 0.224% net"

PORTFOLIO_COLUMNS = ("B", "C", "D")  # 60/40, traditional MF, efficient
PORTFOLIO_NAMES = (
    "Traditional 60/40",
    "Traditional Allocation to Managed Futures",
    "Efficient Allocation to Managed Futures",
)


def same(value: Any, published: float) -> bool:
    """Equal at the published precision: the note prints at most 4 decimals of a decimal
    (2 of a percent); the float arithmetic gives e.g. 0.6000000000000001 for 60%."""
    return isinstance(value, (int, float)) and round(value, 10) == round(published, 10)


def formula_text(cell: Any) -> str:
    value = cell.value
    return value.text if isinstance(value, ArrayFormula) else str(value)


def offered(wb: Any, validation: Any) -> list[Any]:
    """The choices of a list validation: a range of the hidden Lists sheet, never a
    literal list (Excel caps those at 255 characters)."""
    from openpyxl.utils import range_boundaries

    sheet, ref = validation.formula1.split("!")
    assert sheet == "Lists" and wb["Lists"].sheet_state == "hidden"
    c1, r1, c2, r2 = range_boundaries(ref.replace("$", ""))
    assert c1 == c2
    return [wb["Lists"].cell(r, c1).value for r in range(r1, r2 + 1)]


def load(path: Path) -> tuple[Any, Any]:
    return openpyxl.load_workbook(path), openpyxl.load_workbook(path, data_only=True)


@pytest.fixture(scope="module")
def figure1(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_figure1(tmp_path_factory.mktemp("fig1") / "figure1.xlsx")


@pytest.fixture(scope="module")
def figure3(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_figure3(tmp_path_factory.mktemp("fig3") / "figure3.xlsx")


# --------------------------------------------------------------------------- Figure 1


def test_figure1_inputs_are_the_published_weights(figure1: Path) -> None:
    wb, _ = load(figure1)
    ws = wb["Figure 1"]
    assert [ws[f"{c}4"].value for c in PORTFOLIO_COLUMNS] == list(PORTFOLIO_NAMES)
    for row, (ticker, weights) in enumerate(PUB_WEIGHTS.items(), start=5):
        assert ws[f"A{row}"].value == ticker
        for col, weight in zip(PORTFOLIO_COLUMNS, weights, strict=True):
            cell = ws[f"{col}{row}"]
            assert cell.value == weight
            assert cell.number_format == "0.00%"
            assert cell.fill.fgColor.rgb.endswith("FFF2CC")  # light input fill
    for col in PORTFOLIO_COLUMNS:
        assert ws[f"{col}9"].value == f"=SUM({col}5:{col}8)"


def test_figure1_exposure_cached_values_equal_published(figure1: Path) -> None:
    wb, values = load(figure1)
    ws, vs = wb["Figure 1"], values["Figure 1"]
    for row, (label, published) in enumerate(PUB_EXPOSURES.items(), start=13):
        assert ws[f"A{row}"].value == label
        for col, number in zip(PORTFOLIO_COLUMNS, published, strict=True):
            assert same(vs[f"{col}{row}"].value, number), (col, row)
            assert ws[f"{col}{row}"].number_format == "0.00%"
    for col, number in zip(PORTFOLIO_COLUMNS, PUB_TOTAL_NOTIONAL, strict=True):
        assert same(vs[f"{col}16"].value, number)


def test_figure1_exposure_formulas_reference_their_weights(figure1: Path) -> None:
    wb, _ = load(figure1)
    ws = wb["Figure 1"]
    for col in PORTFOLIO_COLUMNS:
        anchor = ws[f"{col}13"].value
        assert isinstance(anchor, ArrayFormula)  # a dynamic array spilling 3 cells
        assert anchor.ref == f"{col}13:{col}15"
        assert anchor.text == f"=EFFCAP_EXPOSURE($A$5:$A$8,{col}5:{col}8,$A$13:$A$15)"
        # a single value is a one-cell dynamic array too: Excel 365 shows no "@"
        assert isinstance(ws[f"{col}16"].value, ArrayFormula)
        assert ws[f"{col}16"].value.ref == f"{col}16"
        assert formula_text(ws[f"{col}16"]) == f"=EFFCAP_NOTIONAL($A$5:$A$8,{col}5:{col}8)"
    # the efficient column reads the efficient weights (column D)
    args = re.fullmatch(r"=EFFCAP_EXPOSURE\((.*)\)", formula_text(ws["D13"])).group(1).split(",")
    tickers, weights, classes = args
    assert weights == "D5:D8" and ws["D4"].value == PORTFOLIO_NAMES[2]
    assert [ws[f"A{r}"].value for r in range(5, 9)] == list(PUB_WEIGHTS)
    assert (tickers, classes) == ("$A$5:$A$8", "$A$13:$A$15")


def test_figure1_solve_block(figure1: Path) -> None:
    wb, values = load(figure1)
    ws, vs = wb["Figure 1"], values["Figure 1"]
    assert [(ws[f"A{r}"].value, ws[f"B{r}"].value) for r in (21, 22, 23)] == [
        ("U.S. Equities", 0.60),
        ("U.S. Fixed Income", 0.40),
        ("Managed Futures", 0.20),
    ]
    anchor = ws["B26"].value
    assert isinstance(anchor, ArrayFormula) and anchor.ref == "B26:B29"
    assert anchor.text == "=EFFCAP_SOLVE($A$21:$A$23,$B$21:$B$23,$A$26:$A$29)"
    for row, (ticker, weight) in enumerate(PUB_SOLVED.items(), start=26):
        assert ws[f"A{row}"].value == ticker
        assert same(vs[f"B{row}"].value, weight), ticker


def test_figure1_craft(figure1: Path) -> None:
    wb, _ = load(figure1)
    ws = wb["Figure 1"]
    names = {name: wb.defined_names[name].attr_text for name in wb.defined_names}
    assert names["Fig1_Weights_Efficient"] == "'Figure 1'!$D$5:$D$8"
    assert names["Fig1_Tickers"] == "'Figure 1'!$A$5:$A$8"
    assert names["Solve_Targets"] == "'Figure 1'!$B$21:$B$23"
    assert ws.freeze_panes == "B5"
    assert ws["A2"].value.startswith("How to use:")
    assert [ws[f"A{r}"].value for r in (10, 17, 31)] == [SOURCE] * 3
    assert ws.column_dimensions["A"].width > 20


# --------------------------------------------------------------------------- Figure 3


def test_figure3_fundamentals_cached_values_equal_published(figure3: Path) -> None:
    wb, values = load(figure3)
    ws, vs = wb["Figure 3"], values["Figure 3"]
    assert [ws[f"{c}4"].value for c in "CDEF"] == ["NTSX", "WTMF", "IVV", "AGG"]
    for row, (label, published) in enumerate(PUB_FUNDAMENTALS.items(), start=5):
        assert ws[f"A{row}"].value == label
        for col, number in zip("CDEF", published, strict=True):
            assert formula_text(ws[f"{col}{row}"]) == f"=EFFCAP_FUND({col}$4,$B{row})"
            assert same(vs[f"{col}{row}"].value, number), (label, col)


def test_figure3_blend_fees(figure3: Path) -> None:
    wb, values = load(figure3)
    ws, vs = wb["Figure 3"], values["Figure 3"]
    weights = wb["Weights"]
    assert [weights[f"{c}4"].value for c in PORTFOLIO_COLUMNS] == list(PORTFOLIO_NAMES)
    assert ws["A16"].value == PORTFOLIO_NAMES[2]
    assert ws["B13"].value == "Net expense ratio"
    assert formula_text(ws["B16"]) == '=EFFCAP_FEES(Weights!$A$5:$A$8,Weights!$D$5:$D$8,"net ER")'
    assert same(vs["B16"].value, PUB_EFFICIENT_NET_ER)
    assert formula_text(ws["F16"]) == "=EFFCAP_NOTIONAL(Weights!$A$5:$A$8,Weights!$D$5:$D$8)"
    assert same(vs["F16"].value, 1.20)
    # 60/40 and traditional MF rows read their own columns
    assert "Weights!$B$5:$B$8" in formula_text(ws["B14"])
    assert "Weights!$C$5:$C$8" in formula_text(ws["B15"])
    assert same(vs["B14"].value, 0.6 * 0.0003 + 0.4 * 0.0003)
    assert same(vs["B15"].value, 0.5 * 0.0003 + 0.3 * 0.0003 + 0.2 * 0.0066)


# --------------------------------------------------------------------------- files


@pytest.mark.parametrize("build", [build_figure1, build_figure3], ids=["figure1", "figure3"])
def test_rebuild_is_byte_identical_and_overwrite_needs_force(build: Any, tmp_path: Path) -> None:
    first = build(tmp_path / "a.xlsx").read_bytes()
    assert build(tmp_path / "b.xlsx").read_bytes() == first
    assert build(tmp_path / "a.xlsx").read_bytes() == first  # same content: no complaint
    target = tmp_path / "a.xlsx"
    target.write_bytes(b"edited by a user")
    with pytest.raises(EfficapError, match=r"a\.xlsx.*--force"):
        build(target)
    assert target.read_bytes() == b"edited by a user"
    assert build(target, force=True).read_bytes() == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.xlsx"]  # no temp left


TEMPLATES = Path(__file__).resolve().parents[1] / "addin" / "efficap_xl" / "build" / "templates"


def test_no_formula_text_is_written_by_hand() -> None:
    """Every EFFCAP_ formula comes from the spec's formula builder, none from a string."""
    sources = sorted(TEMPLATES.glob("*.py"))
    assert {p.name for p in sources} >= {"common.py", "figure1.py", "figure2.py", "figure3.py"}
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"=\s*EFFCAP_|EFFCAP_[A-Z_]+\(", text), path.name
        assert len(text.splitlines()) < 400, path.name


def test_rules_and_period_labels_come_from_the_core(tmp_path: Path) -> None:
    from efficap.blend import REBALANCE_RULES, parse_rebalance
    from efficap.performance import PERIODS
    from efficap_xl.build.templates import PERIOD_LABELS

    assert list(PERIOD_LABELS) == list(PERIODS)
    assert PERIOD_LABELS["SI"] == "Since Inception" and PERIOD_LABELS["YTD"] == "YTD"
    wb, _ = load(build_figure2(tmp_path / "f2.xlsx"))
    ws = wb["Figure 2"]
    (validation,) = ws.data_validations.dataValidation
    rules = offered(wb, validation)
    default = str(parse_rebalance(None))
    assert rules[0] == default == ws["B5"].value
    assert sorted(rules) == sorted(r for r in REBALANCE_RULES if r != "threshold")
    published = wb["Figure 2"]
    headers = [published.cell(37, c).value for c in range(2, 8)]
    assert headers == [PERIOD_LABELS[p] for p in PERIODS]


# --------------------------------------------------------------------------- recalculation


def _formulas_engine() -> Any:
    """The ``formulas`` engine with the add-in's UDFs registered, or skip."""
    formulas = pytest.importorskip("formulas")
    functions = pytest.importorskip("formulas.functions")

    udfs = pytest.importorskip("efficap_xl.udfs")

    def as_xlwings(value: Any) -> Any:
        """Hand a UDF what xlwings would: a scalar, a flat list (row/column) or rows."""
        if not isinstance(value, np.ndarray):
            return value
        rows = [[_cell(v) for v in row] for row in np.atleast_2d(value)]
        if len(rows) == 1 and len(rows[0]) == 1:
            return rows[0][0]
        if len(rows) == 1:
            return rows[0]
        if all(len(row) == 1 for row in rows):
            return [row[0] for row in rows]
        return rows

    def cell(value: Any) -> Any:
        """A returned date as Excel holds it: its serial number (native formulas such as
        YEAR() read it)."""
        if hasattr(value, "year") and not isinstance(value, (int, float)):
            return float((value - dt.datetime(1899, 12, 30)).days)
        return value

    def adapt(fn: Any, kinds: list[str]) -> Any:
        def call(*args: Any) -> Any:
            # A "range2d" argument arrives as rows even when one column wide (ndim=2).
            out = fn(
                *(
                    _rows(a) if k == "range2d" else as_xlwings(a)
                    for a, k in zip(args, kinds, strict=False)
                )
            )
            if isinstance(out, list):
                return np.array([[cell(v) for v in row] for row in out], dtype=object)
            return cell(out)

        return functions.wrap_func(call)

    from efficap_xl.spec import SPEC

    def _rows(value: Any) -> Any:
        if not isinstance(value, np.ndarray):
            return value
        return [[_cell(v) for v in row] for row in np.atleast_2d(value)]

    for name in SPEC:  # every function a template may call
        kinds = [arg.kind for arg in SPEC[name].args]
        formulas.get_functions()[name] = adapt(getattr(udfs, name), kinds)
    return formulas


def _cell(value: Any) -> Any:
    from formulas.functions import is_not_empty

    if not is_not_empty(value):  # the engine's marker of a blank cell
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return float(value)  # xlwings hands numbers as float
    if isinstance(value, str) and value == "":
        return None
    return value


def _recalculate(path: Path, inputs: dict[str, Any] | None = None) -> dict[tuple[str, str], Any]:
    """Recalculate `path` (with `inputs`: (sheet, cell) -> a new value typed in); return
    (sheet, cell) -> value for every computed cell."""
    formulas = _formulas_engine()
    model = formulas.ExcelModel().loads(str(path)).finish()
    typed = {f"'[{path.name}]{s.upper()}'!{c}": v for (s, c), v in (inputs or {}).items()}
    solution = model.calculate(inputs=typed) if typed else model.calculate()
    out: dict[tuple[str, str], Any] = {}
    for key, ranges in solution.items():
        match = re.fullmatch(r"'\[[^\]]+\](.+)'!([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?", key)
        if not match:
            continue
        sheet, col, row = match.group(1), match.group(2), int(match.group(3))
        value = getattr(ranges, "value", ranges)  # a typed input comes back as it was
        grid = np.atleast_2d(np.asarray(value, dtype=object))
        for i, line in enumerate(grid):
            for j, value in enumerate(line):
                column = openpyxl.utils.get_column_letter(
                    openpyxl.utils.column_index_from_string(col) + j
                )
                out[(sheet.upper(), f"{column}{row + i}")] = value
    return out


@pytest.mark.parametrize(
    ("fixture", "sheet", "cells"),
    [
        (
            "figure1",
            "Figure 1",
            [f"{c}{r}" for c in PORTFOLIO_COLUMNS for r in (9, 13, 14, 15, 16)]
            + [f"B{r}" for r in range(26, 31)],
        ),
        (
            "figure3",
            "Figure 3",
            [f"{c}{r}" for c in "CDEF" for r in range(5, 10)]
            + [f"{c}{r}" for c in "BCDEF" for r in (14, 15, 16)],
        ),
    ],
)
def test_recalculated_values_match_cached(
    fixture: str, sheet: str, cells: list[str], request: pytest.FixtureRequest
) -> None:
    path = request.getfixturevalue(fixture)
    recalculated = _recalculate(path)
    _, values = load(path)
    for ref in cells:
        cached = values[sheet][ref].value
        got = recalculated[(sheet.upper(), ref)]
        assert isinstance(got, float), (ref, got)  # not an "#EFFCAP: ..." text
        assert got == pytest.approx(cached, abs=1e-12), ref


def test_build_all_writes_every_template(tmp_path: Path) -> None:
    paths = build_all(tmp_path)
    assert [p.name for p in paths] == [
        "efficap_figure1.xlsx",
        "efficap_figure2.xlsx",
        "efficap_figure3.xlsx",
        "efficap_portfolio_lab.xlsx",
        "efficap_screen.xlsx",
    ]
    assert all(p.is_file() for p in paths)


# --------------------------------------------------------------------------- Figure 2
# Figure 2b blend rows (figures.md), in decimals: YTD, 1Y, 3Y, 5Y, 10Y, SI (None = n/a).
PUB_2B = {
    "Efficient Allocation to Managed Futures": (-0.0235, 0.1536, 0.1322, 0.0776, None, 0.0927),
    "Traditional Allocation to Managed Futures": (-0.0152, 0.1388, 0.1229, 0.0763, 0.0836, 0.0775),
    "Traditional 60/40": (-0.0269, 0.1217, 0.1253, 0.0756, 0.0927, 0.0793),
}
BLEND_TOLERANCE = 0.0035 + 1e-9  # annual rebalancing, linked windows: every cell within 0.35 pt


@pytest.fixture(scope="module")
def figure2(tmp_path_factory: pytest.TempPathFactory, real_prices: Any) -> Path:
    return build_figure2(tmp_path_factory.mktemp("fig2") / "figure2.xlsx", prices=real_prices)


def test_figure2_cached_table_is_the_core_and_near_published(
    figure2: Path, real_prices: Any
) -> None:
    from efficap.figures import figure2 as core_figure2

    wb, values = load(figure2)
    ws, vs = wb["Figure 2"], values["Figure 2"]
    anchor = ws["A19"].value
    assert isinstance(anchor, ArrayFormula) and anchor.ref == "A19:G26"
    assert anchor.text == "=EFFCAP_PERFORMANCE(Prices_Dates,Prices_Table,$A$9:$E$16,$B$4,$B$5)"
    # the names end at the last date and may grow to 10,000 rows as closes are appended
    rows = 10_001
    assert len(real_prices) < 10_000
    names = {n: d.attr_text for n, d in wb.defined_names.items()}
    assert names["Prices_Rows"] == f"MAX(1,COUNT(Prices!$A$2:$A${rows}))"
    dates, table = f"Prices!$A$2:$A${rows}", f"Prices!$B$1:$E${rows}"
    assert names["Prices_Dates"] == f"INDEX({dates},1):INDEX({dates},Prices_Rows)"
    assert names["Prices_Table"] == f"INDEX({table},1,1):INDEX({table},Prices_Rows+1,4)"
    handed = [c.arguments[:2] for c in effcap_calls(figure2)]
    assert handed == [(len(real_prices), 4 * (len(real_prices) + 1))] * 2
    assert [vs[f"{c}19"].value for c in "ABCDEFG"] == [
        "as of 2026-03-31; annual; linked",  # the header's corner says what the table is
        "YTD",
        "1Y",
        "3Y",
        "5Y",
        "10Y",
        "SI",
    ]
    core = core_figure2(real_prices)["standardized"]
    for row in range(20, 27):
        name = vs[f"A{row}"].value
        for col, period in zip(
            "BCDEFG", ("YTD", "1Y", "3Y", "5Y", "10Y", "Since Inception"), strict=True
        ):
            cached, expected = vs[f"{col}{row}"].value, core.at[name, period]
            if expected != expected:  # NaN
                assert cached == "n/a"
            else:
                assert cached == pytest.approx(expected, abs=1e-12), (name, period)
    for row, (name, published) in enumerate(PUB_2B.items(), start=20):
        assert vs[f"A{row}"].value == name
        for col, number in zip("BCDEFG", published, strict=True):
            cached = vs[f"{col}{row}"].value
            if number is None:
                assert cached == "n/a"
            else:
                assert abs(cached - number) <= BLEND_TOLERANCE, (name, col, cached, number)


def test_figure2_inputs_validation_names_and_chart(figure2: Path) -> None:

    wb, _ = load(figure2)
    ws = wb["Figure 2"]
    assert ws["B4"].value.date().isoformat() == "2026-03-31"
    assert ws["B6"].value.date().isoformat() == "2026-04-08"
    assert ws["B5"].value == "annual"  # the core's default rule
    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "list" and str(validation.sqref) == "B5"
    assert "quarterly" in offered(wb, validation) and "none" in offered(wb, validation)
    names = {name: wb.defined_names[name].attr_text for name in wb.defined_names}
    assert names["Fig2_AsOf"] == "'Figure 2'!$B$4"
    assert names["Fig2_Rebalance"] == "'Figure 2'!$B$5"
    assert ws["B10"].value == "=Weights!$D$5"  # efficient IVV weight from the Weights sheet
    chart_anchor = ws["A30"].value
    assert chart_anchor.text.endswith("$A$9:$E$12,$B$6,$B$5)")
    with zipfile.ZipFile(figure2) as z:
        chart = z.read("xl/charts/chart1.xml").decode()
    assert '<c:barDir val="col"/>' in chart and '<c:grouping val="clustered"/>' in chart
    assert chart.count("<c:ser>") == 3
    assert "'Figure 2'!$B$30:$D$30" in chart  # categories YTD, 1Y, 3Y
    assert "'Figure 2'!$B$31:$D$31" in chart  # efficient blend's values


def test_figure2_without_prices(tmp_path: Path) -> None:
    path = build_figure2(tmp_path / "f2.xlsx")
    wb, _ = load(path)
    prices = wb["Prices"]
    assert [prices[f"{c}1"].value for c in "ABCDE"] == ["Date", "IVV", "AGG", "NTSX", "WTMF"]
    assert prices["A2"].value is None
    assert "Paste daily total-return closes" in prices["G2"].value
    assert build_figure2(tmp_path / "f2b.xlsx").read_bytes() == path.read_bytes()


def test_figure2_recalculated_matches_cached(figure2: Path) -> None:
    recalculated = _recalculate(figure2)
    _, values = load(figure2)
    for row in [*range(19, 27), *range(30, 34)]:
        for col in "ABCDEFG":
            cached = values["Figure 2"][f"{col}{row}"].value
            got = recalculated[("FIGURE 2", f"{col}{row}")]
            if isinstance(cached, float):
                assert got == pytest.approx(cached, abs=1e-12), (col, row)
            else:
                assert got == cached, (col, row)


WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"


_NUMBER_IN_VALUE = re.compile(rb"(<(?:c:)?v>)(-?[0-9.]+(?:[eE][-+]?[0-9]+)?)(</(?:c:)?v>)")


def _number_tolerant(part: bytes) -> bytes:
    """An xlsx part with every stored number rounded to 12 significant digits.

    numpy and pandas releases may differ in a result's last digits (0.1600000000000001
    vs 0.16); the build rounds cached values to 15 digits, which removes nearly all of
    that, and this comparison covers the rest. Everything but the numbers (formulas,
    styles, layout, charts) is still compared byte for byte.
    """
    return _NUMBER_IN_VALUE.sub(lambda m: m[1] + f"{float(m[2]):.12g}".encode() + m[3], part)


def _same_workbook(a: Path, b: Path) -> list[str]:
    """The parts in which two xlsx files differ beyond the last digits of numbers."""
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        if sorted(za.namelist()) != sorted(zb.namelist()):
            return ["the list of parts"]
        return [
            name
            for name in za.namelist()
            if _number_tolerant(za.read(name)) != _number_tolerant(zb.read(name))
        ]


def test_number_tolerant_comparison_sees_formulas_and_big_differences() -> None:
    """The tolerant comparison forgives the 17th digit, nothing else."""
    assert _number_tolerant(b"<v>0.1600000000000001</v>") == _number_tolerant(b"<v>0.16</v>")
    assert _number_tolerant(b"<c:v>0.9999999999999999</c:v>") == b"<c:v>1</c:v>"
    assert _number_tolerant(b"<v>0.161</v>") != _number_tolerant(b"<v>0.16</v>")
    assert _number_tolerant(b"<f>SUM(A1)</f><v>1</v>") != _number_tolerant(
        b"<f>SUM(A2)</f><v>1</v>"
    )


def test_committed_workbooks_are_what_build_produces(tmp_path: Path) -> None:
    """workbooks/ holds `efficap build` output from the built-in defaults: every part the
    same, numbers to 12 significant digits (see :func:`_number_tolerant`)."""
    built = build_all(tmp_path)
    assert sorted(p.name for p in WORKBOOKS.glob("*.xlsx")) == sorted(p.name for p in built)
    for path in built:
        assert not _same_workbook(WORKBOOKS / path.name, path), (
            f"workbooks/{path.name} is stale in {_same_workbook(WORKBOOKS / path.name, path)}:"
            " run `efficap build --force`"
        )


def _cells_with_content(ws: Any) -> set[tuple[int, int]]:
    return {
        (cell.row, cell.column)
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None and cell.value != ""
    }


@pytest.mark.parametrize("with_prices", [False, True])
def test_spill_ranges_are_free_and_references_resolve(
    tmp_path: Path, with_prices: bool, request: pytest.FixtureRequest
) -> None:
    """No spill range overlaps other content; every reference names a real sheet or name.

    A spill's cached values fill its range, so no other formula may sit there. Without
    prices the Figure 2 tables are one cell in the file: the area they spill into once the
    add-in computes them (their size with prices) must be empty.
    """
    from openpyxl.utils import range_boundaries

    prices = request.getfixturevalue("real_prices") if with_prices else None
    future_size = {"A19": (8, 7), "A30": (4, 7)}  # Figure 2b, 2a: header + rows, columns
    for path in build_all(tmp_path, prices=prices):
        wb = openpyxl.load_workbook(path)
        names = set(wb.defined_names)
        for ws in wb.worksheets:
            content = _cells_with_content(ws)
            formulas = {
                (cell.row, cell.column): cell.value
                for row in ws.iter_rows()
                for cell in row
                if isinstance(cell.value, ArrayFormula)
                or (isinstance(cell.value, str) and cell.value.startswith("="))
            }
            for (r1, c1), value in formulas.items():
                text = value.text if isinstance(value, ArrayFormula) else value
                for quoted, bare in re.findall(r"(?:'([^']+)'|(\w+))!", text):
                    assert (quoted or bare) in wb.sheetnames, (path.name, text)
                for name in re.findall(r"\b(?:Fig\d|Solve|Prices)_\w+", text):
                    assert name in names, (path.name, name)
                if not isinstance(value, ArrayFormula):
                    continue
                _, _, c2, r2 = range_boundaries(value.ref)
                anchor = ws.cell(r1, c1).coordinate
                if ws.title == "Figure 2" and not with_prices:
                    rows, cols = future_size[anchor]
                    area = {(r, c) for r in range(r1, r1 + rows) for c in range(c1, c1 + cols)}
                    assert area & content == {(r1, c1)}, (path.name, anchor)
                else:
                    area = {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
                    assert area & set(formulas) == {(r1, c1)}, (path.name, anchor)


# --------------------------------------------------------------------------- liveness and room
# Read back the formula graph (tests/formula_graph.py): every chart series and every
# EFFCAP_ output must follow its inputs through formulas, and every dynamic array must
# have room for the largest answer its inputs allow.


def _split_args(text: str) -> tuple[str, list[str]]:
    """``=NAME(a,b,c)`` -> ("NAME", ["a", "b", "c"]) (commas inside quotes or brackets
    kept)."""
    m = re.fullmatch(r"=(EFFCAP_\w+)\((.*)\)", text, re.S)
    assert m, text
    args, depth, quoted, current = [], 0, False, ""
    for ch in m.group(2):
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "(":
            depth += 1
        elif not quoted and ch in ")":
            depth -= 1
        if ch == "," and depth == 0 and not quoted:
            args.append(current)
            current = ""
        else:
            current += ch
    return m.group(1), [*args, current]


def _largest_answer(graph: Any, anchor: tuple[str, int, int], wb: Any) -> tuple[int, int]:
    """The largest (rows, columns) the EFFCAP_ call at `anchor` can answer, computed here
    from its argument ranges, the catalog, the price data and the validation of counts."""
    from formula_graph import parse_area, size

    from efficap.catalog import load_catalog
    from efficap.performance import PERIODS
    from efficap_xl.spec import SPEC

    name, texts = _split_args(graph.formulas[anchor])
    args = dict(zip((a.name for a in SPEC[name].args), texts, strict=False))

    def rows(arg: str) -> int:
        text = args[arg]
        area = graph.names.get(text) or parse_area(text, anchor[0])
        return size(area)[0]

    if name == "EFFCAP_CALENDAR":
        # every year any fund the drop-downs offer can cover: the catalog's oldest
        # inception (SPY, 1993) or the oldest close, to the newest close's year
        first = int(load_catalog()["inception"].min().year)
        dates = [v for (s, _, c), v in graph.values.items() if s == "Prices" and c == 1]
        days = [d for d in dates if hasattr(d, "year")]
        last = max([2026, *(d.year for d in days)])
        first = min([first, *(d.year for d in days)])
        return last - first + 2, rows("weights_table") - 1 + 2
    if name == "EFFCAP_DRAWDOWNS":
        top = parse_area(args["top"], anchor[0])
        ws = wb[top[0]]
        (allowed,) = [
            int(v.formula2)
            for v in ws.data_validations.dataValidation
            if v.type == "whole" and ws.cell(top[1], top[2]).coordinate in v.sqref
        ]
        return allowed + 1, 6
    if name == "EFFCAP_STRESS":
        return rows("periods"), 3 + rows("weights_table") - 1
    if name == "EFFCAP_PERFORMANCE":
        return rows("weights_table"), 1 + len(PERIODS)
    if name == "EFFCAP_BLEND":
        return rows("dates"), 2
    if name == "EFFCAP_STATS":
        return 7, 2  # CAGR, volatility, max drawdown, Sharpe, correlation, best, worst month
    if name == "EFFCAP_EXPOSURE":
        from efficap.catalog import asset_classes

        every = len(asset_classes(load_catalog())) + 1  # each class, then total notional
        return (rows("asset_classes") if args.get("asset_classes") else every), 1
    if name == "EFFCAP_SOLVE":
        return rows("tickers"), 1
    if name == "EFFCAP_SCREEN":
        from efficap.stress import stress_periods

        # a row per candidate and overlay slot; the label, a weight column per catalog fund
        # (every fund solved for is in it), Candidate, Overlay, Status, ten statistics,
        # each stress period, Down-month correlation, Simulated
        fixed = 3 + 10 + len(stress_periods()) + 2
        return rows("candidates") * rows("overlays") + 1, 1 + len(load_catalog()) + fixed
    return 1, 1


@pytest.fixture(scope="module", params=[False, True], ids=["without-prices", "with-prices"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """All five templates, built as ``efficap build`` does, with and without prices."""
    prices = None
    if request.param:
        from efficap.prices import read_prices

        shared = request.getfixturevalue("shared_prices_dir")
        with pytest.warns(Warning):  # a few funds miss closes: said, not hidden
            prices = read_prices(shared)
    folder = tmp_path_factory.mktemp("built")
    paths = build_all(folder, prices=prices)
    if prices is not None:  # and a Lab of the user's blends, as `efficap analyze --out`
        from efficap_xl.build.templates.lab import write

        mine = {"Mine": {"SPY": 0.6, "TLT": 0.4}, "Gold tilt": {"IVV": 0.8, "GLD": 0.2}}
        paths.append(write(folder / "lab.xlsx", prices, mine))
    return paths


def test_every_effcap_call_is_a_dynamic_array(built: list[Path]) -> None:
    """No implicit intersection: Excel 365 would show a plain formula calling a
    user-defined function as ``=@EFFCAP_...``; a dynamic array (cm="1") it shows as is."""
    for path in built:
        with zipfile.ZipFile(path) as z:
            for part in (n for n in z.namelist() if n.startswith("xl/worksheets/sheet")):
                xml = z.read(part).decode()
                # An opening tag, not a self-closing blank cell (<c r="A5" s="3"/>), whose
                # content (up to its </c>) calls a function.
                opened = r"<c [^>]*[^/]>(?:(?!</c>).)*EFFCAP_(?:(?!</c>).)*</c>"
                for cell in re.findall(opened, xml):
                    assert 'cm="1"' in cell and 't="array"' in cell, (path.name, cell[:200])


def test_every_table_has_room_for_its_largest_answer(built: list[Path]) -> None:
    from formula_graph import Graph, overlaps, size

    checked = 0
    for path in built:
        graph = Graph.load(path)
        wb = openpyxl.load_workbook(path)
        merged = [
            (ws.title, m.min_row, m.min_col, m.max_row, m.max_col)
            for ws in wb.worksheets
            for m in ws.merged_cells.ranges
        ]
        for anchor, area in graph.arrays.items():
            if not graph.functions(anchor):
                continue
            need = _largest_answer(graph, anchor, wb)
            got = size(area)
            assert got[0] >= need[0] and got[1] >= need[1], (path.name, anchor, got, need)
            others = [a for k, a in graph.arrays.items() if k != anchor]
            others += [
                (k[0], k[1], k[2], k[1], k[2]) for k in graph.formulas if k not in graph.arrays
            ]
            others += merged
            assert not [o for o in others if overlaps(o, area)], (path.name, anchor)
            assert not graph.constants_in(area), (path.name, anchor)
            checked += 1
    assert checked > 20


# Which inputs each template's outputs follow (workbook names or Sheet!cells): every
# chart the weights and tickers; a chart of the track record also the rule and prices.
_FOLLOWS = {
    "efficap_portfolio_lab.xlsx": ("Lab_Blends",),
    "lab.xlsx": ("Lab_Blends",),
    "efficap_figure2.xlsx": ("Fig2_Weights_Efficient",),
}
_FOLLOWS_PRICED = {
    "efficap_portfolio_lab.xlsx": ("Lab!$B$7", "Prices_Table"),
    "lab.xlsx": ("Lab!$B$7", "Prices_Table"),
    "efficap_figure2.xlsx": ("Fig2_Rebalance", "Prices_Table"),
}


def test_every_chart_and_output_follows_its_inputs(built: list[Path]) -> None:
    from formula_graph import Graph, chart_series, overlaps, parse_area

    for path in built:
        graph = Graph.load(path)

        def area(text: str, graph: Any = graph) -> Any:
            return graph.names.get(text) or parse_area(text, "")

        follows = [area(t) for t in _FOLLOWS.get(path.name, ())]
        priced = [area(t) for t in _FOLLOWS_PRICED.get(path.name, ())]
        for series in chart_series(path):
            for ref in (series.categories, series.values):
                assert ref, (path.name, series)
                target = parse_area(ref, "")
                # nothing a chart draws is a number typed in (a frozen copy)
                assert not graph.constants_in(target), (path.name, series)
            formulas, read = graph.trace([parse_area(series.values, "")])
            called = set().union(*(graph.functions(f) for f in formulas))
            assert called, (path.name, series)  # drawn from an EFFCAP_ answer
            for wanted in follows:
                assert any(overlaps(r, wanted) for r in read), (path.name, series, wanted)
            if called & {"EFFCAP_GROWTH", "EFFCAP_CALENDAR", "EFFCAP_PERFORMANCE"}:
                for wanted in priced:
                    assert any(overlaps(r, wanted) for r in read), (path.name, series, wanted)
        for anchor in graph.arrays:
            names = graph.functions(anchor)
            if not names:
                continue
            _, read = graph.trace([(*anchor, *anchor[1:])])
            # every answer reads cells someone typed (weights, tickers, dates, prices)
            assert any(graph.constants_in(r) for r in read), (path.name, anchor)
            if path.name in _FOLLOWS and names & {"EFFCAP_PERFORMANCE", "EFFCAP_CALENDAR"}:
                for wanted in follows + priced:
                    assert any(overlaps(r, wanted) for r in read), (path.name, anchor, wanted)
    assert {p.name for p in built} >= set(_FOLLOWS) - {"lab.xlsx"}


def test_price_functions_get_only_the_dated_rows(built: list[Path]) -> None:
    """The dates and price ranges end at the last date (one blank row when none), so a
    full recalculation hands Python no empty reserved rows; the Lab's EFFCAP_GROWTH reads
    only the Lab's funds' columns, its tables only the blends' growth (and the equity
    fund's, for the correlation). A priced Figure 2 and a priced Lab at most 400,000 cells
    (issue 18's goal)."""
    from efficap_xl.spec import SPEC

    for path in built:
        book = openpyxl.load_workbook(path)
        if "Prices" not in book.sheetnames:
            continue  # Figures 1 and 3 read no prices
        prices = book["Prices"]
        columns = sum(1 for c in prices[1][1:] if c.value not in (None, "")) - 1  # marker
        dated = sum(1 for (v,) in prices.iter_rows(2, None, 1, 1, True) if v is not None)
        n = max(1, dated)
        calls = effcap_calls(path)
        lab = "Growth" in book.sheetnames
        if lab:
            blends = sum(c.function == "EFFCAP_DRAWDOWNS" for c in calls)
            values = openpyxl.load_workbook(path, data_only=True)["Growth"]
            (anchor,) = (c.cell for c in calls if c.function == "EFFCAP_GROWTH")
            first = int(anchor[1:]) + 1  # below the answer's header row
            column = values.iter_rows(first, None, 1, 1, True)
            grown = sum(isinstance(v, dt.datetime) for (v,) in column)
            g = max(1, grown)
            slots = book["Lab closes"].max_column - 1  # the dates, then the closes
        checked = 0
        for call in calls:
            names = (a.name for a in SPEC[call.function].args)
            args = dict(zip(names, call.arguments, strict=False))
            if "dates" not in args:
                continue
            if lab and call.function == "EFFCAP_GROWTH":
                assert (args["dates"], args["prices"]) == (n, (n + 1) * slots), call
            elif lab:
                # the blends' growth; STATS also the equity fund's; DRAWDOWNS its blend's
                width = {"EFFCAP_STATS": blends + 1, "EFFCAP_DRAWDOWNS": 1}.get(
                    call.function, blends
                )
                assert (args["dates"], args["prices"]) == (g, (g + 1) * width), call
            else:
                assert args["dates"] == n, (path.name, call)
                assert args["prices"] == (n + 1) * columns, (path.name, call)
            checked += 1
        assert checked, path.name
        if path.name in ("efficap_figure2.xlsx", "efficap_portfolio_lab.xlsx") and dated:
            assert cells_per_recalculation(path) <= 400_000, path.name
