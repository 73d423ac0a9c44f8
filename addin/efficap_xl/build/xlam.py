"""Build ``efficap.xlam``, the Excel add-in, and install it where Excel loads add-ins.

Implements
----------
- :func:`xlam_bytes` -- the add-in package: a workbook written by XlsxWriter with one
  sheet, ``efficap.conf`` (xlwings' settings: the UDF module, the interpreter or conda
  environment to run, and the efficap and xlwings versions built with, see
  :class:`~efficap_xl.build.settings.AddinSettings`), the add-in content type, the VBA
  project (:mod:`efficap_xl.build.vba_project`) and the ribbon
  (:func:`efficap_xl.build.ribbon.custom_ui`).
- :func:`build_xlam` -- write it atomically (:func:`efficap._io.write_atomic`); an
  existing, different file is kept unless ``force`` is given.
- :func:`output_path` -- what ``efficap addin build --out`` means: a folder (ending in a
  separator, or existing) gets ``efficap.xlam``; a file name must end in ``.xlam``.
- :func:`install` -- build into ``%APPDATA%\\Microsoft\\AddIns`` for the running Python
  (the ``efficap addin install`` command): its interpreter or conda environment and its
  xlwings, so the add-in finds the xlwings DLL and efficap without PATH.

The output is deterministic: the same sources and settings give the same bytes.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from efficap._io import write_atomic
from efficap.errors import BuildError, EfficapError
from efficap_xl.build import ribbon, vba_project
from efficap_xl.build.settings import AddinSettings, from_environment, store_python
from efficap_xl.versions import (
    ADDIN_FILENAME,
    KEY_EFFICAP,
    SETTINGS_SHEET,
    addin_folder,
    install_hint,
    read_settings,
)

__all__ = [
    "ADDIN_CONTENT_TYPE",
    "RIBBON_PART",
    "RIBBON_REL_TYPE",
    "TITLE",
    "AddinSettings",
    "build_xlam",
    "install",
    "output_path",
    "xlam_bytes",
]

#: The title Excel lists the add-in under (File > Options > Add-ins).
TITLE = "Efficient Capital (efficap)"
RIBBON_PART = "customUI/customUI14.xml"
RIBBON_REL_TYPE = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
ADDIN_CONTENT_TYPE = "application/vnd.ms-excel.addin.macroEnabled.main+xml"
_XLSM_CONTENT_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_CREATED = datetime(2026, 1, 1)
_SETTINGS_NOTE = (
    "xlwings settings of the efficap add-in, one key in column A and its value in B, "
    "read down to the first blank row. Written by efficap addin install for the Python it "
    "ran in; run it again from another environment to change them. A sheet named "
    "efficap.conf in a workbook overrides them for that workbook."
)


def _workbook(vba_bin: bytes, settings: AddinSettings) -> bytes:
    """The workbook package (as an .xlsm) written by XlsxWriter."""
    import xlsxwriter

    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True})
    wb.set_properties(
        {
            "title": TITLE,
            "author": "efficap",
            "company": "efficap",
            "comments": "Built by efficap_xl.build.xlam from text sources; see addin/ADDIN.md.",
            "created": _CREATED,
        }
    )
    wb.set_vba_name("ThisWorkbook")
    ws = wb.add_worksheet(SETTINGS_SHEET)
    ws.set_vba_name("Sheet1")
    for row, (key, value) in enumerate(settings.rows()):
        ws.write_string(row, 0, key)
        ws.write_string(row, 1, value)
    ws.write_string(0, 3, _SETTINGS_NOTE)
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 48)
    wb.add_vba_project(io.BytesIO(vba_bin), is_stream=True)
    wb.close()
    return buffer.getvalue()


def _with_ribbon(package: bytes, ribbon_xml: bytes) -> bytes:
    """Turn XlsxWriter's .xlsm into an .xlam with a ribbon part."""
    with zipfile.ZipFile(io.BytesIO(package)) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    types_xml = parts["[Content_Types].xml"].decode("utf-8")
    if _XLSM_CONTENT_TYPE not in types_xml:
        raise BuildError("XlsxWriter did not write a macro-enabled workbook part.")
    parts["[Content_Types].xml"] = types_xml.replace(_XLSM_CONTENT_TYPE, ADDIN_CONTENT_TYPE).encode(
        "utf-8"
    )
    rels = parts["_rels/.rels"].decode("utf-8")
    relationship = (
        f'<Relationship Id="rIdEfficapUI" Type="{RIBBON_REL_TYPE}" Target="{RIBBON_PART}"/>'
    )
    rels = rels.replace("</Relationships>", relationship + "</Relationships>")
    parts["_rels/.rels"] = rels.encode("utf-8")
    parts[RIBBON_PART] = ribbon_xml
    out = io.BytesIO()
    order = ["[Content_Types].xml", "_rels/.rels"]
    names = order + sorted(n for n in parts if n not in order)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, parts[name])
    return out.getvalue()


