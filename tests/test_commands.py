"""The Excel layer's commands (efficap_xl.commands), plugged into a parser as the efficap
command's entry-point loader does: ``register`` on its sub-parsers action."""

from __future__ import annotations

import argparse
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from efficap._io import OverwriteError
from efficap.errors import EfficapError
from efficap_xl import commands, versions
from efficap_xl.build import templates, xlam
from efficap_xl.build.settings import AddinSettings, installed_xlwings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="efficap")
    commands.register(parser.add_subparsers(title="commands", metavar="COMMAND"))
    return parser


def run(*argv: str):
    args = _parser().parse_args(argv)
    return args, *args.run(args)


def test_the_entry_point_names_register():
    (point,) = [p for p in entry_points(group="efficap.commands") if p.name == "excel"]
    assert point.value == "efficap_xl.commands:register"
    assert point.load() is commands.register


@pytest.mark.parametrize(
    "argv",
    [
        ["build"],
        ["addin"],
        ["addin", "build"],
        ["addin", "install"],
        ["addin", "remove"],
        ["addin", "status"],
        ["addin", "docs"],
        ["lite", "--out", "x"],
        ["doctor"],
    ],
)
def test_every_command_takes_the_common_options(argv):
    args = _parser().parse_args([*argv, "--format", "csv", "--table", "x"])
    assert (args.format, args.table) == ("csv", "x") and callable(args.run)
    with pytest.raises(SystemExit):
        _parser().parse_args([*argv, "--format", "xml"])


def test_the_cores_common_options_are_used_when_offered(monkeypatch):
    from efficap import cli

    seen = []

    def add_common(parser, catalog=True):
        seen.append((parser.prog, catalog))
        parser.add_argument("--format", default="table")
        parser.add_argument("--table")
        if catalog:
            parser.add_argument("--catalog")

    monkeypatch.setattr(cli, "add_common", add_common, raising=False)
    parser = _parser()
    # None of the Excel layer's commands reads the fund catalog: none offers --catalog.
    assert seen == [
        ("efficap build", False),
        ("efficap addin", False),
        ("efficap addin build", False),
        ("efficap addin install", False),
        ("efficap addin remove", False),
        ("efficap addin status", False),
        ("efficap addin docs", False),
        ("efficap lite", False),
        ("efficap doctor", False),
    ]
    with pytest.raises(SystemExit):
        parser.parse_args(["build", "--catalog", "mine.csv"])


def test_build(tmp_path):
    _, tables, notes = run("build", "--out", str(tmp_path / "wb"), "--format", "json")
    written = tables["written"]["Workbook"].tolist()
    assert [p.rsplit("/", 1)[-1] for p in written] == list(templates.FILENAMES.values())
    reference = templates.build_all(tmp_path / "ref")
    for path, ref in zip(written, reference, strict=True):
        assert Path(path).read_bytes() == ref.read_bytes()
    assert notes == []
    edited = tmp_path / "wb" / "efficap_figure1.xlsx"
    edited.write_bytes(b"mine")
    with pytest.raises(OverwriteError, match="--force"):
        run("build", "--out", str(tmp_path / "wb"))
    assert edited.read_bytes() == b"mine"
    run("build", "--out", str(tmp_path / "wb"), "--force")
    assert edited.read_bytes() == reference[0].read_bytes()


def test_addin_build_out(tmp_path, monkeypatch):
    monkeypatch.setattr(commands, "_platform", lambda: "linux")
    _, tables, notes = run("addin", "build", "--out", f"{tmp_path}/dist/")
    path = tmp_path / "dist" / "efficap.xlam"
    assert tables["written"]["Add-in"].tolist() == [str(path)]
    assert notes[0] == "The add-in records no interpreter: Excel runs python from the PATH."
    linux = xlam.build_xlam(tmp_path / "ref.xlam", settings=AddinSettings(installed_xlwings()))
    assert path.read_bytes() == linux.read_bytes()
    with pytest.raises(EfficapError) as error:
        run("addin", "build", "--out", str(tmp_path / "x.xlsx"))
    assert str(error.value).startswith("x.xlsx is not an add-in file name: end it in .xlam")
    assert not (tmp_path / "x.xlsx").exists()
    path.write_bytes(b"changed")
    with pytest.raises(OverwriteError, match="--force"):
        run("addin", "build", "--out", str(tmp_path / "dist"))
    run("addin", "build", "--out", str(tmp_path / "dist"), "--force")
    assert path.read_bytes() == linux.read_bytes()
    with pytest.raises(EfficapError, match="Choose an action"):
        run("addin")


