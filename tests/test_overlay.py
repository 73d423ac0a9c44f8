"""Tests for efficap.overlay: the blend that stacks a fund on a core with the same capital."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from efficap.catalog import builtin_catalog
from efficap.errors import ScreenError, UnknownTickerError
from efficap.exposure import exposures
from efficap.overlay import default_candidates, funding_funds, overlay_blend, overlay_size

SIXTY_FORTY = {"IVV": 0.6, "AGG": 0.4}
ALL = list(builtin_catalog().index)


@pytest.mark.parametrize(
    ("size", "weights"),
    [
        # a + 0.9 n = 0.6, b + 0.6 n = 0.4, a + b + n = 1 - size  ->  n = 2 size
        (0.1, {"IVV": 0.42, "AGG": 0.28, "WTMF": 0.1, "NTSX": 0.2}),
        (0.2, {"IVV": 0.24, "AGG": 0.16, "WTMF": 0.2, "NTSX": 0.4}),  # Figure 1
        (0.3, {"IVV": 0.06, "AGG": 0.04, "WTMF": 0.3, "NTSX": 0.6}),
    ],
)
def test_sixty_forty_plus_wtmf_by_hand(size, weights):
    blend = overlay_blend(SIXTY_FORTY, "wtmf", size, ALL)
    assert blend.status == "exact" and blend.funding == ("NTSX",)
    assert blend.weights.to_dict() == pytest.approx(weights, abs=1e-9)
    reached = exposures(blend.weights).to_dict()
    wanted = {"U.S. Equities": 0.6, "U.S. Fixed Income": 0.4, "Managed Futures": size}
    assert reached == pytest.approx(wanted, abs=1e-9)


def test_too_large_an_overlay_has_no_answer():
    # 60% equities need 60% of capital at 1x (IVV) or more at 0.9x (NTSX): a 40% overlay
    # leaves nothing for the bonds, whatever NTSX and TYA do together.
    blend = overlay_blend(SIXTY_FORTY, "WTMF", 0.4, ALL)
    assert blend.weights is None
    assert blend.status.startswith("no exact answer: nearest misses")
    assert blend.funding == ("NTSX", "TYA")


def test_funding_prefers_funds_holding_every_core_class():
    # NTSX holds equities and bonds; TYA only bonds (cheaper, but not the core's mix).
    assert funding_funds(SIXTY_FORTY, "WTMF", ALL) == ["NTSX", "TYA"]
    # An all-bond core: NTSX holds equities the core lacks, TYA does not.
    assert funding_funds({"AGG": 1.0}, "WTMF", ALL) == ["TYA"]
    assert funding_funds(SIXTY_FORTY, "WTMF", ["IVV", "AGG", "WTMF"]) == []


def test_no_capital_efficient_fund_priced():
    blend = overlay_blend(SIXTY_FORTY, "GLD", 0.2, ["IVV", "AGG", "GLD"])
    assert blend.weights is None
    assert "no capital-efficient fund" in blend.status


def test_default_candidates_hold_nothing_the_core_holds():
    assert default_candidates(SIXTY_FORTY, ALL) == ["WTMF", "DBMF", "KMLM", "GLD", "CTA"]
    # BIL is cash, the financing leg: never a candidate; RSST holds equities.
    assert default_candidates({"IVV": 1.0}, ["BIL", "RSST", "AGG", "GLD"]) == ["AGG", "GLD"]


def test_candidate_that_shares_a_core_class():
    # RSST: $1 of equities and $1 of managed futures per $1; pinned at 20%, its
    # equities come on top of the core's.
    blend = overlay_blend(SIXTY_FORTY, "RSST", 0.2, ALL)
    assert blend.weights.to_dict() == pytest.approx(
        {"IVV": 0.24, "AGG": 0.16, "RSST": 0.2, "NTSX": 0.4}, abs=1e-9
    )


def test_several_funding_funds_together_choose_by_expense():
    # EQX: 2x equities, FIX: 2x bonds. A 40% overlay needs both; many answers
    # (e + f = 0.4, e <= 0.3, f <= 0.2); the lowest expense ratio puts the most in FIX.
    rows = pd.DataFrame(
        {
            "Ticker": ["EQX", "FIX"],
            "U.S. Equities": [2.0, 0.0],
            "U.S. Fixed Income": [0.0, 2.0],
            "Net ER": ["0.50%", "0.10%"],
        }
    )
    blend = overlay_blend(SIXTY_FORTY, "WTMF", 0.4, [*ALL, "EQX", "FIX"], rows)
    # NTSX holds every core class; then by net expense ratio: FIX 0.10%, TYA 0.17%, EQX.
    assert blend.funding == ("NTSX", "FIX", "TYA", "EQX")
    assert blend.status.startswith("exact; chose lowest weighted net expense ratio")
    reached = exposures(blend.weights, rows).to_dict()
    wanted = {"U.S. Equities": 0.6, "U.S. Fixed Income": 0.4, "Managed Futures": 0.4}
    assert {k: reached[k] for k in wanted} == pytest.approx(wanted, abs=1e-9)
    assert blend.weights.sum() == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("args", "error", "text"),
    [
        (("IVV", 0.2), ScreenError, "IVV is in the core"),
        (("WTMF", 20), ScreenError, "write 20% or 0.2"),
        (("WTMF", 0.0), ScreenError, "above 0"),
        (("WTMF", "20%"), ScreenError, "decimal of capital"),
        (("WTMF", True), ScreenError, "decimal of capital"),
        (("XYZ", 0.2), UnknownTickerError, "XYZ"),
    ],
)
def test_bad_input(args, error, text):
    with pytest.raises(error, match=text):
        overlay_blend(SIXTY_FORTY, *args, ALL)


def test_overlay_size():
    assert overlay_size(0.25) == 0.25
    with pytest.raises(ScreenError, match="below 100%"):
        overlay_size(1.0)
    with pytest.raises(ScreenError):
        overlay_size(float("nan"))


@settings(max_examples=40, deadline=None)
@given(st.floats(0.2, 0.8), st.floats(0.01, 1.0))
def test_any_stock_bond_core_funds_the_overlay_with_ntsx(equities, share):
    # NTSX frees 0.5 of capital per $1, so an overlay s needs n = 2s of NTSX, which
    # takes 0.9n of the equities and 0.6n of the bonds: feasible while both stay >= 0.
    largest = min(equities / 1.8, (1 - equities) / 1.2)
    size = share * largest * 0.999
    core = {"IVV": equities, "AGG": 1 - equities}
    blend = overlay_blend(core, "WTMF", size, ALL)
    assert blend.status == "exact"
    n = 2 * size
    expected = {"IVV": equities - 0.9 * n, "AGG": 1 - equities - 0.6 * n, "NTSX": n, "WTMF": size}
    got = blend.weights.reindex(list(expected), fill_value=0.0).to_dict()
    assert got == pytest.approx(expected, abs=1e-8)
