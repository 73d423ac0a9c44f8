"""Drop-down lists read from a hidden ``Lists`` sheet instead of a literal list.

Implements
----------
- :func:`lists_refs`, :func:`lists_sheet` -- a hidden sheet holding the choices the
  templates offer: the catalog's tickers, the rebalancing rules (the core's default
  first) and the asset classes, one column each (the workbook's last sheet); their
  references.
- :func:`list_validation` -- a drop-down over one of those ranges, with a warning (not a
  refusal) for a value outside it, so funds of a sheet catalog and rules such as
  ``threshold:5%`` still go in.
- :func:`integer_validation` -- a whole number within bounds (a count a table's room is
  sized for).

Excel caps a literal list (``"IVV,AGG,..."``) at 255 characters; the catalog grows, so
every template's drop-downs read a range of this sheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from efficap.catalog import asset_classes, load_catalog

if TYPE_CHECKING:
    from efficap_xl.build.templates.common import Book, Cells, Sheet

__all__ = [
    "LISTS_SHEET",
    "Lists",
    "integer_validation",
    "list_validation",
    "lists_refs",
    "lists_sheet",
]

LISTS_SHEET = "Lists"


@dataclass(frozen=True)
class Lists:
    """References to the choices of the Lists sheet (qualified with the sheet name)."""

    tickers: Cells
    rules: Cells
    classes: Cells


def _columns(rules: Sequence[str], catalog: Any) -> dict[str, list[str]]:
    table = load_catalog(catalog)
    return {
        "Ticker": list(table.index),
        "Rebalancing rule": list(rules),
        "Asset class": asset_classes(table),
    }


def lists_refs(rules: Sequence[str], catalog: Any = None) -> Lists:
    """The ranges the Lists sheet will hold (qualified), before it is written, so that
    the sheet can come last in the workbook."""
    from efficap_xl.build.templates.common import Cells

    refs = [
        Cells(LISTS_SHEET, 1, j, len(items), j, qualified=True)
        for j, items in enumerate(_columns(rules, catalog).values())
    ]
    return Lists(*refs)


def lists_sheet(book: Book, rules: Sequence[str], catalog: Any = None) -> Lists:
    """Write the hidden Lists sheet (tickers, rules, asset classes); return its ranges.

    Parameters
    ----------
    rules : sequence of str
        The rebalancing rules to offer, the default first.
    catalog : optional
        A catalog as :func:`efficap.catalog.load_catalog` takes (None: the built-in one).
    """
    ws = book.add_sheet(LISTS_SHEET)
    for j, (title, items) in enumerate(_columns(rules, catalog).items()):
        ws.write(0, j, title, book.st.header)
        for i, item in enumerate(items, start=1):
            ws.write(i, j, item)
        ws.set_column(j, j, 26)
    ws.hide()
    refs = lists_refs(rules, catalog)
    book.define_name("Lists_Tickers", refs.tickers)
    book.define_name("Lists_Rules", refs.rules)
    book.define_name("Lists_Classes", refs.classes)
    return refs


def list_validation(
    ws: Sheet,
    where: tuple[int, int, int, int],
    source: Cells,
    title: str,
    message: str,
    error: str,
) -> None:
    """A drop-down over `source` at `where` (r1, c1, r2, c2); warn on other values.

    Parameters
    ----------
    title, message : str
        The prompt shown when the cell is selected (title up to 32 characters).
    error : str
        The warning shown for a value not in the list.
    """
    ws.data_validation(
        *where,
        {
            "validate": "list",
            "source": f"={source.text}",
            "error_type": "warning",
            "error_title": "Not in the list",
            "error_message": error,
            "input_title": title,
            "input_message": message,
        },
    )


def integer_validation(ws: Sheet, row: int, col: int, low: int, high: int, title: str) -> None:
    """Accept only whole numbers from `low` to `high` at (row, col): a table's room is
    sized for `high`, so a larger count would not fit."""
    ws.data_validation(
        row,
        col,
        row,
        col,
        {
            "validate": "integer",
            "criteria": "between",
            "minimum": low,
            "maximum": high,
            "error_title": "Out of range",
            "error_message": f"Enter a whole number from {low} to {high}.",
            "input_title": title,
            "input_message": f"A whole number from {low} to {high}.",
        },
    )
