"""Tests for efficap.screen: candidate overlays on a core, and how each blend did.

The WTMF row at 20% and the core are reproduced by a plain-Python loop that reads the
price files with the csv module and rebalances by hand (no efficap import in it).
"""

from __future__ import annotations

import csv
import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from efficap.blend import blend_growth
from efficap.errors import ScreenError, UnitsError, UnknownTickerError, WeightsError
from efficap.pricecheck import PriceWarning
from efficap.prices import read_prices
from efficap.screen import screen

SIXTY_FORTY = {"IVV": 0.6, "AGG": 0.4}
STACK = {"IVV": 0.24, "NTSX": 0.40, "AGG": 0.16, "WTMF": 0.20}


# --------------------------------------------------------------------------- independent check


def plain_annual(folder, weights):
    """CAGR and max drawdown of a blend rebalanced to target at each year's last close.

    Plain Python: the csv module, dicts and a loop; the closes all the funds share.
    """
    series = {}
    for ticker in weights:
        with open(folder / f"{ticker}.csv", newline="") as f:
            rows = list(csv.reader(f))[1:]
        series[ticker] = {r[0]: float(r[1]) for r in rows if r and r[1]}
    days = sorted(set.intersection(*(set(s) for s in series.values())))
    units = {t: w / series[t][days[0]] for t, w in weights.items()}
    peak, worst, value = 1.0, 0.0, 1.0
    for i, day in enumerate(days):
        value = sum(units[t] * series[t][day] for t in weights)
        peak = max(peak, value)
        worst = min(worst, value / peak - 1)
        if i + 1 < len(days) and days[i + 1][:4] != day[:4]:  # last close of its year
            units = {t: w * value / series[t][day] for t, w in weights.items()}
    first = dt.date.fromisoformat(days[0])
    last = dt.date.fromisoformat(days[-1])
    years = (last - first).days / 365.25
    return days[0], days[-1], value ** (1 / years) - 1, worst


@pytest.fixture(scope="module")
def prices(shared_prices_dir):
    # DBMF's 27 missing trading days are in the shared data (its README says so).
    with pytest.warns(PriceWarning, match=r"DBMF: 27 NYSE trading days without a close"):
        return read_prices(shared_prices_dir, ["IVV", "AGG", "NTSX", "WTMF", "GLD", "TYA", "DBMF"])


@pytest.fixture(scope="module")
def wtmf_gld(prices):
    return screen(prices, SIXTY_FORTY, ["WTMF", "GLD"], [0.2], "annual")


def test_plain_loop_reproduces_the_wtmf_row(shared_prices_dir, wtmf_gld):
    first, last, stack_cagr, stack_dd = plain_annual(shared_prices_dir, STACK)
    assert (first, last) == ("2018-08-02", "2026-08-03")
    # The published check: 10.18% and -21.30%; the core 9.87% and -21.11%.
    assert stack_cagr == pytest.approx(0.1018, abs=0.00005)
    assert stack_dd == pytest.approx(-0.2130, abs=0.00005)
    # The core over the same closes (those IVV, NTSX, AGG and WTMF share).
    core_on_window = {**SIXTY_FORTY, "NTSX": 0.0, "WTMF": 0.0}
    _, _, core_cagr, core_dd = plain_annual(shared_prices_dir, core_on_window)
    assert core_cagr == pytest.approx(0.0987, abs=0.00005)
    assert core_dd == pytest.approx(-0.2111, abs=0.00005)

    row = wtmf_gld.loc["WTMF +20%"]
    assert row["CAGR"] == pytest.approx(stack_cagr, abs=1e-12)
    assert row["Max drawdown"] == pytest.approx(stack_dd, abs=1e-12)
    assert row["CAGR vs core"] == pytest.approx(stack_cagr - core_cagr, abs=1e-12)
    assert row["Max drawdown vs core"] == pytest.approx(stack_dd - core_dd, abs=1e-12)
    assert (row["First close"], row["Last close"]) == (pd.Timestamp(first), pd.Timestamp(last))


def test_rows_carry_weights_notional_and_status(wtmf_gld):
    assert list(wtmf_gld.index) == ["WTMF +20%", "GLD +20%"]
    assert wtmf_gld.index.name == "Row"
    weights = wtmf_gld[["IVV", "AGG", "NTSX", "WTMF", "GLD"]]
    assert weights.loc["WTMF +20%"].tolist() == pytest.approx([0.24, 0.16, 0.4, 0.2, 0.0])
    assert weights.loc["GLD +20%"].tolist() == pytest.approx([0.24, 0.16, 0.4, 0.0, 0.2])
    assert wtmf_gld["Overlay"].tolist() == [0.2, 0.2]
    assert wtmf_gld["Status"].tolist() == ["exact", "exact"]
    assert wtmf_gld["Total notional"].tolist() == pytest.approx([1.2, 1.2])
    assert wtmf_gld["Financing"].tolist() == pytest.approx([-0.2, -0.2])


def test_stress_columns_na_outside_the_window(wtmf_gld):
    row = wtmf_gld.loc["WTMF +20%"]
    assert math.isnan(row["GFC"]) and math.isnan(row["2011 debt-ceiling/euro crisis"])
    assert row["Covid crash"] < -0.1 and row["2022 rates shock"] < -0.1


def test_figures_match_the_core_functions(prices, wtmf_gld):
    window = prices[["IVV", "AGG", "NTSX", "WTMF"]].dropna()
    growth = blend_growth(window, STACK, "annual")
    rets = growth.pct_change().dropna()
    row = wtmf_gld.loc["WTMF +20%"]
    assert row["Volatility"] == pytest.approx(rets.std() * np.sqrt(252), rel=1e-12)
    assert row["Sharpe"] == pytest.approx(rets.mean() / rets.std() * np.sqrt(252), rel=1e-12)
    covid = growth.loc[:"2020-03-23"].iloc[-1] / growth.loc[:"2020-02-19"].iloc[-1] - 1
    assert row["Covid crash"] == pytest.approx(covid, rel=1e-12)


