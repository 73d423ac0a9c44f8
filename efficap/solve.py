"""Solve for weights: target exposures by asset class to fund weights.

Implements
----------
- :func:`solve_weights` -- the weights of candidate funds that hit target exposures.
- :class:`SolveResult` -- the weights with the exposures they reach, the residual per
  asset class, and whether the answer is exact and unique.
- :data:`OBJECTIVES` -- how a choice is made when several weight sets hit the targets.

The problem: find weights w (one per candidate fund, decimals of capital) with
``E @ w = targets`` (E = exposure per $1 of each fund, asset classes x funds),
``sum(w) = budget`` and per-fund bounds (long-only, 0 to budget, by default).

- One answer: it is returned.
- Many answers: one is chosen by the objective (default ``"expense"``: lowest weighted
  net expense ratio), and the range each weight can take is reported.
- No exact answer: the nearest weights by least squares, with the residual (reached
  minus target) per asset class; the result says it is not exact.

Asset classes held by a candidate fund but absent from the targets are targeted at 0,
so a solve never adds exposure that was not asked for without saying so.

The linear programs and least-squares fits themselves are in :mod:`efficap._solve_lp`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from efficap._solve_lp import Problem, most_even, start_point
from efficap._validate import WeightsLike, as_targets, normalize_ticker, to_float
from efficap.catalog import CatalogLike, exposure_matrix, load_catalog, resolve_asset_class
from efficap.errors import SolveError

CASH = "Cash"
OBJECTIVES: dict[str, str] = {
    "expense": "lowest weighted net expense ratio",
    "yield": "highest weighted SEC yield (subsidized)",
    "spread": "most even weights (smallest sum of squared weights)",
}
EXACT_TOLERANCE = 1e-8  # largest residual, as a decimal of exposure, still called exact
_PIN_TOLERANCE = 1e-9  # a weight whose feasible range is narrower than this is pinned

Bounds = Mapping[str, tuple[float | None, float | None]]


@dataclass(frozen=True)
class SolveResult:
    """The outcome of :func:`solve_weights`.

    Attributes
    ----------
    weights : pandas.Series
        Weight per candidate fund (and ``"Cash"`` when cash is allowed), decimals.
    targets : pandas.Series
        Target exposure per asset class, including classes held at 0 by default.
    exposures : pandas.Series
        Exposure per asset class the weights reach.
    residual : pandas.Series
        ``exposures - targets`` per asset class; all zero when `exact`.
    exact : bool
        Whether the targets are met (every residual within 1e-8).
    unique : bool
        Whether these are the only weights that meet the targets (or, when not exact,
        the only nearest weights).
    objective : str
        The objective used to choose among several answers.
    ranges : pandas.DataFrame or None
        When several exact answers exist: the lowest and highest weight each fund can
        take among them (columns ``"min"`` and ``"max"``).
    notes : tuple of str
        Plain-language remarks a user should read.
    """

    weights: pd.Series
    targets: pd.Series
    exposures: pd.Series
    residual: pd.Series
    exact: bool
    unique: bool
    objective: str
    ranges: pd.DataFrame | None
    notes: tuple[str, ...]

    @property
    def status(self) -> str:
        """One line saying what kind of answer this is."""
        if self.exact and self.unique:
            return "Exact: the only weights that hit the targets."
        if self.exact:
            return (
                f"Exact: several weight sets hit the targets; chose {OBJECTIVES[self.objective]}."
            )
        worst = self.residual.abs().idxmax()
        miss = self.residual[worst]
        return f"Not exact: nearest weights by least squares; largest miss {miss:+.2%} in {worst}."


def solve_weights(
    targets: WeightsLike,
    tickers: Sequence[str],
    *,
    catalog: CatalogLike = None,
    objective: str = "expense",
    bounds: Bounds | None = None,
    allow_cash: bool = False,
    budget: float = 1.0,
) -> SolveResult:
    """Return the fund weights that reach target exposures by asset class.

    Parameters
    ----------
    targets : mapping or Series
        Asset class -> target notional exposure as a decimal of capital (0.60 for 60%).
        Names are matched to the catalog's asset classes case-insensitively.
    tickers : sequence of str
        Candidate funds.
    catalog : optional
        User catalog overriding or extending the built-in one.
    objective : {"expense", "yield", "spread"}
        How to choose when several weight sets hit the targets: lowest weighted net
        expense ratio (default), highest weighted SEC yield, or most even weights.
    bounds : mapping, optional
        Ticker -> (lower, upper) weight as decimals; ``None`` for no bound on that side.
        Funds not named keep the default long-only bounds (0, no upper bound).
    allow_cash : bool
        If true, part of the budget may stay in cash (weight ``"Cash"``: no exposure,
        no cost, no yield) instead of all of it being invested.
    budget : float
        Capital the weights add up to, as a decimal (1.0 = 100%).

    Returns
    -------
    SolveResult

    Raises
    ------
    WeightsError
        Blank, text or duplicate targets.
    UnknownTickerError, CatalogError
        A ticker or asset class the catalog does not know.
    SolveError
        No candidates, bad bounds, an unknown objective, or a choice between several
        answers that needs a fact the catalog lacks.

    Examples
    --------
    >>> result = solve_weights(
    ...     {"U.S. Equities": 0.6, "U.S. Fixed Income": 0.4, "Managed Futures": 0.2},
    ...     ["IVV", "NTSX", "AGG", "WTMF"],
    ... )
    >>> result.weights.round(4).to_dict(), result.exact, result.unique
    ({'IVV': 0.24, 'NTSX': 0.4, 'AGG': 0.16, 'WTMF': 0.2}, True, True)
    """
    table = load_catalog(catalog)
    objective = _objective(objective)
    funds = _candidates(tickers)
    budget = to_float(budget, "Budget")
    if budget <= 0:
        raise SolveError(f"Budget must be positive, got {budget:g}.")

    wanted = as_targets(targets)
    wanted.index = [resolve_asset_class(table, c) for c in wanted.index]
    if wanted.index.duplicated().any():
        raise SolveError(f"{wanted.index[wanted.index.duplicated()][0]} is targeted twice.")
    per_dollar = exposure_matrix(table, funds)
    unlisted = [c for c in per_dollar.columns if c not in wanted.index and per_dollar[c].any()]
    classes = [*wanted.index, *unlisted]
    goal = pd.concat([wanted, pd.Series(0.0, index=unlisted)])[classes]

    columns = [*funds, CASH] if allow_cash else funds
    matrix = per_dollar[classes].T.reindex(columns=columns, fill_value=0.0).to_numpy()
    lower, upper = _bounds(bounds, funds, columns, budget)
    problem = Problem(matrix, goal.to_numpy(), budget, lower, upper)

    notes: list[str] = []
    if unlisted:
        notes.append(f"No target for {', '.join(unlisted)}: held at 0%.")

    feasible = problem.feasible_point()
    if feasible is not None:
        weights, unique, ranges = _choose_exact(problem, feasible, objective, table, columns)
    else:
        weights, unique = _nearest(problem, objective, table, columns)
        ranges = None
        notes.append("Targets cannot be met exactly with these funds and bounds.")

    reached = matrix @ weights
    residual = reached - goal.to_numpy()
    exact = bool(np.max(np.abs(residual)) <= EXACT_TOLERANCE)
    if exact:
        residual = np.zeros_like(residual)
    index = pd.Index(classes)
    return SolveResult(
        weights=pd.Series(weights, index=columns, name="Weight"),
        targets=goal.rename("Target"),
        exposures=pd.Series(reached, index=index, name="Exposure"),
        residual=pd.Series(residual, index=index, name="Residual"),
        exact=exact,
        unique=unique,
        objective=objective,
        ranges=ranges,
        notes=tuple(notes),
    )


def _objective(objective: str) -> str:
    key = str(objective).strip().lower() if objective is not None else "expense"
    key = {"": "expense", "cost": "expense", "fees": "expense", "sec_yield": "yield"}.get(key, key)
    if key not in OBJECTIVES:
        raise SolveError(f"Unknown objective '{objective}'. Use one of: {', '.join(OBJECTIVES)}.")
    return key


def _candidates(tickers: Sequence[str]) -> list[str]:
    if isinstance(tickers, str):
        tickers = [tickers]
    try:
        funds = [normalize_ticker(t) for t in tickers]
    except TypeError:
        raise SolveError(f"Candidate funds must be a list of tickers, got {tickers!r}.") from None
    if not funds:
        raise SolveError("No candidate funds given.")
    seen = set()
    for fund in funds:
        if fund in seen:
            raise SolveError(f"{fund} is listed twice among the candidate funds.")
        seen.add(fund)
    return funds


def _bounds(
    bounds: Bounds | None, funds: list[str], columns: list[str], budget: float
) -> tuple[np.ndarray, np.ndarray]:
    lower = np.zeros(len(columns))
    upper = np.full(len(columns), np.inf)
    for raw, pair in (bounds or {}).items():
        fund = normalize_ticker(raw)
        if fund not in funds:
            raise SolveError(f"Bounds given for {fund}, which is not a candidate fund.")
        try:
            lo, hi = pair
        except (TypeError, ValueError):
            raise SolveError(f"Bounds for {fund} must be a (lower, upper) pair.") from None
        i = columns.index(fund)
        lower[i] = -np.inf if lo is None else to_float(lo, f"Lower bound for {fund}")
        upper[i] = np.inf if hi is None else to_float(hi, f"Upper bound for {fund}")
        if lower[i] > upper[i]:
            raise SolveError(
                f"Bounds for {fund}: lower {lower[i]:.2%} is above upper {upper[i]:.2%}."
            )
    if lower.sum() > budget + 1e-12:
        raise SolveError(f"Lower bounds add up to {lower.sum():.2%}, more than the budget.")
    return lower, upper


def _cost(objective: str, table: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """Per-fund cost to minimize for a linear objective; cash costs and yields nothing."""
    field = "net_expense_ratio" if objective == "expense" else "sec_yield_subsidized"
    values = []
    for column in columns:
        if column == CASH:
            values.append(0.0)
            continue
        value = table.at[column, field]
        if value is None or np.isnan(value):
            raise SolveError(
                f"Several weight sets hit the targets; choosing by {OBJECTIVES[objective]} "
                f"needs {column}'s {field.replace('_', ' ')}. Add it to the catalog or "
                "use objective 'spread'."
            )
        values.append(float(value))
    cost = np.array(values)
    return cost if objective == "expense" else -cost


def _choose_exact(
    problem: Problem,
    feasible: np.ndarray,
    objective: str,
    table: pd.DataFrame,
    columns: list[str],
) -> tuple[np.ndarray, bool, pd.DataFrame | None]:
    a_eq, _ = problem.equalities
    if np.linalg.matrix_rank(a_eq) == a_eq.shape[1]:
        return problem.polish(feasible), True, None
    spans = problem.weight_ranges()
    if np.all(spans[:, 1] - spans[:, 0] <= _PIN_TOLERANCE):
        return problem.polish(feasible), True, None
    ranges = pd.DataFrame(spans, index=columns, columns=["min", "max"])
    if objective == "spread":
        weights = most_even(problem, feasible, exact=True)
    else:
        result = problem.linprog(_cost(objective, table, columns))
        if result.status != 0:
            raise SolveError(f"Objective '{objective}' is unbounded: add bounds to the funds.")
        weights = problem.polish(result.x)
    return weights, False, ranges


def _nearest(
    problem: Problem, objective: str, table: pd.DataFrame, columns: list[str]
) -> tuple[np.ndarray, bool]:
    """Least-squares nearest weights, then the objective among equally near ones."""
    from scipy.optimize import minimize  # imported by the first solve, not with efficap

    matrix, goal = problem.matrix, problem.goal
    ones = np.ones(matrix.shape[1])
    start = start_point(problem)
    result = minimize(
        lambda w: float(np.sum((matrix @ w - goal) ** 2)),
        start,
        jac=lambda w: 2 * matrix.T @ (matrix @ w - goal),
        method="SLSQP",
        bounds=problem.scipy_bounds,
        constraints=[
            {"type": "eq", "fun": lambda w: ones @ w - problem.budget, "jac": lambda w: ones}
        ],
        options={"ftol": 1e-12, "maxiter": 1000},
    )
    # Status 8 ("positive directional derivative") means SLSQP cannot improve within
    # floating-point precision; the point is the optimum if it is feasible.
    if result.status not in (0, 8) or not problem.within(result.x):
        raise SolveError(f"Could not find the nearest weights: {result.message}.")
    nearest = problem.polish(result.x)
    # Least squares fixes the reached exposures uniquely, not always the weights.
    reached = matrix @ nearest
    same_reach = Problem(matrix, reached, problem.budget, problem.lower, problem.upper)
    a_eq, _ = same_reach.equalities
    if np.linalg.matrix_rank(a_eq) == a_eq.shape[1]:
        return nearest, True
    spans = same_reach.weight_ranges()
    if np.all(spans[:, 1] - spans[:, 0] <= 1e-7):
        return nearest, True
    if objective == "spread":
        return most_even(problem, nearest, exact=False), False
    choice = same_reach.linprog(_cost(objective, table, columns))
    return (same_reach.polish(choice.x) if choice.status == 0 else nearest), False
