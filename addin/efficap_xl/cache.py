"""Content-keyed caches for converted ranges.

Excel calls a UDF once per formula cell on every recalculation; a sheet with a
performance table calls EFFCAP_TRAILING a dozen times over the same
26-year price range. Converting that range (about 6,600 rows) each time would
dominate the run time, so converted price frames and catalogs are kept in a
small least-recently-used cache keyed by the cells' *content*, never by their
address: edit a cell and the key changes.

The key of a range is its cells serialized by :mod:`marshal` (format 2, C speed,
one ``bytes`` object, hashed once on a sample of its end and compared in full, about
0.3 ms for 6,600 x 4 cells where a tuple per row took 2 ms): every cell type a range
holds apart from dates is written with its own type code (``1.0``, ``TRUE``, the
integer ``1`` and the text ``"1"`` give different bytes) and the format decodes one
way only, so equal bytes mean equal cells of equal types. A column of dates is keyed
by the tuple of its ``datetime`` cells. Such a key is stored only when the range
holds nothing but those plain types (checked once, when the range is converted);
any other range (Decimal or numpy cells, bytes...) is keyed by :func:`freeze`,
which tags each cell with its type.

Implements
----------
- :class:`LRU`, :data:`MISSING` -- a tiny least-recently-used mapping.
- :func:`key` -- the content key of a range (fast for plain cells).
- :func:`freeze` -- the content of a range as a hashable key, each odd cell tagged
  with its type (the key of ranges that are not plain).
- :func:`prices` -- :func:`efficap_xl.frames.prices` through the cache.
- :func:`catalog` -- a merged catalog (:func:`efficap.catalog.load_catalog` of
  :func:`efficap_xl.frames.catalog_frame`) through the cache; a catalog file path
  is read on every call, so edits to the file show.
- :func:`clear` -- empty both caches.

Cached frames are shared between calls: the core treats them as read-only.
"""

from __future__ import annotations

import datetime as dt
import marshal
from collections.abc import Callable, Hashable
from itertools import chain
from typing import Any

import numpy as np
import pandas as pd

from efficap.catalog import load_catalog
from efficap_xl import frames
from efficap_xl.ranges import grid

__all__ = ["LRU", "catalog", "clear", "freeze", "key", "prices"]


#: What :meth:`LRU.find` returns for a key it does not hold.
MISSING: Any = object()


class LRU:
    """A least-recently-used cache of at most `size` entries.

    Parameters
    ----------
    size : int
        Number of entries kept.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: dict[Hashable, Any] = {}  # oldest first
        self.hits = 0
        self.misses = 0

    def find(self, key: Hashable) -> Any:
        """Return the value stored under `key` (counted as a hit), or :data:`MISSING`."""
        # pop and insert again: one comparison of the (large) key, where a lookup and then
        # OrderedDict.move_to_end would compare it twice
        value = self._data.pop(key, MISSING)
        if value is not MISSING:
            self.hits += 1
            self._data[key] = value
        return value

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """Return the value stored under `key`, computing and storing it with `make` if absent.

        Exceptions raised by `make` propagate and nothing is stored.
        """
        value = self.find(key)
        if value is not MISSING:
            return value
        self.misses += 1
        value = make()
        self._data[key] = value
        if len(self._data) > self.size:
            del self._data[next(iter(self._data))]
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


# Cells marshal writes with a type code of their own (exact types only: a subclass
# such as numpy.float64 is refused, or written as raw bytes, and never stored).
_MARSHALLED = frozenset({float, int, bool, str, type(None)})
# Cells a date column's tuple key may hold: equal only to cells of the same meaning.
_DATE_COLUMN = frozenset({dt.datetime, str, type(None)})
_ROWS = (list, tuple)


_SAMPLE = {"marshal": 2048, "tuple": 64}  # bytes, or cells, at the end a key's hash reads


def _sample(part: tuple[str, Hashable]) -> Hashable:
    kind, content = part
    if kind == "frozen":
        return part
    return (kind, len(content), content[-_SAMPLE[kind] :])  # type: ignore[index, arg-type]


class _Key:
    """A key made of parts, compared in full but hashed once, on a sample of each part.

    Hashing 250 KB of bytes per lookup would cost more than comparing them: the
    hash reads each part's length and last cells only (a cache of 8 entries needs
    no better spread), equality compares every byte and every cell.
    """

    __slots__ = ("_hash", "parts")

    def __init__(self, parts: tuple[tuple[str, Hashable], ...]) -> None:
        self.parts = parts
        self._hash = hash(tuple(map(_sample, parts)))

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Key) and self._hash == other._hash and self.parts == other.parts


def _fast_part(value: Any) -> tuple[str, Hashable]:
    if type(value) is list and value and type(value[-1]) is dt.datetime:
        return ("tuple", tuple(value))  # a column of dates (marshal would stop at one)
    try:
        return ("marshal", marshal.dumps(value, 2))
    except ValueError:  # a cell marshal cannot write: a date, a Decimal...
        pass
    if type(value) is list and (not value or type(value[0]) not in _ROWS):
        return ("tuple", tuple(value))
    return ("frozen", freeze(value))


def _plain(value: Any, part: tuple[str, Hashable]) -> bool:
    """Whether a fast key part tells this content from every other (see the module notes)."""
    kind = part[0]
    if kind == "frozen":
        return True
    if kind == "tuple":
        return set(map(type, value)) <= _DATE_COLUMN and all(
            v.tzinfo is None for v in value if type(v) is dt.datetime
        )
    if type(value) not in _ROWS:
        return type(value) in _MARSHALLED
    outer = set(map(type, value))
    if outer.isdisjoint(_ROWS):
        return outer <= _MARSHALLED
    return outer <= {list, tuple} and set(map(type, chain.from_iterable(value))) <= _MARSHALLED


def key(*values: Any) -> Hashable:
    """Return the content key of one or more ranges, as the caches store it.

    The fast key (marshal bytes, or the tuple of a date column) when every range
    holds only plain cells, else the type-tagged :func:`freeze` of each.

    Parameters
    ----------
    *values : Any
        Scalars, flat lists or lists of rows, as xlwings passes them.

    Returns
    -------
    Hashable
        Equal for equal content (same cells, same types, same layout); different
        whenever a cell, its type or the layout differs.
    """
    fast = tuple(map(_fast_part, values))
    if all(map(_plain, values, fast)):
        return _Key(fast)
    return _Key(tuple(("frozen", freeze(v)) for v in values))


def _cached(lru: LRU, values: tuple[Any, ...], make: Callable[[], Any]) -> Any:
    # The fast key first: for content seen before this is the whole lookup. Whether the
    # content is plain enough to be stored under it is checked only when it is new.
    try:
        found = lru.find(_Key(tuple(map(_fast_part, values))))
    except TypeError:  # a list among a column's cells: only the tagged key takes it
        found = MISSING
    if found is not MISSING:
        return found
    return lru.get(key(*values), make)


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
    return _cached(
        _PRICES, (dates_value, prices_value), lambda: frames.prices(dates_value, prices_value)
    )


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
    return _cached(_CATALOGS, (rows,), lambda: load_catalog(frames.catalog_frame(rows)))


def clear() -> None:
    """Empty the price and catalog caches."""
    _PRICES.clear()
    _CATALOGS.clear()
