"""``efficap analyze``: an allocator's own blends, their record, crises, years and drawdowns.

Implements :func:`register` (adds the command) and :func:`run`; the blends are read by
:mod:`efficap.cli.blends` (``--blend`` and ``--weights``).

The numbers are :func:`efficap.analysis.portfolio_report`'s, turned for reading: the
stress table one row per period (Start, End, a column per blend), calendar years one
row per year (a column per blend and ``Partial`` naming the blends whose year is
partial), drawdowns one row per episode. Every table's caption says its as-of date,
rule, window convention and which closes are simulated; the report's facts go to JSON
as fields and to stderr as ``note:`` lines.

``--out lab.xlsx`` writes the Portfolio Lab workbook with the writer the Excel layer
registers under the entry-point group ``efficap.workbooks``, name ``portfolio_lab``
(``write(path, prices, blends, *, as_of, rebalance, catalog, simulated, force)``); the
core never imports that layer.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path

import pandas as pd

from efficap.cli.args import add_common, parse_date_arg
from efficap.cli.blends import read_blends
from efficap.cli.output import Output
from efficap.cli.splice import Extension, add_simulate_option, extend, load_prices, proxy_funds
from efficap.errors import EfficapError

__all__ = ["LAB_WRITER", "WORKBOOK_GROUP", "register", "run"]

#: Entry-point group and name of the Portfolio Lab workbook writer.
WORKBOOK_GROUP = "efficap.workbooks"
LAB_WRITER = "portfolio_lab"

_PLAIN = ("Sharpe", "Correlation to equities")
_EPILOG = """\
tables: performance, risk, stress (a row per period), calendar (a row per year),
drawdowns (a row per episode), closes; --table NAME prints one.
--weights FILE, in either layout (told apart by the first header cell):
  Ticker,60/40,Efficient         Blend,IVV,AGG,NTSX,WTMF
  IVV,60%,24%                    60/40,60%,40%,,
  AGG,40%,16%                    Efficient,24%,16%,40%,20%
  NTSX,,40%
  WTMF,,20%
  (a blank cell: the blend does not hold that fund)
examples:
  efficap analyze --prices ../shared/data/prices --blend "60/40" IVV=60% AGG=40% \\
                  --rebalance quarterly --table stress --format csv
  efficap analyze --prices PATH --blend Efficient IVV=24% NTSX=40% AGG=16% WTMF=20% \\
                  --simulate --table stress
  efficap analyze --prices PATH --weights blends.csv --out lab.xlsx
