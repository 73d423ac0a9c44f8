"""The versions an add-in was built for, and the text the functions answer when they are stale
(efficap_xl.versions). Add-ins are built here with chosen settings; the recalculation side
must import nothing of the build."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import efficap
from efficap_xl import versions
from efficap_xl.build import xlam
from efficap_xl.build.settings import AddinSettings, installed_xlwings

XLWINGS = installed_xlwings()


def _addin(folder, **settings):
    return xlam.build_xlam(
        folder, settings=AddinSettings(**{"xlwings_version": XLWINGS, **settings})
    )


def test_read_settings_of_a_built_addin(tmp_path):
    path = _addin(tmp_path, interpreter=r"C:\env\Scripts\python.exe")
    assert versions.read_settings(path) == {
        "UDF Modules": "efficap_xl.udfs",
        "Interpreter_Win": r"C:\env\Scripts\python.exe",
        "efficap version": efficap.__version__,
        "xlwings version": XLWINGS,
    }


def test_mismatch_text():
    recorded = {"efficap version": "0.1.0", "xlwings version": "0.37.8"}
    assert versions.mismatch_text(recorded, ("0.1.0", "0.37.8")) is None
    text = versions.mismatch_text(recorded, ("0.2.0", "0.37.8"))
    assert text == (
        "The add-in was built for efficap 0.1.0 with xlwings 0.37.8; this Python has efficap "
        "0.2.0 with xlwings 0.37.8. Run: efficap addin install"
    )
    assert len(text) < 160
    assert versions.mismatch_text(recorded, ("0.1.0", None)).endswith(
        "efficap 0.1.0 with xlwings missing. Run: efficap addin install"
    )
    assert versions.mismatch_text({"UDF Modules": "efficap_xl.udfs"}, ("9", "9")) is None


def test_a_simulated_upgrade_gives_the_mismatch_text(tmp_path, monkeypatch):
    path = _addin(tmp_path, efficap_version="0.0.9")
    assert versions.version_mismatch(path) == (
        f"The add-in was built for efficap 0.0.9 with xlwings {XLWINGS}; this Python has "
        f"efficap {efficap.__version__} with xlwings {XLWINGS}. Run: efficap addin install"
    )
    # after `efficap addin install` the file changes, and so does the answer
    _addin_path = xlam.build_xlam(path, force=True, settings=AddinSettings(XLWINGS))
    os.utime(_addin_path, ns=(0, 10**18))  # a new modification time, whatever the clock
    assert versions.version_mismatch(path) is None


def test_the_add_in_is_read_once_until_it_changes(tmp_path, monkeypatch):
    path = _addin(tmp_path, xlwings_version="0.37.0")
    reads = []
    original = versions.read_settings
    monkeypatch.setattr(versions, "read_settings", lambda p: reads.append(p) or original(p))
    first = versions.version_mismatch(path)
    assert "built for efficap" in first and "xlwings 0.37.0" in first
    for _ in range(100):
        assert versions.version_mismatch(path) == first
    assert len(reads) == 1


def test_nothing_to_compare_is_not_a_mismatch(tmp_path):
    assert versions.version_mismatch(tmp_path / "missing.xlam") is None
    (tmp_path / "junk.xlam").write_bytes(b"not a zip")
    assert versions.version_mismatch(tmp_path / "junk.xlam") is None
    assert versions.installed_addin("linux", {"APPDATA": str(tmp_path)}) is None
    assert versions.installed_addin("win32", {}) is None
    assert versions.installed_addin("win32", {"APPDATA": str(tmp_path)}) == (
        tmp_path / "Microsoft" / "AddIns" / "efficap.xlam"
    )
    if not sys.platform.startswith("win"):
        assert versions.version_mismatch() is None  # no installed add-in off Windows


def test_the_installed_add_in_is_the_one_checked(tmp_path, monkeypatch):
    settings = AddinSettings("0.36.0", interpreter=r"C:\env\Scripts\python.exe")
    xlam.install(platform="win32", environ={"APPDATA": str(tmp_path)}, settings=settings)
    monkeypatch.setattr(sys, "platform", "win32")  # only while version_mismatch looks
    monkeypatch.setenv("APPDATA", str(tmp_path))
    assert "xlwings 0.36.0" in versions.version_mismatch()


def test_recalculation_imports_nothing_of_the_build():
    code = (
        "import sys, efficap_xl.udfs, efficap_xl.versions; "
        "print(sorted(m for m in sys.modules if m.startswith('efficap_xl.build')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("name", ["KEY_INTERPRETER", "KEY_CONDA_PATH", "KEY_CONDA_ENV"])
def test_keys_are_xlwings_settings(name):
    """xlwings' VBA asks for these keys (upper-cased) in the settings sheet."""
    import xlwings

    with open(os.path.join(os.path.dirname(xlwings.__file__), "xlwings_custom_addin.bas")) as f:
        vba = f.read()
    assert f'GetConfig("{getattr(versions, name).upper()}"' in vba


def test_every_function_answers_the_mismatch_text(tmp_path, monkeypatch):
    # An add-in installed for xlwings 0.36.0 while this Python has another: the Excel
    # functions answer the one text that says what to run, not a number.
    from efficap_xl import udfs

    settings = AddinSettings("0.36.0", interpreter=r"C:\env\Scripts\python.exe")
    xlam.install(platform="win32", environ={"APPDATA": str(tmp_path)}, settings=settings)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", str(tmp_path))
    out = udfs.EFFCAP_NOTIONAL(["IVV", "AGG"], [0.6, 0.4])
    assert out.startswith("#EFFCAP: The add-in was built for efficap ")
    assert out.endswith("Run: efficap addin install") and len(out) < 160
    assert udfs.EFFCAP_VERSION().startswith("#EFFCAP: The add-in was built for")
    monkeypatch.setattr(sys, "platform", "linux")  # no installed add-in: no check
    assert udfs.EFFCAP_NOTIONAL(["IVV", "AGG"], [0.6, 0.4]) == 1.0
