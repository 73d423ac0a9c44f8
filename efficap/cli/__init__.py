"""The ``efficap`` command: the research note's figures, exposures, solves, price checks.

Implements
----------
- :func:`main` -- the console-script entry point (also ``python -m efficap``).
- :func:`build_parser` -- the argument parser, core commands plus plugins.
- :func:`load_plugins` -- the commands other packages add (entry-point group
  ``efficap.commands``).
- Helpers for plugins: :func:`add_common` (``--format``, ``--table``, ``--catalog``),
  :func:`paths_table`, :func:`parse_number` (``60%`` or ``0.6``), :class:`Output`.

One module per command group: :mod:`~efficap.cli.figure`, :mod:`~efficap.cli.portfolio`
(exposure, solve), :mod:`~efficap.cli.catalog`, :mod:`~efficap.cli.prices`,
:mod:`~efficap.cli.analyze` (your own blends, read by :mod:`~efficap.cli.blends`),
:mod:`~efficap.cli.simulate` (simulated histories; ``--simulate`` is
:mod:`~efficap.cli.splice`), :mod:`~efficap.cli.screen` (the overlay screen),
:mod:`~efficap.cli.realized` (stated vs realized exposures); printing in
:mod:`~efficap.cli.output`, argument reading in :mod:`~efficap.cli.args`.

**Exit status**: 0 done; 1 a failure that is not the input's fault (a plugin's missing
dependency, a build that could not finish); 2 bad input (one line on stderr,
``efficap: error: ...``); 3 a solve whose targets no weights meet exactly (the residual
per asset class follows on stderr; ``--allow-nearest`` prints the nearest weights
instead). Remarks go to stderr as ``note:`` lines, including every
:class:`~efficap.pricecheck.PriceWarning` raised while reading prices.

**Plugins**: a package adds commands with an entry point in the group
``efficap.commands`` whose object is a function ``register(commands)``; it is called
with the parser's sub-parsers action and adds its parsers there, each with
``set_defaults(run=FUNCTION)``. ``run(args)`` returns an :class:`Output` (or a pair of
tables and notes) and raises :class:`~efficap.errors.EfficapError` on bad input. A
plugin that fails to load is skipped silently; only when a command the core does not
know is invoked does a ``note:`` say which plugin failed and what to install.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points

from efficap import __version__
from efficap.cli import analyze, catalog, figure, portfolio, prices, realized, screen, simulate
from efficap.cli.args import add_common, parse_date_arg, parse_number, parse_pairs, split_pairs
from efficap.cli.output import CommandError, Output, emit, paths_table
from efficap.errors import BuildError, EfficapError

__all__ = [
    "ENTRY_POINT_GROUP",
    "CommandError",
    "Output",
    "add_common",
    "build_parser",
    "load_plugins",
    "main",
    "parse_date_arg",
    "parse_number",
    "parse_pairs",
    "paths_table",
    "split_pairs",
]

#: The entry-point group other packages register commands in.
ENTRY_POINT_GROUP = "efficap.commands"

EXAMPLES = """\
examples:
  efficap figure 1                                 Figure 1: weights and exposures
  efficap figure 2 --prices ../shared/data/prices  Figure 2b as of 2026-03-31 and 2a
  efficap figure 2 --prices prices.xlsx --as-of 2025-12-31 --rebalance monthly
  efficap figure 3 --format csv --table blends     weighted expense ratio and yield
  efficap exposure IVV=24% NTSX=40% AGG=16% WTMF=20%
  efficap solve --target "U.S. Equities=60%" --target "U.S. Fixed Income=40%" \\
                --target "Managed Futures=20%" --funds IVV NTSX AGG WTMF
  efficap catalog --format csv > my_funds.csv      copy the catalog, then edit it
  efficap prices check ../shared/data/prices       gaps, closed days, bad prints
  efficap analyze --prices ../shared/data/prices --blend "60/40" IVV=60% AGG=40% \\
                  --blend Efficient IVV=24% NTSX=40% AGG=16% WTMF=20% --simulate
  efficap analyze --prices PATH --weights blends.csv --table stress --format csv
  efficap simulate NTSX --prices ../shared/data/prices --out ntsx_spliced.csv
  efficap figure 2 --prices ../shared/data/prices --simulate   NTSX back to 2002
  efficap screen --prices ../shared/data/prices    what to stack on a 60/40, how much
  efficap realized NTSX --prices ../shared/data/prices   stated vs realized exposures
