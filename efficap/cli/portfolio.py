"""``efficap exposure`` and ``efficap solve``: weights to exposures, targets to weights.

Implements :func:`register` (adds both commands), :func:`run_exposure` and
:func:`run_solve`.

A solve whose targets cannot be met exactly is an error with exit status 3 (the
residual per asset class on stderr), as the Excel function ``EFFCAP_SOLVE`` shows an
error text, unless ``--allow-nearest`` asks for the nearest weights.
"""

from __future__ import annotations

import argparse
import math

import pandas as pd

from efficap.cli.args import add_common, parse_number, parse_pairs, split_pairs
from efficap.cli.output import CommandError, Output
from efficap.errors import EfficapError

__all__ = ["NO_EXACT_ANSWER", "register", "run_exposure", "run_solve"]

#: Exit status of a solve without an exact answer (and no ``--allow-nearest``).
NO_EXACT_ANSWER = 3

_NOTE_TARGETS = {"U.S. Equities": 0.6, "U.S. Fixed Income": 0.4, "Managed Futures": 0.2}


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``exposure`` and ``solve`` commands to the sub-parsers `commands`."""
    exposure = commands.add_parser(
        "exposure",
        help="notional exposure by asset class of fund weights",
        description="Notional exposure by asset class, total notional and financing of "
        "fund weights, e.g. efficap exposure IVV=24% NTSX=40% AGG=16% WTMF=20%.",
    )
    exposure.add_argument(
        "weights", nargs="*", metavar="TICKER=WEIGHT", help="fund weights, e.g. NTSX=40%%"
    )
    exposure.add_argument(
        "--figure1",
        action="store_true",
        help="the note's efficient blend: IVV=24%% NTSX=40%% AGG=16%% WTMF=20%%",
    )
    add_common(exposure)
    exposure.set_defaults(run=run_exposure)

    solve = commands.add_parser(
        "solve",
        help="fund weights that hit target exposures",
        description="Solve for fund weights that reach target exposures. Default: the "
        "note's 60/40/20 targets with IVV, NTSX, AGG, WTMF. Exit status 3 when no weights "
        "hit the targets exactly (the residuals go to stderr), unless --allow-nearest.",
    )
    solve.add_argument(
        "--target", action="append", metavar="CLASS=VALUE", help='e.g. "U.S. Equities=60%%"'
    )
    solve.add_argument("--funds", nargs="+", metavar="TICKER", help="candidate funds")
    solve.add_argument(
        "--objective",
        default="expense",
        help="when several answers exist: expense "
        "(lowest net expense ratio, default), yield (highest SEC yield), spread (most even)",
    )
    solve.add_argument(
        "--bound", action="append", metavar="TICKER=LO:HI", help="weight bounds, e.g. NTSX=0:50%%"
    )
    solve.add_argument("--allow-cash", action="store_true", help="let part of capital stay cash")
    solve.add_argument(
        "--allow-nearest",
        action="store_true",
        help="when the targets cannot be met exactly, print the nearest weights (exit 0)",
    )
    add_common(solve)
    solve.set_defaults(run=run_solve)


def run_exposure(args: argparse.Namespace) -> Output:
    """Exposures, total notional and financing of the weights given."""
    from efficap.exposure import exposure_report
    from efficap.figures import EFFICIENT, PORTFOLIOS, held_weights

    if args.weights and args.figure1:
        raise EfficapError("Give fund weights or --figure1, not both.")
    if args.figure1:
        weights = held_weights(PORTFOLIOS[EFFICIENT])
    elif args.weights:
        weights = parse_pairs(args.weights, "TICKER=WEIGHT")
    else:
        raise EfficapError(
            "Give fund weights, e.g. efficap exposure IVV=24% NTSX=40% AGG=16% WTMF=20%, "
            "or --figure1 for the note's efficient blend."
        )
    report = exposure_report(weights, args.catalog).to_frame().rename_axis("Asset class")
    notes = []
    invested = sum(weights.values())
    if not math.isclose(invested, 1.0, abs_tol=1e-9):
        notes.append(f"Weights add up to {invested:.2%} of capital, not 100%.")
    return Output({"exposure": report}, notes)


def run_solve(args: argparse.Namespace) -> Output:
    """Weights that reach the targets; exit 3 when none do exactly (unless allowed)."""
    from efficap.figures import FIGURE1_FUNDS
    from efficap.solve import solve_weights

    targets = parse_pairs(args.target, "CLASS=VALUE") if args.target else dict(_NOTE_TARGETS)
    funds = args.funds or (list(FIGURE1_FUNDS) if not args.target else None)
    if not funds:
        raise EfficapError("Name the candidate funds: --funds IVV NTSX AGG WTMF")
    bounds = {}
    for ticker, text in split_pairs(args.bound or [], "TICKER=LO:HI"):
        lo, sep, hi = text.partition(":")
        if not sep:
            raise EfficapError(f"Bound for {ticker} must be LO:HI, e.g. {ticker}=0:50%.")
        bounds[ticker] = (parse_number(lo) if lo else None, parse_number(hi) if hi else None)
    result = solve_weights(
        targets,
        funds,
        catalog=args.catalog,
        objective=args.objective,
        bounds=bounds,
        allow_cash=args.allow_cash,
    )
    exposures = pd.DataFrame(
        {"Target": result.targets, "Reached": result.exposures, "Residual": result.residual}
    ).rename_axis("Asset class")
    if not result.exact and not args.allow_nearest:
        worst = result.residual.abs().idxmax()
        raise CommandError(
            f"No exact answer: these funds cannot reach the targets (largest miss "
            f"{result.residual[worst]:+.2%} in {worst}). --allow-nearest prints the nearest "
            "weights.",
            NO_EXACT_ANSWER,
            [
                f"{name}: target {row.Target:.2%}, nearest {row.Reached:.2%}, "
                f"residual {row.Residual:+.2%}"
                for name, row in exposures.iterrows()
            ],
        )
    tables = {"weights": result.weights.to_frame("Weight").rename_axis("Fund")}
    tables["exposures"] = exposures
    if result.ranges is not None:
        tables["ranges"] = result.ranges.rename(columns={"min": "Lowest", "max": "Highest"})
        tables["ranges"].index.name = "Fund"
    fields: dict[str, object] = {
        "exact": result.exact,
        "unique": result.unique,
        "status": result.status,
        "objective": result.objective,
        "residuals": result.residual.to_dict(),
    }
    if result.ranges is None:
        fields["ranges"] = None
    notes = [result.status, *result.notes]
    if result.ranges is not None:
        notes.append("Several weight sets hit the targets: the 'ranges' table shows each range.")
    return Output(tables, notes, fields)
