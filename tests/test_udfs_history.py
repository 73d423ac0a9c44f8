"""Tests of the Excel functions over a blend's history and of simulated histories.

EFFCAP_GROWTH, EFFCAP_STRESS, EFFCAP_DRAWDOWNS, EFFCAP_CALENDAR and EFFCAP_SIMULATE, called
as xlwings
calls them on Windows (see tests/test_udfs.py for the shapes). Each is checked (a) on
small price tables whose answers are worked out by hand, (b) against the core on the
real prices, (c) for picking price columns by the tickers it is given (change a ticker
and that fund's column is used), and (d) on a table of bad inputs with the exact text
it returns.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from excel_ranges import excel_ranges
from test_udfs import (
    CALC,
    NA,
    NO_TICKER_CATALOG,
    PRICE_CASES,
    SPILL,
    UNKNOWN_XYZ,
    WEIGHTS_TABLE_CASES,
    D,
    P,
)

from efficap import blend, history, simulate, stress
from efficap_xl import cache, reports, udfs

# The synthetic prices here run on business days, which include NYSE holidays, and the
# EFFCAP_SIMULATE sheets leave out 2024-11-07: the price check's calendar findings
# (closed days, trading days without a close) are expected; a bad print is still an error.
pytestmark = [
    pytest.mark.filterwarnings(
        "ignore:.* on days the NYSE was closed:efficap.pricecheck.PriceWarning"
    ),
    pytest.mark.filterwarnings(
        "ignore:.* NYSE trading days? without a close:efficap.pricecheck.PriceWarning"
    ),
]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def day(text):
    return dt.datetime.fromisoformat(text)


def serial(when):
    return float((when - dt.datetime(1899, 12, 30)).days)


def frame_of(dates, rows):
    return pd.DataFrame(rows[1:], index=pd.DatetimeIndex(dates, name="Date"), columns=rows[0])


def na(values):
    return ["n/a" if isinstance(v, float) and np.isnan(v) else v for v in values]


# Five closes of three funds that move differently, so a wrong column shows.
DATES = [dt.datetime(2024, 11, d) for d in (4, 5, 6, 7, 8)]
PRICES = [
    ["IVV", "NTSI", "NTSX"],
    [100.0, 50.0, 10.0],
    [101.0, 55.0, 9.0],
    [102.0, 50.0, 9.0],
    [103.0, 60.0, 9.0],
    [104.0, 66.0, 9.0],
]


def reordered(rows, order):
    return [[row[j] for j in order] for row in rows]


@pytest.fixture(scope="module")
def real_eight(shared_prices_dir):
    """IVV, AGG, NTSX, WTMF and the proxies' closes (IEF, BIL, SPY, SHY) as Excel ranges."""
    tickers = ["IVV", "AGG", "NTSX", "WTMF", "IEF", "BIL", "SPY", "SHY"]
    dates, rows = excel_ranges(shared_prices_dir, tickers)
    return dates, rows, frame_of(dates, rows)


FIGURE_BLENDS = [
    ["Blend", "IVV", "AGG", "NTSX", "WTMF"],
    ["Efficient", 0.24, 0.16, 0.40, 0.20],
    ["60/40", 0.60, 0.40, 0.0, 0.0],
]


def blends_of(table):
    return {row[0]: dict(zip(table[0][1:], row[1:], strict=True)) for row in table[1:]}


# --------------------------------------------------------------------------- EFFCAP_STRESS

STRESS_TABLE = [["Blend", "NTSI", "IVV"], ["Intl", 1.0, 0.0], ["US", 0.0, 1.0], ["Half", 0.5, 0.5]]
STRESS_PERIODS = [
    ["Period", "Start", "End"],
    ["Dip", "2024-11-05", "2024-11-06"],
    ["Rise", dt.datetime(2024, 11, 6), serial(dt.datetime(2024, 11, 8))],
    ["Early", "2024-11-01", "2024-11-05"],  # starts before the first close
    ["Late", "2024-11-06", "2024-11-30"],  # ends after the last close
]


