"""Tests for efficap.blend: rebalancing rules and blended growth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from efficap.blend import (
    DEFAULT_REBALANCE,
    REBALANCE_RULES,
    Rebalance,
    blend_growth,
    blend_growth_matrix,
    blend_returns,
    parse_rebalance,
)
from efficap.errors import (
    DateError,
    EfficapError,
    PriceDataError,
    RuleError,
    UnknownTickerError,
    WeightsError,
)

# --------------------------------------------------------------------------- tiny fixture
#
# Two funds, six closes across the Q1/Q2 2024 quarter end (03-28 is the last
# close of March: the next close, 04-01, is in a later month and quarter).
#
#   date        A     B
#   2024-03-26  100   100
#   2024-03-27  110   100
#   2024-03-28  120    90   <- month and quarter end
#   2024-04-01  132    90
#   2024-04-02  120    99
#   2024-04-03  126    99
DATES = pd.to_datetime(
    ["2024-03-26", "2024-03-27", "2024-03-28", "2024-04-01", "2024-04-02", "2024-04-03"]
)
TINY = pd.DataFrame(
    {"A": [100.0, 110, 120, 132, 120, 126], "B": [100.0, 100, 90, 90, 99, 99]},
    index=pd.DatetimeIndex(DATES, name="Date"),
)
HALF = {"A": 0.5, "B": 0.5}

# Quarterly (= monthly here): reset to 50/50 at the 03-28 close.
#   03-26  1
#   03-27  .5*1.10 + .5*1.00 = 1.05
#   03-28  .5*1.20 + .5*0.90 = 1.05                         (reset; V = 1.05)
#   04-01  1.05 * (.5*132/120 + .5*90/90) = 1.05*1.05  = 1.1025
#   04-02  1.05 * (.5*120/120 + .5*99/90) = 1.05*1.05  = 1.1025
#   04-03  1.05 * (.5*126/120 + .5*99/90) = 1.05*1.075 = 1.12875
QUARTERLY = [1.0, 1.05, 1.05, 1.1025, 1.1025, 1.12875]
# None (= annual here): .5*A/100 + .5*B/100
#   1, 1.05, 1.05, .5*1.32+.5*.90 = 1.11, .5*1.20+.5*.99 = 1.095, .5*1.26+.5*.99 = 1.125
NONE = [1.0, 1.05, 1.05, 1.11, 1.095, 1.125]
# Daily: product of the average daily return factors
#   03-27 .5*1.1 + .5*1.0           = 1.05
#   03-28 .5*(120/110) + .5*0.9     = 0.99545454...
#   04-01 .5*1.1 + .5*1.0           = 1.05
#   04-02 .5*(120/132) + .5*1.1     = 1.00454545...
#   04-03 .5*1.05 + .5*1.0          = 1.025
DAILY = np.cumprod([1.0, 1.05, 6 / 11 + 0.45, 1.05, 60 / 132 + 0.55, 1.025])


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("quarterly", QUARTERLY),
        ("monthly", QUARTERLY),
        ("none", NONE),
        ("annual", NONE),
        ("daily", DAILY),
        # Band 5 points: 03-27 A drifts to .55/1.05 = 52.4% (2.4 points, hold);
        # 03-28 A is .60/1.05 = 57.1% (7.1 points): reset there, then drift
        # stays under 5 points (52.4%, 47.6%, 48.8%), so it equals quarterly.
        ("threshold:0.05", QUARTERLY),
        # Band 2 points: every close drifts more than 2 points (2.4, 4.8, 2.4,
        # 4.8 points), so it resets daily.
        ("threshold:2%", DAILY),
    ],
)
def test_hand_checked_rules(rule: str, expected: list[float]) -> None:
    growth = blend_growth(TINY, HALF, rule)
    assert growth.name == "Blend"
    assert growth.index.equals(TINY.index)
    assert growth.iloc[0] == 1.0
    np.testing.assert_allclose(growth.to_numpy(), expected, rtol=1e-12)


def test_default_rule_is_annual() -> None:
    # Annual fits the note's published blend returns best (see the README); on the
    # tiny fixture no year ends, so the default holds the funds like "none".
    assert DEFAULT_REBALANCE == "annual"
    np.testing.assert_allclose(blend_growth(TINY, HALF).to_numpy(), NONE, rtol=1e-12)


def test_window_starting_on_quarter_end_equals_index_ratio() -> None:
    full = blend_growth(TINY, HALF, "quarterly")
    window = blend_growth(TINY, HALF, "quarterly", start="2024-03-28", end="2024-04-02")
    assert window.index[0] == pd.Timestamp("2024-03-28")
    assert window.index[-1] == pd.Timestamp("2024-04-02")
    np.testing.assert_allclose(window.to_numpy(), (full / full.loc["2024-03-28"]).loc[window.index])
    # Starting mid-quarter (03-27) the window holds 50/50 at 03-27 and resets
    # at 03-28: 03-28 = .5*120/110 + .5*.9 = .99545..., then x1.05 to 04-01.
    mid = blend_growth(TINY, HALF, "quarterly", start="2024-03-27")
    np.testing.assert_allclose(mid.iloc[:3], [1.0, 6 / 11 + 0.45, (6 / 11 + 0.45) * 1.05])
    assert not np.isclose(mid.iloc[-1], full.iloc[-1] / full.iloc[1])


def test_start_and_end_snap_to_closes() -> None:
    growth = blend_growth(TINY, HALF, "none", start="2024-03-29", end="2024-04-02 15:00")
    assert list(growth.index.strftime("%m-%d")) == ["04-01", "04-02"]
    assert growth.iloc[-1] == pytest.approx(0.5 * 120 / 132 + 0.5 * 99 / 90)
    early = blend_growth(TINY, HALF, start="1990-01-01", end=pd.Timestamp("2030-01-01"))
    assert early.index.equals(TINY.index)


def test_inner_join_and_youngest_fund() -> None:
    prices = TINY.copy()
    prices["C"] = [np.nan, 50.0, 55.0, np.nan, 60.0, 66.0]  # young, and skips 04-01
    growth = blend_growth(prices, {"A": 0.5, "C": 0.5}, "none")
    assert list(growth.index.strftime("%m-%d")) == ["03-27", "03-28", "04-02", "04-03"]
    # C's 04-01 move is carried into its 04-02 close: exact for total return.
    np.testing.assert_allclose(
        growth.to_numpy(),
        [
            1.0,
            0.5 * 120 / 110 + 0.5 * 1.1,
            0.5 * 120 / 110 + 0.5 * 1.2,
            0.5 * 126 / 110 + 0.5 * 1.32,
        ],
    )
    # Zero-weight funds (even unknown ones) are ignored.
    same = blend_growth(prices, {"A": 0.5, "C": 0.5, "B": 0.0, "ZZZ": 0.0}, "none")
    assert same.equals(growth)


def test_short_weights_and_rounding_tolerance() -> None:
    growth = blend_growth(TINY, {"A": 1.3, "B": -0.3}, "none")
    np.testing.assert_allclose(growth.to_numpy(), 1.3 * TINY["A"] / 100 - 0.3 * TINY["B"] / 100)
    nearly = blend_growth(TINY, {"A": 0.5 + 4e-7, "B": 0.5}, "none")
    assert nearly.iloc[0] == 1.0  # within 1e-6: rescaled to exactly 100%


def test_blend_returns() -> None:
    returns = blend_returns(TINY, HALF, "quarterly")
    assert returns.name == "Blend"
    assert returns.index.equals(TINY.index[1:])
    np.testing.assert_allclose(returns.to_numpy(), np.array(QUARTERLY[1:]) / QUARTERLY[:-1] - 1)


def test_lowercase_user_frame_is_validated() -> None:
    frame = TINY.rename(columns=str.lower).reset_index()
    growth = blend_growth(frame, {"a": 0.5, "b": 0.5}, "quarterly")
    np.testing.assert_allclose(growth.to_numpy(), QUARTERLY)


# --------------------------------------------------------------------------- rules


@pytest.mark.parametrize(
    ("text", "kind", "band"),
    [
        ("quarterly", "quarterly", None),
        (" Quarter ", "quarterly", None),
        ("Q", "quarterly", None),
        ("MONTHLY", "monthly", None),
        ("month", "monthly", None),
        ("m", "monthly", None),
        ("annual", "annual", None),
        ("Annually", "annual", None),
        ("year", "annual", None),
        ("yearly", "annual", None),
        ("a", "annual", None),
        ("daily", "daily", None),
        ("Day", "daily", None),
        ("d", "daily", None),
        ("none", "none", None),
        ("never", "none", None),
        ("Buy  and   Hold", "none", None),
        ("buy-and-hold", "none", None),
        ("threshold:0.05", "threshold", 0.05),
        ("Threshold: 5%", "threshold", 0.05),
        ("threshold 2.5 %", "threshold", 0.025),
        ("threshold:0", "threshold", 0.0),
        (None, "annual", None),
        ("", "annual", None),
        ("  ", "annual", None),
    ],
)
def test_parse_rebalance(text: str | None, kind: str, band: float | None) -> None:
    rule = parse_rebalance(text)
    assert rule.kind == kind
    assert rule.kind in REBALANCE_RULES
    assert rule.band == pytest.approx(band) if band is not None else rule.band is None
    assert parse_rebalance(rule) is rule


def test_rebalance_text_round_trips() -> None:
    assert str(Rebalance("quarterly")) == "quarterly"
    assert str(parse_rebalance("threshold:5%")) == "threshold:0.05"
    assert parse_rebalance(str(parse_rebalance("threshold:5%"))) == Rebalance("threshold", 0.05)
    assert REBALANCE_RULES == ("none", "daily", "monthly", "quarterly", "annual", "threshold")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("weekly", r"Unknown rebalancing rule 'weekly'. Use one of: none, daily, monthly"),
        ("threshold", r"needs a band, e.g. threshold:0.05"),
        ("threshold:abc", r"needs a band"),
        ("threshold:-1%", r"must be zero or positive"),
        ("threshold:5", r"over 100%; write a decimal \(0.05\) or a percent \(5%\)"),
        (0.05, r"must be text"),
    ],
)
def test_parse_rebalance_rejects(text: object, fragment: str) -> None:
    with pytest.raises(RuleError, match=fragment):
        parse_rebalance(text)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("weights", "error", "fragment"),
    [
        ({"A": 0.5, "B": float("nan")}, WeightsError, r"Weight for B must be a finite number"),
        ({"A": 0.5, "B": None}, WeightsError, r"Weight for B must be a number"),
        ({"A": 0.5, "B": "half"}, WeightsError, r"Weight for B must be a number"),
        (
            {"A": 0.6, "B": 0.3},
            WeightsError,
            r"Weights sum to 90%, not 100% \(allowed gap 0.0001%\)",
        ),
        ({"A": 0.5, "B": 0.5 + 1e-5}, WeightsError, r"Weights sum to 100.001%"),
        ({"A": 0.0, "B": 0.0}, WeightsError, r"Weights sum to 0%"),
        ({}, WeightsError, r"No weights given"),
        ({"A": 0.5, "XYZ": 0.5}, UnknownTickerError, r"No prices for XYZ \(available: A, B\)"),
        ({" ": 1.0}, WeightsError, r"Ticker must be text"),
    ],
)
def test_bad_weights(weights: dict, error: type, fragment: str) -> None:
    with pytest.raises(error, match=fragment):
        blend_growth(TINY, weights)
    with pytest.raises(error, match=fragment):
        blend_returns(TINY, weights)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        (
            {"start": "2024-04-02", "end": "2024-03-27"},
            r"Start date 2024-04-02 is after end date 2024-03-27",
        ),
        ({"start": "2024-04-03"}, r"Fewer than 2 closes from 2024-04-03 to 2024-04-03"),
        ({"end": "2024-03-26"}, r"Fewer than 2 closes .* prices run 2024-03-26 to 2024-04-03"),
        ({"start": "2025-01-01"}, r"Fewer than 2 closes from 2025-01-01"),
    ],
)
def test_bad_windows(kwargs: dict, fragment: str) -> None:
    with pytest.raises(PriceDataError, match=fragment):
        blend_growth(TINY, HALF, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"start": "someday"}, r"Start date 'someday' is not a date"),
        ({"end": ""}, r"End date is blank"),
        ({"start": "03/04/2024"}, r"Start date '03/04/2024' is ambiguous"),
    ],
)
def test_bad_window_dates(kwargs: dict, fragment: str) -> None:
    with pytest.raises(DateError, match=fragment):
        blend_growth(TINY, HALF, **kwargs)


def test_bad_prices() -> None:
    with pytest.raises(PriceDataError, match=r"no Date column"):
        blend_growth(pd.DataFrame(), HALF)
    dup = pd.concat([TINY.iloc[:2], TINY.iloc[1:]])
    with pytest.raises(PriceDataError, match=r"2024-03-27 appears twice"):
        blend_growth(dup, HALF)
    zero = TINY.copy()
    zero.iloc[3, 1] = 0.0
    with pytest.raises(PriceDataError, match=r"B close 0 on 2024-04-01 is not positive"):
        blend_growth(zero, HALF)
    apart = pd.DataFrame({"A": [1.0, np.nan], "B": [np.nan, 1.0]}, index=DATES[:2])
    with pytest.raises(PriceDataError, match=r"A, B have no closes in common"):
        blend_growth(apart, HALF)
    with pytest.raises(EfficapError, match=r"Unknown rebalancing rule 'sometimes'"):
        blend_growth(TINY, HALF, "sometimes")


def test_matrix_form_matches_single_blends() -> None:
    weights = np.array([[0.5, 1.0, 0.0, 0.3], [0.5, 0.0, 1.0, 0.7]])
    for rule in ("none", "daily", "monthly", "quarterly", "annual", "threshold:0.05"):
        matrix = blend_growth_matrix(TINY, weights, rule)
        assert matrix.shape == (6, 4)
        for j in range(4):
            single = blend_growth(TINY, {"A": weights[0, j], "B": weights[1, j]}, rule)
            np.testing.assert_allclose(matrix[:, j], single.to_numpy(), rtol=1e-13)
    frame = pd.DataFrame({"p1": [0.5, 0.5], "p2": [1.0, 0.0]}, index=["b", "a"])
    np.testing.assert_allclose(blend_growth_matrix(TINY, frame)[:, 1], TINY["B"] / 100, rtol=1e-13)
    np.testing.assert_allclose(blend_growth_matrix(TINY, [0.5, 0.5], "q")[:, 0], QUARTERLY)


@pytest.mark.parametrize(
    ("weights", "error", "fragment"),
    [
        (
            np.ones((3, 2)) / 3,
            WeightsError,
            r"Weight matrix has 3 rows; need one per price column \(2: A, B\)",
        ),
        (np.array([[0.5, np.nan], [0.5, 0.5]]), WeightsError, r"column 2 has a blank"),
        (np.array([[0.5, 0.5], [0.5, 0.4]]), WeightsError, r"Weights of portfolio 2 sum to 90%"),
        (np.empty((2, 0)), WeightsError, r"no portfolios"),
        (np.array([["x"], ["y"]]), WeightsError, r"numbers only"),
        (pd.DataFrame({"p": [0.5, 0.5]}, index=["A", "Q"]), UnknownTickerError, r"No prices for Q"),
    ],
)
def test_matrix_bad_input(weights: object, error: type, fragment: str) -> None:
    with pytest.raises(error, match=fragment):
        blend_growth_matrix(TINY, weights)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- properties


@st.composite
def price_sets(draw: st.DrawFn, max_funds: int = 4) -> tuple[pd.DataFrame, np.ndarray]:
    """Random positive price paths on dates that cross month/quarter/year ends."""
    n = draw(st.integers(min_value=2, max_value=40))
    m = draw(st.integers(min_value=1, max_value=max_funds))
    gaps = draw(st.lists(st.integers(1, 40), min_size=n - 1, max_size=n - 1))
    dates = pd.Timestamp("2019-11-20") + pd.to_timedelta(
        np.concatenate([[0], np.cumsum(gaps)]), "D"
    )
    moves = draw(st.lists(st.floats(-0.3, 0.3, allow_nan=False), min_size=n * m, max_size=n * m))
    levels = draw(st.lists(st.floats(0.5, 500.0), min_size=m, max_size=m))
    log_paths = np.cumsum(np.array(moves).reshape(n, m), axis=0)
    values = np.array(levels) * np.exp(log_paths - log_paths[0])
    frame = pd.DataFrame(
        values, index=pd.DatetimeIndex(dates, name="Date"), columns=[f"F{i}" for i in range(m)]
    )
    raw = np.array(draw(st.lists(st.floats(0.01, 1.0), min_size=m, max_size=m)))
    return frame, raw / raw.sum()


def weights_of(frame: pd.DataFrame, w: np.ndarray) -> dict[str, float]:
    return dict(zip(frame.columns, w, strict=True))


PERIODIC = ["none", "daily", "monthly", "quarterly", "annual", "threshold:0.03"]


@settings(max_examples=60, deadline=None)
@given(price_sets(), st.sampled_from(PERIODIC))
def test_one_fund_blend_is_the_fund(data: tuple[pd.DataFrame, np.ndarray], rule: str) -> None:
    frame, _ = data
    fund = frame.columns[-1]
    growth = blend_growth(frame, {fund: 1.0}, rule)
    np.testing.assert_allclose(growth.to_numpy(), frame[fund] / frame[fund].iloc[0], rtol=1e-12)


@settings(max_examples=60, deadline=None)
@given(price_sets())
def test_none_is_weighted_fund_growth(data: tuple[pd.DataFrame, np.ndarray]) -> None:
    frame, w = data
    expected = (frame / frame.iloc[0]).to_numpy() @ w
    growth = blend_growth(frame, weights_of(frame, w), "none")
    np.testing.assert_allclose(growth.to_numpy(), expected, rtol=1e-12)
    # A band no drift can exceed is buy and hold too.
    wide = blend_growth(frame, weights_of(frame, w), "threshold:1")
    np.testing.assert_allclose(wide.to_numpy(), expected, rtol=1e-12)


@settings(max_examples=60, deadline=None)
@given(price_sets())
def test_daily_is_constant_weights(data: tuple[pd.DataFrame, np.ndarray]) -> None:
    frame, w = data
    r = (frame / frame.shift(1) - 1).to_numpy()[1:]
    expected = np.concatenate([[1.0], np.cumprod(1 + r @ w)])
    growth = blend_growth(frame, weights_of(frame, w), "daily")
    np.testing.assert_allclose(growth.to_numpy(), expected, rtol=1e-12)
    zero_band = blend_growth(frame, weights_of(frame, w), "threshold:0")
    np.testing.assert_allclose(zero_band.to_numpy(), expected, rtol=1e-12)


@settings(max_examples=60, deadline=None)
@given(price_sets(), st.sampled_from(PERIODIC), st.floats(0.01, 100.0))
def test_long_only_positive_and_level_invariant(
    data: tuple[pd.DataFrame, np.ndarray], rule: str, scale: float
) -> None:
    frame, w = data
    growth = blend_growth(frame, weights_of(frame, w), rule)
    assert (growth > 0).all()
    assert growth.iloc[0] == 1.0
    scaled = frame.copy()
    scaled[frame.columns[0]] *= scale
    again = blend_growth(scaled, weights_of(frame, w), rule)
    np.testing.assert_allclose(again.to_numpy(), growth.to_numpy(), rtol=1e-10)


@settings(max_examples=40, deadline=None)
@given(price_sets(), st.sampled_from(["monthly", "quarterly", "annual"]))
def test_periodic_rule_resets_at_period_ends(
    data: tuple[pd.DataFrame, np.ndarray], rule: str
) -> None:
    """Independent loop implementation of the periodic rules."""
    frame, w = data
    values = frame.to_numpy()
    key = {"monthly": frame.index.to_period("M"), "quarterly": frame.index.to_period("Q")}.get(
        rule, frame.index.to_period("Y")
    )
    holdings = w / values[0]  # units per fund for 1 invested
    expected = [1.0]
    for t in range(1, len(values)):
        value = float(holdings @ values[t])
        expected.append(value)
        if t + 1 < len(values) and key[t + 1] != key[t]:
            holdings = value * w / values[t]
    growth = blend_growth(frame, weights_of(frame, w), rule)
    np.testing.assert_allclose(growth.to_numpy(), expected, rtol=1e-12)


# --------------------------------------------------------------------------- real data


def test_real_blend_starts_at_youngest_fund(real_prices: pd.DataFrame) -> None:
    growth = blend_growth(real_prices, {"IVV": 0.24, "NTSX": 0.40, "AGG": 0.16, "WTMF": 0.20})
    assert growth.index[0] == pd.Timestamp("2018-08-02")  # NTSX's first close
    assert growth.iloc[0] == 1.0
    assert growth.index[-1] == pd.Timestamp("2026-08-03")
    sixty_forty = blend_growth(real_prices, {"IVV": 0.6, "AGG": 0.4})
    assert sixty_forty.index[0] == pd.Timestamp("2003-09-29")  # AGG's first close


# --------------------------------------------------------------------------- independent engine


@pytest.mark.parametrize("rule", ["none", "daily", "monthly", "quarterly", "annual"])
def test_blend_path_matches_bt(real_prices: pd.DataFrame, rule: str) -> None:
    # bt (an independent backtester) rebalances to the same target weights at the last
    # close of each period; with fractional positions and no costs the paths agree to
    # rounding over the four funds' common history (2018 onward).
    bt = pytest.importorskip("bt")
    prices = real_prices[["IVV", "AGG", "NTSX", "WTMF"]].dropna()
    weights = {"IVV": 0.24, "NTSX": 0.40, "AGG": 0.16, "WTMF": 0.20}
    runs = {
        "none": bt.algos.RunOnce,
        "daily": bt.algos.RunDaily,
        "monthly": bt.algos.RunMonthly,
        "quarterly": bt.algos.RunQuarterly,
        "annual": bt.algos.RunYearly,
    }
    run = (
        runs[rule]()
        if rule in ("none", "daily")
        else runs[rule](run_on_first_date=True, run_on_end_of_period=True, run_on_last_date=False)
    )
    algos = [run, bt.algos.SelectAll(), bt.algos.WeighSpecified(**weights), bt.algos.Rebalance()]
    backtest = bt.Backtest(bt.Strategy(rule, algos), prices, integer_positions=False)
    path = bt.run(backtest).prices[rule]
    path = path[path.index >= prices.index[0]]  # bt adds a day before the first close
    ours = blend_growth(prices, weights, rule)
    np.testing.assert_allclose(path.to_numpy() / path.iloc[0], ours.to_numpy(), rtol=1e-12)
