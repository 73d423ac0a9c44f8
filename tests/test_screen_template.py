"""Tests of the overlay screen template (efficap_xl.build.templates.screen)."""

from __future__ import annotations

import math
import warnings
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from formula_graph import Graph, overlaps, size
from openpyxl.worksheet.formula import ArrayFormula
from test_templates import _recalculate

from efficap.catalog import load_catalog
from efficap.errors import UnknownTickerError
from efficap.prices import read_prices
from efficap.screen import screen
from efficap.stress import stress_periods
from efficap_xl.build.templates.screen import (
    CANDIDATE_SLOTS,
    CANDIDATES,
    OVERLAY_SLOTS,
    SHEET,
    build_screen,
)

FUNDS = ("IVV", "AGG", "NTSX", *CANDIDATES)


@pytest.fixture(scope="module")
def small(shared_prices_dir: Path) -> pd.DataFrame:
    """A year of closes of the default funds and NTSX (the fund that makes room)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a few missing closes, said by the reader
        prices = read_prices(shared_prices_dir, list(FUNDS))
    return prices.loc["2023-01-01":"2023-12-31"]


@pytest.fixture(scope="module")
def priced(tmp_path_factory: pytest.TempPathFactory, small: pd.DataFrame) -> Path:
    path = tmp_path_factory.mktemp("screen") / "screen.xlsx"
    return build_screen(path, small, price_rows=len(small))


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_screen(tmp_path_factory.mktemp("screen") / "screen.xlsx")


def _anchor(path: Path) -> tuple[Any, str]:
    ws = openpyxl.load_workbook(path)[SHEET]
    (cell,) = [c for row in ws.iter_rows() for c in row if isinstance(c.value, ArrayFormula)]
    return cell, cell.value.ref


def _largest() -> tuple[int, int]:
    """Every candidate slot x overlay slot and a header; the label, a weight column per
    catalog fund (every fund solved for is in it), Candidate, Overlay, Status, the ten
    statistics of the docstring, each stress period, Down-month correlation, Simulated."""
    return CANDIDATE_SLOTS * OVERLAY_SLOTS + 1, 1 + len(load_catalog()) + 3 + 10 + len(
        stress_periods()
    ) + 2


@pytest.mark.parametrize("which", ["empty", "priced"])
def test_screen_is_a_dynamic_array_with_free_room(which: str, request: Any) -> None:
    path = request.getfixturevalue(which)
    cell, ref = _anchor(path)
    assert cell.value.text.startswith("=EFFCAP_SCREEN(")
    graph = Graph.load(path)
    (anchor,) = [a for a in graph.arrays if graph.functions(a)]
    area = graph.arrays[anchor]
    need = _largest()
    got = size(area)
    assert got[0] >= need[0] and got[1] >= need[1], (got, need)
    assert not graph.constants_in(area)
    others = [(k[0], k[1], k[2], k[1], k[2]) for k in graph.formulas if k != anchor]
    assert not [o for o in others if overlaps(o, area)]
    values = openpyxl.load_workbook(path, data_only=True)[SHEET]
    cached = values[ref.split(":")[0]].value
    if which == "empty":  # pending: no cached value until the add-in recalculates
        assert cached in (None, "")
        assert values.parent["Prices"]["A2"].value is None
    else:
        assert cached.startswith("as of 2023-12-29; overlay screen on core IVV=60% AGG=40%")


def test_screen_traces_to_every_input(priced: Path) -> None:
    graph = Graph.load(priced)
    (anchor,) = [a for a in graph.arrays if graph.functions(a)]
    _, read = graph.trace([(*anchor, *anchor[1:])])
    for name in (
        "Screen_CoreTickers",
        "Screen_CoreWeights",
        "Screen_Candidates",
        "Screen_Overlays",
        "Screen_Rebalance",
        "Screen_Sort",
        "Prices_Table",
        "Prices_Dates",
    ):
        wanted = graph.names[name]
        assert any(overlaps(r, wanted) for r in read), name
        if not name.startswith("Prices"):
            assert graph.constants_in(wanted), name  # typed in, yellow


def _table(values: dict[tuple[str, str], Any], ref: str) -> pd.DataFrame:
    """The recalculated spill as a frame indexed by row label (the room past the answer,
    which the engine fills with #N/A, dropped)."""

    def shown(v: Any) -> bool:
        return isinstance(v, str) and v != "" and str(v) != "#N/A"

    c1, r1, c2, r2 = openpyxl.utils.cell.range_boundaries(ref)
    grid = [
        [
            values.get((SHEET.upper(), f"{openpyxl.utils.get_column_letter(c)}{r}"))
            for c in range(c1, c2 + 1)
        ]
        for r in range(r1, r2 + 1)
    ]
    header = [h for h in grid[0][1:] if shown(h)]
    rows = {line[0]: line[1 : 1 + len(header)] for line in grid[1:] if shown(line[0])}
    return pd.DataFrame.from_dict(rows, orient="index", columns=header)


def _check(table: pd.DataFrame, core: pd.DataFrame) -> int:
    assert list(table.index) == list(core.index)
    checked = 0
    for column in ("CAGR", "CAGR vs core", "Volatility", "Max drawdown", "IVV", "NTSX"):
        for label in core.index:
            expected, got = core.at[label, column], table.at[label, column]
            if isinstance(expected, float) and math.isnan(expected):
                assert got == "n/a", (label, column)
            else:
                assert float(got) == pytest.approx(expected, abs=1e-10), (label, column)
                checked += 1
    return checked


def test_recalculated_screen_equals_the_core_and_follows_edits(
    priced: Path, small: pd.DataFrame
) -> None:
    _, ref = _anchor(priced)
    before = _table(_recalculate(priced), ref)
    core = screen(small, None, list(CANDIDATES), [0.1, 0.2, 0.3], "annual", sort="CAGR vs core")
    assert _check(before, core) > 5 * 3 * 4

    # The core becomes 70/30; GLD moves to the first candidate slot (WTMF's), its own
    # slot, the last one used, is cleared.
    edited = {(SHEET, "B6"): 0.7, (SHEET, "B7"): 0.3, (SHEET, "D6"): "GLD", (SHEET, "D10"): ""}
    after = _table(_recalculate(priced, edited), ref)
    rest = ["GLD", *(c for c in CANDIDATES if c not in ("WTMF", "GLD"))]
    core = screen(
        small, {"IVV": 0.7, "AGG": 0.3}, rest, [0.1, 0.2, 0.3], "annual", sort="CAGR vs core"
    )
    assert _check(after, core) >= 4 * 3 * 4
    assert not any(label.startswith("WTMF") for label in after.index)
    assert after.at["GLD +20%", "CAGR vs core"] != before.at["GLD +20%", "CAGR vs core"]


def test_prices_without_some_candidates_offer_those_priced(
    tmp_path: Path, small: pd.DataFrame
) -> None:
    path = build_screen(tmp_path / "s.xlsx", small[["IVV", "AGG", "NTSX", "GLD", "WTMF"]])
    ws = openpyxl.load_workbook(path, data_only=True)[SHEET]
    assert [ws[f"D{r}"].value for r in range(6, 9)] == ["WTMF", "GLD", None]
    assert [c.value for c in ws.parent["Prices"][1][:6]] == [
        "Date",
        "IVV",
        "AGG",
        "WTMF",
        "GLD",
        "NTSX",
    ]
    with pytest.raises(UnknownTickerError, match="needs prices for AGG"):
        build_screen(tmp_path / "t.xlsx", small[["IVV", "GLD"]])
    with pytest.raises(UnknownTickerError, match="one of WTMF"):
        build_screen(tmp_path / "u.xlsx", small[["IVV", "AGG", "NTSX"]])
    assert not (tmp_path / "t.xlsx").exists() and not (tmp_path / "u.xlsx").exists()
