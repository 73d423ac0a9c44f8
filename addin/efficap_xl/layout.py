"""Sheet layouts shared by the template workbooks and the ribbon actions.

Implements :data:`PRICES_SHEET` and :data:`PRICES_MARKER`, and :func:`is_marker`.

A price sheet efficap lays out (the Figure 2 template's, or one *Refresh prices*
wrote) has ``Date`` in A1, one ticker per column from B1, one blank column, and then
the marker cell in row 1: the heading of its how-to note. *Refresh prices* writes only
into a ``Prices`` sheet that carries the marker; any other sheet of that name is the
user's, and the prices go to a new sheet instead.
"""

from __future__ import annotations

from typing import Any

__all__ = ["PRICES_MARKER", "PRICES_SHEET", "is_marker"]

PRICES_SHEET = "Prices"
PRICES_MARKER = "efficap price sheet: how to use"


def is_marker(value: Any) -> bool:
    """Whether a cell holds the price-sheet marker (spaces and case aside)."""
    return isinstance(value, str) and value.strip().lower() == PRICES_MARKER.lower()
