"""Tests of the Excel functions in efficap_xl.udfs, called as xlwings calls them on Windows.

Arguments are given in the exact Python shapes xlwings hands a UDF with the
converters declared in efficap_xl.spec: a flat list for a row or column
("vector"), a list of rows for an ``ndim=2`` argument ("range2d"), a scalar for
one cell; float numbers, None blanks, datetime dates, str text, and Excel errors
as their text ("#N/A", because every argument declares ``err_to_str=True``) or
as the raw int COM code.

Each function is checked (a) against the core called directly and the published
figures (Figures 1, 2b and 3 of the research note), and (b) on a table of bad
inputs with the exact text it returns.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from efficap import blend, exposure, fees, performance, risk, solve
from efficap.catalog import asset_classes, builtin_catalog, fund_fact
from efficap_xl import cache, outputs, udfs

FUNDS = ["IVV", "NTSX", "AGG", "WTMF"]
EFFICIENT = [0.24, 0.40, 0.16, 0.20]
CLASSES = ["U.S. Equities", "U.S. Fixed Income", "Managed Futures"]
NA = -2146826246  # the COM code of #N/A
# Errors xlwings hands as ints even with err_to_str=True (it names only seven errors).
SPILL, CALC = -2146826243, -2146826238


def column(values):
    """A column range declared ndim=2, as xlwings passes it: a list of one-cell rows."""
    return [[v] for v in values]


# --------------------------------------------------------------------------- fixtures


def _small_prices():
    """40 business days of two hand-made funds: AAA +0.1% a day, BBB alternating +1%/-0.5%."""
    days = pd.bdate_range("2024-11-01", periods=40)
    dates = [d.to_pydatetime() for d in days]
    aaa = [100.0 * 1.001**i for i in range(40)]
    bbb = [50.0]
    for i in range(1, 40):
        bbb.append(bbb[-1] * (1.01 if i % 2 else 0.995))
    rows = [["AAA", "BBB"], *[[a, b] for a, b in zip(aaa, bbb, strict=True)]]
    return dates, rows


SMALL_DATES, SMALL_PRICES = _small_prices()
SMALL_FRAME = pd.DataFrame(
    [r for r in SMALL_PRICES[1:]],
    index=pd.DatetimeIndex(SMALL_DATES, name="Date"),
    columns=["AAA", "BBB"],
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def excel_real(excel_prices, real_prices):
    """The four funds' closes as an Excel range (dates, header + rows) and as a frame."""
    dates, rows = excel_prices
    return dates, rows, real_prices


# --------------------------------------------------------------------------- (a) results


def test_exposure_figure1_table():
    out = udfs.EFFCAP_EXPOSURE(FUNDS, EFFICIENT)
    labels = [r[0] for r in out]
    values = [r[1] for r in out]
    assert labels == [*CLASSES, "Total Notional", "Financing"]
    assert values == pytest.approx([0.60, 0.40, 0.20, 1.20, -0.20])
    report = exposure.exposure_report(dict(zip(FUNDS, EFFICIENT, strict=True)))
    assert values == pytest.approx(report.tolist())


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        ([0.60, 0.0, 0.40, 0.0], [0.60, 0.40, 0.0, 1.00]),
        ([0.50, 0.0, 0.30, 0.20], [0.50, 0.30, 0.20, 1.00]),
        ([0.24, 0.40, 0.16, 0.20], [0.60, 0.40, 0.20, 1.20]),
    ],
    ids=["60/40", "traditional MF", "efficient MF"],
)
def test_exposure_fixed_table_figure1(weights, expected):
    wanted = column([*CLASSES, "Total Notional"])
    out = udfs.EFFCAP_EXPOSURE(FUNDS, weights, wanted)
    assert [r[0] for r in out] == pytest.approx(expected)


def test_exposure_aligned_row_and_case_insensitive_labels():
    out = udfs.EFFCAP_EXPOSURE(FUNDS, EFFICIENT, [["managed futures", "TOTAL", "Financing"]])
    assert len(out) == 1
    assert out[0] == pytest.approx([0.2, 1.2, -0.2])


def test_exposure_warns_when_weights_do_not_add_up():
    out = udfs.EFFCAP_EXPOSURE(["IVV", "AGG"], [0.5, 0.4])
    assert out[-1][0] == "Warning: weights add up to"
    assert out[-1][1] == pytest.approx(0.9)
    assert out[-3] == ["Total Notional", pytest.approx(0.9)]
    # aligned output has no place for a warning: the numbers still hold
    assert udfs.EFFCAP_EXPOSURE(["IVV", "AGG"], [0.5, 0.4], [["U.S. Equities"]]) == [[0.5]]


def test_exposure_single_cell_and_trailing_blanks():
    assert udfs.EFFCAP_EXPOSURE("NTSX", 1.0)[:2] == [
        ["U.S. Equities", 0.9],
        ["U.S. Fixed Income", 0.6],
    ]
    padded = udfs.EFFCAP_EXPOSURE([*FUNDS, None, None], [*EFFICIENT, None, None])
    assert padded == udfs.EFFCAP_EXPOSURE(FUNDS, EFFICIENT)


def test_exposure_with_sheet_catalog():
    sheet = [["Ticker", "Net ER", "U.S. Equities", "Gold"], ["GLDX", 0.004, 0.5, 0.5]]
    out = udfs.EFFCAP_EXPOSURE(["GLDX", "IVV"], [0.5, 0.5], None, sheet)
    assert out[:2] == [["U.S. Equities", 0.75], ["Gold", 0.25]]


def test_notional_figure1():
    assert udfs.EFFCAP_NOTIONAL(FUNDS, EFFICIENT) == pytest.approx(1.2)
    assert udfs.EFFCAP_NOTIONAL(FUNDS, [0.6, 0, 0.4, 0]) == pytest.approx(1.0)
    assert udfs.EFFCAP_NOTIONAL(FUNDS, EFFICIENT) == exposure.total_notional(
        dict(zip(FUNDS, EFFICIENT, strict=True))
    )


def test_solve_figure1_row_and_column():
    targets = [0.6, 0.4, 0.2]
    row = udfs.EFFCAP_SOLVE(CLASSES, targets, [FUNDS])
    assert len(row) == 1 and row[0] == pytest.approx(EFFICIENT, abs=1e-12)
    col = udfs.EFFCAP_SOLVE(CLASSES, targets, column(FUNDS))
    assert [r[0] for r in col] == pytest.approx(EFFICIENT, abs=1e-12)
    core = solve.solve_weights(dict(zip(CLASSES, targets, strict=True)), FUNDS)
    assert [r[0] for r in col] == core.weights.tolist()


def test_solve_cash_cell_and_status():
    out = udfs.EFFCAP_SOLVE(
        CLASSES[:2], [0.5, 0.3], column(["IVV", "NTSX", "AGG"]), None, None, True
    )
    assert [r[0] for r in out] == pytest.approx([0.5, 0.0, 0.3, 0.2])
    status = udfs.EFFCAP_SOLVE_STATUS(
        CLASSES[:2], [0.5, 0.3], [["IVV", "NTSX", "AGG"]], None, None, True
    )
    assert status[-1][:2] == [
        "Status",
        "Exact: several weight sets hit the targets; chose lowest weighted net expense ratio.",
    ]


def test_solve_not_exact_is_an_error_unless_asked():
    args = (CLASSES, [0.6, 0.4, 0.5], [FUNDS])
    assert udfs.EFFCAP_SOLVE(*args) == (
        "#EFFCAP: Targets cannot be met exactly (largest miss -8.99% in Managed Futures). "
        "Set allow_nearest to TRUE for the nearest weights; see EFFCAP_SOLVE_STATUS."
    )
    nearest = udfs.EFFCAP_SOLVE(*args, None, None, None, True)
    core = solve.solve_weights(dict(zip(CLASSES, [0.6, 0.4, 0.5], strict=True)), FUNDS)
    assert not core.exact
    assert nearest[0] == pytest.approx(core.weights.tolist())
    status = udfs.EFFCAP_SOLVE_STATUS(*args)
    assert status[0] == ["Asset class", "Target", "Reached", "Residual"]
    assert status[3][0] == "Managed Futures"
    assert status[3][1:] == pytest.approx([0.5, core.exposures.iloc[2], core.residual.iloc[2]])
    assert status[4][:2] == ["Status", core.status]
    assert status[5][:2] == ["Note", "Targets cannot be met exactly with these funds and bounds."]


