"""Which efficap and xlwings the installed add-in was built for, and whether they still match.

``efficap addin install`` builds ``efficap.xlam`` on the user's machine and records, in
the add-in's settings sheet ``efficap.conf`` (the sheet xlwings reads its settings
from), the interpreter or conda environment to run and the efficap and xlwings versions
it was built with. The add-in's VBA declares ``xlwings64-<version>.dll`` and its UDF
wrappers follow efficap's spec of that version, so after upgrading efficap or xlwings
the add-in must be rebuilt.

Implements
----------
- the settings keys (:data:`KEY_EFFICAP`, :data:`KEY_XLWINGS`, :data:`KEY_INTERPRETER`...)
  and names (:data:`SETTINGS_SHEET`, :data:`ADDIN_FILENAME`) shared with the build;
- :func:`addin_folder`, :func:`installed_addin` -- where ``efficap addin install`` puts
  the add-in: ``%APPDATA%\\Microsoft\\AddIns\\efficap.xlam`` on Windows;
- :func:`read_settings` -- the settings sheet of an add-in file, read from the file
  itself (a zip of XML parts) with the standard library: no Excel, no COM, nothing at
  import time;
- :func:`install_hint` -- how to install efficap, which is on no package index yet:
  from a clone, or from a wheel built in one (the one text every fix and note uses);
- :func:`mismatch_text`, :func:`version_mismatch` -- one short text telling the user to
  run ``efficap addin install`` again when the recorded versions differ from the ones
  this Python imports, or None. :func:`version_mismatch` reads the installed add-in once
  and again only when the file changes (keyed by its size and modification time), so
  calling it before every function call costs one ``os.stat``.

The recalculation side imports this module; it imports nothing of the build.
"""

from __future__ import annotations

import os
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

__all__ = [
    "ADDIN_FILENAME",
    "KEY_CONDA_ENV",
    "KEY_CONDA_PATH",
    "KEY_EFFICAP",
    "KEY_INTERPRETER",
    "KEY_UDF_MODULES",
    "KEY_XLWINGS",
    "PROJECT_NAME",
    "SETTINGS_SHEET",
    "addin_folder",
    "install_hint",
    "installed_addin",
    "installed_versions",
    "mismatch_text",
    "read_settings",
    "version_mismatch",
]

#: xlwings' PROJECT_NAME of the add-in: it names the settings sheet and the user's
#: settings file ``%USERPROFILE%\.efficap\efficap.conf``.
PROJECT_NAME = "efficap"
SETTINGS_SHEET = f"{PROJECT_NAME}.conf"
ADDIN_FILENAME = f"{PROJECT_NAME}.xlam"
#: Settings keys as xlwings spells them (it compares them upper-cased).
KEY_UDF_MODULES = "UDF Modules"
KEY_INTERPRETER = "Interpreter_Win"
KEY_CONDA_PATH = "Conda Path"
KEY_CONDA_ENV = "Conda Env"
#: Keys efficap adds; xlwings reads them as settings it does not use.
KEY_EFFICAP = "efficap version"
KEY_XLWINGS = "xlwings version"

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

_cache: dict[tuple[str, int, int], str | None] = {}


def install_hint(python: str = "python", reinstall: bool = False) -> str:
    """How to install efficap into the Python `python`: from a clone or a wheel.

    efficap is published on no package index, so ``pip install efficap`` finds nothing;
    every fix and note that installs it says this instead.

    Parameters
    ----------
    python : str, default "python"
        The interpreter to run pip with (the add-in's, when it is not this one).
    reinstall : bool, default False
        Add ``--force-reinstall`` (the installed files are damaged or incomplete).

    Examples
    --------
    >>> install_hint().startswith("python -m pip install CLONE (a copy of the repository)")
    True
    """
    from efficap import __version__

    flags = " --force-reinstall" if reinstall else ""
    return (
        f"{python} -m pip install{flags} CLONE (a copy of the repository), or a wheel built "
        f"in it with pip wheel --no-deps -w dist . : {python} -m pip install{flags} "
        f"CLONE/dist/efficap-{__version__}-py3-none-any.whl"
    )


def addin_folder(
    platform: str | None = None, environ: Mapping[str, str] | None = None
) -> Path | None:
    """The folder Excel for Windows loads add-ins from (``%APPDATA%\\Microsoft\\AddIns``).

    Returns None on other systems, or when ``APPDATA`` is not set.
    """
    platform = sys.platform if platform is None else platform
    environ = os.environ if environ is None else environ
    appdata = environ.get("APPDATA")
    if not platform.startswith("win") or not appdata:
        return None
    return Path(appdata) / "Microsoft" / "AddIns"


