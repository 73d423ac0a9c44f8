"""``efficap doctor``'s checks (efficap_xl.doctor), here and on a simulated Windows machine.

The Windows machine is a temporary folder: ``APPDATA`` and ``USERPROFILE`` point into it,
the add-in is built there as ``efficap addin install`` builds it, and the interpreter it
records is a small script that runs this Python (so "imports efficap" is real), with a
file named like xlwings' DLL beside it.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from efficap_xl import doctor, versions
from efficap_xl.build import xlam
from efficap_xl.build.settings import AddinSettings, installed_xlwings

XLWINGS = installed_xlwings()
STATUSES = {"pass", "fail", "warn", "n/a"}


def by_name(checks: list[doctor.Check]) -> dict[str, doctor.Check]:
    names = [c.name for c in checks]
    assert len(names) == len(set(names))
    return {c.name: c for c in checks}


def test_here_every_check_is_listed_with_a_status(tmp_path):
    checks = doctor.run_checks(platform="linux", environ={"HOME": str(tmp_path)})
    found = by_name(checks)
    assert set(found) == {
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
    }
    assert {c.status for c in checks} <= STATUSES
    assert [c.name for c in checks if c.status == "fail"] == []
    assert found["Excel functions"].status == "n/a"
    assert "Excel for Windows" in found["Excel functions"].detail
    assert found["xlwings"].detail.startswith(XLWINGS)
    frame = doctor.table(checks)
    assert frame.index.name == "Check" and list(frame.columns) == ["Status", "Detail", "Fix"]


def test_macos_says_what_works_there(tmp_path):
    found = by_name(doctor.run_checks(platform="darwin", environ={"HOME": str(tmp_path)}))
    assert found["command line"].status == "pass" and "macOS" in found["command line"].detail
    assert found["add-in file"].status == "n/a"


@pytest.mark.parametrize(
    ("version", "requirement", "expected"),
    [
        ("0.37.8", ">=0.37,<0.38", True),
        ("0.38.0", ">=0.37,<0.38", False),
        ("0.36.17", ">=0.37,<0.38", False),
        ("0.37.0", ">=0.37", True),
        ("0.37.8", "~=0.37", None),
    ],
)
def test_version_ranges(version, requirement, expected):
    assert doctor._satisfies(version, requirement) is expected


def test_xlwings_outside_the_declared_range_fails(monkeypatch, tmp_path):
    monkeypatch.setattr(doctor, "xlwings_requirement", lambda: ">=0.99,<1.0")
    check = by_name(doctor.run_checks(platform="linux", environ={"HOME": str(tmp_path)}))["xlwings"]
    assert check.status == "fail"
    assert check.detail == f"{XLWINGS}, outside >=0.99,<1.0, the range this efficap matches"
    assert check.fix == "pip install 'xlwings>=0.99,<1.0', then efficap addin install"


def test_the_declared_range_is_read_from_the_package():
    assert doctor._satisfies(XLWINGS, doctor.xlwings_requirement()) is True


def test_a_udf_module_that_does_not_import_fails(monkeypatch, tmp_path):
    def broken(name):
        raise ImportError("DLL load failed while importing _multiarray_umath")

    monkeypatch.setattr(doctor.importlib, "import_module", broken)
    check = by_name(doctor.run_checks(platform="linux", environ={"HOME": str(tmp_path)}))[
        "UDF module"
    ]
    assert check.status == "fail"
    assert check.detail.startswith("efficap_xl.udfs does not import: ImportError: DLL load")
    assert check.fix == versions.install_hint(reinstall=True)
    assert check.fix.startswith("python -m pip install --force-reinstall CLONE")


# --------------------------------------------------------------------------- Windows


@pytest.fixture
def machine(tmp_path: Path) -> dict:
    """A simulated Windows user's folders, a venv Python and its xlwings DLL."""
    appdata = tmp_path / "AppData" / "Roaming"
    (appdata / "Microsoft" / "AddIns").mkdir(parents=True)
    venv = tmp_path / "efficap-env"
    python = venv / "Scripts" / "python.exe"
    python.parent.mkdir(parents=True)
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    python.chmod(python.stat().st_mode | stat.S_IXUSR)
    (venv / f"xlwings64-{XLWINGS}.dll").write_bytes(b"")
    home = tmp_path / "home"
    home.mkdir()
    environ = {"APPDATA": str(appdata), "USERPROFILE": str(home)}
    return {"environ": environ, "python": python, "venv": venv, "home": home, "appdata": appdata}


def _install(machine: dict, **settings) -> Path:
    settings = {"xlwings_version": XLWINGS, "interpreter": str(machine["python"]), **settings}
    return xlam.install(
        platform="win32", environ=machine["environ"], settings=AddinSettings(**settings)
    )


