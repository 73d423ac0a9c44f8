"""The Python side of the add-in's ribbon buttons (called through xlwings' ``RunPython``).

Each button of the "Efficient Capital" tab runs one function here, e.g.
``RunPython "import efficap_xl.actions as a; a.solve_weights()"``. The functions
are thin: they read and write cells through a small :class:`Workbook` interface,
and call the core for the numbers.

Implements
----------
- :func:`new_from_template` -- write a template workbook (Figure 1, 2 or 3) to a new
  file next to the active workbook (or in Documents) and open it.
- :func:`solve_weights` -- solve the selected targets block (convention below) and
  write the weights beside its funds.
- :func:`refresh_prices` -- load price histories (a CSV, an XLSX, or several
  ``TICKER.csv`` files) into the ``Prices`` sheet.
- :func:`recalculate` -- make Excel recalculate every formula.
- :func:`insert_catalog` -- add a sheet with the fund catalog as values.
- :func:`show_help` -- add a sheet listing every EFFCAP_ function and ribbon button.
- :class:`Workbook` -- the interface the actions use; :class:`XlwingsBook` implements
  it over ``xw.Book.caller()`` (Excel on Windows), :class:`OpenpyxlBook` over a file
  (tests, scripts).

Solve-weights convention
------------------------
Select the targets block: two columns, asset class then target (decimals or
percentages), optionally with a header row (a first row whose target cell is text).
The candidate funds are listed *below* the block in its first column: after at most
two blank rows, an optional header cell (``Fund``, ``Funds``, ``Ticker``,
``Tickers``, ``ETF`` or ``ETFs``), then one ticker per row down to the first blank
cell, ``Total`` row or text that is not a ticker (a note). The weights are written
as values in the first column right of the tickers that is blank in the header row
and every ticker row, or that this action wrote before (header ``Solved weight``);
with a header row, that cell gets ``Solved weight``. Nothing else is written. In
the Figure 1 template, select ``A20:B23``: the weights go to ``C26:C29``, beside
the ``EFFCAP_SOLVE`` formula.
"""

from __future__ import annotations

import functools
import math
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

from openpyxl.utils.cell import get_column_letter, range_boundaries

from efficap.errors import EfficapError

__all__ = [
    "BUTTONS",
    "FUND_HEADERS",
    "PRICES_SHEET",
    "SOLVED_HEADER",
    "ActionError",
    "OpenpyxlBook",
    "Workbook",
    "XlwingsBook",
    "insert_catalog",
    "new_from_template",
    "recalculate",
    "refresh_prices",
    "show_help",
    "solve_weights",
]

SOLVED_HEADER = "Solved weight"
FUND_HEADERS = frozenset({"fund", "funds", "ticker", "tickers", "etf", "etfs"})
PRICES_SHEET = "Prices"
CATALOG_SHEET = "Fund catalog"
HELP_SHEET = "efficap help"
_TICKER = re.compile(r"^(?!total$)[A-Za-z0-9][A-Za-z0-9.\-^=]{0,11}$", re.IGNORECASE)
_MAX_GAP = 2  # blank rows allowed between the targets block and the funds
_MAX_FUNDS = 200
_MAX_COLUMNS = 50  # columns searched for a free output column

#: The ribbon buttons: label and what the button does (shown by :func:`show_help`).
BUTTONS: tuple[tuple[str, str], ...] = (
    (
        "New from template",
        "Figure 1, 2 or 3 of the research note as a new workbook with live EFFCAP_ formulas.",
    ),
    (
        "Solve weights",
        "Select Asset class | Target cells with the funds listed below them; writes the "
        "weights beside the funds (column headed 'Solved weight').",
    ),
    (
        "Refresh prices",
        "Pick a CSV or XLSX file, or several TICKER.csv files; loads them into the "
        "Prices sheet (Date, then one column per ticker).",
    ),
    ("Recalculate", "Recalculates every formula of every open workbook."),
    ("Fund catalog", "Adds a sheet with the fund catalog as values, to edit and pass as catalog."),
    ("Help", "Adds this sheet."),
)

