"""The linear-algebra side of solving for weights: the constrained system and its solvers.

Implements
----------
- :class:`Problem` -- ``E w = goal``, ``sum(w) = budget``, ``lower <= w <= upper``: a
  feasible point (HiGHS linear programming via :func:`scipy.optimize.linprog`), the
  range each weight can take, and an exact polish of an LP or SLSQP answer.
- :func:`most_even` -- the most even weights (least sum of squares) meeting the system.
- :func:`start_point` -- a point within the bounds that spends the budget.

Weights, exposures and budgets are decimals (0.24 for 24%). Used by
:mod:`efficap.solve`, which decides what the answers mean. :mod:`scipy.optimize` (half a
second to import) is imported by the first solve, not with efficap.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from efficap.errors import SolveError

__all__ = ["Problem", "most_even", "start_point"]


@dataclass(frozen=True)
class Problem:
    """E w = goal, sum(w) = budget, lower <= w <= upper."""

    matrix: np.ndarray
    goal: np.ndarray
    budget: float
    lower: np.ndarray
    upper: np.ndarray

    @property
    def equalities(self) -> tuple[np.ndarray, np.ndarray]:
        ones = np.ones((1, self.matrix.shape[1]))
        return np.vstack([self.matrix, ones]), np.append(self.goal, self.budget)

    @property
    def scipy_bounds(self) -> list[tuple[float | None, float | None]]:
        return [
            (None if np.isinf(lo) else lo, None if np.isinf(hi) else hi)
            for lo, hi in zip(self.lower, self.upper, strict=True)
        ]

    def linprog(self, cost: np.ndarray, a_eq=None, b_eq=None):
        from scipy.optimize import linprog

        if a_eq is None:
            a_eq, b_eq = self.equalities
        return linprog(cost, A_eq=a_eq, b_eq=b_eq, bounds=self.scipy_bounds, method="highs")

    def feasible_point(self) -> np.ndarray | None:
        result = self.linprog(np.zeros(self.matrix.shape[1]))
        return result.x if result.status == 0 else None

    def weight_ranges(self) -> np.ndarray:
        """Lowest and highest feasible value of each weight, shape (n, 2)."""
        n = self.matrix.shape[1]
        out = np.empty((n, 2))
        for i in range(n):
            for j, sign in enumerate((1.0, -1.0)):
                cost = np.zeros(n)
                cost[i] = sign
                result = self.linprog(cost)
                out[i, j] = result.x[i] if result.status == 0 else sign * -np.inf
        # HiGHS answers to about 1e-9: a range ending at a bound ends there (0, not -0.00%).
        for bound in (self.lower[:, None], self.upper[:, None]):
            out = np.where(np.isclose(out, bound, rtol=0, atol=1e-9), bound, out)
        return out

    def polish(self, weights: np.ndarray) -> np.ndarray:
        """Re-solve exactly with the weights at a bound held there, where that is unique.

        LP and SLSQP answers are accurate to about 1e-9; solving the remaining linear
        least-squares system directly brings 0.24 back as 0.24 rather than 0.2400000007.
        """
        at_bound = np.isclose(weights, self.lower, atol=1e-9) | np.isclose(
            weights, self.upper, atol=1e-9
        )
        fixed = np.where(np.isclose(weights, self.lower, atol=1e-9), self.lower, self.upper)
        free = ~at_bound
        if not free.any():
            return np.where(at_bound, fixed, weights)
        # Spend what the held weights leave of the budget exactly: w = p + Z z, where p
        # spreads it evenly over the free weights and Z spans the zero-sum directions.
        count = int(free.sum())
        remaining = self.budget - fixed[~free].sum()
        particular = np.full(count, remaining / count)
        basis = np.linalg.svd(np.ones((1, count)))[2][1:].T
        target = self.goal - self.matrix[:, ~free] @ fixed[~free]
        reduced = self.matrix[:, free] @ basis
        if count > 1 and np.linalg.matrix_rank(reduced) < count - 1:
            return weights
        shift = self.matrix[:, free] @ particular
        step = np.linalg.lstsq(reduced, target - shift, rcond=None)[0] if count > 1 else []
        solution = particular + (basis @ step if count > 1 else 0.0)
        polished = np.where(free, 0.0, fixed)
        polished[free] = solution
        inside = np.all(polished >= self.lower - 1e-12) and np.all(polished <= self.upper + 1e-12)
        better = self.miss(polished) <= self.miss(weights) + 1e-12
        return polished if inside and better else weights

    def within(self, weights: np.ndarray, tol: float = 1e-9) -> bool:
        """Whether `weights` respect the bounds and spend the budget, within `tol`."""
        return bool(
            np.all(weights >= self.lower - tol)
            and np.all(weights <= self.upper + tol)
            and abs(weights.sum() - self.budget) <= tol
        )

    def miss(self, weights: np.ndarray) -> float:
        return float(np.sum((self.matrix @ weights - self.goal) ** 2))


def most_even(problem: Problem, start: np.ndarray, exact: bool) -> np.ndarray:
    from scipy.optimize import minimize

    a_eq, b_eq = problem.equalities
    if not exact:  # keep the nearest exposures, which least squares makes unique
        b_eq = np.append(problem.matrix @ start, problem.budget)
    a_eq, b_eq = _independent_rows(a_eq, b_eq)
    result = minimize(
        lambda w: float(w @ w),
        start,
        jac=lambda w: 2 * w,
        method="SLSQP",
        bounds=problem.scipy_bounds,
        constraints=[{"type": "eq", "fun": lambda w: a_eq @ w - b_eq, "jac": lambda w: a_eq}],
        options={"ftol": 1e-15, "maxiter": 500},
    )
    return result.x if result.success else start


def _independent_rows(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """An equivalent consistent system without redundant rows.

    SLSQP reports "constraints incompatible" when equality rows are linearly dependent
    (the budget row is the sum of the class rows when every fund is 1x in one class).
    """
    u, singular, vt = np.linalg.svd(a, full_matrices=False)
    keep = singular > singular.max() * 1e-12
    return singular[keep, None] * vt[keep], u[:, keep].T @ b


def start_point(problem: Problem) -> np.ndarray:
    """A point inside the bounds that spends the budget: start for SLSQP."""
    result = problem.linprog(
        np.zeros(problem.matrix.shape[1]),
        a_eq=np.ones((1, problem.matrix.shape[1])),
        b_eq=np.array([problem.budget]),
    )
    if result.status != 0:
        raise SolveError("No weights within the bounds add up to the budget.")
    return result.x
