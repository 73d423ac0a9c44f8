"""``efficap prices check PATH``: what looks wrong in price histories.

Implements :func:`register` (adds the ``prices`` command group) and :func:`run_check`.
The checks are :func:`efficap.pricecheck.check_prices`: NYSE trading days without a
close, closes on days the NYSE was closed, and one-day moves reversed the next day.
"""

from __future__ import annotations

import argparse
import warnings

from efficap.cli.args import add_common
from efficap.cli.output import Output
from efficap.errors import EfficapError

__all__ = ["register", "run_check"]


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``prices`` command group to the sub-parsers `commands`."""
    prices = commands.add_parser(
        "prices",
        help="check price histories (gaps, closed days, bad prints)",
        description="Price histories: efficap prices check PATH.",
    )
    add_common(prices, catalog=False)
    prices.set_defaults(run=_choose)
    actions = prices.add_subparsers(title="prices commands", metavar="ACTION")
    check = actions.add_parser(
        "check",
        help="one row per fund: dates, rows, missing trading days, suspicious moves",
        description="Check price histories against the NYSE calendar and for one-day "
        "moves reversed the next day (a bad print: large for the fund, at least 8 typical "
        "daily moves, and three quarters undone the next day). Reports, never refuses.",
    )
    check.add_argument("path", help="a folder of TICKER.csv files, a CSV or an XLSX workbook")
    check.add_argument("--tickers", nargs="+", metavar="TICKER", help="check only these funds")
    check.add_argument("--sheet", help="worksheet of an XLSX workbook (default: the first)")
    add_common(check, catalog=False)
    check.set_defaults(run=run_check)


def _choose(args: argparse.Namespace) -> Output:
    raise EfficapError("Choose an action: efficap prices check PATH [--tickers ...]")


def run_check(args: argparse.Namespace) -> Output:
    """The check table, one row per fund, and one note per finding."""
    from efficap.pricecheck import PriceWarning, check_prices, price_notes
    from efficap.prices import read_prices

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PriceWarning)  # the table says it all
        prices = read_prices(args.path, tickers=args.tickers, sheet=args.sheet)
    table = check_prices(prices)
    notes = price_notes(prices)
    flagged = int((table[["missing_days", "extra_days", "suspicious_moves"]].sum(axis=1) > 0).sum())
    notes.append(f"{flagged} of {len(table)} funds with findings.")
    return Output({"check": table}, notes)
