"""``efficap figure 1|2|3``: the research note's figures as tables.

Implements :func:`register` (adds the command) and :func:`run`. ``figure 2 --simulate``
extends the funds back with simulated histories (:mod:`efficap.cli.splice`) and says
which dates are simulated in every table's caption, a ``note:`` and the JSON field
``simulated``.
"""

from __future__ import annotations

import argparse

import pandas as pd

from efficap.blend import parse_rebalance
from efficap.cli.args import add_common, parse_date_arg
from efficap.cli.output import Output
from efficap.cli.splice import Extension, add_simulate_option, extend, load_prices, proxy_funds
from efficap.errors import EfficapError
from efficap.performance import WINDOWS

__all__ = ["register", "run"]


def register(commands: argparse._SubParsersAction, examples: str) -> None:
    """Add the ``figure`` command to the sub-parsers `commands`."""
    figure = commands.add_parser(
        "figure",
        help="reproduce Figure 1, 2 or 3 of the research note",
        description="Reproduce a figure of the research note. Figure 2 needs --prices.",
        epilog=examples,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    figure.add_argument("number", choices=["1", "2", "3"], help="which figure")
    figure.add_argument("--prices", help="price histories: folder of TICKER.csv, a CSV or XLSX")
    figure.add_argument(
        "--as-of", default=None, help="Figure 2b date, YYYY-MM-DD (default 2026-03-31)"
    )
    figure.add_argument(
        "--chart-as-of", default=None, help="Figure 2a date, YYYY-MM-DD (default 2026-04-08)"
    )
    figure.add_argument(
        "--rebalance",
        default=None,
        help="none, daily, monthly, quarterly, annual (default), or threshold:0.05",
    )
    figure.add_argument(
        "--window",
        default=None,
        choices=WINDOWS,
        help="linked (default): periods read off each blend's own history; "
        "restart: each period restarted at target weights (a fresh-start view)",
    )
    add_simulate_option(figure)
    add_common(figure)
    figure.set_defaults(run=run)


def run(args: argparse.Namespace) -> Output:
    """Compute the figure `args.number` asks for."""
    from efficap import figures

    if args.number != "2" and args.simulate is not None:
        raise EfficapError("--simulate goes with figure 2, the figure computed from prices.")
    if args.number == "1":
        return Output(figures.figure1(args.catalog))
    if args.number == "3":
        return Output(figures.figure3(args.catalog))
    as_of = parse_date_arg(args.as_of, "--as-of")
    chart_as_of = parse_date_arg(args.chart_as_of, "--chart-as-of")
    if not args.prices:
        raise EfficapError(
            "Figure 2 needs price histories: add --prices PATH (a folder of TICKER.csv "
            "files with Date,Close columns, a wide CSV, or an XLSX sheet)."
        )
    funds = list(figures.FIGURE2_FUNDS)
    ext = None
    if args.simulate is None:
        from efficap.prices import read_prices

        prices = read_prices(args.prices, tickers=funds)
    else:
        from efficap.catalog import load_catalog

        prices = load_prices(args.prices, funds, list(proxy_funds()))
        ext = extend(prices, funds, args.simulate, load_catalog(args.catalog))
        prices = ext.prices
    tables = figures.figure2(
        prices,
        as_of=figures.FIGURE2_AS_OF if as_of is None else as_of,
        rebalance=args.rebalance,
        chart_as_of=figures.FIGURE2A_AS_OF if chart_as_of is None else chart_as_of,
        catalog=args.catalog,
        window=args.window,
    )
    rule = parse_rebalance(args.rebalance)
    notes = [
        "Fund rows are market-price (MP) returns computed from the closes given; the "
        f"note's NAV rows cannot be computed from prices. Blends rebalance: {rule}.",
        "Since inception starts at each row's first close in the price data.",
    ]
    if ext is None:
        return Output(tables, notes)
    rows = {name: figures.held_weights(figures.PORTFOLIOS[name]) for name in figures.FIGURE2_BLENDS}
    rows |= {f"{t} (MP)": {t: 1.0} for t in funds}
    for name, table in tables.items():
        ext.mark(ext.label(table, rows), rows)
        tables[name] = _partly_simulated(table, ext)
    notes[-1] = (
        "Since inception starts at each row's first close (Inception), simulated closes "
        "included; a simulated fund's row names its real inception."
    )
    return Output(tables, [*ext.notes, *notes], {"simulated": ext.as_field()})


def _partly_simulated(table: pd.DataFrame, ext: Extension) -> pd.DataFrame:
    """Fund rows of simulated funds relabelled ``"NTSX (MP; simulated before 2018-08-02)"``:
    their Inception is the first simulated close, the date named the real one."""
    names = {}
    for label in table.index:
        ticker = str(label).removesuffix(" (MP)")
        if ticker != label and ticker in ext.ranges:
            names[label] = f"{label[:-1]}; simulated before {ext.real_inception(ticker):%Y-%m-%d})"
    return table.rename(index=names)
