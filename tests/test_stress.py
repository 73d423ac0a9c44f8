"""Tests for efficap.stress: stress periods and returns over them."""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_blend import quarterly_blend, window_return

from efficap.errors import EfficapError, UnknownTickerError, WeightsError
from efficap.prices import read_prices
from efficap.stress import PERIOD_COLUMNS, stress_detail, stress_periods, stress_table

NAN = math.nan

# --------------------------------------------------------------------------- tiny fixture
#
# Three funds over five closes in one quarter (so the default rule never
# rebalances: every blend is buy and hold). C starts a close later.
#
#   date        A    B    C
#   2020-01-02  100  50   -
#   2020-01-03  110  50   10
#   2020-01-06   99  55   12
#   2020-01-07  121  55    9
#   2020-01-08  132  44   10
#
# X = 50% A + 50% B from 01-02: g = 0.5 A/100 + 0.5 B/50
#   = 1, 1.05, 1.045, 1.155, 1.10
# Y = 50% A + 50% C from 01-03: g = 0.5 A/110 + 0.5 C/10
#   = 1, 1.05, 1.0, 1.1 (01-03 .. 01-08)
DATES = pd.DatetimeIndex(
    pd.to_datetime(["2020-01-02", "2020-01-03", "2020-01-06", "2020-01-07", "2020-01-08"]),
    name="Date",
)
TINY = pd.DataFrame(
    {
        "A": [100.0, 110, 99, 121, 132],
        "B": [50.0, 50, 55, 55, 44],
        "C": [NAN, 10.0, 12, 9, 10],
    },
    index=DATES,
)
BLENDS = {"X": {"A": 0.5, "B": 0.5}, "Y": {"A": 0.5, "C": 0.5}}
PERIODS = {
    # X: 1.155 / 1.05 - 1 = 0.1; Y: 1.0 / 1.0 - 1 = 0
    "P1": ("2020-01-03", "2020-01-07"),
    # Saturday start: last close on or before it is 01-03.
    # X: 1.10 / 1.05 - 1 = 1/21; Y: 1.1 / 1 - 1 = 0.1
    "weekend start": ("2020-01-04", "2020-01-08"),
    # Linked, not restarted: X 1.10 / 1.045 - 1 = 1/19 (a fresh start at 50/50
    # on 01-06 would give 0.5 * 132/99 + 0.5 * 44/55 - 1 = 1/15).
    # Y: 1.1 / 1.05 - 1 = 1/21
    "linked": ("2020-01-06", "2020-01-08"),
    # Starts before X's first close (and Y's): n/a.
    "early": ("2020-01-01", "2020-01-06"),
    # Ends after the last close: n/a.
    "late": ("2020-01-06", "2020-01-09"),
}
EXPECTED = pd.DataFrame(
    {
        "P1": [0.1, 0.0],
        "weekend start": [1 / 21, 0.1],
        "linked": [1 / 19, 1 / 21],
        "early": [NAN, NAN],
        "late": [NAN, NAN],
    },
    index=pd.Index(["X", "Y"], name="Blend"),
)


def test_hand_checked_table() -> None:
    table = stress_table(TINY, BLENDS, PERIODS)
    pd.testing.assert_frame_equal(table, EXPECTED, check_names=False, atol=1e-12, rtol=0)
    assert table.index.name == "Blend"
    assert table.columns.name == "Period"


def test_y_starts_at_its_own_first_close() -> None:
    # Y's history begins 01-03 (C's first close): a period from 01-02 is n/a
    # for Y but covered for X (1.155 / 1 - 1).
    table = stress_table(TINY, BLENDS, {"from 01-02": ("2020-01-02", "2020-01-07")})
    assert table.loc["X", "from 01-02"] == pytest.approx(0.155, abs=1e-12)
    assert math.isnan(table.loc["Y", "from 01-02"])


def test_fund_rows() -> None:
    table = stress_table(TINY, BLENDS, PERIODS, funds=True)
    assert list(table.index) == ["X", "Y", "A", "B", "C"]
    # A: 121/110 - 1; B: 55/50 - 1; C: 9/10 - 1 over P1.
    assert table.loc[["A", "B", "C"], "P1"].tolist() == pytest.approx([0.1, 0.1, -0.1], abs=1e-12)
    # C's first close is 01-03: "early" is n/a for it, A and B also start after 01-01.
    assert table.loc[["A", "B", "C"], "early"].isna().all()
    listed = stress_table(TINY, BLENDS, PERIODS, funds=["c", " a "])
    assert list(listed.index) == ["X", "Y", "C", "A"]
    assert listed.loc["C", "linked"] == pytest.approx(10 / 12 - 1, abs=1e-12)