def test_down_month_correlation_by_hand(prices, wtmf_gld):
    window = prices[["IVV", "AGG", "NTSX", "WTMF"]].dropna()
    growth = blend_growth(window, STACK, "annual")
    month_ends = growth.groupby(growth.index.to_period("M")).tail(1)
    ivv = window["IVV"].loc[month_ends.index]
    b, e = month_ends.pct_change().iloc[1:-1], ivv.pct_change().iloc[1:-1]
    # whole months: the first (from 2018-08-02) and the last (2026-08, three closes) out
    assert b.index[0] == pd.Timestamp("2018-09-28") and b.index[-1] == pd.Timestamp("2026-07-31")
    down = e < 0
    expected = np.corrcoef(b[down], e[down])[0, 1]
    assert wtmf_gld.loc["WTMF +20%", "Down-month correlation"] == pytest.approx(expected, rel=1e-12)


def test_caption_says_what_the_table_is(wtmf_gld):
    caption = wtmf_gld.attrs["caption"]
    for text in ("as of 2026-08-03", "core IVV=60% AGG=40%", "annual rebalancing", "0.00%"):
        assert text in caption


def test_sort_best_first_and_no_answer_rows(prices):
    table = screen(prices, None, ["WTMF", "GLD", "DBMF"], [0.2, 0.4], sort="cagr vs core")
    assert table["CAGR vs core"].is_monotonic_decreasing is False  # n/a rows last
    known = table["CAGR vs core"].dropna()
    assert known.is_monotonic_decreasing and len(known) == 3
    assert table.index[-3:].str.endswith("+40%").all()
    blank = table.loc["WTMF +40%"]
    assert blank["Status"].startswith("no exact answer")
    assert blank[["IVV", "CAGR", "Max drawdown", "Sharpe"]].isna().all()
    by_vol = screen(prices, None, ["WTMF", "GLD"], [0.2], sort="Volatility")
    assert by_vol["Volatility"].is_monotonic_increasing


def test_default_candidates_and_overlays(prices):
    table = screen(prices)
    assert table["Candidate"].unique().tolist() == ["WTMF", "GLD", "DBMF"]  # in price-column order
    assert table["Overlay"].unique().tolist() == [0.1, 0.2, 0.3]
    assert table.loc["DBMF +10%", "First close"] == pd.Timestamp("2019-05-08")


def test_simulated_rows_are_labelled(prices):
    marks = {"NTSX": (pd.Timestamp("2007-05-30"), pd.Timestamp("2018-08-01"))}
    table = screen(prices, None, ["WTMF"], [0.2], simulated=marks)
    # the real closes start 2018-08-02, so the row's window holds no simulated close
    assert table.loc["WTMF +20%", "Simulated"] == ""
    early = {"NTSX": (pd.Timestamp("2018-01-02"), pd.Timestamp("2018-09-28"))}
    table = screen(prices, None, ["WTMF"], [0.2], simulated=early)
    assert table.loc["WTMF +20%", "Simulated"] == "NTSX 2018-08-02 to 2018-09-28"
    assert "simulated data: WTMF +20%: NTSX 2018-08-02 to 2018-09-28" in table.attrs["caption"]


def test_a_row_whose_funds_share_no_closes(prices):
    # GLD's closes only before NTSX's first: the row is solved but has no window.
    early = prices.copy()
    early.loc["2018-01-01":, "GLD"] = np.nan
    table = screen(early, None, ["GLD", "WTMF"], [0.2])
    gld = table.loc["GLD +20%"]
    assert gld["Status"] == "exact; its funds share 0 close(s): no figures"
    assert gld["NTSX"] == pytest.approx(0.4) and gld["Total notional"] == pytest.approx(1.2)
    assert gld[["CAGR", "Max drawdown", "Sharpe"]].isna().all()
    assert table.loc["WTMF +20%", "CAGR"] == pytest.approx(0.1018, abs=0.00005)


@pytest.mark.parametrize(
    ("kwargs", "error", "text"),
    [
        ({"candidates": ["IVV"]}, ScreenError, "in the core"),
        ({"candidates": ["WTMF", "wtmf"]}, ScreenError, "listed twice"),
        ({"candidates": ["KMLM"]}, UnknownTickerError, "No prices for candidate KMLM"),
        ({"candidates": []}, ScreenError, "No candidate funds"),
        ({"overlays": [20]}, ScreenError, "write 20% or 0.2"),
        ({"overlays": []}, ScreenError, "No overlay sizes"),
        ({"core": {"IVV": 0.6, "AGG": 0.3}}, WeightsError, "not 100%"),
        ({"core": {"IVV": 0.6, "BND": 0.4}}, UnknownTickerError, "BND"),
        ({"risk_free": 4}, UnitsError, "0.04"),
        ({"sort": "Colour"}, ScreenError, "Cannot sort by 'Colour'"),
        ({"sort": "Status"}, ScreenError, "Cannot sort"),
        ({"equity": "SPY"}, UnknownTickerError, "SPY"),
        ({"rebalance": "fortnightly"}, Exception, "Unknown rebalancing rule"),
    ],
)
def test_bad_input(prices, kwargs, error, text):
    args = {"candidates": ["WTMF"], "overlays": [0.2], **kwargs}
    with pytest.raises(error, match=text):
        screen(prices, **args)