def test_solve_status_figure1():
    status = udfs.EFFCAP_SOLVE_STATUS(CLASSES, [0.6, 0.4, 0.2], column(FUNDS))
    assert [r[0] for r in status] == ["Asset class", *CLASSES, "Status"]
    assert status[-1][1] == "Exact: the only weights that hit the targets."
    assert [r[3] for r in status[1:4]] == [0.0, 0.0, 0.0]


def test_fees_figure3():
    assert udfs.EFFCAP_FEES(FUNDS, EFFICIENT) == pytest.approx(0.00224, abs=1e-12)
    assert udfs.EFFCAP_FEES(FUNDS, EFFICIENT, "gross ER") == pytest.approx(0.00226, abs=1e-12)
    weights = dict(zip(FUNDS, EFFICIENT, strict=True))
    assert udfs.EFFCAP_FEES(FUNDS, EFFICIENT, "SEC yield") == fees.weighted_fact(
        weights, "sec_yield_subsidized"
    )


def test_fund_facts():
    assert udfs.EFFCAP_FUND("NTSX", "net ER") == 0.002
    assert udfs.EFFCAP_FUND("ntsx", "U.S. Fixed Income") == 0.6
    assert udfs.EFFCAP_FUND("WTMF", "gross ER") == 0.0067
    assert udfs.EFFCAP_FUND("NTSX", "inception") == dt.datetime(2018, 8, 2)
    assert udfs.EFFCAP_FUND("IVV", "name") == fund_fact("IVV", "name")
    assert udfs.EFFCAP_FUND("NTSE", "net ER") == "n/a"
    assert udfs.EFFCAP_FUND(["AGG"], "total assets") == 137314.91


def test_catalog_round_trips():
    out = udfs.EFFCAP_CATALOG()
    table = builtin_catalog()
    assert out[0] == ["ticker", *table.columns]
    assert [r[0] for r in out[1:]] == list(table.index)
    assert all(v != "n/a" for r in out for v in r)
    # what the sheet shows can be passed back as a catalog, unchanged
    again = udfs.EFFCAP_CATALOG(out)
    assert again == out
    assert udfs.EFFCAP_FEES(FUNDS, EFFICIENT, None, out) == pytest.approx(0.00224)


def test_asset_classes_and_version():
    assert udfs.EFFCAP_ASSET_CLASSES() == [[c] for c in asset_classes(builtin_catalog())]
    import efficap

    assert udfs.EFFCAP_VERSION() == f"efficap {efficap.__version__}"


def test_blend_small_matches_core():
    out = udfs.EFFCAP_BLEND(SMALL_DATES, SMALL_PRICES, [0.6, 0.4])
    core = blend.blend_growth(SMALL_FRAME, {"AAA": 0.6, "BBB": 0.4})
    assert [r[0] for r in out] == [d.to_pydatetime() for d in core.index]
    assert [r[1] for r in out] == core.tolist()
    assert out[0][1] == 1.0


def test_blend_window_rule_serial_dates_and_header_cell():
    serials = [(d - dt.datetime(1899, 12, 30)).days + 0.0 for d in SMALL_DATES]
    out = udfs.EFFCAP_BLEND(
        ["Date", *serials], SMALL_PRICES, [[0.5], [0.5]], "monthly", SMALL_DATES[5], "2024-12-20"
    )
    core = blend.blend_growth(
        SMALL_FRAME, {"AAA": 0.5, "BBB": 0.5}, "monthly", SMALL_DATES[5], "2024-12-20"
    )
    assert [r[1] for r in out] == core.tolist()
    assert out[-1][0] == dt.datetime(2024, 12, 20)


def test_blend_ignores_trailing_blank_rows():
    padded = SMALL_PRICES + [[None, None]] * 5
    dates = SMALL_DATES + [None] * 5
    assert udfs.EFFCAP_BLEND(dates, padded, [0.6, 0.4, None]) == udfs.EFFCAP_BLEND(
        SMALL_DATES, SMALL_PRICES, [0.6, 0.4]
    )


def test_trailing_small_matches_core():
    as_of = SMALL_DATES[-1]
    for period in ("YTD", "1Y", "SI"):
        got = udfs.EFFCAP_TRAILING(SMALL_DATES, SMALL_PRICES, [0.6, 0.4], as_of, period)
        want = performance.trailing_return(SMALL_FRAME, {"AAA": 0.6, "BBB": 0.4}, as_of, period)
        if np.isnan(want):
            assert got == "n/a"
        else:
            assert got == want
    assert udfs.EFFCAP_TRAILING(SMALL_DATES, SMALL_PRICES, [1, 0], as_of, 3.0) == "n/a"


def test_stats_small_matches_core():
    out = udfs.EFFCAP_STATS(SMALL_DATES, SMALL_PRICES, [0.6, 0.4], None, 0.02, "AAA")
    core = risk.risk_stats(SMALL_FRAME, {"AAA": 0.6, "BBB": 0.4}, risk_free=0.02, equity="AAA")
    assert [r[0] for r in out] == list(core.index)
    assert [r[1] for r in out] == core.tolist()
    # no IVV among the prices: correlation to equities is n/a
    default = dict(udfs.EFFCAP_STATS(SMALL_DATES, SMALL_PRICES, [0.6, 0.4]))
    assert default["Correlation to equities"] == "n/a"


def test_performance_small_matches_core():
    table = [["", "AAA", "BBB"], ["All A", 1.0, 0.0], ["Mix", 0.5, 0.5]]
    out = udfs.EFFCAP_PERFORMANCE(SMALL_DATES, SMALL_PRICES, table, SMALL_DATES[-1])
    core = performance.standardized_table(
        SMALL_FRAME,
        {"All A": {"AAA": 1.0, "BBB": 0.0}, "Mix": {"AAA": 0.5, "BBB": 0.5}},
        SMALL_DATES[-1],
    )
    # the header's first cell says what the table is: as-of date, rule (annual), window
    assert out[0] == ["as of 2024-12-26; annual; linked", *performance.PERIODS]
    assert [r[0] for r in out[1:]] == ["All A", "Mix"]
    for row, (_, want) in zip(out[1:], core.iterrows(), strict=True):
        assert row[1:] == ["n/a" if np.isnan(v) else v for v in want]


# Two funds over a year end (2025-01-01 closed): A doubles, then halves; B doubles at the end.
YEAR_END_DATES = [dt.datetime(2024, 12, 27), dt.datetime(2024, 12, 30), dt.datetime(2024, 12, 31)]
YEAR_END_DATES.append(dt.datetime(2025, 1, 2))
YEAR_END_PRICES = [["A", "B"], [100.0, 100.0], [200.0, 100.0], [200.0, 100.0], [100.0, 200.0]]


