"""Input normalization shared by the core: tickers, numbers, weights, targets."""

import math

import numpy as np
import pandas as pd
import pytest

from efficap._validate import as_targets, as_weights, normalize_ticker, to_float
from efficap.errors import WeightsError


def test_normalize_ticker():
    assert normalize_ticker("  ntsx ") == "NTSX"
    for bad in ("", "   ", None, 3.0):
        with pytest.raises(WeightsError, match="Ticker must be text"):
            normalize_ticker(bad)


@pytest.mark.parametrize("value", [0.24, 1, np.float64(0.5), np.int64(2)])
def test_to_float_accepts_numbers(value):
    assert to_float(value, "x") == float(value)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("0.24", "must be a number"),
        (None, "must be a number"),
        (True, "must be a number"),
        (math.nan, "must be a finite number"),
        (math.inf, "must be a finite number"),
    ],
)
def test_to_float_refuses(value, fragment):
    with pytest.raises(WeightsError, match=f"Weight for IVV {fragment}"):
        to_float(value, "Weight for IVV")


def test_weights_and_targets_from_mappings_series_and_pairs():
    assert as_weights({"ivv": 0.6, "agg": 0.4}).to_dict() == {"IVV": 0.6, "AGG": 0.4}
    assert as_weights(pd.Series({"IVV": 1.0})).to_dict() == {"IVV": 1.0}
    assert as_weights([("IVV", 0.5), ("AGG", 0.5)]).index.tolist() == ["IVV", "AGG"]
    # Asset classes keep their spelling (the catalog resolves case later).
    assert as_targets({" U.S. Equities ": 0.6}).to_dict() == {"U.S. Equities": 0.6}


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: as_weights({}), "No weights given"),
        (lambda: as_weights({"IVV": 0.5, "ivv": 0.5}), "IVV appears more than once"),
        (lambda: as_targets({}), "No targets given"),
        (lambda: as_targets({"Gold": 0.1, "GOLD": 0.1}), "GOLD appears more than once"),
        (lambda: as_targets({"": 0.1}), "Asset class must be text"),
        (lambda: as_targets({"Gold": "x"}), "Target for Gold must be a number"),
    ],
)
def test_bad_weights_and_targets(call, fragment):
    with pytest.raises(WeightsError, match=fragment):
        call()


@pytest.mark.parametrize(
    "weights",
    [
        pd.Series([0.6, 0.4, 0.1], index=["IVV", "AGG", "ivv"]),
        [("IVV", 0.6), ("AGG", 0.4), ("IVV", 0.1)],
    ],
    ids=["series", "pairs"],
)
def test_repeated_ticker_in_series_or_pairs_is_refused_not_overwritten(weights):
    with pytest.raises(WeightsError) as caught:
        as_weights(weights)
    assert str(caught.value) == "IVV appears more than once."