def test_stress_by_hand():
    out = udfs.EFFCAP_STRESS(DATES, PRICES, STRESS_TABLE, STRESS_PERIODS)
    # Half, never rebalanced inside the data (annual): 0.5 x NTSI/50 + 0.5 x IVV/100
    half = [1.0, 0.5 * 1.1 + 0.5 * 1.01, 0.5 * 1.0 + 0.5 * 1.02, None, 0.5 * 1.32 + 0.5 * 1.04]
    assert out == [
        ["Period", "Start", "End", "Intl", "US", "Half"],
        [
            "Dip",
            day("2024-11-05"),
            day("2024-11-06"),
            pytest.approx(50 / 55 - 1, rel=1e-13),
            pytest.approx(102 / 101 - 1, rel=1e-13),
            pytest.approx(half[2] / half[1] - 1, rel=1e-13),
        ],
        [
            "Rise",
            day("2024-11-06"),
            day("2024-11-08"),
            pytest.approx(66 / 50 - 1, rel=1e-13),
            pytest.approx(104 / 102 - 1, rel=1e-13),
            pytest.approx(half[4] / half[2] - 1, rel=1e-13),
        ],
        ["Early", day("2024-11-01"), day("2024-11-05"), "n/a", "n/a", "n/a"],
        ["Late", day("2024-11-06"), day("2024-11-30"), "n/a", "n/a", "n/a"],
    ]


def test_stress_matches_core_with_a_rule():
    out = udfs.EFFCAP_STRESS(DATES, PRICES, STRESS_TABLE, STRESS_PERIODS[1:3], "daily")
    core = stress.stress_table(
        frame_of(DATES, PRICES),
        blends_of(STRESS_TABLE),
        {"Dip": ("2024-11-05", "2024-11-06"), "Rise": ("2024-11-06", "2024-11-08")},
        "daily",
    )
    assert [r[3:] for r in out[1:]] == [core[p].tolist() for p in ("Dip", "Rise")]


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 0, 1), (1, 2, 0)])
def test_stress_follows_a_changed_ticker(order):
    prices = reordered(PRICES, order)
    periods = [["Up", "2024-11-04", "2024-11-05"]]
    table = [["Blend", "NTSI"], ["Fund", 1.0]]
    assert udfs.EFFCAP_STRESS(DATES, prices, table, periods)[1][3] == pytest.approx(0.1)
    table[0][1] = "NTSX"  # the user types another ticker: that fund's column is used
    assert udfs.EFFCAP_STRESS(DATES, prices, table, periods)[1][3] == pytest.approx(-0.1)


def test_stress_built_in_periods_on_real_prices(excel_real_four):
    dates, rows, frame = excel_real_four
    out = udfs.EFFCAP_STRESS(dates, rows, FIGURE_BLENDS)
    table = stress.stress_periods()
    core = stress.stress_table(frame, blends_of(FIGURE_BLENDS), None)
    assert out[0] == ["Period", "Start", "End", "Efficient", "60/40"]
    assert [r[0] for r in out[1:]] == list(table["name"])
    assert [r[1] for r in out[1:]] == [t.to_pydatetime() for t in table["start"]]
    for row in out[1:]:
        assert row[3:] == na(core[row[0]].tolist())
    gfc = out[1]
    assert gfc[0] == "GFC" and gfc[3] == "n/a"  # NTSX (2018) has no GFC
    assert -0.40 < gfc[4] < -0.30  # 60/40 of IVV and AGG in the GFC
    # a column of names picks built-in periods
    covid = udfs.EFFCAP_STRESS(dates, rows, FIGURE_BLENDS, [["Period"], ["covid crash"]])
    assert covid[1] == next(r for r in out if r[0] == "Covid crash")


@pytest.fixture(scope="module")
def excel_real_four(excel_prices, real_prices):
    dates, rows = excel_prices
    return dates, rows, real_prices


@pytest.mark.parametrize(("dates", "prices", "weights", "message"), PRICE_CASES[:11])
def test_stress_bad_prices(dates, prices, weights, message):
    table = [["", "AAA", "BBB"], ["Mix", *weights]]
    assert udfs.EFFCAP_STRESS(dates, prices, table) == "#EFFCAP: " + message


@pytest.mark.parametrize(("table", "message"), WEIGHTS_TABLE_CASES)
def test_stress_bad_weights_table(table, message):
    assert udfs.EFFCAP_STRESS(D, P, table) == "#EFFCAP: " + message


GOOD_TABLE = [["", "AAA", "BBB"], ["Mix", 0.5, 0.5]]
BUILT_IN = (
    "GFC, 2011 debt-ceiling/euro crisis, Q4 2018, Covid crash, 2022 rates shock, 2025 tariff "
    "sell-off"
)
LAYOUT = "give one column of built-in names, or three: name | start | end."