def test_trailing_windows_linked_and_restart_by_hand():
    """YTD of 50/50, never rebalanced: linked reads the drifted history, restart resets.

    Linked: 1.5 at 2024-12-31 (A doubled) and 0.5 x 1 + 0.5 x 2 = 1.5 at 2025-01-02, so
    YTD = 0. Restart at 50/50 on 2024-12-31: 0.5 x 100/200 + 0.5 x 200/100 = 1.25, +25%.
    """
    args = (YEAR_END_DATES, YEAR_END_PRICES, [0.5, 0.5], YEAR_END_DATES[-1], "YTD", "none")
    assert udfs.EFFCAP_TRAILING(*args) == pytest.approx(0.0, abs=1e-15)
    assert udfs.EFFCAP_TRAILING(*args, "linked") == pytest.approx(0.0, abs=1e-15)
    assert udfs.EFFCAP_TRAILING(*args, "restart") == pytest.approx(0.25, rel=1e-14)
    table = [["", "A", "B"], ["Half", 0.5, 0.5]]
    linked = udfs.EFFCAP_PERFORMANCE(YEAR_END_DATES, YEAR_END_PRICES, table, "2025-01-02", "none")
    restart = udfs.EFFCAP_PERFORMANCE(
        YEAR_END_DATES, YEAR_END_PRICES, table, "2025-01-02", "none", "Restart"
    )
    assert linked[0][0] == "as of 2025-01-02; none; linked"
    assert restart[0][0] == "as of 2025-01-02; none; restart"
    assert linked[1][1] == pytest.approx(0.0, abs=1e-15)
    assert restart[1][1] == pytest.approx(0.25, rel=1e-14)
    core = performance.standardized_table(
        pd.DataFrame(
            YEAR_END_PRICES[1:], index=pd.DatetimeIndex(YEAR_END_DATES), columns=["A", "B"]
        ),
        {"Half": {"A": 0.5, "B": 0.5}},
        "2025-01-02",
        "none",
        window="restart",
    )
    assert restart[1][1:] == ["n/a" if np.isnan(v) else v for v in core.loc["Half"]]


# A quarter end inside the window (2025-03-31), no year end: only quarterly rebalances.
QUARTER_DATES = [dt.datetime(2025, 3, d) for d in (27, 28, 31)] + [dt.datetime(2025, 4, 1)]
QUARTER_PRICES = [["A", "B"], [100.0, 100.0], [200.0, 100.0], [200.0, 100.0], [100.0, 200.0]]


def test_default_rule_is_annual():
    """SI of 50/50: no rebalancing before 2025-04-01 under the annual rule: 0.5 x 1 + 0.5 x 2
    = 1.5 (+50%); quarterly resets to 50/50 at 1.5 on 2025-03-31: 0.75 x 0.5 + 0.75 x 2 =
    1.875 (+87.5%)."""
    args = (QUARTER_DATES, QUARTER_PRICES, [0.5, 0.5], QUARTER_DATES[-1], "SI")
    assert udfs.EFFCAP_TRAILING(*args) == pytest.approx(0.5, rel=1e-14)
    assert udfs.EFFCAP_TRAILING(*args, "annual") == pytest.approx(0.5, rel=1e-14)
    assert udfs.EFFCAP_TRAILING(*args, "quarterly") == pytest.approx(0.875, rel=1e-14)
    table = [["", "A", "B"], ["Half", 0.5, 0.5]]
    perf = udfs.EFFCAP_PERFORMANCE(QUARTER_DATES, QUARTER_PRICES, table, QUARTER_DATES[-1])
    assert perf[0][0] == "as of 2025-04-01; annual; linked"
    assert perf[1][-1] == pytest.approx(0.5, rel=1e-14)
    growth = udfs.EFFCAP_BLEND(QUARTER_DATES, QUARTER_PRICES, [0.5, 0.5])
    assert growth[-1][1] == pytest.approx(1.5, rel=1e-14)


# Figure 2b, blends, as of 2026-03-31, in decimals (None = n/a).
FIGURE_2B = {
    "Efficient Allocation to Managed Futures": (
        [0.24, 0.16, 0.40, 0.20],
        [-0.0235, 0.1536, 0.1322, 0.0776, None, 0.0927],
    ),
    "Traditional Allocation to Managed Futures": (
        [0.50, 0.30, 0.0, 0.20],
        [-0.0152, 0.1388, 0.1229, 0.0763, 0.0836, 0.0775],
    ),
    "Traditional 60/40": (
        [0.60, 0.40, 0.0, 0.0],
        [-0.0269, 0.1217, 0.1253, 0.0756, 0.0927, 0.0793],
    ),
}
AS_OF = dt.datetime(2026, 3, 31)


def test_performance_figure_2b(excel_real):
    dates, rows, frame = excel_real
    table = [["Blend", *rows[0]], *[[name, *w] for name, (w, _) in FIGURE_2B.items()]]
    out = udfs.EFFCAP_PERFORMANCE(dates, rows, table, AS_OF, "quarterly")
    assert out[0] == ["as of 2026-03-31; quarterly; linked", "YTD", "1Y", "3Y", "5Y", "10Y", "SI"]
    blends = {name: dict(zip(rows[0], w, strict=True)) for name, (w, _) in FIGURE_2B.items()}
    core = performance.standardized_table(frame, blends, AS_OF, "quarterly")
    for row, (name, (_, published)) in zip(out[1:], FIGURE_2B.items(), strict=True):
        assert row[0] == name
        for got, want, direct in zip(row[1:], published, core.loc[name], strict=True):
            if want is None:
                assert got == "n/a"
            else:
                assert got == pytest.approx(want, abs=0.004)
                assert got == pytest.approx(direct, abs=1e-12)


@pytest.mark.parametrize("period", performance.PERIODS)
@pytest.mark.parametrize("name", list(FIGURE_2B))
def test_trailing_figure_2b(excel_real, name, period):
    dates, rows, _ = excel_real
    weights, published = FIGURE_2B[name]
    want = published[performance.PERIODS.index(period)]
    got = udfs.EFFCAP_TRAILING(dates, rows, weights, AS_OF, period)
    if want is None:
        assert got == "n/a"
    else:
        assert got == pytest.approx(want, abs=0.004)


def test_blend_and_stats_real_match_core(excel_real):
    dates, rows, frame = excel_real
    weights = dict(zip(rows[0], [0.24, 0.16, 0.40, 0.20], strict=True))
    out = udfs.EFFCAP_BLEND(dates, rows, list(weights.values()))
    core = blend.blend_growth(frame, weights)
    assert out[0] == [dt.datetime(2018, 8, 2), 1.0]
    assert [r[1] for r in out] == pytest.approx(core.tolist(), rel=1e-13)
    stats = udfs.EFFCAP_STATS(dates, rows, list(weights.values()))
    assert [r[1] for r in stats] == pytest.approx(risk.risk_stats(frame, weights).tolist())


def test_repeated_calls_use_the_price_cache(excel_real):
    dates, rows, _ = excel_real
    udfs.EFFCAP_TRAILING(dates, rows, [0.6, 0.4, 0, 0], AS_OF, "1Y")
    udfs.EFFCAP_TRAILING(dates, rows, [0.6, 0.4, 0, 0], AS_OF, "3Y")
    udfs.EFFCAP_STATS(dates, rows, [0.6, 0.4, 0, 0])
    assert (cache._PRICES.misses, cache._PRICES.hits) == (1, 2)


def test_unexpected_exception_is_a_short_internal_error(monkeypatch):
    def boom(*args, **kwargs):
        raise KeyError("secret detail")

    monkeypatch.setattr(exposure, "total_notional", boom)
    assert udfs.EFFCAP_NOTIONAL(FUNDS, EFFICIENT) == "#EFFCAP: internal error (KeyError)"


# --------------------------------------------------------------------------- (b) bad inputs

UNKNOWN_XYZ = "Unknown ticker: XYZ. Add it to a catalog table or check the spelling."
NO_TICKER_CATALOG = [["Fund", "U.S. Equities"], ["XYZ", 1.0]]
ERROR_CATALOG = [["Ticker", "U.S. Equities"], ["XYZ", "#N/A"]]

