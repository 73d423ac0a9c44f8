"""efficap analyze: an allocator's own blends, checked against a plain-Python loop."""

import csv
import io
import json
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_blend import calendar_year, quarterly_blend, window_return

import efficap.cli.analyze as analyze
from efficap.cli import main
from efficap.cli.blends import read_weights_file
from efficap.market_calendar import trading_days

SIXTY_FORTY = ["--blend", "60/40", "IVV=60%", "AGG=40%"]
EFFICIENT = ["--blend", "Efficient", "IVV=24%", "NTSX=40%", "AGG=16%", "WTMF=20%"]
# S&P 500 closing high to closing low (S&P Dow Jones Indices daily closes).
GFC = ("2007-10-09", "2009-03-09")
COVID = ("2020-02-19", "2020-03-23")


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def csv_table(text):
    return pd.read_csv(io.StringIO(text), index_col=0)


# ------------------------------------------------------------------- a tiny hand-checked case
#
# Four NYSE sessions. 50% IVV + 50% AGG, bought on 2024-01-02 and (annual rule) held:
#
#   date        IVV    AGG    blend = 0.5 IVV/100 + 0.5 AGG/100
#   2024-01-02  100    100    1.0
#   2024-01-03  110    100    1.05
#   2024-01-04   99    100    0.995     period P (01-03 to 01-04): 0.995 / 1.05 - 1
#   2024-01-05  108.9  101    1.0495    2024 (partial): +4.95%; SI +4.95%
#
# One drawdown: peak 01-03, trough 01-04 at 0.995 / 1.05 - 1 = -5.2381%, not recovered
# by the last close, 2 closes after the peak.
TINY = {"IVV": [100.0, 110.0, 99.0, 108.9], "AGG": [100.0, 100.0, 100.0, 101.0]}
DAYS = ["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"]


@pytest.fixture
def tiny(tmp_path):
    folder = tmp_path / "prices"
    folder.mkdir()
    for ticker, closes in TINY.items():
        lines = ["Date,Close", *(f"{d},{c}" for d, c in zip(DAYS, closes, strict=True))]
        (folder / f"{ticker}.csv").write_text("\n".join(lines) + "\n")
    (tmp_path / "periods.csv").write_text("name,start,end\nP,2024-01-03,2024-01-04\n")
    return tmp_path


def test_tiny_blend_by_hand(capsys, tiny):
    argv = ["analyze", "--prices", tiny / "prices", "--blend", "Half", "IVV=50%", "AGG=0.5"]
    argv += ["--periods", tiny / "periods.csv", "--format", "json"]
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    data = json.loads(out)
    assert data["stress"] == {
        "P": {"Start": "2024-01-03", "End": "2024-01-04", "Half": pytest.approx(0.995 / 1.05 - 1)}
    }
    assert data["calendar"] == {"2024": {"Half": pytest.approx(0.0495), "Partial": "Half"}}
    assert data["performance"]["Half"]["Since Inception"] == pytest.approx(0.0495)
    assert data["performance"]["Half"]["YTD"] is None
    assert data["drawdowns"] == {
        "1": {
            "Blend": "Half",
            "Rank": 1,
            "Depth": pytest.approx(0.995 / 1.05 - 1),
            "Peak": "2024-01-03",
            "Trough": "2024-01-04",
            "Recovery": "not recovered",
            "Trading days": 2,
        }
    }
    assert data["closes"]["Half"] == {"First close": "2024-01-02", "Last close": "2024-01-05"}
    assert data["as_of"] == "2024-01-05" and data["rebalancing"] == "annual"
    assert data["windows"] == "linked" and data["equity"] == "IVV"
    assert "simulated" not in data
    # The table format shows percentages, the drawdown's "not recovered", n/a for YTD.
    code, out, err = run(capsys, *argv[:-2])
    assert code == 0
    assert "-5.24%" in out and "not recovered" in out and "n/a" in out
    assert "note: as_of 2024-01-05: Every table uses the closes on or before this date." in err


