"""Reading a user's fund table into the catalog's canonical form.

Implements
----------
- :func:`read_user_table` -- a CSV or XLSX path, a DataFrame or rows of cells as a raw
  table, its header row kept as written (repeated headers are kept, so they can be
  refused rather than renamed ``Gold.1`` by pandas).
- :func:`normalize_catalog` -- headers matched loosely to the fact columns, any other
  header an asset class; numbers read as decimals or percent text and checked against
  :mod:`efficap.bounds`; dates read by :func:`efficap.dates.parse_date`.
- :data:`FACT_COLUMNS`, :data:`NUMERIC_FACTS`, :data:`DATE_FACTS`, :data:`TEXT_FACTS`.

A blank cell stays blank here (NaN for numbers, ``None`` for text and dates): what a
blank means (keep the built-in value, or 0 exposure for a new fund) is decided where the
user's rows are merged over the built-in catalog, :func:`efficap.catalog.load_catalog`.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from efficap.bounds import check_plausible
from efficap.dates import parse_date
from efficap.errors import CatalogError, DateError

__all__ = [
    "DATE_FACTS",
    "FACT_ALIASES",
    "FACT_COLUMNS",
    "NUMERIC_FACTS",
    "TEXT_FACTS",
    "header_key",
    "is_blank",
    "normalize_catalog",
    "read_user_table",
]

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
TEXT_FACTS: tuple[str, ...] = ("name", "objective", "source")

#: The plausibility field (:data:`efficap.bounds.BOUNDS`) each numeric fact is checked
#: against; asset-class columns are checked as ``"exposure"``.
_BOUND_OF: dict[str, str] = {
    "gross_expense_ratio": "expense_ratio",
    "net_expense_ratio": "expense_ratio",
    "sec_yield_subsidized": "yield",
    "sec_yield_unsubsidized": "yield",
}

# Headers users commonly type for the fact columns, after normalization by header_key.
FACT_ALIASES: dict[str, str] = {
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


def header_key(header: Any) -> str:
    """A header reduced to lower-case words joined by ``_`` (``"Net ER"`` -> ``net_er``)."""
    return re.sub(r"[^0-9a-z]+", "_", str(header).strip().lower()).strip("_")


def is_blank(value: Any) -> bool:
    """True for ``None``, NaN, NaT and whitespace-only text."""
    if value is None or value is pd.NaT:
        return True
    if isinstance(value, float) and np.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def read_user_table(catalog: Any) -> pd.DataFrame:
    """Return a user's catalog as a raw table with the header row as written.

    Parameters
    ----------
    catalog : str, Path, DataFrame, or list of rows
        A ``.csv``/``.xlsx`` path, a DataFrame (a ticker index is moved into a column),
        or rows of cells whose first row is the header (an Excel range).

    Raises
    ------
    CatalogError
        If the file is missing or unreadable, or the rows hold no fund.
    """
    if isinstance(catalog, pd.DataFrame):
        frame = catalog.copy()
        if frame.index.name and header_key(frame.index.name) in ("ticker", "symbol"):
            frame = frame.reset_index()
        return frame
    if isinstance(catalog, (list, tuple)):
        # Deprecated: rows of cells (an Excel range). The Excel layer is moving to pass
        # a DataFrame; this branch goes when it has.
        return _from_rows([list(r) if isinstance(r, (list, tuple)) else [r] for r in catalog])
    if not isinstance(catalog, (str, os.PathLike)):
        raise CatalogError(
            f"Catalog must be a file path, a table or rows of cells, got {catalog!r:.40}."
        )
    path = Path(catalog)
    if not path.is_file():
        raise CatalogError(f"Catalog file not found: {path}")
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            raw = pd.read_excel(path, dtype=object, header=None)
        else:
            raw = pd.read_csv(path, dtype=str, keep_default_na=False, header=None)
    except (OSError, ValueError) as exc:
        raise CatalogError(f"Cannot read catalog {path.name}: {exc}") from exc
    return _from_rows(raw.astype(object).to_numpy().tolist())


def _from_rows(rows: list[list[Any]]) -> pd.DataFrame:
    if len(rows) < 2:
        raise CatalogError("Catalog range needs a header row and at least one fund.")
    return pd.DataFrame(rows[1:], columns=rows[0])


def normalize_catalog(table: pd.DataFrame) -> pd.DataFrame:
    """Return a user's fund table in the catalog's canonical form, blanks kept blank.

    Headers are matched loosely (``"Net ER"``, ``"net expense ratio"`` and
    ``"net_expense_ratio"`` are the same fact); any other non-blank header is an asset
    class. Numbers may be decimals or percent text (``"0.20%"`` is 0.002); each must be
    plausible for its field (:func:`efficap.bounds.check_plausible`): an exposure of 90
    (meaning 90%) or a net expense ratio of 0.20 (meaning 0.20%) is refused, never read
    as 9000% or 20%. Dates are read by :func:`efficap.dates.parse_date` (``03/04/2026``
    is refused as ambiguous).

    Parameters
    ----------
    table : pandas.DataFrame
        One row per fund, with a ticker column.

    Returns
    -------
    pandas.DataFrame
        Indexed by upper-case ticker; the :data:`FACT_COLUMNS` then one column per asset
        class (exposure per $1 invested, decimals). Blank cells are NaN (numbers) or
        ``None`` (text, dates).

    Raises
    ------
    CatalogError
        On a missing ticker column, a blank-free table with no funds, a repeated ticker
        or column, text where a number belongs, an unreadable or ambiguous date.
    UnitsError
        On a number implausible for its field (almost surely a units mistake).
    """
    positions, names, headers = [], [], []
    for position, header in enumerate(table.columns):
        if is_blank(header) or not header_key(header):
            continue
        key = header_key(header)
        positions.append(position)
        names.append(FACT_ALIASES.get(key, _canonical_class(str(header).strip())))
        headers.append(str(header).strip())
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise CatalogError(f"Catalog has duplicate columns: {', '.join(repeated)}.")
    if "ticker" not in names:
        raise CatalogError("Catalog needs a 'Ticker' column.")
    table = table.iloc[:, positions].set_axis(names, axis=1)
    label = dict(zip(names, headers, strict=True))
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
        if column not in table.columns:
            out[column] = np.nan if column in NUMERIC_FACTS else None
            continue
        cells, what = table[column].items(), label[column]
        if column in NUMERIC_FACTS:
            out[column] = [_number(v, t, column, what, _BOUND_OF.get(column)) for t, v in cells]
        elif column in DATE_FACTS:
            out[column] = pd.Series([_date(v, t, column) for t, v in cells], index=out.index)
        else:
            out[column] = pd.Series([_text(v) for _, v in cells], index=out.index, dtype=object)
    for column in (c for c in table.columns if c not in FACT_COLUMNS):
        cells = table[column].items()
        out[column] = np.array(
            [_number(v, t, column, label[column], "exposure") for t, v in cells], dtype=float
        )
    return out


def _canonical_class(name: str) -> str:
    """Spell an asset class as the built-in catalog does, whatever the case."""
    return _known_classes().get(name.lower(), name)


@lru_cache(maxsize=1)
def _known_classes() -> dict[str, str]:
    with resources.files("efficap").joinpath("data/funds.csv").open("r", encoding="utf-8") as f:
        header = f.readline().strip().split(",")
    return {h.lower(): h for h in header if header_key(h) not in FACT_ALIASES}


def _ticker(value: Any) -> str | None:
    if is_blank(value):
        return None
    return str(value).strip().upper() or None


def _number(value: Any, ticker: str, column: str, header: str, bound: str | None) -> float:
    """A cell as a decimal; `column` names it in format errors, `header` in unit errors."""
    if is_blank(value):
        return np.nan
    if isinstance(value, bool):
        raise CatalogError(f"{ticker} {column}: expected a number, got {value!r}.")
    if isinstance(value, (int, float, np.number)):
        number = float(value)
    else:
        text = str(value).strip().replace(",", "")
        scale = 1.0
        if text.endswith("%"):
            text, scale = text[:-1].strip(), 0.01
        try:
            number = float(text) * scale
        except ValueError:
            raise CatalogError(f"{ticker} {column}: expected a number, got {value!r}.") from None
    if not np.isfinite(number):
        raise CatalogError(f"{ticker} {column}: expected a number, got {value!r}.")
    return number if bound is None else check_plausible(number, bound, f"{ticker} {header}")


_NUMERIC_DATE = re.compile(r"^\s*\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\s*$")


def _date(value: Any, ticker: str, column: str) -> pd.Timestamp | None:
    if is_blank(value):
        return None
    try:
        return parse_date(value, f"{ticker} {column}")
    except DateError as exc:
        if isinstance(value, str) and _NUMERIC_DATE.match(value):
            raise CatalogError(str(exc)) from None  # ambiguous, two-digit year, impossible
        raise CatalogError(f"{ticker} {column}: expected a date, got {value!r}.") from None


def _text(value: Any) -> str | None:
    return None if is_blank(value) else str(value).strip()