def installed_addin(
    platform: str | None = None, environ: Mapping[str, str] | None = None
) -> Path | None:
    """Where ``efficap addin install`` puts the add-in, or None off Windows."""
    folder = addin_folder(platform, environ)
    return None if folder is None else folder / ADDIN_FILENAME


def read_settings(path: str | os.PathLike[str]) -> dict[str, str]:
    """The settings sheet of an add-in file: key (column A) -> value (column B), as text.

    Parameters
    ----------
    path : path-like
        An ``.xlam`` (or any workbook package) with a sheet named ``efficap.conf``.

    Returns
    -------
    dict
        Keys as written (``"Interpreter_Win"``), in sheet order; blank keys skipped.

    Raises
    ------
    OSError, zipfile.BadZipFile, KeyError
        If the file cannot be read, is not a workbook package, or has no such sheet.
    """
    with zipfile.ZipFile(path) as package:
        book = ET.fromstring(package.read("xl/workbook.xml"))
        sheets = {s.get("name"): s.get(f"{_REL}id") for s in book.iter(f"{_MAIN}sheet")}
        rels = ET.fromstring(package.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
        target = targets[sheets[SETTINGS_SHEET]]
        part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        names = package.namelist()
        shared = []
        if "xl/sharedStrings.xml" in names:
            strings = ET.fromstring(package.read("xl/sharedStrings.xml"))
            shared = ["".join(t.text or "" for t in si.iter(f"{_MAIN}t")) for si in strings]
        sheet = ET.fromstring(package.read(part))
    rows: dict[int, dict[str, str]] = {}
    for cell in sheet.iter(f"{_MAIN}c"):
        ref = cell.get("r", "")
        column = ref.rstrip("0123456789")
        if column not in ("A", "B"):
            continue
        rows.setdefault(int(ref[len(column) :]), {})[column] = _cell_text(cell, shared)
    return {
        row["A"]: row.get("B", "") for _, row in sorted(rows.items()) if row.get("A", "").strip()
    }


def _cell_text(cell: ET.Element, shared: list[str]) -> str:
    kind = cell.get("t")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{_MAIN}t"))
    value = cell.find(f"{_MAIN}v")
    text = "" if value is None or value.text is None else value.text
    return shared[int(text)] if kind == "s" and text else text


def installed_versions() -> tuple[str, str | None]:
    """The efficap and xlwings versions this Python imports (xlwings None if missing)."""
    import efficap

    try:
        import xlwings
    except ImportError:
        return efficap.__version__, None
    return efficap.__version__, xlwings.__version__


def mismatch_text(
    recorded: Mapping[str, str], installed: tuple[str, str | None] | None = None
) -> str | None:
    """The text the Excel functions answer when the add-in is stale, or None.

    Parameters
    ----------
    recorded : mapping
        An add-in's settings (:func:`read_settings`). An add-in that records no
        versions (built before they were recorded) is not judged: None.
    installed : (efficap, xlwings), optional
        Versions to compare with; default :func:`installed_versions`.
    """
    built = (recorded.get(KEY_EFFICAP), recorded.get(KEY_XLWINGS))
    if not all(built):
        return None
    now = installed_versions() if installed is None else installed
    if tuple(built) == tuple(now):
        return None
    return (
        f"The add-in was built for efficap {built[0]} with xlwings {built[1]}; this Python "
        f"has efficap {now[0]} with xlwings {now[1] or 'missing'}. Run: efficap addin install"
    )


def version_mismatch(path: str | os.PathLike[str] | None = None) -> str | None:
    """Whether the installed add-in was built for other efficap or xlwings versions.

    Parameters
    ----------
    path : path-like, optional
        The add-in to read; default :func:`installed_addin` (Windows). Without an add-in
        file (other systems, or an add-in not installed by ``efficap addin install``),
        or one that cannot be read, there is nothing to compare: None.

    Returns
    -------
    str or None
        One sentence (under 160 characters) saying to run ``efficap addin install``.
    """
    target = installed_addin() if path is None else Path(path)
    if target is None:
        return None
    try:
        stat = os.stat(target)
    except OSError:
        return None
    key = (str(target), stat.st_size, stat.st_mtime_ns)
    if key not in _cache:
        try:
            settings = read_settings(target)
        except (OSError, KeyError, ValueError, zipfile.BadZipFile, ET.ParseError):
            settings = {}
        _cache.clear()
        _cache[key] = mismatch_text(settings)
    return _cache[key]