def test_weights_file_both_layouts_equal_the_blend_options(capsys, tiny):
    prices = tiny / "prices"
    by_fund = tiny / "by_fund.csv"
    by_fund.write_text("Ticker,Half,All stocks\nIVV,50%,1\nAGG,0.5,\n")
    by_blend = tiny / "by_blend.csv"
    by_blend.write_text("Blend,IVV,AGG\nHalf,0.5,50%\nAll stocks,100%,\n")
    options = [
        "--blend",
        "Half",
        "IVV=50%",
        "AGG=50%",
        "--blend",
        "All stocks",
        "IVV=100%",
    ]
    outputs = []
    for how in (options, ["--weights", by_fund], ["--weights", by_blend]):
        code, out, err = run(capsys, "analyze", "--prices", prices, *how, "--format", "json")
        assert code == 0, err
        outputs.append(json.loads(out))
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0]["performance"]["All stocks"]["Since Inception"] == pytest.approx(0.089)


def test_csv_keeps_user_text_as_text_and_numbers_as_numbers(capsys, tiny):
    # A blend (from a weights file) and a stress period named like formulas: in CSV
    # (opened in Excel) each name carries the quote prefix, the period's return -5.2381%
    # stays a number; JSON keeps the names exactly as typed.
    blend, period = '=HYPERLINK("http://x","y")', "-crash"
    (tiny / "periods.csv").write_text(f"name,start,end\n{period},2024-01-03,2024-01-04\n")
    (tiny / "w.csv").write_text('Blend,IVV,AGG\n"=HYPERLINK(""http://x"",""y"")",50%,50%\n')
    argv = ["analyze", "--prices", tiny / "prices", "--weights", tiny / "w.csv"]
    argv += ["--periods", tiny / "periods.csv", "--table", "stress"]
    code, out, err = run(capsys, *argv, "--format", "csv")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["Period", "Start", "End", f"'{blend}"]
    assert rows[1][:3] == [f"'{period}", "2024-01-03", "2024-01-04"]
    assert float(rows[1][3]) == pytest.approx(0.995 / 1.05 - 1)
    assert rows[1][3].startswith("-0.0523809")  # written as a number, no quote prefix
    assert len(rows) == 2
    code, out, err = run(capsys, *argv, "--format", "json")
    assert code == 0, err
    assert json.loads(out)["stress"][period][blend] == pytest.approx(0.995 / 1.05 - 1)


# --------------------------------------------------------------------------- real prices


def test_stress_rows_match_the_plain_loop(capsys, shared_prices_dir):
    code, out, err = run(
        capsys,
        "analyze",
        "--prices",
        shared_prices_dir,
        *SIXTY_FORTY,
        "--rebalance",
        "quarterly",
        "--table",
        "stress",
        "--format",
        "csv",
    )
    assert code == 0, err
    table = csv_table(out)
    assert list(table.columns) == ["Start", "End", "60/40"]
    dates, values = quarterly_blend(shared_prices_dir, {"IVV": 0.6, "AGG": 0.4})
    for period, (start, end) in (("GFC", GFC), ("Covid crash", COVID)):
        assert (table.at[period, "Start"], table.at[period, "End"]) == (start, end)
        expected = window_return(dates, values, start, end)
        assert abs(table.at[period, "60/40"] - expected) <= 0.0005, period
    assert table.at["GFC", "60/40"] < -0.3  # the loop and the command both see the crash
    assert (
        "note: stress: as of 2026-08-03; quarterly rebalancing; linked windows (periods read "
        "off the blend's own history); total return over each period, not annualized" in err
    )


def test_calendar_years_match_the_plain_loop(capsys, shared_prices_dir):
    argv = ["analyze", "--prices", shared_prices_dir, *SIXTY_FORTY, "--rebalance", "quarterly"]
    code, out, err = run(capsys, *argv, "--table", "calendar", "--format", "csv")
    assert code == 0, err
    table = csv_table(out)
    assert list(table.columns) == ["60/40", "Partial"]
    dates, values = quarterly_blend(shared_prices_dir, {"IVV": 0.6, "AGG": 0.4})
    for year in (2008, 2022):
        expected = calendar_year(dates, values, year)
        assert abs(table.at[year, "60/40"] - expected) <= 0.0005, year
        assert pd.isna(table.at[year, "Partial"])  # a full year: no blend named
    assert table.at[2003, "Partial"] == "60/40"  # AGG's first close is 2003-09-29


