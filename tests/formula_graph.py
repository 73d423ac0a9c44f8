"""The formula graph of an xlsx file, read back with openpyxl: what each cell depends on.

Test helper (not a test module). :class:`Graph` loads a workbook's formulas (plain and
dynamic-array), resolves every reference in them (sheet-qualified or not, ranges,
workbook names; a name given by a formula as the area it can come to name) and answers
:meth:`Graph.trace`: which formulas and which cells a set of cells depends on, through
any number of formulas. The cells of a dynamic array's range
depend on its anchor formula. :func:`chart_series` lists every chart's series
references (``c:f`` of names, categories and values) from the chart parts.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
from openpyxl.utils import column_index_from_string, range_boundaries
from openpyxl.worksheet.formula import ArrayFormula

Cell = tuple[str, int, int]  # sheet, row, column (1-based)
Area = tuple[str, int, int, int, int]  # sheet, r1, c1, r2, c2

_STRING = re.compile(r'"(?:[^"]|"")*"')
_REF = re.compile(
    r"(?:(?:'((?:[^']|'')+)'|([A-Za-z_][\w.]*))!)?"  # optional sheet
    r"(\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?|[A-Za-z_][\w.]*)"  # cells or a name
)
_FUNCTION = re.compile(r"\b(EFFCAP_[A-Z_]+)\(")


def _cell(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\$?([A-Z]{1,3})\$?(\d+)", text)
    assert m, text
    return int(m.group(2)), column_index_from_string(m.group(1))


def parse_area(text: str, sheet: str) -> Area:
    """``Sheet!$A$1:$B$2`` (or ``A1`` on `sheet`) as (sheet, r1, c1, r2, c2)."""
    if "!" in text:
        sheet, text = text.rsplit("!", 1)
        sheet = sheet.strip("'").replace("''", "'")
    first, _, last = text.partition(":")
    r1, c1 = _cell(first)
    r2, c2 = _cell(last) if last else (r1, c1)
    return sheet, r1, c1, r2, c2


def _name_area(text: str) -> Area:
    """The area a workbook name reads: its reference, or for a name given by a formula
    (``INDEX(Prices!$A$2:$A$10001,1):INDEX(Prices!$A$2:$A$10001,Prices_Rows)``) the
    bounding box of the cell references in it, the largest area it can come to name."""
    if "(" not in text:
        return parse_area(text, "")
    areas = [
        parse_area(ref, quoted.replace("''", "'") if quoted else bare)
        for quoted, bare, ref in _REF.findall(_STRING.sub('""', text))
        if (quoted or bare) and re.fullmatch(r"\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?", ref)
    ]
    sheets = {a[0] for a in areas}
    assert len(sheets) == 1, f"a name over {len(sheets)} sheets: {text}"
    return (
        areas[0][0],
        min(a[1] for a in areas),
        min(a[2] for a in areas),
        max(a[3] for a in areas),
        max(a[4] for a in areas),
    )


@dataclass
class Graph:
    """Every formula of a workbook and the areas it reads."""

    path: Path
    formulas: dict[Cell, str] = field(default_factory=dict)
    arrays: dict[Cell, Area] = field(default_factory=dict)  # anchor -> its range
    owner: dict[Cell, Cell] = field(default_factory=dict)  # array cell -> anchor
    names: dict[str, Area] = field(default_factory=dict)
    values: dict[Cell, object] = field(default_factory=dict)  # constants written

    @classmethod
    def load(cls, path: Path) -> Graph:
        graph = cls(Path(path))
        wb = openpyxl.load_workbook(path)
        for name, defined in wb.defined_names.items():
            graph.names[name] = _name_area(defined.attr_text.lstrip("="))
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    key = (ws.title, cell.row, cell.column)
                    value = cell.value
                    if isinstance(value, ArrayFormula):
                        graph.formulas[key] = value.text
                        _, r1, c1, r2, c2 = parse_area(value.ref, ws.title)
                        graph.arrays[key] = (ws.title, r1, c1, r2, c2)
                    elif isinstance(value, str) and value.startswith("="):
                        graph.formulas[key] = value
                    elif value is not None:
                        graph.values[key] = value
        for anchor, (sheet, r1, c1, r2, c2) in graph.arrays.items():
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (sheet, r, c) != anchor:
                        graph.owner[(sheet, r, c)] = anchor
        return graph

    def references(self, cell: Cell) -> list[Area]:
        """The areas the formula at `cell` reads."""
        text = _STRING.sub('""', self.formulas[cell])
        areas = []
        for quoted, bare, ref in _REF.findall(text):
            sheet = (quoted.replace("''", "'") if quoted else bare) or cell[0]
            if ref in self.names:
                areas.append(self.names[ref])
            elif re.fullmatch(r"\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?", ref):
                areas.append(parse_area(ref, sheet))
        return areas

    def functions(self, cell: Cell) -> set[str]:
        return set(_FUNCTION.findall(self.formulas.get(cell, "")))

    def _formulas_in(self, area: Area) -> set[Cell]:
        sheet, r1, c1, r2, c2 = area
        if (r2 - r1 + 1) * (c2 - c1 + 1) <= 4096:
            cells = [(sheet, r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]
        else:
            cells = [
                k
                for k in (*self.formulas, *self.owner)
                if k[0] == sheet and r1 <= k[1] <= r2 and c1 <= k[2] <= c2
            ]
        out = set()
        for k in cells:
            if k in self.formulas:
                out.add(k)
            elif k in self.owner:
                out.add(self.owner[k])
        return out

    def trace(self, areas: list[Area]) -> tuple[set[Cell], list[Area]]:
        """The formulas `areas` depend on (directly or through others) and every area
        those formulas read."""
        seen: set[Cell] = set()
        read: list[Area] = []
        todo = set().union(*(self._formulas_in(a) for a in areas)) if areas else set()
        while todo:
            cell = todo.pop()
            if cell in seen:
                continue
            seen.add(cell)
            for area in self.references(cell):
                read.append(area)
                todo |= self._formulas_in(area) - seen
        return seen, read

    def constants_in(self, area: Area) -> list[Cell]:
        """Cells of `area` holding a value that no formula computes."""
        sheet, r1, c1, r2, c2 = area
        return [
            (sheet, r, c)
            for r in range(r1, r2 + 1)
            for c in range(c1, c2 + 1)
            if (sheet, r, c) in self.values
            and (sheet, r, c) not in self.owner
            and (sheet, r, c) not in self.formulas
        ]


def overlaps(a: Area, b: Area) -> bool:
    return a[0] == b[0] and a[1] <= b[3] and b[1] <= a[3] and a[2] <= b[4] and b[2] <= a[4]


@dataclass(frozen=True)
class Series:
    """One chart series: its chart part, name, categories and values references."""

    chart: str
    name: str | None
    categories: str | None
    values: str | None


def chart_series(path: Path) -> list[Series]:
    """Every series of every chart in the file, from the chart parts' ``c:f`` elements."""
    ns = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
    out = []
    with zipfile.ZipFile(path) as z:
        for part in sorted(n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)):
            root = ElementTree.fromstring(z.read(part))
            for ser in root.iter(f"{{{ns['c']}}}ser"):

                def ref(tags: tuple[str, ...], _ser=ser) -> str | None:
                    for tag in tags:
                        f = _ser.find(f"c:{tag}//c:f", ns)
                        if f is not None:
                            return f.text
                    return None

                out.append(Series(part, ref(("tx",)), ref(("cat", "xVal")), ref(("val", "yVal"))))
    return out


def size(area: Area) -> tuple[int, int]:
    _, r1, c1, r2, c2 = area
    return r2 - r1 + 1, c2 - c1 + 1


__all__ = ["Graph", "Series", "chart_series", "overlaps", "parse_area", "range_boundaries", "size"]
