"""efficap simulate, and --simulate on figure 2: simulated histories on the command line."""

import io
import json
import os

import pandas as pd
import pytest

from efficap.cli import main

VALIDATION_FIELDS = [
    "cagr_difference",
    "monthly_correlation",
    "monthly_tracking_error",
    "worst_monthly_gap",
    "worst_gap_month",
    "daily_correlation",
    "overlap_start",
    "overlap_end",
    "months",
]
EFFICIENT = "Efficient Allocation to Managed Futures"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- a hand-checked fund
#
# ONE = 100% U.S. Equities (proxy IVV), net expense ratio 0.0182625 a year, which is
# 0.00005 per calendar day (/365.25). Closes Thursday, Friday, Monday, Tuesday: 1, 3, 1
# calendar days apart, so the fee between them is 0.00005, 0.00015, 0.00005.
#
#   date        IVV       IVV return   ONE = previous x (1 + return - fee)
#   2024-01-04  100                    1
#   2024-01-05  101       +1%          1.00995
#   2024-01-08   99.99    -1%          1.00995 x 0.98985          = 0.9996990075
#   2024-01-09  100.9899  +1%          0.9996990075 x 1.00995     = 1.0096461408...
DAYS = ["2024-01-04", "2024-01-05", "2024-01-08", "2024-01-09"]
IVV = [100.0, 101.0, 99.99, 100.9899]
ONE = [1.0, 1.00995, 1.00995 * 0.98985, 1.00995 * 0.98985 * 1.00995]


@pytest.fixture
def tiny(tmp_path):
    folder = tmp_path / "prices"
    folder.mkdir()
    lines = ["Date,Close", *(f"{d},{c}" for d, c in zip(DAYS, IVV, strict=True))]
    (folder / "IVV.csv").write_text("\n".join(lines) + "\n")
    (tmp_path / "funds.csv").write_text("Ticker,Net ER,U.S. Equities\nONE,1.82625%,1\n")
    return tmp_path


def test_wholly_simulated_fund_by_hand(capsys, tiny):
    argv = ["simulate", "ONE", "--prices", tiny / "prices", "--catalog", tiny / "funds.csv"]
    out_path = tiny / "one.csv"
    code, out, err = run(capsys, *argv, "--out", out_path, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["simulated_from"], data["simulated_to"]) == ("2024-01-04", "2024-01-09")
    assert data["proxies"] == {"U.S. Equities": ["IVV"]}
    assert data["months"] == 0 and data["cagr_difference"] is None  # nothing to compare
    assert "No prices for ONE: the whole series is simulated, from 1.0." in data["notes"]
    frame = pd.read_csv(out_path)
    assert list(frame.columns) == ["Date", "Close", "Simulated"]
    assert frame["Date"].tolist() == DAYS
    assert frame["Close"].tolist() == pytest.approx(ONE, abs=1e-12)
    assert out_path.read_text().splitlines()[1] == "2024-01-04,1.0,TRUE"
    assert oct(out_path.stat().st_mode & 0o777) == oct(0o666 & ~_umask())
    assert sorted(p.name for p in tiny.iterdir()) == ["funds.csv", "one.csv", "prices"]


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_out_keeps_an_existing_file_unless_forced(capsys, tiny):
    argv = ["simulate", "ONE", "--prices", tiny / "prices", "--catalog", tiny / "funds.csv"]
    out_path = tiny / "one.csv"
    out_path.write_text("mine\n")
    code, out, err = run(capsys, *argv, "--out", out_path)
    assert (code, out) == (2, "")
    assert err == (
        f"efficap: error: {out_path} exists and differs from what efficap would write; "
        "pass --force to replace it.\n"
    )
    assert out_path.read_text() == "mine\n"
    code, _, err = run(capsys, *argv, "--out", out_path, "--force")
    assert code == 0, err
    assert out_path.read_text().startswith("Date,Close,Simulated\n2024-01-04,1.0,TRUE\n")
    written = out_path.read_bytes()
    code, _, err = run(capsys, *argv, "--out", out_path)  # the same content: fine
    assert code == 0, err
    assert out_path.read_bytes() == written
    assert sorted(p.name for p in tiny.iterdir()) == ["funds.csv", "one.csv", "prices"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["XYZ"], "Unknown ticker: XYZ. Add it to a catalog table or check the spelling."),
        (
            ["ONE", "--spread", "5"],
            "Spread is 5 (500%): not plausible for an annual financing spread (0% to 10%). "
            "Write a decimal or a percent, e.g. 0.5% or 0.005.",
        ),
        (
            ["ONE", "--expense-ratio", "0.5"],
            "ONE expense ratio is 0.5 (50%): not plausible for an expense ratio (0% to 3%). "
            "Write a decimal or a percent, e.g. 0.2% or 0.002.",
        ),
        (
            ["NTSX"],
            "NTSX: no prices for the U.S. Fixed Income proxy IEF; add IEF closes to --prices.",
        ),
        (
            ["GDE"],
            "GDE has no net expense ratio in the catalog; pass --expense-ratio, e.g. 0.5%.",
        ),
        (
            ["ONE", "--out", "no/such/folder.csv"],
            "No folder no/such to write folder.csv in; create it first.",
        ),
    ],
)
def test_bad_input_is_one_line(capsys, tiny, extra, message):
    argv = ["simulate", *extra, "--prices", tiny / "prices", "--catalog", tiny / "funds.csv"]
    code, out, err = run(capsys, *argv)
    assert (code, out, err) == (2, "", f"efficap: error: {message}\n")


