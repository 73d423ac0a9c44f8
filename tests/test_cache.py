"""Content-keyed caches of the Excel layer: same cells, same object; edited cells, new one."""

import copy
import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from efficap.errors import EfficapError
from efficap.prices import read_prices
from efficap_xl import cache, frames, outputs, udfs

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


def _edited(rows, i, j, value):
    out = [row[:] for row in rows]
    out[i][j] = value
    return out


# One cell of PRICES (row 2, AAA: 1.1) replaced by content that compares equal, or
# nearly, to it in Python but is another cell in Excel.
EDITS = [
    True,  # 1.1 -> TRUE is tested below on a 1.0 cell
    1,
    "1.1",
    Decimal("1.1"),
    1.1000000000000003,
    -2146826246,  # an error code as xlwings hands #N/A
    None,
]


def test_every_edited_cell_gets_a_key_of_its_own():
    keys = {cache.key(DATES, PRICES)}
    for value in EDITS:
        keys.add(cache.key(DATES, _edited(PRICES, 2, 0, value)))
    keys.add(cache.key(DATES, _edited(PRICES, 1, 0, True)))  # 1.0 -> TRUE
    keys.add(cache.key(DATES, _edited(PRICES, 1, 0, 1)))  # 1.0 -> the integer 1
    keys.add(cache.key(DATES, _edited(PRICES, 0, 0, "aaa")))  # the header
    keys.add(cache.key([*DATES[:3], dt.datetime(2024, 1, 8)], PRICES))  # a date
    keys.add(cache.key([*DATES[:3], 45299.0], PRICES))  # a date typed as its serial
    keys.add(cache.key(DATES, [*PRICES, [None, None]]))  # one more row
    keys.add(cache.key(DATES, [[*r, None] for r in PRICES]))  # one more column
    assert len(keys) == len(EDITS) + 8
    # equal content in other objects: the same key
    assert cache.key(list(DATES), [list(r) for r in PRICES]) == cache.key(DATES, PRICES)


def test_an_edited_cell_is_never_served_from_the_cache():
    first = cache.prices(DATES, PRICES)
    assert cache.prices([d.replace() for d in DATES], [r[:] for r in PRICES]) is first
    assert cache._PRICES.hits == 1
    with pytest.raises(EfficapError, match="TRUE"):
        cache.prices(DATES, _edited(PRICES, 1, 0, True))  # equal to 1.0 in Python
    with pytest.raises(EfficapError, match="#N/A"):
        cache.prices(DATES, _edited(PRICES, 1, 0, -2146826246))
    with pytest.raises(EfficapError, match="not a number"):
        cache.prices(DATES, _edited(PRICES, 1, 0, "1.0"))
    moved = cache.prices([*DATES[:3], dt.datetime(2024, 1, 8)], PRICES)
    assert moved.index[-1] == pd.Timestamp("2024-01-08")
    assert cache.prices(DATES, PRICES) is first


def test_numpy_and_bytes_cells_never_share_an_entry():
    # marshal writes both as their raw bytes: such ranges are keyed by freeze instead
    numpy_rows = _edited(PRICES, 1, 0, np.float64(1.0))
    bytes_rows = _edited(PRICES, 1, 0, np.float64(1.0).tobytes())
    assert cache.key(DATES, numpy_rows) != cache.key(DATES, bytes_rows)
    assert cache.prices(DATES, numpy_rows).iloc[0, 0] == 1.0
    with pytest.raises(EfficapError):
        cache.prices(DATES, bytes_rows)
    as_array = cache.prices(DATES, np.array(PRICES, dtype=object))  # keyed by freeze
    pd.testing.assert_frame_equal(as_array, cache.prices(DATES, PRICES))


def test_a_column_of_dates_among_rows_is_keyed_by_type():
    aware = [d.replace(tzinfo=dt.timezone.utc) for d in DATES]
    assert cache.key(aware, PRICES) != cache.key(DATES, PRICES)
    assert cache.key([dt.date(2024, 1, d) for d in (2, 3, 4, 5)], PRICES) != cache.key(
        DATES, PRICES
    )
    mixed = [DATES[0], [DATES[1]], DATES[2], DATES[3]]  # a list among the cells
    with pytest.raises(EfficapError):
        cache.prices(mixed, PRICES)


