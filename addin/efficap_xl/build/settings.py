"""The settings the add-in records: which Python to run, and what it was built with.

Implements
----------
- :class:`AddinSettings` -- the rows of the add-in's ``efficap.conf`` sheet: ``UDF
  Modules``, then ``Interpreter_Win`` or ``Conda Path`` and ``Conda Env`` (when given),
  then ``efficap version`` and ``xlwings version``.
- :func:`conda_settings` -- the conda installation and environment efficap runs in,
  from ``CONDA_EXE``/``CONDA_PREFIX`` and ``CONDA_DEFAULT_ENV``.
- :func:`from_environment` -- the settings of the running Python: on Windows its
  interpreter, or, inside a conda environment, the conda settings instead (as xlwings'
  own ``xlwings config create`` does: xlwings then activates the environment before
  starting Python, which conda's DLLs need); elsewhere none, since the add-in only runs
  in Excel for Windows.

xlwings reads the sheet's keys from A1 down to the first blank cell, upper-cased, and
takes a setting from the first place that has it: a sheet ``efficap.conf`` in the active
workbook, then this sheet, then ``%USERPROFILE%\\.efficap\\efficap.conf``. Recording the
interpreter here therefore wins over the user's settings file; a workbook sheet still
wins over it.
"""

from __future__ import annotations

import ntpath
import os
import posixpath
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass

import efficap
from efficap.errors import BuildError
from efficap_xl.versions import (
    KEY_CONDA_ENV,
    KEY_CONDA_PATH,
    KEY_EFFICAP,
    KEY_INTERPRETER,
    KEY_UDF_MODULES,
    KEY_XLWINGS,
    install_hint,
)

__all__ = ["UDF_MODULE", "AddinSettings", "conda_settings", "from_environment", "store_python"]

UDF_MODULE = "efficap_xl.udfs"
_VERSION = re.compile(r"^\d+\.\d+\.\d+[0-9A-Za-z.+-]*$")


@dataclass(frozen=True)
class AddinSettings:
    """What the add-in's settings sheet records.

    Attributes
    ----------
    xlwings_version : str
        The xlwings whose DLL the VBA declares (``xlwings64-<version>.dll``).
    interpreter : str or None
        Full path of ``python.exe`` (xlwings' ``Interpreter_Win``); None: not recorded,
        xlwings then runs ``python`` from the PATH (or the conda environment's).
    conda_path, conda_env : str or None
        The conda installation (the folder holding ``condabin``) and environment
        (``base``, a name, or a path); both or neither.
    efficap_version : str
        The efficap whose spec the UDF wrappers follow.
    """

    xlwings_version: str
    interpreter: str | None = None
    conda_path: str | None = None
    conda_env: str | None = None
    efficap_version: str = efficap.__version__

    def __post_init__(self) -> None:
        for what, version in (("xlwings", self.xlwings_version), ("efficap", self.efficap_version)):
            if not _VERSION.match(version or ""):
                raise BuildError(f"{what} version {version!r} is not a version like 0.37.8.")
        if (self.conda_path is None) != (self.conda_env is None):
            raise BuildError("Give both the conda path and the conda environment, or neither.")
        for value in (self.interpreter, self.conda_path, self.conda_env):
            if value is not None and (not value.strip() or '"' in value or "\n" in value):
                raise BuildError(f"Setting {value!r} is blank or holds a quote or line break.")

    def rows(self) -> list[tuple[str, str]]:
        """The sheet's rows (key, value), contiguous from A1."""
        rows = [(KEY_UDF_MODULES, UDF_MODULE)]
        if self.interpreter is not None:
            rows.append((KEY_INTERPRETER, self.interpreter))
        if self.conda_path is not None and self.conda_env is not None:
            rows += [(KEY_CONDA_PATH, self.conda_path), (KEY_CONDA_ENV, self.conda_env)]
        rows += [(KEY_EFFICAP, self.efficap_version), (KEY_XLWINGS, self.xlwings_version)]
        return rows


def conda_settings(environ: Mapping[str, str], platform: str) -> tuple[str, str] | None:
    """(conda installation, environment) of an activated conda environment, or None.

    Parameters
    ----------
    environ : mapping
        Environment variables: ``CONDA_DEFAULT_ENV`` names the environment;
        ``CONDA_EXE`` (``<root>\\Scripts\\conda.exe``) or else ``CONDA_PREFIX`` (the
        environment's folder: ``<root>`` for base, ``<root>\\envs\\<name>`` otherwise)
        gives the installation.
    platform : str
        ``sys.platform`` of the paths (Windows paths are split on backslashes).
    """
    paths = ntpath if platform.startswith("win") else posixpath
    env = environ.get("CONDA_DEFAULT_ENV", "").strip()
    if not env:
        return None
    exe = environ.get("CONDA_EXE", "").strip()
    if exe:
        return paths.dirname(paths.dirname(exe)), env
    prefix = environ.get("CONDA_PREFIX", "").strip().rstrip("\\/")
    if not prefix:
        return None
    if env == "base":
        return prefix, env
    parent = paths.dirname(prefix)
    if paths.basename(parent).lower() == "envs":
        return paths.dirname(parent), env
    return None


def store_python(executable: str) -> bool:
    """Whether `executable` is the Microsoft Store app's ``python`` alias (WindowsApps)."""
    parts = [p.lower() for p in re.split(r"[\\/]", executable)]
    return "windowsapps" in parts


def from_environment(
    platform: str | None = None,
    environ: Mapping[str, str] | None = None,
    executable: str | None = None,
    xlwings_version: str | None = None,
) -> AddinSettings:
    """The settings of the running Python (arguments default to this process's).

    Raises
    ------
    BuildError
        If xlwings is not installed and no `xlwings_version` is given.
    """
    platform = sys.platform if platform is None else platform
    environ = os.environ if environ is None else environ
    executable = sys.executable if executable is None else executable
    if xlwings_version is None:
        xlwings_version = installed_xlwings()
    if not platform.startswith("win"):
        return AddinSettings(xlwings_version)
    conda = conda_settings(environ, platform)
    if conda is not None:
        return AddinSettings(xlwings_version, conda_path=conda[0], conda_env=conda[1])
    return AddinSettings(xlwings_version, interpreter=executable or None)


def installed_xlwings() -> str:
    """The version of the installed xlwings."""
    try:
        import xlwings
    except ImportError as exc:
        raise BuildError(
            f"xlwings cannot be imported ({exc}); install efficap again: {install_hint()}"
        ) from None
    return xlwings.__version__
