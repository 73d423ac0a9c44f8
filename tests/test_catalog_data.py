"""The built-in catalog's data: coverage of the shared price folder, plausible facts, spot checks.

test_catalog.py checks how the catalog is read and merged; this file checks what the shipped
``efficap/data/funds.csv`` says: every fund with real prices has a row, every row has a source
and an exposure, numbers are decimals in plausible ranges, inception dates agree with the price
histories, and the rows added for the Treasury, bond, gold and managed-futures funds give the
hand-computed exposures.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from efficap.bounds import is_plausible
from efficap.catalog import asset_classes, builtin_catalog, exposure_matrix
from efficap.exposure import exposures, total_notional

CATALOG = builtin_catalog()
CLASSES = asset_classes(CATALOG)

#: The price files start on the first close their source holds, which the data README shows
#: is a few days after inception (IEF, TLT, SHY: 8 days; GOVT: 10). A longer lag means the
#: catalog's inception or the price file is wrong.
MAX_START_LAG = dt.timedelta(days=14)

#: Yields and total assets dated before 2024 are left blank in the catalog (see its sources).
OLDEST_ASSETS_DATE = pd.Timestamp("2024-01-01")

#: Notional exposure per $1 of each row added with the Treasury, bond, gold and managed-futures
#: price files, written out by hand from each fund's stated strategy; every other class is 0.
NEW_ROWS: dict[str, dict[str, float]] = {
    "IEF": {"U.S. Fixed Income": 1.0},
    "TLT": {"U.S. Fixed Income": 1.0},
    "SHY": {"U.S. Fixed Income": 1.0},
    "GOVT": {"U.S. Fixed Income": 1.0},
    "BND": {"U.S. Fixed Income": 1.0},
    "GLD": {"Gold": 1.0},
    "CTA": {"Managed Futures": 1.0},
    "TYA": {"U.S. Fixed Income": 2.9},  # ~290% notional in 10-year note futures
}


def _first_close(path: Path) -> pd.Timestamp:
    """The date of the first close in a ``Date,Close`` file, read with the csv module."""
    with open(path, newline="") as f:
        reader = csv.reader(f)
        next(reader)
        for row in reader:
            if row and row[0].strip():
                return pd.Timestamp(row[0])
    raise AssertionError(f"{path.name} has no closes")


def _price_files(folder: Path) -> dict[str, Path]:
    return {p.stem.upper(): p for p in sorted(folder.glob("*.csv"))}


# --- coverage of the shared price folder -------------------------------------------------------


def test_every_fund_with_prices_has_a_catalog_row(shared_prices_dir: Path) -> None:
    files = _price_files(shared_prices_dir)
    assert len(files) >= 22  # the folder's README lists 22 funds
    missing = sorted(set(files) - set(CATALOG.index))
    assert missing == [], f"price files without a catalog row: {missing}"


def test_inception_is_on_or_shortly_before_the_first_close(shared_prices_dir: Path) -> None:
    problems = []
    checked = 0
    for ticker, path in _price_files(shared_prices_dir).items():
        if ticker not in CATALOG.index or pd.isna(CATALOG.at[ticker, "inception"]):
            continue  # a blank inception is unknown, not wrong
        inception, first = CATALOG.at[ticker, "inception"], _first_close(path)
        checked += 1
        if inception > first:
            problems.append(
                f"{ticker}: inception {inception.date()} after first close {first.date()}"
            )
        elif first - inception > MAX_START_LAG:
            problems.append(f"{ticker}: first close {first.date()} long after {inception.date()}")
    assert problems == []
    assert checked >= 14  # 14 of the 22 funds have a sourced inception


def test_inception_check_spot_values(shared_prices_dir: Path) -> None:
    # From the data README: IEF's file starts 2002-07-30, 8 days after its 2002-07-22 launch;
    # GLD's starts on its launch day.
    assert _first_close(shared_prices_dir / "IEF.csv") == pd.Timestamp("2002-07-30")
    assert CATALOG.at["IEF", "inception"] == pd.Timestamp("2002-07-22")
    assert _first_close(shared_prices_dir / "GLD.csv") == CATALOG.at["GLD", "inception"]


# --- every row ---------------------------------------------------------------------------------


@pytest.mark.parametrize("ticker", list(CATALOG.index))
def test_row_has_an_exposure_and_a_source(ticker: str) -> None:
    row = CATALOG.loc[ticker]
    assert (row[CLASSES].astype(float) != 0).any(), f"{ticker} has no exposure"
    assert isinstance(row["source"], str) and row["source"].strip(), f"{ticker} has no source"


@pytest.mark.parametrize("ticker", list(CATALOG.index))
def test_row_numbers_are_plausible_decimals(ticker: str) -> None:
    row = CATALOG.loc[ticker]
    for field in ("gross_expense_ratio", "net_expense_ratio"):
        if pd.notna(row[field]):
            assert is_plausible(float(row[field]), "expense_ratio"), (ticker, field, row[field])
    for field in ("sec_yield_subsidized", "sec_yield_unsubsidized"):
        if pd.notna(row[field]):
            assert is_plausible(float(row[field]), "yield"), (ticker, field, row[field])
    for cls in CLASSES:
        assert is_plausible(float(row[cls]), "exposure"), (ticker, cls, row[cls])
    if pd.notna(row["gross_expense_ratio"]) and pd.notna(row["net_expense_ratio"]):
        assert row["net_expense_ratio"] <= row["gross_expense_ratio"], ticker


@pytest.mark.parametrize("ticker", list(CATALOG.index))
def test_total_assets_are_dated_2024_or_later(ticker: str) -> None:
    assets, as_of = CATALOG.at[ticker, "total_assets_musd"], CATALOG.at[ticker, "assets_as_of"]
    assert pd.isna(assets) == pd.isna(as_of), f"{ticker}: assets and their date go together"
    if pd.notna(assets):
        assert assets > 0 and as_of >= OLDEST_ASSETS_DATE, (ticker, assets, as_of)


def test_plausibility_check_catches_whole_percents() -> None:
    # The checks above would flag an expense ratio typed as 0.15 (meaning 0.15%) or an
    # exposure typed as 90 (meaning 90%).
    assert not is_plausible(0.15, "expense_ratio")
    assert not is_plausible(90.0, "exposure")
    assert is_plausible(0.0015, "expense_ratio") and is_plausible(2.9, "exposure")


# --- the added rows, hand-checked ---------------------------------------------------------------


@pytest.mark.parametrize("ticker", list(NEW_ROWS))
def test_added_row_exposures(ticker: str) -> None:
    expected = {cls: NEW_ROWS[ticker].get(cls, 0.0) for cls in CLASSES}
    assert exposure_matrix(CATALOG, [ticker]).loc[ticker].to_dict() == expected


def test_added_row_facts() -> None:
    assert CATALOG.at["IEF", "net_expense_ratio"] == pytest.approx(0.0015)
    assert CATALOG.at["GOVT", "net_expense_ratio"] == pytest.approx(0.0005)
    assert CATALOG.at["BND", "inception"] == pd.Timestamp("2007-04-03")
    assert CATALOG.at["GLD", "total_assets_musd"] == pytest.approx(78327.53)
    assert CATALOG.at["TYA", "gross_expense_ratio"] == pytest.approx(0.0027)
    assert CATALOG.at["TYA", "net_expense_ratio"] == pytest.approx(0.0017)
    assert pd.isna(CATALOG.at["CTA", "net_expense_ratio"])  # seen on third-party sites only


def test_treasury_and_gold_mix() -> None:
    # 50% IEF (1.0 fixed income) + 50% GLD (1.0 gold).
    result = exposures({"IEF": 0.5, "GLD": 0.5})
    assert result.to_dict() == pytest.approx({"U.S. Fixed Income": 0.5, "Gold": 0.5})
    assert total_notional({"IEF": 0.5, "GLD": 0.5}) == pytest.approx(1.0)


def test_stocks_treasury_futures_and_bills() -> None:
    # 60% IVV -> 0.60 equities; 10% TYA x 2.9 -> 0.29 fixed income; 30% BIL -> 0.30 cash.
    result = exposures({"IVV": 0.6, "TYA": 0.1, "BIL": 0.3})
    assert result.to_dict() == pytest.approx(
        {"U.S. Equities": 0.60, "U.S. Fixed Income": 0.29, "Cash": 0.30}
    )
    assert total_notional({"IVV": 0.6, "TYA": 0.1, "BIL": 0.3}) == pytest.approx(1.19)


def test_bond_funds_and_two_trend_followers() -> None:
    # 25% each of TLT, SHY, GOVT, BND -> 1.0 fixed income; CTA and WTMF each 1.0 managed futures.
    bonds = exposures({"TLT": 0.25, "SHY": 0.25, "GOVT": 0.25, "BND": 0.25})
    assert bonds.to_dict() == pytest.approx({"U.S. Fixed Income": 1.0})
    trend = exposures({"CTA": 0.5, "WTMF": 0.3, "NTSX": 0.2})
    assert trend.to_dict() == pytest.approx(
        {"U.S. Equities": 0.18, "U.S. Fixed Income": 0.12, "Managed Futures": 0.8}
    )


@given(
    st.lists(
        st.floats(min_value=0.0, max_value=1.0, allow_nan=False, allow_infinity=False),
        min_size=len(NEW_ROWS),
        max_size=len(NEW_ROWS),
    ).filter(lambda ws: sum(ws) > 0)
)
def test_mix_of_added_rows_is_the_weighted_sum(weights: list[float]) -> None:
    mix = dict(zip(NEW_ROWS, weights, strict=True))
    expected = {cls: 0.0 for cls in CLASSES}
    for ticker, weight in mix.items():
        for cls, amount in NEW_ROWS[ticker].items():
            expected[cls] += weight * amount
    got = exposures(mix, asset_classes=CLASSES)
    assert got.to_dict() == pytest.approx(expected, abs=1e-12)