# (tickers, weights) -> message, shared by EXPOSURE, NOTIONAL and FEES.
WEIGHT_CASES = [
    pytest.param(["IVV", "XYZ"], [0.5, 0.5], UNKNOWN_XYZ, id="unknown-ticker"),
    pytest.param(["IVV", "AGG", "NTSX"], [0.5, 0.5], "3 tickers but 2 weights.", id="lengths"),
    pytest.param(
        ["IVV", "AGG", "NTSX"],
        [0.5, None, 0.5],
        "Weight 2 (AGG) is blank; enter 0 for none.",
        id="blank-weight",
    ),
    pytest.param(
        ["IVV", "AGG"],
        [0.5, None],
        "Weight 2 (AGG) is blank; enter 0 for none.",
        id="blank-last-weight",
    ),
    pytest.param(
        ["IVV", "AGG"], [0.6, "40%"], "Weight 2 (AGG) is text '40%', not a number.", id="text"
    ),
    pytest.param(["IVV", "AGG"], [0.6, "#N/A"], "Weight 2 (AGG) is #N/A.", id="error-text"),
    pytest.param(["IVV", "AGG"], [0.6, -2146826281], "Weight 2 (AGG) is #DIV/0!.", id="error-code"),
    pytest.param(["IVV", None, "AGG"], [0.3, 0.3, 0.4], "Ticker 2 is blank.", id="blank-ticker"),
    pytest.param(["IVV", 5.0], [0.5, 0.5], "Ticker 2 is 5, not text.", id="number-ticker"),
    pytest.param(["IVV", NA], [0.5, 0.5], "Ticker 2 is #N/A.", id="error-ticker"),
    pytest.param(
        ["IVV", "ivv"], [0.5, 0.5], "IVV appears twice (tickers 1 and 2).", id="duplicate"
    ),
    pytest.param(
        ["IVV", "AGG"],
        [60.0, 40.0],
        "Weight 1 (IVV) is 60 (6000%): not plausible for a fund weight (-100% to 200%). "
        "Write a decimal or a percent, e.g. 24% or 0.24.",
        id="whole-percent",
    ),
    pytest.param(
        ["IVV", "AGG"],
        [[0.5, 0.5], [0.1, 0.1]],
        "Weights must be one row or one column, not 2 rows x 2 columns.",
        id="2d-weights",
    ),
    pytest.param(None, None, "No tickers given.", id="empty"),
    pytest.param(["IVV", "AGG"], [True, 0.5], "Weight 1 (IVV) is TRUE, not a number.", id="bool"),
    pytest.param(["IVV", "AGG"], [0.6, SPILL], "Weight 2 (AGG) is #SPILL!.", id="spill-code"),
    pytest.param(["IVV", "AGG"], [CALC, 0.4], "Weight 1 (IVV) is #CALC!.", id="calc-code"),
    pytest.param(["IVV", SPILL], [0.6, 0.4], "Ticker 2 is #SPILL!.", id="spill-ticker"),
    pytest.param(
        ["IVV", "AGG", "WTMF"],
        [5.0, 3.0, 2.0],  # 50/30/20% typed as 5/3/2: the sum, 10, slipped under the old guard
        "Weight 1 (IVV) is 5 (500%): not plausible for a fund weight (-100% to 200%). "
        "Write a decimal or a percent, e.g. 24% or 0.24.",
        id="whole-percent-5-3-2",
    ),
    pytest.param(
        ["IVV", "AGG", "NTSX", "agg"],
        [0.25, 0.25, 0.25, 0.25],
        "AGG appears twice (tickers 2 and 4).",
        id="duplicate-apart",
    ),
]


@pytest.mark.parametrize(("tickers", "weights", "message"), WEIGHT_CASES)
def test_exposure_bad_weights(tickers, weights, message):
    assert udfs.EFFCAP_EXPOSURE(tickers, weights) == "#EFFCAP: " + message


@pytest.mark.parametrize(
    ("asset_classes", "catalog", "message"),
    [
        pytest.param(
            [["Gold bars"]],
            None,
            # the core's message lists every class; the cell shows it cut under 160 characters
            "Unknown asset class 'Gold bars'. Known: U.S. Equities, U.S. Fixed Income, Managed "
            "Futures, International Equities, Emerging Markets Equities...",
            id="unknown-class",
        ),
        pytest.param(
            [["U.S. Equities"], [None], ["Gold"]], None, "Asset class 2 is blank.", id="blank-class"
        ),
        pytest.param([["U.S. Equities", 3.0]], None, "Asset class 2 is 3, not text.", id="number"),
        pytest.param(
            [["U.S. Equities", "Gold"], ["Cash", "Total"]],
            None,
            "Asset classes must be one row or one column, not 2 rows x 2 columns.",
            id="2d",
        ),
        pytest.param(None, NO_TICKER_CATALOG, "Catalog needs a 'Ticker' column.", id="no-ticker"),
        pytest.param(None, ERROR_CATALOG, "Catalog row 2, U.S. Equities: #N/A.", id="catalog-na"),
        pytest.param(
            None,
            [["Ticker", "U.S. Equities"], ["IVV", SPILL]],
            "Catalog row 2, U.S. Equities: #SPILL!.",
            id="catalog-spill",
        ),
        pytest.param(
            None,
            [["Ticker", "U.S. Fixed Income"], ["AGG", CALC]],
            "Catalog row 2, U.S. Fixed Income: #CALC!.",
            id="catalog-calc",
        ),
    ],
)
def test_exposure_bad_classes_and_catalog(asset_classes, catalog, message):
    assert udfs.EFFCAP_EXPOSURE(FUNDS, EFFICIENT, asset_classes, catalog) == "#EFFCAP: " + message


@pytest.mark.parametrize(("tickers", "weights", "message"), WEIGHT_CASES)
def test_notional_bad_weights(tickers, weights, message):
    assert udfs.EFFCAP_NOTIONAL(tickers, weights) == "#EFFCAP: " + message


@pytest.mark.parametrize(("tickers", "weights", "message"), WEIGHT_CASES)
def test_fees_bad_weights(tickers, weights, message):
    assert udfs.EFFCAP_FEES(tickers, weights) == "#EFFCAP: " + message


FEE_FIELDS = "gross_expense_ratio, net_expense_ratio, sec_yield_subsidized, sec_yield_unsubsidized"
# The core's message lists every field and "or an asset class"; the cell shows it cut
# under 160 characters.
ALL_FIELDS = (
    "name, inception, gross_expense_ratio, net_expense_ratio, sec_yield_subsidized, "
    "sec_yield_unsubsidized"
)


@pytest.mark.parametrize(
    ("tickers", "field", "catalog", "message"),
    [
        pytest.param(
            FUNDS, "foo", None, f"Unknown field 'foo'. Use one of: {ALL_FIELDS}...", id="field"
        ),
        pytest.param(
            FUNDS,
            "total assets",
            None,
            f"Cannot weight 'total assets'. Use one of: {FEE_FIELDS}.",
            id="not-weightable",
        ),
        pytest.param(
            ["NTSE"], None, None, "No net expense ratio in the catalog for NTSE.", id="gap"
        ),
        pytest.param(FUNDS, "#N/A", None, "Field is #N/A.", id="field-error"),
        pytest.param(FUNDS, 5.0, None, "Field is 5, not text.", id="field-number"),
        pytest.param(FUNDS, [["net ER", "gross ER"]], None, "Field must be one cell.", id="range"),
        pytest.param(FUNDS, None, NO_TICKER_CATALOG, "Catalog needs a 'Ticker' column.", id="cat"),
    ],
)
def test_fees_bad_field_and_catalog(tickers, field, catalog, message):
    weights = [1.0] if len(tickers) == 1 else EFFICIENT
    assert udfs.EFFCAP_FEES(tickers, weights, field, catalog) == "#EFFCAP: " + message


@pytest.mark.parametrize(
    ("ticker", "field", "catalog", "message"),
    [
        pytest.param(None, "net ER", None, "Ticker is blank.", id="blank-ticker"),
        pytest.param(
            "IVV",
            None,
            None,
            "Field is blank. Use e.g. net ER, inception or U.S. Equities.",
            id="blank-field",
        ),
        pytest.param("XYZ", "net ER", None, UNKNOWN_XYZ, id="unknown-ticker"),
        pytest.param(
            "IVV",
            "colour",
            None,
            f"Unknown field 'colour'. Use one of: {ALL_FIELDS}...",
            id="unknown-field",
        ),
        pytest.param("#N/A", "net ER", None, "Ticker is #N/A.", id="ticker-error"),
        pytest.param(NA, "net ER", None, "Ticker is #N/A.", id="ticker-code"),
        pytest.param(3.0, "net ER", None, "Ticker is 3, not text.", id="ticker-number"),
        pytest.param("IVV", True, None, "Field is TRUE, not text.", id="field-bool"),
        pytest.param([["IVV", "AGG"]], "net ER", None, "Ticker must be one cell.", id="range"),
        pytest.param(
            "IVV", "net ER", NO_TICKER_CATALOG, "Catalog needs a 'Ticker' column.", id="catalog"
        ),
        pytest.param(
            "IVV",
            "net ER",
            ERROR_CATALOG,
            "Catalog row 2, U.S. Equities: #N/A.",
            id="catalog-error",
        ),
    ],
)
def test_fund_bad_inputs(ticker, field, catalog, message):
    assert udfs.EFFCAP_FUND(ticker, field, catalog) == "#EFFCAP: " + message


