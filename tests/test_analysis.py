"""Tests for efficap.analysis: the portfolio report and the names it re-exports."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from reference_blend import calendar_year, quarterly_blend, window_return

import efficap._linked
import efficap.analysis as analysis
from efficap import correlation, history, stress
from efficap.analysis import REPORT_TABLES, portfolio_report
from efficap.blend import parse_rebalance
from efficap.errors import DateError, EfficapError, PriceDataError
from efficap.performance import standardized_table
from efficap.risk import risk_stats

# Three funds on business days from 2017-01-02 to 2020-06-30; C starts in
# 2019, so the blend holding it has a shorter history.
DAYS = pd.bdate_range("2017-01-02", "2020-06-30", name="Date")
_t = np.arange(len(DAYS))
PRICES = pd.DataFrame(
    {
        "A": 100 * np.exp(np.cumsum(0.0004 + 0.012 * np.sin(_t / 7.0))),
        "B": 50 * np.exp(np.cumsum(0.0001 + 0.004 * np.cos(_t / 5.0))),
        "C": np.where(DAYS >= "2019-03-01", 20 * np.exp(0.0003 * _t), np.nan),
    },
    index=DAYS,
)
BLENDS = {"AB": {"A": 0.6, "B": 0.4}, "ABC": {"A": 0.5, "B": 0.3, "C": 0.2}}
PERIODS = {"early": ("2017-03-01", "2017-09-29"), "late": ("2019-06-03", "2020-03-31")}


def test_report_tables_and_order() -> None:
    report = portfolio_report(PRICES, BLENDS, periods=PERIODS)
    assert tuple(report) == REPORT_TABLES
    for name, frame in report.items():
        assert isinstance(frame, pd.DataFrame), name
        assert frame.attrs["description"], name
        assert report["tables"].loc[name, "description"] == frame.attrs["description"]


def test_report_states_its_facts() -> None:
    report = portfolio_report(PRICES, BLENDS, periods=PERIODS)
    facts = report["facts"]["value"]
    assert facts["as_of"] == pd.Timestamp("2020-06-30")  # the earliest last close
    assert facts["rebalancing"] == str(parse_rebalance(None))  # the package default
    assert facts["windows"] == "linked"
    assert facts["units"] == "decimals"
    assert facts["equity"] == "none (IVV is not priced)"  # so the correlation is n/a
    assert report["risk"]["Correlation to equities"].isna().all()
    assert (
        portfolio_report(PRICES, BLENDS, periods=PERIODS, equity=" a ")["facts"].loc[
            "equity", "value"
        ]
        == "A"
    )
    assert report["facts"]["description"].str.len().gt(0).all()
    closes = report["closes"]
    assert closes.loc["AB", "first_close"] == pd.Timestamp("2017-01-02")
    assert closes.loc["ABC", "first_close"] == pd.Timestamp("2019-03-01")
    assert (closes["last_close"] == pd.Timestamp("2020-06-30")).all()
    monthly = portfolio_report(PRICES, BLENDS, rebalance="monthly", periods=PERIODS)
    assert monthly["facts"].loc["rebalancing", "value"] == "monthly"
    assert "monthly rebalancing" in monthly["stress"].attrs["description"]


def test_report_agrees_with_the_functions_it_calls() -> None:
    report = portfolio_report(
        PRICES, BLENDS, rebalance="annual", periods=PERIODS, top=2, equity="A"
    )
    pd.testing.assert_frame_equal(
        report["performance"], standardized_table(PRICES, BLENDS, "2020-06-30", "annual")
    )
    pd.testing.assert_frame_equal(
        report["stress"], stress.stress_table(PRICES, BLENDS, PERIODS, "annual")
    )
    years = history.calendar_years(PRICES, BLENDS, "annual")
    pd.testing.assert_frame_equal(report["calendar"], years.returns)
    pd.testing.assert_frame_equal(report["calendar_partial"], years.partial)
    pd.testing.assert_frame_equal(
        report["drawdowns"], history.drawdown_table(PRICES, BLENDS, 2, "annual")
    )
    for name, weights in BLENDS.items():
        expected = risk_stats(PRICES, weights, "annual", equity="A")
        assert report["risk"].loc[name].to_numpy() == pytest.approx(expected.to_numpy())
        assert expected.notna().all()
    assert list(report["risk"].columns) == list(expected.index)
    # The early period is before ABC's history: n/a.
    assert math.isnan(report["stress"].loc["ABC", "early"])
    assert not math.isnan(report["stress"].loc["AB", "early"])


def test_each_growth_path_is_computed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    real = efficap._linked.blend_growth

    def counting(*args: object, **kwargs: object) -> pd.Series:
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(efficap._linked, "blend_growth", counting)
    portfolio_report(PRICES, BLENDS, periods=PERIODS)
    assert calls == list(BLENDS.values())


def test_as_of_cuts_every_table() -> None:
    report = portfolio_report(PRICES, BLENDS, as_of="2019-12-31", periods=PERIODS)
    assert report["facts"].loc["as_of", "value"] == pd.Timestamp("2019-12-31")
    assert (report["closes"]["last_close"] == pd.Timestamp("2019-12-31")).all()
    # "late" ends after the as-of date: n/a for every blend.
    assert report["stress"]["late"].isna().all()
    assert list(report["calendar"].columns) == [2017, 2018, 2019]
    assert not report["calendar_partial"].loc["AB", 2019]  # 2019-12-31 is the year's end
    assert (report["drawdowns"]["peak"] <= pd.Timestamp("2019-12-31")).all()
    cut = PRICES.loc[:"2019-12-31"]
    pd.testing.assert_frame_equal(report["drawdowns"], history.drawdown_table(cut, BLENDS, 5, None))
    assert report["risk"].loc["AB"].to_numpy() == pytest.approx(
        risk_stats(cut, BLENDS["AB"]).to_numpy(), nan_ok=True
    )


def test_as_of_before_a_blend_begins() -> None:
    report = portfolio_report(PRICES, BLENDS, as_of="2018-06-29", periods=PERIODS, equity="A")
    assert pd.isna(report["closes"].loc["ABC", "first_close"])
    assert report["performance"].loc["ABC"].isna().all()
    assert report["risk"].loc["ABC"].isna().all()
    assert report["stress"].loc["ABC"].isna().all()
    assert report["calendar"].loc["ABC"].isna().all()
    assert not report["calendar_partial"].loc["ABC"].any()
    assert set(report["drawdowns"]["blend"]) == {"AB"}
    assert report["risk"].loc["AB"].notna().all()


BAD = [
    (
        {"as_of": "soon"},
        DateError,
        "As-of date 'soon' is not a date I can read; write it as YYYY-MM-DD.",
    ),
    ({"as_of": " "}, DateError, "As-of date is blank."),
    (
        {"as_of": "03/04/2020"},
        DateError,
        "As-of date '03/04/2020' is ambiguous (day/month or month/day?): "
        "write 2020-04-03 or 2020-03-04.",
    ),
    (
        {"as_of": "2020-07-15"},
        PriceDataError,
        "Prices end 2020-06-30; as-of 2020-07-15 is 10 trading day(s) later. "
        "Add prices or pick an earlier date.",
    ),
    ({"top": 0}, EfficapError, "top must be a whole number of episodes, 1 or more; got 0."),
    (
        {"periods": {"x": ("2020-02-01", "2020-01-01")}},
        EfficapError,
        "Stress period 'x' starts 2020-02-01, not before its end 2020-01-01; put the start first.",
    ),
    (
        {"equity": "ZZZ"},
        EfficapError,
        "AB: No prices for equity ticker ZZZ (available: A, B, C).",
    ),
]


@pytest.mark.parametrize(("options", "error", "message"), BAD)
def test_bad_input(options: dict, error: type, message: str) -> None:
    assert len(message) < 160
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        portfolio_report(PRICES, BLENDS, **options)


def test_reexports() -> None:
    assert analysis.drawdowns is history.drawdowns
    assert analysis.calendar_years is history.calendar_years
    assert analysis.rolling_correlation is correlation.rolling_correlation
    assert analysis.worst_months is correlation.worst_months
    assert analysis.stress_table is stress.stress_table
    assert set(analysis.__all__) <= set(dir(analysis))


# --------------------------------------------------------------------------- real prices

FIGURE_1 = {
    "Efficient Allocation to Managed Futures": {
        "IVV": 0.24,
        "NTSX": 0.40,
        "AGG": 0.16,
        "WTMF": 0.20,
    },
    "Traditional Allocation to Managed Futures": {"IVV": 0.50, "AGG": 0.30, "WTMF": 0.20},
    "Traditional 60/40": {"IVV": 0.60, "AGG": 0.40},
}


def test_real_report_matches_an_independent_loop(
    real_prices: pd.DataFrame, shared_prices_dir: Path
) -> None:
    report = portfolio_report(real_prices, FIGURE_1, rebalance="quarterly")
    dates, values = quarterly_blend(shared_prices_dir, FIGURE_1["Traditional 60/40"])
    row = "Traditional 60/40"
    assert report["stress"].loc[row, "GFC"] == pytest.approx(
        window_return(dates, values, "2007-10-09", "2009-03-09"), abs=0.0005
    )
    assert report["stress"].loc[row, "Covid crash"] == pytest.approx(
        window_return(dates, values, "2020-02-19", "2020-03-23"), abs=0.0005
    )
    for year in (2008, 2022):
        assert report["calendar"].loc[row, year] == pytest.approx(
            calendar_year(dates, values, year), abs=0.0005
        )
    efficient = "Efficient Allocation to Managed Futures"
    assert report["stress"].loc[efficient, ["GFC", "2011 debt-ceiling/euro crisis"]].isna().all()
    assert report["closes"].loc[efficient, "first_close"] == pd.Timestamp("2018-08-02")
    assert report["facts"].loc["rebalancing", "value"] == "quarterly"
    assert report["facts"].loc["as_of", "value"] == real_prices.index[-1]
