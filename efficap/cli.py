"""The ``efficap`` command: the research note's figures, exposures and solves.

Implements :func:`main`, the console-script entry point. Output formats: ``table``
(percentages, for people), ``csv`` (one table, header row, row labels first, decimals)
and ``json`` (decimals, ``null`` for n/a). Errors print one line to stderr and exit 2.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence

import pandas as pd

from efficap import __version__
from efficap.errors import EfficapError

EXAMPLES = """\
examples:
  efficap figure 1                                 Figure 1: weights and exposures
  efficap figure 2 --prices ../shared/data/prices  Figure 2b as of 2026-03-31 and 2a
  efficap figure 2 --prices prices.xlsx --as-of 2025-12-31 --rebalance monthly
  efficap figure 3 --format csv --table blends     weighted expense ratio and yield
  efficap exposure IVV=24% NTSX=40% AGG=16% WTMF=20%
  efficap solve --target "U.S. Equities=60%" --target "U.S. Fixed Income=40%" \\
                --target "Managed Futures=20%" --funds IVV NTSX AGG WTMF
  efficap catalog --format csv > my_funds.csv      copy the catalog, then edit it
  efficap build --prices ../shared/data/prices     template workbooks into ./workbooks
  efficap addin build                              the Excel add-in, ./efficap.xlam
