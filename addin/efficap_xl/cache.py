"""Content-keyed caches for converted ranges.

Excel calls a UDF once per formula cell on every recalculation; a sheet with a
performance table calls EFFCAP_TRAILING a dozen times over the same
26-year price range. Converting that range (about 6,600 rows) each time would
dominate the run time, so converted price frames and catalogs are kept in a
small least-recently-used cache keyed by the cells' *content* (the raw values
as tuples), never by their address: edit a cell and the key changes.

Implements
----------
- :class:`LRU` -- a tiny least-recently-used mapping.
- :func:`freeze` -- the content of a range as a hashable key.
- :func:`prices` -- :func:`efficap_xl.frames.prices` through the cache.
- :func:`catalog` -- a merged catalog (:func:`efficap.catalog.load_catalog` of
  :func:`efficap_xl.frames.catalog_frame`) through the cache; a catalog file path
  is read on every call, so edits to the file show.
- :func:`clear` -- empty both caches.

Cached frames are shared between calls: the core treats them as read-only.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable, Hashable
from itertools import chain
from typing import Any

import numpy as np
import pandas as pd

from efficap.catalog import load_catalog
from efficap_xl import frames
from efficap_xl.ranges import grid

__all__ = ["LRU", "catalog", "clear", "freeze", "prices"]


class LRU:
    """A least-recently-used cache of at most `size` entries.

    Parameters
    ----------
    size : int
        Number of entries kept.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """Return the value stored under `key`, computing and storing it with `make` if absent.

        Exceptions raised by `make` propagate and nothing is stored.
        """
        try:
            value = self._data[key]
        except KeyError:
            self.misses += 1
            value = make()
            self._data[key] = value
            if len(self._data) > self.size:
                self._data.popitem(last=False)
            return value
        self.hits += 1
        self._data.move_to_end(key)
        return value

    def clear(self) -> None:
        """Forget every entry and reset the counters."""
        self._data.clear()
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._data)


_PRICES = LRU(8)
_CATALOGS = LRU(8)


_PLAIN_TYPES = frozenset({float, str, dt.datetime, type(None)})


def _freeze_cell(value: Any) -> Hashable:
    # Keyed by type and value: TRUE, an int error code and a Decimal never share a key
    # with the float they compare equal to. What a cell *is* is decided elsewhere
    # (efficap_xl.cells); the key only has to tell different content apart.
    if isinstance(value, np.generic):
        value = value.item()
    if type(value) in _PLAIN_TYPES:
        return value
    try:
        hash(value)
    except TypeError:
        return (type(value).__name__, str(value))
    return (type(value).__name__, value)


def freeze(value: Any) -> Hashable:
    """Return a hashable key with the content of a range value (lists become tuples).

    Cells of the types xlwings delivers for data (float, str, datetime, None)
    are kept as they are, which is fast (C-level ``map``); only when other
    types occur is each cell frozen on its own, tagged with its type, so that
    TRUE, an error code or a Decimal never share a key with an equal float.

    Parameters
    ----------
    value : Any
        A scalar, flat list or list of rows, as xlwings passes them.

    Returns
    -------
    Hashable
    """
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if not isinstance(value, (list, tuple)):
        return _freeze_cell(value)
    outer = set(map(type, value))
    if outer <= {list, tuple} and value:
        rows = tuple(map(tuple, value))
        if set(map(type, chain.from_iterable(rows))) <= _PLAIN_TYPES:
            return rows
        return tuple(tuple(_freeze_cell(v) for v in row) for row in rows)
    cells = tuple(value)
    if outer <= _PLAIN_TYPES:
        return ("vector", cells)
    return ("vector", tuple(_freeze_cell(v) for v in cells))


def prices(dates_value: Any, prices_value: Any) -> pd.DataFrame:
    """Return :func:`efficap_xl.frames.prices` of the ranges, converted once per content.

    Parameters
    ----------
    dates_value, prices_value : Any
        As :func:`efficap_xl.frames.prices`.

    Returns
    -------
    pandas.DataFrame
    """
    key = (freeze(dates_value), freeze(prices_value))
    return _PRICES.get(key, lambda: frames.prices(dates_value, prices_value))


def catalog(value: Any) -> pd.DataFrame:
    """Return the merged catalog of a catalog argument, loaded once per content.

    Parameters
    ----------
    value : Any
        As :func:`efficap_xl.frames.catalog` (missing = the built-in catalog).

    Returns
    -------
    pandas.DataFrame
        The catalog from :func:`efficap.catalog.load_catalog`.
    """
    rows = grid(value, "Catalog")
    path = frames.catalog_path(rows)
    if path is not None:  # a file path: read it each time, so edits to the file show
        return load_catalog(path)
    return _CATALOGS.get(freeze(rows), lambda: load_catalog(frames.catalog_frame(rows)))


def clear() -> None:
    """Empty the price and catalog caches."""
    _PRICES.clear()
    _CATALOGS.clear()