@pytest.mark.parametrize(
    ("periods", "rebalance", "message"),
    [
        pytest.param(
            [["Dotcom"]], None, f"Unknown stress period 'Dotcom'; built-in: {BUILT_IN}.", id="name"
        ),
        pytest.param([["A", "2024-11-05"]], None, f"Periods have 2 columns; {LAYOUT}", id="2-cols"),
        pytest.param(
            [["Period", "Start", "End"]],
            None,
            f"Periods have a header row but no periods; {LAYOUT}",
            id="header-only",
        ),
        pytest.param(
            [[None, "2024-11-05", "2024-11-20"]], None, "Periods row 1 has no name.", id="no-name"
        ),
        pytest.param(
            [["A", "soon", "2024-11-20"]],
            None,
            "Periods row 1 start 'soon' is not a date I can read; write it as YYYY-MM-DD.",
            id="bad-start",
        ),
        pytest.param([["A", "2024-11-05", NA]], None, "Periods row 1 end is #N/A.", id="end-error"),
        pytest.param(
            [["A", "04/03/2024", "2024-11-20"]],
            None,
            "Periods row 1 start '04/03/2024' is ambiguous (day/month or month/day?): write "
            "2024-03-04 or 2024-04-03.",
            id="ambiguous",
        ),
        pytest.param(
            [["A", "2024-11-20", "2024-11-05"]],
            None,
            "Stress period 'A' starts 2024-11-20, not before its end 2024-11-05; put the start "
            "first.",
            id="start-after-end",
        ),
        pytest.param(
            [["A", "2024-11-05", "2024-11-20"], ["a", "2024-11-06", "2024-11-21"]],
            None,
            "Stress period name 'a' appears twice; give each period its own name.",
            id="repeated-name",
        ),
        pytest.param(
            None,
            "weekly",
            "Unknown rebalancing rule 'weekly'. Use one of: none, daily, monthly, quarterly, "
            "annual, threshold:0.05.",
            id="rule",
        ),
        pytest.param(None, 0.05, "Rebalance is 0.05, not text.", id="rule-number"),
    ],
)
def test_stress_bad_periods_and_rule(periods, rebalance, message):
    assert udfs.EFFCAP_STRESS(D, P, GOOD_TABLE, periods, rebalance) == "#EFFCAP: " + message


# --------------------------------------------------------------------------- EFFCAP_DRAWDOWNS


@pytest.mark.parametrize("order", [(0, 1, 2), (1, 0, 2), (2, 0, 1)])
def test_drawdowns_by_hand_and_by_header(order):
    prices = reordered(PRICES, order)
    ntsi = [1.0 if t == "NTSI" else 0.0 for t in prices[0]]
    ntsx = [1.0 if t == "NTSX" else 0.0 for t in prices[0]]
    # NTSI 50 -> 55 -> 50 -> 60: one drawdown, 55 to 50, back above 55 two closes later
    assert udfs.EFFCAP_DRAWDOWNS(DATES, prices, ntsi) == [
        ["Rank", "Depth", "Peak", "Trough", "Recovery", "Trading days"],
        [
            1.0,
            pytest.approx(50 / 55 - 1),
            day("2024-11-05"),
            day("2024-11-06"),
            day("2024-11-07"),
            2.0,
        ],
    ]
    # NTSX 10 -> 9 and stays there: not recovered, four closes from the peak to the last
    assert udfs.EFFCAP_DRAWDOWNS(DATES, prices, ntsx) == [
        ["Rank", "Depth", "Peak", "Trough", "Recovery", "Trading days"],
        [1.0, pytest.approx(-0.1), day("2024-11-04"), day("2024-11-05"), "not recovered", 4.0],
    ]


def test_drawdowns_of_a_rising_fund():
    ivv = [1.0, 0.0, 0.0]
    assert udfs.EFFCAP_DRAWDOWNS(DATES, PRICES, ivv)[1][0] == (
        "No drawdown: the blend never closed below an earlier high."
    )


def test_drawdowns_real_match_core(excel_real_four):
    dates, rows, frame = excel_real_four
    weights = dict(zip(rows[0], [0.24, 0.16, 0.40, 0.20], strict=True))
    growth = blend.blend_growth(frame, weights)
    for top, want in ((None, 5), (1, 1), (12.0, 12)):
        out = udfs.EFFCAP_DRAWDOWNS(dates, rows, list(weights.values()), top)
        core = history.drawdowns(growth, want)
        assert len(out) == want + 1
        assert out == reports.drawdown_rows(core)
        assert [r[1] for r in out[1:]] == core["depth"].tolist()
    # the deepest: the 2022 rates shock, about -21%, recovered in 2024
    deepest = udfs.EFFCAP_DRAWDOWNS(dates, rows, list(weights.values()), 1)[1]
    assert deepest[2].year == 2021 and deepest[3].year == 2022 and deepest[4].year == 2024
    assert -0.25 < deepest[1] < -0.18
    monthly = udfs.EFFCAP_DRAWDOWNS(dates, rows, list(weights.values()), 3, "monthly")
    core = history.drawdowns(blend.blend_growth(frame, weights, "monthly"), 3)
    assert monthly == reports.drawdown_rows(core)


