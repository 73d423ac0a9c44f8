"""The efficap command: figures, exposure, solve, catalog; formats and errors."""

import io
import json

import pandas as pd
import pytest

from efficap.cli import main

# Figure 2b blend rows as published (figures.md), percent; None = n/a.
PUBLISHED_BLENDS = {
    "Efficient Allocation to Managed Futures": [-2.35, 15.36, 13.22, 7.76, None, 9.27],
    "Traditional Allocation to Managed Futures": [-1.52, 13.88, 12.29, 7.63, 8.36, 7.75],
    "Traditional 60/40": [-2.69, 12.17, 12.53, 7.56, 9.27, 7.93],
}
PERIODS = ["YTD", "1Y", "3Y", "5Y", "10Y", "Since Inception"]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def csv_table(text):
    return pd.read_csv(io.StringIO(text), index_col=0)


def test_figure1_csv_is_the_published_weights(capsys):
    code, out, err = run(capsys, "figure", "1", "--format", "csv")
    assert code == 0
    table = csv_table(out)
    assert list(table.index) == ["IVV", "NTSX", "AGG", "WTMF", "Total"]
    assert table["Efficient Allocation to Managed Futures"].tolist() == [0.24, 0.4, 0.16, 0.2, 1.0]
    assert "--table exposures" in err


def test_figure1_exposures_table_and_pretty_output(capsys):
    _, out, _ = run(capsys, "figure", "1", "--format", "csv", "--table", "exposures")
    assert csv_table(out).loc["Total"].tolist() == [1.0, 1.0, 1.2]
    code, out, _ = run(capsys, "figure", "1")
    assert code == 0 and "120.00%" in out and "24.00%" in out


def test_figure3_json(capsys):
    code, out, _ = run(capsys, "figure", "3", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["blends"]["Efficient Allocation to Managed Futures"]["Net expense ratio"] == 0.00224
    assert data["fundamentals"]["Total assets ($ millions)"]["IVV"] == 725340.63


def test_figure2_reproduces_published_blend_rows(capsys, shared_prices_dir):
    code, out, err = run(
        capsys, "figure", "2", "--prices", str(shared_prices_dir), "--format", "csv"
    )
    assert code == 0, err
    table = csv_table(out)
    for blend, published in PUBLISHED_BLENDS.items():
        for period, value in zip(PERIODS, published, strict=True):
            cell = table.at[blend, period]
            if value is None:
                assert pd.isna(cell), (blend, period)
            else:
                assert abs(cell * 100 - value) <= 0.40, (blend, period, cell * 100, value)
    assert "market-price" in err


def test_solve_default_is_the_note(capsys):
    code, out, err = run(capsys, "solve", "--format", "csv")
    assert code == 0
    assert csv_table(out)["Weight"].to_dict() == {
        "IVV": 0.24,
        "NTSX": 0.4,
        "AGG": 0.16,
        "WTMF": 0.2,
    }
    assert "Exact: the only weights" in err


def test_solve_infeasible_reports_residual(capsys):
    code, out, err = run(
        capsys,
        "solve",
        "--target", "U.S. Equities=80%",
        "--target", "U.S. Fixed Income=0.8",
        "--funds", "IVV", "AGG",
        "--format", "csv", "--table", "exposures",
    )  # fmt: skip
    assert code == 0
    assert csv_table(out)["Residual"].tolist() == [-0.3, -0.3]
    assert "Not exact" in err


def test_solve_bounds_and_cash(capsys):
    code, out, _ = run(
        capsys,
        "solve",
        "--target", "U.S. Equities=60%",
        "--target", "U.S. Fixed Income=40%",
        "--funds", "NTSX", "IVV", "AGG",
        "--bound", "NTSX=40%:40%",
        "--allow-cash",
        "--format", "json",
    )  # fmt: skip
    weights = {k: v["Weight"] for k, v in json.loads(out)["weights"].items()}
    assert code == 0
    assert weights == {"NTSX": 0.4, "IVV": 0.24, "AGG": 0.16, "Cash": 0.2}


def test_exposure_default_and_given(capsys):
    _, out, _ = run(capsys, "exposure", "--format", "csv")
    assert csv_table(out)["Exposure"].to_dict()["Total Notional"] == 1.2
    code, out, err = run(capsys, "exposure", "NTSX=50%", "--format", "csv")
    assert code == 0 and csv_table(out)["Exposure"]["Financing"] == 0.25
    assert "50.00% of capital" in err


def test_catalog_command_round_trips_as_user_catalog(capsys, tmp_path):
    _, out, _ = run(capsys, "catalog", "--format", "csv")
    path = tmp_path / "catalog.csv"
    path.write_text(out)
    code, out, err = run(capsys, "figure", "3", "--catalog", str(path), "--format", "csv")
    assert code == 0, err


def test_help_has_examples(capsys):
    code, out, _ = run(capsys)
    assert code == 0 and "efficap figure 2 --prices" in out


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["figure", "2"], "Figure 2 needs price histories: add --prices"),
        (["figure", "2", "--prices", "/no/such/dir"], "/no/such/dir"),
        (["exposure", "IVV=60"], "'60' means 6000%"),
        (["exposure", "IVV"], "Expected TICKER=WEIGHT, got 'IVV'"),
        (["exposure", "IVV=abc"], "'abc' is not a number"),
        (["exposure", "XYZ=1"], "Unknown ticker: XYZ"),
        (["solve", "--target", "Bitcoin=10%", "--funds", "IVV"], "Unknown asset class 'Bitcoin'"),
        (["solve", "--target", "U.S. Equities=60%"], "Name the candidate funds"),
        (["solve", "--bound", "IVV=0.5"], "Bound for IVV must be LO:HI"),
        (["solve", "--objective", "luck"], "Unknown objective 'luck'"),
        (["figure", "1", "--catalog", "/no/such.csv"], "Catalog file not found"),
        (["solve", "--table", "nope"], "No table 'nope'; this output has: weights, exposures"),
    ],
)
def test_errors_are_one_line_without_traceback(capsys, argv, fragment):
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert fragment in err
    assert "Traceback" not in err and err.count("\n") == 1
