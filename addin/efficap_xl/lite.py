"""efficap's Excel functions as xlwings Lite custom functions, and the files a user gives it.

xlwings Lite (an Office add-in for Excel on Windows, macOS and the web) runs Python in
Pyodide inside Excel and turns functions decorated with xlwings' ``@func`` into Office.js
custom functions. Every ``EFFCAP_`` function of :data:`efficap_xl.spec.FUNCTIONS` is
decorated here for it, from the same spec and around the same bodies as the VBA add-in's
(:func:`efficap_xl.spec.udf` with ``host="lite"``): name, argument order, help, defaults
and bad-input answers cannot differ between the hosts. The functions keep their plain
names (no namespace): ``=EFFCAP_EXPOSURE(...)`` in both.

This module imports xlwings' top-level ``func``/``arg``/``ret``: in xlwings Lite they are
its Office.js decorators; in a desktop Python they are the classic ones (no-ops outside
Windows). It never imports ``xlwings.server`` or ``xlwings.pro`` itself, and the classic
route (:mod:`efficap_xl.udfs`) never imports this module.

Implements
----------
- :func:`build` -- every spec function decorated with the given ``func``/``arg``/``ret``.
- ``EFFCAP_...`` -- the functions, built at import with xlwings' own decorators
  (``from efficap_xl.lite import EFFCAP_EXPOSURE`` in xlwings Lite's ``main.py``).
- :data:`PYODIDE`, :data:`PYODIDE_BUILT` -- the Pyodide release the requirements were
  checked against, the versions of the compiled packages it ships, and what it builds.
- :func:`pyodide_mismatches` -- how a Pyodide release's ``pyodide-lock.json`` differs
  from those (``npm pack pyodide@314.0.8`` and read ``package/pyodide-lock.json``).
- :func:`main_py`, :func:`requirements_txt`, :func:`write` -- the ``main.py`` and
  ``requirements.txt`` that ``efficap lite --out DIR`` writes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import efficap
from efficap._io import write_atomic
from efficap.errors import EfficapError
from efficap_xl import spec, udfs

__all__ = [
    "PYODIDE",
    "PYODIDE_BUILT",
    "build",
    "main_py",
    "pinned_requirements",
    "pyodide_mismatches",
    "requirements_txt",
    "write",
    *(f.name for f in spec.FUNCTIONS),  # the functions, from the spec
]

Decorators = tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any]]

#: The Pyodide release (npm package ``pyodide``) whose ``pyodide-lock.json`` was read,
#: its Python and the compiled packages efficap uses, as it ships them.
PYODIDE: dict[str, str] = {
    "pyodide": "314.0.8",
    "python": "3.14.2",
    "numpy": "2.4.6",
    "pandas": "3.0.2",
    "scipy": "1.18.0",
}

#: Distributions efficap needs that Pyodide builds itself (they are in its lock file):
#: never pinned in requirements.txt, their versions follow xlwings Lite's Pyodide.
PYODIDE_BUILT = frozenset(
    {"numpy", "pandas", "scipy", "python-dateutil", "pytz", "six", "tzdata", "toolz"}
)

#: Distributions xlwings Lite brings itself (its requirements.txt already names xlwings).
_LITE_OWN = frozenset({"xlwings"})

_WHEEL_URL = re.compile(r"^https://\S+/efficap-[^/\s]+-py3-none-any\.whl$")
WHEEL_PLACEHOLDER = "https://YOUR-HOST/efficap-{version}-py3-none-any.whl"


def pyodide_mismatches(lock: dict[str, Any]) -> list[str]:
    """Return how a ``pyodide-lock.json`` differs from :data:`PYODIDE` and :data:`PYODIDE_BUILT`.

    Parameters
    ----------
    lock : dict
        The parsed lock file (``info.python``, ``packages.<name>.version``).

    Returns
    -------
    list of str
        One line per difference; empty when the lock file ships what efficap was tested
        with.
    """
    packages = lock.get("packages", {})
    out = []
    python = lock.get("info", {}).get("python")
    if python != PYODIDE["python"]:
        out.append(f"python {python}, tested {PYODIDE['python']}")
    for name in ("numpy", "pandas", "scipy"):
        version = packages.get(name, {}).get("version")
        if version != PYODIDE[name]:
            out.append(f"{name} {version}, tested {PYODIDE[name]}")
    out.extend(
        f"{name} is not built by this Pyodide" for name in sorted(PYODIDE_BUILT - set(packages))
    )
    return out


def build(decorators: Decorators | None = None) -> dict[str, Callable[..., Any]]:
    """Return every spec function decorated as an xlwings Lite custom function.

    Parameters
    ----------
    decorators : (func, arg, ret), optional
        The decorator factories; xlwings' top-level ``func``, ``arg``, ``ret`` by default
        (xlwings Lite's Office.js ones when running there). Tests pass
        ``xlwings.server``'s.

    Returns
    -------
    dict
        Function name -> the decorated function, in reference order.
    """
    if decorators is None:
        import xlwings

        decorators = (xlwings.func, xlwings.arg, xlwings.ret)
    out: dict[str, Callable[..., Any]] = {}
    for func in spec.FUNCTIONS:
        body = getattr(udfs, func.name).__wrapped__  # the plain body the spec decorates
        out[func.name] = spec.udf(body, decorators=decorators, host="lite")
    return out


def main_py() -> str:
    """Return the ``main.py`` to paste into xlwings Lite's editor: it imports the functions.

    Returns
    -------
    str
        Python source; one name per line, so a user can add functions of their own below.
    """
    names = "".join(f"    {f.name},\n" for f in spec.FUNCTIONS)
    return (
        f'"""efficap {efficap.__version__}: the EFFCAP_ functions in xlwings Lite.\n\n'
        "Written by `efficap lite`. Paste this into xlwings Lite's main.py and the matching\n"
        "requirements.txt into its requirements.txt tab. Each name below is an Excel\n"
        "function (=EFFCAP_EXPOSURE(...)); the functions and their help come from efficap.\n"
        '"""\n\n'
        f"from efficap_xl.lite import (  # noqa: F401\n{names})\n"
    )


