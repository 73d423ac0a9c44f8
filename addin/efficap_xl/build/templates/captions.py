"""The caption line that says what a template's tables are.

Implements
----------
- :func:`caption_formula` -- a native formula that writes
  :func:`efficap.performance.caption`'s line (as-of date, rebalancing rule, window
  convention) from the sheet's own input cells, so it follows them; its cached value is
  the core's text for the values written there.
- :func:`simulated_note` -- "NTSX simulated before 2018-08-02; ..." from a
  ``{ticker: (from, to)}`` mapping of simulated closes, or "" when nothing is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from efficap.performance import caption
from efficap_xl.build.templates.common import Cells, Sheet

__all__ = ["WINDOW", "caption_formula", "simulated_note"]

#: The window convention the templates' tables use (the core's default).
WINDOW = "linked"


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def caption_formula(
    ws: Sheet, row: int, col: int, as_of: Cells | None, rule: Cells, suffix: str = ""
) -> str:
    """Write the caption line at (row, col) as a formula over `as_of` and `rule`.

    Parameters
    ----------
    as_of, rule : Cells
        The input cells of the as-of date and the rebalancing rule (already written).
        Without `as_of` (a table over the whole price history) the line starts with
        "whole price history" instead of the date, and says nothing of annualizing.
    suffix : str
        Text after the core's caption (e.g. what is simulated), starting with "; ".

    Returns
    -------
    str
        The cached text.
    """
    book = ws.book
    stamp = "2000-01-03" if as_of is None else book.values[(as_of.sheet, as_of.r1, as_of.c1)]
    chosen = book.values[(rule.sheet, rule.r1, rule.c1)]
    text = caption(stamp, chosen, WINDOW)
    head = f"as of {pd.Timestamp(stamp):%Y-%m-%d}; {chosen} rebalancing"
    if not text.startswith(head):  # the core's wording changed: say so, do not guess
        raise ValueError(f"caption() no longer starts with {head!r}: {text!r}")
    rest = text[len(head) :]
    here = ws.name
    rule_ref = rule.text if rule.sheet == here else rule.anywhere().text
    if as_of is None:
        rest = rest.removesuffix("; returns over a year annualized")
        text = f"whole price history; {chosen} rebalancing{rest}"
        start = '"whole price history; "'
    else:
        date_ref = as_of.text if as_of.sheet == here else as_of.anywhere().text
        start = f'"as of "&TEXT({date_ref},"yyyy-mm-dd")&"; "'
    text += suffix
    formula = f'={start}&{rule_ref}&" rebalancing"&{_quoted(rest + suffix)}'

    ws.plain_formula(row, col, formula, book.st.note, text)
    return text


def simulated_note(
    simulated: Mapping[str, tuple[Any, Any]] | None, dates: pd.Index | None = None
) -> str:
    """Which closes are simulated, e.g. "NTSX simulated before 2018-08-02" ("" if none).

    Parameters
    ----------
    simulated : mapping of ticker to (from, to), or None
        The first and last simulated close of each fund.
    dates : pandas.Index, optional
        The price dates: the real history starts at the first one after `to` (without
        them, the day after `to`).
    """
    if not simulated:
        return ""
    parts = []
    for ticker, (first, last) in simulated.items():
        start, end = pd.Timestamp(first), pd.Timestamp(last)
        later = [] if dates is None else [d for d in pd.DatetimeIndex(dates) if d > end][:1]
        real = later[0] if later else end + pd.Timedelta(days=1)
        parts.append(f"{ticker} simulated before {real:%Y-%m-%d} (from {start:%Y-%m-%d})")
    return "; ".join(parts)
