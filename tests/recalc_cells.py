"""How many cells a workbook's EFFCAP_ calls hand to Python on one full recalculation.

Excel evaluates every formula on a full recalculation, and each EFFCAP_ call reads
every cell of every range it is given (through xlwings' COM path, one value at a time
converted to Python), whether the cells hold data or not. The sum of the sizes of the
ranges passed to all EFFCAP_ calls is therefore what decides how long Excel stalls,
more than the arithmetic. This module reads that sum off a workbook file with openpyxl
(formulas, array and dynamic-array formulas included) without recalculating anything.

What an argument counts:

- a reference (``B2``, ``$A$2:$A$10001``, ``Prices!B1:W1``, ``'Blend columns'!B5:W5``,
  whole columns ``A:A`` = 1,048,576 cells, whole rows ``1:1`` = 16,384 cells): its cells;
- a defined name (workbook or sheet scope): the cells of the reference it names;
- an Excel Table's structured reference (``Prices[IVV]``, ``Prices[[#All],[Date]]``,
  ``Prices[[IVV]:[SHY]]``, ``Prices[#Headers]``, ``Prices`` alone = its data): the
  cells of the part it names, from the table's extent in the file;
- a literal (``1.0``, ``"5Y"``, ``TRUE``) or an empty argument: nothing, no range is
  read.

An argument this module cannot size from the file alone (an expression such as
``OFFSET(...)`` or ``A1:INDEX(...)``, a name whose definition is a formula, a nested
EFFCAP_ call) raises :class:`Unsized`, naming the cell and the argument: a count is
never silently wrong.

Implements
----------
- :func:`effcap_calls` -- every EFFCAP_ call of a workbook with its cells handed over.
- :func:`cells_per_recalculation` -- their sum.
- :class:`Call`, :class:`Unsized`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.utils.cell import column_index_from_string, range_boundaries

MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384

_CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")
_COLUMNS = re.compile(r"\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})")
_ROWS = re.compile(r"\$?(\d+):\$?(\d+)")
_STRUCTURED = re.compile(r"([A-Za-z_\\][\w.\\]*)\[(.*)\]", re.DOTALL)
_SPECIALS = {"#all", "#data", "#headers", "#totals", "#this row"}


class Unsized(ValueError):
    """An EFFCAP_ argument whose size cannot be read off the file without evaluating it."""


@dataclass(frozen=True)
class Call:
    """One EFFCAP_ call: where it is, which function, and the cells of each argument."""

    sheet: str
    cell: str
    function: str
    arguments: tuple[int, ...]

    @property
    def cells(self) -> int:
        """Cells handed over by this call (the sum over its arguments)."""
        return sum(self.arguments)


def _formula_text(value: object) -> str | None:
    text = getattr(value, "text", value)  # an ArrayFormula keeps its formula in .text
    if isinstance(text, str) and text.startswith("="):
        return text
    return None


def _split_sheet(ref: str) -> tuple[str | None, str]:
    if "!" not in ref:
        return None, ref
    sheet, _, local = ref.rpartition("!")
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, local


def _area_size(local: str) -> int | None:
    """Cells of an A1-style area (``A1``, ``A1:B2``, ``A:A``, ``1:3``), or None if not one."""
    text = local.replace("$", "")
    if _CELL.fullmatch(text):
        return 1
    if m := _COLUMNS.fullmatch(text):
        left, right = (column_index_from_string(c.upper()) for c in m.groups())
        return (abs(right - left) + 1) * MAX_ROWS
    if m := _ROWS.fullmatch(text):
        top, bottom = (int(r) for r in m.groups())
        return (abs(bottom - top) + 1) * MAX_COLUMNS
    parts = text.split(":")
    if len(parts) == 2 and all(_CELL.fullmatch(p) for p in parts):
        min_col, min_row, max_col, max_row = range_boundaries(text)
        return (max_row - min_row + 1) * (max_col - min_col + 1)
    return None


class _Book:
    def __init__(self, path: Path) -> None:
        self.wb = openpyxl.load_workbook(path)
        self.tables = {
            (table.displayName or table.name).lower(): table
            for ws in self.wb.worksheets
            for table in ws.tables.values()
        }

    def name_text(self, name: str, sheet: str) -> str | None:
        ws = self.wb[sheet]
        for scope in (ws.defined_names, self.wb.defined_names):
            for key, defined in scope.items():
                if key.lower() == name.lower():
                    return defined.attr_text
        return None

    def size(self, text: str, sheet: str, where: str, depth: int = 0) -> int:
        """Cells of a reference, name or structured reference (see the module notes)."""
        if depth > 10:
            raise Unsized(f"{where}: names refer to each other in a loop ({text}).")
        own_sheet, local = _split_sheet(text)
        area = _area_size(local)
        if area is not None:
            return area
        if own_sheet is None and (m := _STRUCTURED.fullmatch(text)):
            return self._structured(m.group(1), m.group(2), where)
        if own_sheet is None and text.lower() in self.tables:
            return self._structured(text, "", where)
        named = self.name_text(local, own_sheet or sheet)
        if named is None:
            raise Unsized(f"{where}: {text} is not a reference, defined name or table.")
        if "(" in named:
            raise Unsized(f"{where}: name {text} is a formula ({named}), not a reference.")
        return sum(self.size(part.strip(), sheet, where, depth + 1) for part in named.split(","))

    def _structured(self, name: str, spec: str, where: str) -> int:
        table = self.tables.get(name.lower())
        if table is None:
            raise Unsized(f"{where}: no table named {name}.")
        _, min_row, _, max_row = range_boundaries(table.ref)
        header = 0 if table.headerRowCount == 0 else 1
        totals = table.totalsRowCount or 0
        data = max_row - min_row + 1 - header - totals
        columns = [c.name.lower() for c in table.tableColumns]
        items = re.findall(r"\[((?:'.|[^\[\]])*)\]", spec) if spec.startswith("[") else [spec]
        specials = [i.strip().lower() for i in items if i.strip().lower() in _SPECIALS]
        names = [i for i in items if i.strip() and i.strip().lower() not in _SPECIALS]
        this_row = any(n.startswith("@") for n in names) or "#this row" in specials
        names = [n.lstrip("@").strip() for n in names]
        if this_row:
            rows = 1
        elif not specials or specials == ["#data"]:
            rows = data
        elif "#all" in specials:
            rows = header + data + totals
        else:
            part = {"#headers": header, "#data": data, "#totals": totals}
            rows = sum(part[s] for s in set(specials))
        if not names:
            return rows * len(columns)
        unknown = [n for n in names if re.sub(r"'(.)", r"\1", n).lower() not in columns]
        if unknown:
            raise Unsized(f"{where}: table {name} has no column {unknown[0]}.")
        index = [columns.index(re.sub(r"'(.)", r"\1", n).lower()) for n in names]
        if ":" in spec and len(index) == 2:
            return rows * (abs(index[1] - index[0]) + 1)
        return rows * len(index)

    def argument(self, tokens: list[Token], sheet: str, where: str) -> int:
        tokens = [t for t in tokens if t.type != Token.WSPACE]
        if not tokens:
            return 0
        if len(tokens) == 1 and tokens[0].type == Token.OPERAND:
            if tokens[0].subtype == Token.RANGE:
                return self.size(tokens[0].value, sheet, where)
            return 0  # a number, text, logical or error literal: no range is read
        shown = "".join(t.value for t in tokens)
        raise Unsized(f"{where}: cannot size the argument {shown} without evaluating it.")


def effcap_calls(path: str | Path) -> list[Call]:
    """Return every EFFCAP_ call of a workbook with the cells each argument hands over.

    Parameters
    ----------
    path : str or Path
        An .xlsx or .xlsm file.

    Returns
    -------
    list of Call
        In sheet order, then cell order; nested calls each on their own.

    Raises
    ------
    Unsized
        On an argument whose size cannot be read off the file (see the module notes).
    """
    book = _Book(Path(path))
    calls: list[Call] = []
    for ws in book.wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                text = _formula_text(cell.value)
                if text is None or "EFFCAP_" not in text.upper():
                    continue
                calls.extend(_calls_in(book, ws.title, cell.coordinate, text))
    return calls


def _calls_in(book: _Book, sheet: str, coordinate: str, text: str) -> list[Call]:
    found: list[Call] = []
    stack: list[tuple[str, list[list[Token]]]] = []  # (function, arguments' tokens)
    for token in Tokenizer(text).items:
        if token.type == Token.FUNC and token.subtype == Token.OPEN:
            if stack:
                stack[-1][1][-1].append(token)
            stack.append((token.value[:-1].split(".")[-1].upper(), [[]]))
        elif token.type == Token.FUNC and token.subtype == Token.CLOSE:
            name, args = stack.pop()
            if stack:
                stack[-1][1][-1].append(token)
            if name.startswith("EFFCAP_"):
                where = f"{sheet}!{coordinate} {name}"
                if len(args) == 1 and not [t for t in args[0] if t.type != Token.WSPACE]:
                    args = []
                sizes = tuple(book.argument(a, sheet, where) for a in args)
                found.append(Call(sheet, coordinate, name, sizes))
        elif token.type == Token.SEP and token.subtype == Token.ARG and stack:
            stack[-1][1].append([])
        elif stack:
            stack[-1][1][-1].append(token)
    return found


def cells_per_recalculation(path: str | Path) -> int:
    """Return the cells all EFFCAP_ calls of a workbook hand over on a full recalculation.

    Parameters
    ----------
    path : str or Path

    Returns
    -------
    int
        The sum of the sizes of the ranges passed to every EFFCAP_ call.
    """
    return sum(call.cells for call in effcap_calls(path))
