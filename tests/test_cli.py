"""The efficap command: figures, exposure, solve, catalog; formats and errors."""

import argparse
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import efficap.cli as cli
from efficap.cli import add_common, main, output, paths_table
from efficap.cli.output import Output, emit
from efficap.market_calendar import trading_days

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
    # The acceptance, by the command itself: every blend cell but YTD within
    # 0.20 points of the note, every cell within 0.36 (annual, linked: the defaults).
    code, out, err = run(
        capsys,
        "figure",
        "2",
        "--prices",
        str(shared_prices_dir),
        "--as-of",
        "2026-03-31",
        "--format",
        "csv",
    )
    assert code == 0, err
    table = csv_table(out)
    for blend, published in PUBLISHED_BLENDS.items():
        for period, value in zip(PERIODS, published, strict=True):
            cell = table.at[blend, period]
            if value is None:
                assert pd.isna(cell), (blend, period)
            else:
                bound = 0.36 if period == "YTD" else 0.20
                assert abs(cell * 100 - value) <= bound, (blend, period, cell * 100, value)
    assert "market-price" in err
    # CSV stays one clean table; what it is goes to stderr as a note.
    assert err.splitlines()[-1] == (
        "note: standardized: as of 2026-03-31; annual rebalancing; linked windows "
        "(periods read off the blend's own history); returns over a year annualized"
    )


def test_figure2_says_what_each_table_is(capsys, shared_prices_dir):
    code, out, _ = run(capsys, "figure", "2", "--prices", str(shared_prices_dir))
    assert code == 0
    assert out.startswith("standardized (as of 2026-03-31; annual rebalancing; linked windows")
    assert "\nchart (as of 2026-04-08; annual rebalancing; linked windows" in out
    code, out, _ = run(
        capsys,
        "figure",
        "2",
        "--prices",
        str(shared_prices_dir),
        "--format",
        "json",
        "--rebalance",
        "quarterly",
        "--window",
        "restart",
    )
    about = json.loads(out)["about"]["standardized"]
    assert about["as_of"] == "2026-03-31"
    assert about["rebalance"] == "quarterly"
    assert about["window"] == "restart"
    with pytest.raises(SystemExit):
        main(["figure", "2", "--prices", str(shared_prices_dir), "--window", "x"])
    assert "invalid choice: 'x' (choose from 'linked', 'restart')" in capsys.readouterr().err


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
        "--format", "csv", "--table", "exposures", "--allow-nearest",
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
    _, out, _ = run(capsys, "exposure", "--figure1", "--format", "csv")
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


@pytest.mark.parametrize("argv", [["--help"], ["figure", "--help"]])
def test_help_examples_keep_their_line_continuations(capsys, argv):
    # A backslash-newline in the examples' source once joined two lines with a run of
    # spaces: every continued example must end in " \\" and go on on the next line.
    with pytest.raises(SystemExit):
        main(argv)
    out = capsys.readouterr().out
    examples = out[out.index("examples:") :].splitlines()
    assert not [line for line in examples if re.search(r"\S {3,}--", line)]
    continued = [i for i, line in enumerate(examples) if line.endswith(" \\")]
    assert len(continued) == 2
    assert all(examples[i + 1].lstrip().startswith("--") for i in continued)


def test_table_output_wraps_long_text_and_never_cuts_it(capsys):
    path = (
        "/a/very/long/folder/name/that/goes/on/and/on/" + "x" * 30 + "/efficap_portfolio_lab.xlsx"
    )
    fix = "python -m pip install CLONE (a copy of the repository), or a wheel built in it"
    table = pd.DataFrame({"Path": [path, "short"], "Fix": [fix, ""]}, index=[1, 2])
    emit(Output({"written": table}), "table", None)
    out = capsys.readouterr().out
    assert "..." not in out
    lines = out.splitlines()[1:]
    assert all(len(line) < 2 * output.WRAP + 10 for line in lines)
    # Read back column by column, the text is whole.
    start = lines[0].index("Path")
    width = lines[0].index("Fix") - start
    column = "".join(line[start : start + width].strip() for line in lines[1:-1])
    assert column == path
    assert " ".join(line[start + width :].strip() for line in lines[1:-1]).strip() == fix


