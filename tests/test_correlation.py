"""Tests for efficap.correlation: rolling correlation and worst months."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from reference_blend import quarterly_blend, read_closes

from efficap.correlation import WorstMonths, rolling_correlation, worst_months
from efficap.errors import EfficapError, PriceDataError, UnknownTickerError

# --------------------------------------------------------------------------- tiny fixture
#
# One close mid-January (the first, so January is not a whole month), then one
# at each month end to June, then one in July (the data end before July's last
# weekday, so July is not a whole month either). Whole months: Feb..Jun.
#
#   month   E (equity)  D (diversifier)  N (= -E)
#   Feb     -10%        +2%              +10%
#   Mar      +5%         0%               -5%
#   Apr     -20%        +3%              +20%
#   May     +10%        -1%              -10%
#   Jun      +2%        +1%               -2%
#
# Sorted by E: Apr, Feb | Jun | Mar, May. With quantile 0.4, 2 months a side:
# D averages (3% + 2%) / 2 = 2.5% in E's worst months and (0% - 1%) / 2 = -0.5%
# in its best; E itself -15% and +7.5%.
E_RET = [-0.10, 0.05, -0.20, 0.10, 0.02]
D_RET = [0.02, 0.00, 0.03, -0.01, 0.01]
DATES = pd.DatetimeIndex(
    pd.to_datetime(
        [
            "2020-01-15",
            "2020-01-31",
            "2020-02-28",
            "2020-03-31",
            "2020-04-30",
            "2020-05-29",
            "2020-06-30",
            "2020-07-10",
        ]
    ),
    name="Date",
)


def _level(whole_months: list[float]) -> np.ndarray:
    # January's partial month +1%, July's partial month -3%.
    return 100 * np.cumprod([1.0, 1.01, *(1 + np.asarray(whole_months)), 0.97])


PRICES = pd.DataFrame(
    {
        "E": _level(E_RET),
        "D": _level(D_RET),
        "N": _level([-r for r in E_RET]),
        "K": np.full(len(DATES), 50.0),
    },
    index=DATES,
)


def test_crisis_alpha_hand_checked() -> None:
    got = worst_months(PRICES, {"D": 1.0}, equity="E", quantile=0.4)
    assert isinstance(got, WorstMonths)
    assert got.blend_worst == pytest.approx(0.025, abs=1e-12)
    assert got.blend_best == pytest.approx(-0.005, abs=1e-12)
    assert got.equity_worst == pytest.approx(-0.15, abs=1e-12)
    assert got.equity_best == pytest.approx(0.075, abs=1e-12)
    assert (got.count, got.months) == (2, 5)
    assert got.first_month == pd.Timestamp("2020-02-28")
    assert got.last_month == pd.Timestamp("2020-06-30")
    assert (got.equity, got.quantile) == ("E", 0.4)
    table = got.table()
    assert list(table.index) == ["worst", "best"]
    assert table.index.name == "E months"
    assert table["blend"].tolist() == pytest.approx([0.025, -0.005], abs=1e-12)
    assert table["equity"].tolist() == pytest.approx([-0.15, 0.075], abs=1e-12)
    assert table["months"].tolist() == [2, 2]


def test_crisis_alpha_default_quantile_takes_a_fifth() -> None:
    # 5 whole months, quantile 0.2: 1 a side (Apr worst, May best).
    got = worst_months(PRICES, {"D": 0.5, "E": 0.5}, equity="e", rebalance="monthly")
    assert got.count == 1
    assert got.equity_worst == pytest.approx(-0.20, abs=1e-12)
    assert got.blend_worst == pytest.approx(0.5 * 0.03 + 0.5 * -0.20, abs=1e-12)
    assert got.blend_best == pytest.approx(0.5 * -0.01 + 0.5 * 0.10, abs=1e-12)


def test_rolling_correlation_hand_checked() -> None:
    got = rolling_correlation(PRICES, {"D": 1.0}, equity="E", months=(3, 5))
    assert list(got.columns) == ["3M", "5M"]
    assert got.index.name == "Date"
    assert list(got.index) == list(DATES[2:7])
    assert got["3M"].iloc[:2].isna().all()
    for end in range(2, 5):
        window = slice(end - 2, end + 1)
        expected = np.corrcoef(D_RET[window], E_RET[window])[0, 1]
        assert got["3M"].iloc[end] == pytest.approx(expected, abs=1e-9)
    assert got["5M"].iloc[-1] == pytest.approx(np.corrcoef(D_RET, E_RET)[0, 1], abs=1e-9)
    assert got["5M"].iloc[:4].isna().all()


def test_rolling_correlation_of_exact_relations() -> None:
    # Half in E, half in a flat fund, reset monthly: every month is half E's.
    half = rolling_correlation(PRICES, {"E": 0.5, "K": 0.5}, "E", months=3, rebalance="monthly")
    assert half["3M"].dropna().to_numpy() == pytest.approx(1.0, abs=1e-9)
    mirror = rolling_correlation(PRICES, {"N": 1.0}, "E", months=[3])
    assert mirror["3M"].dropna().to_numpy() == pytest.approx(-1.0, abs=1e-9)
    assert len(mirror["3M"].dropna()) == 3


BAD = [
    (
        lambda: rolling_correlation(PRICES, {"D": 1.0}, equity="ZZZ"),
        UnknownTickerError,
        "Equity: No prices for ZZZ (available: E, D, N, K).",
    ),
    (
        lambda: worst_months(PRICES, {"D": 1.0}, equity=5),
        UnknownTickerError,
        "Equity ticker must be text, got 5.",
    ),
    (
        lambda: rolling_correlation(PRICES, {"D": 1.0}, "E", months=[12, 2]),
        EfficapError,
        "months must be whole numbers from 3 to 1200, e.g. (12, 36); got [12, 2].",
    ),
    (
        lambda: rolling_correlation(PRICES, {"D": 1.0}, "E", months="12"),
        EfficapError,
        "months must be whole numbers from 3 to 1200, e.g. (12, 36); got '12'.",
    ),
    (
        lambda: rolling_correlation(PRICES, {"D": 1.0}, "E", months=()),
        EfficapError,
        "months must be whole numbers from 3 to 1200, e.g. (12, 36); got ().",
    ),
    (
        lambda: worst_months(PRICES, {"D": 1.0}, "E", quantile=0.6),
        EfficapError,
        "quantile must be above 0 and at most 0.5 (0.2 = a fifth of months); got 0.6.",
    ),
    (
        lambda: worst_months(PRICES, {"D": 1.0}, "E", quantile=0),
        EfficapError,
        "quantile must be above 0 and at most 0.5 (0.2 = a fifth of months); got 0.",
    ),
    (
        lambda: worst_months(PRICES, {"D": 1.0}, "E", quantile=0.1),
        PriceDataError,
        "5 whole months are too few for quantile 0.1; need 10.",
    ),
    (
        lambda: worst_months(PRICES, {"D": 0.5, "E": 0.4}, "E"),
        EfficapError,
        "Weights sum to 90%, not 100% (allowed gap 0.0001%).",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), BAD)
def test_bad_input(call: object, error: type, message: str) -> None:
    assert len(message) < 160
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        call()  # type: ignore[operator]


def test_no_common_closes() -> None:
    apart = pd.DataFrame(
        {"A": [1.0, 1.1, math.nan, math.nan], "B": [math.nan, math.nan, 1.0, 1.2]},
        index=pd.bdate_range("2020-01-01", periods=4, name="Date"),
    )
    with pytest.raises(PriceDataError, match=r"^The blend and B have fewer than 2 closes"):
        rolling_correlation(apart, {"A": 1.0}, "B")


# --------------------------------------------------------------------------- real prices

SIXTY_FORTY = {"IVV": 0.6, "AGG": 0.4}


def _independent_monthly(folder: Path) -> tuple[list[float], list[float]]:
    """60/40 (quarterly) and IVV whole-month returns from the plain-Python loop."""
    dates, values = quarterly_blend(folder, SIXTY_FORTY)
    ivv = read_closes(folder, "IVV")
    month_end = [
        i for i in range(len(dates)) if i + 1 == len(dates) or dates[i + 1][:7] != dates[i][:7]
    ]
    # Leave out the first month (from the first close) and the last when the
    # data end before that month's last weekday.
    last = dt.date.fromisoformat(dates[-1])
    days = calendar.monthrange(last.year, last.month)[1]
    weekdays = [d for d in range(1, days + 1) if dt.date(last.year, last.month, d).weekday() < 5]
    ends = month_end if last.day >= weekdays[-1] else month_end[:-1]
    blend = [values[b] / values[a] - 1 for a, b in itertools.pairwise(ends)]
    equity = [ivv[dates[b]] / ivv[dates[a]] - 1 for a, b in itertools.pairwise(ends)]
    return blend, equity


def test_real_sixty_forty_against_an_independent_loop(
    real_prices: pd.DataFrame, shared_prices_dir: Path
) -> None:
    blend, equity = _independent_monthly(shared_prices_dir)
    got = rolling_correlation(real_prices, SIXTY_FORTY, "IVV", (12, 36), "quarterly")
    assert len(got) == len(blend)
    assert got["36M"].iloc[-1] == pytest.approx(
        np.corrcoef(blend[-36:], equity[-36:])[0, 1], abs=1e-9
    )
    assert got["12M"].iloc[-1] == pytest.approx(
        np.corrcoef(blend[-12:], equity[-12:])[0, 1], abs=1e-9
    )
    alpha = worst_months(real_prices, SIXTY_FORTY, "IVV", 0.2, "quarterly")
    order = sorted(range(len(equity)), key=lambda i: equity[i])
    k = len(equity) // 5
    assert alpha.months == len(equity) and alpha.count == k
    assert alpha.blend_worst == pytest.approx(sum(blend[i] for i in order[:k]) / k, abs=1e-9)
    assert alpha.blend_best == pytest.approx(sum(blend[i] for i in order[-k:]) / k, abs=1e-9)
    # A 60/40 falls with stocks, by less: no worst months.
    assert alpha.equity_worst < alpha.blend_worst < 0


def test_the_former_name_still_answers_with_a_deprecation_warning() -> None:
    from efficap.correlation import CrisisAlpha, crisis_alpha

    with pytest.warns(DeprecationWarning, match="not an alpha"):
        got = crisis_alpha(PRICES, {"D": 1.0}, equity="E", quantile=0.4)
    assert got == worst_months(PRICES, {"D": 1.0}, equity="E", quantile=0.4)
    assert CrisisAlpha is WorstMonths
