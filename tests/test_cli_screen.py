"""efficap screen: the overlay screen on the command line."""

from __future__ import annotations

import csv
import io
import json

import pytest

from efficap.cli import main


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_acceptance_csv(capsys, shared_prices_dir):
    code, out, err = run(
        capsys,
        "screen",
        "--prices",
        shared_prices_dir,
        "--core",
        "IVV=60%",
        "AGG=40%",
        "--candidates",
        "WTMF",
        "GLD",
        "--overlay",
        "20%",
        "--rebalance",
        "annual",
        "--format",
        "csv",
    )
    assert code == 0, err
    rows = {r["Row"]: r for r in csv.DictReader(io.StringIO(out))}
    assert list(rows) == ["WTMF +20%", "GLD +20%"]
    wtmf = rows["WTMF +20%"]
    assert float(wtmf["Overlay"]) == 0.2
    weights = {t: float(wtmf[t]) for t in ("IVV", "NTSX", "AGG", "WTMF")}
    assert weights == {"IVV": 0.24, "NTSX": 0.4, "AGG": 0.16, "WTMF": 0.2}
    assert float(wtmf["CAGR"]) == pytest.approx(0.1018, abs=0.0005)
    assert float(wtmf["Max drawdown"]) == pytest.approx(-0.2130, abs=0.0005)
    assert (wtmf["First close"], wtmf["Last close"]) == ("2018-08-02", "2026-08-03")
    assert rows["GLD +20%"]["GLD"] == "0.2"
    assert "note: screen: as of 2026-08-03; overlay screen on core IVV=60% AGG=40%" in err
    assert "DBMF" not in err  # only the funds that may be used are read


def test_defaults_json_and_sort(capsys, shared_prices_dir):
    code, out, err = run(
        capsys, "screen", "--prices", shared_prices_dir, "--sort", "sharpe", "--format", "json"
    )
    assert code == 0, err
    payload = json.loads(out)
    rows = payload["screen"]
    assert len(rows) == 15  # WTMF, DBMF, KMLM, GLD, CTA x 10%, 20%, 30%
    sharpes = [r["Sharpe"] for r in rows.values()]
    assert sharpes == sorted(sharpes, reverse=True)
    assert "overlay screen" in payload["about"]["screen"]["caption"]


def test_simulate_labels_rows(capsys, shared_prices_dir):
    code, out, err = run(
        capsys, "screen", "--prices", shared_prices_dir, "--candidates", "WTMF", "--overlay",
        "20%", "--simulate", "--format", "csv",
    )  # fmt: skip
    assert code == 0, err
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["First close"] == "2011-01-05"  # WTMF's first close; NTSX simulated before
    assert row["Simulated"] == "NTSX 2011-01-05 to 2018-08-01"
    assert "simulated data: WTMF +20%: NTSX 2011-01-05 to 2018-08-01" in err


@pytest.mark.parametrize(
    ("argv", "text"),
    [
        (["--overlay", "20"], "'20' means 2000%; write 20% or 0.2."),
        (["--candidates", "IVV"], "IVV is in the core"),
        (["--candidates", "XYZ"], "XYZ"),
        (["--core", "IVV=60%", "AGG=30%"], "not 100%"),
        (["--sort", "Colour"], "Cannot sort by 'Colour'"),
        (["--risk-free", "4"], "e.g. 4% or 0.04"),
        (["--rebalance", "fortnightly"], "Unknown rebalancing rule"),
    ],
)
def test_bad_input_is_one_line_exit_2(capsys, shared_prices_dir, argv, text):
    code, out, err = run(capsys, "screen", "--prices", shared_prices_dir, *argv)
    assert code == 2 and out == ""
    assert err.startswith("efficap: error: ") and text in err and "Traceback" not in err


def test_needs_prices(capsys):
    code, _, err = run(capsys, "screen")
    assert code == 2 and "add --prices PATH" in err
