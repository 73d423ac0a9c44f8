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
- :func:`prices` -- :func:`efficap_xl.convert.prices` through the cache.
- :func:`catalog` -- a merged catalog (:func:`efficap.catalog.load_catalog`)
  through the cache.
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
from efficap_xl import convert

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


def _freeze_cell(value: Any) -> Hashable:
    # bool and the int error codes compare equal to numbers; tag them so TRUE != 1.0.
    if type(value) is bool or type(value) is int:
        return (type(value).__name__, value)
    if isinstance(value, (float, str, dt.datetime, dt.date)) or value is None:
        return value
    if isinstance(value, np.generic):
        return value.item()
    return (type(value).__name__, str(value))


_PLAIN_TYPES = frozenset({float, str, dt.datetime, type(None)})


def freeze(value: Any) -> Hashable:
    """Return a hashable key with the content of a range value (lists become tuples).

    Cells of the types xlwings delivers for data (float, str, datetime, None)
    are kept as they are, which is fast (C-level ``map``); only when other
    types occur is each cell frozen on its own, tagging bools and ints so that
    TRUE and an error code never compare equal to the numbers 1.0 and -2146826246.0.

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
    if value and isinstance(value[0], (list, tuple)):
        rows = tuple(map(tuple, value))
        if set(map(type, chain.from_iterable(rows))) <= _PLAIN_TYPES:
            return rows
        return tuple(tuple(_freeze_cell(v) for v in row) for row in rows)
    cells = tuple(value)
    if set(map(type, cells)) <= _PLAIN_TYPES:
        return ("vector", cells)
    return ("vector", tuple(_freeze_cell(v) for v in cells))


def prices(dates_value: Any, prices_value: Any) -> pd.DataFrame:
    """Return :func:`efficap_xl.convert.prices` of the ranges, converted once per content.

    Parameters
    ----------
    dates_value, prices_value : Any
        As :func:`efficap_xl.convert.prices`.

    Returns
    -------
    pandas.DataFrame
    """
    key = (freeze(dates_value), freeze(prices_value))
    return _PRICES.get(key, lambda: convert.prices(dates_value, prices_value))


def catalog(value: Any) -> pd.DataFrame:
    """Return the merged catalog of a catalog argument, loaded once per content.

    Parameters
    ----------
    value : Any
        As :func:`efficap_xl.convert.catalog` (missing = the built-in catalog).

    Returns
    -------
    pandas.DataFrame
        The catalog from :func:`efficap.catalog.load_catalog`.
    """
    rows = convert.catalog(value)
    if isinstance(rows, str):  # a file path: read it each time, so edits to the file show
        return load_catalog(rows)
    return _CATALOGS.get(freeze(rows), lambda: load_catalog(rows))


def clear() -> None:
    """Empty the price and catalog caches."""
    _PRICES.clear()
    _CATALOGS.clear()
