"""Printing a command's result: tables as text, CSV or JSON; notes on stderr.

Implements
----------
- :class:`Output` -- what a command returns: named tables, notes, extra JSON fields.
- :class:`CommandError` -- a failure with its own exit code and detail lines (a solve
  without an exact answer exits 3).
- :func:`emit` -- print an :class:`Output` in the chosen format.
- :func:`paths_table` -- the files a command wrote, as a table.

Formats: ``table`` (percentages, for people), ``csv`` (one table with a header row and
the row labels first, decimals) and ``json`` (every table as ``{row: {column: value}}``,
decimals, ``null`` for n/a, plus the output's extra fields and ``notes``). Notes go to
stderr as ``note:`` lines, so CSV and JSON on stdout stay clean. A table that says what
it is (``attrs["caption"]``: as-of date, rebalancing rule, window convention) shows it
in its title, under ``"about"`` in JSON, and as a ``note:`` line with CSV. Numbers that
are not fractions of a whole (a Sharpe ratio, a correlation) print as plain numbers in
``table`` format when their row or column label is in the table's ``attrs["plain"]``.
Text is never cut in ``table`` format: a long path or fix wraps within its column.

**CSV is opened in Excel, so no text in it may become a formula.** A text cell (a value,
a row or column label: a blend, ticker or period name the user typed) that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written with a leading
apostrophe, Excel's quote prefix (:func:`efficap._text_cells.quote_prefixed`, the rule
the add-in's sheets follow too): ``=HYPERLINK(...)`` becomes ``'=HYPERLINK(...)``.
Numbers are never prefixed (-0.21 stays a number). A table with a carriage return inside
any text has all its text fields quoted, so the return cannot start a new row. JSON and
``table`` output are left as they are: they are not opened by Excel, and a program
reading JSON gets the text exactly as typed.
"""

from __future__ import annotations

import csv
import json
import math
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from efficap._text_cells import quote_prefixed
from efficap.errors import EfficapError

__all__ = ["CommandError", "Output", "emit", "paths_table"]

#: Table format: text longer than this many characters wraps onto more lines.
WRAP = 48

_NOT_PERCENT = {"Total assets ($ millions)", "total_assets_musd"}


@dataclass
class Output:
    """What a command's ``run(args)`` returns.

    Attributes
    ----------
    tables : dict of str to pandas.DataFrame
        Named tables, printed in order (CSV prints the first, or ``--table NAME``).
    notes : list of str
        Remarks printed to stderr as ``note:`` lines (in JSON, under ``"notes"``).
    fields : dict
        Extra JSON fields (plain values), e.g. a solve's ``exact`` and ``status``.
    """

    tables: dict[str, pd.DataFrame]
    notes: list[str] = field(default_factory=list)
    fields: dict[str, object] = field(default_factory=dict)