@pytest.mark.parametrize(("dates", "prices", "weights", "message"), PRICE_CASES)
def test_drawdowns_bad_prices(dates, prices, weights, message):
    assert udfs.EFFCAP_DRAWDOWNS(dates, prices, weights) == "#EFFCAP: " + message


@pytest.mark.parametrize(
    ("top", "rebalance", "message"),
    [
        pytest.param(0.0, None, "top must be a whole number from 1 to 50, got 0.", id="0"),
        pytest.param(2.5, None, "top must be a whole number from 1 to 50, got 2.5.", id="2.5"),
        pytest.param(100.0, None, "top must be a whole number from 1 to 50, got 100.", id="100"),
        pytest.param(-1.0, None, "top must be a whole number from 1 to 50, got -1.", id="-1"),
        pytest.param("5", None, "top is text '5', not a number.", id="text"),
        pytest.param(True, None, "top is TRUE, not a number.", id="bool"),
        pytest.param("#N/A", None, "top is #N/A.", id="error"),
        pytest.param(SPILL, None, "top is #SPILL!.", id="spill-code"),
        pytest.param([[1.0, 2.0]], None, "top must be one cell.", id="two-cells"),
        pytest.param(
            None,
            "sometimes",
            "Unknown rebalancing rule 'sometimes'. Use one of: none, daily, monthly, "
            "quarterly, annual, threshold:0.05.",
            id="rule",
        ),
    ],
)
def test_drawdowns_bad_options(top, rebalance, message):
    assert udfs.EFFCAP_DRAWDOWNS(D, P, [0.6, 0.4], top, rebalance) == "#EFFCAP: " + message


# --------------------------------------------------------------------------- EFFCAP_CALENDAR

CAL_DATES = [day(d) for d in ("2023-12-28", "2023-12-29", "2024-06-28", "2024-12-31", "2025-03-31")]
CAL_PRICES = [
    ["A", "B"],
    [100.0, None],
    [110.0, None],
    [121.0, 50.0],
    [132.0, 55.0],
    [99.0, 55.0],
]


def test_calendar_by_hand():
    table = [["", "A", "B"], ["A only", 1.0, 0.0], ["B only", 0.0, 1.0]]
    assert udfs.EFFCAP_CALENDAR(CAL_DATES, CAL_PRICES, table) == [
        ["Year", "A only", "B only", "Partial"],
        # A's first year counts from its first close (partial); B has no 2023 close
        [2023.0, pytest.approx(0.1), "n/a", "A only"],
        [2024.0, pytest.approx(0.2), pytest.approx(0.1), "B only"],
        # prices end 2025-03-31, before 2025's last trading day: partial for both
        [2025.0, pytest.approx(-0.25), pytest.approx(0.0), "A only, B only"],
    ]


def test_calendar_follows_a_changed_ticker():
    table = [["", "B", "A"], ["A only", 1.0, 0.0]]  # "A only" now names B's column
    out = udfs.EFFCAP_CALENDAR(CAL_DATES, CAL_PRICES, table)
    assert out[1:] == [[2024.0, pytest.approx(0.1), "A only"], [2025.0, 0.0, "A only"]]


def test_calendar_default_rule_is_annual():
    """50/50 from 2024-06-28: rebalanced at 2024's last close under the annual rule, so
    2025 = 0.5 x 99/132 + 0.5 x 55/55 - 1 = -0.125; never rebalanced it is 0.95909.../
    1.09545... - 1."""
    table = [["", "A", "B"], ["Mix", 0.5, 0.5]]
    mix = 0.5 * 132 / 121 + 0.5 * 55 / 50
    annual = udfs.EFFCAP_CALENDAR(CAL_DATES, CAL_PRICES, table)
    assert annual[1:] == [
        [2024.0, pytest.approx(mix - 1), "Mix"],
        [2025.0, pytest.approx(-0.125), "Mix"],
    ]
    never = udfs.EFFCAP_CALENDAR(CAL_DATES, CAL_PRICES, table, "none")
    assert never[2][1] == pytest.approx((0.5 * 99 / 121 + 0.5 * 55 / 50) / mix - 1)


