"""Tests for efficap.performance: trailing returns, risk statistics, sweeps."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from efficap.blend import blend_growth
from efficap.errors import EfficapError, PriceDataError, UnknownTickerError, WeightsError
from efficap.performance import (
    PERIODS,
    annualized_volatility,
    cagr,
    calendar_year_returns,
    max_drawdown,
    monthly_returns,
    risk_stats,
    sharpe_ratio,
    standardized_table,
    sweep_stats,
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


def test_figure_2b_blend_rows(real_prices: pd.DataFrame) -> None:
    table = standardized_table(real_prices, FIGURE_1, AS_OF, rebalance="quarterly")
    assert (
        table.loc["Efficient Allocation to Managed Futures", "10Y"]
        != table.loc["Efficient Allocation to Managed Futures", "10Y"]
    )  # n/a: NTSX is under 10 years old
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
        ("2025-02-28", "1Y", "2024-02-28"),
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
        ("2026-03-31", "0Y", EfficapError, r"Unknown period '0Y'"),
        ("2026-03-31", 3, EfficapError, r"Period must be text"),
        (
            "2019-12-31",
            "1Y",
            PriceDataError,
            r"As-of 2019-12-31 is before the first close 2020-01-01",
        ),
        ("2026-04-01", "1Y", PriceDataError, r"Prices end 2026-03-31; as-of 2026-04-01 is later"),
        ("31/31/2026", "1Y", PriceDataError, r"As-of date '31/31/2026' is not a date"),
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
    with pytest.raises(PriceDataError, match=r"Prices end 2026-05-29; as-of 2026-06-01 is later"):
        window_start(friday, "2026-06-01", "1Y")


# --------------------------------------------------------------------------- trailing returns


def test_trailing_return_is_the_blend_over_its_window(real_prices: pd.DataFrame) -> None:
    for period, years in (("1Y", 1), ("3Y", 3), ("5Y", 5)):
        start = window_start(real_prices.dropna().index, AS_OF, period)
        window = blend_growth(real_prices, EFFICIENT, "quarterly", start=start, end=AS_OF)
        expected = window.iloc[-1] ** (1 / years) - 1
        assert trailing_return(real_prices, EFFICIENT, AS_OF, period) == pytest.approx(
            expected, rel=1e-12
        )


def test_quarter_end_window_equals_index_ratio(real_prices: pd.DataFrame) -> None:
    full = blend_growth(real_prices, TRADITIONAL_MF, "quarterly")
    # 2025-03-31 is a quarter-end close: the 1-year window is a ratio of the index.
    one_year = trailing_return(real_prices, TRADITIONAL_MF, AS_OF, "1Y")
    assert one_year == pytest.approx(full[AS_OF] / full["2025-03-31"] - 1, rel=1e-12)
    # Mid-quarter start (2025-02-13): the window starts at target weights, so differs.
    mid = trailing_return(real_prices, TRADITIONAL_MF, "2026-02-13", "1Y")
    assert mid != pytest.approx(full["2026-02-13"] / full["2025-02-13"] - 1, rel=1e-9)


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
            r"Prices end 2026-08-03; as-of 2027-01-01 is later",
        ),
        (
            {"as_of": "2018-08-01"},
            PriceDataError,
            r"As-of 2018-08-01 is before the first close 2018-08-02",
        ),
        ({"as_of": None}, PriceDataError, r"As-of date is blank"),
        ({"period": "6 months"}, EfficapError, r"Unknown period '6 months'"),
        ({"rebalance": "weekly"}, EfficapError, r"Unknown rebalancing rule 'weekly'"),
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


# --------------------------------------------------------------------------- helpers

RETURNS = np.array([0.01, -0.02, 0.015, 0.0, 0.005])
GROWTH = np.array([1.0, 1.2, 0.9, 1.1, 1.3, 1.04])


@pytest.mark.parametrize("kind", ["ndarray", "series"])
def test_helpers_on_ndarray_and_series(kind: str) -> None:
    def as_input(values: np.ndarray) -> np.ndarray | pd.Series:
        return values if kind == "ndarray" else pd.Series(values)

    # Sample std (ddof=1) of RETURNS: mean 0.002, squared deviations
    # 64e-6 + 484e-6 + 169e-6 + 4e-6 + 9e-6 = 730e-6, / 4 = 182.5e-6.
    std = math.sqrt(182.5e-6)
    assert annualized_volatility(as_input(RETURNS)) == pytest.approx(std * math.sqrt(252))
    assert annualized_volatility(as_input(RETURNS), 12) == pytest.approx(std * math.sqrt(12))
    assert sharpe_ratio(as_input(RETURNS)) == pytest.approx(0.002 / std * math.sqrt(252))
    rf = 1.04 ** (1 / 252) - 1
    assert sharpe_ratio(as_input(RETURNS), risk_free=0.04) == pytest.approx(
        (0.002 - rf) / std * math.sqrt(252)
    )
    # Peak 1.2 -> trough 0.9 is -25%; later peak 1.3 -> 1.04 is -20%.
    assert max_drawdown(as_input(GROWTH)) == pytest.approx(-0.25)
    assert max_drawdown(as_input(np.array([1.0, 2.0, 3.0]))) == 0.0
    # Without dates: 5 steps of 252 a year.
    assert cagr(as_input(GROWTH)) == pytest.approx(1.04 ** (252 / 5) - 1)


def test_helpers_on_2d_input() -> None:
    both = np.column_stack([GROWTH, GROWTH * 2])
    np.testing.assert_allclose(max_drawdown(both), [-0.25, -0.25])
    frame = pd.DataFrame({"x": RETURNS, "y": -RETURNS})
    vol = annualized_volatility(frame)
    assert list(vol.index) == ["x", "y"]
    assert vol["x"] == pytest.approx(vol["y"])
    assert sharpe_ratio(np.zeros(5)) != sharpe_ratio(np.zeros(5))  # NaN: no variation


def test_cagr_with_dates() -> None:
    growth = pd.Series(
        [1.0, 1.1, 1.21], index=pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01"])
    )
    # 731 days = 2.0014 years of 365.25 days.
    assert cagr(growth) == pytest.approx(1.21 ** (365.25 / 731) - 1)


def test_monthly_and_calendar_year_returns() -> None:
    dates = pd.to_datetime(
        ["2023-12-15", "2023-12-29", "2024-01-10", "2024-01-31", "2024-02-15", "2025-01-03"]
    )
    growth = pd.Series([1.0, 1.1, 1.0, 1.21, 1.089, 1.2], index=dates)
    months = monthly_returns(growth)
    # Dec 2023 from the first close: 1.1/1.0; Jan: 1.21/1.1; Feb: 1.089/1.21;
    # Jan 2025 (partial, to the last close): 1.2/1.089.
    assert list(months.index.strftime("%Y-%m-%d")) == [
        "2023-12-29",
        "2024-01-31",
        "2024-02-15",
        "2025-01-03",
    ]
    np.testing.assert_allclose(months.to_numpy(), [0.1, 0.1, -0.1, 1.2 / 1.089 - 1])
    years = calendar_year_returns(growth)
    assert list(years.index) == [2023, 2024, 2025]
    np.testing.assert_allclose(years.to_numpy(), [0.1, 1.089 / 1.1 - 1, 1.2 / 1.089 - 1])


@pytest.mark.parametrize(
    ("fn", "arg", "error", "fragment"),
    [
        (annualized_volatility, [0.01], PriceDataError, r"need at least 2 values, got 1"),
        (
            annualized_volatility,
            [0.01, np.nan, 0.02],
            PriceDataError,
            r"non-finite value at position 2",
        ),
        (annualized_volatility, ["a", "b"], PriceDataError, r"Returns must be numbers"),
        (sharpe_ratio, [], PriceDataError, r"need at least 2 values, got 0"),
        (max_drawdown, [], PriceDataError, r"need at least 1 values, got 0"),
        (max_drawdown, [1.0, 0.0], PriceDataError, r"Growth must be positive; position 2"),
        (cagr, [1.0, -1.0], PriceDataError, r"Growth must be positive"),
        (cagr, [1.0], PriceDataError, r"need at least 2 values"),
        (monthly_returns, np.array([1.0, 1.1]), PriceDataError, r"monthly_returns needs dates"),
        (calendar_year_returns, pd.Series([1.0, 1.1]), PriceDataError, r"needs dates"),
        (
            monthly_returns,
            pd.Series([1.0, 1.1], index=pd.to_datetime(["2024-02-01", "2024-01-01"])),
            PriceDataError,
            r"dates must be ascending",
        ),
    ],
)
def test_helpers_reject(fn, arg, error: type, fragment: str) -> None:
    with pytest.raises(error, match=fragment):
        fn(arg)


def test_cagr_zero_span_and_bad_risk_free() -> None:
    same_day = pd.Series([1.0, 1.1], index=pd.to_datetime(["2024-01-02", "2024-01-02"]))
    with pytest.raises(PriceDataError, match=r"spans no time"):
        cagr(same_day)
    with pytest.raises(EfficapError, match=r"Risk-free rate must be an annual decimal"):
        sharpe_ratio(RETURNS, risk_free="4%")  # type: ignore[arg-type]
    with pytest.raises(EfficapError, match=r"above -1"):
        sharpe_ratio(RETURNS, risk_free=-1.0)


# --------------------------------------------------------------------------- risk stats & sweep


def test_risk_stats_real(real_prices: pd.DataFrame) -> None:
    stats = risk_stats(real_prices, EFFICIENT)
    assert list(stats.index) == [
        "CAGR",
        "Volatility",
        "Max Drawdown",
        "Sharpe",
        "Correlation to equities",
        "Best Month",
        "Worst Month",
    ]
    growth = blend_growth(real_prices, EFFICIENT)
    returns = growth.pct_change().dropna()
    assert stats["CAGR"] == pytest.approx(cagr(growth))
    assert stats["Volatility"] == pytest.approx(annualized_volatility(returns))
    assert stats["Max Drawdown"] == pytest.approx(max_drawdown(growth))
    assert stats["Sharpe"] == pytest.approx(sharpe_ratio(returns))
    months = monthly_returns(growth)
    assert stats["Best Month"] == pytest.approx(months.max())
    assert stats["Worst Month"] == pytest.approx(months.min())
    assert 0.5 < stats["Correlation to equities"] < 1.0
    assert -0.5 < stats["Max Drawdown"] < 0
    with_rf = risk_stats(real_prices, EFFICIENT, risk_free=0.03)
    assert with_rf["Sharpe"] < stats["Sharpe"]
    ivv = risk_stats(real_prices, {"IVV": 1.0}, start="2020-01-01", end="2020-12-31")
    assert ivv["Correlation to equities"] == pytest.approx(1.0)
    assert ivv["Max Drawdown"] < -0.3  # the 2020 crash
    named = risk_stats(real_prices, EFFICIENT, equity="ivv")["Correlation to equities"]
    assert named == stats["Correlation to equities"]  # IVV is the default equity fund
    no_ivv = real_prices.drop(columns="IVV")
    assert math.isnan(risk_stats(no_ivv, {"AGG": 1.0})["Correlation to equities"])


def test_risk_stats_equity_ticker() -> None:
    dates = pd.bdate_range("2024-01-01", periods=60, name="Date")
    rng = np.random.default_rng(1)
    prices = pd.DataFrame(
        100 * np.exp(np.cumsum(rng.normal(0, 0.01, (60, 2)), axis=0)),
        index=dates,
        columns=["A", "B"],
    )
    # Default equity IVV is absent: correlation is NaN, not an error.
    assert math.isnan(risk_stats(prices, {"A": 0.5, "B": 0.5})["Correlation to equities"])
    assert risk_stats(prices, {"A": 1.0}, equity="a")["Correlation to equities"] == pytest.approx(
        1.0
    )
    with pytest.raises(
        UnknownTickerError, match=r"No prices for equity ticker SPY \(available: A, B\)"
    ):
        risk_stats(prices, {"A": 1.0}, equity="SPY")
    with pytest.raises(UnknownTickerError, match=r"Equity ticker must be text"):
        risk_stats(prices, {"A": 1.0}, equity=" ")
    with pytest.raises(EfficapError, match=r"Risk-free rate must be an annual decimal"):
        risk_stats(prices, {"A": 1.0}, risk_free=float("nan"))
    with pytest.raises(PriceDataError, match=r"Fewer than 2 closes"):
        risk_stats(prices, {"A": 1.0}, start="2030-01-01")


def test_sweep_matches_single_blends(real_prices: pd.DataFrame) -> None:
    prices = real_prices[["IVV", "AGG", "NTSX", "WTMF"]]
    weights = pd.DataFrame(
        {"efficient": [0.24, 0.16, 0.40, 0.20], "ivv": [1.0, 0, 0, 0]},
        index=["IVV", "AGG", "NTSX", "WTMF"],
    )
    out = sweep_stats(prices, weights, "quarterly", chunk=1)
    assert list(out.columns) == ["CAGR", "Volatility", "Max Drawdown"]
    assert list(out.index) == ["efficient", "ivv"]
    common = prices.dropna().index
    for name, w in (("efficient", EFFICIENT), ("ivv", {"IVV": 1.0})):
        stats = risk_stats(prices, w, start=common[0])
        np.testing.assert_allclose(
            out.loc[name].to_numpy(),
            stats[["CAGR", "Volatility", "Max Drawdown"]].to_numpy(),
            rtol=1e-10,
        )
    rng = np.random.default_rng(7)
    many = rng.dirichlet(np.ones(4), size=25).T
    np.testing.assert_allclose(
        sweep_stats(prices, many, chunk=4).to_numpy(), sweep_stats(prices, many).to_numpy()
    )


def test_sweep_rejects() -> None:
    dates = pd.bdate_range("2024-01-01", periods=5, name="Date")
    prices = pd.DataFrame({"A": np.arange(1.0, 6.0), "B": np.arange(2.0, 7.0)}, index=dates)
    with pytest.raises(EfficapError, match=r"Chunk size must be a positive whole number"):
        sweep_stats(prices, np.array([[1.0], [0.0]]), chunk=0)
    with pytest.raises(WeightsError, match=r"Weights of portfolio 1 sum to 50%"):
        sweep_stats(prices, np.array([[0.5], [0.0]]))
    with pytest.raises(EfficapError, match=r"Unknown rebalancing rule 'often'"):
        sweep_stats(prices, np.array([[1.0], [0.0]]), "often")
