"""Stacking an overlay on a core: the blend that keeps the core and adds a fund on top.

Implements
----------
- :func:`overlay_blend` -- for one candidate fund and overlay size, the weights that keep
  the core's exposures and add ``overlay x`` the candidate's with the same capital,
  solved by :func:`efficap.solve.solve_weights` (:class:`Overlay`).
- :func:`funding_funds` -- the capital-efficient funds that may make room for it, in
  the order they are tried.
- :func:`default_candidates` -- the funds worth stacking on a core: those none of whose
  asset classes it holds.
- :data:`DEFAULT_CORE`, :data:`DEFAULT_OVERLAYS`.

**How the funds are chosen.** Targets: the core's exposures plus ``overlay x`` the
candidate's (60/40 + 20% WTMF: 60% U.S. Equities, 40% U.S. Fixed Income, 20% Managed
Futures on 100% of capital); the candidate's weight is pinned at the overlay. Funds: the
core's own, the candidate, and one capital-efficient fund, i.e. a fund with more than $1
of notional per $1 whose asset classes all lie within the core's (so it adds no exposure
the core lacks). They are tried one at a time: funds that hold *every* class of the core
first (their mix is closest to the core's: NTSX for a 60/40), then by lowest net expense
ratio, then ticker; the first that hits the targets exactly is used. One such fund gives
as many equations as unknowns, so the answer is normally unique: 24 IVV / 40 NTSX / 16
AGG / 20 WTMF, Figure 1's efficient allocation. Only when no single fund can are all of
them offered together, and the solver's objective (lowest weighted net expense ratio by
default) chooses among the answers; the status says so. When no exact answer exists (a
40% overlay on a 60/40: 60% equities need at least 60% of capital at 1x or 0.9x, leaving
nothing for the bonds) the result says so and carries no weights.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from efficap._validate import normalize_ticker
from efficap.catalog import CatalogLike, exposure_matrix, load_catalog
from efficap.errors import ScreenError, SolveError
from efficap.solve import solve_weights

__all__ = ["DEFAULT_CORE", "DEFAULT_OVERLAYS", "Overlay", "default_candidates", "funding_funds"]
__all__ += ["overlay_blend", "overlay_size"]

#: The core screened when none is given: the traditional 60/40.
DEFAULT_CORE: dict[str, float] = {"IVV": 0.6, "AGG": 0.4}
#: Overlay sizes screened when none are given, decimals of capital.
DEFAULT_OVERLAYS: tuple[float, ...] = (0.1, 0.2, 0.3)
_CASH = "Cash"


@dataclass(frozen=True)
class Overlay:
    """The blend for one candidate and overlay size (:func:`overlay_blend`).

    Attributes
    ----------
    candidate : str
    overlay : float
        Weight of the candidate, a decimal of capital.
    weights : pandas.Series or None
        Solved weights (decimals, nonzero only); None when no exact answer exists.
    status : str
        ``"exact"``, ``"exact; chose ..."`` among several, or why there is no answer.
    funding : tuple of str
        The capital-efficient funds offered to the solver.
    """

    candidate: str
    overlay: float
    weights: pd.Series | None
    status: str
    funding: tuple[str, ...]


def _classes(per_dollar: pd.DataFrame, tickers: Sequence[str]) -> set[str]:
    rows = per_dollar.loc[list(tickers)]
    return {c for c in rows.columns if (rows[c] != 0).any()}


def funding_funds(
    core: Mapping[str, float], candidate: str, available: Sequence[str], catalog: CatalogLike = None
) -> list[str]:
    """The capital-efficient funds that may make room for an overlay, in preference order.

    Parameters
    ----------
    core : mapping
        Ticker -> decimal weight of the core.
    candidate : str
        The overlay fund (never offered as funding).
    available : sequence of str
        Funds that may be used (those with prices).
    catalog : optional
        User catalog.

    Returns
    -------
    list of str
        Funds with total notional above 1 per $1 whose asset classes all lie within the
        core's, not in the core: those holding every core class first, then by net
        expense ratio (blank last), then ticker.
    """
    table = load_catalog(catalog)
    known = [t for t in dict.fromkeys(available) if t in table.index]
    per_dollar = exposure_matrix(table, known) if known else pd.DataFrame()
    held = list(core)
    wanted = _classes(exposure_matrix(table, held), held)
    out = []
    for t in known:
        if t in core or t == candidate:
            continue
        mine = _classes(per_dollar, [t])
        if per_dollar.loc[t].sum() > 1 + 1e-9 and mine and mine <= wanted:
            fee = table.at[t, "net_expense_ratio"]
            out.append((mine != wanted, np.inf if pd.isna(fee) else float(fee), t))
    return [t for *_, t in sorted(out)]


def default_candidates(
    core: Mapping[str, float], available: Sequence[str], catalog: CatalogLike = None
) -> list[str]:
    """Funds worth screening: those none of whose asset classes the core holds.

    Cash (the financing leg, BIL) is not a diversifier and is left out. Order: as given.
    """
    table = load_catalog(catalog)
    held = list(core)
    wanted = _classes(exposure_matrix(table, held), held)
    known = [t for t in dict.fromkeys(available) if t in table.index and t not in core]
    if not known:
        return []
    per_dollar = exposure_matrix(table, known)
    out = []
    for t in known:
        mine = _classes(per_dollar, [t]) - {_CASH}
        if mine and not mine & wanted:
            out.append(t)
    return out


def overlay_size(value: Any) -> float:
    """`value` as an overlay: a decimal of capital above 0 and below 1 (ScreenError if not)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
        raise ScreenError(f"Overlay must be a decimal of capital (0.2 for 20%), got {value!r}.")
    size = float(value)
    if not np.isfinite(size) or not 0 < size < 1:
        hint = f"; write {size:g}% or {size / 100:g}" if 1 <= size <= 100 else ""
        raise ScreenError(f"Overlay {size:g} must be above 0 and below 100% of capital{hint}.")
    return size


