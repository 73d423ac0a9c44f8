"""The fund catalog: what each fund costs, yields and holds per dollar.

Implements
----------
- :func:`builtin_catalog` -- the catalog shipped as package data (``data/funds.csv``).
- :class:`Catalog` -- the type of a complete (merged) catalog.
- :func:`load_catalog` -- the built-in catalog overridden or extended by a user's own
  (CSV path, XLSX path, DataFrame, or rows from an Excel range), cell by cell.
- :func:`normalize_catalog` -- turn a user's table into the catalog's canonical form
  (in :mod:`efficap._catalog_table`, with the file readers and unit checks).
- :func:`asset_classes`, :func:`resolve_asset_class` -- the asset-class columns.
- :func:`exposure_matrix` -- notional exposure per $1 invested, tickers x asset classes.
- :func:`fund_fact` -- one fact of one fund.

A catalog is a :class:`Catalog` (a :class:`pandas.DataFrame`) indexed by upper-case
ticker. Its columns are the fact columns in :data:`FACT_COLUMNS` (snake_case) followed
by one column per asset class (named as the research note names them, e.g.
``"U.S. Equities"``) holding the notional exposure per $1 invested as a decimal: NTSX
has 0.9 U.S. Equities and 0.6 U.S. Fixed Income. Expense ratios and yields are decimals
too (0.002 for 0.20%).

A user's row overrides only the cells it fills: a blank keeps the built-in value.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from efficap._catalog_table import (
    DATE_FACTS,
    FACT_ALIASES,
    FACT_COLUMNS,
    NUMERIC_FACTS,
    header_key,
    normalize_catalog,
    read_user_table,
)
from efficap.errors import CatalogError, UnknownTickerError

__all__ = [
    "DATE_FACTS",
    "FACT_COLUMNS",
    "FACT_LABELS",
    "NUMERIC_FACTS",
    "Catalog",
    "CatalogLike",
    "asset_classes",
    "builtin_catalog",
    "check_tickers",
    "exposure_matrix",
    "fund_fact",
    "load_catalog",
    "normalize_catalog",
    "resolve_asset_class",
    "resolve_field",
]


class Catalog(pd.DataFrame):
    """A complete fund catalog: the built-in one with any user rows merged over it.

    Only :func:`load_catalog` and :func:`builtin_catalog` make one. Every function that
    takes a ``catalog`` argument uses a :class:`Catalog` as it is, while a plain
    DataFrame is always read as a user's rows to merge over the built-in catalog. So a
    slice such as ``load_catalog().loc[["IVV", "AGG"]]`` (a plain DataFrame: anything
    derived from a Catalog, a copy included, is one) overrides those two funds and keeps
    every other built-in fund, instead of standing in for the whole catalog.

    It is a :class:`pandas.DataFrame` indexed by upper-case ticker: the fact columns in
    :data:`FACT_COLUMNS` then one column per asset class holding the notional exposure
    per $1 invested (decimals). Treat it as read-only; to change a fact, pass a user
    catalog to :func:`load_catalog`.
    """

    @property
    def _constructor(self) -> type[pd.DataFrame]:
        return pd.DataFrame  # a slice or copy is user rows again, never a full catalog


# Excel ranges arrive as lists of rows. Deprecated here: the Excel layer is moving to
# hand load_catalog a DataFrame, after which lists of rows will no longer be accepted.
CatalogLike = str | Path | pd.DataFrame | list | None


@lru_cache(maxsize=1)
def _builtin() -> pd.DataFrame:
    with resources.files("efficap").joinpath("data/funds.csv").open("r", encoding="utf-8") as f:
        table = normalize_catalog(pd.read_csv(f, dtype=str, keep_default_na=False))
    return _finish(table)


def builtin_catalog() -> Catalog:
    """Return a copy of the built-in fund catalog.

    Returns
    -------
    Catalog
        Indexed by ticker; fact columns then asset-class exposure columns (decimals).
    """
    return Catalog(_builtin().copy())


def load_catalog(catalog: CatalogLike = None) -> Catalog:
    """Return the built-in catalog, overridden and extended by a user's catalog.

    Parameters
    ----------
    catalog : None, Catalog, str, Path, DataFrame or list of rows, optional
        ``None`` gives the built-in catalog; a :class:`Catalog` is returned as it is.
        Anything else is a user catalog: a path to a ``.csv`` or ``.xlsx`` file, a
        DataFrame, or a list of rows whose first row is the header (an Excel range),
        with a ticker column and any of the fact and asset-class columns.

        The merge rule: a user row for a fund the built-in catalog has overrides only
        the cells it fills; a blank cell keeps the built-in value (write 0 for no
        exposure). A row for a new fund adds it, its blank exposures meaning 0; it must
        give at least one exposure. An asset-class column the built-in catalog lacks
        is added, 0 for every fund the user does not fill it for.

    Returns
    -------
    Catalog
        The merged catalog.

    Raises
    ------
    CatalogError
        If the user catalog cannot be read or is malformed, or a new fund has no
        exposures.
    UnitsError
        If a number is implausible for its column (an exposure of 90, a net expense
        ratio of 0.20: write 90% or 0.9, 0.20% or 0.002).
    """
    if isinstance(catalog, Catalog):
        return catalog
    base = _builtin()
    if catalog is None:
        return Catalog(base.copy())
    user = normalize_catalog(read_user_table(catalog))
    return Catalog(_finish(_merge(base, user)))


def _merge(base: pd.DataFrame, user: pd.DataFrame) -> pd.DataFrame:
    """User rows over the built-in ones, cell by cell (blank keeps the built-in cell)."""
    classes = [*asset_classes(base), *(c for c in asset_classes(user) if c not in base)]
    columns = [*FACT_COLUMNS, *classes]
    user = user.reindex(columns=columns)
    new = [t for t in user.index if t not in base.index]
    given = user.loc[new, classes].notna().any(axis=1)
    if not given.all():
        missing = ", ".join(given.index[~given])
        raise CatalogError(
            f"New fund {missing} has no exposures: give its exposure per $1 in an "
            "asset-class column (0.9 or 90% for 90 cents a dollar)."
        )
    merged = base.reindex(columns=columns).astype(object)
    known = [t for t in user.index if t in base.index]
    if known:
        update = user.loc[known].astype(object)
        merged.loc[known] = update.where(update.notna(), merged.loc[known])
    if new:
        merged = pd.concat([merged, user.loc[new].astype(object)])
    return merged


def _finish(table: pd.DataFrame) -> pd.DataFrame:
    """Blank exposures to 0, blank text to "", each column to its dtype."""
    out = pd.DataFrame(index=pd.Index(table.index, name="ticker"))
    for column in table.columns:
        values = table[column]
        if column in NUMERIC_FACTS or column not in FACT_COLUMNS:
            numbers = pd.to_numeric(values, errors="raise").astype(float)
            out[column] = numbers if column in NUMERIC_FACTS else numbers.fillna(0.0)
        elif column in DATE_FACTS:
            out[column] = [None if pd.isna(v) else pd.Timestamp(v) for v in values]
        else:
            out[column] = ["" if v is None or pd.isna(v) else str(v) for v in values]
    return out


def asset_classes(catalog: pd.DataFrame) -> list[str]:
    """Return the catalog's asset-class columns in catalog order."""
    return [c for c in catalog.columns if c not in FACT_COLUMNS]


