"""The Figure 1 template, "Adding vs. Replacing": weights in, exposures out, and a solve.

Implements :func:`build_figure1`: the note's three portfolios as yellow input weights
(A4:D9), their exposures by asset class (one ``EFFCAP_EXPOSURE`` spill per portfolio,
aligned with the class labels) and total notional (``EFFCAP_NOTIONAL``), and a solve
block: targets 60/40/20 in, ``EFFCAP_SOLVE`` weights out (24/40/16/20).
"""

from __future__ import annotations

import os
from pathlib import Path

from efficap.figures import FIGURE1_CLASSES, FIGURE1_FUNDS
from efficap_xl.build.templates.blocks import intro, ticker_validation, weights_block, widths
from efficap_xl.build.templates.common import (
    PORTFOLIO_NAMES,
    SOURCE,
    W_FIRST,
    W_HEADER,
    W_TOTAL,
    Book,
    write_workbook,
)

__all__ = ["SHEET", "SOLVE_TARGETS", "build_figure1"]

SHEET = "Figure 1"
#: The solve block's targets, in FIGURE1_CLASSES order (decimals of capital).
SOLVE_TARGETS = (0.60, 0.40, 0.20)

# Layout (0-based rows): exposures table, then the solve block.
_E_HEADER = W_TOTAL + 3  # Excel row 12
_E_FIRST = _E_HEADER + 1  # Excel row 13
_E_TOTAL = _E_FIRST + len(FIGURE1_CLASSES)  # Excel row 16
_S_TITLE = _E_TOTAL + 3  # Excel row 19
_S_HEADER = _S_TITLE + 1
_S_FIRST = _S_HEADER + 1  # targets, Excel rows 21-23
_S_FUND_HEADER = _S_FIRST + len(FIGURE1_CLASSES) + 1
_S_FUND_FIRST = _S_FUND_HEADER + 1  # tickers and solved weights, Excel rows 26-29


def _figure1(book: Book) -> None:
    st = book.st
    ws = book.add_sheet(SHEET)
    intro(
        ws,
        "Figure 1: Adding vs. Replacing",
        "edit the yellow weights (decimals of capital, 100% each) to see the notional "
        "exposures they produce; edit the yellow targets to solve for fund weights. "
        "Formulas need the efficap add-in; without it the cells show the saved values.",
    )
    widths(ws, 30, 22, 3)
    ws.set_row(W_HEADER, 45)
    ws.set_row(_E_HEADER, 45)
    ws.freeze_panes(W_HEADER + 1, 1)
    refs = weights_block(ws, "Fig1_")

    # Exposures: one EFFCAP_EXPOSURE per portfolio, aligned with the class labels.
    ws.write(_E_HEADER, 0, "Exposure", st.header)
    for i, name in enumerate(FIGURE1_CLASSES):
        ws.write(_E_FIRST + i, 0, name, st.bold)
    ws.write(_E_TOTAL, 0, "Total notional", st.total_label)
    classes = ws.cells(_E_FIRST, 0, _E_TOTAL - 1, 0)
    for j, name in enumerate(PORTFOLIO_NAMES, start=1):
        ws.write(_E_HEADER, j, name, st.header)
        weights = ws.cells(W_FIRST, j, W_TOTAL - 1, j, row_abs=False, col_abs=False)
        held = {"tickers": refs["tickers"], "weights": weights}
        ws.call(_E_FIRST, j, "EFFCAP_EXPOSURE", st.pct, **held, asset_classes=classes)
        ws.call(_E_TOTAL, j, "EFFCAP_NOTIONAL", st.pct_total, **held)
    ws.write(_E_TOTAL + 1, 0, SOURCE, st.note)
    book.define_name("Fig1_Classes", classes)

    # Solve block: targets in, weights out.
    ws.write(_S_TITLE, 0, "Solve for weights: target exposures in, fund weights out", st.bold)
    ws.write(_S_HEADER, 0, "Asset class", st.header)
    ws.write(_S_HEADER, 1, "Target", st.header)
    for i, (name, target) in enumerate(zip(FIGURE1_CLASSES, SOLVE_TARGETS, strict=True)):
        ws.write(_S_FIRST + i, 0, name, st.bold)
        ws.write(_S_FIRST + i, 1, target, st.pct_in)
    last_target = _S_FIRST + len(FIGURE1_CLASSES) - 1
    ws.write(_S_FUND_HEADER, 0, "Fund", st.header)
    ws.write(_S_FUND_HEADER, 1, "Weight", st.header)
    for i, ticker in enumerate(FIGURE1_FUNDS):
        ws.write(_S_FUND_FIRST + i, 0, ticker, st.text_in)
    last_fund = _S_FUND_FIRST + len(FIGURE1_FUNDS) - 1
    ticker_validation(ws, _S_FUND_FIRST, 0, last_fund, 0)
    solve = {
        "asset_classes": ws.cells(_S_FIRST, 0, last_target, 0),
        "targets": ws.cells(_S_FIRST, 1, last_target, 1),
        "tickers": ws.cells(_S_FUND_FIRST, 0, last_fund, 0),
    }
    weights = ws.call(_S_FUND_FIRST, 1, "EFFCAP_SOLVE", st.pct, **solve)
    ws.write(last_fund + 1, 0, "Total", st.total_label)
    total = ws.cells(_S_FUND_FIRST, 1, last_fund, 1, row_abs=False, col_abs=False)
    ws.plain_formula(
        last_fund + 1, 1, f"=SUM({total.text})", st.pct_total, sum(row[0] for row in weights)
    )
    ws.write(last_fund + 2, 0, SOURCE, st.note)
    book.define_name("Solve_Classes", solve["asset_classes"])
    book.define_name("Solve_Targets", solve["targets"])
    book.define_name("Solve_Tickers", solve["tickers"])


def build_figure1(path: str | os.PathLike[str], force: bool = False) -> Path:
    """Write the Figure 1 template ("Adding vs. Replacing") to `path`.

    Raises
    ------
    OverwriteError
        If `path` exists, differs from the template and `force` is False.
    """
    return write_workbook(path, _figure1, force)
