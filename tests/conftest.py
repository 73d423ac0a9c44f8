"""Shared fixtures: the real price histories in ../shared/data/prices (next to the repo)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from excel_ranges import excel_ranges

from efficap.prices import read_prices

_REPO = Path(__file__).resolve().parents[1]
# ../shared next to the repo; from a git worktree kept one folder deeper, ../../shared.
SHARED_PRICES = next(
    (
        folder / "shared" / "data" / "prices"
        for folder in (_REPO.parent, _REPO.parent.parent)
        if (folder / "shared" / "data" / "prices").is_dir()
    ),
    _REPO.parent / "shared" / "data" / "prices",
)
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


@pytest.fixture(scope="session")
def excel_prices(shared_prices_dir: Path) -> tuple[list[dt.datetime], list[list[object]]]:
    """The four funds' closes as xlwings hands a range to Python on Windows.

    A flat list of datetimes (the dates column) and a list of rows (a header row of
    tickers, then one row per date, None where a fund has no close), read with the csv
    module rather than efficap's own reader.
    """
    return excel_ranges(shared_prices_dir, FOUR_FUNDS)


# --------------------------------------------------------------------------- hosts
# The Excel functions' tests (results, bad-input tables, the property test) run against
# both hosts: the VBA add-in (efficap_xl.udfs called with xlwings' Windows shapes) and
# xlwings Lite (the same call as Office.js sends it, through xlwings.server, its answer
# read back as the cells Excel shows; tests/officejs.py).
_BOTH_HOSTS = {"test_udfs", "test_udfs_history", "test_udfs_properties"}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    module = metafunc.module.__name__.rpartition(".")[2]
    if "host" in metafunc.fixturenames and module in _BOTH_HOSTS:
        metafunc.parametrize("host", ["classic", "lite"], indirect=True)


@pytest.fixture(autouse=True)
def host(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The host a test's ``udfs.EFFCAP_...`` calls run in: "classic" unless parametrized."""
    name = getattr(request, "param", "classic")
    if name == "lite":
        from officejs import LiteUdfs, lite_module

        lite_module()  # skips, with the reason, without a licence key
        monkeypatch.setattr(request.module, "udfs", LiteUdfs())
    return name