def test_rebalance_rule_is_used() -> None:
    # Daily rebalancing of X multiplies 0.5 A_t/A_{t-1} + 0.5 B_t/B_{t-1} each day.
    # 01-03 -> 01-06: 0.5 * 99/110 + 0.5 * 55/50 = 1.0; 01-06 -> 01-07:
    # 0.5 * 121/99 + 0.5 * 55/55 = 10/9; so 1/9 over P1, not buy and hold's 0.1.
    daily = stress_table(TINY, {"X": BLENDS["X"]}, {"p": ("2020-01-03", "2020-01-07")}, "daily")
    assert daily.iloc[0, 0] == pytest.approx(1 / 9, abs=1e-12)


def test_detail_names_the_closes_used() -> None:
    detail = stress_detail(TINY, BLENDS, PERIODS)
    assert list(detail.columns) == [
        "blend",
        "period",
        "start",
        "end",
        "start_close",
        "end_close",
        "return",
    ]
    assert len(detail) == 2 * len(PERIODS)
    row = detail[(detail["blend"] == "X") & (detail["period"] == "weekend start")].iloc[0]
    assert row["start"] == pd.Timestamp("2020-01-04")
    assert row["start_close"] == pd.Timestamp("2020-01-03")
    assert row["end_close"] == pd.Timestamp("2020-01-08")
    assert row["return"] == pytest.approx(1 / 21, abs=1e-12)
    early = detail[(detail["blend"] == "Y") & (detail["period"] == "early")].iloc[0]
    assert pd.isna(early["start_close"]) and pd.isna(early["end_close"])
    assert math.isnan(early["return"])
    wide = stress_table(TINY, BLENDS, PERIODS).stack(future_stack=True)
    assert detail["return"].to_numpy() == pytest.approx(wide.to_numpy(), nan_ok=True)


# --------------------------------------------------------------------------- periods


def test_builtin_periods() -> None:
    table = stress_periods()
    assert list(table.columns) == list(PERIOD_COLUMNS)
    assert list(table["name"]) == [
        "GFC",
        "2011 debt-ceiling/euro crisis",
        "Q4 2018",
        "Covid crash",
        "2022 rates shock",
        "2025 tariff sell-off",
    ]
    assert table.loc[0, "start"] == pd.Timestamp("2007-10-09")
    assert table.loc[0, "end"] == pd.Timestamp("2009-03-09")
    assert table.loc[5, "end"] == pd.Timestamp("2025-04-08")
    assert (table["start"] < table["end"]).all()
    assert table["source"].str.contains("S&P Dow Jones Indices daily closes").all()
    assert "closing high 1565.15 on 2007-10-09" in table.loc[0, "source"]
    assert "closing low 676.53 on 2009-03-09" in table.loc[0, "source"]


def test_select_builtin_by_name() -> None:
    table = stress_periods(["covid CRASH", "GFC"])
    assert list(table["name"]) == ["Covid crash", "GFC"]
    assert table.loc[0, "start"] == pd.Timestamp("2020-02-19")


def test_user_periods_every_form(tmp_path: Path) -> None:
    mapping = {"Covid": ("2020-02-19", dt.date(2020, 3, 23))}
    frame = pd.DataFrame({"Name": ["Covid"], "Start": ["2020-02-19"], "End": ["2020-03-23"]})
    path = tmp_path / "periods.csv"
    path.write_text("\ufeffname,start,end,source\nCovid,2020-02-19,2020-03-23,my note\n\n")
    for given_ in (mapping, frame, path, str(path)):
        table = stress_periods(given_)
        assert table.loc[0, "name"] == "Covid"
        assert table.loc[0, "start"] == pd.Timestamp("2020-02-19")
        assert table.loc[0, "end"] == pd.Timestamp("2020-03-23")
    assert stress_periods(path).loc[0, "source"] == "my note"
    assert stress_periods(mapping).loc[0, "source"] == ""
    excel_like = stress_periods({"x": (dt.datetime(2020, 2, 19), "2020-03-23 00:00:00")})
    assert excel_like.loc[0, "end"] == pd.Timestamp("2020-03-23")