Numbers: 60% or 0.6 both mean sixty percent. Dates: YYYY-MM-DD.
Exit status: 0 done, 1 failed (not the input), 2 bad input, 3 no exact solve answer.
"""


@dataclass(frozen=True)
class PluginFailure:
    """A plugin entry point that could not be loaded or registered."""

    entry_point: EntryPoint
    error: BaseException

    def note(self) -> str:
        """One line saying which plugin failed and what to install."""
        ep, error = self.entry_point, self.error
        package = ep.dist.name if ep.dist is not None else ep.value.split(":")[0]
        missing = getattr(error, "name", None) if isinstance(error, ImportError) else None
        fix = f"pip install {missing.split('.')[0]}" if missing else f"reinstall {package}"
        return (
            f"the '{ep.name}' commands of {package} are unavailable "
            f"({type(error).__name__}: {error}); {fix}"
        )[:300]


def build_parser() -> tuple[argparse.ArgumentParser, list[PluginFailure]]:
    """Return the parser with every core and plugin command, and the plugins that failed."""
    parser = argparse.ArgumentParser(
        prog="efficap",
        description="Efficient-capital portfolios: exposures, solve-for-weights, "
        "blended performance (the research note's Figures 1-3).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"efficap {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    figure.register(commands, EXAMPLES)
    portfolio.register(commands)
    catalog.register(commands)
    prices.register(commands)
    analyze.register(commands)
    simulate.register(commands)
    screen.register(commands)
    realized.register(commands)
    return parser, load_plugins(commands)


def load_plugins(commands: argparse._SubParsersAction) -> list[PluginFailure]:
    """Call ``register(commands)`` of every entry point in :data:`ENTRY_POINT_GROUP`.

    Returns
    -------
    list of PluginFailure
        The plugins that raised while loading or registering; they are skipped, so
        the core commands always work.
    """
    failures = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            ep.load()(commands)
        except Exception as exc:  # a broken plugin must never break the core commands
            failures.append(PluginFailure(ep, exc))
    return failures


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``efficap`` command; return its exit status (see the module docstring)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser, failures = build_parser()
    command = next((a for a in argv if not a.startswith("-")), None)
    known = _commands(parser)
    if command is not None and command not in known and failures:
        print(f"efficap: error: unknown command '{command}'.", file=sys.stderr)
        for failure in failures:
            print(f"note: {failure.note()}", file=sys.stderr)
        return 2
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 0
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = args.run(args)
        output = result if isinstance(result, Output) else Output(*result)
        output.notes[:0] = _price_notes(caught)
        emit(output, getattr(args, "format", "table"), getattr(args, "table", None))
    except CommandError as exc:
        print(f"efficap: error: {exc}", file=sys.stderr)
        for line in exc.details:
            print(f"  {line}", file=sys.stderr)
        return exc.exit_code
    except EfficapError as exc:
        print(f"efficap: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"efficap: error: {exc.strerror or exc}: {exc.filename or ''}", file=sys.stderr)
        return 2
    except BuildError as exc:
        print(f"efficap: error: {exc}", file=sys.stderr)
        return 1
    except ImportError as exc:
        missing = (exc.name or "").split(".")[0]
        hint = f"; pip install {missing}" if missing else ""
        print(f"efficap: error: this command needs {missing or exc}{hint}", file=sys.stderr)
        return 1
    # A command may ask for another status after printing its output (doctor: 1 when a
    # check failed).
    return int(getattr(args, "exit_code", 0) or 0)


def _commands(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def _price_notes(caught: list[warnings.WarningMessage]) -> list[str]:
    """PriceWarnings as notes; any other warning is shown as Python would show it."""
    from efficap.pricecheck import PriceWarning

    notes = []
    for item in caught:
        if issubclass(item.category, PriceWarning):
            notes.append(str(item.message))
        else:
            warnings.warn_explicit(item.message, item.category, item.filename, item.lineno)
    return notes