class CommandError(EfficapError):
    """A command that cannot give an answer, with its exit code and lines for stderr.

    Parameters
    ----------
    message : str
        The one-line error.
    exit_code : int
        The process exit status (3: a solve without an exact answer).
    details : sequence of str
        Further lines printed after the error, indented.
    """

    def __init__(self, message: str, exit_code: int, details: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.exit_code = exit_code
        self.details = list(details)


def paths_table(label: str, paths: Sequence[object]) -> pd.DataFrame:
    """The files a command wrote, one per row numbered from 1, in a column `label`."""
    return pd.DataFrame({label: [str(p) for p in paths]}, index=range(1, len(paths) + 1))


def emit(output: Output, fmt: str, which: str | None) -> None:
    """Print `output` to stdout in format `fmt`; its notes go to stderr.

    Parameters
    ----------
    output : Output
    fmt : {"table", "csv", "json"}
    which : str or None
        Print only this table.

    Raises
    ------
    EfficapError
        If `which` names no table of the output.
    """
    tables, notes = output.tables, list(output.notes)
    if which:
        if which not in tables:
            raise EfficapError(f"No table '{which}'; this output has: {', '.join(tables)}.")
        tables = {which: tables[which]}
    if fmt == "csv" and tables:
        name, table = next(iter(tables.items()))
        if len(tables) > 1:
            others = ", ".join(k for k in tables if k != name)
            notes.append(f"CSV holds one table: printed '{name}'; --table {others} for more.")
        if _caption(table):
            notes.append(f"{name}: {_caption(table)}")
        safe = _csv_safe(_plain(table))
        # Python before 3.12 leaves a field with a carriage return inside unquoted, and
        # Excel starts a new row there: then every text field of the table is quoted.
        quoting = csv.QUOTE_NONNUMERIC if _has_cr(safe) else csv.QUOTE_MINIMAL
        text = safe.to_csv(date_format="%Y-%m-%d", lineterminator="\n", quoting=quoting)
        sys.stdout.write(text)
    elif fmt == "json":
        payload: dict[str, object] = {name: _records(table) for name, table in tables.items()}
        about = {name: _clean(_about(table)) for name, table in tables.items() if _about(table)}
        if about:
            payload["about"] = about
        payload.update({k: _clean(v) for k, v in output.fields.items()})
        if notes:
            payload["notes"] = notes
        print(json.dumps(payload, indent=2, allow_nan=False))
        notes = []
    elif tables:
        blocks = [
            f"{name}{f' ({_caption(table)})' if _caption(table) else ''}\n{_render(table)}"
            for name, table in tables.items()
        ]
        print("\n\n".join(blocks))
    for note in notes:
        print(f"note: {note}", file=sys.stderr)


def _about(table: pd.DataFrame) -> dict[str, object]:
    """What a table says it is (as-of date, rule, window, caption), from its ``attrs``."""
    return {k: v for k, v in table.attrs.items() if isinstance(v, (str, float, int, pd.Timestamp))}


def _caption(table: pd.DataFrame) -> str:
    caption = table.attrs.get("caption")
    return caption if isinstance(caption, str) else ""


def _clean(value: object) -> object:
    """A cell or field as plain JSON: ISO dates, None for n/a, floats to 12 places."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if value is pd.NaT or value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 12)
    return value


def _plain(table: pd.DataFrame) -> pd.DataFrame:
    """Dates as ISO text and floats rounded to 12 places (0.24, not 0.23999999999999994)."""

    def plain(value: object) -> object:
        if value is pd.NaT:
            return None
        if isinstance(value, pd.Timestamp):
            return value.date().isoformat()
        return round(value, 12) if isinstance(value, float) else value

    return table.astype(object).map(plain)


def _csv_safe(table: pd.DataFrame) -> pd.DataFrame:
    """`table` with every formula-like text cell, row and column label and label name
    quote-prefixed (:func:`~efficap._text_cells.quote_prefixed`); numbers untouched."""
    out = table.map(quote_prefixed).rename(index=quote_prefixed, columns=quote_prefixed)
    out.index.names = [quote_prefixed(n) for n in out.index.names]
    out.columns.names = [quote_prefixed(n) for n in out.columns.names]
    return out


def _has_cr(table: pd.DataFrame) -> bool:
    """Whether any text cell or label of `table` holds a carriage return."""
    labels = [*table.index.names, *table.columns.names]
    labels += [*table.index.to_flat_index(), *table.columns.to_flat_index()]
    texts = [*table.to_numpy().ravel(), *labels]
    parts = [p for t in texts for p in (t if isinstance(t, tuple) else (t,))]
    return any(isinstance(p, str) and "\r" in p for p in parts)


def _records(table: pd.DataFrame) -> dict[str, dict[str, object]]:
    return {
        str(row): {str(col): _clean(table.at[row, col]) for col in table.columns}
        for row in table.index
    }


def _render(table: pd.DataFrame) -> str:
    """The table as text; a cell longer than :data:`WRAP` characters wraps onto more
    lines of its row (continuation lines have a blank row label), never cut."""
    pretty = _pretty(table)
    if all(len(str(v)) <= WRAP for v in pretty.to_numpy().ravel()):
        return pretty.to_string()
    head = [str(pretty.index.name or ""), *(str(c) for c in pretty.columns)]
    rows = [
        [
            [str(label)],
            *(textwrap.wrap(str(v), WRAP, break_on_hyphens=False) or [""] for v in cells),
        ]
        for label, cells in zip(pretty.index, pretty.to_numpy(), strict=True)
    ]
    widths = [
        max([len(head[i]), *(len(line) for row in rows for line in row[i])])
        for i in range(len(head))
    ]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)).rstrip()]
    for row in rows:
        for k in range(max(len(cell) for cell in row)):
            parts = [
                (cell[k] if k < len(cell) else "").ljust(w)
                for cell, w in zip(row, widths, strict=True)
            ]
            lines.append("  ".join(parts).rstrip())
    return "\n".join(lines)


def _pretty(table: pd.DataFrame) -> pd.DataFrame:
    plain = set(table.attrs.get("plain", ()))

    def fmt(value: object, label: object) -> str:
        if isinstance(value, pd.Timestamp):
            return value.date().isoformat()
        if isinstance(value, float) and math.isnan(value):
            return "n/a"
        if value is None or value is pd.NaT:
            return ""
        if isinstance(value, float):
            if label in plain:
                return f"{value:.3f}"
            return f"{value:,.2f}" if label in _NOT_PERCENT else f"{value:.2%}"
        return str(value)

    out = table.copy().astype(object)
    for row in table.index:
        for col in table.columns:
            label = row if row in _NOT_PERCENT or row in plain else col
            out.at[row, col] = fmt(table.at[row, col], label)
    return out