def _windows(machine: dict, executable: str | None = None) -> dict[str, doctor.Check]:
    """The checks on the simulated machine, run by the add-in's own Python (no second
    interpreter to try) unless `executable` says otherwise."""
    executable = str(machine["python"]) if executable is None else executable
    checks = doctor.run_checks("win32", machine["environ"], executable=executable)
    assert {c.status for c in checks} <= STATUSES
    return by_name(checks)


@pytest.mark.skipif(sys.platform.startswith("win"), reason="the fake interpreter is a sh script")
def test_a_good_windows_setup_passes(machine):
    _install(machine)
    found = _windows(machine, executable=r"C:\other\python.exe")  # runs the add-in's Python
    assert [c.name for c in found.values() if c.status != "pass"] == ["xlwings.conf"]
    assert found["xlwings.conf"].status == "n/a"  # only the manual route reads it
    assert set(found) >= {
        "add-in file",
        "add-in versions",
        "add-in Python",
        "efficap.conf",
        "Excel add-ins folder",
    }
    assert found["add-in Python"].detail.endswith("exists, xlwings DLL beside it, imports efficap")
    assert "command line" not in found  # the macOS/Linux statement is for elsewhere


def test_no_add_in_installed(machine):
    found = _windows(machine)
    assert found["add-in file"].status == "fail"
    assert found["add-in file"].fix == "efficap addin install"
    assert "add-in Python" not in found


def test_a_missing_interpreter_and_a_missing_dll(machine):
    _install(machine, interpreter=str(machine["venv"] / "gone" / "python.exe"))
    check = _windows(machine)["add-in Python"]
    assert check.status == "fail" and check.detail.endswith("does not exist")
    _install(machine)
    (machine["venv"] / f"xlwings64-{XLWINGS}.dll").unlink()
    check = _windows(machine)["add-in Python"]
    assert check.status == "fail"
    assert check.detail == f"no xlwings64-{XLWINGS}.dll beside {machine['python']}"
    assert check.fix == f"{machine['python']} -m pip install xlwings=={XLWINGS}"


def test_stale_add_in_and_store_python(machine):
    _install(machine, efficap_version="0.0.1")
    check = _windows(machine)["add-in versions"]
    assert check.status == "fail" and check.detail.endswith("Run: efficap addin install")
    store = r"C:\Users\ana\AppData\Local\Microsoft\WindowsApps\python.exe"
    found = _windows(machine, executable=store)
    assert found["this Python"].status == "fail"
    assert found["this Python"].fix == (
        f"python -m venv efficap-env; in it: {versions.install_hint()}"
    )


def test_conda_environment_recorded(machine, tmp_path):
    root = tmp_path / "miniconda3"
    env = root / "envs" / "fin"
    env.mkdir(parents=True)
    _install(machine, interpreter=None, conda_path=str(root), conda_env="fin")
    check = _windows(machine)["add-in Python"]
    # the environment's python.exe is looked for where xlwings' VBA looks: <root>\envs\fin
    assert check.status == "fail"
    assert check.detail == f"{os.path.join(env, 'python.exe')} does not exist"


def test_settings_files(machine):
    _install(machine)
    user = machine["home"] / ".efficap"
    user.mkdir()
    (user / "efficap.conf").write_text('"INTERPRETER_WIN","C:\\old\\python.exe"\n')
    check = _windows(machine)["efficap.conf"]
    assert check.status == "warn" and "INTERPRETER_WIN ignored" in check.detail
    (user / "efficap.conf").write_text('"SHOW CONSOLE"\n')
    check = _windows(machine)["efficap.conf"]
    assert check.status == "fail" and check.detail.endswith('line 1 is not "KEY","VALUE"')
    manual = machine["home"] / ".xlwings"
    manual.mkdir()
    (manual / "xlwings.conf").write_text('"UDF MODULES","mymodule"\n')
    assert _windows(machine)["xlwings.conf"].status == "warn"
    (manual / "xlwings.conf").write_text('"UDF MODULES","mymodule;efficap_xl.udfs"\n')
    assert _windows(machine)["xlwings.conf"].status == "pass"


def test_excel_folders(machine):
    _install(machine)
    xlstart = machine["appdata"] / "Microsoft" / "Excel" / "XLSTART"
    xlstart.mkdir(parents=True)
    (xlstart / "efficap.xlam").write_bytes(b"old copy")
    found = _windows(machine)
    assert found["Excel add-ins folder"].status == "pass"
    assert found["XLSTART"].status == "warn" and found["XLSTART"].fix == "delete that copy"
    os.remove(machine["appdata"] / "Microsoft" / "AddIns" / "efficap.xlam")
    os.rmdir(machine["appdata"] / "Microsoft" / "AddIns")
    found = _windows(machine)
    assert found["Excel add-ins folder"].status == "fail"
    assert found["add-in file"].status == "fail"