def test_csv_quote_prefixes_formula_like_text_only(capsys):
    # Values, row and column labels and the labels' name: text that Excel would read as a
    # formula gets the quote prefix; numbers (negative ones too) and other text do not.
    table = pd.DataFrame(
        {"=1+2": [-0.21, 0.5], "\tTab": ["@x", "IVV"], "Note": ["x", "-"]},
        index=pd.Index(["+a", "60/40"], name="-name"),
    )
    emit(Output({"t": table}), "csv", None)
    assert capsys.readouterr().out.split("\n") == [
        "'-name,'=1+2,'\tTab,Note",
        "'+a,-0.21,'@x,x",
        "60/40,0.5,IVV,'-",
        "",
    ]
    # A carriage return: first, the prefix; inside, the field is quoted so that it starts
    # no row ("=2" would open as a formula). Python 3.12+ quotes it anyway, 3.10-3.11 not.
    emit(Output({"t": table.assign(Note=["\rx", "a\r=2"])}), "csv", None)
    assert capsys.readouterr().out.split("\n") == [
        '"\'-name","\'=1+2","\'\tTab","Note"',
        '"\'+a",-0.21,"\'@x","\'\rx"',
        '"60/40",0.5,"IVV","a\r=2"',
        "",
    ]
    # JSON is not opened by Excel: the text exactly as given.
    emit(Output({"t": table}), "json", None)
    assert json.loads(capsys.readouterr().out)["t"]["+a"] == {
        "=1+2": -0.21,
        "\tTab": "@x",
        "Note": "x",
    }


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


# --------------------------------------------------------------------------- solve answers


def test_solve_without_exact_answer_is_an_error_with_exit_3(capsys):
    code, out, err = run(
        capsys,
        "solve",
        "--target", "U.S. Equities=90%",
        "--target", "U.S. Fixed Income=60%",
        "--funds", "SPY", "AGG",
        "--format", "csv",
    )  # fmt: skip
    assert code == 3 and out == ""
    assert err.splitlines() == [
        "efficap: error: No exact answer: these funds cannot reach the targets (largest miss "
        "-25.00% in U.S. Equities). --allow-nearest prints the nearest weights.",
        "  U.S. Equities: target 90.00%, nearest 65.00%, residual -25.00%",
        "  U.S. Fixed Income: target 60.00%, nearest 35.00%, residual -25.00%",
    ]