# --------------------------------------------------------------------------- real prices


def test_ntsx_follows_the_real_fund(capsys, shared_prices_dir):
    code, out, err = run(
        capsys, "simulate", "NTSX", "--prices", shared_prices_dir, "--format", "json"
    )
    assert code == 0, err
    data = json.loads(out)
    for name in [*VALIDATION_FIELDS, "simulated_from", "simulated_to", "proxies", "notes"]:
        assert name in data, name
    assert abs(data["cagr_difference"]) <= 0.003
    assert data["monthly_correlation"] >= 0.99
    assert (data["overlap_start"], data["simulated_to"]) == ("2018-08-02", "2018-08-01")
    assert data["proxies"] == {
        "U.S. Equities": ["IVV"],
        "U.S. Fixed Income": ["IEF"],
        "Cash": ["BIL", "SHY"],
    }
    assert list(data["validation"]) == [*VALIDATION_FIELDS, "simulated_from", "simulated_to"]
    assert data["validation"]["months"]["Value"] == data["months"] > 90
    # For people: correlations as plain numbers, differences as percentages.
    code, out, _ = run(capsys, "simulate", "NTSX", "--prices", shared_prices_dir)
    assert f"{data['monthly_correlation']:.3f}" in out
    assert f"{data['cagr_difference']:.2%}" in out


def test_spliced_csv_is_real_from_the_first_real_close(capsys, shared_prices_dir, tmp_path):
    out_path = tmp_path / "ntsx.csv"
    argv = ["simulate", "NTSX", "--prices", shared_prices_dir, "--out", out_path]
    code, _, err = run(capsys, *argv, "--format", "csv")
    assert code == 0, err
    spliced = pd.read_csv(out_path, index_col="Date")
    real = pd.read_csv(shared_prices_dir / "NTSX.csv", index_col="Date")["Close"]
    assert spliced.index[0] == "2002-07-30"
    assert spliced.loc[:"2018-08-01", "Simulated"].all()
    assert not spliced.loc["2018-08-02":, "Simulated"].any()
    assert spliced.loc["2018-08-02":, "Close"].equals(real)  # the real closes, unchanged


