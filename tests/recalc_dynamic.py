"""Dynamic ranges in EFFCAP_ arguments: the area ``OFFSET``, ``INDEX`` and ``:`` give.

:mod:`recalc_cells` sizes an argument that is an expression with :class:`Dynamic`, a
small evaluator for the idioms a sized-to-data range is written with:
``OFFSET(ref, rows, cols[, height, width])``, ``INDEX(ref, row[, column])``, the range
operator between references and such calls, and the counts they take (``COUNTA``,
``COUNT``, ``ROWS``, ``COLUMNS``, ``MAX``, ``MIN``, numbers, number cells (a
formula's stored result too), ``+ - *``), evaluated on the values stored in the file.
Anything else raises :class:`Unsized`.

Implements
----------
- :class:`Dynamic` -- the evaluator; :meth:`Dynamic.size` the cells of an expression.
- :class:`Unsized`, :func:`split_sheet`, :data:`MAX_ROWS`, :data:`MAX_COLUMNS` -- shared
  with :mod:`recalc_cells`.
"""

from __future__ import annotations

import re
from typing import Any

from openpyxl.utils.cell import column_index_from_string, range_boundaries

MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384

COLUMN_RANGE = re.compile(r"\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})")
ROW_RANGE = re.compile(r"\$?(\d+):\$?(\d+)")


class Unsized(ValueError):
    """An EFFCAP_ argument whose size cannot be read off the file without evaluating it."""


def split_sheet(ref: str) -> tuple[str | None, str]:
    """Return (sheet or None, the rest) of ``'My sheet'!A1:B2``."""
    if "!" not in ref:
        return None, ref
    sheet, _, local = ref.rpartition("!")
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, local


_LEX = re.compile(
    r"""\s*(?:
      (?P<func>[A-Za-z_][\w.]*\()
    | (?P<area>(?:(?:'(?:[^']|'')+'|[A-Za-z_][\w.]*)!)?
         (?:\$?[A-Za-z]{1,3}\$?\d+|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}(?![\w$])|\$?\d+:\$?\d+))
    | (?P<num>\d+(?:\.\d+)?)
    | (?P<name>[A-Za-z_\\][\w.]*)
    | (?P<op>[-+*:(),])
    )""",
    re.VERBOSE,
)

Area = tuple[str, int, int, int, int]  # sheet, first row, first column, last row, last column