def test_calendar_real_matches_core(excel_real_four):
    dates, rows, frame = excel_real_four
    out = udfs.EFFCAP_CALENDAR(dates, rows, FIGURE_BLENDS, "quarterly")
    core = history.calendar_years(frame, blends_of(FIGURE_BLENDS), "quarterly")
    assert out == reports.calendar_rows(core)
    assert out[0] == ["Year", "Efficient", "60/40", "Partial"]
    by_year = {r[0]: r for r in out[1:]}
    assert by_year[2018.0][3] == "Efficient"  # NTSX's first, partial year
    assert by_year[2022.0][1:] == [
        core.returns.at["Efficient", 2022],
        core.returns.at["60/40", 2022],
        "",
    ]
    assert by_year[2022.0][2] < -0.15  # 60/40 in 2022


# --------------------------------------------------------------------------- EFFCAP_GROWTH


def test_growth_by_hand():
    """Each blend from its own first close: A alone from 2023-12-28; B and the 50/50 mix
    from 2024-06-28 (B's first close), blank before; the mix is rebalanced at 2024's last
    close (annual), so 2025-03-31 = mix(2024) x (0.5 x 99/132 + 0.5 x 55/55)."""
    table = [["", "A", "B"], ["A only", 1.0, 0.0], ["B only", 0.0, 1.0], ["Mix", 0.5, 0.5]]
    out = udfs.EFFCAP_GROWTH(CAL_DATES, CAL_PRICES, table)
    mix = 0.5 * 132 / 121 + 0.5 * 55 / 50
    assert out == [
        ["Date", "A only", "B only", "Mix"],
        [CAL_DATES[0], 1.0, "", ""],
        [CAL_DATES[1], pytest.approx(1.1), "", ""],
        [CAL_DATES[2], pytest.approx(1.21), 1.0, 1.0],
        [CAL_DATES[3], pytest.approx(1.32), pytest.approx(1.1), pytest.approx(mix)],
        [CAL_DATES[4], pytest.approx(0.99), pytest.approx(1.1), pytest.approx(mix * 0.875)],
    ]


def test_growth_adds_funds_on_the_blends_dates():
    table = [["", "A", "B"], ["B only", 0.0, 1.0]]
    out = udfs.EFFCAP_GROWTH(CAL_DATES, CAL_PRICES, table, None, [["a"], [None]])
    assert out[0] == ["Date", "B only", "A"]
    # A's growth of 1 counts from its own first close (2023-12-28: 100), shown from B's
    assert [r[0] for r in out[1:]] == CAL_DATES[2:]
    assert [r[2] for r in out[1:]] == pytest.approx([1.21, 1.32, 0.99])
    blank = udfs.EFFCAP_GROWTH(CAL_DATES, CAL_PRICES, table, None, None)
    assert blank == [[r[0], r[1]] for r in out]


@pytest.mark.parametrize(
    ("funds", "message"),
    [
        ("XYZ", "No prices for XYZ (available: A, B)."),
        ("b only", "Fund row B ONLY has a blend's name; rename the blend."),
        (["A", "a"], "A appears twice (funds 1 and 2)."),
        (3.0, "Fund 1 is 3, not text."),
    ],
)
def test_growth_bad_funds(funds, message):
    table = [["", "A", "B"], ["B only", 0.0, 1.0]]
    assert udfs.EFFCAP_GROWTH(CAL_DATES, CAL_PRICES, table, None, funds) == "#EFFCAP: " + message


def test_growth_read_as_prices_gives_every_table_of_the_blends(excel_real_four):
    """A growth column is a price series: each history function handed EFFCAP_GROWTH's
    answer (with a 100% weight per blend) answers what it answers from the prices."""
    dates, rows, _ = excel_real_four
    rule = "quarterly"
    out = udfs.EFFCAP_GROWTH(dates, rows, FIGURE_BLENDS, rule, "IVV")
    names = [r[0] for r in FIGURE_BLENDS[1:]]
    assert out[0] == ["Date", *names, "IVV"]
    g_dates = [r[0] for r in out[1:]]
    g_prices = [out[0][1:], *(r[1:] for r in out[1:])]
    identity = [["Blend", *names]] + [
        [n, *(1.0 if j == i else 0.0 for j in range(len(names)))] for i, n in enumerate(names)
    ]
    blends_only = [row[:-1] for row in g_prices]
    as_of = dates[-1]
    for name in ("EFFCAP_PERFORMANCE",):
        got = getattr(udfs, name)(g_dates, blends_only, identity, as_of, rule)
        assert got == getattr(udfs, name)(dates, rows, FIGURE_BLENDS, as_of, rule), name
    for name in ("EFFCAP_STRESS", "EFFCAP_CALENDAR"):
        args = (None, rule) if name == "EFFCAP_STRESS" else (rule,)
        got = getattr(udfs, name)(g_dates, blends_only, identity, *args)
        assert got == getattr(udfs, name)(dates, rows, FIGURE_BLENDS, *args), name
    for i, weights in enumerate(FIGURE_BLENDS[1:]):
        one = [1.0 if j == i else 0.0 for j in range(len(names))] + [0.0]
        stats = udfs.EFFCAP_STATS(g_dates, g_prices, one, rule)
        want = udfs.EFFCAP_STATS(dates, rows, weights[1:], rule)
        assert [r[0] for r in stats] == [r[0] for r in want]
        assert [r[1] for r in stats] == pytest.approx([r[1] for r in want], rel=1e-12)
        column = [[r[i]] for r in g_prices]
        got = udfs.EFFCAP_DRAWDOWNS(g_dates, column, 1.0, 10, rule)
        assert got == udfs.EFFCAP_DRAWDOWNS(dates, rows, weights[1:], 10, rule)


