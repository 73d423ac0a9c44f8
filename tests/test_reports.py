"""Tests of efficap_xl.reports: core results laid out as the Excel functions spill them.

The inputs are small core results built by hand (or by the core on a hand-made series),
so each cell of the layout can be checked by eye.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from efficap.history import CalendarYears, drawdowns
from efficap.simulate import SimulationResult, Validation
from efficap_xl import reports


def _day(text):
    return dt.datetime.fromisoformat(text)


def test_performance_caption_and_rows():
    table = pd.DataFrame(
        [[0.01, np.nan], [0.02, 0.03]],
        index=pd.Index(["A", "B"], name="Blend"),
        columns=["YTD", "SI"],
    )
    table.attrs = {
        "as_of": pd.Timestamp("2026-03-31"),
        "rebalance": "threshold:0.05",
        "window": "restart",
        "caption": "(the long caption)",
    }
    assert reports.performance_caption(table) == "as of 2026-03-31; threshold:0.05; restart"
    assert reports.performance_rows(table) == [
        ["as of 2026-03-31; threshold:0.05; restart", "YTD", "SI"],
        ["A", 0.01, "n/a"],
        ["B", 0.02, 0.03],
    ]


def test_stress_rows():
    periods = pd.DataFrame(
        {
            "name": ["GFC", "Covid"],
            "start": pd.to_datetime(["2007-10-09", "2020-02-19"]),
            "end": pd.to_datetime(["2009-03-09", "2020-03-23"]),
            "source": ["", ""],
        }
    )
    returns = pd.DataFrame(
        [[np.nan, -0.2], [-0.34, -0.21]],
        index=pd.Index(["Efficient", "60/40"], name="Blend"),
        columns=pd.Index(["GFC", "Covid"], name="Period"),
    )
    assert reports.stress_rows(periods, returns) == [
        ["Period", "Start", "End", "Efficient", "60/40"],
        ["GFC", _day("2007-10-09"), _day("2009-03-09"), "n/a", -0.34],
        ["Covid", _day("2020-02-19"), _day("2020-03-23"), -0.2, -0.21],
    ]


def test_drawdown_rows_deepest_first_and_not_recovered():
    days = pd.to_datetime(["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-08"])
    growth = pd.Series([1.0, 1.1, 1.0, 1.2, 0.9], index=days)
    assert reports.drawdown_rows(drawdowns(growth)) == [
        ["Rank", "Depth", "Peak", "Trough", "Recovery", "Trading days"],
        # 1.2 -> 0.9, still below 1.2 at the last close: one trading day from the peak
        [1.0, pytest.approx(-0.25), _day("2024-01-05"), _day("2024-01-08"), "not recovered", 1.0],
        # 1.1 -> 1.0, back above 1.1 on 2024-01-05: two trading days from the peak
        [
            2.0,
            pytest.approx(1.0 / 1.1 - 1.0),
            _day("2024-01-03"),
            _day("2024-01-04"),
            _day("2024-01-05"),
            2.0,
        ],
    ]


def test_drawdown_rows_of_a_series_that_never_falls():
    growth = pd.Series([1.0, 1.1], index=pd.to_datetime(["2024-01-02", "2024-01-03"]))
    assert reports.drawdown_rows(drawdowns(growth)) == [
        list(reports.DRAWDOWN_HEADER),
        ["No drawdown: the blend never closed below an earlier high.", "", "", "", "", ""],
    ]


def test_calendar_rows_name_the_partial_blends():
    index = pd.Index(["A", "B"], name="Blend")
    columns = pd.Index([2023, 2024, 2025], name="Year")
    years = CalendarYears(
        pd.DataFrame([[0.1, 0.2, -0.25], [np.nan, 0.1, 0.0]], index=index, columns=columns),
        pd.DataFrame([[True, False, True], [False, True, True]], index=index, columns=columns),
    )
    assert reports.calendar_rows(years) == [
        ["Year", "A", "B", "Partial"],
        [2023.0, 0.1, "n/a", "A"],
        [2024.0, 0.2, 0.1, "B"],
        [2025.0, -0.25, 0.0, "A, B"],
    ]


def _result(validation, simulated_to, real_from=2):
    days = pd.to_datetime(["2018-07-30", "2018-07-31", "2018-08-01", "2018-08-02"])
    spliced = pd.Series([9.0, 9.5, 10.0, 10.5], index=days, name="NTSX")
    return SimulationResult(
        "NTSX",
        spliced / 9.0,
        spliced,
        days[0] if simulated_to is not None else None,
        simulated_to,
        validation,
        {"U.S. Equities": ("IVV",)},
        pd.Series({"U.S. Equities": 0.9}),
        0.002,
        0.0,
        (),
    )


VALIDATED = Validation(
    0.0019,
    0.9953,
    0.016,
    0.012,
    pd.Period("2024-03", "M"),
    0.963,
    pd.Timestamp("2018-08-02"),
    pd.Timestamp("2026-08-03"),
    95,
)


def test_simulation_rows_flag_the_simulated_closes_and_end_with_the_validation():
    out = reports.simulation_rows(_result(VALIDATED, pd.Timestamp("2018-07-31")))
    assert out == [
        ["Date", "Close", "Simulated"],
        [_day("2018-07-30"), 9.0, True],
        [_day("2018-07-31"), 9.5, True],
        [_day("2018-08-01"), 10.0, False],
        [_day("2018-08-02"), 10.5, False],
        [
            "Validation vs NTSX: CAGR +0.19 pts/yr (simulated - real), monthly corr 0.995 over "
            "2018-08..2026-08 (95 months)",
            "",
            "",
        ],
    ]


def test_nothing_simulated_is_all_false():
    out = reports.simulation_rows(_result(VALIDATED, None))
    assert [r[2] for r in out[1:-1]] == [False] * 4


def test_validation_text_without_overlap_or_months():
    none = Validation(np.nan, np.nan, np.nan, np.nan, None, np.nan, None, None, 0)
    assert reports.validation_text(_result(none, None)) == (
        "Validation: none, no real NTSX closes overlap the simulation."
    )
    short = Validation(
        -0.0004,
        np.nan,
        np.nan,
        np.nan,
        None,
        0.5,
        pd.Timestamp("2024-11-01"),
        pd.Timestamp("2024-12-26"),
        1,
    )
    assert reports.validation_text(_result(short, None)) == (
        "Validation vs NTSX: CAGR -0.04 pts/yr (simulated - real), monthly corr n/a over "
        "2024-11..2024-12 (1 month)"
    )
