"""The Python side of the add-in's ribbon buttons (called through xlwings' ``RunPython``).

Each button of the "Efficient Capital" tab (declared in :mod:`efficap_xl.buttons`) runs
one function here, e.g. ``RunPython "import efficap_xl.actions as a; a.solve_weights()"``.
The functions are thin: they read and write cells through a small
:class:`~efficap_xl.books.Workbook` interface, and call the core for the numbers.

Implements
----------
- :func:`new_from_template` -- write a template workbook (Figure 1, 2, 3 or the
  Portfolio Lab) to a new file next to the active workbook (or in Documents) and open it.
- :func:`solve_weights` -- solve the selected targets block (convention below) and
  write the weights beside its funds.
- :func:`refresh_prices` -- load price histories (a CSV, an XLSX, or several
  ``TICKER.csv`` files, or a download) into the price sheet efficap laid out, never
  into a sheet it did not (:mod:`efficap_xl.price_sheet`).
- :func:`recalculate` -- make Excel recalculate every formula.
- :func:`insert_catalog` -- add a sheet with the fund catalog (the core's table) as values.
- :func:`show_help` -- add a sheet listing the ribbon buttons and every EFFCAP_ function.

:class:`~efficap_xl.books.XlwingsBook` (Excel) and :class:`~efficap_xl.books.OpenpyxlBook`
(files, tests) implement the interface; they are importable from here too.

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
from typing import Any, TypeVar

from openpyxl.utils.cell import get_column_letter, range_boundaries

from efficap.errors import EfficapError
from efficap_xl import buttons, price_sheet
from efficap_xl.books import (
    ActionError,
    OpenpyxlBook,
    Workbook,
    XlwingsBook,
    cell_address,
    is_blank,
    range_address,
    unique_sheet,
)
from efficap_xl.layout import PRICES_SHEET

__all__ = [
    "FUND_HEADERS",
    "PRICES_SHEET",
    "SOLVED_HEADER",
    "ActionError",
    "OpenpyxlBook",
    "Workbook",
    "XlwingsBook",
    "catalog_rows",
    "help_rows",
    "insert_catalog",
    "new_from_template",
    "recalculate",
    "refresh_prices",
    "show_help",
    "solve_weights",
]

SOLVED_HEADER = "Solved weight"
FUND_HEADERS = frozenset({"fund", "funds", "ticker", "tickers", "etf", "etfs"})
CATALOG_SHEET = "Fund catalog"
HELP_SHEET = "efficap help"
_TICKER = re.compile(r"^(?!total$)[A-Za-z0-9][A-Za-z0-9.\-^=]{0,11}$", re.IGNORECASE)
_MAX_GAP = 2  # blank rows allowed between the targets block and the funds
_MAX_FUNDS = 200
_MAX_COLUMNS = 50  # columns searched for a free output column

T = TypeVar("T")


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


def _is_number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return isinstance(value, str) and value.strip().endswith("%")
    return not math.isnan(value)


# --------------------------------------------------------------------------- actions


@_action
def new_from_template(
    book: Workbook, figure: int | str, folder: str | os.PathLike[str] | None = None
):
    """Write the template of `figure` (1, 2, 3, ``"lab"``, the Portfolio Lab, or
    ``"screen"``, the overlay screen) to a new file and open it.

    The file goes into `folder`, by default the active workbook's folder (or
    Documents, or the home folder, for a workbook never saved), named
    ``efficap_figureN.xlsx`` (``efficap_portfolio_lab.xlsx``, ``efficap_screen.xlsx``),
    or ``... (2).xlsx`` and so on: an existing file is never replaced. The Prices sheets
    of Figure 2, the Lab and the screen are empty (use Refresh prices).

    Returns
    -------
    pathlib.Path
        The file written.
    """
    from efficap_xl.build import templates

    builders = {
        "1": (templates.build_figure1, "efficap_figure1"),
        "2": (templates.build_figure2, "efficap_figure2"),
        "3": (templates.build_figure3, "efficap_figure3"),
        "lab": (templates.build_lab, templates.FILENAMES["lab"].removesuffix(".xlsx")),
        "screen": (templates.build_screen, templates.FILENAMES["screen"].removesuffix(".xlsx")),
    }
    key = str(figure).strip().lower()
    key = key.removesuffix(".0") if key.endswith(".0") else key  # 2.0 from VBA
    if key not in builders:
        raise ActionError(f"There is no template {figure}; choose 1, 2, 3, lab or screen.")
    build, stem = builders[key]
    if folder is None:
        folder = book.folder()
    if folder is None:
        documents = Path.home() / "Documents"
        folder = documents if documents.is_dir() else Path.home()
    folder = Path(folder)
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
    cells = [row[0] for row in book.get_values(sheet, range_address(first, column, last, column))]
    i = 0
    while i < len(cells) and i < _MAX_GAP and is_blank(cells[i]):
        i += 1
    header = None
    if i < len(cells) and isinstance(cells[i], str) and cells[i].strip().lower() in FUND_HEADERS:
        header = first + i
        i += 1
    start = i
    tickers: list[str] = []
    while i < len(cells) and not is_blank(cells[i]):
        value = cells[i]
        if isinstance(value, str) and not _TICKER.match(value.strip()):
            break  # a "Total" row or a note ends the list
        if not isinstance(value, str):
            raise ActionError(
                f"{cell_address(first + i, column)} should hold a fund ticker, not {value!r}."
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
        cells = [row[0] for row in book.get_values(sheet, range_address(top, col, last, col))]
        if header is not None and isinstance(cells[0], str) and cells[0].strip() == SOLVED_HEADER:
            return col
        if all(is_blank(v) for v in cells):
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
    from efficap_xl import readers

    sheet, address = book.selection()
    c1, _, c2, r2 = range_boundaries(address)
    if c2 - c1 != 1:
        raise ActionError(
            "Select the targets block: two columns, asset classes then targets "
            f"(you selected {address})."
        )
    block = book.get_values(sheet, address)
    if block and not _is_number(block[0][1]) and not is_blank(block[0][1]):
        block = block[1:]  # header row
    if not block:
        raise ActionError("The selection holds no targets.")
    targets = readers.targets([row[0] for row in block], [row[1] for row in block])
    header, first, tickers = _funds_below(book, sheet, c1, r2)
    result = core_solve.solve_weights(targets, tickers)
    if not result.exact:
        book.alert(f"Nothing written. {result.status}")
        return None
    out = _output_column(book, sheet, c1, header, first, len(tickers))
    weights = [float(result.weights[t]) for t in tickers]
    if header is not None:
        book.set_values(sheet, cell_address(header, out), [[SOLVED_HEADER]])
    book.set_values(sheet, cell_address(first, out), [[w] for w in weights])
    if not result.unique:
        book.alert(result.status)
    return dict(zip(tickers, weights, strict=True))


@_action
def refresh_prices(book: Workbook, paths: Sequence[str] | None = None):
    """Load price histories into the price sheet efficap laid out (a new one otherwise).

    See :func:`efficap_xl.price_sheet.refresh` for the sheet chosen, the layout and
    `paths`; a sheet efficap did not lay out is never written to.

    Returns
    -------
    pandas.DataFrame or None
        The prices written.
    """
    return price_sheet.refresh(book, paths)


@_action
def recalculate(book: Workbook):
    """Recalculate every formula (in Excel: ``Application.CalculateFull``)."""
    book.calculate()


def _plain(value: Any) -> Any:
    """A catalog value as a cell: None for missing, datetime for dates, float, text."""
    if value is None or value != value:  # None, NaN, NaT
        return None
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime()
    return value.item() if hasattr(value, "item") else value


def catalog_rows() -> list[list[Any]]:
    """The built-in catalog (:func:`efficap.catalog.load_catalog`) as rows of cells: a
    header row (``ticker``, facts, asset classes), then one row per fund; ratios and
    exposures as decimals, dates as dates, blanks where the catalog has no value."""
    from efficap.catalog import load_catalog

    table = load_catalog()
    rows: list[list[Any]] = [["ticker", *table.columns]]
    for ticker, values in zip(table.index, table.itertuples(index=False), strict=True):
        rows.append([ticker, *(_plain(v) for v in values)])
    return rows


@_action
def insert_catalog(book: Workbook):
    """Add a sheet ``Fund catalog`` with the built-in catalog as values; return its name.

    The table of :func:`catalog_rows`, the same as ``=EFFCAP_CATALOG()`` spills. Edit it
    and pass the range as any function's ``catalog`` argument.
    """
    rows = catalog_rows()
    name = unique_sheet(book, CATALOG_SHEET)
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
    rows += [[b.label, b.supertip, None] for b in buttons.buttons()]
    rows += [[None, None, None], ["Function", "Returns", "Arguments"]]
    for func in spec.FUNCTIONS:
        args = "\n".join(f"{a.name}: {a.doc}" for a in func.args) or "(none)"
        rows.append([func.signature, func.help, args])
    return rows


@_action
def show_help(book: Workbook):
    """Add a sheet ``efficap help`` listing the ribbon buttons and every EFFCAP_ function."""
    name = unique_sheet(book, HELP_SHEET)
    book.add_sheet(name)
    book.set_values(name, "A1", help_rows())
    return name
