"""The workbooks the ribbon actions work on: one small interface, two implementations.

Implements
----------
- :class:`Workbook` -- what the actions need from a workbook (read and write blocks of
  values by A1 address, list and add sheets, ask the user, recalculate).
- :class:`XlwingsBook` -- over an ``xlwings.Book`` (Excel on Windows, through COM; the
  actions get ``xw.Book.caller()``).
- :class:`OpenpyxlBook` -- over a file read with openpyxl (tests, scripts); it records
  what it would have shown or asked.
- :func:`cell_address`, :func:`range_address`, :func:`is_blank`, :func:`unique_sheet`
  -- small helpers the actions share.

Addresses are A1 text without ``$``; values are lists of rows, None for a blank cell.
Both implementations write every string as text, never as a formula: a ticker, file or
header such as ``=1+2`` or ``-x`` (any of :data:`FORMULA_STARTS` first) is stored with
Excel's quote prefix, the apostrophe a person would type before it (no action writes a
formula through :meth:`Workbook.set_values`). The rule is the core's
(:mod:`efficap._text_cells`, which the command line's CSV output uses too); its names
are re-exported here.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from openpyxl.utils.cell import get_column_letter, range_boundaries

from efficap._text_cells import FORMULA_STARTS, formula_like, quote_prefixed
from efficap.errors import EfficapError

__all__ = [
    "FORMULA_STARTS",
    "ActionError",
    "OpenpyxlBook",
    "Workbook",
    "XlwingsBook",
    "cell_address",
    "formula_like",
    "is_blank",
    "range_address",
    "unique_sheet",
]


class ActionError(EfficapError):
    """A ribbon action cannot run (shown to the user in a message box)."""


class Workbook(Protocol):
    """What the actions need from a workbook. Addresses are A1 text without ``$``."""

    def sheet_names(self) -> list[str]:
        """Names of the worksheets, in order."""

    def selection(self) -> tuple[str, str]:
        """The selected range as (sheet name, address such as ``"A20:B23"``)."""

    def get_values(self, sheet: str, address: str) -> list[list[Any]]:
        """Values of a range as a list of rows (None for blank cells)."""

    def set_values(self, sheet: str, top_left: str, rows: Sequence[Sequence[Any]]) -> None:
        """Write a block of values whose top-left cell is `top_left`."""

    def last_row(self, sheet: str, column: int) -> int:
        """The last row (1-based) with a value in `column` (1-based); 0 if none."""

    def add_sheet(self, name: str) -> None:
        """Add an empty worksheet after the last one."""

    def calculate(self) -> None:
        """Recalculate every formula."""

    def alert(self, message: str) -> None:
        """Tell the user something (a message box in Excel)."""

    def ask_paths(self, title: str) -> list[str]:
        """Ask for one or more price files; an empty list if the user cancels."""

    def confirm(self, question: str) -> bool:
        """Ask a yes/no question; True for yes."""

    def folder(self) -> Path | None:
        """The folder the workbook is saved in, None if it was never saved."""

    def open_workbook(self, path: Path) -> None:
        """Open a workbook file (in Excel: as a new window)."""


class XlwingsBook:
    """:class:`Workbook` over an ``xlwings.Book`` (Excel on Windows, via COM)."""

    def __init__(self, book: Any) -> None:
        self.book = book

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.book.sheets]

    def selection(self) -> tuple[str, str]:
        rng = self.book.selection
        if rng is None:
            raise ActionError("Select the cells first.")
        return rng.sheet.name, rng.address.replace("$", "")

    def get_values(self, sheet: str, address: str) -> list[list[Any]]:
        return self.book.sheets[sheet].range(address).options(ndim=2).value

    def set_values(self, sheet: str, top_left: str, rows: Sequence[Sequence[Any]]) -> None:
        # Excel takes a leading apostrophe as the quote prefix: the cell holds the text
        # after it, as text (Range.PrefixCharacter), instead of a formula.
        cells = [[quote_prefixed(v) for v in r] for r in rows]
        self.book.sheets[sheet].range(top_left).value = cells

    def last_row(self, sheet: str, column: int) -> int:
        ws = self.book.sheets[sheet]
        bottom = ws.range((ws.cells.last_cell.row, column))
        if bottom.value is not None:
            return bottom.row
        top = bottom.end("up")
        return 0 if top.row == 1 and top.value is None else top.row

    def add_sheet(self, name: str) -> None:
        self.book.sheets.add(name, after=self.book.sheets[-1])

    def calculate(self) -> None:
        self.book.app.api.CalculateFull()

    def alert(self, message: str) -> None:
        self.book.app.alert(message, title="efficap")

    def ask_paths(self, title: str) -> list[str]:
        picked = self.book.app.api.GetOpenFilename(
            "Price files (*.csv;*.xlsx),*.csv;*.xlsx", 1, title, None, True
        )
        if picked is False or picked is None:
            return []
        return [picked] if isinstance(picked, str) else list(picked)

    def confirm(self, question: str) -> bool:
        return self.book.app.alert(question, title="efficap", buttons="yes_no") == "yes"

    def folder(self) -> Path | None:
        full = Path(self.book.fullname)
        return full.parent if full.is_absolute() and full.exists() else None

    def open_workbook(self, path: Path) -> None:
        self.book.app.books.open(str(path))


class OpenpyxlBook:
    """:class:`Workbook` over a file read with openpyxl (tests and scripts).

    Parameters
    ----------
    path : path-like
        The workbook to read; :meth:`save` writes back to it (or elsewhere).
    selection : (sheet, address), optional
        What :meth:`selection` returns.
    paths : sequence of str, optional
        What :meth:`ask_paths` returns.
    answer : bool
        What :meth:`confirm` answers.

    Attributes
    ----------
    alerts : list of str
        Messages the actions showed.
    calculations : int
        Times :meth:`calculate` was called (openpyxl does not calculate).
    opened : list of Path
        Workbooks :meth:`open_workbook` was asked to open.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        selection: tuple[str, str] | None = None,
        paths: Sequence[str] = (),
        answer: bool = False,
    ) -> None:
        import openpyxl

        self.path = Path(path)
        self.wb = openpyxl.load_workbook(self.path)
        self.selected = selection
        self.paths = list(paths)
        self.answer = answer
        self.questions: list[str] = []
        self.alerts: list[str] = []
        self.calculations = 0
        self.opened: list[Path] = []

    def sheet_names(self) -> list[str]:
        return list(self.wb.sheetnames)

    def selection(self) -> tuple[str, str]:
        if self.selected is None:
            raise ActionError("Select the cells first.")
        return self.selected

    def get_values(self, sheet: str, address: str) -> list[list[Any]]:
        ws = self.wb[sheet]
        c1, r1, c2, r2 = range_boundaries(address)
        return [[ws.cell(r, c).value for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]

    def set_values(self, sheet: str, top_left: str, rows: Sequence[Sequence[Any]]) -> None:
        ws = self.wb[sheet]
        c0, r0, _, _ = range_boundaries(top_left)
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                cell = ws.cell(r0 + i, c0 + j)
                cell.value = value
                if formula_like(value):  # openpyxl makes "=..." a formula: keep it text
                    cell.data_type, cell.quotePrefix = "s", True

    def last_row(self, sheet: str, column: int) -> int:
        ws = self.wb[sheet]
        for row in range(ws.max_row, 0, -1):
            if ws.cell(row, column).value is not None:
                return row
        return 0

    def add_sheet(self, name: str) -> None:
        self.wb.create_sheet(name)

    def calculate(self) -> None:
        self.calculations += 1

    def alert(self, message: str) -> None:
        self.alerts.append(message)

    def ask_paths(self, title: str) -> list[str]:
        return list(self.paths)

    def confirm(self, question: str) -> bool:
        self.questions.append(question)
        return self.answer

    def folder(self) -> Path | None:
        return self.path.parent

    def open_workbook(self, path: Path) -> None:
        self.opened.append(Path(path))

    def save(self, path: str | os.PathLike[str] | None = None) -> Path:
        target = Path(path) if path is not None else self.path
        self.wb.save(target)
        return target


def cell_address(row: int, col: int) -> str:
    """A1 address of a cell (1-based row and column)."""
    return f"{get_column_letter(col)}{row}"


def range_address(r1: int, c1: int, r2: int, c2: int) -> str:
    """A1 address of a range (1-based bounds)."""
    return f"{cell_address(r1, c1)}:{cell_address(r2, c2)}"


def is_blank(value: Any) -> bool:
    """Whether a cell value is blank (None or only spaces)."""
    return value is None or (isinstance(value, str) and not value.strip())


def unique_sheet(book: Workbook, base: str) -> str:
    """`base`, or ``base (2)``, ``base (3)``... : the first name no sheet has."""
    names = {n.lower() for n in book.sheet_names()}
    if base.lower() not in names:
        return base
    i = 2
    while f"{base} ({i})".lower() in names:
        i += 1
    return f"{base} ({i})"
