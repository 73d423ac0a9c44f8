"""Content-keyed caches of the Excel layer: same cells, same object; edited cells, new one."""

import datetime as dt

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
    assert (lru.hits, lru.misses) == (1, 4)


def test_lru_stores_nothing_when_make_fails():
    lru = cache.LRU(2)

    def boom():
        raise EfficapError("bad")

    with pytest.raises(EfficapError):
        lru.get("k", boom)
    assert lru.get("k", lambda: 5) == 5


def test_freeze_tells_true_and_error_codes_from_numbers():
    assert cache.freeze([1.0, 2.0]) != cache.freeze([True, 2.0])
    assert cache.freeze([-2146826246.0]) != cache.freeze([-2146826246])
    assert cache.freeze([[1.0, None]]) == cache.freeze([[1.0, None]])
    assert cache.freeze([1.0, 2.0]) != cache.freeze([[1.0, 2.0]])  # row vs vector


def test_prices_are_converted_once_per_content():
    first = cache.prices(DATES, PRICES)
    assert cache.prices(list(DATES), [list(r) for r in PRICES]) is first  # equal content
    edited = [row[:] for row in PRICES]
    edited[2][0] = 1.15
    second = cache.prices(DATES, edited)
    assert second is not first
    assert second.iloc[1, 0] == 1.15


def test_catalog_ranges_are_cached_by_content_and_bad_ones_not_at_all():
    rows = [["Ticker", "Gold"], ["GLDM", 1.0]]
    first = cache.catalog(rows)
    assert cache.catalog([r[:] for r in rows]) is first
    assert cache.catalog(None) is cache.catalog(None)
    with pytest.raises(EfficapError):
        cache.catalog([["Ticker", "Gold"], ["GLDM", "lots"]])