def test_addin_build_records_a_given_interpreter(tmp_path):
    python = r"D:\tools\py312\python.exe"
    *_, notes = run("addin", "build", "--out", str(tmp_path), "--interpreter", python)
    assert versions.read_settings(tmp_path / "efficap.xlam")["Interpreter_Win"] == python
    assert notes[0] == f"The add-in runs {python} (xlwings {installed_xlwings()})."


def test_addin_install_elsewhere_only_prints_the_steps(tmp_path, monkeypatch):
    monkeypatch.setattr(commands, "_platform", lambda: "linux")
    monkeypatch.setenv("APPDATA", str(tmp_path))
    _, tables, notes = run("addin", "install")
    assert tables == {}
    assert notes[0].startswith("Nothing installed") and "File > Options > Add-ins" in notes[2]
    assert not list(tmp_path.iterdir())


def test_addin_install_on_windows_records_this_python(tmp_path, monkeypatch):
    monkeypatch.setattr(commands, "_platform", lambda: "win32")
    monkeypatch.setenv("APPDATA", str(tmp_path))
    for name in ("CONDA_DEFAULT_ENV", "CONDA_EXE", "CONDA_PREFIX"):
        monkeypatch.delenv(name, raising=False)
    _, tables, notes = run("addin", "install")
    installed = tmp_path / "Microsoft" / "AddIns" / "efficap.xlam"
    assert tables["installed"]["Add-in"].tolist() == [str(installed)]
    settings = versions.read_settings(installed)
    assert settings["Interpreter_Win"] == sys.executable
    assert settings["xlwings version"] == installed_xlwings()
    assert notes[0] == f"The add-in runs {sys.executable} (xlwings {installed_xlwings()})."
    assert "Tick 'Efficient Capital (efficap)'" in notes[2]
    assert notes[-1].endswith("efficap doctor")
    run("addin", "install")  # again (after an upgrade): replaces its own add-in


def test_doctor_lists_every_check_and_exits_zero_here(monkeypatch, tmp_path):
    monkeypatch.setattr(commands, "_platform", lambda: "linux")
    monkeypatch.setenv("HOME", str(tmp_path))
    args, tables, notes = run("doctor", "--format", "csv")
    table = tables["doctor"]
    assert list(table.columns) == ["Status", "Detail", "Fix"]
    assert list(table.index) == [
        "efficap",
        "xlwings",
        "UDF module",
        "add-in file",
        "efficap.conf",
        "xlwings.conf",
        "command line",
        "Python API",
        "template workbooks",
        "Excel functions",
    ]
    assert args.exit_code == 0 and notes == []


def test_doctor_fails_with_the_fix_and_exit_status(monkeypatch, tmp_path):
    monkeypatch.setattr(commands, "_platform", lambda: "linux")
    monkeypatch.setenv("HOME", str(tmp_path))
    stale = xlam.build_xlam(
        tmp_path, settings=AddinSettings(installed_xlwings(), efficap_version="0.0.1")
    )
    args, tables, notes = run("doctor", "--addin", str(stale))
    assert tables["doctor"].at["add-in versions", "Status"] == "fail"
    assert tables["doctor"].at["add-in versions", "Fix"] == "efficap addin install"
    assert args.exit_code == 1
    assert notes[-1] == "1 check(s) failed; the Fix column says what to do."


def test_build_says_each_file_as_it_goes_and_its_help_names_all_five(tmp_path, capsys):
    run("build", "--out", str(tmp_path / "wb"))
    err = capsys.readouterr().err.splitlines()
    names = list(templates.FILENAMES.values())
    assert err == [
        f"note: {i} of 5 done: {tmp_path / 'wb' / name}" for i, name in enumerate(names, 1)
    ]
    text = _parser()._subparsers._group_actions[0].choices["build"].format_help()
    text = " ".join(text.split())
    assert all(name in text for name in names)
    assert "Portfolio Lab" in " ".join(_parser().format_help().split())
    assert "overlay screen" in " ".join(_parser().format_help().split())


def test_addin_status_and_remove_elsewhere_say_nothing_is_installed(monkeypatch):
    monkeypatch.setattr(commands, "_platform", lambda: "linux")
    _, tables, notes = run("addin", "status")
    rows = tables["status"]["Value"]
    assert rows["add-in file"] == "none: add-ins with Python need Excel for Windows"
    assert rows["this Python"] == sys.executable
    assert notes == []
    _, tables, notes = run("addin", "remove")
    assert tables == {}
    assert notes == ["Nothing to remove: no efficap.xlam in Excel's add-ins folder here."]


