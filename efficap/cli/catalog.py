"""``efficap catalog``: the fund catalog, with a user's catalog merged over it.

Implements :func:`register` (adds the command) and :func:`run`.
"""

from __future__ import annotations

import argparse

from efficap.cli.args import add_common
from efficap.cli.output import Output

__all__ = ["register", "run"]


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``catalog`` command to the sub-parsers `commands`."""
    catalog = commands.add_parser(
        "catalog",
        help="the fund catalog (exposures, fees, yields, sources)",
        description="Print the fund catalog; with --catalog, yours merged over it (a cell "
        "you fill overrides the built-in one, a blank cell keeps it).",
    )
    add_common(catalog)
    catalog.set_defaults(run=run)


def run(args: argparse.Namespace) -> Output:
    """The merged catalog as one table."""
    from efficap.catalog import load_catalog

    return Output({"catalog": load_catalog(args.catalog)})
