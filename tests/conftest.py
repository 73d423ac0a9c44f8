"""Shared fixtures: the real price histories in ../shared/data/prices (next to the repo)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from efficap.prices import read_prices

SHARED_PRICES = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "prices"
FOUR_FUNDS = ("IVV", "AGG", "NTSX", "WTMF")


@pytest.fixture(scope="session")
def shared_prices_dir() -> Path:
    """The folder of real daily total-return closes, or skip when it is absent."""
    if not SHARED_PRICES.is_dir():
        pytest.skip(
            f"Real price data not found at {SHARED_PRICES} (expected ../shared next to the repo)."
        )
    return SHARED_PRICES


@pytest.fixture(scope="session")
def real_prices(shared_prices_dir: Path) -> pd.DataFrame:
    """IVV, AGG, NTSX and WTMF closes loaded with efficap's own reader."""
    return read_prices(shared_prices_dir, list(FOUR_FUNDS))