SOLVE_CASES = [
    pytest.param(
        CLASSES, [0.6, 0.4], [FUNDS], None, None, "3 asset classes but 2 targets.", id="lengths"
    ),
    pytest.param(
        ["Equities", "U.S. Fixed Income"],
        [0.6, 0.4],
        [FUNDS],
        None,
        None,
        "Unknown asset class 'Equities'. Known: U.S. Equities, U.S. Fixed Income, Managed "
        "Futures, International Equities, Emerging Markets Equities...",
        id="unknown-class",
    ),
    pytest.param(
        CLASSES,
        [0.6, None, 0.2],
        [FUNDS],
        None,
        None,
        "Target 2 (U.S. Fixed Income) is blank.",
        id="blank-target",
    ),
    pytest.param(
        CLASSES,
        [0.6, "40%", 0.2],
        [FUNDS],
        None,
        None,
        "Target 2 (U.S. Fixed Income) is text '40%', not a number.",
        id="text-target",
    ),
    pytest.param(
        CLASSES,
        [0.6, 0.4, "#N/A"],
        [FUNDS],
        None,
        None,
        "Target 3 (Managed Futures) is #N/A.",
        id="error-target",
    ),
    pytest.param(
        CLASSES, [0.6, 0.4, 0.2], [["IVV", "XYZ"]], None, None, UNKNOWN_XYZ, id="unknown-ticker"
    ),
    pytest.param(
        CLASSES,
        [0.6, 0.4, 0.2],
        [["IVV", "IVV"]],
        None,
        None,
        "IVV appears twice (tickers 1 and 2).",
        id="duplicate-ticker",
    ),
    pytest.param(
        CLASSES,
        [0.6, 0.4, 0.2],
        [FUNDS, FUNDS],
        None,
        None,
        "Tickers must be one row or one column, not 2 rows x 4 columns.",
        id="2d-tickers",
    ),
    pytest.param(CLASSES, [0.6, 0.4, 0.2], [[None]], None, None, "No tickers given.", id="none"),
    pytest.param(
        CLASSES,
        [0.6, 0.4, 0.2],
        [FUNDS],
        "cheapest",
        None,
        "Unknown objective 'cheapest'. Use one of: expense, yield, spread.",
        id="objective",
    ),
    pytest.param(
        CLASSES,
        [0.6, 0.4, 0.2],
        [FUNDS],
        None,
        "maybe",
        "allow_cash must be TRUE or FALSE, got text 'maybe'.",
        id="allow-cash",
    ),
    pytest.param(
        ["U.S. Equities", "u.s. equities"],
        [0.6, 0.4],
        [FUNDS],
        None,
        None,
        "u.s. equities appears twice (asset classes 1 and 2).",
        id="duplicate-class",
    ),
    pytest.param(
        CLASSES,
        [60.0, 40.0, 20.0],
        [FUNDS],
        None,
        None,
        "Target 1 (U.S. Equities) is 60 (6000%): not plausible for an exposure target "
        "(-300% to 300%). Write a decimal or a percent, e.g. 60% or 0.6.",
        id="whole-percent",
    ),
]


@pytest.mark.parametrize(
    ("classes", "targets", "tickers", "objective", "cash", "message"), SOLVE_CASES
)
def test_solve_bad_inputs(classes, targets, tickers, objective, cash, message):
    assert udfs.EFFCAP_SOLVE(classes, targets, tickers, objective, None, cash) == (
        "#EFFCAP: " + message
    )


@pytest.mark.parametrize(
    ("classes", "targets", "tickers", "objective", "cash", "message"), SOLVE_CASES
)
def test_solve_status_bad_inputs(classes, targets, tickers, objective, cash, message):
    assert udfs.EFFCAP_SOLVE_STATUS(classes, targets, tickers, objective, None, cash) == (
        "#EFFCAP: " + message
    )


def test_solve_bad_allow_nearest():
    out = udfs.EFFCAP_SOLVE(CLASSES, [0.6, 0.4, 0.2], [FUNDS], None, None, None, 2.0)
    assert out == "#EFFCAP: allow_nearest must be TRUE or FALSE, got 2."


def _with(rows, i, j, value):
    out = [list(r) for r in rows]
    out[i][j] = value
    return out


D = SMALL_DATES
P = SMALL_PRICES
SWAPPED = [D[0], D[2], D[1], *D[3:]]
REPEATED = [D[0], D[1], D[1], *D[3:]]

# (dates, prices, weights) -> message, shared by BLEND, TRAILING and STATS.
PRICE_CASES = [
    pytest.param(
        SWAPPED,
        P,
        [0.6, 0.4],
        "Dates must be in ascending order: "
        "date 3 (2024-11-04) is earlier than date 2 (2024-11-05).",
        id="order",
    ),
    pytest.param(REPEATED, P, [0.6, 0.4], "Date 3 (2024-11-04) repeats date 2.", id="repeat"),
    pytest.param(
        D[:-2], P, [0.6, 0.4], "38 dates but 40 rows of prices below the header.", id="count"
    ),
    pytest.param([D[0], None, *D[2:]], P, [0.6, 0.4], "Date 2 is blank.", id="blank-date"),
    pytest.param(
        [D[0], "soon", *D[2:]],
        P,
        [0.6, 0.4],
        "Date 2 'soon' is not a date I can read; write it as YYYY-MM-DD.",
        id="text-date",
    ),
    pytest.param([D[0], "#N/A", *D[2:]], P, [0.6, 0.4], "Date 2 is #N/A.", id="error-date"),
    pytest.param(
        D,
        _with(P, 5, 1, "abc"),
        [0.6, 0.4],
        "Prices: BBB on 2024-11-07 is text 'abc', not a number.",
        id="text-price",
    ),
    pytest.param(
        D,
        _with(P, 5, 0, "#N/A"),
        [0.6, 0.4],
        "Prices: AAA on 2024-11-07 is #N/A.",
        id="error-price",
    ),
    pytest.param(
        D,
        _with(P, 5, 0, -0.01),
        [0.6, 0.4],
        "Prices: AAA on 2024-11-07 is -0.01; "
        "prices must be positive (a growth index, not returns).",
        id="negative-price",
    ),
    pytest.param(
        D,
        _with(P, 0, 1, None),
        [0.6, 0.4],
        "Prices header column 2 has no ticker.",
        id="blank-header",
    ),
    pytest.param(
        D,
        _with(P, 0, 1, "aaa"),
        [0.6, 0.4],
        "Prices header: AAA appears in columns 1 and 2.",
        id="repeated-header",
    ),
    pytest.param(
        D,
        P,
        [0.6, 0.4, 0.1],
        "3 weights but 2 price columns (AAA, BBB): give one weight per column, 0 for "
        "funds not held.",
        id="weights-count",
    ),
    pytest.param(
        D, P, [0.6, 0.3], "Weights sum to 90%, not 100% (allowed gap 0.0001%).", id="weights-sum"
    ),
    pytest.param(D, P, [0.6, None], "Weight 2 (BBB) is blank; enter 0 for none.", id="blank-w"),
    pytest.param(
        D,
        [P[0]],
        [0.6, 0.4],
        "Prices need a header row of tickers and at least one row of prices.",
        id="no-rows",
    ),
    pytest.param(
        D,
        [[None, None], *P[1:]],
        [0.6, 0.4],
        "Prices header column 1 has no ticker.",
        id="no-header",
    ),
]