def test_every_table_says_what_it_is(capsys, shared_prices_dir):
    argv = ["analyze", "--prices", shared_prices_dir, *SIXTY_FORTY, *EFFICIENT]
    argv += ["--as-of", "2026-03-31"]
    code, out, err = run(capsys, *argv, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    tables = ["performance", "risk", "stress", "calendar", "drawdowns", "closes"]
    assert [k for k in data if k in tables] == tables
    for name in tables:
        about = data["about"][name]
        assert about["as_of"] == "2026-03-31" and about["rebalance"] == "annual", name
        assert about["caption"].startswith("as of 2026-03-31; annual rebalancing; linked windows")
        assert "simulated" not in about["caption"]
    assert data["performance"]["Efficient"]["10Y"] is None  # NTSX starts 2018-08-02
    assert data["stress"]["GFC"]["Efficient"] is None
    assert data["closes"]["Efficient"]["First close"] == "2018-08-02"
    # Risk figures that are not fractions print as plain numbers for people.
    code, out, _ = run(capsys, *argv, "--table", "risk")
    sharpe = data["risk"]["60/40"]["Sharpe"]
    assert f"{sharpe:.3f}" in out and f"{sharpe:.2%}" not in out
    # --window restart: the performance table only, and it says so.
    code, out, err = run(capsys, *argv, "--window", "restart", "--format", "json")
    about = json.loads(out)["about"]
    assert about["performance"]["window"] == "restart"
    assert (
        "restart windows (each period restarted at target weights)"
        in (about["performance"]["caption"])
    )
    assert about["stress"]["window"] == "linked"


def test_simulated_history_covers_2011_and_says_so(capsys, shared_prices_dir):
    argv = ["analyze", "--prices", shared_prices_dir, *EFFICIENT, "--table", "stress"]
    code, out, err = run(capsys, *argv, "--format", "json")
    assert code == 0, err
    plain = json.loads(out)["stress"]
    code, out, err = run(capsys, *argv, "--simulate", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    stress = data["stress"]
    assert plain["2011 debt-ceiling/euro crisis"]["Efficient"] is None
    assert stress["GFC"]["Efficient"] is None  # WTMF starts 2011-01-05
    assert -0.15 < stress["2011 debt-ceiling/euro crisis"]["Efficient"] < -0.05
    assert -0.15 < stress["Q4 2018"]["Efficient"] < -0.08
    # From 2018-08-02 the closes are real: the Covid crash is the same as without.
    assert stress["Covid crash"]["Efficient"] == pytest.approx(
        plain["Covid crash"]["Efficient"], abs=0.01
    )
    caption = data["about"]["stress"]["caption"]
    # The span this blend uses: from its first common close (WTMF's), not NTSX's 2002.
    assert (
        "simulated data: Efficient uses NTSX 2011-01-05 to 2018-08-01 (real from 2018-08-02)"
        in (caption)
    )
    marks = {period: row["Simulated"] for period, row in stress.items()}
    assert marks["2011 debt-ceiling/euro crisis"] == "Efficient: NTSX 2011-04-29..2011-10-03"
    assert marks["Q4 2018"] == "none" and marks["GFC"] == "none"
    ntsx = data["simulated"]["NTSX"]
    assert (ntsx["from"], ntsx["to"]) == ("2002-07-30", "2018-08-01")
    assert abs(ntsx["cagr_difference"]) < 0.003 and ntsx["monthly_correlation"] > 0.99
    # IVV and WTMF are proxies; AGG has no embedded leverage, so only a named AGG is.
    assert set(data["simulated"]) == {"NTSX"}
    notes = data["notes"]
    assert any(
        n.startswith(
            "NTSX simulated from 2002-07-30 to 2018-08-01 from its stated exposures "
            "(0.9 IVV + 0.6 IEF - 0.5 BIL less 0.20%); validation over 2018-08-02..2026-08-03: "
            "CAGR +0.19 points a year, monthly correlation 0.995"
        )
        for n in notes
    )
    assert "IVV not simulated: it is the U.S. Equities proxy of simulated histories" in notes
    assert "WTMF not simulated: it is the Managed Futures proxy of simulated histories" in notes
    assert (
        "AGG not simulated: it has no embedded leverage (name it after --simulate to extend "
        "it anyway)" in notes
    )
    # Named funds: exactly those, and a poor fit says so (AGG from IEF: correlation 0.89).
    code, out, err = run(capsys, *argv, "--simulate", "AGG", "--format", "json")
    assert code == 0, err
    assert any("AGG simulated" in n and "POOR FIT" in n for n in json.loads(out)["notes"])
    code, out, err = run(capsys, *argv, "--simulate", "NTSX", "--format", "json")
    assert code == 0, err
    assert set(json.loads(out)["simulated"]) == {"NTSX"}


def test_simulate_skips_funds_that_cannot_be_with_a_note(capsys, shared_prices_dir):
    argv = ["analyze", "--prices", shared_prices_dir, "--blend", "Mix", "NTSX=50%", "NTSI=25%"]
    code, out, err = run(capsys, *argv, "GDE=25%", "--simulate", "--table", "closes")
    assert code == 0, err
    assert "note: NTSI not simulated: NTSI: no proxy for International Equities.\n" in err
    assert (
        "note: GDE not simulated: GDE has no net expense ratio in the catalog; give one in a "
        "--catalog\n" in err
    )
    # NTSX is simulated back to 2002, but Mix starts at NTSI's and GDE's first close.
    assert "simulated data: Mix uses none" in out
    assert out.splitlines()[-1].endswith(" none")  # the Simulated column of Mix's row
    code, out, err = run(capsys, *argv, "GDE=25%", "--simulate", "NTSX", "GDE")
    assert (code, out) == (2, "")
    assert err == (
        "efficap: error: --simulate GDE: cannot simulate: GDE has no net expense ratio in the "
        "catalog; give one in a --catalog\n"
    )


# --------------------------------------------------------------------------- the workbook


class FakeEntryPoint:
    def __init__(self, name, writer):
        self.name, self._writer = name, writer

    def load(self):
        return self._writer


def test_out_calls_the_portfolio_lab_writer(capsys, monkeypatch, tiny):
    calls = []

    def write(path, prices, blends, **options):
        calls.append((path, prices, blends, options))
        return Path(path)

    def fake_entry_points(group):
        assert group == "efficap.workbooks"
        return [FakeEntryPoint("other", None), FakeEntryPoint("portfolio_lab", write)]

    monkeypatch.setattr(analyze, "entry_points", fake_entry_points)
    out_path = tiny / "lab.xlsx"
    argv = ["analyze", "--prices", tiny / "prices", "--blend", "Half", "IVV=50%", "AGG=50%"]
    code, _, err = run(capsys, *argv, "--out", out_path, "--rebalance", "monthly")
    assert code == 0, err
    [(path, prices, blends, options)] = calls
    assert path == str(out_path)
    assert blends == {"Half": {"IVV": 0.5, "AGG": 0.5}}
    assert list(prices.columns) == ["IVV", "AGG"]
    assert prices["IVV"].tolist() == TINY["IVV"]
    assert options == {
        "as_of": pd.Timestamp("2024-01-05"),
        "rebalance": "monthly",
        "catalog": None,
        "simulated": None,
        "force": False,
    }
    assert f"note: Wrote the Portfolio Lab workbook {out_path}." in err
    # The writer decides (identical: fine; different: needs --force); --force is passed on.
    code, _, _ = run(capsys, *argv, "--out", out_path, "--force")
    assert code == 0 and calls[-1][3]["force"] is True


def test_out_twice_is_fine_and_a_different_file_needs_force(capsys, tiny):
    # The real Portfolio Lab writer, by the rule of efficap build: the same content again
    # is not an error; a file that differs is kept unless --force.
    out_path = tiny / "lab.xlsx"
    argv = ["analyze", "--prices", tiny / "prices", "--blend", "Half", "IVV=50%", "AGG=50%"]
    code, _, err = run(capsys, *argv, "--out", out_path)
    assert code == 0, err
    first = out_path.read_bytes()
    code, _, err = run(capsys, *argv, "--out", out_path)
    assert code == 0, err
    assert out_path.read_bytes() == first
    code, out, err = run(capsys, *argv, "--rebalance", "monthly", "--out", out_path)
    assert (code, out) == (2, "")
    assert err == (
        f"efficap: error: {out_path} exists and differs from what efficap would write; "
        "pass --force to replace it.\n"
    )
    assert out_path.read_bytes() == first
    code, _, err = run(capsys, *argv, "--rebalance", "monthly", "--out", out_path, "--force")
    assert code == 0, err
    assert out_path.read_bytes() != first


def test_out_without_the_writer_says_what_to_install(capsys, monkeypatch, tiny):
    monkeypatch.setattr(analyze, "entry_points", lambda group: [])
    argv = ["analyze", "--prices", tiny / "prices", "--blend", "All", "IVV=100%"]
    code, out, err = run(capsys, *argv, "--out", tiny / "lab.xlsx")
    assert (code, out) == (2, "")
    assert err == (
        "efficap: error: --out needs the Portfolio Lab writer of efficap's Excel layer (entry "
        "point efficap.workbooks: portfolio_lab); reinstall efficap from its clone or wheel "
        "(pip install CLONE, README 'Quick start') so the Excel layer comes with it.\n"
    )
    assert not (tiny / "lab.xlsx").exists()


# --------------------------------------------------------------------------- bad input


def test_no_prices_is_one_line(capsys):
    code, out, err = run(capsys, "analyze", "--blend", "A", "IVV=100%")
    assert (code, out) == (2, "")
    assert err == (
        "efficap: error: analyze needs price histories: add --prices PATH (a folder of "
        "TICKER.csv files with Date,Close columns, a wide CSV, or an XLSX).\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], 'Give a blend: --blend "60/40" IVV=60% AGG=40%, or --weights FILE.'),
        (
            ["--blend", "60/40", "IVV=60%", "AGG=30%"],
            "60/40: weights sum to 90%, not 100% (allowed gap 0.0001%).",
        ),
        (
            ["--blend", "X", "IVV=60%", "XYZ=40%"],
            "Unknown ticker: XYZ. Add it to a catalog table or check the spelling.",
        ),
        (
            ["--blend", "X", "IVV=60%", "ivv=40%"],
            "--blend X: ivv is given twice (IVV=60% and ivv=40%); give each once.",
        ),
        (
            ["--blend", "X", "IVV=60", "AGG=40%"],
            "--blend X: '60' means 6000%; write 60% or 0.6.",
        ),
        (
            ["--blend", "IVV=60%", "AGG=40%"],
            '--blend takes a name, then weights: --blend "60/40" IVV=60% AGG=40% '
            "(got 'IVV=60%').",
        ),
        (
            ["--blend", "A", "IVV=1", "--blend", "a", "AGG=1"],
            "Blend a is given twice; name each blend once.",
        ),
        (
            ["--blend", "A", "IVV=1", "--simulate", "XYZ"],
            "--simulate XYZ: no blend holds it; name held funds (IVV).",
        ),
        (
            ["--blend", "A", "IVV=1", "--simulate", "IVV"],
            "--simulate IVV: cannot simulate: it is the U.S. Equities proxy of simulated histories",
        ),
        (
            ["--blend", "A", "IVV=1", "--top", "0"],
            "--top must be a whole number of episodes, 1 or more; got '0'.",
        ),
        (
            ["--blend", "A", "IVV=1", "--as-of", "03/04/2026"],
            "--as-of '03/04/2026' is ambiguous (day/month or month/day?): write 2026-04-03 or "
            "2026-03-04.",
        ),
    ],
)
def test_bad_input_is_one_line(capsys, tiny, argv, message):
    code, out, err = run(capsys, "analyze", "--prices", tiny / "prices", *argv)
    assert (code, out, err) == (2, "", f"efficap: error: {message}\n")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Blend,IVV,AGG\nA,60%,30%\n", "A: weights sum to 90%, not 100% (allowed gap 0.0001%)."),
        ("Blend,IVV,IVV\nA,60%,40%\n", "w.csv: ticker IVV appears twice; give each once."),
        (
            "Ticker,A\nIVV,60%\nAGG,forty\n",
            "w.csv: A, AGG: 'forty' is not a number (write 60% or 0.6).",
        ),
        ("Ticker,A,A\nIVV,1,1\n", "w.csv: blend A appears twice; give each once."),
        ("Ticker,A\n", "w.csv holds no blends: a header row, then weights."),
        ("Blend,IVV\n,1\n", "w.csv: a blend name is blank; name every blend."),
    ],
)
def test_bad_weights_files(capsys, tiny, text, message):
    (tiny / "w.csv").write_text(text)
    code, out, err = run(
        capsys, "analyze", "--prices", tiny / "prices", "--weights", tiny / "w.csv"
    )
    assert (code, out, err) == (2, "", f"efficap: error: {message}\n")


