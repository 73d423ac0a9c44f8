"""Solve for weights: the note's unique answer, choices among many, nearest misses."""

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from efficap.errors import CatalogError, SolveError, UnknownTickerError, WeightsError
from efficap.exposure import exposures
from efficap.solve import CASH, solve_weights

NOTE_TARGETS = {"U.S. Equities": 0.60, "U.S. Fixed Income": 0.40, "Managed Futures": 0.20}
NOTE_FUNDS = ["IVV", "NTSX", "AGG", "WTMF"]


def test_note_targets_give_24_40_16_20():
    result = solve_weights(NOTE_TARGETS, NOTE_FUNDS)
    assert result.weights.to_dict() == pytest.approx(
        {"IVV": 0.24, "NTSX": 0.40, "AGG": 0.16, "WTMF": 0.20}, abs=1e-12
    )
    assert result.exact and result.unique
    assert result.residual.abs().max() == 0.0
    assert result.status.startswith("Exact: the only weights")


def test_infeasible_targets_give_nearest_and_residual():
    # 80% + 80% from two 1x funds with 100% of capital: by symmetry 50/50, each 30 points short.
    result = solve_weights({"U.S. Equities": 0.8, "U.S. Fixed Income": 0.8}, ["IVV", "AGG"])
    assert not result.exact
    assert result.weights.to_numpy() == pytest.approx([0.5, 0.5], abs=1e-12)
    assert result.residual.to_numpy() == pytest.approx([-0.3, -0.3], abs=1e-12)
    assert "Not exact" in result.status and "-30.00%" in result.status


def test_infeasible_asymmetric_nearest_by_least_squares():
    # min (w - .9)^2 + (1 - w - .3)^2 -> w = 0.8: IVV 80%, AGG 20%; misses -10 / -10 points.
    result = solve_weights({"U.S. Equities": 0.9, "U.S. Fixed Income": 0.3}, ["IVV", "AGG"])
    assert result.weights.to_numpy() == pytest.approx([0.8, 0.2], abs=1e-9)
    assert result.residual.to_numpy() == pytest.approx([-0.1, -0.1], abs=1e-9)


def test_many_answers_choose_lowest_expense_and_report_ranges():
    # Add SPY (0.0945%) and a 1x stocks + 1x managed futures fund at 0.95%. The 120%
    # notional needs a levered fund: NTSX (24/40/16/20 costs 0.224%) or RSST
    # (IVV 40% + AGG 40% + RSST 20% = .4 x .03 + .4 x .03 + .2 x .95 = 0.214%).
    funds = [*NOTE_FUNDS, "SPY", "RSST"]
    catalog = [["Ticker", "Net ER", "U.S. Equities", "Managed Futures"], ["RSST", 0.0095, 1, 1]]
    result = solve_weights(NOTE_TARGETS, funds, catalog=catalog)
    assert result.exact and not result.unique
    assert result.weights.to_dict() == pytest.approx(
        {"IVV": 0.4, "NTSX": 0.0, "AGG": 0.4, "WTMF": 0.0, "SPY": 0.0, "RSST": 0.2}, abs=1e-9
    )
    assert result.ranges.loc["RSST"].tolist() == pytest.approx([0.0, 0.2], abs=1e-9)
    assert result.ranges.loc["NTSX"].tolist() == pytest.approx([0.0, 0.4], abs=1e-9)
    assert "lowest weighted net expense ratio" in result.status


def test_yield_and_spread_objectives():
    funds = ["IVV", "SPY", "AGG"]
    targets = {"U.S. Equities": 0.6, "U.S. Fixed Income": 0.4}
    spread = solve_weights(targets, funds, objective="spread")
    assert spread.weights.to_numpy() == pytest.approx([0.3, 0.3, 0.4], abs=1e-7)
    catalog = [["Ticker", "SEC yield", "U.S. Equities"], ["SPY", 0.02, 1.0]]
    best_yield = solve_weights(targets, funds, objective="yield", catalog=catalog)
    assert best_yield.weights.to_numpy() == pytest.approx([0.0, 0.6, 0.4], abs=1e-9)


def test_allow_cash_and_bounds():
    # 60/40 with a 40% NTSX cap: NTSX 40% (36/24) + IVV 24% + AGG 16% = 80%; 20% stays cash.
    targets = {"U.S. Equities": 0.6, "U.S. Fixed Income": 0.4}
    result = solve_weights(
        targets, ["NTSX", "IVV", "AGG"], allow_cash=True, bounds={"NTSX": (0.4, 0.4)}
    )
    assert result.exact
    assert result.weights.to_dict() == pytest.approx(
        {"NTSX": 0.4, "IVV": 0.24, "AGG": 0.16, CASH: 0.2}, abs=1e-12
    )


def test_unlisted_class_is_held_at_zero_and_said():
    result = solve_weights({"U.S. Equities": 0.6, "U.S. Fixed Income": 0.4}, NOTE_FUNDS)
    assert result.weights["WTMF"] == pytest.approx(0.0, abs=1e-12)
    assert any("Managed Futures" in note for note in result.notes)


