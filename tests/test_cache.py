"""Content-keyed caches of the Excel layer: same cells, same object; edited cells, new one."""

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest

from efficap.errors import EfficapError
from efficap_xl import cache

DATES = [dt.datetime(2024, 1, d) for d in (2, 3, 4, 5)]
PRICES = [["AAA", "BBB"], [1.0, 2.0], [1.1, 2.0], [1.2, 2.1], [1.3, 2.2]]


@pytest.fixture(autouse=True)
def empty_caches():
    cache.clear()
    yield
    cache.clear()


def test_lru_keeps_the_most_recent_and_counts():
    lru = cache.LRU(2)
    assert lru.get("a", lambda: 1) == 1
    assert lru.get("b", lambda: 2) == 2
    assert lru.get("a", lambda: 99) == 1  # hit: "a" is now the most recent
    assert lru.get("c", lambda: 3) == 3  # evicts "b"
    assert lru.get("b", lambda: 20) == 20
    assert (lru.hits, lru.misses, len(lru)) == (1, 4, 2)


def test_lru_stores_nothing_when_make_fails():
    lru = cache.LRU(2)

    def boom():
        raise EfficapError("bad")

    with pytest.raises(EfficapError):
        lru.get("k", boom)
    assert len(lru) == 0
    assert lru.get("k", lambda: 5) == 5


def test_freeze_tells_true_and_error_codes_from_numbers():
    assert cache.freeze([1.0, 2.0]) != cache.freeze([True, 2.0])
    assert cache.freeze([-2146826246.0]) != cache.freeze([-2146826246])
    assert cache.freeze([[1.0, None]]) == cache.freeze([[1.0, None]])
    assert cache.freeze([1.0, 2.0]) != cache.freeze([[1.0, 2.0]])  # row vs vector
    assert cache.freeze([[1.0, True]]) != cache.freeze([[1.0, 1.0]])  # in a list of rows too
    assert cache.freeze([["a"], ["b"]]) == (("a",), ("b",))
    assert cache.freeze([None, True]) != cache.freeze([None, 1.0])
    assert hash(cache.freeze(np.array([[1.0, 2.0]])))


def test_freeze_tells_decimals_and_new_error_codes_from_floats():
    assert cache.freeze([[Decimal("1.5")]]) != cache.freeze([[1.5]])
    assert cache.freeze([-2146826243]) != cache.freeze([-2146826243.0])  # #SPILL!
    assert cache.freeze([np.float64(1.5)]) == cache.freeze([1.5])


def test_freeze_of_odd_shapes_is_hashable_and_unambiguous():
    # a flat list holding a row is not the same content as a list of rows
    assert cache.freeze([["a"], "bc"]) != cache.freeze([["a"], ["b", "c"]])
    assert hash(cache.freeze([["a", ["nested"]], [1.0, {"x": 1}]]))
    assert hash(cache.freeze([[1.0], 2.0]))


def test_prices_are_converted_once_per_content():
    first = cache.prices(DATES, PRICES)
    assert cache.prices(list(DATES), [list(r) for r in PRICES]) is first  # equal content
    edited = [row[:] for row in PRICES]
    edited[2][0] = 1.15
    second = cache.prices(DATES, edited)
    assert second is not first
    assert second.iloc[1, 0] == 1.15
    assert first.iloc[1, 0] == 1.1  # the cached frame of the first content is untouched


def test_catalog_ranges_are_cached_by_content_and_bad_ones_not_at_all():
    rows = [["Ticker", "Gold"], ["GLDM", 1.0]]
    first = cache.catalog(rows)
    assert cache.catalog([r[:] for r in rows]) is first
    assert cache.catalog(None) is cache.catalog(None)
    assert cache.catalog([[None]]) is cache.catalog(None)
    assert first.loc["GLDM", "Gold"] == 1.0
    with pytest.raises(EfficapError):
        cache.catalog([["Ticker", "Gold"], ["GLDM", "lots"]])


def test_catalog_file_paths_are_read_on_every_call(tmp_path):
    path = tmp_path / "funds.csv"
    path.write_text("Ticker,Gold\nGLDX,1.0\n", encoding="utf-8")
    assert cache.catalog([[str(path)]]).loc["GLDX", "Gold"] == 1.0
    path.write_text("Ticker,Gold\nGLDX,0.5\n", encoding="utf-8")
    assert cache.catalog(str(path)).loc["GLDX", "Gold"] == 0.5


def test_a_catalog_range_error_is_not_cached():
    bad = [["Ticker", "Gold"], ["GLDM", -2146826243]]
    for _ in range(2):
        with pytest.raises(EfficapError, match=r"^Catalog row 2, Gold: #SPILL!\.$"):
            cache.catalog(bad)
    assert len(cache._CATALOGS) == 0