def test_the_help_shows_weights_files_that_read_as_said(tmp_path):
    lines = analyze._EPILOG.split("told apart by the first header cell):\n")[1]
    lines = lines.split("  (a blank cell")[0].splitlines()
    left = [line[:33].strip() for line in lines]
    right = [line[33:].strip() for line in lines if line[33:].strip()]
    expected = [
        ("60/40", {"IVV": 0.6, "AGG": 0.4}),
        ("Efficient", {"IVV": 0.24, "AGG": 0.16, "NTSX": 0.4, "WTMF": 0.2}),
    ]
    for name, text in (("by_fund.csv", left), ("by_blend.csv", right)):
        (tmp_path / name).write_text("\n".join(text) + "\n")
        assert read_weights_file(tmp_path / name) == expected, name


TICKERS = ["IVV", "AGG", "NTSX", "WTMF", "GLD"]


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(
        st.text("abcXYZ 0123/-", min_size=1, max_size=8).map(str.strip).filter(bool),
        st.dictionaries(st.sampled_from(TICKERS), st.integers(1, 9999), min_size=1),
        min_size=1,
        max_size=3,
    ).filter(lambda b: len({n.upper() for n in b}) == len(b) and "blend" not in map(str.lower, b))
)
def test_weights_file_layouts_read_back_what_was_written(blends):
    # Basis points written as percent text in one layout and as decimals in the other.
    names = list(blends)
    by_fund = ["Ticker," + ",".join(names)]
    by_fund += [
        t + "," + ",".join(f"{blends[n][t] / 100}%" if t in blends[n] else "" for n in names)
        for t in TICKERS
    ]
    by_blend = ["Blend," + ",".join(TICKERS)]
    by_blend += [
        n + "," + ",".join(str(blends[n][t] / 10000) if t in blends[n] else "" for t in TICKERS)
        for n in names
    ]
    expected = [(n, pytest.approx({t: w / 10000 for t, w in blends[n].items()})) for n in names]
    with tempfile.TemporaryDirectory() as folder:
        for name, lines in (("a.csv", by_fund), ("b.csv", by_blend)):
            path = Path(folder) / name
            path.write_text("\n".join(lines) + "\n")
            assert read_weights_file(path) == expected