T = TypeVar("T")


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


# --------------------------------------------------------------------------- helpers


def _caller() -> Workbook:
    import xlwings as xw

    return XlwingsBook(xw.Book.caller())


def _action(fn: Callable[..., T]) -> Callable[..., T | None]:
    """Run an action on `book` (default: the workbook that called), showing errors."""

    @functools.wraps(fn)
    def run(*args: Any, book: Workbook | None = None, **kwargs: Any) -> T | None:
        book = book if book is not None else _caller()
        try:
            return fn(book, *args, **kwargs)
        except EfficapError as exc:
            book.alert(str(exc))
            return None

    return run


def _cell(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


def _range(r1: int, c1: int, r2: int, c2: int) -> str:
    return f"{_cell(r1, c1)}:{_cell(r2, c2)}"


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return isinstance(value, str) and value.strip().endswith("%")
    return not math.isnan(value)


def _unique_sheet(book: Workbook, base: str) -> str:
    names = {n.lower() for n in book.sheet_names()}
    if base.lower() not in names:
        return base
    i = 2
    while f"{base} ({i})".lower() in names:
        i += 1
    return f"{base} ({i})"


# --------------------------------------------------------------------------- actions


@_action
def new_from_template(book: Workbook, figure: int, folder: str | os.PathLike[str] | None = None):
    """Write the template of `figure` (1, 2 or 3) to a new file and open it.

    The file goes into `folder`, by default the active workbook's folder (or
    Documents, or the home folder, for a workbook never saved), named
    ``efficap_figureN.xlsx``, or ``efficap_figureN (2).xlsx`` and so on: an existing
    file is never replaced. Figure 2's Prices sheet is empty (use Refresh prices).

    Returns
    -------
    pathlib.Path
        The file written.
    """
    from efficap import templates

    builders = {
        1: templates.build_figure1,
        2: templates.build_figure2,
        3: templates.build_figure3,
    }
    try:
        build = builders[int(figure)]
    except (KeyError, TypeError, ValueError):
        raise ActionError(f"There is no Figure {figure}; choose 1, 2 or 3.") from None
    if folder is None:
        folder = book.folder()
    if folder is None:
        documents = Path.home() / "Documents"
        folder = documents if documents.is_dir() else Path.home()
    folder = Path(folder)
    stem = f"efficap_figure{int(figure)}"
    path = folder / f"{stem}.xlsx"
    i = 2
    while path.exists():
        path = folder / f"{stem} ({i}).xlsx"
        i += 1
    build(path)
    book.open_workbook(path)
    return path


def _funds_below(
    book: Workbook, sheet: str, column: int, after_row: int
) -> tuple[int | None, int, list[str]]:
    """(header row or None, first ticker row, tickers) listed below `after_row`."""
    first = after_row + 1
    last = first + _MAX_GAP + 1 + _MAX_FUNDS
    cells = [row[0] for row in book.get_values(sheet, _range(first, column, last, column))]
    i = 0
    while i < len(cells) and i < _MAX_GAP and _blank(cells[i]):
        i += 1
    header = None
    if i < len(cells) and isinstance(cells[i], str) and cells[i].strip().lower() in FUND_HEADERS:
        header = first + i
        i += 1
    start = i
    tickers: list[str] = []
    while i < len(cells) and not _blank(cells[i]):
        value = cells[i]
        if isinstance(value, str) and not _TICKER.match(value.strip()):
            break  # a "Total" row or a note ends the list
        if not isinstance(value, str):
            raise ActionError(
                f"{_cell(first + i, column)} should hold a fund ticker, not {value!r}."
            )
        tickers.append(value.strip().upper())
        i += 1
    if not tickers:
        raise ActionError(
            f"No funds below the targets: list tickers in column {get_column_letter(column)} "
            f"from row {after_row + 1} to {after_row + 1 + _MAX_GAP} on (a 'Fund' header "
            "cell first is allowed)."
        )
    return header, first + start, tickers


def _output_column(
    book: Workbook, sheet: str, column: int, header: int | None, first: int, count: int
) -> int:
    """The first column right of `column` that is free (or holds a previous result)."""
    top = header if header is not None else first
    last = first + count - 1
    for col in range(column + 1, column + 1 + _MAX_COLUMNS):
        cells = [row[0] for row in book.get_values(sheet, _range(top, col, last, col))]
        if header is not None and isinstance(cells[0], str) and cells[0].strip() == SOLVED_HEADER:
            return col
        if all(_blank(v) for v in cells):
            return col
    raise ActionError("No free column beside the funds for the weights.")


@_action
def solve_weights(book: Workbook):
    """Solve the selected targets block and write the fund weights beside the funds.

    See the module docstring for the layout. Weights are decimals (0.24 = 24%),
    fully invested, long only, chosen by lowest net expense ratio when several hit
    the targets. When the targets cannot be met exactly nothing is written and a
    message gives the largest miss.

    Returns
    -------
    dict or None
        Ticker -> weight written, None if nothing was written.
    """
    from efficap import solve as core_solve
    from efficap_xl import convert

    sheet, address = book.selection()
    c1, _, c2, r2 = range_boundaries(address)
    if c2 - c1 != 1:
        raise ActionError(
            "Select the targets block: two columns, asset classes then targets "
            f"(you selected {address})."
        )
    block = book.get_values(sheet, address)
    if block and not _is_number(block[0][1]) and not _blank(block[0][1]):
        block = block[1:]  # header row
    if not block:
        raise ActionError("The selection holds no targets.")
    targets = convert.targets([row[0] for row in block], [row[1] for row in block])
    header, first, tickers = _funds_below(book, sheet, c1, r2)
    result = core_solve.solve_weights(targets, tickers)
    if not result.exact:
        book.alert(f"Nothing written. {result.status}")
        return None
    out = _output_column(book, sheet, c1, header, first, len(tickers))
    weights = [float(result.weights[t]) for t in tickers]
    if header is not None:
        book.set_values(sheet, _cell(header, out), [[SOLVED_HEADER]])
    book.set_values(sheet, _cell(first, out), [[w] for w in weights])
    if not result.unique:
        book.alert(result.status)
    return dict(zip(tickers, weights, strict=True))


def _load_prices(paths: Sequence[str], wanted: list[str] | None) -> Any:
    from efficap.prices import read_prices

    if len(paths) == 1:
        return read_prices(paths[0], tickers=wanted)
    files = [Path(p) for p in paths]
    if any(f.suffix.lower() != ".csv" for f in files) or len({f.parent for f in files}) != 1:
        raise ActionError(
            "Pick one CSV or XLSX file, or several TICKER.csv files from the same folder."
        )
    return read_prices(files[0].parent, tickers=wanted or [f.stem.upper() for f in files])


@_action
def refresh_prices(book: Workbook, paths: Sequence[str] | None = None):
    """Load price histories into the ``Prices`` sheet (added if missing).

    Parameters
    ----------
    paths : sequence of str, optional
        One CSV (``Date,Close`` or wide) or XLSX file, or several ``TICKER.csv`` files
        of one folder. When not given and the sheet already names its tickers, with the
        optional download extra installed (``pip install 'efficap[download]'``), the
        user is first asked whether to download them instead; otherwise (or on "No")
        asked for files. Cancelling does nothing.

    Layout written: row 1 ``Date`` then one ticker per column, one row per date from
    row 2. If row 1 of the sheet already names tickers, those tickers are loaded in
    that order (an error if the files lack one); otherwise every ticker in the files.
    Old rows below the new data, in those columns, are cleared. Other cells (notes to
    the right) are left alone.

    Returns
    -------
    pandas.DataFrame or None
        The prices written.
    """
    exists = PRICES_SHEET.lower() in {n.lower() for n in book.sheet_names()}
    sheet = next((n for n in book.sheet_names() if n.lower() == PRICES_SHEET.lower()), PRICES_SHEET)
    old_width, wanted = 0, None
    if exists:
        head = book.get_values(sheet, _range(1, 1, 1, _MAX_COLUMNS))[0]
        if isinstance(head[0], str) and head[0].strip().lower() == "date":
            names = []
            for value in head[1:]:
                if _blank(value):
                    break
                names.append(str(value).strip().upper())
            wanted = names or None
            old_width = 1 + len(names)
    if paths is None and wanted and _can_download():
        question = (
            f"Download daily closes for {', '.join(wanted)} (Yahoo Finance, via yfinance)? "
            "No: pick price files instead."
        )
        if book.confirm(question):
            from efficap.prices import download_prices

            return _write_prices(book, sheet, exists, old_width, download_prices(wanted))
    if paths is None:
        paths = book.ask_paths("Price histories: a CSV or XLSX file, or several TICKER.csv")
    if not paths:
        return None
    return _write_prices(book, sheet, exists, old_width, _load_prices(list(paths), wanted))


def _can_download() -> bool:
    """Whether the optional download extra (yfinance) is installed."""
    import importlib.util

    return importlib.util.find_spec("yfinance") is not None


def _write_prices(book: Workbook, sheet: str, exists: bool, old_width: int, prices: Any) -> Any:
    """Write `prices` to `sheet` from A1, clearing old rows below; return them."""
    if not exists:
        book.add_sheet(sheet)
    tickers = list(prices.columns)
    rows: list[list[Any]] = [["Date", *tickers]]
    for day, values in zip(prices.index, prices.to_numpy().tolist(), strict=True):
        rows.append([day.to_pydatetime(), *(None if v != v else float(v) for v in values)])
    width = max(old_width, len(rows[0]))
    old_last = book.last_row(sheet, 1) if exists else 0
    if old_last > len(rows):
        blank = [[None] * width for _ in range(old_last - len(rows))]
        book.set_values(sheet, _cell(len(rows) + 1, 1), blank)
    if width > len(rows[0]):
        rows = [row + [None] * (width - len(row)) for row in rows]
    book.set_values(sheet, "A1", rows)
    return prices


@_action
def recalculate(book: Workbook):
    """Recalculate every formula (in Excel: ``Application.CalculateFull``)."""
    book.calculate()


@_action
def insert_catalog(book: Workbook):
    """Add a sheet ``Fund catalog`` with the built-in catalog as values; return its name.

    The same table ``=EFFCAP_CATALOG()`` spills: a header row (ticker, facts, asset
    classes) and one row per fund, ratios and exposures as decimals. Edit it and pass
    the range as any function's ``catalog`` argument.
    """
    from efficap_xl import udfs

    rows = udfs.EFFCAP_CATALOG()
    if isinstance(rows, str):  # "#EFFCAP: ..."
        raise ActionError(rows)
    rows = [[None if v == "" else v for v in row] for row in rows]  # blank, not empty text
    name = _unique_sheet(book, CATALOG_SHEET)
    book.add_sheet(name)
    book.set_values(name, "A1", rows)
    return name


def help_rows() -> list[list[Any]]:
    """The rows :func:`show_help` writes: the ribbon buttons, then every function."""
    import efficap
    from efficap_xl import spec

    rows: list[list[Any]] = [
        [f"efficap {efficap.__version__}: the Efficient Capital add-in", None, None],
        ["Weights, exposures, returns and fees are decimals (0.24 = 24%).", None, None],
        [None, None, None],
        ["Ribbon button", "What it does", None],
    ]
    rows += [[label, text, None] for label, text in BUTTONS]
    rows += [[None, None, None], ["Function", "Returns", "Arguments"]]
    for func in spec.FUNCTIONS:
        args = "\n".join(f"{a.name}: {a.doc}" for a in func.args) or "(none)"
        rows.append([func.signature, func.help, args])
    return rows


@_action
def show_help(book: Workbook):
    """Add a sheet ``efficap help`` listing the ribbon buttons and every EFFCAP_ function."""
    name = _unique_sheet(book, HELP_SHEET)
    book.add_sheet(name)
    book.set_values(name, "A1", help_rows())
    return name


# --------------------------------------------------------------------------- workbooks


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
        self.book.sheets[sheet].range(top_left).value = [list(r) for r in rows]

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
                ws.cell(r0 + i, c0 + j).value = value

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
