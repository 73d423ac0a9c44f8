"""Tests for efficap.history: drawdown episodes and calendar-year returns."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_blend import calendar_year, quarterly_blend

from efficap.blend import blend_growth
from efficap.errors import EfficapError, PriceDataError, WeightsError
from efficap.history import (
    DRAWDOWN_COLUMNS,
    CalendarYears,
    calendar_years,
    drawdown_table,
    drawdowns,
    growth_table,
)
from efficap.market_calendar import is_trading_day
from efficap.risk import risk_stats
from efficap.stats import calendar_year_returns, max_drawdown

NAN = math.nan
NAT = pd.NaT

# --------------------------------------------------------------------------- drawdowns
#
#   pos  date        g
#   0    2020-01-01  1.0
#   1    2020-01-02  2.0   peak of episode B
#   2    2020-01-03  1.5   trough of B: 1.5/2 - 1 = -0.25
#   3    2020-01-06  1.8
#   4    2020-01-07  2.0   back at the peak: B recovers (3 closes after its peak)
#   5    2020-01-08  2.5   peak of episode A
#   6    2020-01-09  2.0
#   7    2020-01-10  1.0   trough of A: 1/2.5 - 1 = -0.6
#   8    2020-01-13  1.5
#   9    2020-01-14  3.0   A recovers (4 closes after its peak); peak of C
#   10   2020-01-15  2.9   trough of C: 2.9/3 - 1 = -1/30, not recovered (1 close)
GROWTH = pd.Series(
    [1.0, 2.0, 1.5, 1.8, 2.0, 2.5, 2.0, 1.0, 1.5, 3.0, 2.9],
    index=pd.bdate_range("2020-01-01", periods=11, name="Date"),
)
EPISODES = pd.DataFrame(
    {
        "depth": [-0.6, -0.25, -1 / 30],
        "peak": pd.to_datetime(["2020-01-08", "2020-01-02", "2020-01-14"]).as_unit("ns"),
        "trough": pd.to_datetime(["2020-01-10", "2020-01-03", "2020-01-15"]).as_unit("ns"),
        "recovery": pd.to_datetime(["2020-01-14", "2020-01-07", NAT]).as_unit("ns"),
        "not_recovered": [False, False, True],
        "trading_days": [4, 3, 1],
        "trading_days_to_trough": [2, 1, 1],
    },
    index=pd.RangeIndex(1, 4, name="rank"),
)


def test_drawdowns_hand_checked() -> None:
    got = drawdowns(GROWTH, top=None)
    assert list(got.columns) == list(DRAWDOWN_COLUMNS)
    pd.testing.assert_frame_equal(got, EPISODES, check_dtype=False, atol=1e-12, rtol=0)
    pd.testing.assert_frame_equal(drawdowns(GROWTH), EPISODES, check_dtype=False)  # top=5
    pd.testing.assert_frame_equal(drawdowns(GROWTH, 2), EPISODES.iloc[:2], check_dtype=False)


def test_drawdowns_ties() -> None:
    # Two -50% episodes: the earlier ranks first. Within one episode two equal
    # lows: the trough is the earlier one.
    g = pd.Series(
        [2.0, 1.0, 1.5, 1.0, 2.0, 1.0, 2.5],
        index=pd.bdate_range("2021-03-01", periods=7, name="Date"),
    )
    got = drawdowns(g)
    assert got["depth"].tolist() == [-0.5, -0.5]
    assert got["peak"].tolist() == [pd.Timestamp("2021-03-01"), pd.Timestamp("2021-03-05")]
    assert got["trough"].tolist() == [pd.Timestamp("2021-03-02"), pd.Timestamp("2021-03-08")]
    assert got["trading_days"].tolist() == [4, 2]


def test_drawdowns_none_when_never_falling() -> None:
    rising = pd.Series([1.0, 1.0, 1.2], index=pd.bdate_range("2020-01-01", periods=3))
    got = drawdowns(rising)
    assert got.empty
    assert list(got.columns) == list(DRAWDOWN_COLUMNS)
    assert drawdowns(rising.iloc[:1]).empty


BAD_GROWTH = [
    ([1.0, 0.9], None, PriceDataError, "drawdowns needs a growth Series indexed by date."),
    (
        pd.Series([1.0, 0.9], index=pd.to_datetime(["2020-01-02", "2020-01-01"])),
        5,
        PriceDataError,
        "drawdowns: dates must be ascending and unique.",
    ),
    (
        pd.Series([1.0, -0.5], index=pd.to_datetime(["2020-01-01", "2020-01-02"])),
        5,
        PriceDataError,
        "drawdowns: growth must be positive numbers; not so on 2020-01-02.",
    ),
    (
        pd.Series([1.0, NAN], index=pd.to_datetime(["2020-01-01", "2020-01-02"])),
        5,
        PriceDataError,
        "drawdowns: growth must be positive numbers; not so on 2020-01-02.",
    ),
    (
        pd.Series([], index=pd.DatetimeIndex([]), dtype=float),
        5,
        PriceDataError,
        "drawdowns: growth is empty.",
    ),
    (GROWTH, 0, EfficapError, "top must be a whole number of episodes, 1 or more; got 0."),
    (GROWTH, 2.5, EfficapError, "top must be a whole number of episodes, 1 or more; got 2.5."),
    (GROWTH, True, EfficapError, "top must be a whole number of episodes, 1 or more; got True."),
]


@pytest.mark.parametrize(("growth", "top", "error", "message"), BAD_GROWTH)
def test_drawdowns_bad_input(growth: object, top: object, error: type, message: str) -> None:
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        drawdowns(growth, top)  # type: ignore[arg-type]


@st.composite
def growth_series(draw: st.DrawFn) -> pd.Series:
    n = draw(st.integers(1, 120))
    steps = draw(
        st.lists(st.one_of(st.just(0.0), st.floats(-0.3, 0.3)), min_size=n - 1, max_size=n - 1)
    )
    level = np.cumprod(np.r_[1.0, 1.0 + np.asarray(steps)])
    return pd.Series(level, index=pd.bdate_range("2015-06-01", periods=n, name="Date"))


@settings(max_examples=150, deadline=None)
@given(growth_series())
def test_drawdown_properties(g: pd.Series) -> None:
    got = drawdowns(g, top=None)
    values = g.to_numpy()
    stamps = list(g.index)
    assert ((got["depth"] >= -1) & (got["depth"] < 0)).all()
    assert got["depth"].is_monotonic_increasing  # deepest first
    # The deepest episode is the series' maximum drawdown.
    assert (got["depth"].iloc[0] if len(got) else 0.0) == pytest.approx(
        max_drawdown(values), abs=1e-12
    )
    # Episodes do not overlap: sorted by peak, each starts at or after the
    # previous one's recovery, and only the last can be unrecovered.
    spans = got.sort_values("peak")
    ends = spans["recovery"].fillna(g.index[-1])
    assert (spans["peak"].iloc[1:].to_numpy() >= ends.iloc[:-1].to_numpy()).all()
    assert spans["not_recovered"].iloc[:-1].sum() == 0
    for _, row in got.iterrows():
        p, t = stamps.index(row["peak"]), stamps.index(row["trough"])
        end = len(values) - 1 if row["not_recovered"] else stamps.index(row["recovery"])
        assert row["depth"] == pytest.approx(values[t] / values[p] - 1, abs=1e-12)
        assert values[p] == values[: p + 1].max()
        assert (values[p + 1 : end] < values[p]).all()  # below the peak in between
        if row["not_recovered"]:
            assert values[end] < values[p]
        else:
            assert values[end] >= values[p]
        assert values[t] == values[p : end + 1].min()
        # NYSE sessions after the peak: the closes in between less the holidays among
        # these weekday closes (bdate_range keeps NYSE holidays).
        holidays = [d for d in stamps if not is_trading_day(d)]
        assert row["trading_days"] == end - p - sum(stamps[p] < d <= stamps[end] for d in holidays)
        assert row["trading_days_to_trough"] == t - p - sum(
            stamps[p] < d <= stamps[t] for d in holidays
        )


def test_drawdown_length_counts_nyse_sessions_not_closes() -> None:
    """A fund's missing closes do not shorten an episode: DBMF-like gaps count.

    Peak Fri 2024-12-20, trough Tue 2024-12-31, recovery Fri 2025-01-03, with the
    closes of 12-23, 12-24 and 12-26 missing: NYSE sessions after the peak up to the
    recovery are 12-23, 24, 26, 27, 30, 31, 01-02 and 01-03 = 8 (25 Dec and 1 Jan
    closed; 2025-01-09, the national day of mourning, is later); the series has 4 closes
    after the peak.
    """
    days = pd.to_datetime(["2024-12-20", "2024-12-27", "2024-12-30", "2024-12-31", "2025-01-03"])
    growth = pd.Series([1.0, 0.95, 0.9, 0.85, 1.01], index=days)
    (row,) = drawdowns(growth).to_dict("records")
    assert row["trading_days"] == 8
    assert row["trading_days_to_trough"] == 6  # 23, 24, 26, 27, 30, 31


# --------------------------------------------------------------------------- calendar years
#
# Two funds and C (from 2019-12-31). Every close here is the last of its
# quarter in the data (the next close is in a later quarter), so quarterly
# rebalancing resets the 50/50 blend at every close after the first.
#
#   date        A      B      C     50/50 step                   g
#   2019-12-30  100    100    -                                  1
#   2019-12-31  110    100    10    0.5*1.1 + 0.5*1.0 = 1.05     1.05
#   2020-03-31   99    110    11    0.5*0.9 + 0.5*1.1 = 1.00     1.05
#   2020-06-30   99     99    12    0.5*1.0 + 0.5*0.9 = 0.95     0.9975
#   2020-12-31  118.8   99    12.5  0.5*1.2 + 0.5*1.0 = 1.10     1.09725
#   2021-01-04  118.8  108.9  12.5  0.5*1.0 + 0.5*1.1 = 1.05     1.1521125
#   2021-06-30  118.8  108.9  13    1                            1.1521125
#
# 50/50: 2019 = 0.05 (partial: from the first close), 2020 = 1.09725/1.05 - 1
# = 0.045, 2021 = 0.05 (partial: data end before the year's last weekday).
# A: 2019 = 0.1 (partial), 2020 = 118.8/110 - 1 = 0.08, 2021 = 0 (partial).
# C: 2019 has only C's first close, so no return (NaN); 2020 = 12.5/10 - 1 =
# 0.25 (a whole year: from 2019's last close); 2021 = 13/12.5 - 1 (partial).
YEARS_PRICES = pd.DataFrame(
    {
        "A": [100.0, 110, 99, 99, 118.8, 118.8, 118.8],
        "B": [100.0, 100, 110, 99, 99, 108.9, 108.9],
        "C": [NAN, 10.0, 11, 12, 12.5, 12.5, 13],
    },
    index=pd.DatetimeIndex(
        pd.to_datetime(
            [
                "2019-12-30",
                "2019-12-31",
                "2020-03-31",
                "2020-06-30",
                "2020-12-31",
                "2021-01-04",
                "2021-06-30",
            ]
        ),
        name="Date",
    ),
)
YEAR_BLENDS = {"50/50": {"A": 0.5, "B": 0.5}, "A": {"A": 1.0}, "C": {"C": 1.0}}


def test_calendar_years_hand_checked() -> None:
    got = calendar_years(YEARS_PRICES, YEAR_BLENDS, rebalance="quarterly")
    assert isinstance(got, CalendarYears)
    expected = pd.DataFrame(
        {2019: [0.05, 0.1, NAN], 2020: [0.045, 0.08, 0.25], 2021: [0.05, 0.0, 13 / 12.5 - 1]},
        index=pd.Index(list(YEAR_BLENDS), name="Blend"),
    )
    pd.testing.assert_frame_equal(
        got.returns, expected, check_names=False, check_column_type=False, atol=1e-12, rtol=0
    )
    partial = pd.DataFrame(
        {2019: [True, True, False], 2020: [False] * 3, 2021: [True] * 3},
        index=expected.index,
    )
    pd.testing.assert_frame_equal(got.partial, partial, check_names=False, check_column_type=False)
    assert got.returns.index.name == got.partial.index.name == "Blend"
    assert list(got.returns.columns) == [2019, 2020, 2021]
    assert all(isinstance(y, (int, np.integer)) for y in got.returns.columns)


def test_last_year_complete_on_its_last_weekday() -> None:
    # 2022-12-31 was a Saturday: data ending Friday 12-30 complete the year,
    # data ending Thursday 12-29 do not.
    days = pd.bdate_range("2022-12-01", "2022-12-30", name="Date")
    prices = pd.DataFrame({"A": np.linspace(100, 110, len(days))}, index=days)
    whole = calendar_years(prices, {"A": {"A": 1.0}})
    assert whole.partial.loc["A", 2022]  # the first year is partial anyway
    two_years = pd.concat(
        [pd.DataFrame({"A": [90.0]}, index=pd.DatetimeIndex(["2021-12-31"], name="Date")), prices]
    )
    complete = calendar_years(two_years, {"A": {"A": 1.0}})
    assert not complete.partial.loc["A", 2022]
    assert complete.returns.loc["A", 2022] == pytest.approx(110 / 90 - 1, abs=1e-12)
    cut = calendar_years(two_years.iloc[:-1], {"A": {"A": 1.0}})
    assert cut.partial.loc["A", 2022]


@st.composite
def prices_across_years(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(2, 900))
    start = draw(st.dates(pd.Timestamp("2000-01-01").date(), pd.Timestamp("2020-12-31").date()))
    steps = draw(st.lists(st.floats(-0.05, 0.05), min_size=2 * (n - 1), max_size=2 * (n - 1)))
    r = 1.0 + np.asarray(steps).reshape(n - 1, 2)
    level = 100 * np.cumprod(np.vstack([np.ones(2), r]), axis=0)
    index = pd.bdate_range(pd.Timestamp(start), periods=n, name="Date")
    return pd.DataFrame(level, index=index, columns=["A", "B"])


@settings(max_examples=60, deadline=None)
@given(prices_across_years(), st.sampled_from(["quarterly", "annual", "none", "monthly"]))
def test_calendar_years_compound_to_the_total(prices: pd.DataFrame, rule: str) -> None:
    weights = {"A": 0.7, "B": 0.3}
    got = calendar_years(prices, {"x": weights}, rule)
    growth = blend_growth(prices, weights, rule)
    row = got.returns.loc["x"]
    assert np.prod(1 + row.dropna()) == pytest.approx(growth.iloc[-1], rel=1e-10)
    # The same numbers as performance.calendar_year_returns of the blend's path
    # (which gives a 0 for a first year holding a single close, n/a here).
    same = calendar_year_returns(growth)
    if len(growth.loc[str(growth.index[0].year)]) == 1:
        same = same.iloc[1:]
    assert row.dropna().to_numpy() == pytest.approx(same.to_numpy(), rel=1e-12, abs=1e-15)
    years = sorted(set(prices.index.year))
    # The columns are the years with a return (a first year holding only the first
    # close has none, and no column when no blend has one).
    assert list(got.returns.columns) == [y for y in years if pd.notna(row.get(y, np.nan))]
    assert not got.partial.to_numpy()[got.returns.isna().to_numpy()].any()
    if row.notna().any():
        assert got.partial.loc["x", row.first_valid_index()]


def test_calendar_bad_input() -> None:
    with pytest.raises(
        WeightsError, match=r"^50/50: Weights sum to 90%, not 100% \(allowed gap 0\.0001%\)\.$"
    ):
        calendar_years(YEARS_PRICES, {"50/50": {"A": 0.5, "B": 0.4}})
    with pytest.raises(
        EfficapError, match=r"^No blends given: pass a mapping of name -> weights\.$"
    ):
        calendar_years(YEARS_PRICES, {})


def test_drawdown_table_long_form() -> None:
    prices = pd.DataFrame({"G": GROWTH.to_numpy()}, index=GROWTH.index)
    got = drawdown_table(prices, {"g": {"G": 1.0}, "g again": {"G": 1.0}}, top=2)
    assert list(got.columns) == ["blend", "rank", *DRAWDOWN_COLUMNS]
    assert got["blend"].tolist() == ["g", "g", "g again", "g again"]
    assert got["rank"].tolist() == [1, 2, 1, 2]
    assert got["depth"].tolist() == pytest.approx([-0.6, -0.25, -0.6, -0.25])
    with pytest.raises(EfficapError, match=r"^top must be a whole number"):
        drawdown_table(prices, {"g": {"G": 1.0}}, top=-1)


# --------------------------------------------------------------------------- real prices

SIXTY_FORTY = {"IVV": 0.6, "AGG": 0.4}
EFFICIENT = {"IVV": 0.24, "NTSX": 0.40, "AGG": 0.16, "WTMF": 0.20}


def test_sixty_forty_years_match_an_independent_loop(
    real_prices: pd.DataFrame, shared_prices_dir: Path
) -> None:
    dates, values = quarterly_blend(shared_prices_dir, SIXTY_FORTY)
    got = calendar_years(real_prices, {"60/40": SIXTY_FORTY}, rebalance="quarterly")
    for year in (2008, 2022):
        assert got.returns.loc["60/40", year] == pytest.approx(
            calendar_year(dates, values, year), abs=0.0005
        )
        assert not got.partial.loc["60/40", year]
    assert got.returns.loc["60/40", 2008] < -0.15  # a 60/40 lost about a fifth in 2008


def test_real_partial_years_and_history(real_prices: pd.DataFrame) -> None:
    got = calendar_years(real_prices, {"60/40": SIXTY_FORTY, "Efficient": EFFICIENT})
    last = real_prices.index[-1]  # 2026-08-03 in the shared data: mid-year
    assert got.partial.loc["60/40", 2003]  # AGG's first close is 2003-09-29
    assert got.partial.loc["60/40", last.year]
    assert not got.partial.loc["60/40", 2004 : last.year - 1].any()
    assert got.returns.loc["Efficient", :2017].isna().all()  # NTSX starts 2018-08-02
    assert got.partial.loc["Efficient", 2018]


def test_real_deepest_drawdown_is_the_max_drawdown(real_prices: pd.DataFrame) -> None:
    table = drawdown_table(real_prices, {"60/40": SIXTY_FORTY}, top=3, rebalance="quarterly")
    deepest = table.iloc[0]
    stats = risk_stats(real_prices, SIXTY_FORTY, "quarterly")
    assert deepest["depth"] == pytest.approx(stats["Max Drawdown"], abs=1e-12)
    assert deepest["peak"] == pd.Timestamp("2007-10-09")
    assert deepest["trough"] == pd.Timestamp("2009-03-09")
    assert not deepest["not_recovered"]
    assert table["depth"].is_monotonic_increasing


# --------------------------------------------------------------------------- growth table
#
#   date        A     B      "A only"  "Half" (50/50, B from 2024-01-03)
#   2024-01-02  100   -      1.0       -
#   2024-01-03  110   50     1.1       1.0
#   2024-01-04  121   -      1.21      -      (B has no close: the blend neither)
#   2024-01-05  99    55     0.99      0.5 x 99/110 + 0.5 x 55/50 = 1.0


def test_growth_table_hand_checked() -> None:
    index = pd.DatetimeIndex(["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"], name="Date")
    prices = pd.DataFrame(
        {"A": [100.0, 110.0, 121.0, 99.0], "B": [NAN, 50.0, NAN, 55.0]}, index=index
    )
    table = growth_table(prices, {"A only": {"A": 1.0}, "Half": {"A": 0.5, "B": 0.5}})
    assert list(table.columns) == ["A only", "Half"] and table.index.name == "Date"
    assert table["A only"].tolist() == pytest.approx([1.0, 1.1, 1.21, 0.99])
    half = table["Half"].tolist()
    assert math.isnan(half[0]) and math.isnan(half[2])
    assert [half[1], half[3]] == pytest.approx([1.0, 1.0])
    with_a = growth_table(prices, {"Half": {"A": 0.5, "B": 0.5}}, funds=["a"])
    # only the blend's dates; A's growth of 1 counted from A's own first close
    assert list(with_a.index) == [index[1], index[3]]
    assert with_a["A"].tolist() == pytest.approx([1.1, 0.99])


def test_growth_table_bad_input() -> None:
    index = pd.bdate_range("2024-01-01", periods=3, name="Date")
    prices = pd.DataFrame({"A": [1.0, 2.0, 3.0]}, index=index)
    with pytest.raises(EfficapError, match="appears twice"):
        growth_table(prices, {"x": {"A": 1.0}, "X": {"A": 1.0}})
    with pytest.raises(EfficapError, match="No prices for Z"):
        growth_table(prices, {"x": {"A": 1.0}}, funds=["Z"])
    with pytest.raises(WeightsError, match="x: "):
        growth_table(prices, {"x": {"A": 0.5}})


# Random walks on business days (NYSE holidays included) draw every finding of the price
# check (closed days, reversed moves): they are beside this test's point.
@pytest.mark.filterwarnings("ignore::efficap.pricecheck.PriceWarning")
@settings(max_examples=40, deadline=None)
@given(
    prices_across_years(),
    st.floats(0.0, 1.0),
    st.sampled_from(["quarterly", "annual", "none", "monthly", "threshold:5%"]),
)
def test_history_read_off_the_growth_table_is_the_blends(
    prices: pd.DataFrame, w: float, rule: str
) -> None:
    """A growth column is a price series: a 100% blend of it has the blend's own path, so
    its calendar years, drawdowns and risk figures are the blend's, to the last digit."""
    weights = {"A": w, "B": 1.0 - w}
    growth = growth_table(prices, {"x": weights}, rule, funds=["A"])
    assert growth["x"].tolist() == blend_growth(prices, weights, rule).tolist()
    one = {"x": {"X": 1.0}}
    got, want = calendar_years(growth, one, rule), calendar_years(prices, {"x": weights}, rule)
    pd.testing.assert_frame_equal(got.returns, want.returns)
    pd.testing.assert_frame_equal(got.partial, want.partial)
    path = blend_growth(growth, {"x": 1.0}, rule)
    pd.testing.assert_frame_equal(
        drawdowns(path, None), drawdowns(blend_growth(prices, weights, rule), None)
    )
    left = risk_stats(growth, {"x": 1.0}, rule, equity="A")
    right = risk_stats(prices, weights, rule, equity="A")
    pd.testing.assert_series_equal(left, right, rtol=1e-12)
