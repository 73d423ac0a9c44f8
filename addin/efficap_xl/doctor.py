"""``efficap doctor``: what can be checked from Python about the Excel set-up, with fixes.

Implements :class:`Check` and :func:`run_checks`, which returns one row per check:

- efficap and xlwings: installed, xlwings within the range efficap declares (its
  package metadata, i.e. ``pyproject.toml``);
- the UDF module ``efficap_xl.udfs`` imports cleanly;
- the add-in file (``%APPDATA%\\Microsoft\\AddIns\\efficap.xlam``, or ``--addin PATH``):
  present, readable, built for the efficap and xlwings installed;
- the interpreter or conda environment it records exists, has xlwings' DLL beside it,
  and imports efficap (Windows); not the Microsoft Store ``python`` alias;
- the settings files: ``%USERPROFILE%\\.efficap\\efficap.conf`` (the add-in's user
  settings) and ``%USERPROFILE%\\.xlwings\\xlwings.conf`` (the manual route of SETUP.md);
- Excel's add-ins folder, and no second copy in ``XLSTART``;
- on macOS and Linux, a plain statement of what works there and what does not.

Statuses: ``pass``, ``fail`` (broken, and fixable here), ``warn`` (works, but worth a
look), ``n/a`` (cannot be checked on this system). Nothing is changed.
"""

from __future__ import annotations

import csv
import importlib
import importlib.metadata
import os
import re
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from efficap_xl import versions

__all__ = ["Check", "run_checks", "table", "xlwings_requirement"]