def test_addin_install_status_remove_on_windows(tmp_path, monkeypatch):
    monkeypatch.setattr(commands, "_platform", lambda: "win32")
    monkeypatch.setenv("APPDATA", str(tmp_path))
    for name in ("CONDA_DEFAULT_ENV", "CONDA_EXE", "CONDA_PREFIX"):
        monkeypatch.delenv(name, raising=False)
    installed = tmp_path / "Microsoft" / "AddIns" / "efficap.xlam"
    _, tables, notes = run("addin", "status")
    assert tables["status"]["Value"]["add-in file"] == f"not installed ({installed} does not exist)"
    assert notes == ["Install it with: efficap addin install"]
    run("addin", "install")
    _, tables, notes = run("addin", "status")
    rows = tables["status"]["Value"]
    assert rows["add-in file"] == str(installed)
    assert rows["built for"] == f"efficap {versions.installed_versions()[0]}, xlwings " + (
        installed_xlwings()
    )
    assert rows["add-in runs"] == sys.executable
    assert rows["matches this Python"] == "yes" and notes == []
    _, tables, notes = run("addin", "remove")
    assert tables["removed"]["Add-in"].tolist() == [str(installed)]
    assert not installed.exists()
    # A file of that name efficap did not build is kept unless --force.
    installed.write_bytes(b"someone else's add-in")
    with pytest.raises(EfficapError, match="was not built by efficap; pass --force"):
        run("addin", "remove")
    assert installed.exists()
    run("addin", "remove", "--force")
    assert not installed.exists()


def test_addin_status_of_a_stale_file_says_what_to_run(tmp_path):
    path = xlam.build_xlam(tmp_path / "old.xlam", settings=AddinSettings("0.33.22"))
    _, tables, notes = run("addin", "status", "--file", str(path))
    rows = tables["status"]["Value"]
    assert rows["built for"].endswith("xlwings 0.33.22")
    assert rows["matches this Python"] == ("yes" if installed_xlwings() == "0.33.22" else "no")
    if installed_xlwings() != "0.33.22":
        assert notes[0].endswith("Run: efficap addin install")


def test_install_notes_say_how_to_install_without_a_package_index(monkeypatch):
    monkeypatch.setattr(commands, "_platform", lambda: "linux")
    _, _, notes = run("addin", "install")
    text = " ".join(notes)
    assert "pip install efficap" not in text
    assert "pip wheel --no-deps -w dist ." in text and "dist/efficap-" in text


def test_lite_writes_main_and_requirements_and_keeps_a_changed_file(tmp_path):
    from efficap_xl import lite

    url = "https://example.org/wheels/efficap-0.1.0-py3-none-any.whl"
    _, tables, notes = run("lite", "--out", str(tmp_path), "--wheel-url", url)
    assert list(tables["written"]["File"]) == [
        str(tmp_path / "main.py"),
        str(tmp_path / "requirements.txt"),
    ]
    assert (tmp_path / "main.py").read_text(encoding="utf-8") == lite.main_py()
    assert url in (tmp_path / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert any("=EFFCAP_VERSION()" in n for n in notes)
    run("lite", "--out", str(tmp_path), "--wheel-url", url)  # the same bytes: fine
    (tmp_path / "main.py").write_text("# mine\n", encoding="utf-8")
    with pytest.raises(OverwriteError, match="pass --force"):
        run("lite", "--out", str(tmp_path), "--wheel-url", url)
    assert (tmp_path / "main.py").read_text(encoding="utf-8") == "# mine\n"
    run("lite", "--out", str(tmp_path), "--wheel-url", url, "--force")
    assert (tmp_path / "main.py").read_text(encoding="utf-8") == lite.main_py()


def test_lite_without_a_wheel_url_says_what_to_put_there(tmp_path):
    _, _, notes = run("lite", "--out", str(tmp_path))
    assert "placeholder wheel URL" in notes[0]
    text = (tmp_path / "requirements.txt").read_text(encoding="utf-8")
    assert "https://YOUR-HOST/efficap-" in text


def test_lite_refuses_a_url_that_is_not_an_efficap_wheel(tmp_path):
    with pytest.raises(EfficapError, match="not an https URL ending in efficap-"):
        run("lite", "--out", str(tmp_path), "--wheel-url", "http://example.org/efficap.zip")
    assert not (tmp_path / "main.py").exists()


def test_addin_docs_check_and_rewrite(tmp_path):
    from efficap_xl.build import docs

    for rel, (name, _) in docs.BLOCKS.items():
        begin, end = docs._markers(name)
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(f"# Title\n\n{begin}old\n{end}\nAfter.\n", encoding="utf-8")
    args, _, notes = run("addin", "docs", "--root", str(tmp_path), "--check")
    assert args.exit_code == 1 and len(notes) == 2
    run("addin", "docs", "--root", str(tmp_path))
    args, _, notes = run("addin", "docs", "--root", str(tmp_path), "--check")
    assert args.exit_code == 0 and notes == ["README.md and SETUP.md are current."]
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert docs.function_table() in readme and readme.endswith("After.\n")