"""


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``analyze`` command to the sub-parsers `commands`."""
    cmd = commands.add_parser(
        "analyze",
        help="your blends: performance, risk, stress periods, calendar years, drawdowns",
        description="Standardized performance, risk figures, stress periods, calendar years\n"
        'and drawdowns of your own blends, e.g. --blend "60/40" IVV=60% AGG=40%.',
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cmd.add_argument("--prices", help="price histories: a folder of TICKER.csv, a CSV or XLSX")
    cmd.add_argument(
        "--blend",
        nargs="+",
        action="append",
        metavar=("NAME", "TICKER=W"),
        help='a name, then weights adding up to 100%%: --blend "60/40" IVV=60%% AGG=40%%',
    )
    cmd.add_argument(
        "--weights",
        metavar="FILE",
        help="CSV of blends: Ticker then a column per blend, or Blend then a column per fund",
    )
    cmd.add_argument("--as-of", help="last date, YYYY-MM-DD (default: the blends' last close)")
    cmd.add_argument(
        "--rebalance", help="none, daily, monthly, quarterly, annual (default), or threshold:0.05"
    )
    cmd.add_argument(
        "--window",
        choices=("linked", "restart"),
        default="linked",
        help="performance table only: linked (default) or restart at target weights",
    )
    cmd.add_argument("--top", default="5", help="drawdown episodes per blend (default 5)")
    cmd.add_argument("--equity", help="equity fund for the correlation (default IVV if priced)")
    cmd.add_argument("--periods", metavar="CSV", help="stress periods: CSV of name,start,end")
    add_simulate_option(cmd)
    cmd.add_argument("--out", metavar="XLSX", help="also write the Portfolio Lab workbook")
    cmd.add_argument(
        "--force",
        action="store_true",
        help="let --out replace an existing file that differs (an identical one is left alone)",
    )
    add_common(cmd)
    cmd.set_defaults(run=run)


def run(args: argparse.Namespace) -> Output:
    """Read the blends and prices, simulate if asked, and shape the report's tables."""
    from efficap.analysis import portfolio_report
    from efficap.blend import parse_rebalance
    from efficap.catalog import load_catalog
    from efficap.performance import standardized_table

    catalog = load_catalog(args.catalog)
    blends = read_blends(args, catalog)
    if not args.prices:
        raise EfficapError(
            "analyze needs price histories: add --prices PATH (a folder of "
            "TICKER.csv files with Date,Close columns, a wide CSV, or an XLSX)."
        )
    as_of = parse_date_arg(args.as_of, "--as-of")
    rule = parse_rebalance(args.rebalance)
    top = _top(args.top)
    writer = _lab_writer() if args.out else None
    held = list(dict.fromkeys(t for w in blends.values() for t in w))
    equity = args.equity.strip().upper() if args.equity else None
    required = [*held, *([equity] if equity else [])]
    optional = ["IVV", *(proxy_funds() if args.simulate is not None else [])]
    prices = load_prices(args.prices, required, optional)
    ext = extend(prices, held, args.simulate, catalog) if args.simulate is not None else None
    if ext is not None:
        prices = ext.prices
    report = portfolio_report(prices, blends, as_of, rule, args.periods, top, equity)
    stamp = report["facts"].at["as_of", "value"]
    performance = report["performance"]
    if args.window != "linked":
        performance = standardized_table(prices, blends, stamp, rule, window=args.window)
    tables = _tables(report, performance, stamp, rule, args.window, top, ext, blends)
    fields = {fact: row.value for fact, row in report["facts"].iterrows()}
    notes = [
        f"{fact} {f'{v:%Y-%m-%d}' if isinstance(v, pd.Timestamp) else v}: {row.description}"
        for fact, row in report["facts"].iterrows()
        for v in [row.value]
    ]
    if args.window != "linked":
        notes.append(
            "The performance table restarts each period at target weights; "
            "the other tables read the linked history."
        )
    if ext is not None:
        notes += ext.notes
        fields["simulated"] = ext.as_field()
    if writer is not None:
        keep = [c for c in dict.fromkeys([*held, fields["equity"]]) if c in prices.columns]
        written = writer(
            args.out,
            prices[keep].dropna(how="all"),
            blends,
            as_of=stamp,
            rebalance=str(rule),
            catalog=args.catalog,
            simulated=(ext.ranges or None) if ext is not None else None,
            force=args.force,
        )
        notes.append(f"Wrote the Portfolio Lab workbook {written}.")
        fields["workbook"] = str(written)
    return Output(tables, notes, fields)


def _top(text: str) -> int:
    try:
        top = int(text)
    except ValueError:
        top = 0
    if top < 1:
        raise EfficapError(f"--top must be a whole number of episodes, 1 or more; got '{text}'.")
    return top


def _lab_writer() -> Callable[..., Path]:
    """The Portfolio Lab writer the Excel layer registers, or an error saying what to install."""
    found = [ep for ep in entry_points(group=WORKBOOK_GROUP) if ep.name == LAB_WRITER]
    if not found:
        raise EfficapError(
            f"--out needs the Portfolio Lab writer of efficap's Excel layer (entry point "
            f"{WORKBOOK_GROUP}: {LAB_WRITER}); reinstall efficap from its clone or wheel "
            "(pip install CLONE, README 'Quick start') so the Excel layer comes with it."
        )
    return found[0].load()


def _tables(
    report: dict[str, pd.DataFrame],
    performance: pd.DataFrame,
    stamp: pd.Timestamp,
    rule: object,
    window: str,
    top: int,
    ext: Extension | None,
    blends: dict[str, dict[str, float]],
) -> dict[str, pd.DataFrame]:
    from efficap.performance import PERIOD_LABELS, caption

    base = caption(stamp, rule, "linked").removesuffix("; returns over a year annualized")
    captions = {
        "performance": caption(stamp, rule, window),
        "risk": f"{base}; CAGR and volatility annualized, Sharpe with a risk-free rate of 0",
        "stress": f"{base}; total return over each period, not annualized; n/a where a "
        "blend's history does not cover it",
        "calendar": f"{base}; Partial names the blends whose year is partial",
        "drawdowns": f"{base}; the {top} deepest per blend; depth a negative decimal; "
        "trading days: NYSE sessions after the peak up to the recovery (or the last close)",
        "closes": f"{base}; first and last close of each blend's history",
    }
    periods = report["stress_periods"].set_index("name")
    stress = report["stress"].T.rename_axis(index="Period", columns=None)
    stress.insert(0, "Start", periods.loc[stress.index, "start"].to_numpy())
    stress.insert(1, "End", periods.loc[stress.index, "end"].to_numpy())
    years = report["calendar"].T.rename_axis(index="Year", columns=None)
    partial = report["calendar_partial"].T
    years["Partial"] = [
        "; ".join(b for b in partial.columns if row[b]) for _, row in partial.iterrows()
    ]
    dd = report["drawdowns"]
    drawdowns = pd.DataFrame(
        {
            "Blend": dd["blend"].to_numpy(dtype=object),
            "Rank": dd["rank"].to_numpy(dtype=int),
            "Depth": dd["depth"].to_numpy(dtype=float),
            "Peak": list(dd["peak"]),
            "Trough": list(dd["trough"]),
            "Recovery": [
                "not recovered" if lost else day
                for day, lost in zip(dd["recovery"], dd["not_recovered"], strict=True)
            ],
            "Trading days": dd["trading_days"].to_numpy(dtype=int),  # NYSE sessions
        },
        index=pd.RangeIndex(1, len(dd) + 1, name="Episode"),
    )
    closes = report["closes"].rename(
        columns={"first_close": "First close", "last_close": "Last close"}
    )
    tables = {
        "performance": performance.rename(columns=PERIOD_LABELS),
        "risk": report["risk"],
        "stress": stress,
        "calendar": years,
        "drawdowns": drawdowns,
        "closes": closes,
    }
    for name, table in tables.items():
        table.attrs = {
            "as_of": stamp,
            "rebalance": str(rule),
            "window": window if name == "performance" else "linked",
            "caption": captions[name],
            "description": report[name].attrs.get("description", ""),
        }
        if ext is not None:  # the caption, and a Simulated column that marks each row
            ext.mark(ext.label(table, blends), blends)
    tables["risk"].attrs["plain"] = _PLAIN
    return tables