Numbers: 60% or 0.6 both mean sixty percent.
"""

_NOT_PERCENT = {"Total assets ($ millions)", "total_assets_musd"}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``efficap`` command; return its exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 0
    try:
        tables, notes = args.run(args)
        _emit(tables, args.format, args.table, notes)
    except EfficapError as exc:
        print(f"efficap: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"efficap: error: {exc.strerror or exc}: {exc.filename or ''}", file=sys.stderr)
        return 2
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="efficap",
        description="Efficient-capital portfolios: exposures, solve-for-weights, "
        "blended performance (the research note's Figures 1-3).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"efficap {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    figure = commands.add_parser(
        "figure",
        help="reproduce Figure 1, 2 or 3 of the research note",
        description="Reproduce a figure of the research note. Figure 2 needs --prices.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    figure.add_argument("number", choices=["1", "2", "3"], help="which figure")
    figure.add_argument("--prices", help="price histories: folder of TICKER.csv, a CSV or XLSX")
    figure.add_argument("--as-of", default=None, help="Figure 2b date (default 2026-03-31)")
    figure.add_argument("--chart-as-of", default=None, help="Figure 2a date (default 2026-04-08)")
    figure.add_argument(
        "--rebalance",
        default="quarterly",
        help="none, daily, monthly, quarterly (default), annual, or threshold:0.05",
    )
    _add_common(figure)
    figure.set_defaults(run=_run_figure)

    exposure = commands.add_parser(
        "exposure",
        help="notional exposure by asset class of fund weights",
        description="Notional exposure by asset class, total notional and financing. "
        "Default: the note's efficient blend, IVV=24%% NTSX=40%% AGG=16%% WTMF=20%%.",
    )
    exposure.add_argument("weights", nargs="*", metavar="TICKER=WEIGHT", help="e.g. NTSX=40%%")
    _add_common(exposure)
    exposure.set_defaults(run=_run_exposure)

    solve = commands.add_parser(
        "solve",
        help="fund weights that hit target exposures",
        description="Solve for fund weights that reach target exposures. Default: the "
        "note's 60/40/20 targets with IVV, NTSX, AGG, WTMF.",
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
    _add_common(solve)
    solve.set_defaults(run=_run_solve)

    catalog = commands.add_parser(
        "catalog",
        help="the fund catalog (exposures, fees, yields, sources)",
        description="Print the fund catalog; with --catalog, yours merged over it.",
    )
    _add_common(catalog)
    catalog.set_defaults(run=_run_catalog)
    return parser


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=["table", "csv", "json"], default="table", help="output format"
    )
    parser.add_argument("--catalog", help="your fund catalog (CSV or XLSX) over the built-in one")
    parser.add_argument(
        "--table", help="print only this table of the output (CSV prints one; default: first)"
    )


def _run_figure(args: argparse.Namespace) -> tuple[dict[str, pd.DataFrame], list[str]]:
    from efficap import figures

    if args.number == "1":
        return figures.figure1(args.catalog), []
    if args.number == "3":
        return figures.figure3(args.catalog), []
    if not args.prices:
        raise EfficapError(
            "Figure 2 needs price histories: add --prices PATH (a folder of TICKER.csv "
            "files with Date,Close columns, a wide CSV, or an XLSX sheet)."
        )
    from efficap.prices import read_prices

    prices = read_prices(args.prices, tickers=list(figures.FIGURE2_FUNDS))
    tables = figures.figure2(
        prices,
        as_of=args.as_of or figures.FIGURE2_AS_OF,
        rebalance=args.rebalance,
        chart_as_of=args.chart_as_of or figures.FIGURE2A_AS_OF,
        catalog=args.catalog,
    )
    notes = [
        "Fund rows are market-price (MP) returns computed from the closes given; the "
        f"note's NAV rows cannot be computed from prices. Blends rebalance: {args.rebalance}.",
        "Since inception starts at each row's first close in the price data.",
    ]
    return tables, notes


def _run_exposure(args: argparse.Namespace) -> tuple[dict[str, pd.DataFrame], list[str]]:
    from efficap.exposure import exposure_report
    from efficap.figures import EFFICIENT, PORTFOLIOS, held_weights

    given = _pairs(args.weights, "TICKER=WEIGHT") if args.weights else None
    weights = given or held_weights(PORTFOLIOS[EFFICIENT])
    report = exposure_report(weights, args.catalog).to_frame().rename_axis("Asset class")
    notes = []
    invested = sum(weights.values())
    if not math.isclose(invested, 1.0, abs_tol=1e-9):
        notes.append(f"Weights add up to {invested:.2%} of capital, not 100%.")
    return {"exposure": report}, notes


def _run_solve(args: argparse.Namespace) -> tuple[dict[str, pd.DataFrame], list[str]]:
    from efficap.figures import FIGURE1_FUNDS
    from efficap.solve import solve_weights

    if args.target:
        targets = _pairs(args.target, "CLASS=VALUE")
    else:
        targets = {"U.S. Equities": 0.6, "U.S. Fixed Income": 0.4, "Managed Futures": 0.2}
    funds = args.funds or (list(FIGURE1_FUNDS) if not args.target else None)
    if not funds:
        raise EfficapError("Name the candidate funds: --funds IVV NTSX AGG WTMF")
    bounds = {}
    for ticker, text in _split_pairs(args.bound or [], "TICKER=LO:HI"):
        lo, sep, hi = text.partition(":")
        if not sep:
            raise EfficapError(f"Bound for {ticker} must be LO:HI, e.g. {ticker}=0:50%.")
        bounds[ticker] = (_number(lo) if lo else None, _number(hi) if hi else None)
    result = solve_weights(
        targets,
        funds,
        catalog=args.catalog,
        objective=args.objective,
        bounds=bounds,
        allow_cash=args.allow_cash,
    )
    weights = result.weights.to_frame("Weight").rename_axis("Fund")
    exposures = pd.DataFrame(
        {"Target": result.targets, "Reached": result.exposures, "Residual": result.residual}
    ).rename_axis("Asset class")
    notes = [result.status, *result.notes]
    return {"weights": weights, "exposures": exposures}, notes


def _run_catalog(args: argparse.Namespace) -> tuple[dict[str, pd.DataFrame], list[str]]:
    from efficap.catalog import load_catalog

    return {"catalog": load_catalog(args.catalog)}, []


def _split_pairs(items: Sequence[str], form: str) -> list[tuple[str, str]]:
    pairs = []
    for item in items:
        key, sep, value = item.rpartition("=")
        if not sep or not key.strip() or not value.strip():
            raise EfficapError(f"Expected {form}, got '{item}'.")
        pairs.append((key.strip(), value.strip()))
    return pairs


def _pairs(items: Sequence[str], form: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for key, value in _split_pairs(items, form):
        out[key] = _number(value)
    return out


def _number(text: str) -> float:
    """Parse 60% or 0.6; refuse a bare 60, which would mean 6000%."""
    raw = text.strip()
    try:
        if raw.endswith("%"):
            return float(raw[:-1]) / 100
        value = float(raw)
    except ValueError:
        raise EfficapError(f"'{text}' is not a number (write 60% or 0.6).") from None
    if abs(value) > 10:
        raise EfficapError(f"'{text}' means {value:.0%}; write {raw}% or {value / 100:g}.")
    return value


def _emit(tables: dict[str, pd.DataFrame], fmt: str, which: str | None, notes: list[str]) -> None:
    if which:
        if which not in tables:
            raise EfficapError(f"No table '{which}'; this output has: {', '.join(tables)}.")
        tables = {which: tables[which]}
    if fmt == "csv":
        name, table = next(iter(tables.items()))
        if len(tables) > 1:
            others = ", ".join(k for k in tables if k != name)
            notes = [*notes, f"CSV holds one table: printed '{name}'; --table {others} for more."]
        sys.stdout.write(_plain(table).to_csv(date_format="%Y-%m-%d", lineterminator="\n"))
    elif fmt == "json":
        payload = {name: _records(table) for name, table in tables.items()}
        if notes:
            payload["notes"] = notes
        print(json.dumps(payload, indent=2, allow_nan=False))
        notes = []
    else:
        blocks = [f"{name}\n{_pretty(table).to_string()}" for name, table in tables.items()]
        print("\n\n".join(blocks))
    for note in notes:
        print(f"note: {note}", file=sys.stderr)


def _plain(table: pd.DataFrame) -> pd.DataFrame:
    """Dates as ISO text and floats rounded to 12 places (0.24, not 0.23999999999999994)."""

    def plain(value: object) -> object:
        if value is pd.NaT:
            return None
        if isinstance(value, pd.Timestamp):
            return value.date().isoformat()
        return round(value, 12) if isinstance(value, float) else value

    return table.astype(object).map(plain)


def _records(table: pd.DataFrame) -> dict[str, dict[str, object]]:
    def clean(value: object) -> object:
        if value is pd.NaT:
            return None
        if isinstance(value, pd.Timestamp):
            return value.date().isoformat()
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        if hasattr(value, "item"):
            value = value.item()
        return round(value, 12) if isinstance(value, float) else value

    return {
        str(row): {str(col): clean(table.at[row, col]) for col in table.columns}
        for row in table.index
    }


def _pretty(table: pd.DataFrame) -> pd.DataFrame:
    def fmt(value: object, label: str) -> str:
        if isinstance(value, pd.Timestamp):
            return value.date().isoformat()
        if isinstance(value, float) and math.isnan(value):
            return "n/a"
        if value is None or value is pd.NaT:
            return ""
        if isinstance(value, float):
            return f"{value:,.2f}" if label in _NOT_PERCENT else f"{value:.2%}"
        text = str(value)
        return text if len(text) <= 40 else text[:37] + "..."

    out = table.copy().astype(object)
    for row in table.index:
        for col in table.columns:
            label = row if row in _NOT_PERCENT else col
            out.at[row, col] = fmt(table.at[row, col], label)
    return out


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