PASS, FAIL, WARN, NA = "pass", "fail", "warn", "n/a"
_OPS = {
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


@dataclass(frozen=True)
class Check:
    """One line of the doctor's table."""

    name: str
    status: str
    detail: str
    fix: str = ""


def table(checks: list[Check]) -> pd.DataFrame:
    """The checks as a table: index ``Check``, columns Status, Detail, Fix."""
    frame = pd.DataFrame(
        [(c.status, c.detail, c.fix) for c in checks],
        index=pd.Index([c.name for c in checks], name="Check"),
        columns=["Status", "Detail", "Fix"],
    )
    return frame


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", text.split("+")[0])[:3])


def xlwings_requirement() -> str | None:
    """The xlwings version range efficap declares (``">=0.37,<0.38"``), None if unknown."""
    try:
        requires = importlib.metadata.requires("efficap") or []
    except importlib.metadata.PackageNotFoundError:
        return None
    for line in requires:
        match = re.match(r"^xlwings\s*([^;]*)", line)
        if match and "extra" not in line:
            parts = [p.strip() for p in match.group(1).strip().strip("()").split(",") if p.strip()]
            return ",".join(sorted(parts, key=lambda p: not p.startswith(">"))) or None
    return None


def _satisfies(version: str, requirement: str) -> bool | None:
    """Whether `version` meets `requirement` (comma-separated comparisons); None if unsure."""
    have = _version(version)
    for part in requirement.split(","):
        match = re.fullmatch(r"\s*(>=|<=|==|!=|>|<)\s*([\d.]+)\s*", part)
        if not match:
            return None
        want = _version(match.group(2))
        width = max(len(have), len(want))
        a, b = have + (0,) * (width - len(have)), want + (0,) * (width - len(want))
        if not _OPS[match.group(1)](a, b):
            return False
    return True


def _packages() -> list[Check]:
    import efficap

    checks = [Check("efficap", PASS, f"{efficap.__version__} ({Path(efficap.__file__).parent})")]
    required = xlwings_requirement()
    pin = f"xlwings{required}" if required else "xlwings"
    try:
        import xlwings
    except ImportError as exc:
        checks.append(Check("xlwings", FAIL, f"cannot be imported ({exc})", f"pip install '{pin}'"))
        return checks
    fits = None if required is None else _satisfies(xlwings.__version__, required)
    if fits is False:
        checks.append(
            Check(
                "xlwings",
                FAIL,
                f"{xlwings.__version__}, outside {required}, the range this efficap matches",
                f"pip install '{pin}', then efficap addin install",
            )
        )
    else:
        within = f" (within {required})" if fits else ""
        checks.append(Check("xlwings", PASS, f"{xlwings.__version__}{within}"))
    return checks


def _udf_module() -> Check:
    try:
        module = importlib.import_module("efficap_xl.udfs")
    except Exception as exc:  # any failure is the finding
        return Check(
            "UDF module",
            FAIL,
            f"efficap_xl.udfs does not import: {type(exc).__name__}: {exc}"[:150],
            versions.install_hint(reinstall=True),
        )
    count = sum(name.startswith("EFFCAP_") for name in dir(module))
    return Check("UDF module", PASS, f"efficap_xl.udfs imports ({count} functions)")


def _local(path: str) -> str:
    """A recorded Windows path with this system's separators (the same path on Windows)."""
    return path.replace("\\", os.sep).replace("/", os.sep)


def _dll_beside(interpreter: str, xlwings_version: str) -> bool:
    """xlwings' VBA loads its DLL from the interpreter's folder or the one above (venv)."""
    parent = os.path.dirname(_local(interpreter))
    names = [f"xlwings{bits}-{xlwings_version}.dll" for bits in (64, 32)]
    folders = (parent, os.path.dirname(parent))
    return any(os.path.isfile(os.path.join(folder, name)) for folder in folders for name in names)


def _addin(path: Path | None, windows: bool) -> tuple[list[Check], dict[str, str] | None]:
    fix = "efficap addin install"
    if path is None:
        if windows:
            return [
                Check(
                    "add-in file", FAIL, "APPDATA is not set", "run from a normal Windows session"
                )
            ], None
        return [Check("add-in file", NA, "none here: the add-in runs in Excel for Windows")], None
    if not path.is_file():
        return [Check("add-in file", FAIL, f"not found: {path}", fix)], None
    try:
        settings = versions.read_settings(path)
    except Exception as exc:  # unreadable or not an add-in: say so
        reason = f"{path} is not an efficap add-in ({type(exc).__name__})"
        return [Check("add-in file", FAIL, reason, fix + " --force")], None
    checks = [Check("add-in file", PASS, str(path))]
    built = (settings.get(versions.KEY_EFFICAP), settings.get(versions.KEY_XLWINGS))
    if not all(built):
        checks.append(Check("add-in versions", WARN, "built before versions were recorded", fix))
    else:
        stale = versions.mismatch_text(settings)
        if stale:
            checks.append(Check("add-in versions", FAIL, stale, fix))
        else:
            checks.append(Check("add-in versions", PASS, f"efficap {built[0]}, xlwings {built[1]}"))
    return checks, settings


def _interpreter(settings: dict[str, str], windows: bool, executable: str) -> list[Check]:
    from efficap_xl.build.settings import store_python

    fix = "efficap addin install (from the Python environment Excel should use)"
    python = settings.get(versions.KEY_INTERPRETER)
    conda = (settings.get(versions.KEY_CONDA_PATH), settings.get(versions.KEY_CONDA_ENV))
    xlwings_version = settings.get(versions.KEY_XLWINGS, "")
    if python is None and all(conda):
        root, env = _local(conda[0]), conda[1]
        # where xlwings' VBA looks: <root> for base, a path as given, else <root>\envs\<env>
        if env == "base":
            folder = root
        elif "\\" in env:
            folder = _local(env)
        else:
            folder = os.path.join(root, "envs", env)
        python = os.path.join(folder, "python.exe")
        what = f"conda {env} at {conda[0]}"
    elif python is None:
        return [Check("add-in Python", WARN, "none recorded: Excel runs python from the PATH", fix)]
    else:
        what = python
    if store_python(python):
        return [
            Check(
                "add-in Python",
                FAIL,
                "the Microsoft Store python alias: Excel cannot load xlwings' DLL",
                "python -m venv efficap-env; install efficap there (efficap doctor's "
                "efficap row says how); efficap addin install",
            )
        ]
    if not windows:
        return [Check("add-in Python", NA, f"{what} (a Windows path: check on Windows)")]
    if not os.path.isfile(_local(python)):
        return [Check("add-in Python", FAIL, f"{python} does not exist", fix)]
    if xlwings_version and not _dll_beside(python, xlwings_version):
        detail = f"no xlwings64-{xlwings_version}.dll beside {python}"
        return [
            Check(
                "add-in Python", FAIL, detail, f"{python} -m pip install xlwings=={xlwings_version}"
            )
        ]
    if os.path.normcase(python) != os.path.normcase(executable):
        try:
            run = subprocess.run(
                [python, "-c", "import efficap_xl.udfs"],
                capture_output=True,
                text=True,
                timeout=120,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return [Check("add-in Python", FAIL, f"{python} does not run ({exc})", fix)]
        if run.returncode != 0:
            last = (run.stderr.strip().splitlines() or ["error"])[-1]
            return [
                Check(
                    "add-in Python",
                    FAIL,
                    f"{python}: {last}"[:150],
                    versions.install_hint(python),
                )
            ]
    return [Check("add-in Python", PASS, f"{what}: exists, xlwings DLL beside it, imports efficap")]


def _read_conf(path: Path) -> dict[str, str]:
    """xlwings' settings file: lines ``"KEY","VALUE"``; raises ValueError on a bad line."""
    out = {}
    with path.open(encoding="utf-8-sig") as handle:
        for number, row in enumerate(csv.reader(handle), start=1):
            if not row or not "".join(row).strip():
                continue
            if len(row) != 2:
                raise ValueError(f'line {number} is not "KEY","VALUE"')
            out[row[0].strip().upper()] = row[1].strip()
    return out


def _settings_files(home: Path, addin: dict[str, str] | None) -> list[Check]:
    checks = []
    user = home / ".efficap" / "efficap.conf"
    if not user.is_file():
        checks.append(Check("efficap.conf", PASS, "none (the add-in's own settings apply)"))
    else:
        try:
            conf = _read_conf(user)
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            checks.append(
                Check("efficap.conf", FAIL, f"{user}: {exc}", 'write lines like "KEY","VALUE"')
            )
        else:
            recorded = {k.upper() for k in (addin or {})}
            hidden = sorted(k for k in conf if k in recorded)
            if hidden:
                detail = f"{user}: {', '.join(hidden)} ignored (the add-in's settings come first)"
                checks.append(
                    Check("efficap.conf", WARN, detail, "remove them, or run efficap addin install")
                )
            else:
                checks.append(
                    Check("efficap.conf", PASS, f"{user}: {', '.join(sorted(conf)) or 'empty'}")
                )
    manual = home / ".xlwings" / "xlwings.conf"
    if not manual.is_file():
        checks.append(
            Check("xlwings.conf", NA, "none (only the xlwings add-in route of SETUP.md reads it)")
        )
        return checks
    try:
        conf = _read_conf(manual)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        checks.append(
            Check("xlwings.conf", FAIL, f"{manual}: {exc}", 'write lines like "KEY","VALUE"')
        )
        return checks
    if "efficap_xl.udfs" in conf.get("UDF MODULES", ""):
        checks.append(Check("xlwings.conf", PASS, f"{manual}: UDF Modules has efficap_xl.udfs"))
    else:
        fix = 'add "UDF MODULES","efficap_xl.udfs" (needed only with the xlwings add-in)'
        checks.append(
            Check("xlwings.conf", WARN, f"{manual}: UDF Modules lacks efficap_xl.udfs", fix)
        )
    return checks


def _excel_folders(environ: Mapping[str, str]) -> list[Check]:
    folder = versions.addin_folder("win32", environ)
    if folder is None:
        return []
    checks = []
    if folder.is_dir():
        checks.append(Check("Excel add-ins folder", PASS, str(folder)))
    else:
        checks.append(
            Check(
                "Excel add-ins folder",
                FAIL,
                f"{folder} is missing",
                "efficap addin install creates it",
            )
        )
    xlstart = folder.parent / "Excel" / "XLSTART" / versions.ADDIN_FILENAME
    if xlstart.is_file():
        checks.append(
            Check(
                "XLSTART",
                WARN,
                f"a second copy at {xlstart} opens on every start",
                "delete that copy",
            )
        )
    return checks


def _elsewhere(platform: str) -> list[Check]:
    system = "macOS" if platform == "darwin" else "this system"
    return [
        Check(
            "command line",
            PASS,
            f"efficap figure, exposure, solve, catalog, build work on {system}",
        ),
        Check("Python API", PASS, "import efficap works here"),
        Check("template workbooks", PASS, "open anywhere with their saved (cached) values"),
        Check("Excel functions", NA, "EFFCAP_ formulas and the ribbon need Excel for Windows"),
    ]


def run_checks(
    platform: str | None = None,
    environ: Mapping[str, str] | None = None,
    addin: str | os.PathLike[str] | None = None,
    executable: str | None = None,
) -> list[Check]:
    """Run every check (arguments default to this process's platform, environment,
    installed add-in and interpreter); see the module docstring."""
    platform = sys.platform if platform is None else platform
    environ = os.environ if environ is None else environ
    executable = sys.executable if executable is None else executable
    windows = platform.startswith("win")
    checks = [*_packages(), _udf_module()]
    if windows:
        from efficap_xl.build.settings import store_python

        if store_python(executable):
            fix = f"python -m venv efficap-env; in it: {versions.install_hint()}"
            checks.append(
                Check(
                    "this Python", FAIL, "the Microsoft Store app: xlwings' DLL is not found", fix
                )
            )
    path = Path(addin) if addin is not None else versions.installed_addin(platform, environ)
    found, settings = _addin(path, windows)
    checks += found
    if settings is not None:
        checks += _interpreter(settings, windows, executable)
    home = environ.get("USERPROFILE") if windows else environ.get("HOME")
    checks += _settings_files(Path(home) if home else Path.home(), settings)
    if windows:
        checks += _excel_folders(environ)
    else:
        checks += _elsewhere(platform)
    return checks
