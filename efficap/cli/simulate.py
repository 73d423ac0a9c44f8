"""``efficap simulate TICKER``: a fund's history rebuilt from its stated exposures.

Implements
----------
- :func:`register`, :func:`run` -- the ``simulate`` command: the simulation
  (:func:`efficap.simulate.simulate`), its validation against the real fund (one row
  per field; the same fields in JSON), and ``--out`` the spliced closes as CSV
  (``Date,Close,Simulated`` with TRUE/FALSE).
- :func:`write_text_atomic` -- write a file through a temporary file in its folder,
  never over an existing file unless asked.

The ``--simulate`` option of ``figure 2`` and ``analyze`` is :mod:`efficap.cli.splice`.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pandas as pd

from efficap._io import write_atomic
from efficap.cli.args import add_common
from efficap.cli.output import Output
from efficap.cli.splice import blank_fee, cli_text, formula, load_prices, proxy_funds
from efficap.errors import EfficapError

__all__ = ["register", "run", "write_text_atomic"]

_FIELDS = {  # field -> what it means (short: table cells show 40 characters)
    "cagr_difference": "simulated minus real CAGR, a year",
    "monthly_correlation": "correlation of monthly returns",
    "monthly_tracking_error": "annualized st. dev. of monthly gaps",
    "worst_monthly_gap": "largest monthly return gap",
    "worst_gap_month": "month of that gap",
    "daily_correlation": "correlation of daily returns",
    "overlap_start": "first close both have",
    "overlap_end": "last close both have",
    "months": "monthly returns compared",
    "simulated_from": "first simulated close",
    "simulated_to": "last simulated close; real after it",
}


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``simulate`` command to the sub-parsers `commands`."""
    sim = commands.add_parser(
        "simulate",
        help="a fund's history rebuilt from its stated exposures, validated",
        description="Rebuild a fund's daily history from its catalog exposures and proxy "
        "funds (e.g. NTSX = 0.9 IVV + 0.6 IEF - 0.5 BIL, less its expense ratio), compare "
        "it with the real fund where both exist, and splice it onto the real closes.",
    )
    sim.add_argument("ticker", metavar="TICKER", help="the fund to simulate, e.g. NTSX")
    sim.add_argument("--prices", help="price histories holding the proxies (and the fund)")
    sim.add_argument(
        "--spread", default=None, help="financing spread on borrowed notional, e.g. 0.5%% (0)"
    )
    sim.add_argument(
        "--expense-ratio", default=None, help="net expense ratio, e.g. 0.2%% (the catalog's)"
    )
    sim.add_argument(
        "--realized",
        action="store_true",
        help="use the exposures the fund's own weekly returns show (efficap realized), "
        "not the catalog's",
    )
    sim.add_argument(
        "--out", metavar="CSV", help="write the spliced closes: Date,Close,Simulated (TRUE/FALSE)"
    )
    sim.add_argument(
        "--force",
        action="store_true",
        help="let --out replace an existing file that differs (an identical one is left alone)",
    )
    add_common(sim)
    sim.set_defaults(run=run)


def write_text_atomic(path: str | os.PathLike[str], text: str, force: bool) -> Path:
    """Write `text` (UTF-8) to `path` atomically (:func:`efficap._io.write_atomic`): a file
    with the same content is left alone, one that differs is kept unless `force`.

    Raises
    ------
    EfficapError
        If the folder does not exist, or the file differs and `force` is False (an
        :class:`~efficap._io.OverwriteError`); the old file is kept.
    """
    target = Path(path)
    if not target.parent.is_dir():
        raise EfficapError(f"No folder {target.parent} to write {target.name} in; create it first.")
    return write_atomic(target, text.encode("utf-8"), force)


def run(args: argparse.Namespace) -> Output:
    """Simulate ``args.ticker``: the validation table, fields and notes; ``--out`` CSV."""
    from efficap.catalog import check_tickers, load_catalog
    from efficap.simulate import simulate

    fund = args.ticker.strip().upper()
    if not args.prices:
        raise EfficapError(f"Simulating {fund} needs the proxies' closes: add --prices PATH.")
    catalog = load_catalog(args.catalog)
    check_tickers(catalog, [fund])
    if args.expense_ratio is None and blank_fee(catalog, fund):
        raise EfficapError(
            f"{fund} has no net expense ratio in the catalog; pass --expense-ratio, e.g. 0.5%."
        )
    prices = load_prices(args.prices, [], [fund, *proxy_funds()])
    try:
        result = simulate(
            fund,
            prices,
            catalog,
            None,
            args.spread,
            args.expense_ratio,
            "realized" if args.realized else None,
        )
    except EfficapError as exc:
        raise EfficapError(cli_text(exc)) from None
    check = result.validation
    values: dict[str, object] = {k: getattr(check, k) for k in list(_FIELDS)[:9]}
    values["worst_gap_month"] = (
        None if check.worst_gap_month is None else str(check.worst_gap_month)
    )
    values["simulated_from"], values["simulated_to"] = result.simulated_from, result.simulated_to
    table = pd.DataFrame(
        {"Value": pd.Series(values, dtype=object), "Meaning": pd.Series(_FIELDS)}
    ).rename_axis("Field")
    which = "realized (weekly regression)" if args.realized else "stated"
    table.attrs["caption"] = f"{fund} simulated from its {which} exposures ({formula(result)})"
    table.attrs["plain"] = ("monthly_correlation", "daily_correlation")
    fields = {**values, "proxies": {c: list(t) for c, t in result.proxies.items()}}
    notes = list(result.notes)
    if args.out:
        lines = ["Date,Close,Simulated"]
        hi = result.simulated_to
        for day, close in result.spliced.items():
            flag = "TRUE" if hi is not None and day <= hi else "FALSE"
            lines.append(f"{day:%Y-%m-%d},{float(close)!r},{flag}")
        written = write_text_atomic(args.out, "\n".join(lines) + "\n", args.force)
        notes.append(f"Wrote {written}: {len(lines) - 1} closes, Simulated TRUE before the real.")
        fields["out"] = str(written)
    return Output({"validation": table}, notes, fields)