def test_budget_other_than_one():
    result = solve_weights({"U.S. Equities": 0.5}, ["IVV"], budget=0.5)
    assert result.exact and result.weights["IVV"] == pytest.approx(0.5)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 100), min_size=4, max_size=4).filter(lambda v: sum(v) > 0))
def test_solving_exposures_of_weights_gives_them_back(raw):
    # IVV, NTSX, AGG, WTMF exposures are linearly independent with the budget row:
    # the answer is unique, so it must be the weights we started from.
    weights = dict(zip(NOTE_FUNDS, np.array(raw) / sum(raw), strict=True))
    targets = exposures(weights, asset_classes=list(NOTE_TARGETS)).to_dict()
    result = solve_weights(targets, NOTE_FUNDS)
    assert result.exact and result.unique
    assert result.weights.to_numpy() == pytest.approx(list(weights.values()), abs=1e-9)


@pytest.mark.parametrize(
    ("kwargs", "error", "fragment"),
    [
        ({"tickers": []}, SolveError, "No candidate funds"),
        ({"tickers": ["IVV", "ivv"]}, SolveError, "IVV is listed twice"),
        ({"tickers": ["IVV", "XYZ"]}, UnknownTickerError, "Unknown ticker: XYZ"),
        ({"targets": {}}, WeightsError, "No targets given"),
        ({"targets": {"U.S. Equities": "sixty"}}, WeightsError, "must be a number"),
        ({"targets": {"U.S. Equities": None}}, WeightsError, "must be a number"),
        ({"targets": {"Crypto": 0.5}}, CatalogError, "Unknown asset class 'Crypto'"),
        (
            {"targets": {"U.S. Equities": 0.5, "u.s. equities": 0.5}},
            WeightsError,
            "more than once",
        ),
        ({"objective": "magic"}, SolveError, "Unknown objective 'magic'"),
        ({"budget": 0}, SolveError, "Budget must be positive"),
        ({"bounds": {"SPY": (0, 1)}}, SolveError, "not a candidate"),
        ({"bounds": {"IVV": (0.5, 0.1)}}, SolveError, "lower 50.00% is above upper 10.00%"),
        ({"bounds": {"IVV": 0.5}}, SolveError, "must be a \\(lower, upper\\) pair"),
        ({"bounds": {"IVV": (0.6, None), "AGG": (0.6, None)}}, SolveError, "more than the budget"),
    ],
)
def test_bad_input(kwargs, error, fragment):
    args = {"targets": NOTE_TARGETS, "tickers": NOTE_FUNDS, **kwargs}
    with pytest.raises(error, match=fragment):
        solve_weights(args.pop("targets"), args.pop("tickers"), **args)


def test_choice_needing_missing_fact_says_which():
    # NTSE has no expense ratio in the catalog; NTSE and a user fund share exposures.
    catalog = [["Ticker", "Emerging Markets Equities", "U.S. Fixed Income"], ["EMX", 0.9, 0.6]]
    with pytest.raises(SolveError, match="needs NTSE's net expense ratio"):
        solve_weights(
            {"Emerging Markets Equities": 0.9, "U.S. Fixed Income": 0.6},
            ["NTSE", "EMX"],
            catalog=catalog,
        )


def test_nearest_matches_an_independent_bounded_least_squares():
    # 20 random funds, unreachable targets. Check against scipy's BVLS with the budget
    # as a heavily weighted row (an independent method): same miss to 1e-6.
    from scipy.optimize import lsq_linear

    rng = np.random.default_rng(7)
    exposure = rng.uniform(0, 1.5, size=(20, 4)) * (rng.uniform(size=(20, 4)) < 0.5)
    classes = ["U.S. Equities", "U.S. Fixed Income", "Managed Futures", "Gold"]
    header = ["Ticker", *classes]
    catalog = [header, *[[f"F{i}", *row] for i, row in enumerate(exposure)]]
    targets = dict.fromkeys(classes, 2.0)
    result = solve_weights(targets, [f"F{i}" for i in range(20)], catalog=catalog)
    assert not result.exact
    assert result.weights.sum() == pytest.approx(1.0, abs=1e-12)
    assert (result.weights >= -1e-12).all()
    ours = float((result.residual**2).sum())
    heavy = 1e4
    reference = lsq_linear(
        np.vstack([exposure.T, heavy * np.ones(20)]),
        np.append(np.full(4, 2.0), heavy),
        bounds=(0, np.inf),
        method="bvls",
    ).x
    theirs = float(((exposure.T @ reference - 2.0) ** 2).sum())
    assert ours == pytest.approx(theirs, abs=1e-6)


def test_importing_efficap_leaves_scipy_to_the_first_solve():
    probe = (
        "import sys, efficap\n"
        "print('scipy' in sys.modules)\n"
        "efficap.solve_weights({'U.S. Equities': 0.6, 'U.S. Fixed Income': 0.4}, ['IVV', 'AGG'])\n"
        "print('scipy.optimize' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]
