"""How many cells a workbook's EFFCAP_ calls hand to Python on one full recalculation.

Excel evaluates every formula on a full recalculation, and each EFFCAP_ call reads
every cell of every range it is given (through xlwings' COM path, one value at a time
converted to Python), whether the cells hold data or not. The sum of the sizes of the
ranges passed to all EFFCAP_ calls is therefore what decides how long Excel stalls,
more than the arithmetic. This module reads that sum off a workbook file with openpyxl
(formulas, array and dynamic-array formulas included) without recalculating anything.

What an argument counts:

- a reference (``B2``, ``$A$2:$A$10001``, ``Prices!B1:W1``, ``'Lab closes'!A4:I4``,
  whole columns ``A:A`` = 1,048,576 cells, whole rows ``1:1`` = 16,384 cells): its cells;
- a defined name (workbook or sheet scope): the cells of the reference it names;
- an Excel Table's structured reference (``Prices[IVV]``, ``Prices[[#All],[Date]]``,
  ``Prices[[IVV]:[SHY]]``, ``Prices[#Headers]``, ``Prices`` alone = its data): the
  cells of the part it names, from the table's extent in the file;
- a literal (``1.0``, ``"5Y"``, ``TRUE``) or an empty argument: nothing, no range is
  read.

- a dynamic range, as an argument or as a defined name's formula: ``OFFSET(ref, rows,
  cols[, height, width])``, ``INDEX(ref, row[, column])``, the range operator between
  them (``Prices!$A$2:INDEX(Prices!$A:$A, COUNTA(Prices!$A:$A))``), with counts from
  ``COUNTA``, ``COUNT``, ``ROWS``, ``COLUMNS``, numbers, number cells and ``+ - *``:
  the cells of the area it gives with the values stored in the file.

Any other argument (another function, an array expression, a nested EFFCAP_ call, a
structured reference inside an expression) raises :class:`Unsized`, naming the cell and
the argument: a count is never silently wrong.

Implements
----------
- :func:`effcap_calls` -- every EFFCAP_ call of a workbook with its cells handed over.
- :func:`cells_per_recalculation` -- their sum.
- :class:`Call`; :class:`recalc_dynamic.Unsized` (re-exported).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.utils.cell import column_index_from_string, range_boundaries
from recalc_dynamic import (
    COLUMN_RANGE,
    MAX_COLUMNS,
    MAX_ROWS,
    ROW_RANGE,
    Dynamic,
    Unsized,
    split_sheet,
)

_CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")
_STRUCTURED = re.compile(r"([A-Za-z_\\][\w.\\]*)\[(.*)\]", re.DOTALL)
_SPECIALS = {"#all", "#data", "#headers", "#totals", "#this row"}


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


def _area_size(local: str) -> int | None:
    """Cells of an A1-style area (``A1``, ``A1:B2``, ``A:A``, ``1:3``), or None if not one."""
    text = local.replace("$", "")
    if _CELL.fullmatch(text):
        return 1
    if m := COLUMN_RANGE.fullmatch(text):
        left, right = (column_index_from_string(c.upper()) for c in m.groups())
        return (abs(right - left) + 1) * MAX_ROWS
    if m := ROW_RANGE.fullmatch(text):
        top, bottom = (int(r) for r in m.groups())
        return (abs(bottom - top) + 1) * MAX_COLUMNS
    parts = text.split(":")
    if len(parts) == 2 and all(_CELL.fullmatch(p) for p in parts):
        min_col, min_row, max_col, max_row = range_boundaries(text)
        return (max_row - min_row + 1) * (max_col - min_col + 1)
    return None


class _Book:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.wb = openpyxl.load_workbook(path)
        self._cached: openpyxl.Workbook | None = None
        self.tables = {
            (table.displayName or table.name).lower(): table
            for ws in self.wb.worksheets
            for table in ws.tables.values()
        }

    def cached(self, sheet: str, row: int, col: int) -> object:
        """The value a formula cell holds in the file (its last result)."""
        if self._cached is None:
            self._cached = openpyxl.load_workbook(self.path, data_only=True)
        return self._cached[sheet].cell(row, col).value

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
        own_sheet, local = split_sheet(text)
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
            return Dynamic(self, own_sheet or sheet, where, depth + 1).size(named.lstrip("="))
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
        text = "".join(t.value for t in tokens)
        if any(t.type == Token.FUNC and "EFFCAP_" in t.value.upper() for t in tokens):
            raise Unsized(f"{where}: cannot size the argument {text} without evaluating it.")
        return Dynamic(self, sheet, where).size(text)


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
    # (opening token, arguments' tokens); a nested call's tokens join its caller's argument
    stack: list[tuple[Token, list[list[Token]]]] = []
    for token in Tokenizer(text).items:
        if token.type == Token.FUNC and token.subtype == Token.OPEN:
            stack.append((token, [[]]))
        elif token.type == Token.FUNC and token.subtype == Token.CLOSE:
            opening, args = stack.pop()
            if stack:
                whole = [opening, *args[0]]
                for arg in args[1:]:
                    whole += [Token(",", Token.SEP, Token.ARG), *arg]
                stack[-1][1][-1].extend([*whole, token])
            name = opening.value[:-1].split(".")[-1].upper()
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
