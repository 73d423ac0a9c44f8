"""``efficap screen``: which diversifier to stack on a core, and how much.

Implements
----------
- :func:`register`, :func:`run` -- the ``screen`` command over
  :func:`efficap.screen.screen`: a core (``--core IVV=60% AGG=40%``, the 60/40 by
  default), candidates (``--candidates WTMF GLD``; by default every priced fund none of
  whose asset classes the core holds), overlay sizes (``--overlay 10% 20% 30%``), a
  rule, ``--sort COLUMN`` and ``--simulate`` (funds with embedded leverage extended back
  with validated simulations, labelled row by row).

One table, ``screen``: a row per candidate and size; its caption says the core, rule,
windows, risk-free rate and simulated parts.
"""

from __future__ import annotations

import argparse

from efficap.cli.args import add_common, parse_number, parse_pairs
from efficap.cli.output import Output
from efficap.cli.splice import add_simulate_option, extend, load_prices, proxy_funds
from efficap.errors import EfficapError

__all__ = ["register", "run"]

_PLAIN = ("Sharpe", "Down-month correlation")
_EPILOG = """\
examples:
  efficap screen --prices ../shared/data/prices
  efficap screen --prices ../shared/data/prices --core IVV=60% AGG=40% \\
                 --candidates WTMF GLD --overlay 20% --rebalance annual --format csv
  efficap screen --prices PATH --overlay 10% 20% --sort "CAGR vs core" --simulate
Each blend keeps the core's exposures and adds the candidate on top with the same
capital, funded by one capital-efficient fund (NTSX for a 60/40): 60/40 + 20% WTMF is
24 IVV / 40 NTSX / 16 AGG / 20 WTMF. Columns to sort by: CAGR, CAGR vs core, Volatility,
Sharpe, Max drawdown, Max drawdown vs core, a stress period, Down-month correlation.
"""


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``screen`` command to the sub-parsers `commands`."""
    cmd = commands.add_parser(
        "screen",
        help="which diversifier to stack on your core, and how much",
        description="For each candidate fund and overlay size: the blend that keeps the core's "
        "exposures and adds the candidate on top with the same capital, and how it did "
        "against the core over the closes its funds share.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cmd.add_argument("--prices", help="price histories: a folder of TICKER.csv, a CSV or XLSX")
    cmd.add_argument(
        "--core",
        nargs="+",
        metavar="TICKER=W",
        help="the core, adding up to 100%% (IVV=60%% AGG=40%%)",
    )
    cmd.add_argument(
        "--candidates",
        nargs="+",
        metavar="TICKER",
        help="funds to stack (default: every priced "
        "fund none of whose asset classes the core holds)",
    )
    cmd.add_argument(
        "--overlay", nargs="+", metavar="SIZE", help="overlay sizes, e.g. 10%% 20%% 30%% (default)"
    )
    cmd.add_argument(
        "--rebalance", help="none, daily, monthly, quarterly, annual (default), or threshold:0.05"
    )
    cmd.add_argument(
        "--objective",
        default="expense",
        help="choice among several exact answers: expense (default), yield or spread",
    )
    cmd.add_argument("--risk-free", default="0", help="annual risk-free rate for Sharpe (0)")
    cmd.add_argument("--equity", help="equity fund for the down-month correlation (IVV)")
    cmd.add_argument("--periods", metavar="CSV", help="stress periods: CSV of name,start,end")
    cmd.add_argument("--sort", metavar="COLUMN", help="sort rows by this column, best first")
    add_simulate_option(cmd)
    add_common(cmd)
    cmd.set_defaults(run=run)


def run(args: argparse.Namespace) -> Output:
    """Read the core, candidates and prices; screen; label simulated parts."""
    from efficap.catalog import check_tickers, exposure_matrix, load_catalog
    from efficap.overlay import DEFAULT_CORE, default_candidates, funding_funds
    from efficap.screen import screen

    catalog = load_catalog(args.catalog)
    if not args.prices:
        raise EfficapError("screen needs price histories: add --prices PATH.")
    core = parse_pairs(args.core, "TICKER=WEIGHT") if args.core else dict(DEFAULT_CORE)
    core = {t.strip().upper(): w for t, w in core.items()}
    candidates = [t.strip().upper() for t in args.candidates] if args.candidates else None
    check_tickers(catalog, [*core, *(candidates or [])])
    overlays = [parse_number(s) for s in args.overlay] if args.overlay else None
    risk_free = parse_number(args.risk_free)
    equity = args.equity.strip().upper() if args.equity else None
    levered = [
        t for t in catalog.index if float(exposure_matrix(catalog, [t]).iloc[0].sum()) > 1 + 1e-9
    ]
    required = [*core, *(candidates or []), *([equity] if equity else [])]
    # Candidates named: only the funds that may fund them; else every fund is a candidate.
    pool = levered if candidates else list(catalog.index)
    optional = ["IVV", *pool, *(proxy_funds() if args.simulate is not None else [])]
    prices = load_prices(args.prices, required, optional)
    notes: list[str] = []
    simulated = None
    if args.simulate is not None:
        priced = list(prices.columns)
        names = candidates or default_candidates(core, priced, catalog)
        funding = [f for c in names for f in funding_funds(core, c, priced, catalog)]
        held = [t for t in dict.fromkeys([*core, *names, *funding]) if t in priced]
        ext = extend(prices, held, args.simulate, catalog)
        prices, simulated, notes = ext.prices, ext.ranges, list(ext.notes)
    table = screen(
        prices,
        core,
        candidates,
        overlays,
        args.rebalance,
        catalog,
        args.objective,
        risk_free,
        equity,
        args.periods,
        args.sort,
        simulated,
    )
    table.attrs["plain"] = _PLAIN
    blank = table[table["Status"] != "exact"]
    notes += [f"{row}: {status}" for row, status in blank["Status"].items()]
    return Output({"screen": table}, notes)