def resolve_asset_class(catalog: pd.DataFrame, name: str) -> str:
    """Return the catalog's spelling of asset class `name` (case-insensitive).

    Raises
    ------
    CatalogError
        If no asset class of that name is in the catalog.
    """
    classes = asset_classes(catalog)
    lookup = {c.lower(): c for c in classes}
    found = lookup.get(str(name).strip().lower())
    if found is None:
        raise CatalogError(f"Unknown asset class '{name}'. Known: {', '.join(classes)}.")
    return found


def check_tickers(catalog: pd.DataFrame, tickers: list[str]) -> None:
    """Raise UnknownTickerError naming every ticker missing from the catalog."""
    missing = [t for t in tickers if t not in catalog.index]
    if missing:
        raise UnknownTickerError(
            f"Unknown ticker{'s' if len(missing) > 1 else ''}: {', '.join(missing)}. "
            "Add it to a catalog table or check the spelling."
        )


def exposure_matrix(catalog: pd.DataFrame, tickers: list[str]) -> pd.DataFrame:
    """Return notional exposure per $1 invested, one row per ticker, one column per class.

    Parameters
    ----------
    catalog : pandas.DataFrame
        A catalog from :func:`load_catalog`.
    tickers : list of str
        Upper-case tickers, in the order wanted.

    Raises
    ------
    UnknownTickerError
        If a ticker is not in the catalog.
    """
    check_tickers(catalog, tickers)
    return catalog.loc[tickers, asset_classes(catalog)].astype(float)


FACT_LABELS: dict[str, str] = {
    "name": "Fund",
    "inception": "Inception",
    "gross_expense_ratio": "Total expense ratio (gross)",
    "net_expense_ratio": "Total expense ratio (net)",
    "sec_yield_subsidized": "SEC 30-day yield (subsidized)",
    "sec_yield_unsubsidized": "SEC 30-day yield (unsubsidized)",
    "total_assets_musd": "Total assets ($ millions)",
    "assets_as_of": "Assets as of",
    "objective": "Objective",
    "source": "Source",
}


def resolve_field(catalog: pd.DataFrame, field: str) -> str:
    """Return the catalog column named by `field` (a fact alias or an asset class).

    Raises
    ------
    CatalogError
        If `field` names neither a fact nor an asset class.
    """
    key = header_key(field)
    if key in FACT_ALIASES and FACT_ALIASES[key] != "ticker":
        return FACT_ALIASES[key]
    try:
        return resolve_asset_class(catalog, field)
    except CatalogError:
        facts = ", ".join(FACT_COLUMNS)
        raise CatalogError(
            f"Unknown field '{field}'. Use one of: {facts}, or an asset class."
        ) from None


def fund_fact(ticker: str, field: str, catalog: CatalogLike = None) -> Any:
    """Return one catalog fact of one fund.

    Parameters
    ----------
    ticker : str
        Fund ticker (case-insensitive).
    field : str
        A fact column (``"net_expense_ratio"``, ``"Net ER"``, ``"inception"``...) or an
        asset class (``"U.S. Equities"``) for that exposure.
    catalog : optional
        User catalog; see :func:`load_catalog`.

    Returns
    -------
    float, pandas.Timestamp, str or None
        Decimals for ratios, yields and exposures; ``None`` where the catalog is blank.

    Raises
    ------
    UnknownTickerError, CatalogError
    """
    table = load_catalog(catalog)
    symbol = str(ticker).strip().upper()
    check_tickers(table, [symbol])
    value = table.at[symbol, resolve_field(table, field)]
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, np.floating):
        return float(value)
    return value
