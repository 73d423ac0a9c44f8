"""Tests for efficap.risk: risk figures of a blend, and sweeps of many weight vectors."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from efficap.blend import blend_growth
from efficap.errors import (
    EfficapError,
    PriceDataError,
    UnitsError,
    UnknownTickerError,
    WeightsError,
)
from efficap.risk import risk_stats, sweep_stats
from efficap.stats import annualized_volatility, cagr, max_drawdown, monthly_returns, sharpe_ratio

EFFICIENT = {"IVV": 0.24, "NTSX": 0.40, "AGG": 0.16, "WTMF": 0.20}


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
    # False: no correlation, even with a column the default would take
    named_ivv = prices.rename(columns={"B": "IVV"})
    none = risk_stats(named_ivv, {"A": 1.0}, equity=False)
    assert math.isnan(none["Correlation to equities"])
    assert none.drop("Correlation to equities").equals(
        risk_stats(named_ivv, {"A": 1.0}).drop("Correlation to equities")
    )
    with pytest.raises(
        UnknownTickerError, match=r"No prices for equity ticker SPY \(available: A, B\)"
    ):
        risk_stats(prices, {"A": 1.0}, equity="SPY")
    with pytest.raises(UnknownTickerError, match=r"Equity ticker must be text"):
        risk_stats(prices, {"A": 1.0}, equity=" ")
    with pytest.raises(UnitsError, match=r"Risk-free rate is nan"):
        risk_stats(prices, {"A": 1.0}, risk_free=float("nan"))
    with pytest.raises(UnitsError, match=r"^Risk-free rate is 4 \(400%\)"):
        risk_stats(prices, {"A": 1.0}, risk_free=4)
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
        stats = risk_stats(prices, w, "quarterly", start=common[0])
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


def test_sharpe_of_constant_growth_is_nan() -> None:
    # A cash-like series growing by the same factor every day: before, Sharpe 1.65e13.
    dates = pd.bdate_range("2024-01-01", periods=300, name="Date")
    cash = pd.DataFrame({"CASH": 100 * 1.0001 ** np.arange(300)}, index=dates)
    stats = risk_stats(cash, {"CASH": 1.0})
    assert math.isnan(stats["Sharpe"])
    assert stats["Volatility"] == pytest.approx(0.0, abs=1e-12)
    assert stats["CAGR"] > 0
