"""``efficap addin status`` and ``efficap addin remove``: the installed add-in, read or removed.

Implements
----------
- :func:`status` -- what is installed where: the add-in file in Excel's add-ins folder
  (or a file given), the efficap and xlwings it was built for, the Python it runs; and
  this Python with its efficap and xlwings; whether the two match.
- :func:`remove` -- delete the add-in ``efficap addin install`` put in Excel's add-ins
  folder; a file of that name efficap did not build is kept unless ``force``.

Both read the add-in file itself (:func:`efficap_xl.versions.read_settings`): no Excel,
no COM. Off Windows there is no add-ins folder: nothing is installed, and they say so.
"""

from __future__ import annotations

import os
import sys
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from efficap.errors import EfficapError
from efficap_xl import versions

__all__ = ["remove", "status"]

_UNREADABLE = (OSError, KeyError, ValueError, zipfile.BadZipFile)


def _runs(settings: Mapping[str, str]) -> str:
    python = settings.get(versions.KEY_INTERPRETER)
    if python:
        return python
    env, root = settings.get(versions.KEY_CONDA_ENV), settings.get(versions.KEY_CONDA_PATH)
    if env and root:
        return f"conda environment {env} at {root}"
    return "none recorded: Excel runs python from the PATH"


def status(
    path: str | os.PathLike[str] | None = None,
    platform: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """What is installed where, for which Python and xlwings.

    Parameters
    ----------
    path : path-like, optional
        An add-in file to read; default the installed one
        (:func:`efficap_xl.versions.installed_addin`).
    platform, environ : optional
        ``sys.platform`` and the environment; default this process's.

    Returns
    -------
    (pandas.DataFrame, list of str)
        One row per fact (index ``Item``, column ``Value``), and notes: what to do when
        nothing is installed or the add-in was built for other versions.
    """
    efficap_now, xlwings_now = versions.installed_versions()
    rows: dict[str, str] = {}
    notes: list[str] = []
    target = Path(path) if path is not None else versions.installed_addin(platform, environ)
    if target is None:
        rows["add-in file"] = "none: add-ins with Python need Excel for Windows"
    elif not target.is_file():
        rows["add-in file"] = f"not installed ({target} does not exist)"
        notes.append("Install it with: efficap addin install")
    else:
        rows["add-in file"] = str(target)
        try:
            settings = versions.read_settings(target)
        except _UNREADABLE as exc:
            rows["built for"] = f"unreadable: not an efficap add-in ({type(exc).__name__})"
            settings = None
        if settings is not None:
            built = settings.get(versions.KEY_EFFICAP), settings.get(versions.KEY_XLWINGS)
            rows["built for"] = (
                f"efficap {built[0]}, xlwings {built[1]}"
                if all(built)
                else "not recorded (built before versions were recorded)"
            )
            rows["add-in runs"] = _runs(settings)
            stale = versions.mismatch_text(settings, (efficap_now, xlwings_now))
            rows["matches this Python"] = "no" if stale else ("yes" if all(built) else "unknown")
            if stale:
                notes.append(stale)
    rows["this Python"] = sys.executable
    rows["this Python has"] = f"efficap {efficap_now}, xlwings {xlwings_now or 'missing'}"
    table = pd.DataFrame({"Value": rows}).rename_axis("Item")
    return table, notes


def remove(
    force: bool = False, platform: str | None = None, environ: Mapping[str, str] | None = None
) -> Path | None:
    """Delete the installed add-in (``%APPDATA%\\Microsoft\\AddIns\\efficap.xlam``).

    Parameters
    ----------
    force : bool, default False
        Delete a file of that name that efficap did not build (its settings sheet
        records no efficap version, or it cannot be read).
    platform, environ : optional
        ``sys.platform`` and the environment; default this process's.

    Returns
    -------
    pathlib.Path or None
        The file deleted; None when there was none (or no add-ins folder: not Windows).

    Raises
    ------
    EfficapError
        The file is not efficap's and `force` is False, or it is in use (Excel open).
    """
    target = versions.installed_addin(platform, environ)
    if target is None or not target.is_file():
        return None
    if not force:
        try:
            ours = versions.KEY_EFFICAP in versions.read_settings(target)
        except _UNREADABLE:
            ours = False
        if not ours:
            raise EfficapError(
                f"{target} was not built by efficap; pass --force to delete it anyway."
            )
    try:
        target.unlink()
    except PermissionError:
        raise EfficapError(
            f"{target} is in use: close Excel, then run efficap addin remove again."
        ) from None
    return target
