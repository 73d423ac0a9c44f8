"""Tests for efficap.realized: stated against realized exposures by regression."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from efficap.errors import (
    DateError,
    MissingProxyError,
    PriceDataError,
    RegressionError,
    UnknownTickerError,
)
from efficap.prices import read_prices
from efficap.realized import FLAG_GAP, ols, realized_exposures
from efficap.simulate import simulate

# The synthetic prices run on weekdays, holidays included: the calendar warnings are moot.
pytestmark = pytest.mark.filterwarnings("ignore::efficap.pricecheck.PriceWarning")

# --------------------------------------------------------------------------- ols by hand


def test_ols_one_regressor_by_hand():
    # y = 1 + 2x + e with e = (+1, -1, -1, +1): the fit is worked out on paper.
    x = np.array([0.0, 1.0, 2.0, 3.0])
    y = 1.0 + 2.0 * x + np.array([1.0, -1.0, -1.0, 1.0])
    coef, se, r2 = ols(y, x)
    # The errors have mean 0 and sum((x - 1.5) e) = -1.5 + 0.5 - 0.5 + 1.5 = 0, so the
    # fit is the line itself: slope 2, intercept 1; residuals e; xbar = 1.5, Sxx = 5.
    assert coef == pytest.approx([1.0, 2.0], abs=1e-12)
    # RSS = 4, s^2 = 4 / (4 - 2) = 2; se(slope) = sqrt(2 / 5); se(intercept) =
    # sqrt(2 * (1/4 + 1.5^2 / 5)) = sqrt(2 * 0.7)
    assert se == pytest.approx([math.sqrt(1.4), math.sqrt(0.4)], rel=1e-12)
    # TSS = sum((y - 4)^2) with y = (2, 2, 4, 8): 4 + 4 + 0 + 16 = 24
    assert r2 == pytest.approx(1 - 4 / 24, rel=1e-12)


def test_ols_recovers_known_betas():
    rng = np.random.default_rng(7)
    x = rng.normal(0, 0.01, size=(5000, 2))
    y = 0.0001 + x @ np.array([0.9, 0.6]) + rng.normal(0, 0.002, 5000)
    coef, se, r2 = ols(y, x)
    assert coef[1:] == pytest.approx([0.9, 0.6], abs=4 * se[1:].max())
    # Classical standard error of a slope: sigma / (sqrt(n) * sd(x)) ~ 0.002 / (70.7 * 0.01)
    assert se[1:] == pytest.approx([0.002 / math.sqrt(5000) / 0.01] * 2, rel=0.05)
    assert 0.9 < r2 < 1


@settings(max_examples=30, deadline=None)
@given(st.floats(-3, 3), st.floats(-3, 3), st.floats(-0.01, 0.01))
def test_ols_exact_fit_returns_the_coefficients(b1, b2, a):
    x = np.array([[0.01, 0.0], [0.0, 0.02], [-0.01, 0.01], [0.02, -0.01], [0.005, 0.003]])
    coef, se, _ = ols(a + x @ np.array([b1, b2]), x)
    assert coef == pytest.approx([a, b1, b2], abs=1e-9)
    assert se.max() < 1e-9


def test_ols_refuses_collinear_and_short_input():
    x = np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0], [4.0, 8.0]])
    with pytest.raises(RegressionError, match="collinear"):
        ols(np.arange(4.0), x)
    with pytest.raises(RegressionError, match="too few"):
        ols([1.0, 2.0], [1.0, 3.0])
    with pytest.raises(RegressionError, match="finite"):
        ols([1.0, np.nan, 2.0, 3.0], [1.0, 2.0, 3.0, 4.0])


# --------------------------------------------------------------------------- synthetic fund


def synthetic(days: int = 400, eq: float = 0.9, fi: float = 0.47, noise: float = 0.0):
    """IVV, IEF, BIL and an 'NTSX' built from them with known betas, on weekdays."""
    rng = np.random.default_rng(11)
    index = pd.bdate_range("2020-01-01", periods=days, name="Date")
    cash = np.full(days, 0.0001)
    r_eq = rng.normal(0.0004, 0.01, days)
    r_fi = rng.normal(0.0001, 0.004, days)
    r_fund = cash + eq * (r_eq - cash) + fi * (r_fi - cash) + rng.normal(0, noise, days)
    levels = {
        "IVV": r_eq,
        "IEF": r_fi,
        "BIL": cash,
        "NTSX": r_fund,
    }
    return pd.DataFrame({t: 100 * np.cumprod(1 + r) for t, r in levels.items()}, index=index)


def test_synthetic_daily_betas_exact():
    # Daily returns of the built fund are exactly linear in the proxies' (no noise).
    result = realized_exposures("NTSX", synthetic(), frequency="daily")
    assert result.realized.to_dict() == pytest.approx(
        {"U.S. Equities": 0.9, "U.S. Fixed Income": 0.47}, abs=1e-9
    )
    assert result.stated.to_dict() == {"U.S. Equities": 0.9, "U.S. Fixed Income": 0.6}
    assert result.observations == 399 and result.r_squared == pytest.approx(1.0)
    assert result.proxies == {"U.S. Equities": "IVV", "U.S. Fixed Income": "IEF"}
    assert result.cash == "BIL"


def test_synthetic_weekly_close_to_known_betas_and_flagged():
    prices = synthetic(noise=0.002)
    result = realized_exposures("ntsx", prices)  # weekly by default
    assert result.frequency == "weekly"
    # 400 weekdays from Wed 2020-01-01: the base close, Fri 2020-01-03, 79 full weeks and
    # a last week ending on a Tuesday; each return runs from one week's last close to the
    # next: 81 returns.
    assert result.observations == 81
    assert result.first == pd.Timestamp("2020-01-01")
    assert result.last == prices.index[-1]
    table = result.table()
    assert list(table.columns) == [
        "proxy",
        "stated",
        "realized",
        "std_error",
        "difference",
        "flagged",
    ]
    assert table.loc["U.S. Equities", "realized"] == pytest.approx(0.9, abs=0.05)
    assert table.loc["U.S. Fixed Income", "realized"] == pytest.approx(0.47, abs=0.1)
    assert table["flagged"].tolist() == [False, True]
    assert (
        "weekly" in table.attrs["caption"] and "2 standard errors and 0.1" in table.attrs["caption"]
    )


def test_weekly_sample_is_last_close_of_each_week():
    from efficap.realized import _sample

    prices = synthetic(days=12)
    # 2020-01-01 Wed .. 2020-01-16 Thu: the base close, Fri 3rd, Fri 10th, Thu 16th.
    picked = _sample(prices, "weekly").index.strftime("%Y-%m-%d").tolist()
    assert picked == ["2020-01-01", "2020-01-03", "2020-01-10", "2020-01-16"]
    assert _sample(prices, "daily").equals(prices)


def test_flag_needs_both_a_gap_and_two_standard_errors():
    result = realized_exposures("NTSX", synthetic(), frequency="daily")
    flagged = result.flagged
    assert not flagged["U.S. Equities"] and flagged["U.S. Fixed Income"]
    gap = abs(result.realized["U.S. Fixed Income"] - 0.6)
    assert gap > FLAG_GAP
    # within 0.1: never flagged, however small the standard error
    near = realized_exposures("NTSX", synthetic(fi=0.55), frequency="daily")
    assert not near.flagged.any()


@pytest.mark.parametrize(
    ("kwargs", "error", "text"),
    [
        ({"fund": "BIL"}, RegressionError, "only cash"),
        ({"fund": "XYZ"}, UnknownTickerError, "XYZ"),
        ({"fund": "GDE"}, MissingProxyError, "GLD"),
        ({"fund": "NTSI"}, MissingProxyError, "International Equities"),
        ({"frequency": "monthly"}, RegressionError, "daily or weekly"),
        ({"start": "03/04/2020"}, DateError, "ambiguous"),
        ({"start": "2021-06-01"}, RegressionError, "need at least"),
    ],
)
def test_bad_input(kwargs, error, text):
    prices = synthetic()
    prices["GDE"] = prices["NTSI"] = prices["NTSX"]
    args = {"fund": "NTSX", "prices": prices, **kwargs}
    with pytest.raises(error, match=text):
        realized_exposures(**args)


def test_fund_without_prices_and_shared_proxy():
    with pytest.raises(PriceDataError, match="No prices for NTSX"):
        realized_exposures("NTSX", synthetic().drop(columns="NTSX"))
    with pytest.raises(RegressionError, match="share a proxy"):
        realized_exposures(
            "NTSX", synthetic(), proxies={"U.S. Fixed Income": "IVV"}, frequency="daily"
        )


# --------------------------------------------------------------------------- real prices


@pytest.fixture(scope="module")
def real(shared_prices_dir):
    return read_prices(shared_prices_dir, ["NTSX", "IVV", "IEF", "BIL", "SHY", "SPY"])


def test_ntsx_realized_daily_and_weekly(real):
    daily = realized_exposures("NTSX", real, frequency="daily")
    assert daily.observations == 2009
    assert (daily.first, daily.last) == (pd.Timestamp("2018-08-02"), pd.Timestamp("2026-08-03"))
    assert daily.realized["U.S. Equities"] == pytest.approx(0.90, abs=0.005)
    assert daily.realized["U.S. Fixed Income"] == pytest.approx(0.47, abs=0.005)
    assert daily.std_error.to_dict() == pytest.approx(
        {"U.S. Equities": 0.006, "U.S. Fixed Income": 0.015}, abs=0.001
    )
    assert daily.r_squared == pytest.approx(0.93, abs=0.005)
    weekly = realized_exposures("NTSX", real)
    assert weekly.realized.round(2).to_dict() == {"U.S. Equities": 0.92, "U.S. Fixed Income": 0.46}
    assert weekly.r_squared == pytest.approx(0.97, abs=0.005)
    for result in (daily, weekly):
        assert result.flagged.to_dict() == {"U.S. Equities": False, "U.S. Fixed Income": True}


def test_simulate_with_realized_exposures(real):
    stated = simulate("NTSX", real)
    fitted = simulate("NTSX", real, exposures="realized")
    assert fitted.exposures.round(2).to_dict() == {"U.S. Equities": 0.92, "U.S. Fixed Income": 0.46}
    # The realized betas follow the fund's months more closely; the level (CAGR) gap is
    # the regression's alpha, which the betas do not carry, and widens.
    assert fitted.validation.monthly_correlation > stated.validation.monthly_correlation
    mte = fitted.validation.monthly_tracking_error
    assert mte < stated.validation.monthly_tracking_error
    assert abs(fitted.validation.cagr_difference) > abs(stated.validation.cagr_difference)
    given = simulate("NTSX", real, exposures={"u.s. equities": "90%", "U.S. Fixed Income": 0.6})
    assert given.simulated.equals(stated.simulated)


@pytest.mark.parametrize(
    ("exposures", "error", "text"),
    [
        ("fitted", "SimulationError", "stated, realized or a mapping"),
        ({"Gold bars": 0.5}, "CatalogError", "Gold bars"),
        ({"U.S. Equities": 90}, "UnitsError", "90% or 0.9"),
    ],
)
def test_simulate_refuses_bad_exposures(exposures, error, text):
    import efficap.errors

    with pytest.raises(getattr(efficap.errors, error), match=text):
        simulate("NTSX", synthetic(), exposures=exposures)