BAD_PERIODS = [
    (
        {"X": ("2020-03-23", "2020-02-19")},
        "Stress period 'X' starts 2020-03-23, not before its end 2020-02-19; put the start first.",
    ),
    (
        {"X": ("2020-02-19", "2020-02-19")},
        "Stress period 'X' starts 2020-02-19, not before its end 2020-02-19; put the start first.",
    ),
    (
        {"X": ("03/04/2020", "2020-05-01")},
        "Stress period 'X': start '03/04/2020' is ambiguous (day/month or month/day?): "
        "write 2020-04-03 or 2020-03-04.",
    ),
    (
        {"X": ("2020-02-19", "2020-02-30")},
        "Stress period 'X': end '2020-02-30' is not a real date.",
    ),
    (
        {"X": (43880, "2020-03-23")},
        "Stress period 'X': start 43880 is a number, not a date; write it as YYYY-MM-DD.",
    ),
    (
        {"X": "2020-02-19"},
        "Stress period 'X' must be a (start, end) pair, e.g. ('2020-02-19', '2020-03-23').",
    ),
    (
        {" ": ("2020-02-19", "2020-03-23")},
        "Stress period 1 has no name (got ' '); name every period.",
    ),
    (
        pd.DataFrame(
            {"name": ["GFC", "gfc "], "start": ["2007-10-09"] * 2, "end": ["2009-03-09"] * 2}
        ),
        "Stress period name 'gfc' appears twice; give each period its own name.",
    ),
    (
        pd.DataFrame({"name": ["GFC"], "begin": ["2007-10-09"], "end": ["2009-03-09"]}),
        "Stress periods need columns name, start, end; got name, begin, end.",
    ),
    (
        {},
        "No stress periods given: pass name -> (start, end), "
        "a table with name, start, end columns, or a CSV path.",
    ),
    (
        42,
        "Stress periods: got int; pass name -> (start, end), "
        "a table with name, start, end columns, or a CSV path.",
    ),
    (
        ["GFC", "Dotcom"],
        "Unknown stress period 'Dotcom'; built-in: GFC, 2011 debt-ceiling/euro crisis, "
        "Q4 2018, Covid crash, 2022 rates shock, 2025 tariff sell-off.",
    ),
    ("no/such/periods.csv", "Stress periods file 'no/such/periods.csv' not found."),
    (
        ["a name that is far too long to show whole"],
        "Unknown stress period 'a name that is f...; built-in: GFC, 2011 debt-ceiling/euro "
        "crisis, Q4 2018, Covid crash, 2022 rates shock, 2025 tariff sell-off.",
    ),
    (
        {"a name that is far too long to show whole in a message": ("2020-03-23", "2020-02-19")},
        "Stress period 'a name that is far too long to show ... starts 2020-03-23, "
        "not before its end 2020-02-19; put the start first.",
    ),
]


@pytest.mark.parametrize(("periods", "message"), BAD_PERIODS)
def test_bad_periods(periods: object, message: str) -> None:
    assert len(message) < 160
    with pytest.raises(EfficapError, match=f"^{re.escape(message)}$"):
        stress_periods(periods)  # type: ignore[arg-type]
    with pytest.raises(EfficapError, match=f"^{re.escape(message)}$"):
        stress_table(TINY, BLENDS, periods)  # type: ignore[arg-type]


def test_bad_csv_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("\n")
    with pytest.raises(EfficapError, match=r"^Stress periods file 'empty.csv' is empty; pass "):
        stress_periods(empty)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("name,start,end\nCrise \xe9t\xe9,2020-02-19,2020-03-23\n".encode("latin-1"))
    with pytest.raises(
        EfficapError, match=r"^Stress periods file 'latin.csv' is not UTF-8 CSV text\.$"
    ):
        stress_periods(latin)
    swapped = tmp_path / "swapped.csv"
    swapped.write_text("name,start,end\nX,2020-03-23,2020-02-19\n")
    with pytest.raises(EfficapError, match=r"^Stress period 'X' starts 2020-03-23, not before"):
        stress_periods(swapped)


BAD_BLENDS = [
    ({}, {}, EfficapError, "No blends given: pass a mapping of name -> weights."),
    (
        {"Bad": {"A": 0.5, "B": 0.4}},
        {},
        WeightsError,
        "Bad: Weights sum to 90%, not 100% (allowed gap 0.0001%).",
    ),
    ({"Z": {"ZZZ": 1.0}}, {}, UnknownTickerError, "Z: No prices for ZZZ (available: A, B, C)."),
    (BLENDS, {"funds": ["ZZZ"]}, UnknownTickerError, "No prices for ZZZ (available: A, B, C)."),
    (
        {"X": BLENDS["X"], "x ": BLENDS["X"]},
        {},
        EfficapError,
        "Blend name 'x' appears twice; name each blend once.",
    ),
    (
        {"A": {"A": 1.0}},
        {"funds": True},
        EfficapError,
        "Fund row A has a blend's name; rename the blend.",
    ),
    (
        BLENDS,
        {"funds": "yes"},
        EfficapError,
        "funds must be True, False or a list of tickers, got 'yes'.",
    ),
    (
        BLENDS,
        {"rebalance": "weekly"},
        EfficapError,
        "Unknown rebalancing rule 'weekly'. "
        "Use one of: none, daily, monthly, quarterly, annual, threshold:0.05.",
    ),
]