_CELLS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(-3, 3, width=16),
    st.sampled_from(["", "a", "1", "IVV"]),
    st.sampled_from([dt.datetime(2024, 1, 2), dt.datetime(2024, 1, 3)]),
    st.sampled_from([Decimal("1"), Decimal("0.5"), np.float64(1.0), np.int64(1)]),
)


def _typed(value):
    """A range's cells with their types (numpy scalars as the Python values freeze keeps)."""
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    if isinstance(value, np.generic):
        value = value.item()
    return (type(value), value)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(_CELLS, min_size=2, max_size=2), min_size=1, max_size=4),
    st.integers(0, 7),
    _CELLS,
    st.booleans(),
)
def test_equal_keys_mean_the_same_cells_of_the_same_types(rows, at, cell, flat):
    edited = [r[:] for r in rows]
    edited[at % len(rows)][at % 2] = cell
    first, second = ([r[0] for r in rows], [r[0] for r in edited]) if flat else (rows, edited)
    assert cache.key(first) == cache.key(copy.deepcopy(first))
    if cache.key(first) == cache.key(second):
        assert _typed(first) == _typed(second)


def _old_path(monkeypatch):
    """The conversion of every call done afresh, and every spill built cell by cell."""
    monkeypatch.setattr(cache, "prices", frames.prices)

    def cell_by_cell(*cols, missing="n/a"):
        return outputs.table(list(zip(*cols, strict=True)), missing)

    monkeypatch.setattr(outputs, "columns", cell_by_cell)


def test_every_price_function_gives_the_same_cells_as_without_the_cache(
    shared_prices_dir, monkeypatch
):
    funds = ["IVV", "AGG", "IEF", "SHY", "NTSX", "BIL"]
    closes = read_prices(shared_prices_dir, funds)
    dates = closes.index.to_pydatetime().tolist()
    rows = [funds, *[[None if np.isnan(v) else v for v in r] for r in closes.to_numpy().tolist()]]
    weights = [0.3, 0.3, 0.2, 0.2, 0.0, 0.0]  # NTSX and BIL: for EFFCAP_SIMULATE
    table = [["Blend", *funds], ["A", *weights], ["60/40", 0.6, 0.4, 0, 0, 0, 0]]
    as_of = dt.datetime(2026, 3, 31)
    calls = [
        (udfs.EFFCAP_BLEND, (weights,)),
        (udfs.EFFCAP_BLEND, (weights, "quarterly", "2008-01-01", "2012-12-31")),
        *[(udfs.EFFCAP_TRAILING, (weights, as_of, p)) for p in ("YTD", "1Y", "5Y", "SI")],
        (udfs.EFFCAP_TRAILING, (weights, as_of, "3Y", "monthly", "restart")),
        (udfs.EFFCAP_PERFORMANCE, (table, as_of)),
        (udfs.EFFCAP_STATS, (weights,)),
        (udfs.EFFCAP_STRESS, (table,)),
        (udfs.EFFCAP_DRAWDOWNS, (weights, 10)),
        (udfs.EFFCAP_CALENDAR, (table,)),
        (udfs.EFFCAP_SIMULATE, ("NTSX",)),
    ]
    cache.prices(dates, rows)  # warm: every call below is a hit on the fast key
    after = [fn(dates, rows, *args) for fn, args in calls]
    assert cache._PRICES.hits == len(calls) and cache._PRICES.misses == 1
    with monkeypatch.context() as patch:
        _old_path(patch)
        before = [fn(dates, rows, *args) for fn, args in calls]
    for (fn, _), old, new in zip(calls, before, after, strict=True):
        assert isinstance(new, list) or not str(new).startswith("#EFFCAP"), (fn, new)
        assert _typed(new) == _typed(old), fn.__name__
    assert len(after[0]) > 5000  # the blend's every day since 2003-09-29