@pytest.mark.parametrize(("dates", "prices", "weights", "message"), PRICE_CASES)
def test_blend_bad_inputs(dates, prices, weights, message):
    assert udfs.EFFCAP_BLEND(dates, prices, weights) == "#EFFCAP: " + message


@pytest.mark.parametrize(("dates", "prices", "weights", "message"), PRICE_CASES)
def test_trailing_bad_prices(dates, prices, weights, message):
    assert udfs.EFFCAP_TRAILING(dates, prices, weights, D[-1], "YTD") == "#EFFCAP: " + message


@pytest.mark.parametrize(("dates", "prices", "weights", "message"), PRICE_CASES)
def test_stats_bad_prices(dates, prices, weights, message):
    assert udfs.EFFCAP_STATS(dates, prices, weights) == "#EFFCAP: " + message


@pytest.mark.parametrize(
    ("rebalance", "start", "end", "message"),
    [
        pytest.param(
            "weekly",
            None,
            None,
            "Unknown rebalancing rule 'weekly'. Use one of: none, "
            "daily, monthly, quarterly, annual, threshold:0.05.",
            id="rule",
        ),
        pytest.param(0.05, None, None, "Rebalance is 0.05, not text.", id="rule-number"),
        pytest.param(
            None,
            D[10],
            D[5],
            "Start date 2024-11-15 is after end date 2024-11-08.",
            id="start-after-end",
        ),
        pytest.param(
            None,
            "soon",
            None,
            "Start date 'soon' is not a date I can read; write it as YYYY-MM-DD.",
            id="start",
        ),
        pytest.param(None, None, "#N/A", "End date is #N/A.", id="end-error"),
        pytest.param(
            None,
            "2030-01-01",
            None,
            "Fewer than 2 closes from 2030-01-01 to 2024-12-26 "
            "(the blend's prices run 2024-11-01 to 2024-12-26).",
            id="start-late",
        ),
    ],
)
def test_blend_bad_options(rebalance, start, end, message):
    assert udfs.EFFCAP_BLEND(D, P, [0.6, 0.4], rebalance, start, end) == "#EFFCAP: " + message


@pytest.mark.parametrize(
    ("as_of", "period", "rebalance", "message"),
    [
        pytest.param(
            "2025-06-30",
            "1Y",
            None,
            "Prices end 2024-12-26; as-of 2025-06-30 is 125 trading day(s) later. "
            "Add prices or pick an earlier date.",
            id="after",
        ),
        pytest.param(
            dt.datetime(2020, 1, 1),
            "1Y",
            None,
            "As-of 2020-01-01 is before the first close 2024-11-01.",
            id="before",
        ),
        pytest.param(None, "1Y", None, "As-of date is blank.", id="as-of-blank"),
        pytest.param(
            "last friday",
            "1Y",
            None,
            "As-of date 'last friday' is not a date I can read; write it as YYYY-MM-DD.",
            id="as-of-text",
        ),
        pytest.param(
            D[-1],
            "2W",
            None,
            "Unknown period '2W'. Use YTD, 1Y, 3Y, 5Y, 10Y, SI (since inception).",
            id="period",
        ),
        pytest.param(
            D[-1], None, None, "Period is blank. Use YTD, 1Y, 3Y, 5Y, 10Y or SI.", id="period-blank"
        ),
        pytest.param(D[-1], 2.5, None, "Period 2.5 is not a whole number of years.", id="2.5"),
        pytest.param(
            D[-1],
            "1000 years",
            None,
            "Period 1000 years is over 100 years. Use YTD, 1Y, 3Y, 5Y, 10Y, SI (since inception).",
            id="1000-years",
        ),
        pytest.param(D[-1], "#N/A", None, "Period is #N/A.", id="period-error"),
        pytest.param(
            D[-1],
            "1Y",
            "sometimes",
            "Unknown rebalancing rule 'sometimes'. Use one "
            "of: none, daily, monthly, quarterly, annual, threshold:0.05.",
            id="rule",
        ),
        pytest.param(-5.0, "1Y", None, "As-of date is -5, not a date.", id="serial"),
        pytest.param(
            "04/03/2026",
            "1Y",
            None,
            "As-of date '04/03/2026' is ambiguous (day/month or month/day?): write 2026-03-04 "
            "or 2026-04-03.",
            id="ambiguous",
        ),
        pytest.param(SPILL, "1Y", None, "As-of date is #SPILL!.", id="as-of-spill"),
    ],
)
def test_trailing_bad_options(as_of, period, rebalance, message):
    assert udfs.EFFCAP_TRAILING(D, P, [0.6, 0.4], as_of, period, rebalance) == (
        "#EFFCAP: " + message
    )


@pytest.mark.parametrize(
    ("window", "message"),
    [
        pytest.param(
            "fresh-ish",
            "Unknown window convention 'fresh-ish'. Use linked (default) or restart.",
            id="unknown",
        ),
        pytest.param(3.0, "Window is 3, not text.", id="number"),
        pytest.param(True, "Window is TRUE, not text.", id="bool"),
        pytest.param(CALC, "Window is #CALC!.", id="calc-code"),
        pytest.param([["linked"], ["restart"]], "Window must be one cell.", id="two-cells"),
    ],
)
def test_trailing_bad_window(window, message):
    out = udfs.EFFCAP_TRAILING(D, P, [0.6, 0.4], D[-1], "SI", None, window)
    assert out == "#EFFCAP: " + message


@pytest.mark.parametrize(
    ("risk_free", "equity", "message"),
    [
        pytest.param("4%", None, "risk_free is text '4%', not a number.", id="rf-text"),
        pytest.param("#N/A", None, "risk_free is #N/A.", id="rf-error"),
        pytest.param(
            None, "XYZ", "No prices for equity ticker XYZ (available: AAA, BBB).", id="equity"
        ),
        pytest.param(None, 3.0, "Equity ticker is 3, not text.", id="equity-number"),
        pytest.param(
            4.0,
            None,
            "risk_free is 4 (400%): not plausible for an annual risk-free rate (-2% to 20%). "
            "Write a decimal or a percent, e.g. 4% or 0.04.",
            id="rf-whole-percent",
        ),
        pytest.param(CALC, None, "risk_free is #CALC!.", id="rf-calc"),
    ],
)
def test_stats_bad_options(risk_free, equity, message):
    assert udfs.EFFCAP_STATS(D, P, [0.6, 0.4], None, risk_free, equity) == "#EFFCAP: " + message


GOOD_TABLE = [["", "AAA", "BBB"], ["Mix", 0.5, 0.5]]

# weights table -> message, shared by PERFORMANCE, STRESS and CALENDAR.
WEIGHTS_TABLE_CASES = [
    pytest.param(
        [["", "AAA", "BBB"]],
        "Weights table needs a header row of tickers "
        "(after a corner cell) and one row per blend: its name, then its weights.",
        id="no-blends",
    ),
    pytest.param(
        [["", "AAA"], [None, 1.0]], "Weights table row 2 has no blend name.", id="no-name"
    ),
    pytest.param(
        [["", "AAA"], ["A", 1.0], ["A", 1.0]],
        "Weights table: blend 'A' appears twice.",
        id="duplicate-blend",
    ),
    pytest.param(
        [["", "AAA", "BBB"], ["Mix", 0.5, None]],
        "Weights table: Mix, BBB is blank; enter 0 for none.",
        id="blank-weight",
    ),
    pytest.param(
        [["", "AAA", "BBB"], ["Mix", 0.5, "half"]],
        "Weights table: Mix, BBB is text 'half', not a number.",
        id="text-weight",
    ),
    pytest.param(
        [["", "AAA", "XYZ"], ["Mix", 0.5, 0.5]],
        "Mix: No prices for XYZ (available: AAA, BBB).",
        id="unknown-ticker",
    ),
    pytest.param(
        [["", "AAA", "BBB"], ["Mix", 0.5, 0.4]],
        "Mix: Weights sum to 90%, not 100% (allowed gap 0.0001%).",
        id="sum",
    ),
    pytest.param(
        [["", "AAA", None], ["Mix", 0.5, 0.5]],
        "Weights table header column 2 has no ticker.",
        id="blank-ticker",
    ),
    pytest.param(
        [["", "AAA", "BBB"], ["Mix", 50.0, 50.0]],
        "Weights table: Mix, AAA is 50 (5000%): not plausible for a fund weight (-100% to "
        "200%). Write a decimal or a percent, e.g. 24% or 0.24.",
        id="whole-percent",
    ),
    pytest.param(
        [["", "AAA", "aaa"], ["Mix", 0.5, 0.5]],
        "Weights table header: AAA appears in columns 1 and 2.",
        id="repeated-ticker",
    ),
    pytest.param(
        [["", "AAA", "BBB"], ["Mix", 0.5, SPILL]],
        "Weights table: Mix, BBB is #SPILL!.",
        id="spill-weight",
    ),
]


