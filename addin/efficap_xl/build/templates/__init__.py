"""Template workbooks that reproduce the research note's figures with live EFFCAP_ formulas.

Implements
----------
- :func:`build_figure1` -- fund weights in, exposures and total notional out, plus a
  solve-for-weights block (targets 60/40/20 in, 24/40/16/20 out)
  (:mod:`~efficap_xl.build.templates.figure1`).
- :func:`build_figure2` -- a Prices sheet, the standardized performance table by
  ``EFFCAP_PERFORMANCE`` and a clustered column chart of YTD / 1Y / 3Y
  (:mod:`~efficap_xl.build.templates.figure2`).
- :func:`build_figure3` -- fund fundamentals by ``EFFCAP_FUND`` and each blend's
  weighted expense ratio and SEC yield by ``EFFCAP_FEES``
  (:mod:`~efficap_xl.build.templates.figure3`).
- :func:`build_lab` -- the Portfolio Lab: up to 3 blends of up to 8 funds, their
  exposures (long, short, net, financing), a solve panel, performance, risk, stress,
  calendar years, drawdowns and four charts (:mod:`~efficap_xl.build.templates.lab`,
  whose :func:`~efficap_xl.build.templates.lab.write` is the ``efficap.workbooks``
  entry point ``portfolio_lab``).
- :func:`build_screen` -- the overlay screen: a core, candidate funds and overlay sizes
  in, ``EFFCAP_SCREEN``'s table out (:mod:`~efficap_xl.build.templates.screen`).
- :func:`build_all` -- all five into one folder.

Every formula's name and argument order come from the spec, and every formula cell
carries the value the UDF itself returns for the cells it reads
(:mod:`~efficap_xl.build.templates.common`), so a workbook shows its numbers where the
add-in is not loaded and they equal what Excel recalculates with it. The files are
deterministic (fixed document dates): rebuilding gives identical bytes. A file is
written atomically, and an existing file that differs from what would be written is
kept unless ``force`` is set.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from efficap_xl.build.templates.common import PERIOD_LABELS, SOURCE
from efficap_xl.build.templates.figure1 import build_figure1
from efficap_xl.build.templates.figure2 import build_figure2
from efficap_xl.build.templates.figure3 import build_figure3
from efficap_xl.build.templates.lab import FILENAME as LAB_FILENAME
from efficap_xl.build.templates.lab import build_lab
from efficap_xl.build.templates.screen import FILENAME as SCREEN_FILENAME
from efficap_xl.build.templates.screen import build_screen

__all__ = [
    "FILENAMES",
    "PERIOD_LABELS",
    "SOURCE",
    "build_all",
    "build_figure1",
    "build_figure2",
    "build_figure3",
    "build_lab",
    "build_screen",
]

FILENAMES = {
    "figure1": "efficap_figure1.xlsx",
    "figure2": "efficap_figure2.xlsx",
    "figure3": "efficap_figure3.xlsx",
    "lab": LAB_FILENAME,
    "screen": SCREEN_FILENAME,
}


def build_all(
    out_dir: str | os.PathLike[str],
    prices: pd.DataFrame | None = None,
    force: bool = False,
    on_written: Callable[[Path, int, int], None] | None = None,
) -> list[Path]:
    """Write every template into `out_dir`; return their paths (`prices` fill the Prices
    sheets of Figure 2, the Lab and the screen). `on_written(path, done, total)` is called after
    each file (written, or left alone because it was the same).

    Raises
    ------
    OverwriteError
        If a file exists, differs from its template and `force` is False.
    """
    folder = Path(out_dir)
    builds = [
        lambda: build_figure1(folder / FILENAMES["figure1"], force=force),
        lambda: build_figure2(folder / FILENAMES["figure2"], prices=prices, force=force),
        lambda: build_figure3(folder / FILENAMES["figure3"], force=force),
        lambda: build_lab(folder / FILENAMES["lab"], prices=prices, force=force),
        lambda: build_screen(folder / FILENAMES["screen"], prices=prices, force=force),
    ]
    paths = []
    for build in builds:
        paths.append(build())
        if on_written is not None:
            on_written(paths[-1], len(paths), len(builds))
    return paths
