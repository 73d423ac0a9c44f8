"""The Excel layer's sub-commands of ``efficap``: ``build``, ``addin ...``, ``lite``, ``doctor``.

``addin`` has the actions ``build``, ``install``, ``remove``, ``status`` (what is
installed where, for which Python and xlwings; :mod:`efficap_xl.installed`) and ``docs``.

They plug into the ``efficap`` command through the entry point group
``efficap.commands`` (``excel = "efficap_xl.commands:register"`` in ``pyproject.toml``),
so the core never imports the Excel layer.

Implements :func:`register`, which adds the sub-parsers to the ``efficap`` parser's
sub-parsers action. Each sets ``run`` (``args -> (tables, notes)``: tables by name, and
remarks the command prints as ``note:`` lines) and takes the common output options
(``efficap.cli.add_common`` when the core offers it, else ``--format`` and ``--table``);
none of them reads the fund catalog, so none takes ``--catalog``. ``efficap doctor``
also sets ``args.exit_code`` (1 when a check failed). ``build`` says on stderr each
file it has written as it goes (a build takes several seconds).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

import pandas as pd

from efficap.errors import EfficapError
from efficap_xl.versions import install_hint

__all__ = ["register"]

Result = tuple[dict[str, pd.DataFrame], list[str]]

_EXCEL_STEPS = (
    "In Excel: File > Options > Add-ins; Manage: Excel Add-ins > Go...",
    "Tick 'Efficient Capital (efficap)' (or Browse... to efficap.xlam) and click OK: "
    "the 'Efficient Capital' tab appears.",
)


def _platform() -> str:
    return sys.platform


def _add_common(parser: argparse.ArgumentParser) -> None:
    """The options every ``efficap`` command takes (the core's, when it offers them)."""
    try:
        from efficap import cli

        add_common = getattr(cli, "add_common", None)
    except ImportError:
        add_common = None
    if add_common is not None:
        add_common(parser, catalog=False)  # none of these commands reads the catalog
        return
    parser.add_argument(
        "--format", choices=["table", "csv", "json"], default="table", help="output format"
    )
    parser.add_argument(
        "--table", help="print only this table of the output (CSV prints one; default: first)"
    )


def register(commands: Any) -> None:
    """Add ``build``, ``addin`` (``addin build``, ``addin install``) and ``doctor``.

    Parameters
    ----------
    commands : argparse._SubParsersAction
        The ``efficap`` parser's sub-parsers.
    """
    build = commands.add_parser(
        "build",
        help="write the five template workbooks (Figures 1-3, the Portfolio Lab, the overlay "
        "screen) with live EFFCAP_ formulas",
        description="Write efficap_figure1.xlsx, efficap_figure2.xlsx, efficap_figure3.xlsx, "
        "efficap_portfolio_lab.xlsx and efficap_screen.xlsx. A file with the same content is "
        "left alone; an existing file that differs (for example one you edited, or one built "
        "with other prices) is kept unless you pass --force.",
    )
    build.add_argument(
        "--out",
        default="workbooks",
        help="folder to write (default: workbooks, where a clone keeps the templates "
        "without prices; give another folder with --prices)",
    )
    build.add_argument(
        "--prices",
        help="fill the Prices sheets of Figure 2, the Lab and the screen from this price history",
    )
    build.add_argument("--force", action="store_true", help="overwrite files that differ")
    _add_common(build)
    build.set_defaults(run=_run_build)

    addin = commands.add_parser(
        "addin",
        help="build, install, remove the Excel add-in (efficap.xlam, Windows Excel); status",
        description="The Excel add-in: an 'Efficient Capital' ribbon tab and the EFFCAP_ "
        "functions, through xlwings.",
    )
    _add_common(addin)
    addin.set_defaults(run=_run_addin_help)
    actions = addin.add_subparsers(title="addin commands", metavar="ACTION")
    addin_build = actions.add_parser(
        "build",
        help="write efficap.xlam (for this Python, or --interpreter)",
        description="Write efficap.xlam. --out names a folder (ending in a separator, or "
        "existing) or a file ending in .xlam. An existing file that differs is kept unless "
        "you pass --force.",
    )
    addin_build.add_argument(
        "--out", default=None, help="file or folder to write (default: ./efficap.xlam)"
    )
    addin_build.add_argument(
        "--interpreter",
        help="python.exe the add-in runs (default on Windows: this one; elsewhere: none, "
        "Excel then runs python from the PATH)",
    )
    addin_build.add_argument("--force", action="store_true", help="overwrite a file that differs")
    _add_common(addin_build)
    addin_build.set_defaults(run=_run_addin_build)
    addin_install = actions.add_parser(
        "install",
        help="build efficap.xlam for this Python where Excel for Windows loads add-ins",
        description="Windows: build efficap.xlam into %APPDATA%\\Microsoft\\AddIns for this "
        "Python (its interpreter or conda environment, its xlwings), then tick it in Excel. "
        "Run it again after upgrading efficap or xlwings. Elsewhere: print the steps.",
    )
    addin_install.add_argument(
        "--force", action="store_true", help="replace a file of that name efficap did not build"
    )
    _add_common(addin_install)
    addin_install.set_defaults(run=_run_addin_install)
    addin_remove = actions.add_parser(
        "remove",
        help="delete the add-in 'efficap addin install' put where Excel loads add-ins",
        description="Windows: delete %APPDATA%\\Microsoft\\AddIns\\efficap.xlam (close Excel "
        "first), then untick it in Excel if Excel still lists it. A file of that name efficap "
        "did not build is kept unless you pass --force. Elsewhere nothing is installed.",
    )
    addin_remove.add_argument(
        "--force", action="store_true", help="delete a file of that name efficap did not build"
    )
    _add_common(addin_remove)
    addin_remove.set_defaults(run=_run_addin_remove)
    addin_status = actions.add_parser(
        "status",
        help="what is installed where, for which Python and xlwings",
        description="Read the installed add-in (or --file): where it is, the efficap and "
        "xlwings it was built for, the Python it runs; and this Python's efficap and xlwings.",
    )
    addin_status.add_argument("--file", help="an add-in file to read (default: the installed one)")
    _add_common(addin_status)
    addin_status.set_defaults(run=_run_addin_status)
    addin_docs = actions.add_parser(
        "docs",
        help="regenerate the function table (README.md) and reference (addin/SETUP.md)",
        description="Rewrite the generated blocks of README.md and addin/SETUP.md from the "
        "spec of the EFFCAP_ functions, in a copy of the efficap repository.",
    )
    addin_docs.add_argument("--root", default=".", help="the repository (default: .)")
    addin_docs.add_argument(
        "--check", action="store_true", help="only list the files that are out of date"
    )
    _add_common(addin_docs)
    addin_docs.set_defaults(run=_run_addin_docs)

    lite = commands.add_parser(
        "lite",
        help="write main.py and requirements.txt for xlwings Lite (Excel on Mac and the web)",
        description="Write main.py (the EFFCAP_ functions as xlwings Lite custom functions) "
        "and requirements.txt (the efficap wheel's URL and its pinned pure-Python "
        "dependencies) into --out. An existing file that differs is kept unless you pass "
        "--force. See the README section 'Excel on Mac and the web (xlwings Lite)'.",
    )
    lite.add_argument("--out", required=True, help="folder to write")
    lite.add_argument(
        "--wheel-url",
        help="https URL where the efficap wheel is served (with CORS headers); "
        "default: a placeholder line to replace",
    )
    lite.add_argument("--force", action="store_true", help="overwrite files that differ")
    _add_common(lite)
    lite.set_defaults(run=_run_lite)

    doctor = commands.add_parser(
        "doctor",
        help="check the Excel set-up (versions, add-in, interpreter, settings) with fixes",
        description="Check what can be checked from Python: efficap and xlwings, the UDF "
        "module, the installed add-in and the Python it runs, settings files, Excel's "
        "add-ins folder. Exit status 1 when a check fails.",
    )
    doctor.add_argument("--addin", help="the add-in file to check (default: the installed one)")
    _add_common(doctor)
    doctor.set_defaults(run=_run_doctor)


def _paths_table(label: str, paths: Sequence[object]) -> pd.DataFrame:
    """The files a command wrote, numbered from 1."""
    return pd.DataFrame({label: [str(p) for p in paths]}, index=range(1, len(paths) + 1))


def _run_build(args: argparse.Namespace) -> Result:
    from efficap_xl.build.templates import build_all

    prices = None
    if args.prices:
        from efficap.prices import read_prices

        # Every fund the source holds: Figure 2, the Lab and the screen select columns by
        # ticker, so a ticker switched in the workbook finds its prices.
        prices = read_prices(args.prices)
    paths = build_all(args.out, prices=prices, force=args.force, on_written=_progress)
    return {"written": _paths_table("Workbook", paths)}, []


def _progress(path: object, done: int, total: int) -> None:
    """Say on stderr, as it happens, that a file is written (or was already the same)."""
    print(f"note: {done} of {total} done: {path}", file=sys.stderr, flush=True)


def _run_addin_help(args: argparse.Namespace) -> Result:
    raise EfficapError(
        "Choose an action: efficap addin build [--out PATH] [--force] | install | remove | status"
    )


def _recorded(settings: Any) -> str:
    if settings.interpreter:
        return f"The add-in runs {settings.interpreter} (xlwings {settings.xlwings_version})."
    if settings.conda_env:
        return f"The add-in runs conda environment {settings.conda_env} at {settings.conda_path}."
    return "The add-in records no interpreter: Excel runs python from the PATH."


def _run_addin_build(args: argparse.Namespace) -> Result:
    from efficap_xl.build import settings as addin_settings
    from efficap_xl.build.xlam import build_xlam

    settings = addin_settings.from_environment(platform=_platform())
    if args.interpreter:
        settings = addin_settings.AddinSettings(settings.xlwings_version, args.interpreter)
    path = build_xlam(args.out, force=args.force, settings=settings)
    return {"written": _paths_table("Add-in", [path])}, [
        _recorded(settings),
        "Install it with 'efficap addin install' (Windows), or see addin/ADDIN.md.",
    ]


def _run_addin_install(args: argparse.Namespace) -> Result:
    platform = _platform()
    if not platform.startswith("win"):
        steps = [
            "Nothing installed: the add-in runs Python through xlwings, which needs Excel "
            "for Windows. On a Windows PC, in the Python environment Excel should use:",
            f"1. Install efficap there ({install_hint()}), then run efficap addin install "
            "(it records that Python)",
            *(f"{i}. {step}" for i, step in enumerate(_EXCEL_STEPS, start=2)),
        ]
        return {}, steps
    from efficap_xl.build import settings as addin_settings
    from efficap_xl.build.xlam import install

    settings = addin_settings.from_environment(platform=platform, environ=os.environ)
    path = install(force=args.force, platform=platform, environ=os.environ, settings=settings)
    steps = [f"{i}. {step}" for i, step in enumerate(_EXCEL_STEPS, start=1)]
    return {"installed": _paths_table("Add-in", [path])}, [
        _recorded(settings),
        *steps,
        "Restart Excel if it was running. Check the set-up any time with: efficap doctor",
    ]


def _run_addin_remove(args: argparse.Namespace) -> Result:
    from efficap_xl import installed

    removed = installed.remove(force=args.force, platform=_platform(), environ=os.environ)
    if removed is None:
        return {}, ["Nothing to remove: no efficap.xlam in Excel's add-ins folder here."]
    return {"removed": _paths_table("Add-in", [removed])}, [
        "If Excel still lists 'Efficient Capital (efficap)' under File > Options > Add-ins, "
        "untick it there."
    ]


def _run_addin_status(args: argparse.Namespace) -> Result:
    from efficap_xl import installed

    table, notes = installed.status(args.file, platform=_platform(), environ=os.environ)
    return {"status": table}, notes


def _run_addin_docs(args: argparse.Namespace) -> Result:
    from efficap_xl.build import docs

    changed = docs.update(args.root, check=args.check)
    if args.check:
        notes = [f"out of date: {p}" for p in changed] or ["README.md and SETUP.md are current."]
        args.exit_code = 1 if changed else 0
        return {}, notes
    return {"written": _paths_table("File", changed)}, [] if changed else ["Nothing to change."]


def _run_lite(args: argparse.Namespace) -> Result:
    from efficap_xl import lite

    paths = lite.write(args.out, wheel_url=args.wheel_url, force=args.force)
    notes = [
        "In Excel: Home > Add-ins > search xlwings > Add (xlwings Lite); open its editor.",
        f"Paste {paths[1].name} into its requirements.txt tab, below the xlwings line, and "
        f"{paths[0].name} into main.py; then type =EFFCAP_VERSION() in a cell.",
    ]
    if args.wheel_url is None:
        notes.insert(
            0,
            "requirements.txt has a placeholder wheel URL: build the wheel (pip wheel "
            "--no-deps -w dist .), serve it over https with CORS, and put its URL there "
            "(or pass --wheel-url).",
        )
    return {"written": _paths_table("File", paths)}, notes


def _run_doctor(args: argparse.Namespace) -> Result:
    from efficap_xl import doctor

    checks = doctor.run_checks(platform=_platform(), addin=args.addin)
    failed = [c for c in checks if c.status == doctor.FAIL]
    args.exit_code = 1 if failed else 0
    notes = [f"{c.name}: {c.detail}. Fix: {c.fix}" for c in checks if c.status in ("fail", "warn")]
    if failed:
        notes.append(f"{len(failed)} check(s) failed; the Fix column says what to do.")
    return {"doctor": doctor.table(checks)}, notes