class Dynamic:
    """A small evaluator for the dynamic-range idioms the module notes list."""

    def __init__(self, book: Any, sheet: str, where: str, depth: int = 0) -> None:
        self.book, self.sheet, self.where, self.depth = book, sheet, where, depth

    def size(self, text: str) -> int:
        self.text, self.tokens, self.at = text, self._lex(text), 0
        value = self._expr()
        if self.at != len(self.tokens) or not isinstance(value, tuple):
            self._refuse()
        _, r1, c1, r2, c2 = value
        return (r2 - r1 + 1) * (c2 - c1 + 1)

    def _refuse(self) -> None:
        raise Unsized(f"{self.where}: cannot size the argument {self.text} without evaluating it.")

    def _lex(self, text: str) -> list[tuple[str, str]]:
        out, at = [], 0
        while at < len(text.rstrip()):
            m = _LEX.match(text, at)
            if m is None:
                self._refuse()
            kind = m.lastgroup or ""
            out.append((kind, m.group(kind)))
            at = m.end()
        return out

    def _peek(self) -> str | None:
        return self.tokens[self.at][1] if self.at < len(self.tokens) else None

    def _take(self) -> tuple[str, str]:
        if self.at >= len(self.tokens):
            self._refuse()
        self.at += 1
        return self.tokens[self.at - 1]

    def _number(self, value: float | Area) -> float:
        if isinstance(value, tuple):  # a number cell
            sheet, r1, c1, r2, c2 = value
            cell = self.book.wb[sheet].cell(r1, c1).value if (r1, c1) == (r2, c2) else None
            if isinstance(cell, str) and cell.startswith("="):  # a formula: its stored result
                cell = self.book.cached(sheet, r1, c1)
            if isinstance(cell, bool) or not isinstance(cell, (int, float)):
                self._refuse()
            return float(cell)
        return value

    def _expr(self) -> float | Area:
        value = self._term()
        while self._peek() in ("+", "-"):
            sign = 1 if self._take()[1] == "+" else -1
            value = self._number(value) + sign * self._number(self._term())
        return value

    def _term(self) -> float | Area:
        value = self._range()
        while self._peek() == "*":
            self._take()
            value = self._number(value) * self._number(self._range())
        return value

    def _range(self) -> float | Area:
        value = self._primary()
        while self._peek() == ":":
            self._take()
            nxt = self.tokens[self.at] if self.at < len(self.tokens) else ("", "")
            if nxt[0] == "area" and "!" not in nxt[1] and isinstance(value, tuple):
                self.at += 1  # Prices!B1:C11: the second corner is on the first one's sheet
                other: float | Area = self._area(nxt[1], value[0])
            else:
                other = self._primary()
            if not (isinstance(value, tuple) and isinstance(other, tuple)):
                self._refuse()
            if value[0] != other[0]:
                self._refuse()
            value = (
                value[0], min(value[1], other[1]), min(value[2], other[2]),
                max(value[3], other[3]), max(value[4], other[4]),
            )  # fmt: skip
        return value

    def _area(self, text: str, default: str | None = None) -> Area:
        sheet, local = split_sheet(text)
        sheet = sheet or default
        local = local.replace("$", "").upper()
        if m := COLUMN_RANGE.fullmatch(local):
            c1, c2 = sorted(column_index_from_string(c) for c in m.groups())
            return (sheet or self.sheet, 1, c1, MAX_ROWS, c2)
        if m := ROW_RANGE.fullmatch(local):
            r1, r2 = sorted(int(r) for r in m.groups())
            return (sheet or self.sheet, r1, 1, r2, MAX_COLUMNS)
        c1, r1, c2, r2 = range_boundaries(local)
        return (sheet or self.sheet, r1, c1, r2, c2)

    def _primary(self) -> float | Area:
        kind, text = self._take()
        if kind == "num":
            return float(text)
        if kind == "area":
            return self._area(text)
        if kind == "op" and text == "-":
            return -self._number(self._primary())
        if kind == "op" and text == "(":
            value = self._expr()
            if self._take()[1] != ")":
                self._refuse()
            return value
        if kind == "name":
            named = self.book.name_text(text, self.sheet)
            if named is None or self.depth > 10:
                self._refuse()
            inner = Dynamic(self.book, self.sheet, self.where, self.depth + 1)
            inner.text, inner.tokens, inner.at = named, inner._lex(named.lstrip("=")), 0
            return inner._expr()
        if kind == "func":
            return self._call(text[:-1].split(".")[-1].upper())
        self._refuse()
        raise AssertionError  # not reached

    def _call(self, name: str) -> float | Area:
        args: list[float | Area] = []
        while self._peek() != ")":
            args.append(self._expr())
            if self._peek() == ",":
                self._take()
        self._take()
        if name in ("MAX", "MIN") and args:
            numbers = [self._number(a) for a in args]
            return max(numbers) if name == "MAX" else min(numbers)
        area = args[0] if args and isinstance(args[0], tuple) else None
        if area is None:
            self._refuse()
        sheet, r1, c1, r2, c2 = area  # type: ignore[misc]
        numbers = [int(self._number(a)) for a in args[1:]]
        if name in ("ROWS", "COLUMNS") and not numbers:
            return float(r2 - r1 + 1 if name == "ROWS" else c2 - c1 + 1)
        if name in ("COUNTA", "COUNT") and not numbers:
            ws = self.book.wb[sheet]
            cells = ws.iter_rows(r1, min(r2, ws.max_row), c1, min(c2, ws.max_column), True)
            values = [v for row in cells for v in row if v is not None]
            if name == "COUNT":
                values = [v for v in values if not isinstance(v, (str, bool))]
            return float(len(values))
        if name == "INDEX" and 1 <= len(numbers) <= 2:
            row, col = numbers if len(numbers) == 2 else (
                (numbers[0], 1) if c1 == c2 else (1, numbers[0]) if r1 == r2 else (numbers[0], 0)
            )  # fmt: skip
            top, bottom = (r1, r2) if row == 0 else (r1 + row - 1,) * 2
            left, right = (c1, c2) if col == 0 else (c1 + col - 1,) * 2
            return (sheet, top, left, bottom, right)
        if name == "OFFSET" and len(numbers) in (2, 3, 4):
            rows, cols = numbers[0], numbers[1]
            height = numbers[2] if len(numbers) > 2 else r2 - r1 + 1
            width = numbers[3] if len(numbers) > 3 else c2 - c1 + 1
            if height < 1 or width < 1:
                self._refuse()
            return (sheet, r1 + rows, c1 + cols, r1 + rows + height - 1, c1 + cols + width - 1)
        self._refuse()
        raise AssertionError  # not reached
