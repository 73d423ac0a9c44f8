"""efficap_xl.convert keeps the former single-module names working, as the same objects.

The conversions themselves are tested where they live: tests/test_cells.py,
test_ranges.py, test_readers.py, test_scalars.py, test_frames.py and test_outputs.py.
"""

from __future__ import annotations

import pytest

from efficap_xl import cells, convert, frames, outputs, ranges, readers, scalars

HOMES = {
    "ERROR_PREFIX": outputs,
    "EXCEL_ERRORS": cells,
    "NOT_AVAILABLE": outputs,
    "InputError": cells,
    "Vector": ranges,
    "aligned": outputs,
    "aligned_weights": readers,
    "catalog": frames,
    "cell": outputs,
    "date": scalars,
    "error_cell": outputs,
    "excel_error": cells,
    "flag": scalars,
    "grid": ranges,
    "internal_error_cell": outputs,
    "is_blank": cells,
    "labels": readers,
    "number": scalars,
    "numbers": readers,
    "optional_date": scalars,
    "period": scalars,
    "prices": frames,
    "rebalance": scalars,
    "table": outputs,
    "targets": readers,
    "text": scalars,
    "tickers": readers,
    "vector": ranges,
    "weights": readers,
    "weights_table": frames,
}


def test_every_name_is_listed():
    assert sorted(convert.__all__) == sorted(HOMES)


@pytest.mark.parametrize("name", sorted(HOMES))
def test_names_are_the_modules_objects(name):
    assert getattr(convert, name) is getattr(HOMES[name], name)


def test_targets_as_the_ribbon_calls_it():
    # efficap_xl.actions reads a targets block through convert.targets
    assert convert.targets(["U.S. Equities", "Gold"], [0.6, 0.1]) == {
        "U.S. Equities": 0.6,
        "Gold": 0.1,
    }
