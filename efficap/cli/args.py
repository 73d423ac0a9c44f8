"""Reading command-line values: numbers, TICKER=VALUE pairs, dates, the common options.

Implements
----------
- :func:`add_common` -- ``--format table|csv|json``, ``--table NAME`` and, unless asked
  not to, ``--catalog PATH``: the options every command shares.
- :func:`parse_number` -- ``60%`` or ``0.6``; a bare ``60`` is refused (it would mean
  6000%).
- :func:`split_pairs`, :func:`parse_pairs` -- ``KEY=VALUE`` arguments, each key once.
- :func:`parse_date_arg` -- a date through :func:`efficap.dates.parse_date`, so
  ``03/04/2026`` is refused and ``13/04/2026`` is 13 April.

Plugins (see :mod:`efficap.cli`) may use these to read their arguments the same way.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import pandas as pd

from efficap.dates import parse_date
from efficap.errors import EfficapError

__all__ = ["FORMATS", "add_common", "parse_date_arg", "parse_number", "parse_pairs", "split_pairs"]

#: Output formats every command takes.
FORMATS: tuple[str, ...] = ("table", "csv", "json")


def add_common(parser: argparse.ArgumentParser, catalog: bool = True) -> None:
    """Add the options every command shares to `parser`.

    Parameters
    ----------
    parser : argparse.ArgumentParser
        A command's parser.
    catalog : bool, default True
        Also add ``--catalog PATH`` (a user fund table over the built-in catalog).
    """
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table (percentages, for reading), csv (one table) or json; decimals in csv/json",
    )
    parser.add_argument(
        "--table", help="print only this table of the output (CSV prints one; default: first)"
    )
    if catalog:
        parser.add_argument(
            "--catalog", help="your fund catalog (CSV or XLSX): its cells override the built-in"
        )


def parse_number(text: str) -> float:
    """Read ``60%`` or ``0.6`` as 0.6; refuse a bare ``60``, which would mean 6000%.

    Raises
    ------
    EfficapError
        On text that is not a number, or a number above 10 without a % sign.
    """
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


def split_pairs(items: Sequence[str], form: str) -> list[tuple[str, str]]:
    """Split ``KEY=VALUE`` arguments; each key may appear once (case-insensitive).

    Parameters
    ----------
    items : sequence of str
        The arguments as typed.
    form : str
        How messages show the expected form (``"TICKER=WEIGHT"``).

    Raises
    ------
    EfficapError
        On an argument without ``=``, a blank side, or a key given twice.
    """
    pairs: list[tuple[str, str]] = []
    seen: dict[str, str] = {}
    for item in items:
        key, sep, value = item.rpartition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key or not value:
            raise EfficapError(f"Expected {form}, got '{item}'.")
        if key.upper() in seen:
            raise EfficapError(
                f"{key} is given twice ({seen[key.upper()]} and {item}); give each once."
            )
        seen[key.upper()] = item
        pairs.append((key, value))
    return pairs


def parse_pairs(items: Sequence[str], form: str) -> dict[str, float]:
    """``KEY=NUMBER`` arguments as a dict, numbers read by :func:`parse_number`."""
    return {key: parse_number(value) for key, value in split_pairs(items, form)}


def parse_date_arg(value: str | None, option: str) -> pd.Timestamp | None:
    """Read a date option by the one rule (:func:`efficap.dates.parse_date`); None stays None.

    Raises
    ------
    DateError
        On an unreadable, impossible or ambiguous date; the message names `option` and
        shows the ISO forms (``--as-of '03/04/2026' is ambiguous ...: write 2026-04-03
        or 2026-03-04.``).
    """
    return None if value is None else parse_date(value, option)