def overlay_blend(
    core: Mapping[str, float],
    candidate: str,
    overlay: float,
    available: Sequence[str],
    catalog: CatalogLike = None,
    objective: str = "expense",
) -> Overlay:
    """Solve the blend that keeps the core's exposures and adds `overlay` of `candidate`.

    See the module docstring for how the funds are chosen.

    Parameters
    ----------
    core : mapping
        Ticker -> decimal weight of the core, adding up to 1.
    candidate : str
        The fund to stack on top.
    overlay : float
        Its weight, a decimal of capital above 0 and below 1 (0.2 for 20%).
    available : sequence of str
        Funds that may be used (those with prices).
    catalog : optional
        User catalog (exposures, expense ratios).
    objective : str, default "expense"
        The solver's choice when several funds together give many answers.

    Returns
    -------
    Overlay
        Weights (None without an exact answer), status and the funds offered.

    Raises
    ------
    ScreenError
        If the candidate is in the core, or the overlay is not a decimal in (0, 1).
    """
    table = load_catalog(catalog)
    size = overlay_size(overlay)
    fund = normalize_ticker(candidate)
    if fund in core:
        raise ScreenError(f"{fund} is in the core; screen funds the core does not hold.")
    held = list(core)
    ours = pd.Series(core, dtype=float) @ exposure_matrix(table, held)
    theirs = exposure_matrix(table, [fund]).iloc[0] * size
    goal = ours.add(theirs, fill_value=0.0)
    goal = goal[goal != 0.0]
    funding = funding_funds(core, fund, available, table)
    tries = [[f] for f in funding] + ([funding] if len(funding) > 1 else [])
    bounds = {fund: (size, size)}
    for offered in tries or [[]]:
        funds = list(dict.fromkeys([*held, fund, *offered]))
        try:
            result = solve_weights(goal, funds, catalog=table, objective=objective, bounds=bounds)
        except SolveError as exc:
            return Overlay(fund, size, None, f"no answer chosen: {exc}", tuple(offered))
        if result.exact:
            w = result.weights[result.weights.abs() > 1e-12]
            status = "exact" if result.unique else f"exact; {result.status.split('; ')[-1]}"
            return Overlay(fund, size, w, status.rstrip("."), tuple(offered))
    miss = result.residual.abs().idxmax()
    why = (
        f"no exact answer: nearest misses {miss} by {result.residual[miss]:+.1%}"
        if funding
        else "no exact answer: no capital-efficient fund within the core's asset classes"
    )
    return Overlay(fund, size, None, why, tuple(funding))
