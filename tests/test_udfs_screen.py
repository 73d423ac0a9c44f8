"""Tests of EFFCAP_SCREEN and EFFCAP_REALIZED, called as xlwings calls them on Windows.

Dates arrive as a flat list of datetimes, prices as a list of rows (a header of tickers,
None for a blank cell), vectors as flat lists, one cell as a scalar, Currency cells as
Decimal, error cells as int codes. Each function is checked against the core on the real
prices, for picking price columns by header, and on a table of bad inputs with the exact
text it returns.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest
from excel_ranges import excel_ranges
from test_udfs import CALC, NA, SPILL

from efficap.realized import realized_exposures
from efficap.screen import screen
from efficap_xl import cache, udfs

TICKERS = ["IVV", "AGG", "NTSX", "WTMF", "IEF", "BIL", "GLD"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def real(shared_prices_dir):
    """The funds' closes as Excel ranges (read with the csv module), and as a frame."""
    dates, rows = excel_ranges(shared_prices_dir, TICKERS)
    frame = pd.DataFrame(rows[1:], index=pd.DatetimeIndex(dates, name="Date"), columns=TICKERS)
    return dates, rows, frame


def cells(value):
    """What outputs.cell makes of a core value: NaN -> n/a, Timestamp -> datetime."""
    if isinstance(value, float) and value != value:
        return "n/a"
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return pytest.approx(value, abs=1e-12) if isinstance(value, float) else value


# --------------------------------------------------------------------------- EFFCAP_SCREEN


def test_screen_matches_the_core(real):
    dates, rows, frame = real
    out = udfs.EFFCAP_SCREEN(
        dates, rows, ["IVV", "AGG"], [Decimal("0.6"), Decimal("0.4")], ["WTMF", "GLD"], 0.2
    )
    table = screen(frame, {"IVV": 0.6, "AGG": 0.4}, ["WTMF", "GLD"], [0.2])
    assert out[0] == [table.attrs["caption"], *table.columns]
    assert out[0][0].startswith("as of 2026-08-03; overlay screen on core IVV=60% AGG=40%")
    for got, (label, row) in zip(out[1:], table.iterrows(), strict=True):
        assert got == [label, *(cells(v) for v in row)]
    wtmf = dict(zip(out[0], out[1], strict=True))
    assert wtmf["CAGR"] == pytest.approx(0.1018, abs=0.00005)
    assert wtmf["Max drawdown"] == pytest.approx(-0.2130, abs=0.00005)
    assert wtmf["GFC"] == "n/a" and wtmf["Simulated"] == ""


def test_screen_defaults_and_prices_by_header(real):
    dates, rows, _ = real
    order = [6, 3, 2, 1, 0, 4, 5]  # GLD, WTMF, NTSX, AGG, IVV, IEF, BIL
    shuffled = [[r[j] for j in order] for r in rows]
    first = udfs.EFFCAP_SCREEN(dates, rows)
    again = udfs.EFFCAP_SCREEN(dates, shuffled)
    by_label = {r[0]: dict(zip(first[0], r, strict=True)) for r in first[1:]}
    for r in again[1:]:
        assert dict(zip(again[0], r, strict=True)) == {
            k: pytest.approx(v) if isinstance(v, float) else v for k, v in by_label[r[0]].items()
        }
    # defaults: the 60/40 core, candidates none of whose classes it holds, 10/20/30%
    assert [r[0] for r in first[1:]] == [
        f"{c} +{s}%" for c in ("WTMF", "GLD") for s in (10, 20, 30)
    ]


