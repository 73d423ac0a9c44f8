"""Blocks of cells several templates share.

Implements :func:`intro` (title, how-to note, print setup), :func:`widths`, the
drop-downs :func:`ticker_validation` and :func:`rule_validation` (over the hidden Lists
sheet), and Figure 1's weights table: :func:`weights_block`, :func:`weights_sheet`.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_col_to_name

from efficap.figures import FIGURE1_FUNDS, PORTFOLIOS
from efficap_xl.build.templates.common import (
    DEFAULT_REBALANCE,
    PORTFOLIO_NAMES,
    REBALANCE_HINT,
    SOURCE,
    W_FIRST,
    W_HEADER,
    W_TOTAL,
    Book,
    Cells,
    Sheet,
)
from efficap_xl.build.templates.lists import list_validation

__all__ = [
    "intro",
    "rule_validation",
    "ticker_validation",
    "weights_block",
    "weights_sheet",
    "widths",
]


def intro(ws: Sheet, title: str, how_to: str, columns: int = 4) -> None:
    """Title, how-to note wrapped over the first `columns` columns, and a print setup that
    fits the sheet's width on one page (an unwrapped note would widen the printout)."""
    st = ws.book.st
    ws.write(0, 0, title, st.title)
    text = f"How to use: {how_to}"
    ws.merge(1, 0, 1, columns - 1, text, st.note_wrap)
    ws.set_row(1, 15 * max(1, -(-len(text) // (columns * 22))))
    ws.set_landscape()
    ws.fit_to_pages(1, 1)


def widths(ws: Sheet, first: float, rest: float, columns: int) -> None:
    ws.set_column(0, 0, first)
    ws.set_column(1, columns, rest)


def ticker_validation(ws: Sheet, row: int, col: int, last_row: int, last_col: int) -> None:
    """Offer the catalog's tickers (from the Lists sheet); warn, not refuse, so funds of a
    sheet catalog work."""
    list_validation(
        ws,
        (row, col, last_row, last_col),
        ws.book.lists().tickers,
        "Ticker",
        "A fund from the catalog (EFFCAP_CATALOG lists them).",
        "Not in the built-in catalog: keep it only if your own catalog table lists this fund.",
    )


def rule_validation(ws: Sheet, row: int, col: int) -> None:
    """Offer the rebalancing rules (from the Lists sheet); other rules still go in."""
    list_validation(
        ws,
        (row, col, row, col),
        ws.book.lists().rules,
        "Rebalancing rule",
        f"How the blends go back to their weights; {DEFAULT_REBALANCE} reproduces the note best.",
        f"Use {REBALANCE_HINT}.",
    )


def weights_block(ws: Sheet, prefix: str) -> dict[str, Cells]:
    """Write Figure 1's fund-weights input table at A4:D9; return its references
    (``"tickers"`` and one per portfolio name), defined as workbook names too."""
    st = ws.book.st
    ws.write(W_HEADER, 0, "ETF", st.header)
    for j, name in enumerate(PORTFOLIO_NAMES, start=1):
        ws.write(W_HEADER, j, name, st.header)
    for i, ticker in enumerate(FIGURE1_FUNDS):
        ws.write(W_FIRST + i, 0, ticker, st.text_in)
        for j, name in enumerate(PORTFOLIO_NAMES, start=1):
            ws.write(W_FIRST + i, j, PORTFOLIOS[name][ticker], st.pct_in)
    ws.write(W_TOTAL, 0, "Total", st.total_label)
    last = W_TOTAL - 1
    ticker_validation(ws, W_FIRST, 0, last, 0)
    for j, name in enumerate(PORTFOLIO_NAMES, start=1):
        col = xl_col_to_name(j)
        total = sum(PORTFOLIOS[name].values())
        ws.plain_formula(
            W_TOTAL, j, f"=SUM({col}{W_FIRST + 1}:{col}{last + 1})", st.pct_total, total
        )
    ws.write(W_TOTAL + 1, 0, SOURCE, st.note)
    refs = {"tickers": ws.cells(W_FIRST, 0, last, 0)}
    ws.book.define_name(f"{prefix}Tickers", refs["tickers"])
    shorts = ("SixtyForty", "TraditionalMF", "Efficient")
    for j, (name, short) in enumerate(zip(PORTFOLIO_NAMES, shorts, strict=True), start=1):
        refs[name] = ws.cells(W_FIRST, j, last, j)
        ws.book.define_name(f"{prefix}Weights_{short}", refs[name])
    return refs


def weights_sheet(book: Book, prefix: str, follows: str) -> dict[str, Cells]:
    """A "Weights" sheet holding Figure 1's weights table; return its references."""
    ws = book.add_sheet("Weights")
    intro(ws, "Blend weights (Figure 1)", f"edit the yellow weights; {follows}")
    widths(ws, 30, 22, 3)
    ws.set_row(W_HEADER, 45)
    ws.freeze_panes(W_HEADER + 1, 1)
    return weights_block(ws, prefix)