def test_simulated_csv_marks_each_row_in_the_file_itself(capsys, shared_prices_dir):
    argv = ["analyze", "--prices", shared_prices_dir, *EFFICIENT, "--simulate"]
    code, out, _ = run(capsys, *argv, "--table", "stress", "--format", "csv")
    assert code == 0
    table = csv_table(out)
    assert table.loc["2011 debt-ceiling/euro crisis", "Simulated"] == (
        "Efficient: NTSX 2011-04-29..2011-10-03"
    )
    assert table.loc["Covid crash", "Simulated"] == "none"
    code, out, _ = run(capsys, *argv, "--table", "performance", "--format", "csv")
    assert csv_table(out).loc["Efficient", "Simulated"] == "NTSX 2011-01-05..2018-08-01"
    code, out, _ = run(capsys, *argv[:-1], "--table", "stress", "--format", "csv")
    assert "Simulated" not in out  # without --simulate: real closes only, no column


def test_drawdown_length_counts_nyse_sessions_not_the_blends_closes(capsys, shared_prices_dir):
    # DBMF lacks 27 trading days: its blend has fewer common closes than sessions.
    argv = ["analyze", "--prices", shared_prices_dir, "--blend", "Stacked", "IVV=50%"]
    argv += ["NTSX=30%", "DBMF=20%", "--table", "drawdowns", "--format", "csv"]
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    first = csv_table(out).iloc[0]
    assert (first["Peak"], first["Recovery"]) == ("2020-02-19", "2020-08-05")
    assert first["Trading days"] == len(trading_days("2020-02-20", "2020-08-05")) == 117
    assert "trading days: NYSE sessions after the peak" in err