def test_growth_real_matches_core(excel_real_four):
    dates, rows, frame = excel_real_four
    out = udfs.EFFCAP_GROWTH(dates, rows, FIGURE_BLENDS)
    core = history.growth_table(frame, blends_of(FIGURE_BLENDS))
    assert [r[0] for r in out[1:]] == [d.to_pydatetime() for d in core.index]
    for j, name in enumerate(core.columns, start=1):
        want = ["" if np.isnan(v) else v for v in core[name]]
        assert [r[j] for r in out[1:]] == want, name
    assert out[1][1:] == ["", 1.0]  # 60/40 from AGG's first close, Efficient from NTSX's


@pytest.mark.parametrize(("dates", "prices", "weights", "message"), PRICE_CASES[:11])
def test_growth_bad_prices(dates, prices, weights, message):
    table = [["", "AAA", "BBB"], ["Mix", *weights]]
    assert udfs.EFFCAP_GROWTH(dates, prices, table) == "#EFFCAP: " + message


@pytest.mark.parametrize(("table", "message"), WEIGHTS_TABLE_CASES)
def test_growth_bad_weights_table(table, message):
    assert udfs.EFFCAP_GROWTH(D, P, table) == "#EFFCAP: " + message


@pytest.mark.parametrize(("dates", "prices", "weights", "message"), PRICE_CASES[:11])
def test_calendar_bad_prices(dates, prices, weights, message):
    table = [["", "AAA", "BBB"], ["Mix", *weights]]
    assert udfs.EFFCAP_CALENDAR(dates, prices, table) == "#EFFCAP: " + message


@pytest.mark.parametrize(("table", "message"), WEIGHTS_TABLE_CASES)
def test_calendar_bad_weights_table(table, message):
    assert udfs.EFFCAP_CALENDAR(D, P, table) == "#EFFCAP: " + message


@pytest.mark.parametrize(
    ("rebalance", "message"),
    [
        pytest.param(
            "threshold:500%",
            "Threshold band in 'threshold:500%' is over 100%; write a decimal (0.05) or a "
            "percent (5%).",
            id="band",
        ),
        pytest.param(CALC, "Rebalance is #CALC!.", id="calc-code"),
        pytest.param(True, "Rebalance is TRUE, not text.", id="bool"),
    ],
)
def test_calendar_bad_rule(rebalance, message):
    assert udfs.EFFCAP_CALENDAR(D, P, GOOD_TABLE, rebalance) == "#EFFCAP: " + message


# --------------------------------------------------------------------------- EFFCAP_SIMULATE

# Two made-up funds holding U.S. equities (proxy IVV) at 0.3% a year.
SIM_CATALOG = [
    ["Ticker", "Net ER", "U.S. Equities"],
    ["EQA", 0.003, 1.0],
    ["EQB", 0.003, 1.0],
]
SIM_DATES = [dt.datetime(2024, 11, d) for d in (4, 5, 6, 8)]
SIM_PRICES = [
    ["EQB", "IVV", "EQA"],
    [None, 100.0, None],
    [30.0, 101.0, 20.0],
    [33.0, 102.0, 20.4],
    [30.0, 103.0, 20.6],
]


def test_simulate_by_hand_without_real_closes():
    prices = [[r[1]] for r in SIM_PRICES]  # IVV only
    out = udfs.EFFCAP_SIMULATE(SIM_DATES, prices, "eqa", SIM_CATALOG)
    fee = 0.003 / 365.25  # per calendar day
    g1 = 1.0 + (101 / 100 - 1) - fee
    g2 = g1 * (1.0 + (102 / 101 - 1) - fee)
    g3 = g2 * (1.0 + (103 / 102 - 1) - 2 * fee)  # 2024-11-06 to 11-08: two days
    assert out == [
        ["Date", "Close", "Simulated"],
        [SIM_DATES[0], 1.0, True],
        [SIM_DATES[1], pytest.approx(g1, rel=1e-14), True],
        [SIM_DATES[2], pytest.approx(g2, rel=1e-14), True],
        [SIM_DATES[3], pytest.approx(g3, rel=1e-14), True],
        ["Validation: none, no real EQA closes overlap the simulation.", "", ""],
    ]


