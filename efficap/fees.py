"""Weighted fund facts of a portfolio: expense ratio, SEC yield.

Implements
----------
- :func:`weighted_fact` -- sum of weight x fact over the funds, e.g. the weighted net
  expense ratio (the efficient blend of Figure 1: 0.224%).
- :data:`FEE_FIELDS` -- the facts it makes sense to weight.
"""

from __future__ import annotations

import numpy as np

from efficap._validate import WeightsLike, as_weights
from efficap.catalog import NUMERIC_FACTS, CatalogLike, check_tickers, load_catalog, resolve_field
from efficap.errors import CatalogError

FEE_FIELDS: tuple[str, ...] = tuple(f for f in NUMERIC_FACTS if f != "total_assets_musd")


def weighted_fact(
    weights: WeightsLike, field: str = "net_expense_ratio", catalog: CatalogLike = None
) -> float:
    """Return the capital-weighted average of one fund fact, as a decimal.

    Parameters
    ----------
    weights : mapping or Series
        Ticker -> weight as a decimal of capital.
    field : str
        One of :data:`FEE_FIELDS` or an alias (``"net ER"``, ``"gross ER"``,
        ``"SEC yield"``). Default: net expense ratio.
    catalog : optional
        User catalog overriding or extending the built-in one.

    Returns
    -------
    float
        sum(weight x fact): 0.00224 for 24% IVV, 40% NTSX, 16% AGG, 20% WTMF at net
        expense ratios 0.03%, 0.20%, 0.03%, 0.66%. Weights need not add up to 1
        (uninvested cash costs and yields nothing).

    Raises
    ------
    WeightsError, UnknownTickerError
    CatalogError
        If `field` is not a weightable fact, or a fund with nonzero weight lacks it.

    Examples
    --------
    >>> round(weighted_fact({"IVV": 0.24, "NTSX": 0.40, "AGG": 0.16, "WTMF": 0.20}), 6)
    0.00224
    """
    table = load_catalog(catalog)
    column = resolve_field(table, field)
    if column not in FEE_FIELDS:
        raise CatalogError(f"Cannot weight '{field}'. Use one of: {', '.join(FEE_FIELDS)}.")
    w = as_weights(weights)
    check_tickers(table, list(w.index))
    held = w[w != 0]
    values = table.loc[held.index, column].astype(float)
    missing = list(values.index[np.isnan(values.to_numpy())])
    if missing:
        raise CatalogError(
            f"No {column.replace('_', ' ')} in the catalog for {', '.join(missing)}."
        )
    return float(held.to_numpy() @ values.to_numpy())