@pytest.mark.parametrize(("table", "message"), WEIGHTS_TABLE_CASES)
def test_performance_bad_weights_table(table, message):
    assert udfs.EFFCAP_PERFORMANCE(D, P, table, D[-1]) == "#EFFCAP: " + message


@pytest.mark.parametrize(
    ("as_of", "window", "message"),
    [
        pytest.param(
            "2025-06-30",
            None,
            "Prices end 2024-12-26; as-of 2025-06-30 is 125 trading day(s) later. "
            "Add prices or pick an earlier date.",
            id="as-of-after",
        ),
        pytest.param(
            "1999-01-01",
            None,
            "As-of 1999-01-01 is before the first close 2024-11-01.",
            id="as-of-before",
        ),
        pytest.param(None, None, "As-of date is blank.", id="as-of-blank"),
        pytest.param(
            D[-1],
            "fresh-ish",
            "Unknown window convention 'fresh-ish'. Use linked (default) or restart.",
            id="window",
        ),
        pytest.param(D[-1], 1.0, "Window is 1, not text.", id="window-number"),
        pytest.param(D[-1], "#N/A", "Window is #N/A.", id="window-error"),
        pytest.param(D[-1], [["linked", "restart"]], "Window must be one cell.", id="window-2"),
    ],
)
def test_performance_bad_inputs(as_of, window, message):
    out = udfs.EFFCAP_PERFORMANCE(D, P, GOOD_TABLE, as_of, None, window)
    assert out == "#EFFCAP: " + message


@pytest.mark.parametrize(("dates", "prices", "weights", "message"), PRICE_CASES[:11])
def test_performance_bad_prices(dates, prices, weights, message):
    table = [["", "AAA", "BBB"], ["Mix", *weights]]
    assert udfs.EFFCAP_PERFORMANCE(dates, prices, table, D[-1]) == "#EFFCAP: " + message


CATALOG_CASES = [
    pytest.param(NO_TICKER_CATALOG, "Catalog needs a 'Ticker' column.", id="no-ticker-column"),
    pytest.param(ERROR_CATALOG, "Catalog row 2, U.S. Equities: #N/A.", id="error-cell"),
    pytest.param([["Ticker", "Net ER"], ["ABC", NA]], "Catalog row 2, Net ER: #N/A.", id="code"),
    pytest.param(
        [["Ticker", "Net ER"]],
        "Catalog range has a header row but no funds; select the header row and at least one "
        "fund row.",
        id="header-only",
    ),
    pytest.param(
        [["Ticker", "Gold"], ["ABC", 1.0], ["abc", 0.5]],
        "Catalog lists ABC more than once.",
        id="duplicate-ticker",
    ),
    pytest.param(
        [["Ticker", "Net ER"], ["ABC", "cheap"]],
        "ABC net_expense_ratio: expected a number, got 'cheap'.",
        id="text-number",
    ),
    pytest.param(
        [["Ticker", "Net ER", "ER"], ["ABC", 0.1, 0.1]],
        "Catalog has duplicate columns: net_expense_ratio.",
        id="duplicate-column",
    ),
    pytest.param(
        [["Ticker", "Inception"], ["ABC", "someday"]],
        "Catalog row 2, Inception 'someday' is not a date I can read; write it as YYYY-MM-DD.",
        id="bad-date",
    ),
    pytest.param([["Ticker", "Gold"], [None, 1.0]], "Catalog has no funds.", id="no-funds"),
    pytest.param([["nope.csv"]], "Catalog file not found: nope.csv", id="missing-file"),
    pytest.param(
        [["Ticker"]],
        "Catalog range is one cell (text 'Ticker'): select the header row and at least one "
        "fund row, or give the path of a CSV or XLSX file.",
        id="one-cell",
    ),
    pytest.param(
        [["Ticker", "Gold"], ["ABC", SPILL]], "Catalog row 2, Gold: #SPILL!.", id="spill-code"
    ),
    pytest.param(
        [["Ticker", "Gold"], ["ABC", True]], "ABC Gold: expected a number, got True.", id="bool"
    ),
]


@pytest.mark.parametrize(("catalog", "message"), CATALOG_CASES)
def test_catalog_bad_inputs(catalog, message):
    assert udfs.EFFCAP_CATALOG(catalog) == "#EFFCAP: " + message


@pytest.mark.parametrize(("catalog", "message"), CATALOG_CASES)
def test_asset_classes_bad_inputs(catalog, message):
    assert udfs.EFFCAP_ASSET_CLASSES(catalog) == "#EFFCAP: " + message


def test_version_takes_no_input():
    # EFFCAP_VERSION has no arguments, so it has no bad inputs.
    assert udfs.EFFCAP_VERSION().startswith("efficap ")


def test_no_message_is_a_traceback_or_repr():
    outs = [udfs.EFFCAP_EXPOSURE(t, w) for t, w, _ in (p.values for p in WEIGHT_CASES)]
    for out in outs:
        assert out.startswith(outputs.ERROR_PREFIX)
        assert "Traceback" not in out and "<" not in out and "\n" not in out


# --------------------------------------------------------------------------- (c) right numbers


def test_notional_5_3_2_is_a_units_message_not_10():
    out = udfs.EFFCAP_NOTIONAL(["IVV", "AGG", "WTMF"], [5, 3, 2])
    assert out == (
        "#EFFCAP: Weight 1 (IVV) is 5 (500%): not plausible for a fund weight (-100% to 200%). "
        "Write a decimal or a percent, e.g. 24% or 0.24."
    )


def test_stats_risk_free_4_is_a_units_message_not_a_sharpe():
    out = udfs.EFFCAP_STATS(D, P, [0.6, 0.4], None, 4)
    assert out == (
        "#EFFCAP: risk_free is 4 (400%): not plausible for an annual risk-free rate (-2% to "
        "20%). Write a decimal or a percent, e.g. 4% or 0.04."
    )


@pytest.mark.parametrize(("code", "text"), [(SPILL, "#SPILL!"), (CALC, "#CALC!")])
def test_error_code_as_a_catalog_exposure_is_refused(code, text):
    sheet = [["Ticker", "U.S. Equities", "Gold"], ["GLDX", 0.5, code]]
    out = udfs.EFFCAP_NOTIONAL(["GLDX", "IVV"], [0.5, 0.5], sheet)
    assert out == f"#EFFCAP: Catalog row 2, Gold: {text}."
    assert udfs.EFFCAP_FUND("GLDX", "Gold", sheet) == f"#EFFCAP: Catalog row 2, Gold: {text}."


@pytest.mark.parametrize(("code", "text"), [(SPILL, "#SPILL!"), (CALC, "#CALC!")])
def test_error_code_as_a_weight_is_refused(code, text):
    assert udfs.EFFCAP_NOTIONAL(FUNDS, [0.24, 0.40, code, 0.20]) == (
        f"#EFFCAP: Weight 3 (AGG) is {text}."
    )
    assert udfs.EFFCAP_BLEND(D, P, [code, 0.4]) == f"#EFFCAP: Weight 1 (AAA) is {text}."
    table = [["", "AAA", "BBB"], ["Mix", 0.5, code]]
    assert udfs.EFFCAP_PERFORMANCE(D, P, table, D[-1]) == (
        f"#EFFCAP: Weights table: Mix, BBB is {text}."
    )