def test_simulate_splices_onto_the_real_closes():
    out = udfs.EFFCAP_SIMULATE(SIM_DATES, SIM_PRICES, "EQA", SIM_CATALOG)
    g1 = 1.0 + 0.01 - 0.003 / 365.25
    assert out[1] == [SIM_DATES[0], pytest.approx(20.0 / g1, rel=1e-14), True]
    assert out[2:5] == [
        [SIM_DATES[1], 20.0, False],
        [SIM_DATES[2], 20.4, False],
        [SIM_DATES[3], 20.6, False],
    ]
    core = simulate.simulate("EQA", frame_of(SIM_DATES, SIM_PRICES), SIM_CATALOG)
    assert out[-1] == [reports.validation_text(core), "", ""]
    assert out[-1][0].startswith("Validation vs EQA: CAGR ")


def test_simulate_follows_a_changed_ticker():
    for order in [(0, 1, 2), (2, 1, 0), (1, 0, 2)]:
        prices = reordered(SIM_PRICES, order)
        eqa = udfs.EFFCAP_SIMULATE(SIM_DATES, prices, "EQA", SIM_CATALOG)
        eqb = udfs.EFFCAP_SIMULATE(SIM_DATES, prices, "EQB", SIM_CATALOG)
        assert [r[1] for r in eqa[2:5]] == [20.0, 20.4, 20.6]
        assert [r[1] for r in eqb[2:5]] == [30.0, 33.0, 30.0]


def test_simulate_spread_as_decimal_or_percent_text():
    # EQA has no borrowed notional, so a spread costs nothing: same closes
    plain = udfs.EFFCAP_SIMULATE(SIM_DATES, SIM_PRICES, "EQA", SIM_CATALOG)
    assert udfs.EFFCAP_SIMULATE(SIM_DATES, SIM_PRICES, "EQA", SIM_CATALOG, "0.5%") == plain
    levered = [*SIM_CATALOG[:1], ["LEV", 0.003, 1.5]]
    prices = [[*r[:2], c] for r, c in zip(SIM_PRICES, ["BIL", 1.0, 1.0, 1.0, 1.0], strict=True)]
    a = udfs.EFFCAP_SIMULATE(SIM_DATES, prices, "LEV", levered, 0.005)
    b = udfs.EFFCAP_SIMULATE(SIM_DATES, prices, "LEV", levered, "0.5%")
    zero = udfs.EFFCAP_SIMULATE(SIM_DATES, prices, "LEV", levered)
    assert a == b and a[2][1] < zero[2][1]
    # 1.5 x IVV - 0.5 x BIL (flat) less fee and 0.5% on the 0.5 borrowed, for one day
    assert a[2][1] == pytest.approx(1 + 1.5 * 0.01 - (0.003 + 0.005 * 0.5) / 365.25, rel=1e-14)


def test_simulate_ntsx_on_real_prices(real_eight):
    dates, rows, frame = real_eight
    out = udfs.EFFCAP_SIMULATE(dates, rows, "NTSX")
    core = simulate.simulate("NTSX", frame[["NTSX", "IVV", "IEF", "BIL", "SPY", "SHY"]])
    assert out[0] == ["Date", "Close", "Simulated"]
    assert [r[0] for r in out[1:-1]] == [d.to_pydatetime() for d in core.spliced.index]
    assert [r[1] for r in out[1:-1]] == core.spliced.tolist()
    flags = [r[2] for r in out[1:-1]]
    first_real = flags.index(False)
    assert all(flags[:first_real]) and not any(flags[first_real:])
    assert out[first_real + 1][0] == dt.datetime(2018, 8, 2)  # NTSX's first close
    assert out[-1] == [reports.validation_text(core), "", ""]
    v = core.validation
    # the design notes' measurement: CAGR about 0.18 points a year above, monthly corr 0.995
    assert v.cagr_difference == pytest.approx(0.0018, abs=0.0005)
    assert v.monthly_correlation > 0.99
    assert out[-1][0].startswith("Validation vs NTSX: CAGR +0.1")


