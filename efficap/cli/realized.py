"""``efficap realized TICKER``: a fund's stated exposures next to those its returns show.

Implements
----------
- :func:`register`, :func:`run` -- the ``realized`` command over
  :func:`efficap.realized.realized_exposures`: table ``exposures`` (a row per asset
  class: proxy, stated, realized, standard error, difference, flagged) and table ``fit``
  (alpha a year, R-squared, observations, first and last close, frequency).
"""

from __future__ import annotations

import argparse

import pandas as pd

from efficap.cli.args import add_common, parse_date_arg
from efficap.cli.output import Output
from efficap.cli.splice import cli_text, load_prices, proxy_funds
from efficap.errors import EfficapError

__all__ = ["register", "run"]

_FIT = {
    "alpha": "intercept a year (decimal): return not explained",
    "alpha_std_error": "its standard error",
    "r_squared": "share of excess-return variance explained",
    "observations": "returns regressed",
    "first": "first close (base of the first return)",
    "last": "last close",
    "frequency": "daily or weekly returns",
    "cash": "cash proxy subtracted from every series",
}


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``realized`` command to the sub-parsers `commands`."""
    cmd = commands.add_parser(
        "realized",
        help="a fund's stated vs realized exposures, by regression on its proxies",
        description="Regress a fund's returns over cash (BIL) on its asset classes' proxies' "
        "(IVV, IEF, GLD, WTMF...) and set the realized exposures beside the catalog's. "
        "Flagged: off by more than 2 standard errors and by more than 0.1.",
    )
    cmd.add_argument("ticker", metavar="TICKER", help="the fund, e.g. NTSX")
    cmd.add_argument("--prices", help="price histories holding the fund and its proxies")
    cmd.add_argument(
        "--frequency",
        choices=("weekly", "daily"),
        default=None,
        help="weekly (default: futures and stocks close at different times; a week's "
        "return washes that out) or daily",
    )
    cmd.add_argument("--start", help="first date, YYYY-MM-DD (default: the first common close)")
    cmd.add_argument("--end", help="last date, YYYY-MM-DD (default: the last common close)")
    add_common(cmd)
    cmd.set_defaults(run=run)


def run(args: argparse.Namespace) -> Output:
    """Regress ``args.ticker`` on its proxies: the exposures and fit tables."""
    from efficap.catalog import check_tickers, load_catalog
    from efficap.realized import realized_exposures

    fund = args.ticker.strip().upper()
    if not args.prices:
        raise EfficapError(f"Regressing {fund} needs its and its proxies' closes: add --prices.")
    catalog = load_catalog(args.catalog)
    check_tickers(catalog, [fund])
    start = parse_date_arg(args.start, "--start")
    end = parse_date_arg(args.end, "--end")
    prices = load_prices(args.prices, [fund], list(proxy_funds()))
    try:
        result = realized_exposures(fund, prices, catalog, None, args.frequency, start, end)
    except EfficapError as exc:
        raise EfficapError(cli_text(exc)) from None
    table = result.table()
    values = {k: getattr(result, k) for k in _FIT}
    fit = pd.DataFrame(
        {"Value": pd.Series(values, dtype=object), "Meaning": pd.Series(_FIT)}
    ).rename_axis("Field")
    fit.attrs["caption"] = table.attrs["caption"]
    fit.attrs["plain"] = ("r_squared",)
    fields = {k: v for k, v in values.items()}
    return Output({"exposures": table, "fit": fit}, list(result.notes), fields)