def test_decimal_weights_and_catalog_cells_are_numbers():
    """Cells formatted as Currency or Accounting arrive as Decimals."""
    weights = [Decimal("0.24"), Decimal("0.40"), Decimal("0.16"), Decimal("0.20")]
    assert udfs.EFFCAP_NOTIONAL(FUNDS, weights) == pytest.approx(1.2)
    assert udfs.EFFCAP_FEES(FUNDS, weights) == pytest.approx(0.00224, abs=1e-12)
    sheet = [["Ticker", "Net ER", "U.S. Equities"], ["ABCX", Decimal("0.0050"), Decimal("1.5")]]
    assert udfs.EFFCAP_NOTIONAL(["ABCX"], [1.0], sheet) == 1.5
    assert udfs.EFFCAP_FUND("ABCX", "net ER", sheet) == 0.005


def test_decimal_prices_are_prices():
    as_decimals = [SMALL_PRICES[0], *[[Decimal(str(v)) for v in r] for r in SMALL_PRICES[1:]]]
    floats = [SMALL_PRICES[0], *[[float(Decimal(str(v))) for v in r] for r in SMALL_PRICES[1:]]]
    out = udfs.EFFCAP_BLEND(SMALL_DATES, as_decimals, [0.6, 0.4])
    assert isinstance(out, list)
    assert out == udfs.EFFCAP_BLEND(SMALL_DATES, floats, [0.6, 0.4])
    got = udfs.EFFCAP_TRAILING(SMALL_DATES, as_decimals, [1.0, 0.0], SMALL_DATES[-1], "SI")
    assert got == pytest.approx(1.001**39 - 1, rel=1e-12)  # AAA: +0.1% a day for 39 days


def test_date_text_is_read_by_the_one_rule():
    as_of = SMALL_DATES[-1]  # 2024-12-26
    want = udfs.EFFCAP_TRAILING(D, P, [0.6, 0.4], as_of, "SI")
    assert udfs.EFFCAP_TRAILING(D, P, [0.6, 0.4], "26/12/2024", "SI") == want
    assert udfs.EFFCAP_TRAILING(D, P, [0.6, 0.4], "2024-12-26", "SI") == want
    assert udfs.EFFCAP_TRAILING(D, P, [0.6, 0.4], "12/06/2024", "SI") == (
        "#EFFCAP: As-of date '12/06/2024' is ambiguous (day/month or month/day?): write "
        "2024-06-12 or 2024-12-06."
    )
    texts = [f"{d:%d/%m/%Y}" for d in SMALL_DATES]  # most days <= 12 read two ways
    assert udfs.EFFCAP_BLEND(texts, P, [0.6, 0.4]) == (
        "#EFFCAP: Date 1 '01/11/2024' is ambiguous (day/month or month/day?): write "
        "2024-11-01 or 2024-01-11."
    )


def test_repeated_tickers_are_refused_everywhere_with_both_positions():
    assert udfs.EFFCAP_FEES(["IVV", "AGG", "ivv"], [0.3, 0.3, 0.4]) == (
        "#EFFCAP: IVV appears twice (tickers 1 and 3)."
    )
    assert udfs.EFFCAP_SOLVE(CLASSES, [0.6, 0.4, 0.2], column(["IVV", "NTSX", "AGG", "NTSX"])) == (
        "#EFFCAP: NTSX appears twice (tickers 2 and 4)."
    )
    table = [["", "AAA", "BBB", "aaa"], ["Mix", 0.5, 0.5, 0.0]]
    assert udfs.EFFCAP_PERFORMANCE(D, P, table, D[-1]) == (
        "#EFFCAP: Weights table header: AAA appears in columns 1 and 3."
    )
    prices = [[*r, r[0]] for r in P]
    prices[0][2] = "aaa"
    assert udfs.EFFCAP_BLEND(D, prices, [0.5, 0.5, 0.0]) == (
        "#EFFCAP: Prices header: AAA appears in columns 1 and 3."
    )


# Five closes of three funds that move differently, so a wrong column shows.
HEADER_DATES = [dt.datetime(2024, 11, d) for d in (4, 5, 6, 7, 8)]
HEADER_PRICES = [
    ["IVV", "NTSI", "NTSX"],
    [100.0, 50.0, 10.0],
    [101.0, 55.0, 9.0],
    [102.0, 50.0, 9.0],
    [103.0, 60.0, 9.0],
    [104.0, 66.0, 9.0],
]
NTSI_GROWTH = [1.0, 1.1, 1.0, 1.2, 1.32]  # 50 -> 55 -> 50 -> 60 -> 66, by hand


def _reordered(rows, order):
    return [[row[j] for j in order] for row in rows]


@pytest.mark.parametrize("order", [(0, 1, 2), (1, 0, 2), (2, 0, 1), (0, 2, 1)])
def test_price_columns_are_chosen_by_header_never_by_position(order):
    prices = _reordered(HEADER_PRICES, order)
    weights = [1.0 if prices[0][j] == "NTSI" else 0.0 for j in range(3)]
    blend_out = udfs.EFFCAP_BLEND(HEADER_DATES, prices, weights)
    assert [r[1] for r in blend_out] == pytest.approx(NTSI_GROWTH, rel=1e-15)
    trailing = udfs.EFFCAP_TRAILING(HEADER_DATES, prices, weights, HEADER_DATES[-1], "SI")
    assert trailing == pytest.approx(0.32, rel=1e-13)  # 66 / 50 - 1
    stats = dict(udfs.EFFCAP_STATS(HEADER_DATES, prices, weights))
    assert stats["Max Drawdown"] == pytest.approx(1.0 / 1.1 - 1.0, rel=1e-13)  # 55 -> 50
    assert stats["Best Month"] == stats["Worst Month"] == pytest.approx(0.32, rel=1e-13)
    # the weights table names its own tickers, in its own order
    table = [["Blend", "NTSX", "NTSI", "IVV"], ["International", 0.0, 1.0, 0.0]]
    perf = udfs.EFFCAP_PERFORMANCE(HEADER_DATES, prices, table, HEADER_DATES[-1])
    assert perf[0][-1] == "SI" and perf[1][0] == "International"
    assert perf[1][-1] == pytest.approx(0.32, rel=1e-13)


def test_a_blend_by_header_matches_the_same_blend_with_columns_moved():
    weights = {"IVV": 0.5, "NTSI": 0.3, "NTSX": 0.2}
    runs = []
    for order in [(0, 1, 2), (2, 1, 0), (1, 2, 0)]:
        prices = _reordered(HEADER_PRICES, order)
        w = [weights[t] for t in prices[0]]
        runs.append(
            (
                udfs.EFFCAP_BLEND(HEADER_DATES, prices, w, "daily"),
                udfs.EFFCAP_STATS(HEADER_DATES, prices, w, "daily"),
            )
        )
    for blend_out, stats in runs[1:]:
        assert [r[1] for r in blend_out] == pytest.approx([r[1] for r in runs[0][0]], rel=1e-14)
        assert [r[1] for r in stats] == pytest.approx([r[1] for r in runs[0][1]], rel=1e-12)


def test_stats_equity_none_means_no_correlation():
    """'none' (any case): n/a, where the default would correlate with a column named IVV
    (in a growth table, that may be a blend's)."""
    named = [["IVV", "BBB"], *P[1:]]
    out = udfs.EFFCAP_STATS(D, named, [0.0, 1.0], None, None, "None")
    default = udfs.EFFCAP_STATS(D, named, [0.0, 1.0])
    assert dict(map(tuple, out))["Correlation to equities"] == "n/a"
    assert isinstance(dict(map(tuple, default))["Correlation to equities"], float)
    assert [r for r in out if r[0] != "Correlation to equities"] == [
        r for r in default if r[0] != "Correlation to equities"
    ]