def test_screen_sorts_and_says_when_there_is_no_answer(real):
    dates, rows, _ = real
    out = udfs.EFFCAP_SCREEN(dates, rows, None, None, "WTMF", [0.2, 0.4], "annual", "CAGR")
    head = out[0]
    assert [r[0] for r in out[1:]] == ["WTMF +20%", "WTMF +40%"]
    blank = dict(zip(head, out[2], strict=True))
    assert blank["Status"].startswith("no exact answer: nearest misses")
    assert blank["CAGR"] == "n/a" and blank["IVV"] == "n/a"
    no_ntsx = [[v for t, v in zip(TICKERS, r, strict=True) if t != "NTSX"] for r in rows]
    row = dict(zip(*udfs.EFFCAP_SCREEN(dates, no_ntsx, None, None, "WTMF", 0.2)[:2], strict=True))
    assert (
        row["Status"]
        == "no exact answer: no capital-efficient fund within the core's asset classes"
    )


SCREEN_CASES = [
    pytest.param(
        ("IVV AGG", None),
        "Give core_tickers and core_weights together, or neither (60/40).",
        id="core-half",
    ),
    pytest.param((["IVV", "AGG"], [0.6, NA]), "Weight 2 (AGG) is #N/A.", id="core-error"),
    pytest.param(
        (["IVV", "AGG"], [0.6, 0.3]),
        "Core weights sum to 90%, not 100% (allowed gap 0.0001%).",
        id="core-sum",
    ),
    pytest.param(
        (None, None, ["IVV"]),
        "IVV is in the core; screen funds the core does not hold.",
        id="in-core",
    ),
    pytest.param((None, None, ["XYZ"]), "No prices for candidate XYZ; add its column.", id="xyz"),
    pytest.param(
        (None, None, ["WTMF", "wtmf"]), "WTMF appears twice (candidates 1 and 2).", id="twice"
    ),
    pytest.param(
        (None, None, [["WTMF", "GLD"], ["DBMF", "KMLM"]]),
        "Candidates must be one row or one column, not 2 rows x 2 columns.",
        id="block",
    ),
    pytest.param(
        (None, None, "WTMF", 20.0),
        "Overlay 20 must be above 0 and below 100% of capital; write 20% or 0.2.",
        id="overlay-20",
    ),
    pytest.param(
        (None, None, "WTMF", "20%"), "Overlay 1 is text '20%', not a number.", id="overlay-text"
    ),
    pytest.param((None, None, "WTMF", [0.2, True]), "Overlay 2 is TRUE, not a number.", id="bool"),
    pytest.param(
        (None, None, "WTMF", 0.2, "fortnightly"),
        "Unknown rebalancing rule 'fortnightly'. Use one of: none, daily, monthly, quarterly, "
        "annual, threshold:0.05.",
        id="rule",
    ),
    pytest.param(
        (None, None, "WTMF", 0.2, None, "Colour"),
        "Cannot sort by 'Colour'; use a column such as Overlay, IVV, AGG, NTSX, WTMF, "
        "Total notional.",
        id="sort",
    ),
    pytest.param((None, None, "WTMF", 0.2, None, SPILL), "Sort is #SPILL!.", id="sort-spill"),
    pytest.param(
        (None, None, "WTMF", 0.2, None, None, [["Ticker", "U.S. Equities"], ["XYZ", CALC]]),
        "Catalog row 2, U.S. Equities: #CALC!.",
        id="catalog",
    ),
]


@pytest.mark.parametrize(("args", "message"), SCREEN_CASES)
def test_screen_bad_input(real, args, message):
    dates, rows, _ = real
    assert udfs.EFFCAP_SCREEN(dates, rows, *args) == "#EFFCAP: " + message


# --------------------------------------------------------------------------- EFFCAP_REALIZED


