"""What the add-in records for the running Python (efficap_xl.build.settings).

Windows environments are simulated by passing ``platform`` and the environment
variables a Windows shell, a virtual environment or an activated conda environment has.
"""

from __future__ import annotations

import pytest

import efficap
from efficap.errors import BuildError
from efficap_xl.build.settings import (
    AddinSettings,
    conda_settings,
    from_environment,
    store_python,
)

VENV = r"C:\Users\ana\efficap-env\Scripts\python.exe"


def test_a_windows_python_records_its_interpreter():
    settings = from_environment("win32", {}, VENV, xlwings_version="0.37.8")
    assert settings == AddinSettings("0.37.8", interpreter=VENV)
    assert settings.rows() == [
        ("UDF Modules", "efficap_xl.udfs"),
        ("Interpreter_Win", VENV),
        ("efficap version", efficap.__version__),
        ("xlwings version", "0.37.8"),
    ]


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        (
            {
                "CONDA_DEFAULT_ENV": "fin",
                "CONDA_EXE": r"C:\Users\ana\miniconda3\Scripts\conda.exe",
                "CONDA_PREFIX": r"C:\Users\ana\miniconda3\envs\fin",
            },
            (r"C:\Users\ana\miniconda3", "fin"),
        ),
        (
            {"CONDA_DEFAULT_ENV": "fin", "CONDA_PREFIX": r"C:\Users\ana\miniconda3\envs\fin"},
            (r"C:\Users\ana\miniconda3", "fin"),
        ),
        (
            {"CONDA_DEFAULT_ENV": "base", "CONDA_PREFIX": "C:\\ProgramData\\Anaconda3\\"},
            (r"C:\ProgramData\Anaconda3", "base"),
        ),
        ({"CONDA_DEFAULT_ENV": "odd", "CONDA_PREFIX": r"D:\elsewhere\odd"}, None),
        ({"CONDA_PREFIX": r"C:\Users\ana\miniconda3"}, None),
        ({}, None),
    ],
)
def test_conda_settings(environ, expected):
    assert conda_settings(environ, "win32") == expected


def test_inside_conda_the_conda_settings_replace_the_interpreter():
    environ = {
        "CONDA_DEFAULT_ENV": "fin",
        "CONDA_EXE": r"C:\Users\ana\miniconda3\Scripts\conda.exe",
    }
    python = r"C:\Users\ana\miniconda3\envs\fin\python.exe"
    settings = from_environment("win32", environ, python, xlwings_version="0.37.8")
    assert settings.interpreter is None
    assert (settings.conda_path, settings.conda_env) == (r"C:\Users\ana\miniconda3", "fin")
    assert [k for k, _ in settings.rows()] == [
        "UDF Modules",
        "Conda Path",
        "Conda Env",
        "efficap version",
        "xlwings version",
    ]


def test_elsewhere_nothing_windows_is_recorded():
    settings = from_environment("linux", {"CONDA_DEFAULT_ENV": "x"}, "/usr/bin/python3", "0.37.8")
    assert settings == AddinSettings("0.37.8")
    import xlwings

    assert from_environment("darwin", {}, "/usr/bin/python3").xlwings_version == xlwings.__version__


def test_store_python():
    alias = r"C:\Users\ana\AppData\Local\Microsoft\WindowsApps\python.exe"
    assert store_python(alias)
    assert store_python(
        r"C:\Users\ana\AppData\Local\Microsoft\WindowsApps"
        r"\PythonSoftwareFoundation.Python.3.12_qbz5n2kfra8p0\python.exe"
    )
    assert not store_python(VENV)
    assert not store_python(r"C:\Python312\python.exe")


def test_settings_refuse_values_xlwings_could_not_read():
    with pytest.raises(BuildError, match="xlwings version 'latest' is not a version"):
        AddinSettings("latest")
    with pytest.raises(BuildError, match="Give both the conda path"):
        AddinSettings("0.37.8", conda_env="fin")
    with pytest.raises(BuildError, match="blank or holds a quote"):
        AddinSettings("0.37.8", interpreter="  ")