def test_figure2_simulate_fills_the_efficient_10y_cell(capsys, shared_prices_dir):
    argv = ["figure", "2", "--prices", shared_prices_dir, "--format", "json"]
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    plain = json.loads(out)
    code, out, err = run(capsys, *argv, "--simulate")
    assert code == 0, err
    data = json.loads(out)
    assert plain["standardized"][EFFICIENT]["10Y"] is None  # as published: n/a
    ten = data["standardized"][EFFICIENT]["10Y"]
    assert 0.06 < ten < 0.12
    for period in ("1Y", "3Y", "5Y"):  # windows after 2018-08-02 are real closes only
        assert data["standardized"][EFFICIENT][period] == plain["standardized"][EFFICIENT][period]
    assert "simulated" not in plain and "simulated" not in plain["about"]["standardized"]
    for table in ("standardized", "chart"):  # the span each row uses
        assert (
            f"{EFFICIENT} uses NTSX 2011-01-05 to 2018-08-01 (real from 2018-08-02)"
            in (data["about"][table]["caption"])
        )
    # Since inception reads the simulated closes; the chart's YTD, 1Y and 3Y do not.
    assert data["standardized"][EFFICIENT]["Simulated"] == "NTSX 2011-01-05..2018-08-01"
    assert data["chart"][EFFICIENT]["Simulated"] == "none"
    # The fund row: partly simulated, named with its real inception; Inception is the
    # first close its since-inception return uses.
    ntsx_row = data["standardized"]["NTSX (MP; simulated before 2018-08-02)"]
    assert (ntsx_row["Inception"], ntsx_row["Simulated"]) == (
        "2002-07-30",
        "NTSX 2002-07-30..2018-08-01",
    )
    assert data["standardized"]["IVV (MP)"]["Simulated"] == "none"
    assert data["simulated"]["NTSX"]["to"] == "2018-08-01"
    assert any(n.startswith("NTSX simulated from 2002-07-30 to 2018-08-01") for n in data["notes"])
    # In the table format the caption is in the title.
    code, out, err = run(capsys, *argv[:-2], "--simulate", "NTSX", "--table", "standardized")
    assert code == 0, err
    assert out.splitlines()[0].endswith("; column Simulated marks each row)")
    assert f"{ten:.2%}" in out
    assert "note: WTMF not simulated" not in err  # named funds: exactly those


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["figure", "1", "--simulate"],
            "--simulate goes with figure 2, the figure computed from prices.",
        ),
        (
            ["figure", "2", "--simulate", "GDE"],
            "--simulate GDE: no blend holds it; name held funds (NTSX, WTMF, IVV, AGG).",
        ),
        (
            ["figure", "2", "--simulate", "WTMF"],
            "--simulate WTMF: cannot simulate: it is the Managed Futures proxy of simulated "
            "histories",
        ),
        (
            ["figure", "2", "--simulate", "NTSX", "ntsx"],
            "--simulate lists NTSX twice; list each fund once.",
        ),
    ],
)
def test_simulate_option_errors(capsys, shared_prices_dir, argv, message):
    code, out, err = run(capsys, *argv, "--prices", shared_prices_dir)
    assert (code, out, err) == (2, "", f"efficap: error: {message}\n")


def test_a_class_without_proxy_is_one_line(capsys, shared_prices_dir):
    code, out, err = run(capsys, "simulate", "NTSI", "--prices", shared_prices_dir)
    assert (code, out) == (2, "")
    assert err == "efficap: error: NTSI: no proxy for International Equities.\n"


def test_csv_output_of_the_validation_table(capsys, shared_prices_dir):
    argv = ["simulate", "NTSX", "--prices", shared_prices_dir, "--format", "csv"]
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    table = pd.read_csv(io.StringIO(out), index_col=0)
    assert list(table.columns) == ["Value", "Meaning"]
    assert table.at["worst_gap_month", "Value"] == "2024-03"
    assert "note: validation: NTSX simulated from its stated exposures (0.9 IVV + 0.6 IEF " in err
