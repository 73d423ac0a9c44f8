"""Tests for efficap.performance: trailing returns read off a blend's history, and tables."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from efficap.blend import blend_growth
from efficap.errors import (
    DateError,
    EfficapError,
    PriceDataError,
    RuleError,
    UnknownTickerError,
    WeightsError,
)
from efficap.performance import (
    PERIODS,
    caption,
    parse_window,
    standardized_table,
    trailing_return,
    trailing_returns,
    window_start,
)

NAN = math.nan

EFFICIENT = {"IVV": 0.24, "NTSX": 0.40, "AGG": 0.16, "WTMF": 0.20}
TRADITIONAL_MF = {"IVV": 0.50, "AGG": 0.30, "WTMF": 0.20}
SIXTY_FORTY = {"IVV": 0.60, "AGG": 0.40}
FIGURE_1 = {
    "Efficient Allocation to Managed Futures": EFFICIENT,
    "Traditional Allocation to Managed Futures": TRADITIONAL_MF,
    "Traditional 60/40": SIXTY_FORTY,
}

# Published Figure 2b, standardized performance as of 2026-03-31, in percent
# (../shared/reference/figures.md): YTD, 1Y, 3Y, 5Y, 10Y, since inception.
PUBLISHED_BLENDS = {
    "Efficient Allocation to Managed Futures": [-2.35, 15.36, 13.22, 7.76, NAN, 9.27],
    "Traditional Allocation to Managed Futures": [-1.52, 13.88, 12.29, 7.63, 8.36, 7.75],
    "Traditional 60/40": [-2.69, 12.17, 12.53, 7.56, 9.27, 7.93],
}
# The market-price (MP) rows of the same figure.
PUBLISHED_MP = {
    "NTSX": [-4.78, 16.68, 15.57, 8.15, NAN, 11.38],
    "WTMF": [4.11, 19.86, 9.88, 6.54, 3.04, 0.89],
    "IVV": [-4.87, 17.08, 18.09, 11.89, 14.06, 7.90],
    "AGG": [0.54, 4.90, 3.77, 0.40, 1.70, 3.14],
}
AS_OF = "2026-03-31"


def assert_matches_published(table: pd.DataFrame, published: dict, tolerance: float) -> None:
    expected = pd.DataFrame(published, index=list(PERIODS)).T / 100
    assert list(table.index) == list(expected.index)
    assert list(table.columns) == list(PERIODS)
    assert (table.isna() == expected.isna()).all().all(), table
    gap = (table - expected).abs()
    worst = gap.max().max()
    assert worst <= tolerance, f"worst cell off by {worst * 100:.2f} points:\n{gap * 100}"


def assert_blend_fit(table: pd.DataFrame, except_ytd: float, every_cell: float) -> None:
    expected = pd.DataFrame(PUBLISHED_BLENDS, index=list(PERIODS)).T / 100
    assert (table.isna() == expected.isna()).all().all(), table
    gap = (table - expected).abs()
    assert gap.drop(columns="YTD").max().max() <= except_ytd, gap * 100
    assert gap.max().max() <= every_cell, gap * 100


def test_figure_2b_blend_rows_by_default(real_prices: pd.DataFrame) -> None:
    # The default (annual rebalancing, linked windows) is the convention that fits the
    # note best: every cell but YTD within 0.20 points, every cell within 0.36 (YTD is
    # decided by the data's end points; the fund rows show the same gaps).
    table = standardized_table(real_prices, FIGURE_1, AS_OF)
    assert table.attrs["rebalance"] == "annual" and table.attrs["window"] == "linked"
    assert math.isnan(table.loc["Efficient Allocation to Managed Futures", "10Y"])
    assert_blend_fit(table, except_ytd=0.0020, every_cell=0.0036)
    # Measured: worst cell but YTD 0.17 points (Traditional 60/40, 1Y).
    gap = (table - pd.DataFrame(PUBLISHED_BLENDS, index=list(PERIODS)).T / 100).abs()
    assert gap.drop(columns="YTD").max().max() == pytest.approx(0.0017, abs=0.00006)


def test_figure_2b_blend_rows_quarterly_restart(real_prices: pd.DataFrame) -> None:
    # The earlier convention, still available explicitly: within 0.40 points.
    table = standardized_table(real_prices, FIGURE_1, AS_OF, "quarterly", window="restart")
    assert table.attrs["window"] == "restart"
    assert_matches_published(table, PUBLISHED_BLENDS, 0.0040)


def test_figure_2b_single_fund_market_price_rows(real_prices: pd.DataFrame) -> None:
    # Market closes vs published figures: end-point gaps up to 0.6 points
    # (documented in ../shared/data/prices/README.md).
    blends = {ticker: {ticker: 1.0} for ticker in PUBLISHED_MP}
    table = standardized_table(real_prices, blends, AS_OF)
    assert_matches_published(table, PUBLISHED_MP, 0.0065)
    # The data README's market-close 1/3/5-year figures, to the printed digit.
    readme = {"IVV": (17.69, 18.29, 12.00), "AGG": (4.36, 3.59, 0.29)}
    for ticker, values in readme.items():
        got = table.loc[ticker, ["1Y", "3Y", "5Y"]].to_numpy() * 100
        np.testing.assert_allclose(got, values, atol=0.005 + 1e-9)


# --------------------------------------------------------------------------- windows

BDAYS = pd.bdate_range("2020-01-01", "2026-03-31", name="Date")


@pytest.mark.parametrize(
    ("as_of", "period", "expected"),
    [
        ("2026-03-31", "YTD", "2025-12-31"),
        ("2026-03-31", "ytd", "2025-12-31"),
        ("2026-03-31", "1Y", "2025-03-31"),
        ("2026-03-31", "3y", "2023-03-31"),
        ("2026-03-31", "5 years", "2021-03-31"),
        ("2026-03-28", "1Y", "2025-03-28"),  # a Saturday as-of: window from Friday 2025-03-28
        ("2025-03-30", "1Y", "2024-03-29"),  # 2024-03-30 is a Saturday: last close before it
        ("2024-02-29", "1Y", "2023-02-28"),  # Feb 29 -> Feb 28
        ("2025-02-28", "1Y", "2024-02-29"),  # month end -> the month end a year before
        ("2025-05-30", "1Y", "2024-05-31"),  # last trading day of May -> May 31
        ("2025-05-31", "3Y", "2022-05-31"),  # a Saturday after the month's last close
        ("2026-03-31", "10Y", None),
        ("2026-03-31", "SI", "2020-01-01"),
        ("2026-03-31", "since inception", "2020-01-01"),
        ("2026-03-31", "Inception", "2020-01-01"),
        ("2026-03-31", "ITD", "2020-01-01"),
        ("2026-03-31", "10Y", None),  # history too short
        ("2020-06-30", "YTD", None),  # no close in the previous year
        ("2021-01-04", "YTD", "2020-12-31"),
    ],
)
def test_window_start(as_of: str, period: str, expected: str | None) -> None:
    start = window_start(BDAYS, as_of, period)
    assert start == (None if expected is None else pd.Timestamp(expected))


@pytest.mark.parametrize(
    ("as_of", "period", "error", "fragment"),
    [
        ("2026-03-31", "2W", EfficapError, r"Unknown period '2W'. Use YTD, 1Y, 3Y, 5Y, 10Y, SI"),
        ("2026-03-31", "0Y", EfficapError, r"Period 0Y is under a year"),
        ("2026-03-31", ["3Y"], EfficapError, r"Period must be text or a whole number"),
        ("2026-03-31", "1000Y", EfficapError, r"Period 1000Y is over 100 years"),
        (
            "2019-12-31",
            "1Y",
            PriceDataError,
            r"As-of 2019-12-31 is before the first close 2020-01-01",
        ),
        (
            "2026-04-01",
            "1Y",
            PriceDataError,
            r"Prices end 2026-03-31; as-of 2026-04-01 is 1 trading day\(s\) later",
        ),
        ("31/31/2026", "1Y", DateError, r"As-of date '31/31/2026' is not a real date"),
        ("03/04/2026", "1Y", DateError, r"ambiguous .*write 2026-04-03 or 2026-03-04"),
    ],
)
def test_window_start_rejects(as_of: str, period: object, error: type, fragment: str) -> None:
    with pytest.raises(error, match=fragment):
        window_start(BDAYS, as_of, period)  # type: ignore[arg-type]


def test_window_start_bad_dates() -> None:
    with pytest.raises(PriceDataError, match=r"No dates given"):
        window_start([], "2026-03-31", "1Y")
    with pytest.raises(PriceDataError, match=r"ascending order"):
        window_start(BDAYS[::-1], "2026-03-31", "1Y")


def test_weekend_after_last_close_is_allowed() -> None:
    friday = pd.bdate_range("2020-01-01", "2026-05-29")  # data ends Friday 2026-05-29
    assert window_start(friday, "2026-05-31", "1Y") == pd.Timestamp("2025-05-30")
    with pytest.raises(PriceDataError, match=r"Prices end 2026-05-29; as-of 2026-06-01 is 1 "):
        window_start(friday, "2026-06-01", "1Y")


def test_as_of_on_an_exchange_holiday_reads_the_last_close() -> None:
    # Good Friday 2026 (April 3): the NYSE was closed, so prices through Thursday cover
    # it; a weekday rule would refuse it. Five trading days later is still refused.
    thursday = pd.bdate_range("2020-01-01", "2026-04-02")
    assert window_start(thursday, "2026-04-03", "YTD") == pd.Timestamp("2025-12-31")
    assert window_start(thursday, "2026-04-05", "1Y") == pd.Timestamp("2025-04-04")
    with pytest.raises(PriceDataError, match=r"as-of 2026-04-10 is 5 trading day\(s\) later"):
        window_start(thursday, "2026-04-10", "1Y")


# --------------------------------------------------------------------------- trailing returns


def test_linked_window_is_the_ratio_of_the_blend_path(real_prices: pd.DataFrame) -> None:
    # The reproduction: around the April 2025 low the two conventions differ
    # by about half a point (1Y as of 2026-04-08: linked 28.14%, restart 28.60%).
    path = blend_growth(real_prices, EFFICIENT, "quarterly")
    linked = trailing_return(real_prices, EFFICIENT, "2026-04-08", "1Y", "quarterly")
    assert linked == pytest.approx(path["2026-04-08"] / path["2025-04-08"] - 1, rel=1e-12)
    assert linked == pytest.approx(0.2814, abs=0.00005)
    restart = trailing_return(
        real_prices, EFFICIENT, "2026-04-08", "1Y", "quarterly", window="restart"
    )
    assert restart == pytest.approx(0.2860, abs=0.00005)
    for period, years in (("3Y", 3), ("5Y", 5)):
        start = window_start(real_prices.dropna().index, AS_OF, period)
        got = trailing_return(real_prices, EFFICIENT, AS_OF, period, "annual")
        path = blend_growth(real_prices, EFFICIENT, "annual")
        assert got == pytest.approx((path[AS_OF] / path[start]) ** (1 / years) - 1, rel=1e-12)


def test_restart_window_is_a_fresh_blend_from_its_start(real_prices: pd.DataFrame) -> None:
    for period, years in (("1Y", 1), ("3Y", 3), ("5Y", 5)):
        start = window_start(real_prices.dropna().index, AS_OF, period)
        window = blend_growth(real_prices, EFFICIENT, "quarterly", start=start, end=AS_OF)
        expected = window.iloc[-1] ** (1 / years) - 1
        got = trailing_return(real_prices, EFFICIENT, AS_OF, period, "quarterly", "restart")
        assert got == pytest.approx(expected, rel=1e-12)


def test_conventions_agree_when_the_window_starts_at_a_rebalance(
    real_prices: pd.DataFrame,
) -> None:
    full = blend_growth(real_prices, TRADITIONAL_MF, "quarterly")
    # 2025-03-31 is a quarter-end close: the blend is at target weights there, so the
    # restarted window equals the ratio of the linked history.
    one_year = trailing_return(real_prices, TRADITIONAL_MF, AS_OF, "1Y", "quarterly", "restart")
    assert one_year == pytest.approx(full[AS_OF] / full["2025-03-31"] - 1, rel=1e-12)
    # Mid-quarter start (2025-02-13): the restarted window starts at target weights.
    mid = trailing_return(real_prices, TRADITIONAL_MF, "2026-02-13", "1Y", "quarterly", "restart")
    assert mid != pytest.approx(full["2026-02-13"] / full["2025-02-13"] - 1, rel=1e-9)
    linked = trailing_return(real_prices, TRADITIONAL_MF, "2026-02-13", "1Y", "quarterly")
    assert linked == pytest.approx(full["2026-02-13"] / full["2025-02-13"] - 1, rel=1e-12)


def test_month_end_anchoring_on_real_prices(real_prices: pd.DataFrame) -> None:
    # As of 2025-02-28 the 1-year window starts at the month end 2024-02-29, not at
    # 2024-02-28 (IVV 18.56%, not 18.97%).
    ivv = real_prices["IVV"].dropna()
    got = trailing_return(real_prices, {"IVV": 1.0}, "2025-02-28", "1Y")
    assert got == pytest.approx(ivv["2025-02-28"] / ivv["2024-02-29"] - 1, rel=1e-12)
    assert got == pytest.approx(0.1856, abs=0.00005)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, "linked"),
        ("", "linked"),
        ("Linked", "linked"),
        (" restart ", "restart"),
        ("fresh start", "restart"),
    ],
)
def test_parse_window(text: str | None, expected: str) -> None:
    assert parse_window(text) == expected


def test_parse_window_rejects() -> None:
    with pytest.raises(RuleError, match=r"Unknown window convention 'rolling'"):
        parse_window("rolling")


def test_caption_says_what_the_table_is() -> None:
    assert caption("2026-03-31") == (
        "as of 2026-03-31; annual rebalancing; linked windows (periods read off the "
        "blend's own history); returns over a year annualized"
    )
    assert "quarterly rebalancing; restart windows (each period restarted at target" in caption(
        "2026-03-31", "q", "restart"
    )


def test_since_inception_conventions() -> None:
    dates = pd.DatetimeIndex(
        pd.to_datetime(["2024-01-02", "2024-07-01", "2025-01-02"]), name="Date"
    )
    prices = pd.DataFrame({"A": [100.0, 110.0, 121.0]}, index=dates)
    # Under a year (2024-01-02 to 2024-07-01, 181 days): cumulative.
    assert trailing_return(prices, {"A": 1}, "2024-07-01", "SI") == pytest.approx(0.10)
    # Over a year (366 days): annualized by 365.25 days.
    assert trailing_return(prices, {"A": 1}, "2025-01-02", "SI") == pytest.approx(
        1.21 ** (365.25 / 366) - 1
    )
    assert trailing_return(prices, {"A": 1}, "2025-01-02", "1Y") == pytest.approx(0.21)
    assert math.isnan(trailing_return(prices, {"A": 1}, "2025-01-02", "3Y"))
    assert trailing_return(prices, {"A": 1}, "2024-01-02", "SI") == 0.0


def test_trailing_returns_series(real_prices: pd.DataFrame) -> None:
    series = trailing_returns(real_prices, EFFICIENT, AS_OF)
    assert list(series.index) == list(PERIODS)
    assert math.isnan(series["10Y"])
    assert series["1Y"] == trailing_return(real_prices, EFFICIENT, AS_OF, "1y")
    short = trailing_returns(real_prices, SIXTY_FORTY, AS_OF, "monthly", ["ytd", "since inception"])
    assert list(short.index) == ["YTD", "SI"]


@pytest.mark.parametrize(
    ("kwargs", "error", "fragment"),
    [
        (
            {"as_of": "2027-01-01"},
            PriceDataError,
            r"Prices end 2026-08-03; as-of 2027-01-01 is \d+ trading day\(s\) later",
        ),
        (
            {"as_of": "2018-08-01"},
            PriceDataError,
            r"As-of 2018-08-01 is before the first close 2018-08-02",
        ),
        ({"as_of": None}, DateError, r"As-of date is blank"),
        ({"period": "6 months"}, RuleError, r"Unknown period '6 months'"),
        ({"rebalance": "weekly"}, RuleError, r"Unknown rebalancing rule 'weekly'"),
        (
            {"weights": {**EFFICIENT, "WTMF": NAN}},
            WeightsError,
            r"Weight for WTMF must be a finite",
        ),
        ({"weights": {"IVV": 0.5, "SPX": 0.5}}, UnknownTickerError, r"No prices for SPX"),
        ({"weights": {"IVV": 0.5}}, WeightsError, r"Weights sum to 50%"),
    ],
)
def test_trailing_return_rejects(
    real_prices: pd.DataFrame, kwargs: dict, error: type, fragment: str
) -> None:
    args = {"weights": EFFICIENT, "as_of": AS_OF, "period": "1Y", "rebalance": "quarterly"}
    args.update(kwargs)
    with pytest.raises(error, match=fragment):
        trailing_return(real_prices, **args)
    if "period" not in kwargs:
        with pytest.raises(error, match=fragment):
            trailing_returns(
                real_prices, args["weights"], args["as_of"], args["rebalance"], PERIODS
            )


def test_standardized_table_shapes_and_errors(real_prices: pd.DataFrame) -> None:
    table = standardized_table(real_prices, {"b": SIXTY_FORTY, "a": EFFICIENT}, "2017-12-29")
    assert list(table.index) == ["b", "a"]  # order kept
    assert table.loc["a"].isna().all()  # NTSX had not started yet
    assert table.loc["b"].notna().all()
    with pytest.raises(WeightsError, match=r"^bad: Weights sum to 90%"):
        standardized_table(real_prices, {"ok": SIXTY_FORTY, "bad": {"IVV": 0.9}}, AS_OF)
    with pytest.raises(EfficapError, match=r"No blends given"):
        standardized_table(real_prices, {}, AS_OF)
    with pytest.raises(
        PriceDataError, match=r"As-of 1999-01-04 is before the first close 2000-05-19"
    ):
        standardized_table(real_prices, {"x": SIXTY_FORTY}, "1999-01-04")
    with pytest.raises(EfficapError, match=r"No periods given"):
        standardized_table(real_prices, {"x": SIXTY_FORTY}, AS_OF, periods=[])
