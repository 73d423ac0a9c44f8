"""Every bad input to a public function (``efficap.__all__``) raises an EfficapError.

A property over the functions that take periods, dates, rebalancing rules, window
conventions, weights, tickers, fields and other small arguments: whatever malformed
value hypothesis draws (overlong or negative periods, impossible or far-off dates, rules
with odd bands, wrong types), the call either answers or raises an
:class:`~efficap.errors.EfficapError` subclass, never a bare pandas, numpy or Python
error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import efficap
from efficap.errors import EfficapError
from efficap.market_calendar import trading_days

DAYS = trading_days("2019-01-02", "2026-03-31")
_STEPS = np.random.default_rng(11).normal(0.0003, 0.01, (len(DAYS), 2))
PRICES = pd.DataFrame(100 * np.exp(np.cumsum(_STEPS, axis=0)), index=DAYS, columns=["IVV", "AGG"])
WEIGHTS = {"IVV": 0.6, "AGG": 0.4}
BLENDS = {"60/40": WEIGHTS}
TARGETS = {"U.S. Equities": 0.6, "U.S. Fixed Income": 0.4}

ODD_TEXT = [
    "",
    " ",
    "1000Y",
    "1000 years",
    "0Y",
    "-1Y",
    "99999999999999999999Y",
    "1.5Y",
    "YTD",
    "SI",
    "3Y",
    "2026-02-30",
    "2026-13-01",
    "13/13/2026",
    "04/03/2026",
    "0001-01-01",
    "1677-09-21",
    "9999-12-31",
    "2262-04-12",
    "yesterday",
    "annual",
    "threshold:",
    "threshold:-5%",
    "threshold:nan",
    "threshold:1e400",
    "threshold:500%",
    "threshold:0",
    "linked",
    "restart",
    "GFC",
    "Covid crash",
]
junk = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from(ODD_TEXT),
    st.text(max_size=10),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)),
    st.lists(st.sampled_from(ODD_TEXT), max_size=3),
    st.just(pd.NaT),
    st.just(object()),
)

CALLS: dict[str, Callable[[Any], Any]] = {
    "trailing_return period": lambda x: efficap.trailing_return(PRICES, WEIGHTS, DAYS[-1], x),
    "trailing_return as_of": lambda x: efficap.trailing_return(PRICES, WEIGHTS, x, "1Y"),
    "trailing_return rebalance": lambda x: efficap.trailing_return(
        PRICES, WEIGHTS, DAYS[-1], "1Y", x
    ),
    "trailing_return window": lambda x: efficap.trailing_return(
        PRICES, WEIGHTS, DAYS[-1], "1Y", None, x
    ),
    "trailing_returns periods": lambda x: efficap.trailing_returns(
        PRICES, WEIGHTS, DAYS[-1], periods=x
    ),
    "standardized_table periods": lambda x: efficap.standardized_table(
        PRICES, BLENDS, DAYS[-1], periods=x
    ),
    "standardized_table as_of": lambda x: efficap.standardized_table(PRICES, BLENDS, x),
    "caption": lambda x: efficap.caption(x),
    "caption rule": lambda x: efficap.caption(DAYS[-1], x),
    "parse_rebalance": lambda x: efficap.parse_rebalance(x),
    "blend_growth start": lambda x: efficap.blend_growth(PRICES, WEIGHTS, None, x),
    "blend_returns end": lambda x: efficap.blend_returns(PRICES, WEIGHTS, None, None, x),
    "risk_stats start": lambda x: efficap.risk_stats(PRICES, WEIGHTS, start=x),
    "risk_stats risk_free": lambda x: efficap.risk_stats(PRICES, WEIGHTS, risk_free=x),
    "calendar_years rebalance": lambda x: efficap.calendar_years(PRICES, BLENDS, x),
    "drawdown_table top": lambda x: efficap.drawdown_table(PRICES, BLENDS, x),
    "stress_periods": lambda x: efficap.stress_periods(x),
    "stress_table periods": lambda x: efficap.stress_table(PRICES, BLENDS, x),
    "rolling_correlation months": lambda x: efficap.rolling_correlation(PRICES, WEIGHTS, months=x),
    "worst_months quantile": lambda x: efficap.worst_months(PRICES, WEIGHTS, quantile=x),
    "portfolio_report as_of": lambda x: efficap.portfolio_report(PRICES, BLENDS, x),
    "portfolio_report periods": lambda x: efficap.portfolio_report(PRICES, BLENDS, periods=x),
    "exposures": lambda x: efficap.exposures(x),
    "exposures weight": lambda x: efficap.exposures({"IVV": x}),
    "total_notional": lambda x: efficap.total_notional(x),
    "fund_fact field": lambda x: efficap.fund_fact("IVV", x),
    "fund_fact ticker": lambda x: efficap.fund_fact(x, "net_expense_ratio"),
    "weighted_fact field": lambda x: efficap.weighted_fact(WEIGHTS, x),
    "solve_weights targets": lambda x: efficap.solve_weights(x, ["IVV", "AGG"]),
    "solve_weights tickers": lambda x: efficap.solve_weights(TARGETS, x),
    "solve_weights objective": lambda x: efficap.solve_weights(
        TARGETS, ["IVV", "AGG"], objective=x
    ),
    "blend_growth weights": lambda x: efficap.blend_growth(PRICES, x),
    "drawdowns": lambda x: efficap.drawdowns(x),
    "stress_detail funds": lambda x: efficap.stress_detail(PRICES, BLENDS, funds=x),
    "risk_stats equity": lambda x: efficap.risk_stats(PRICES, WEIGHTS, equity=x),
    "load_catalog": lambda x: efficap.load_catalog(x),
}


@pytest.mark.parametrize("name", list(CALLS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=junk)
def test_bad_input_raises_an_efficap_error(name: str, value: Any) -> None:
    try:
        CALLS[name](value)
    except EfficapError:
        pass


def test_a_thousand_years_is_refused_by_the_one_grammar() -> None:
    with pytest.raises(EfficapError, match=r"Period 1000Y is over 100 years"):
        efficap.trailing_return(PRICES, {"IVV": 1}, "2026-03-31", "1000Y")
