"""Reading an allocator's blends from the command line: ``--blend`` options, a weights file.

Implements
----------
- :func:`read_blends` -- blend name -> weights from ``--blend NAME TICKER=W ...`` (each
  a name, then weights 60% or 0.6) and ``--weights FILE``, checked: each name once, each
  ticker once per blend and in the catalog, weights plausible and adding up to 100%.
- :func:`read_weights_file` -- the blends of a CSV file in either layout, told apart by
  its first header cell: ``Blend`` then tickers (one row per blend), or anything else
  (e.g. ``Ticker``) then blend names (one row per fund, one column per blend). A blank
  cell means the blend does not hold that fund.

Used by :mod:`efficap.cli.analyze`.
"""

from __future__ import annotations

import argparse
import csv
import os
from pathlib import Path

import pandas as pd

from efficap.cli.args import parse_number, parse_pairs
from efficap.errors import EfficapError, WeightsError

__all__ = ["RESERVED", "read_blends", "read_weights_file"]

#: Names a blend cannot take: columns of the stress and calendar tables.
RESERVED = frozenset({"start", "end", "partial"})


def read_weights_file(path: str | os.PathLike[str]) -> list[tuple[str, dict[str, float]]]:
    """The blends of a CSV file (see the module docstring), as (name, weights) pairs."""
    file = Path(path)
    try:
        with file.open(encoding="utf-8-sig", newline="") as f:
            rows = [[c.strip() for c in r] for r in csv.reader(f) if any(c.strip() for c in r)]
    except (UnicodeDecodeError, csv.Error):
        raise EfficapError(f"{file.name} is not UTF-8 CSV text.") from None
    if len(rows) < 2:
        raise EfficapError(f"{file.name} holds no blends: a header row, then weights.")
    header, body = rows[0], rows[1:]
    width = len(header)
    body = [r + [""] * (width - len(r)) for r in body]
    if header[0].casefold() == "blend":
        names, tickers = [r[0] for r in body], header[1:]
        cells = [r[1:width] for r in body]
    else:
        names, tickers = header[1:], [r[0] for r in body]
        cells = [[r[j] for r in body] for j in range(1, width)]
    for kind, labels in (("ticker", tickers), ("blend", names)):
        keys = [label.upper() for label in labels]
        for label, key in zip(labels, keys, strict=True):
            if not label:
                raise EfficapError(f"{file.name}: a {kind} name is blank; name every {kind}.")
            if keys.count(key) > 1:
                raise EfficapError(f"{file.name}: {kind} {label} appears twice; give each once.")
    blends = []
    for name, row in zip(names, cells, strict=True):
        weights = {}
        for ticker, cell in zip(tickers, row, strict=True):
            if cell:
                try:
                    weights[ticker.upper()] = parse_number(cell)
                except EfficapError as exc:
                    raise EfficapError(f"{file.name}: {name}, {ticker}: {exc}") from None
        blends.append((name, weights))
    return blends


def read_blends(args: argparse.Namespace, catalog: pd.DataFrame) -> dict[str, dict[str, float]]:
    """Blend name -> held weights, from ``--blend`` and ``--weights``, all checked.

    Raises
    ------
    EfficapError, WeightsError, UnknownTickerError
        No blends, a blend without weights, a name given twice, a repeated ticker, an
        implausible weight, weights not adding up to 100%, a ticker not in the catalog.
    """
    from efficap.bounds import check_plausible
    from efficap.catalog import check_tickers
    from efficap.engine import check_weight_sum

    found = []
    for name, *pairs in args.blend or []:
        if "=" in name or not pairs:
            raise EfficapError(
                '--blend takes a name, then weights: --blend "60/40" IVV=60% AGG=40% '
                f"(got '{name}')."
            )
        try:
            found.append(
                (name.strip(), {t.upper(): w for t, w in parse_pairs(pairs, "TICKER=W").items()})
            )
        except EfficapError as exc:
            raise type(exc)(f"--blend {name}: {exc}") from None
    if args.weights:
        found += read_weights_file(args.weights)
    if not found:
        raise EfficapError('Give a blend: --blend "60/40" IVV=60% AGG=40%, or --weights FILE.')
    blends: dict[str, dict[str, float]] = {}
    for name, weights in found:
        if name.casefold() in (b.casefold() for b in blends):
            raise EfficapError(f"Blend {name} is given twice; name each blend once.")
        if name.casefold() in RESERVED:
            raise EfficapError(f"Blend name {name} is a table column; choose another name.")
        if not weights:
            raise WeightsError(f"{name}: no weights given.")
        check_tickers(catalog, list(weights))
        for ticker, weight in weights.items():
            check_plausible(weight, "weight", f"{name}: {ticker}")
        check_weight_sum(sum(weights.values()), f"{name}: weights")
        blends[name] = {t: w for t, w in weights.items() if w}
    return blends