_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
#: Markers that never hold in Pyodide's install of efficap: extras, other platforms.
_NOT_HERE = ("extra", "platform_system", "sys_platform", "os_name")


def _requires(dist: str) -> list[str]:
    """Names of the distributions `dist` requires (no extras, no platform-specific ones)."""
    out = []
    for text in metadata.requires(dist) or []:
        _, _, marker = text.partition(";")
        if any(word in marker for word in _NOT_HERE):
            continue
        found = _NAME.match(text)
        if found:
            out.append(found.group(1))
    return out


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned_requirements(root: str = "efficap") -> list[str]:
    """Return ``name==version`` for every pure-Python distribution `root` needs, recursively.

    Distributions Pyodide builds (:data:`PYODIDE_BUILT`) and xlwings are left out: their
    versions are xlwings Lite's. Versions are the installed ones, which the tests ran with.

    Returns
    -------
    list of str
        Sorted by name.
    """
    seen: set[str] = set()
    todo = [_canonical(n) for n in _requires(root)]
    pins = []
    while todo:
        name = todo.pop()
        if name in seen or name in PYODIDE_BUILT or name in _LITE_OWN:
            continue
        seen.add(name)
        pins.append(f"{name}=={metadata.version(name)}")
        todo.extend(_canonical(n) for n in _requires(name))
    return sorted(pins)


def requirements_txt(wheel_url: str | None = None) -> str:
    """Return xlwings Lite's ``requirements.txt`` for efficap.

    Parameters
    ----------
    wheel_url : str, optional
        Where the efficap wheel is served (``https://.../efficap-X-py3-none-any.whl``, from
        a host that sends CORS headers). Without it, a placeholder line to replace.

    Raises
    ------
    efficap.errors.EfficapError
        If `wheel_url` is not an https URL of an efficap wheel.
    """
    if wheel_url is None:
        line = WHEEL_PLACEHOLDER.format(version=efficap.__version__)
    elif _WHEEL_URL.match(wheel_url.strip()):
        line = wheel_url.strip()
    else:
        raise EfficapError(
            f"--wheel-url {wheel_url} is not an https URL ending in "
            "efficap-<version>-py3-none-any.whl."
        )
    lines = [
        f"# efficap {efficap.__version__} for xlwings Lite, written by `efficap lite`.",
        "# Keep the xlwings line xlwings Lite wrote; add these lines below it.",
        "# numpy, pandas, scipy, python-dateutil, pytz, tzdata, toolz: Pyodide's own builds,",
        f"# not pinned (checked with Pyodide {PYODIDE['pyodide']}: numpy {PYODIDE['numpy']}, "
        f"pandas {PYODIDE['pandas']}, scipy {PYODIDE['scipy']}).",
        "# The efficap wheel (efficap is on no package index): its https URL.",
        line,
        "# Pure-Python dependencies, at the versions efficap was tested with:",
        *pinned_requirements(),
    ]
    return "\n".join(lines) + "\n"


def write(out: str | Path, wheel_url: str | None = None, force: bool = False) -> list[Path]:
    """Write ``main.py`` and ``requirements.txt`` into the folder `out`, atomically.

    Parameters
    ----------
    out : path-like
        The folder; created if missing.
    wheel_url : str, optional
        See :func:`requirements_txt`.
    force : bool, default False
        Replace an existing file that differs.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    efficap._io.OverwriteError
        If a file exists, differs and `force` is False (nothing is replaced then).
    """
    folder = Path(out)
    files = {"main.py": main_py(), "requirements.txt": requirements_txt(wheel_url)}
    for name, text in files.items():  # refuse before writing anything
        target = folder / name
        if target.is_file() and not force and target.read_text(encoding="utf-8") != text:
            write_atomic(target, text.encode("utf-8"), force=False)  # raises OverwriteError
    return [write_atomic(folder / n, t.encode("utf-8"), force) for n, t in files.items()]


globals().update(build())