def xlam_bytes(settings: AddinSettings | None = None) -> bytes:
    """The complete add-in file, built in memory.

    Parameters
    ----------
    settings : AddinSettings, optional
        What the settings sheet records; default the running Python's
        (:func:`~efficap_xl.build.settings.from_environment`).

    Raises
    ------
    BuildError
        If a source is missing or the installed xlwings lacks what the build reads.
    """
    settings = from_environment() if settings is None else settings
    modules = vba_project.vba_modules(settings.xlwings_version)
    return _with_ribbon(_workbook(vba_project.vba_project(modules), settings), ribbon.custom_ui())


def output_path(out: str | os.PathLike[str] | None) -> Path:
    """The add-in file ``efficap addin build --out OUT`` writes.

    A path ending in a separator, or an existing folder, is a folder: the file is
    ``efficap.xlam`` in it (the folder is created when written). Otherwise it is the file
    itself and must end in ``.xlam``.

    Raises
    ------
    EfficapError
        If a file name does not end in ``.xlam``.
    """
    if out is None:
        return Path(ADDIN_FILENAME)
    text = os.fspath(out)
    seps = (os.sep, "/") if os.altsep is None else (os.sep, os.altsep, "/")
    if text.endswith(seps) or Path(text).is_dir():
        return Path(text) / ADDIN_FILENAME
    path = Path(text)
    if path.suffix.lower() != ".xlam":
        raise EfficapError(
            f"{path.name} is not an add-in file name: end it in .xlam (e.g. efficap.xlam), "
            "or end a folder name with a separator."
        )
    return path


def build_xlam(
    path: str | os.PathLike[str] | None = None,
    force: bool = False,
    settings: AddinSettings | None = None,
    *,
    interpreter: str | None = None,
    conda: tuple[str, str] | None = None,
    xlwings_version: str | None = None,
) -> Path:
    """Write the add-in to `path` (see :func:`output_path`); return the file written.

    Parameters
    ----------
    path : path-like, optional
        File or folder; default ``./efficap.xlam``.
    force : bool
        Replace an existing file that differs.
    settings : AddinSettings, optional
        Everything the settings sheet records. Without it: the running Python's, with
        `interpreter`, `conda` (path, environment) and `xlwings_version` replacing the
        parts given.

    Raises
    ------
    OverwriteError
        If the file exists, differs and `force` is False.
    EfficapError
        If `path` names a file not ending in ``.xlam``.
    BuildError
        If a source is missing or the installed xlwings lacks what the build reads.
    """
    target = output_path(path)
    if settings is None:
        settings = from_environment(xlwings_version=xlwings_version)
        if interpreter is not None or conda is not None:
            settings = AddinSettings(
                settings.xlwings_version,
                interpreter=interpreter,
                conda_path=None if conda is None else conda[0],
                conda_env=None if conda is None else conda[1],
            )
    return write_atomic(target, xlam_bytes(settings), force)


def _built_by_efficap(path: Path) -> bool:
    try:
        return KEY_EFFICAP in read_settings(path)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return False


def install(
    force: bool = False,
    platform: str | None = None,
    environ: Mapping[str, str] | None = None,
    settings: AddinSettings | None = None,
) -> Path:
    """Build the add-in into Excel's add-ins folder for the running Python.

    An add-in efficap built before (its settings sheet records an efficap version) is
    replaced: it is a build product, and rebuilding it is how it follows an upgrade of
    efficap or xlwings. Any other file of that name is kept unless `force`.

    Parameters
    ----------
    platform, environ : optional
        ``sys.platform`` and the environment variables (``APPDATA``, conda's); default
        this process's.
    settings : AddinSettings, optional
        Default: :func:`~efficap_xl.build.settings.from_environment` for `platform` and
        `environ`.

    Raises
    ------
    EfficapError
        Not on Windows, no ``APPDATA``, the Microsoft Store Python, or the file is in use.
    """
    folder = addin_folder(platform, environ)
    if folder is None:
        raise EfficapError("Excel add-ins with Python need Excel for Windows (and APPDATA set).")
    if settings is None:
        settings = from_environment(platform, environ)
    if settings.interpreter is not None and store_python(settings.interpreter):
        raise EfficapError(
            "This is the Microsoft Store Python, whose xlwings DLL Excel cannot find. Use a "
            "virtual environment: python -m venv efficap-env, then install efficap there: "
            f"{install_hint()}"
        )
    target = folder / ADDIN_FILENAME
    replace = force or (target.is_file() and _built_by_efficap(target))
    try:
        return write_atomic(target, xlam_bytes(settings), replace)
    except PermissionError:
        raise EfficapError(
            f"{target} is in use: close Excel, then run efficap addin install again."
        ) from None
