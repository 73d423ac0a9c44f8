"""Proxy funds: which real fund stands in for each asset class in a simulated history.

Implements

- :func:`proxy_table` -- the table shipped as package data (``data/proxies.csv``), its
  rows replaced class by class by a caller's mapping, DataFrame or CSV file.
- :func:`proxy_chains` -- asset class -> proxy tickers in order of preference.

A proxy table has one row per (asset class, proxy): ``asset_class`` as the catalog
spells it (case-insensitive), ``rank`` (1 = preferred; an older fund of higher rank
extends the history back before the preferred one's first close), ``ticker`` (blank:
the class has no proxy, and ``reason`` says why) and ``reason`` (what the proxy stands
for and where its history comes from). Used by :mod:`efficap.simulate`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from efficap.errors import SimulationError

__all__ = ["ProxiesLike", "proxy_chains", "proxy_table"]

ProxiesLike = pd.DataFrame | str | Path | Mapping[str, str | Sequence[str] | None] | None


@lru_cache(maxsize=1)
def _builtin_proxies() -> pd.DataFrame:
    with resources.files("efficap").joinpath("data/proxies.csv").open("r", encoding="utf-8") as f:
        return _normalize_proxies(pd.read_csv(f, dtype=str, keep_default_na=False))


def proxy_table(proxies: ProxiesLike = None) -> pd.DataFrame:
    """Return the proxy table: the built-in rows, replaced class by class by the caller's.

    Parameters
    ----------
    proxies : None, mapping, DataFrame, str or Path, optional
        A mapping ``{asset class: ticker, list of tickers (newest first) or None}``, or
        a table (DataFrame or CSV path) with columns ``asset_class``, ``ticker`` and
        optionally ``rank`` (else row order) and ``reason``. The classes it names lose
        their built-in rows; ``None`` or a blank ticker means "no proxy".

    Returns
    -------
    pandas.DataFrame
        Columns ``asset_class``, ``rank``, ``ticker`` ("" = none), ``reason``.

    Raises
    ------
    SimulationError
        If the table cannot be read or lacks those columns.
    """
    base = _builtin_proxies()
    if proxies is None:
        return base.copy()
    if isinstance(proxies, Mapping):
        rows = [
            [cls, rank, ticker, "given by the caller"]
            for cls, value in proxies.items()
            for rank, ticker in enumerate(
                [value] if value is None or isinstance(value, str) else list(value) or [None], 1
            )
        ]
        user = pd.DataFrame(rows, columns=["asset_class", "rank", "ticker", "reason"])
    elif isinstance(proxies, pd.DataFrame):
        user = proxies
    elif isinstance(proxies, (str, Path)) and Path(proxies).is_file():
        try:
            user = pd.read_csv(proxies, dtype=str, keep_default_na=False)
        except (OSError, ValueError) as exc:
            raise SimulationError(f"Cannot read proxy table {Path(proxies).name}: {exc}") from None
    else:
        raise SimulationError(f"Proxies: pass a mapping, a table or a CSV path, not {proxies!r}.")
    user = _normalize_proxies(user)
    keep = ~base["asset_class"].str.lower().isin(user["asset_class"].str.lower())
    return pd.concat([base[keep], user], ignore_index=True)


def _normalize_proxies(table: pd.DataFrame) -> pd.DataFrame:
    table = table.rename(columns=lambda c: str(c).strip().lower().replace(" ", "_"))
    if not {"asset_class", "ticker"} <= set(table.columns):
        raise SimulationError("Proxy table needs 'asset_class' and 'ticker' columns.")
    text = {c: table[c].map(lambda v: "" if v is None or v != v else str(v).strip()) for c in table}
    out = pd.DataFrame({"asset_class": text["asset_class"], "ticker": text["ticker"].str.upper()})
    if (out["asset_class"] == "").any():
        raise SimulationError("Proxy table has a row without an asset class.")
    rank = pd.to_numeric(text["rank"], errors="coerce") if "rank" in text else np.nan
    out["rank"] = pd.Series(rank, index=out.index, dtype=float).fillna(
        pd.Series(np.arange(1.0, len(out) + 1), index=out.index)
    )
    out["reason"] = text.get("reason", "")
    _refuse_duplicates(out)
    key = out["asset_class"].str.lower()
    out["_order"] = key.map({c: i for i, c in enumerate(dict.fromkeys(key))})
    out = out.sort_values(["_order", "rank"], kind="stable")
    return out[["asset_class", "rank", "ticker", "reason"]].reset_index(drop=True)


def _refuse_duplicates(table: pd.DataFrame) -> None:
    """Refuse an asset class listed twice at one rank, with one ticker twice, or both
    without a proxy (a blank ticker) and with one; the message names both rows."""
    key = table["asset_class"].str.lower()
    blank = table["ticker"] == ""
    checks = (
        (pd.DataFrame({"c": key, "r": table["rank"]}), "at rank {rank:g} twice", "give each "
         "proxy of a class its own rank (1 = preferred)"),
        (pd.DataFrame({"c": key, "t": table["ticker"]})[~blank], "with {ticker} twice",
         "list each proxy of a class once"),
        (pd.DataFrame({"c": key})[key.isin(set(key[blank]))], "both with no proxy (a blank "
         "ticker) and with one", "keep either the blank row or the proxies"),
    )  # fmt: skip
    for frame, what, fix in checks:
        repeated = frame.index[frame.duplicated(keep=False)]
        if len(repeated):
            first = table.loc[repeated[0]]
            raise SimulationError(
                f"Proxy table lists {first['asset_class']!r} "
                + what.format(rank=first["rank"], ticker=first["ticker"])
                + f" (table rows {repeated[0] + 1} and {repeated[1] + 1}, after the header); "
                + f"{fix}."
            )


def proxy_chains(table: pd.DataFrame, classes: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Map each asset class of a proxy table to its proxy tickers, newest first.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`proxy_table`.
    classes : sequence of str
        The catalog's asset classes (:func:`efficap.catalog.asset_classes`); the table's
        names are matched to them case-insensitively.

    Returns
    -------
    dict
        Catalog spelling of the class -> tuple of tickers (empty: no proxy).

    Raises
    ------
    SimulationError
        If the table names a class the catalog does not have.
    """
    known = {c.lower(): c for c in classes}
    out: dict[str, tuple[str, ...]] = {}
    for cls, rows in table.groupby(table["asset_class"].str.lower(), sort=False):
        if cls not in known:
            raise SimulationError(
                f"Proxy table: unknown asset class {rows['asset_class'].iloc[0]!r}; "
                "use the catalog's names, e.g. 'U.S. Equities'."
            )
        out[known[cls]] = tuple(t for t in rows["ticker"] if t)
    return out
