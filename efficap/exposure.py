"""Exposure decomposition: fund weights to notional exposure by asset class.

Implements
----------
- :func:`exposures` -- notional exposure per asset class of one portfolio.
- :func:`total_notional` -- the sum of those exposures.
- :func:`financing` -- 1 - total notional (negative = embedded borrowing).
- :func:`exposure_report` -- exposures plus total notional and financing, one Series.
- :func:`exposure_table` -- the report for several portfolios side by side (Figure 1).

Exposure is linear in the weights: exposure[c] = sum over funds of weight * exposure of
one dollar of the fund to class c, with weights and exposures as decimals.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from efficap._validate import WeightsLike, as_weights
from efficap.catalog import CatalogLike, exposure_matrix, load_catalog, resolve_asset_class
from efficap.catalog import asset_classes as catalog_asset_classes

TOTAL_NOTIONAL = "Total Notional"
FINANCING = "Financing"


def exposures(
    weights: WeightsLike,
    catalog: CatalogLike = None,
    asset_classes: Sequence[str] | None = None,
) -> pd.Series:
    """Return the notional exposure of a portfolio by asset class.

    Parameters
    ----------
    weights : mapping or Series
        Ticker -> weight as a decimal of capital (0.24 for 24%).
    catalog : optional
        User catalog overriding or extending the built-in one; see
        :func:`efficap.catalog.load_catalog`.
    asset_classes : sequence of str, optional
        Classes to report, in this order (case-insensitive). By default every class
        in which a held fund has exposure, in catalog order.

    Returns
    -------
    pandas.Series
        Exposure per asset class as decimals, named "Exposure".

    Raises
    ------
    WeightsError, UnknownTickerError, CatalogError

    Examples
    --------
    >>> exposures({"IVV": 0.24, "NTSX": 0.40, "AGG": 0.16, "WTMF": 0.20}).round(4).to_dict()
    {'U.S. Equities': 0.6, 'U.S. Fixed Income': 0.4, 'Managed Futures': 0.2}
    """
    table = load_catalog(catalog)
    w = as_weights(weights)
    matrix = exposure_matrix(table, list(w.index))
    by_class = pd.Series(w.to_numpy() @ matrix.to_numpy(), index=matrix.columns, name="Exposure")
    if asset_classes is None:
        held = matrix.loc[w.index[w != 0]]
        return by_class[(held != 0).any(axis=0)]
    return by_class[[resolve_asset_class(table, c) for c in asset_classes]]


def total_notional(weights: WeightsLike, catalog: CatalogLike = None) -> float:
    """Return a portfolio's total notional exposure (sum over all asset classes), a decimal.

    Examples
    --------
    >>> round(total_notional({"IVV": 0.24, "NTSX": 0.40, "AGG": 0.16, "WTMF": 0.20}), 4)
    1.2
    """
    return float(exposures(weights, catalog).sum())


def financing(weights: WeightsLike, catalog: CatalogLike = None) -> float:
    """Return 1 - total notional: negative means embedded borrowing (as Morningstar shows it)."""
    return 1.0 - total_notional(weights, catalog)


def exposure_report(
    weights: WeightsLike,
    catalog: CatalogLike = None,
    asset_classes: Sequence[str] | None = None,
) -> pd.Series:
    """Return exposures by asset class followed by "Total Notional" and "Financing".

    Total notional sums every asset class the portfolio holds, including any left out
    of `asset_classes`. Parameters and errors as :func:`exposures`.
    """
    table = load_catalog(catalog)
    all_classes = exposures(weights, table)
    shown = all_classes if asset_classes is None else exposures(weights, table, asset_classes)
    notional = float(all_classes.sum())
    extra = pd.Series({TOTAL_NOTIONAL: notional, FINANCING: 1.0 - notional})
    return pd.concat([shown, extra]).rename("Exposure")


def exposure_table(
    portfolios: Mapping[str, WeightsLike],
    catalog: CatalogLike = None,
    asset_classes: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Return :func:`exposure_report` for several portfolios, one column each.

    Rows are the union of the classes the portfolios hold (catalog order) unless
    `asset_classes` is given, then "Total Notional" and "Financing".
    """
    table = load_catalog(catalog)
    if asset_classes is None:
        held = set()
        for weights in portfolios.values():
            held.update(exposures(weights, table).index)
        asset_classes = [c for c in catalog_asset_classes(table) if c in held]
    columns = {
        name: exposure_report(weights, table, asset_classes) for name, weights in portfolios.items()
    }
    return pd.DataFrame(columns)