def test_realized_matches_the_core(real):
    dates, rows, frame = real
    out = udfs.EFFCAP_REALIZED(dates, rows, " ntsx ")
    result = realized_exposures("NTSX", frame)
    assert out == [
        ["Asset class", "Proxy", "Stated", "Realized", "Std error", "Difference", "Flagged"],
        *[
            [c, *map(cells, r)]
            for c, r in zip(result.table().index, result.table().to_numpy().tolist(), strict=True)
        ],
        ["R-squared", pytest.approx(result.r_squared), "", "", "", "", ""],
        ["Alpha a year", pytest.approx(result.alpha), "", "", "", "", ""],
        ["Observations", 419.0, "", "", "", "", ""],
        ["First close", dt.datetime(2018, 8, 2), "", "", "", "", ""],
        ["Last close", dt.datetime(2026, 8, 3), "", "", "", "", ""],
        ["Frequency", "weekly", "", "", "", "", ""],
    ]
    assert out[1][:4] == ["U.S. Equities", "IVV", 0.9, pytest.approx(0.916, abs=0.001)]
    assert out[2][2:4] == [0.6, pytest.approx(0.463, abs=0.001)] and out[2][6] is True


def test_realized_daily_and_by_header(real):
    dates, rows, _ = real
    order = [5, 4, 2, 0, 1, 3, 6]
    shuffled = [[r[j] for j in order] for r in rows]
    out = udfs.EFFCAP_REALIZED(dates, shuffled, "NTSX", "Daily")
    assert out[2][:4] == ["U.S. Fixed Income", "IEF", 0.6, pytest.approx(0.471, abs=0.001)]
    assert out[5] == ["Observations", 2009.0, "", "", "", "", ""]
    assert out == udfs.EFFCAP_REALIZED(dates, rows, "NTSX", "daily")


def _with_gde(rows):
    """The ranges without GLD, with a GDE column (a copy of NTSX's closes)."""
    keep = [i for i, t in enumerate(TICKERS) if t != "GLD"]
    return [[r[i] for i in keep] + [("GDE" if n == 0 else r[2])] for n, r in enumerate(rows)]


REALIZED_CASES = [
    pytest.param((None,), "Ticker is blank. Give the fund, e.g. NTSX.", id="blank"),
    pytest.param((NA,), "Ticker is #N/A.", id="na"),
    pytest.param((5.0,), "Ticker is 5, not text.", id="number"),
    pytest.param(
        ("XYZ",),
        "Unknown ticker: XYZ. Add it to a catalog table or check the spelling.",
        id="unknown",
    ),
    pytest.param(("BIL",), "BIL holds only cash: nothing to regress it on.", id="cash"),
    pytest.param(("RSST",), "No prices for RSST: add its column to regress its returns.", id="np"),
    pytest.param(
        ("GDE",),
        "GDE: no prices for the Gold proxy GLD; add its column to the prices range.",
        id="no-proxy-prices",
    ),
    pytest.param(
        ("NTSX", "monthly"), "Unknown frequency 'monthly'. Use daily or weekly.", id="freq"
    ),
    pytest.param(("NTSX", SPILL), "Frequency is #SPILL!.", id="freq-spill"),
    pytest.param(
        ("NTSX", None, [["Ticker", "U.S. Equities"], ["NTSX", NA]]),
        "Catalog row 2, U.S. Equities: #N/A.",
        id="catalog",
    ),
]


@pytest.mark.parametrize(("args", "message"), REALIZED_CASES)
def test_realized_bad_input(real, args, message):
    dates, rows, _ = real
    assert udfs.EFFCAP_REALIZED(dates, _with_gde(rows), *args) == "#EFFCAP: " + message


def test_realized_too_short_and_no_proxy(real):
    dates, rows, _ = real
    short = udfs.EFFCAP_REALIZED(dates[-30:], [rows[0], *rows[-30:]], "NTSX")
    assert short == "#EFFCAP: NTSX: 7 weekly returns in common with its proxies; need at least 13."
    ntsi = [[*r, "NTSI" if n == 0 else r[2]] for n, r in enumerate(rows)]
    assert udfs.EFFCAP_REALIZED(dates, ntsi, "NTSI") == (
        "#EFFCAP: NTSI: no proxy for International Equities; efficap cannot regress on it."
    )