def test_simulate_uses_only_the_fund_and_proxy_columns():
    # an unrelated column with a single close does not limit the simulation's dates
    prices = [[*r, x] for r, x in zip(SIM_PRICES, ["ZZZ", None, None, 5.0, None], strict=True)]
    assert udfs.EFFCAP_SIMULATE(SIM_DATES, prices, "EQA", SIM_CATALOG) == udfs.EFFCAP_SIMULATE(
        SIM_DATES, SIM_PRICES, "EQA", SIM_CATALOG
    )


IVV_ONLY = [[r[1]] for r in SIM_PRICES]
NO_ER_CATALOG = [["Ticker", "U.S. Equities"], ["MYEQ", 1.0]]


@pytest.mark.parametrize(
    ("prices", "ticker", "catalog", "spread", "message"),
    [
        pytest.param(
            SIM_PRICES,
            None,
            SIM_CATALOG,
            None,
            "Ticker is blank. Give the fund to simulate, e.g. NTSX.",
            id="blank",
        ),
        pytest.param(SIM_PRICES, 3.0, SIM_CATALOG, None, "Ticker is 3, not text.", id="number"),
        pytest.param(SIM_PRICES, NA, SIM_CATALOG, None, "Ticker is #N/A.", id="error"),
        pytest.param(
            SIM_PRICES, [["EQA", "EQB"]], SIM_CATALOG, None, "Ticker must be one cell.", id="two"
        ),
        pytest.param(SIM_PRICES, "XYZ", None, None, UNKNOWN_XYZ, id="unknown"),
        pytest.param(
            IVV_ONLY,
            "NTSX",
            None,
            None,
            "NTSX: no prices for the U.S. Fixed Income proxy IEF; add its column to the prices "
            "range.",
            id="missing-proxy",
        ),
        pytest.param(
            [["ABC"], *[[v] for v in (1.0, 2.0, 3.0, 4.0)]],
            "EQA",
            SIM_CATALOG,
            None,
            "EQA: no prices for the U.S. Equities proxy IVV or SPY; add its column to the "
            "prices range.",
            id="no-proxy-column",
        ),
        pytest.param(
            [["IVV", "IEF", "BIL"], *[[v, v, 1.0] for v in (1.0, 2.0, 3.0, 4.0)]],
            "NTSI",
            None,
            None,
            "NTSI: no proxy for International Equities. efficap has no proxy fund for it yet.",
            id="no-proxy",
        ),
        pytest.param(
            IVV_ONLY,
            "MYEQ",
            NO_ER_CATALOG,
            None,
            "MYEQ has no net expense ratio in the catalog; add its Net ER (e.g. 0.75%) in a "
            "catalog range.",
            id="blank-er",
        ),
        pytest.param(
            IVV_ONLY,
            "EQA",
            NO_TICKER_CATALOG,
            None,
            "Catalog needs a 'Ticker' column.",
            id="catalog",
        ),
        pytest.param(
            IVV_ONLY,
            "EQA",
            SIM_CATALOG,
            "abc",
            "Spread must be a number, e.g. 0.005 or '0.5%', got 'abc'.",
            id="spread-text",
        ),
        pytest.param(
            IVV_ONLY,
            "EQA",
            SIM_CATALOG,
            5.0,
            "Spread is 5 (500%): not plausible for an annual financing spread (0% to 10%). "
            "Write a decimal or a percent, e.g. 0.5% or 0.005.",
            id="spread-whole-percent",
        ),
        pytest.param(
            IVV_ONLY,
            "EQA",
            SIM_CATALOG,
            "50%",
            "Spread is 0.5 (50%): not plausible for an annual financing spread (0% to 10%). "
            "Write a decimal or a percent, e.g. 0.5% or 0.005.",
            id="spread-50%",
        ),
        pytest.param(
            IVV_ONLY,
            "EQA",
            SIM_CATALOG,
            True,
            "Spread is TRUE, not a number or percent.",
            id="spread-bool",
        ),
        pytest.param(IVV_ONLY, "EQA", SIM_CATALOG, "#N/A", "Spread is #N/A.", id="spread-error"),
        pytest.param(IVV_ONLY, "EQA", SIM_CATALOG, CALC, "Spread is #CALC!.", id="spread-calc"),
    ],
)
def test_simulate_bad_inputs(prices, ticker, catalog, spread, message):
    out = udfs.EFFCAP_SIMULATE(SIM_DATES, prices, ticker, catalog, spread)
    assert out == "#EFFCAP: " + message


@pytest.mark.parametrize(("dates", "prices", "weights", "message"), PRICE_CASES[:11])
def test_simulate_bad_prices(dates, prices, weights, message):
    assert udfs.EFFCAP_SIMULATE(dates, prices, "AAA") == "#EFFCAP: " + message
