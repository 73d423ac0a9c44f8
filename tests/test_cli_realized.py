"""efficap realized: stated vs realized exposures on the command line."""

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
        capsys, "realized", "NTSX", "--prices", shared_prices_dir, "--format", "csv"
    )
    assert code == 0, err
    rows = {r["Asset class"]: r for r in csv.DictReader(io.StringIO(out))}
    assert list(rows) == ["U.S. Equities", "U.S. Fixed Income"]
    eq, fi = rows["U.S. Equities"], rows["U.S. Fixed Income"]
    assert (float(eq["stated"]), float(fi["stated"])) == (0.9, 0.6)
    assert float(eq["realized"]) == pytest.approx(0.92, abs=0.005)  # weekly, the default
    assert float(fi["realized"]) == pytest.approx(0.46, abs=0.005)
    assert (eq["flagged"], fi["flagged"]) == ("False", "True")
    assert "NTSX weekly returns over BIL's" in err and "419 observations" in err


def test_daily_json(capsys, shared_prices_dir):
    code, out, err = run(
        capsys, "realized", "ntsx", "--prices", shared_prices_dir, "--frequency", "daily",
        "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    payload = json.loads(out)
    fi = payload["exposures"]["U.S. Fixed Income"]
    assert fi["realized"] == pytest.approx(0.47, abs=0.005) and fi["flagged"] is True
    assert payload["observations"] == 2009 and payload["first"] == "2018-08-02"
    assert payload["r_squared"] == pytest.approx(0.93, abs=0.005)


def test_window(capsys, shared_prices_dir):
    argv = ["realized", "NTSX", "--prices", shared_prices_dir, "--start", "2022-01-01"]
    code, out, err = run(capsys, *argv, "--end", "2022-12-31", "--table", "fit", "--format", "csv")
    assert code == 0, err
    fit = {r["Field"]: r["Value"] for r in csv.DictReader(io.StringIO(out))}
    assert fit["first"] == "2022-01-03" and fit["last"] == "2022-12-30"


@pytest.mark.parametrize(
    ("argv", "text"),
    [
        (["BIL"], "BIL holds only cash"),
        (["NTSI"], "no proxy for International Equities"),
        (["XYZ"], "XYZ"),
        (["NTSX", "--start", "03/04/2020"], "ambiguous"),
        (["NTSX", "--start", "2026-07-01"], "need at least"),
    ],
)
def test_bad_input_is_one_line_exit_2(capsys, shared_prices_dir, argv, text):
    code, out, err = run(capsys, "realized", *argv[:1], "--prices", shared_prices_dir, *argv[1:])
    assert code == 2 and out == ""
    assert err.startswith("efficap: error: ") and text in err and "Traceback" not in err


def test_simulate_with_realized_exposures(capsys, shared_prices_dir):
    argv = ["simulate", "NTSX", "--prices", shared_prices_dir, "--format", "json"]
    code, out, err = run(capsys, *argv, "--realized")
    assert code == 0, err
    payload = json.loads(out)
    assert payload["monthly_correlation"] > 0.996
    assert "realized (weekly regression) exposures (0.9159 IVV + 0.4631 IEF" in json.dumps(payload)
