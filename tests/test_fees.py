"""Weighted fund facts: Figure 3's implied blend rows, hand-checked."""

import pytest

from efficap.errors import CatalogError, UnknownTickerError, WeightsError
from efficap.fees import weighted_fact

EFFICIENT = {"IVV": 0.24, "NTSX": 0.40, "AGG": 0.16, "WTMF": 0.20}


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        # .24 x .03% + .40 x .20% + .16 x .03% + .20 x .66% = 0.224% (the note's figure)
        ("net_expense_ratio", 0.00224),
        # .24 x .03% + .40 x .20% + .16 x .03% + .20 x .67% = 0.226%
        ("gross ER", 0.00226),
        # .24 x 1.05% + .40 x 1.18% + .16 x 4.17% + .20 x 2.26%
        # = .252% + .472% + .6672% + .452% = 1.8432%
        ("SEC yield", 0.018432),
        # the same with WTMF's 2.25% unsubsidized: 1.8412%
        ("sec_yield_unsubsidized", 0.018412),
    ],
)
def test_efficient_blend(field, expected):
    assert weighted_fact(EFFICIENT, field) == pytest.approx(expected, abs=1e-12)


def test_cash_costs_nothing_and_zero_weights_need_no_fact():
    assert weighted_fact({"IVV": 0.5}) == pytest.approx(0.00015)
    assert weighted_fact({"IVV": 1.0, "NTSE": 0.0}) == pytest.approx(0.0003)


@pytest.mark.parametrize(
    ("weights", "field", "error", "fragment"),
    [
        ({"NTSE": 1.0}, "net ER", CatalogError, "No net expense ratio in the catalog for NTSE"),
        (EFFICIENT, "total_assets_musd", CatalogError, "Cannot weight 'total_assets_musd'"),
        (EFFICIENT, "inception", CatalogError, "Cannot weight"),
        (EFFICIENT, "colour", CatalogError, "Unknown field"),
        ({"ZZZ": 1.0}, "net ER", UnknownTickerError, "Unknown ticker: ZZZ"),
        ({"IVV": "x"}, "net ER", WeightsError, "must be a number"),
        ({}, "net ER", WeightsError, "No weights"),
    ],
)
def test_bad_input(weights, field, error, fragment):
    with pytest.raises(error, match=fragment):
        weighted_fact(weights, field)
