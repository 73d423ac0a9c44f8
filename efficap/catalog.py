"""The fund catalog: what each fund costs, yields and holds per dollar.

Implements
----------
- :func:`builtin_catalog` -- the catalog shipped as package data (``data/funds.csv``).
- :func:`load_catalog` -- the built-in catalog overridden or extended by a user's own
  (CSV path, XLSX path, DataFrame, or rows from an Excel range).
- :func:`normalize_catalog` -- turn a user's table into the catalog's canonical form.
- :func:`asset_classes`, :func:`resolve_asset_class` -- the asset-class columns.
- :func:`exposure_matrix` -- notional exposure per $1 invested, tickers x asset classes.
- :func:`fund_fact` -- one fact of one fund.

A catalog is a :class:`pandas.DataFrame` indexed by upper-case ticker. Its columns are
the fact columns in :data:`FACT_COLUMNS` (snake_case) followed by one column per asset
class (named as the research note names them, e.g. ``"U.S. Equities"``) holding the
notional exposure per $1 invested as a decimal: NTSX has 0.9 U.S. Equities and 0.6
U.S. Fixed Income. Expense ratios and yields are decimals too (0.002 for 0.20%).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from efficap.errors import CatalogError, UnknownTickerError

FACT_COLUMNS: tuple[str, ...] = (
    "name",
    "inception",
    "gross_expense_ratio",
    "net_expense_ratio",
    "sec_yield_subsidized",
    "sec_yield_unsubsidized",
    "total_assets_musd",
    "assets_as_of",
    "objective",
    "source",
)
NUMERIC_FACTS: tuple[str, ...] = (
    "gross_expense_ratio",
    "net_expense_ratio",
    "sec_yield_subsidized",
    "sec_yield_unsubsidized",
    "total_assets_musd",
)
DATE_FACTS: tuple[str, ...] = ("inception", "assets_as_of")

# Headers users commonly type for the fact columns, after normalization by _header_key.
_FACT_ALIASES: dict[str, str] = {
    "ticker": "ticker",
    "symbol": "ticker",
    "fund": "name",
    "fund_name": "name",
    "inception_date": "inception",
    "gross_er": "gross_expense_ratio",
    "net_er": "net_expense_ratio",
    "expense_ratio": "net_expense_ratio",
    "er": "net_expense_ratio",
    "sec_yield": "sec_yield_subsidized",
    "sec_30_day_yield": "sec_yield_subsidized",
    "total_assets": "total_assets_musd",
    "total_assets_m": "total_assets_musd",
    "total_assets_millions": "total_assets_musd",
    "assets": "total_assets_musd",
    **{name: name for name in FACT_COLUMNS},
}

CatalogLike = str | Path | pd.DataFrame | list | None


def _header_key(header: Any) -> str:
    return re.sub(r"[^0-9a-z]+", "_", str(header).strip().lower()).strip("_")


@lru_cache(maxsize=1)
def _builtin() -> pd.DataFrame:
    with resources.files("efficap").joinpath("data/funds.csv").open("r", encoding="utf-8") as f:
        return normalize_catalog(pd.read_csv(f, dtype=str, keep_default_na=False))


def builtin_catalog() -> pd.DataFrame:
    """Return a copy of the built-in fund catalog.

    Returns
    -------
    pandas.DataFrame
        Indexed by ticker; fact columns then asset-class exposure columns (decimals).
    """
    return _builtin().copy()


def load_catalog(catalog: CatalogLike = None) -> pd.DataFrame:
    """Return the built-in catalog, overridden and extended by a user's catalog.

    Parameters
    ----------
    catalog : None, str, Path, DataFrame or list of rows, optional
        ``None`` gives the built-in catalog. A path to a ``.csv`` or ``.xlsx`` file, a
        DataFrame, or a list of rows whose first row is the header (as an Excel range
        arrives) gives a user catalog with a ``ticker`` column and any of the fact and
        asset-class columns. A user row replaces the built-in row of the same ticker
        whole (blank exposures mean 0), and new tickers are added.

    Returns
    -------
    pandas.DataFrame
        The merged catalog.

    Raises
    ------
    CatalogError
        If the user catalog cannot be read or is malformed.
    """
    base = _builtin()
    if catalog is None:
        merged = base.copy()
        merged.attrs["efficap_catalog"] = True
        return merged
    if isinstance(catalog, pd.DataFrame) and catalog.attrs.get("efficap_catalog"):
        return catalog
    user = normalize_catalog(_read_user_catalog(catalog))
    merged = pd.concat([base.drop(index=user.index, errors="ignore"), user], sort=False)
    classes = [c for c in merged.columns if c not in FACT_COLUMNS]
    merged[classes] = merged[classes].fillna(0.0)
    merged = merged[[*FACT_COLUMNS, *classes]]
    merged.attrs["efficap_catalog"] = True
    return merged


def _read_user_catalog(catalog: Any) -> pd.DataFrame:
    if isinstance(catalog, pd.DataFrame):
        frame = catalog.copy()
        if frame.index.name and _header_key(frame.index.name) in ("ticker", "symbol"):
            frame = frame.reset_index()
        return frame
    if isinstance(catalog, (list, tuple)):
        rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in catalog]
        if len(rows) < 2:
            raise CatalogError("Catalog range needs a header row and at least one fund.")
        return pd.DataFrame(rows[1:], columns=rows[0])
    path = Path(catalog)
    if not path.is_file():
        raise CatalogError(f"Catalog file not found: {path}")
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            return pd.read_excel(path, dtype=object)
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError) as exc:
        raise CatalogError(f"Cannot read catalog {path.name}: {exc}") from exc


def normalize_catalog(table: pd.DataFrame) -> pd.DataFrame:
    """Return a user's fund table in the catalog's canonical form.

    Headers are matched loosely (``"Net ER"``, ``"net expense ratio"`` and
    ``"net_expense_ratio"`` are the same fact); any other non-blank header is an asset
    class. Numbers may be decimals or percent text (``"0.20%"``); blank exposures are 0.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per fund, with a ticker column.

    Returns
    -------
    pandas.DataFrame
        Indexed by upper-case ticker.

    Raises
    ------
    CatalogError
        On a missing ticker column, a blank or duplicate ticker, or text where a number
        belongs.
    """
    rename: dict[Any, str] = {}
    for header in table.columns:
        if header is None or (isinstance(header, float) and np.isnan(header)):
            continue
        key = _header_key(header)
        if not key:
            continue
        rename[header] = _FACT_ALIASES.get(key, _canonical_class(str(header).strip()))
    table = table[list(rename)].rename(columns=rename)
    if table.columns.duplicated().any():
        dupes = sorted(set(table.columns[table.columns.duplicated()]))
        raise CatalogError(f"Catalog has duplicate columns: {', '.join(dupes)}.")
    if "ticker" not in table.columns:
        raise CatalogError("Catalog needs a 'Ticker' column.")
    tickers = [_ticker(t) for t in table["ticker"]]
    keep = [t is not None for t in tickers]
    table = table.loc[keep].copy()
    table.index = pd.Index([t for t in tickers if t is not None], name="ticker")
    table = table.drop(columns="ticker")
    if table.empty:
        raise CatalogError("Catalog has no funds.")
    if table.index.duplicated().any():
        dupes = sorted(set(table.index[table.index.duplicated()]))
        raise CatalogError(f"Catalog lists {', '.join(dupes)} more than once.")

    out = pd.DataFrame(index=table.index)
    for column in FACT_COLUMNS:
        values = table[column] if column in table.columns else pd.Series(None, index=table.index)
        if column in NUMERIC_FACTS:
            out[column] = [_number(v, t, column) for t, v in values.items()]
        elif column in DATE_FACTS:
            out[column] = [_date(v, t, column) for t, v in values.items()]
        else:
            out[column] = [_text(v) for v in values]
    for column in (c for c in table.columns if c not in FACT_COLUMNS):
        exposures = [_number(v, t, column) for t, v in table[column].items()]
        out[column] = np.nan_to_num(np.array(exposures, dtype=float), nan=0.0)
    return out


def _canonical_class(name: str) -> str:
    """Spell an asset class as the built-in catalog does, whatever the case."""
    known = _known_classes()
    return known.get(name.lower(), name)


@lru_cache(maxsize=1)
def _known_classes() -> dict[str, str]:
    with resources.files("efficap").joinpath("data/funds.csv").open("r", encoding="utf-8") as f:
        header = f.readline().strip().split(",")
    facts = set(_FACT_ALIASES)
    return {h.lower(): h for h in header if _header_key(h) not in facts}


def _ticker(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip().upper()
    return text or None


def _is_blank(value: Any) -> bool:
    if value is None or value is pd.NaT:
        return True
    if isinstance(value, float) and np.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _number(value: Any, ticker: str, column: str) -> float:
    if _is_blank(value):
        return np.nan
    if isinstance(value, bool):
        raise CatalogError(f"{ticker} {column}: expected a number, got {value!r}.")
    if isinstance(value, (int, float, np.number)):
        return float(value)
    text = str(value).strip().replace(",", "")
    scale = 1.0
    if text.endswith("%"):
        text, scale = text[:-1].strip(), 0.01
    try:
        return float(text) * scale
    except ValueError:
        raise CatalogError(f"{ticker} {column}: expected a number, got {value!r}.") from None


def _date(value: Any, ticker: str, column: str) -> pd.Timestamp | None:
    if _is_blank(value):
        return None
    try:
        return pd.Timestamp(value).normalize()
    except (ValueError, TypeError):
        raise CatalogError(f"{ticker} {column}: expected a date, got {value!r}.") from None


def _text(value: Any) -> str:
    return "" if _is_blank(value) else str(value).strip()


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
    key = _header_key(field)
    if key in _FACT_ALIASES and _FACT_ALIASES[key] != "ticker":
        return _FACT_ALIASES[key]
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