def test_solve_json_says_whether_exact_and_unique(capsys):
    code, out, _ = run(capsys, "solve", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert (data["exact"], data["unique"], data["ranges"]) == (True, True, None)
    assert data["status"] == "Exact: the only weights that hit the targets."
    assert data["residuals"] == {"U.S. Equities": 0, "U.S. Fixed Income": 0, "Managed Futures": 0}
    code, out, _ = run(
        capsys,
        "solve",
        "--target", "U.S. Equities=90%",
        "--target", "U.S. Fixed Income=60%",
        "--funds", "SPY", "AGG",
        "--format", "json", "--allow-nearest",
    )  # fmt: skip
    data = json.loads(out)
    assert code == 0 and (data["exact"], data["unique"]) == (False, True)
    assert data["residuals"] == {"U.S. Equities": -0.25, "U.S. Fixed Income": -0.25}
    assert data["status"].startswith("Not exact: nearest weights by least squares")


SEVERAL = ["solve", "--target", "U.S. Equities=60%", "--target", "U.S. Fixed Income=40%"]
SEVERAL += ["--funds", "IVV", "NTSX", "AGG", "SPY"]


def test_solve_with_several_answers_shows_the_ranges(capsys):
    code, out, err = run(capsys, *SEVERAL)
    assert code == 0
    ranges = out.split("ranges\n")[1].splitlines()
    assert ranges[0].split() == ["Lowest", "Highest"]
    assert ranges[2].split() == ["IVV", "0.00%", "60.00%"]
    assert ranges[3].split() == ["NTSX", "0.00%", "0.00%"]
    assert ranges[5].split() == ["SPY", "0.00%", "60.00%"]
    assert "the 'ranges' table shows each range" in err
    _, out, _ = run(capsys, *SEVERAL, "--format", "json")
    data = json.loads(out)
    assert (data["exact"], data["unique"]) == (True, False)
    assert data["ranges"]["AGG"] == {"Lowest": 0.4, "Highest": 0.4}


# --------------------------------------------------------------------------- input rules


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["exposure", "IVV=60%", "AGG=40%", "IVV=10%"],
            "IVV is given twice (IVV=60% and IVV=10%); give each once.",
        ),
        (
            ["solve", "--target", "U.S. Equities=60%", "--target", "u.s. equities=50%"],
            "u.s. equities is given twice (U.S. Equities=60% and u.s. equities=50%); give each "
            "once.",
        ),
        (
            ["solve", "--bound", "NTSX=0:50%", "--bound", "NTSX=0:40%"],
            "NTSX is given twice (NTSX=0:50% and NTSX=0:40%); give each once.",
        ),
        (
            ["solve", "--target", "U.S. Equities=60%", "--funds", "IVV", "IVV", "AGG"],
            "IVV is listed twice among the candidate funds.",
        ),
        (
            ["exposure"],
            "Give fund weights, e.g. efficap exposure IVV=24% NTSX=40% AGG=16% WTMF=20%, or "
            "--figure1 for the note's efficient blend.",
        ),
        (["exposure", "IVV=1", "--figure1"], "Give fund weights or --figure1, not both."),
        (
            ["figure", "2", "--as-of", "03/04/2026"],
            "--as-of '03/04/2026' is ambiguous (day/month or month/day?): write 2026-04-03 or "
            "2026-03-04.",
        ),
        (
            ["figure", "2", "--chart-as-of", "4/8/26"],
            "--chart-as-of '4/8/26' has a two-digit year; write it as YYYY-MM-DD.",
        ),
        (["prices"], "Choose an action: efficap prices check PATH [--tickers ...]"),
    ],
)
def test_bad_input_exact_messages(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert (code, out, err) == (2, "", f"efficap: error: {message}\n")


def test_unambiguous_day_first_date_is_read(capsys, shared_prices_dir):
    argv = ["figure", "2", "--prices", str(shared_prices_dir), "--format", "csv"]
    _, iso, _ = run(capsys, *argv, "--as-of", "2026-04-13")
    code, day_first, err = run(capsys, *argv, "--as-of", "13/04/2026")
    assert code == 0, err
    assert day_first == iso


# --------------------------------------------------------------------------- help, format


def all_parsers():
    from efficap.cli import build_parser

    parser, _ = build_parser()
    found = [((), parser)]
    for path, each in found:
        for action in each._actions:
            if isinstance(action, argparse._SubParsersAction):
                found.extend(((*path, name), sub) for name, sub in action.choices.items())
    return found


def test_help_texts_show_single_percent_signs(capsys):
    walked = []
    for path, _ in all_parsers():
        with pytest.raises(SystemExit) as stop:
            main([*path, "--help"])
        out, _ = capsys.readouterr()
        assert stop.value.code == 0
        assert "%%" not in out, path
        walked.append(path)
    assert ("exposure",) in walked and ("prices", "check") in walked
    with pytest.raises(SystemExit):
        main(["exposure", "--help"])
    assert "IVV=24% NTSX=40% AGG=16% WTMF=20%" in capsys.readouterr().out


def test_every_command_takes_format():
    for path, parser in all_parsers():
        if path:
            options = {o for a in parser._actions for o in a.option_strings}
            assert "--format" in options, path


def test_build_and_addin_are_not_core_commands(capsys, monkeypatch):
    monkeypatch.setattr(cli, "entry_points", lambda group: [])
    for command in ("build", "addin"):
        with pytest.raises(SystemExit) as stop:
            main([command])
        assert stop.value.code == 2
        assert f"invalid choice: '{command}'" in capsys.readouterr().err


def test_core_never_imports_the_excel_layer():
    package = Path(cli.__file__).resolve().parents[1]
    offenders = [p for p in package.rglob("*.py") if "efficap_xl" in p.read_text()]
    assert offenders == []


def test_python_dash_m_runs_the_command():
    done = subprocess.run(
        [sys.executable, "-m", "efficap", "exposure", "NTSX=100%", "--format", "csv"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert csv_table(done.stdout)["Exposure"].to_dict()["Total Notional"] == 1.5


def test_help_in_a_fresh_process_lists_every_command_and_imports_no_heavy_module():
    # what `efficap --help` loads: the core with pandas, the parser, the plugins'
    # parsers; scipy, the NYSE calendar and the workbook builder wait for a command
    probe = (
        "import contextlib, io, sys\n"
        "from efficap.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):\n"
        "    main(['--help'])\n"
        "heavy = ('scipy', 'exchange_calendars', 'efficap_xl.build', 'xlsxwriter', 'openpyxl')\n"
        "print(sorted({m.split('.')[0] if not m.startswith('efficap_xl') else m\n"
        "              for m in sys.modules if m.startswith(heavy)}))\n"
        "print(out.getvalue())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    loaded, _, shown = done.stdout.partition("\n")
    assert loaded == "[]"
    commands = cli._commands(cli.build_parser()[0])
    assert {"figure", "exposure", "solve", "catalog", "prices", "analyze", "simulate"} <= commands
    assert {"build", "addin", "doctor"} <= commands  # the Excel layer's plugin commands
    listed = shown.split("commands:")[1].split("examples:")[0]
    assert all(f"    {name} " in listed or f"    {name}\n" in listed for name in commands)


# --------------------------------------------------------------------------- plugins


class FakeEntryPoint:
    def __init__(self, name, register=None, error=None):
        self.name, self.value, self.dist = name, f"{name}_plugin:register", None
        self._register, self._error = register, error

    def load(self):
        if self._error is not None:
            raise self._error
        return self._register


def hello(commands):
    parser = commands.add_parser("hello", help="say hello")
    add_common(parser, catalog=False)
    parser.set_defaults(run=lambda args: ({"hello": paths_table("Path", ["a.xlsx"])}, ["hi"]))


def test_plugins_add_commands_and_broken_ones_stay_quiet(capsys, monkeypatch):
    broken = ModuleNotFoundError("No module named 'xlwings'", name="xlwings")
    plugins = [FakeEntryPoint("excel", error=broken), FakeEntryPoint("greet", register=hello)]
    monkeypatch.setattr(cli, "entry_points", lambda group: plugins)
    code, out, err = run(capsys, "hello", "--format", "csv")
    assert (code, out, err) == (0, ",Path\n1,a.xlsx\n", "note: hi\n")
    code, out, err = run(capsys, "exposure", "NTSX=1", "--format", "csv")
    assert code == 0 and err == ""  # the broken plugin says nothing here
    code, out, err = run(capsys, "build")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "efficap: error: unknown command 'build'.",
        "note: the 'excel' commands of excel_plugin are unavailable (ModuleNotFoundError: "
        "No module named 'xlwings'); pip install xlwings",
    ]


def test_a_plugin_that_raises_while_registering_is_skipped(capsys, monkeypatch):
    def boom(commands):
        raise RuntimeError("bad plugin")

    monkeypatch.setattr(cli, "entry_points", lambda group: [FakeEntryPoint("x", register=boom)])
    code, _, err = run(capsys, "catalog", "--format", "csv")
    assert code == 0 and err == ""
    code, _, err = run(capsys, "doctor")
    assert code == 2 and "(RuntimeError: bad plugin); reinstall x_plugin" in err


# --------------------------------------------------------------------------- prices


def write_closes(folder, ticker, closes):
    text = "Date,Close\n" + "".join(f"{d:%Y-%m-%d},{v:.6f}\n" for d, v in closes.items())
    (folder / f"{ticker}.csv").write_text(text)


def test_prices_check_command(capsys, tmp_path):
    days = trading_days("2024-01-02", "2024-06-28")
    closes = pd.Series(100 * 1.0003 ** np.arange(len(days)), index=days)
    write_closes(tmp_path, "AAA", closes)
    bad = closes.copy()
    bad.iloc[50] *= 0.6  # a bad print, back the next day
    write_closes(tmp_path, "BBB", bad.drop(days[[10, 11]]))
    code, out, _ = run(capsys, "prices", "check", str(tmp_path), "--format", "json")
    assert code == 0
    data = json.loads(out)["check"]
    assert data["AAA"]["missing_days"] == 0 and data["AAA"]["suspicious_moves"] == 0
    assert data["BBB"]["rows"] == len(days) - 2
    assert data["BBB"]["missing_first"] == "2024-01-17, 2024-01-18"
    assert data["BBB"]["suspicious_worst"] == f"{days[50]:%Y-%m-%d} (-40.0% then +66.7%)"
    assert json.loads(out)["notes"][-1] == "1 of 2 funds with findings."


def test_price_warnings_become_notes(capsys, tmp_path):
    days = trading_days("2023-01-03", "2026-04-30")
    for ticker in ("IVV", "NTSX", "AGG", "WTMF"):
        closes = pd.Series(100 * 1.0002 ** np.arange(len(days)), index=days)
        write_closes(tmp_path, ticker, closes.drop(days[5]) if ticker == "WTMF" else closes)
    code, _, err = run(capsys, "figure", "2", "--prices", str(tmp_path), "--format", "csv")
    assert code == 0, err
    assert err.splitlines()[0] == (
        "note: WTMF: 1 NYSE trading day without a close from 2023-01-03 to 2026-04-30 "
        "(first: 2023-01-10)."
    )


def test_prices_check_real_folder(capsys, shared_prices_dir):
    code, out, err = run(
        capsys, "prices", "check", str(shared_prices_dir), "--format", "csv", "--table", "check"
    )
    table = csv_table(out)
    assert code == 0
    assert table["missing_days"][table["missing_days"] > 0].to_dict() == {"DBMF": 27, "KMLM": 80}
    assert table["suspicious_moves"].sum() == 0 and table["extra_days"].sum() == 0
    assert table["probable_splits"].sum() == 0
    assert err.splitlines()[-1] == f"note: 2 of {len(table)} funds with findings."
