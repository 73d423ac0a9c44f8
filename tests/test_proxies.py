"""The proxy table (efficap.proxies): duplicates are refused, naming both rows."""

from __future__ import annotations

import pandas as pd
import pytest

from efficap.errors import EfficapError, SimulationError
from efficap.proxies import proxy_chains, proxy_table


def _table(rows, columns=("asset_class", "rank", "ticker")):
    return pd.DataFrame(rows, columns=list(columns))


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [["U.S. Equities", "1", "IVV"], ["Gold", "1", "GLD"], ["u.s. equities", "1", "SPY"]],
            "'U.S. Equities' at rank 1 twice (table rows 1 and 3, after the header)",
        ),
        (
            [["Gold", "1", "GLD"], ["Gold", "2", "gld"]],
            "'Gold' with GLD twice (table rows 1 and 2, after the header)",
        ),
        (
            [["Gold", "", ""], ["Gold", "", "GLD"]],
            "'Gold' both with no proxy (a blank ticker) and with one (table rows 1 and 2",
        ),
    ],
)
def test_a_class_listed_twice_is_refused_naming_both_rows(rows, message):
    with pytest.raises(SimulationError) as error:
        proxy_table(_table(rows))
    assert message in str(error.value)
    assert isinstance(error.value, EfficapError)


def test_a_csv_listing_a_class_twice_at_one_rank_is_refused(tmp_path):
    path = tmp_path / "proxies.csv"
    path.write_text("asset_class,rank,ticker\nU.S. Equities,1,IVV\nU.S. Equities,1,SPY\n")
    with pytest.raises(SimulationError, match=r"rank 1 twice \(table rows 1 and 2"):
        proxy_table(path)


def test_ranked_proxies_of_one_class_are_a_chain_not_duplicates():
    classes = list(dict.fromkeys(proxy_table()["asset_class"]))
    table = proxy_table(_table([["U.S. Equities", "2", "SPY"], ["U.S. Equities", "1", "IVV"]]))
    assert proxy_chains(table, classes)["U.S. Equities"] == ("IVV", "SPY")
    # Without a rank column the row order ranks them.
    table = proxy_table(_table([["Gold", "GLD"], ["Gold", "IAU"]], ("asset_class", "ticker")))
    assert proxy_chains(table, classes)["Gold"] == ("GLD", "IAU")


def test_the_builtin_table_has_no_duplicates():
    table = proxy_table()
    assert not table.duplicated(["asset_class", "rank"]).any()
