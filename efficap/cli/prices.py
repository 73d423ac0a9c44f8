"""``efficap prices check PATH``: what looks wrong in price histories.

Implements :func:`register` (adds the ``prices`` command group) and :func:`run_check`.
The checks are :func:`efficap.pricecheck.check_prices`: NYSE trading days without a
close, closes on days the NYSE was closed, one-day moves reversed the next day (bad
prints) and one-day moves of a common split ratio that stay (unadjusted splits). The
first table, ``findings``, lists every finding worst first (all of them in CSV and
JSON; the worst :data:`SHOWN` in table format); the second, ``check``, one row per fund.
"""

from __future__ import annotations

import argparse
import warnings

from efficap.cli.args import add_common
from efficap.cli.output import Output
from efficap.errors import EfficapError

__all__ = ["SHOWN", "register", "run_check"]

#: Findings printed in table format (CSV and JSON list them all).
SHOWN = 10


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``prices`` command group to the sub-parsers `commands`."""
    prices = commands.add_parser(
        "prices",
        help="check price histories (gaps, closed days, bad prints, splits)",
        description="Price histories: efficap prices check PATH.",
    )
    add_common(prices, catalog=False)
    prices.set_defaults(run=_choose)
    actions = prices.add_subparsers(title="prices commands", metavar="ACTION")
    check = actions.add_parser(
        "check",
        help="every finding worst first, then one row per fund",
        description="Check price histories against the NYSE calendar, for one-day "
        "moves reversed the next day (a bad print: large for the fund, at least 8 typical "
        "daily moves, and three quarters undone the next day) and for one-day moves of a "
        "common split ratio (2:1, 3:2, 1:10, ... within 4 typical daily moves) that are not "
        "reversed (an unadjusted split). Lists every finding worst first (all of them "
        "with --format csv or json). Reports, never refuses.",
    )
    check.add_argument("path", help="a folder of TICKER.csv files, a CSV or an XLSX workbook")
    check.add_argument("--tickers", nargs="+", metavar="TICKER", help="check only these funds")
    check.add_argument("--sheet", help="worksheet of an XLSX workbook (default: the first)")
    add_common(check, catalog=False)
    check.set_defaults(run=run_check)


def _choose(args: argparse.Namespace) -> Output:
    raise EfficapError("Choose an action: efficap prices check PATH [--tickers ...]")


def run_check(args: argparse.Namespace) -> Output:
    """Every finding worst first, the check table (one row per fund), one note per kind."""
    from efficap.pricecheck import PriceWarning, check_prices, price_findings, price_notes
    from efficap.prices import read_prices

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PriceWarning)  # the table says it all
        prices = read_prices(args.path, tickers=args.tickers, sheet=args.sheet)
    table = check_prices(prices)
    findings = price_findings(prices)
    notes = price_notes(prices)
    if getattr(args, "format", "table") == "table" and len(findings) > SHOWN:
        notes.append(
            f"findings: the worst {SHOWN} of {len(findings)} shown; --format csv lists all."
        )
        findings = findings.head(SHOWN)
    counts = ["missing_days", "extra_days", "suspicious_moves", "probable_splits"]
    flagged = int((table[counts].sum(axis=1) > 0).sum())
    notes.append(f"{flagged} of {len(table)} funds with findings.")
    return Output({"findings": findings, "check": table}, notes)
