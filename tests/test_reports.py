"""Tests of efficap_xl.reports: core results laid out as the Excel functions spill them.

The inputs are small core results built by hand (or by the core on a hand-made series),
so each cell of the layout can be checked by eye.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from efficap_xl import reports


def test_performance_caption_and_rows():
    table = pd.DataFrame(
        [[0.01, np.nan], [0.02, 0.03]],
        index=pd.Index(["A", "B"], name="Blend"),
        columns=["YTD", "SI"],
    )
    table.attrs = {
        "as_of": pd.Timestamp("2026-03-31"),
        "rebalance": "threshold:0.05",
        "window": "restart",
        "caption": "(the long caption)",
    }
    assert reports.performance_caption(table) == "as of 2026-03-31; threshold:0.05; restart"
    assert reports.performance_rows(table) == [
        ["as of 2026-03-31; threshold:0.05; restart", "YTD", "SI"],
        ["A", 0.01, "n/a"],
        ["B", 0.02, 0.03],
    ]
