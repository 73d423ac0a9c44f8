"""How a simulated history compares with the real fund it stands in for.

Implements

- :class:`Validation` -- the comparison's figures: CAGR gap, monthly correlation,
  tracking error, the worst monthly gap, daily correlation and the overlap.
- :func:`validate_simulation` -- those figures for a simulated and a real series.

The comparison uses the closes both series have, and calendar-month returns from
month-end close to month-end close: the first, partial month is dropped, and the last
unless its last close is the month's last NYSE session. All returns are decimals.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from efficap.market_calendar import sessions_after
from efficap.stats import DAYS_PER_YEAR

__all__ = ["MIN_MONTHS", "Validation", "validate_simulation"]

#: Fewest full months of overlap for the monthly statistics (else they are NaN).
MIN_MONTHS = 3


@dataclass(frozen=True)
class Validation:
    """How a simulation compares with the real fund over their common closes.

    Attributes
    ----------
    cagr_difference : float
        CAGR of the simulation minus CAGR of the real fund, a decimal a year (0.0018 =
        0.18 points).
    monthly_correlation, daily_correlation : float
        Correlation of calendar-month and of daily returns.
    monthly_tracking_error : float
        ``sqrt(12)`` x sample standard deviation of monthly return differences.
    worst_monthly_gap : float
        Largest absolute monthly return difference (decimal), in `worst_gap_month`.
    overlap_start, overlap_end : Timestamp or None
        First and last common close.
    months : int
        Number of month-end to month-end returns compared.

    NaN (None for dates) where there is no overlap, or fewer than :data:`MIN_MONTHS`.
    """

    cagr_difference: float
    monthly_correlation: float
    monthly_tracking_error: float
    worst_monthly_gap: float
    worst_gap_month: pd.Period | None
    daily_correlation: float
    overlap_start: pd.Timestamp | None
    overlap_end: pd.Timestamp | None
    months: int

    def to_series(self) -> pd.Series:
        """The fields as one Series (object dtype), e.g. for a table of funds."""
        return pd.Series(asdict(self), dtype=object)


_NO_VALIDATION = Validation(np.nan, np.nan, np.nan, np.nan, None, np.nan, None, None, 0)


def _month_ends(index: pd.DatetimeIndex) -> np.ndarray:
    """Positions of the last close of each calendar month; an incomplete last month out
    (one whose last close is followed by another NYSE session in the same month)."""
    months = index.to_numpy().astype("datetime64[M]")
    ends = np.flatnonzero(np.append(months[1:] != months[:-1], True))
    last = index[ends[-1]]
    if sessions_after(last, last + pd.offsets.MonthEnd(0)) > 0:
        ends = ends[:-1]
    return ends


def validate_simulation(sim: pd.Series, real: pd.Series | None, notes: list[str]) -> Validation:
    """Compare a simulated series `sim` with the `real` fund's closes (None: no fund).

    Remarks (too little overlap) are appended to `notes`; figures that cannot be
    computed are NaN.
    """
    if real is None:
        return _NO_VALIDATION
    both = pd.concat([sim, real], axis=1, join="inner")
    if len(both) < 2:
        notes.append("No closes in common with the real fund: nothing to validate.")
        return _NO_VALIDATION
    idx, v = both.index, both.to_numpy()
    years = (idx[-1] - idx[0]).days / DAYS_PER_YEAR
    cagr = (v[-1] / v[0]) ** (1.0 / years) - 1.0
    daily = v[1:] / v[:-1] - 1.0
    daily_corr = float(np.corrcoef(daily.T)[0, 1]) if len(daily) > 2 else np.nan
    ends = _month_ends(idx)
    monthly = v[ends[1:]] / v[ends[:-1]] - 1.0
    months = len(monthly)
    stats: tuple[Any, ...] = (np.nan, np.nan, np.nan, None)
    if months >= MIN_MONTHS:
        gap = monthly[:, 0] - monthly[:, 1]
        worst = int(np.argmax(np.abs(gap)))
        stats = (
            float(np.corrcoef(monthly.T)[0, 1]),
            float(np.std(gap, ddof=1) * math.sqrt(12.0)),
            float(abs(gap[worst])),
            idx[ends[1:][worst]].to_period("M"),
        )
    else:
        notes.append(f"Only {months} full months in common: monthly statistics are NaN.")
    return Validation(
        float(cagr[0] - cagr[1]), *stats[:3], stats[3], daily_corr, idx[0], idx[-1], months
    )
