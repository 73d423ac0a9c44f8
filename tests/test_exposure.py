"""Exposure decomposition: Figure 1, hand-checked cases, linearity, bad input."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from efficap.errors import CatalogError, UnknownTickerError, WeightsError
from efficap.exposure import (
    exposure_report,
    exposure_table,
    exposures,
    financing,
    total_notional,
)

EFFICIENT = {"IVV": 0.24, "NTSX": 0.40, "AGG": 0.16, "WTMF": 0.20}


def test_efficient_blend_matches_figure1():
    # 24% IVV + 40% x 90% NTSX equities = 60%; 16% AGG + 40% x 60% = 40%; 20% WTMF.
    result = exposures(EFFICIENT)
    assert result.to_dict() == pytest.approx(
        {"U.S. Equities": 0.60, "U.S. Fixed Income": 0.40, "Managed Futures": 0.20}
    )
    assert total_notional(EFFICIENT) == pytest.approx(1.20)
    assert financing(EFFICIENT) == pytest.approx(-0.20)


def test_report_and_table_rows():
    report = exposure_report({"NTSX": 1.0})
    assert list(report.index) == [
        "U.S. Equities",
        "U.S. Fixed Income",
        "Total Notional",
        "Financing",
    ]
    assert report.to_numpy() == pytest.approx([0.9, 0.6, 1.5, -0.5])
    table = exposure_table({"60/40": {"IVV": 0.6, "AGG": 0.4}, "Efficient": EFFICIENT})
    assert table.loc["Managed Futures", "60/40"] == 0.0
    assert table.loc["Total Notional"].tolist() == pytest.approx([1.0, 1.2])


def test_requested_classes_keep_order_and_total_counts_all():
    report = exposure_report(EFFICIENT, asset_classes=["managed futures", "Gold"])
    assert list(report.index) == ["Managed Futures", "Gold", "Total Notional", "Financing"]
    assert report["Gold"] == 0.0
    assert report["Total Notional"] == pytest.approx(1.2)


def test_series_and_lowercase_tickers_and_zero_weights():
    weights = pd.Series({"ivv": 0.6, "agg": 0.4, "wtmf": 0.0})
    assert list(exposures(weights).index) == ["U.S. Equities", "U.S. Fixed Income"]


def test_user_catalog_fund():
    catalog = [["Ticker", "Gold", "U.S. Equities"], ["GDE2", 0.9, 0.9]]
    assert exposures({"GDE2": 0.5}, catalog).to_dict() == {"U.S. Equities": 0.45, "Gold": 0.45}


weight = st.floats(-2, 2, allow_nan=False).map(lambda x: round(x, 6))
funds = ["IVV", "AGG", "NTSX", "WTMF", "GDE", "RSST"]


@given(st.lists(weight, min_size=6, max_size=6), st.lists(weight, min_size=6, max_size=6), weight)
def test_exposure_is_linear_in_weights(a, b, k):
    def full(w):
        return exposures(dict(zip(funds, w, strict=True)), asset_classes=CLASSES).to_numpy()

    combined = [x + k * y for x, y in zip(a, b, strict=True)]
    assert np.allclose(full(combined), full(a) + k * full(b), atol=1e-9)


CLASSES = ["U.S. Equities", "U.S. Fixed Income", "Managed Futures", "Gold"]


@pytest.mark.parametrize(
    ("weights", "error", "fragment"),
    [
        ({}, WeightsError, "No weights given"),
        ({"IVV": None}, WeightsError, "Weight for IVV must be a number"),
        ({"IVV": "60%"}, WeightsError, "must be a number"),
        ({"IVV": float("nan")}, WeightsError, "finite"),
        ({"IVV": True}, WeightsError, "must be a number"),
        ({"": 0.5}, WeightsError, "Ticker must be text"),
        ({"IVV": 0.5, "ivv": 0.5}, WeightsError, "IVV appears more than once"),
        ({"XXX": 1.0}, UnknownTickerError, "Unknown ticker: XXX"),
    ],
)
def test_bad_weights(weights, error, fragment):
    for function in (exposures, total_notional, financing, exposure_report):
        with pytest.raises(error, match=fragment):
            function(weights)
    with pytest.raises(error, match=fragment):
        exposure_table({"p": weights})


def test_unknown_asset_class():
    with pytest.raises(CatalogError, match="Unknown asset class 'Crypto'"):
        exposures(EFFICIENT, asset_classes=["Crypto"])