@pytest.mark.parametrize(("blends", "options", "error", "message"), BAD_BLENDS)
def test_bad_blends_and_funds(
    blends: dict, options: dict, error: type[Exception], message: str
) -> None:
    assert len(message) < 160
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        stress_table(TINY, blends, PERIODS, **options)
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        stress_detail(TINY, blends, PERIODS, **options)


# --------------------------------------------------------------------------- properties


@st.composite
def one_fund_and_period(draw: st.DrawFn) -> tuple[pd.Series, str, str]:
    n = draw(st.integers(2, 40))
    steps = draw(st.lists(st.floats(-0.2, 0.2), min_size=n - 1, max_size=n - 1))
    level = 100 * np.cumprod(np.r_[1.0, 1.0 + np.asarray(steps)])
    dates = pd.bdate_range("2019-12-20", periods=n, name="Date")
    span = pd.date_range(dates[0] - pd.Timedelta(days=5), dates[-1] + pd.Timedelta(days=5))
    i = draw(st.integers(0, len(span) - 2))
    j = draw(st.integers(i + 1, len(span) - 1))
    return pd.Series(level, index=dates), f"{span[i]:%Y-%m-%d}", f"{span[j]:%Y-%m-%d}"


@settings(max_examples=80, deadline=None)
@given(one_fund_and_period(), st.sampled_from(["quarterly", "daily", "none", "monthly"]))
def test_one_fund_blend_is_its_price_ratio(case: tuple[pd.Series, str, str], rule: str) -> None:
    level, start, end = case
    prices = pd.DataFrame({"F": level})
    got = stress_table(prices, {"all F": {"F": 1.0}}, {"p": (start, end)}, rule).iloc[0, 0]
    if pd.Timestamp(start) < level.index[0] or pd.Timestamp(end) > level.index[-1]:
        assert math.isnan(got)
    else:
        expected = level.loc[:end].iloc[-1] / level.loc[:start].iloc[-1] - 1
        assert got == pytest.approx(expected, rel=1e-12, abs=1e-12)


# --------------------------------------------------------------------------- real prices

SIXTY_FORTY = {"IVV": 0.6, "AGG": 0.4}
EFFICIENT = {"IVV": 0.24, "NTSX": 0.40, "AGG": 0.16, "WTMF": 0.20}


def test_sixty_forty_matches_an_independent_loop(
    real_prices: pd.DataFrame, shared_prices_dir: Path
) -> None:
    dates, values = quarterly_blend(shared_prices_dir, SIXTY_FORTY)
    table = stress_table(
        real_prices, {"60/40": SIXTY_FORTY}, ["GFC", "Covid crash"], rebalance="quarterly"
    )
    gfc = window_return(dates, values, "2007-10-09", "2009-03-09")
    covid = window_return(dates, values, "2020-02-19", "2020-03-23")
    assert table.loc["60/40", "GFC"] == pytest.approx(gfc, abs=0.0005)
    assert table.loc["60/40", "Covid crash"] == pytest.approx(covid, abs=0.0005)
    assert -0.40 < gfc < -0.30  # a 60/40 lost about a third in the GFC


def test_period_before_history_is_nan(real_prices: pd.DataFrame) -> None:
    table = stress_table(real_prices, {"Efficient": EFFICIENT, "60/40": SIXTY_FORTY}, funds=True)
    # NTSX starts 2018-08-02, WTMF 2011-01-05: the GFC and 2011 are n/a for the efficient blend.
    assert table.loc["Efficient", ["GFC", "2011 debt-ceiling/euro crisis"]].isna().all()
    assert table.loc["Efficient", ["Q4 2018", "Covid crash", "2022 rates shock"]].notna().all()
    assert math.isnan(table.loc["WTMF", "GFC"])
    assert not math.isnan(table.loc["60/40", "GFC"])
    assert table.loc["IVV", "Covid crash"] == pytest.approx(
        real_prices["IVV"]["2020-03-23"] / real_prices["IVV"]["2020-02-19"] - 1, abs=1e-12
    )


def test_builtin_periods_are_spy_peaks_and_troughs(shared_prices_dir: Path) -> None:
    """Each period runs from SPY's highest to its lowest total-return close within it,
    and SPY's total return is the index's price change plus a little dividend income."""
    spy = read_prices(shared_prices_dir, ["SPY"])["SPY"]
    table = stress_periods()
    returns = stress_table(spy.to_frame(), {"SPY": {"SPY": 1.0}}).iloc[0]
    for _, period in table.iterrows():
        window = spy.loc[period["start"] : period["end"]]
        assert window.idxmax() == period["start"], period["name"]
        assert window.idxmin() == period["end"], period["name"]
        high, low = (float(x) for x in re.findall(r"\d+\.\d\d", period["source"]))
        index_return = low / high - 1
        assert index_return < returns[period["name"]] < index_return + 0.025, period["name"]
