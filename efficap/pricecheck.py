"""Checks of price histories that warn, never refuse: gaps, closed days, bad prints.

Implements
----------
- :func:`check_prices` -- one row per fund: first and last date, rows, trading days
  without a close, closes on days the exchange was closed, suspicious one-day moves.
- :func:`price_notes` -- the same findings as short sentences naming fund and dates.
- :func:`warn_prices` -- each finding as a :class:`PriceWarning`; the readers in
  :mod:`efficap.prices` call it on every price history they return.
- :class:`PriceWarning` -- the warning category (filter it with :mod:`warnings`).
- :data:`MOVE_SIGMAS`, :data:`REVERSAL`, :data:`VOL_WINDOW`, :data:`VOL_FLOOR` -- the
  constants of the bad-print rule.

Trading days come from the NYSE calendar (:func:`efficap.market_calendar.trading_days`).

**The bad-print rule.** A close is suspicious when the move into it and the move out of
it are both large for the fund and the second undoes the first, the signature of a
wrong price on one day (e.g. -33% then +49%). With ``r`` the log return between
consecutive closes of the fund and ``s`` the fund's typical daily move around that day
(1.4826 x the median of ``|r|`` over the :data:`VOL_WINDOW` returns centred on it: a
robust standard deviation, barely moved by one bad print, yet high in a crash), day
``t`` is flagged when

- ``|r[t]| >= MOVE_SIGMAS * s`` and ``|r[t+1]| >= MOVE_SIGMAS * s``, of opposite signs,
- ``|r[t] + r[t+1]| <= (1 - REVERSAL) * |r[t]|`` (the next close undoes at least three
  quarters of the move), with ``s`` at least :data:`VOL_FLOOR`.

On the 22 real histories the largest such pairs are 6.8 s (GOVT, 2024-12-31: +2.2% then
-2.2%) and 6.3 s (SHY, 2020-03-09, the Covid crash), so 8 s raises no false alarm on the
crash days of 1987, 2008 or 2020, while a -33%/+49% print in any of them is 20 s or more.
The last close of a history cannot be judged (no next day).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from efficap.market_calendar import trading_days

__all__ = [
    "MOVE_SIGMAS",
    "REVERSAL",
    "VOL_FLOOR",
    "VOL_WINDOW",
    "PriceWarning",
    "check_prices",
    "price_notes",
    "warn_prices",
]

#: A move this many typical daily moves (robust standard deviations) or more is large.
MOVE_SIGMAS = 8.0
#: Share of the move the next close must undo for the pair to count as a reversal.
REVERSAL = 0.75
#: Returns in the centred window that measures the fund's typical daily move.
VOL_WINDOW = 63
#: Smallest typical daily move used (0.05%), so a near-constant cash fund's tiny
#: wiggles are not read as huge moves.
VOL_FLOOR = 0.0005
_MAD_TO_SIGMA = 1.4826
_SHOWN = 3

COLUMNS: tuple[str, ...] = (
    "first",
    "last",
    "rows",
    "missing_days",
    "missing_first",
    "extra_days",
    "extra_first",
    "suspicious_moves",
    "suspicious_first",
)


class PriceWarning(UserWarning):
    """A price history looks wrong (a gap, a close on a closed day, a bad print).

    Raised through :func:`warnings.warn`, never as an error: the numbers are still
    computed. Turn it into an error with ``warnings.simplefilter("error", PriceWarning)``.
    """


def check_prices(prices: pd.DataFrame, shown: int = _SHOWN) -> pd.DataFrame:
    """Check each fund's closes against the NYSE calendar and for one-day bad prints.

    Parameters
    ----------
    prices : pandas.DataFrame
        A canonical prices frame (:func:`efficap.prices.read_prices`): a sorted
        DatetimeIndex and one column of closes per ticker, NaN where there is none.
    shown : int, default 3
        How many dates each ``*_first`` column lists.

    Returns
    -------
    pandas.DataFrame
        One row per fund (index ``Fund``), columns :data:`COLUMNS`: ``first`` and
        ``last`` date with a close; ``rows`` (closes); ``missing_days`` (NYSE trading
        days between first and last without a close) and ``missing_first`` (the first
        few, ISO text joined by ", "); ``extra_days`` and ``extra_first`` (closes on days
        the NYSE was closed); ``suspicious_moves`` and ``suspicious_first`` (closes that
        fit the bad-print rule of the module docstring, e.g.
        ``"2024-03-05 (-33.0% then +49.3%)"``).
    """
    records = {}
    for ticker in prices.columns:
        closes = prices[ticker].dropna()
        records[ticker] = _check_one(closes, shown)
    out = pd.DataFrame.from_dict(records, orient="index", columns=list(COLUMNS))
    out.index.name = "Fund"
    return out


def _check_one(closes: pd.Series, shown: int) -> dict[str, object]:
    days = pd.DatetimeIndex(closes.index)
    if days.empty:
        return dict.fromkeys(COLUMNS, None) | {"rows": 0}
    sessions = trading_days(days[0], days[-1])
    missing = sessions.difference(days)
    extra = days.difference(sessions)
    moves = suspicious_moves(closes)
    return {
        "first": days[0],
        "last": days[-1],
        "rows": len(days),
        "missing_days": len(missing),
        "missing_first": _dates(missing[:shown]),
        "extra_days": len(extra),
        "extra_first": _dates(extra[:shown]),
        "suspicious_moves": len(moves),
        "suspicious_first": ", ".join(
            f"{day:%Y-%m-%d} ({into:+.1%} then {out:+.1%})" for day, into, out in moves[:shown]
        ),
    }


def suspicious_moves(closes: pd.Series) -> list[tuple[pd.Timestamp, float, float]]:
    """Closes that fit the bad-print rule: (date, move into it, move out of it).

    Moves are simple returns (decimals, -0.33 for -33%); see the module docstring.
    """
    values = closes.to_numpy(dtype=float)
    if len(values) < 3:
        return []
    r = np.diff(np.log(values))
    size = np.abs(r)
    typical = (
        pd.Series(size)
        .rolling(VOL_WINDOW, center=True, min_periods=min(21, len(size)))
        .median()
        .to_numpy()
    )
    typical = np.where(np.isnan(typical), np.median(size), typical) * _MAD_TO_SIGMA
    typical = np.maximum(typical, VOL_FLOOR)
    into, out = r[:-1], r[1:]
    limit = MOVE_SIGMAS * typical[:-1]
    flagged = (
        (np.abs(into) >= limit)
        & (np.abs(out) >= limit)
        & (np.sign(into) != np.sign(out))
        & (np.abs(into + out) <= (1 - REVERSAL) * np.abs(into))
    )
    dates = closes.index[1:-1]
    return [
        (pd.Timestamp(dates[i]), float(np.expm1(into[i])), float(np.expm1(out[i])))
        for i in np.flatnonzero(flagged)
    ]


def price_notes(prices: pd.DataFrame, source: str | None = None) -> list[str]:
    """The findings of :func:`check_prices` as sentences, one per fund and kind.

    Parameters
    ----------
    prices : pandas.DataFrame
        A canonical prices frame.
    source : str, optional
        The file the prices came from, named in each sentence.

    Returns
    -------
    list of str
        E.g. ``"DBMF: 27 NYSE trading days without a close from 2019-05-08 to
        2026-08-20 (first: 2019-06-03, ...)."``; empty when nothing looks wrong.
    """
    table = check_prices(prices)
    where = f" in {source}" if source else ""
    notes = []
    for fund, row in table.iterrows():
        if row["missing_days"]:
            notes.append(
                f"{fund}{where}: {_count(row['missing_days'], 'NYSE trading day')} without "
                f"a close from {row['first']:%Y-%m-%d} to {row['last']:%Y-%m-%d} "
                f"(first: {row['missing_first']})."
            )
        if row["extra_days"]:
            notes.append(
                f"{fund}{where}: {_count(row['extra_days'], 'close')} on days the NYSE was "
                f"closed ({row['extra_first']})."
            )
        if row["suspicious_moves"]:
            n = row["suspicious_moves"]
            kind = "close looks like a bad print" if n == 1 else "closes look like bad prints"
            notes.append(
                f"{fund}{where}: {n} {kind} (a move reversed the next day): "
                f"{row['suspicious_first']}."
            )
    return notes


def warn_prices(prices: pd.DataFrame, source: str | None = None, stacklevel: int = 3) -> None:
    """Issue each of :func:`price_notes` as a :class:`PriceWarning`."""
    for note in price_notes(prices, source):
        warnings.warn(note, PriceWarning, stacklevel=stacklevel)


def _dates(days: Sequence[pd.Timestamp]) -> str:
    return ", ".join(f"{pd.Timestamp(d):%Y-%m-%d}" for d in days)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
