"""Checks of price histories that warn, never refuse: gaps, closed days, bad prints, splits.

Implements
----------
- :func:`check_prices` -- one row per fund: first and last date, rows, trading days
  without a close, closes on days the exchange was closed, suspicious one-day moves,
  probable unadjusted splits.
- :func:`price_findings` -- every finding, one row each, worst first.
- :func:`suspicious_moves`, :func:`probable_splits` -- the two one-day move rules.
- :func:`price_notes` -- the same findings as short sentences naming fund and dates.
- :func:`warn_prices` -- each finding as a :class:`PriceWarning`; the readers in
  :mod:`efficap.prices` call it on every price history they return.
- :class:`PriceWarning` -- the warning category (filter it with :mod:`warnings`).
- :data:`MOVE_SIGMAS`, :data:`REVERSAL`, :data:`VOL_WINDOW`, :data:`VOL_FLOOR` -- the
  constants of the bad-print rule; :data:`SPLIT_RATIOS`, :data:`SPLIT_SIGMAS` -- those
  of the split rule.

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

**The split rule.** A close is a probable unadjusted split when the move into it is
large for the fund (``|r[t]| >= MOVE_SIGMAS * s``), lies within ``SPLIT_SIGMAS * s`` of
the log of a common split's price factor (:data:`SPLIT_RATIOS`: 2:1 halves the price,
1:10 multiplies it by ten), is not reversed by the next close (it fails the
three-quarters undo test above; a last close counts as not reversed) and does not
itself undo the move before it (the way back from a bad print). The tolerance is
in the fund's own typical daily moves because the split day's close also carries that
day's real move, about one ``s``: 4 ``s`` keeps a split made on a rough day (a real move
of up to 4 typical moves on top), while on the 22 real histories no daily move comes
nearer to a split factor than 6.3 ``s`` (IVV, 2020-03-16: -12%, 0.31 in log from 2:3),
and none is 8 ``s`` large and within 4 ``s`` of one, so Covid's and 2008's real crashes
are not called splits.
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
    "SPLIT_RATIOS",
    "SPLIT_SIGMAS",
    "VOL_FLOOR",
    "VOL_WINDOW",
    "PriceWarning",
    "check_prices",
    "price_findings",
    "price_notes",
    "probable_splits",
    "suspicious_moves",
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
#: Common splits as "new:old" shares -> the factor the price is multiplied by.
SPLIT_RATIOS: dict[str, float] = {
    "2:1": 1 / 2,
    "3:1": 1 / 3,
    "3:2": 2 / 3,
    "4:1": 1 / 4,
    "5:1": 1 / 5,
    "10:1": 1 / 10,
    "1:2": 2.0,
    "1:3": 3.0,
    "1:4": 4.0,
    "1:5": 5.0,
    "1:10": 10.0,
    "1:20": 20.0,
}
#: Largest distance, in typical daily moves, between a log move and a split's log factor.
SPLIT_SIGMAS = 4.0
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
    "suspicious_worst",
    "probable_splits",
    "splits_worst",
)
#: Columns of :func:`price_findings`.
FINDING_COLUMNS: tuple[str, ...] = ("Fund", "date", "finding", "move", "then", "sigmas")
_KIND_ORDER = {"split": 0, "bad print": 1, "closed day": 2, "missing day": 3}


class PriceWarning(UserWarning):
    """A price history looks wrong (a gap, a closed day, a bad print, a split).

    Raised through :func:`warnings.warn`, never as an error: the numbers are still
    computed. Turn it into an error with ``warnings.simplefilter("error", PriceWarning)``.
    """


def check_prices(prices: pd.DataFrame, shown: int = _SHOWN) -> pd.DataFrame:
    """Check each fund's closes against the NYSE calendar, for bad prints and splits.

    Parameters
    ----------
    prices : pandas.DataFrame
        A canonical prices frame (:func:`efficap.prices.read_prices`): a sorted
        DatetimeIndex and one column of closes per ticker, NaN where there is none.
    shown : int, default 3
        How many findings each text column lists.

    Returns
    -------
    pandas.DataFrame
        One row per fund (index ``Fund``), columns :data:`COLUMNS`: ``first`` and
        ``last`` date with a close; ``rows`` (closes); ``missing_days`` (NYSE trading
        days between first and last without a close) and ``missing_first`` (the first
        few, ISO text joined by ", "); ``extra_days`` and ``extra_first`` (closes on days
        the NYSE was closed); ``suspicious_moves`` and ``suspicious_worst`` (closes that
        fit the bad-print rule of the module docstring, largest first, e.g.
        ``"2024-03-05 (-33.0% then +49.3%)"``); ``probable_splits`` and ``splits_worst``
        (moves that fit the split rule, e.g. ``"2019-06-03 (2:1, -50.1%)"``).
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
    moves = sorted(suspicious_moves(closes), key=lambda m: -abs(np.log1p(m[1])))
    splits = sorted(probable_splits(closes), key=lambda m: -abs(np.log1p(m[2])))
    return {
        "first": days[0],
        "last": days[-1],
        "rows": len(days),
        "missing_days": len(missing),
        "missing_first": _dates(missing[:shown]),
        "extra_days": len(extra),
        "extra_first": _dates(extra[:shown]),
        "suspicious_moves": len(moves),
        "suspicious_worst": ", ".join(
            f"{day:%Y-%m-%d} ({into:+.1%} then {out:+.1%})" for day, into, out in moves[:shown]
        ),
        "probable_splits": len(splits),
        "splits_worst": ", ".join(
            f"{day:%Y-%m-%d} ({ratio}, {move:+.1%})" for day, ratio, move in splits[:shown]
        ),
    }


def _log_moves(closes: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Log returns between consecutive closes and the typical daily move around each."""
    values = closes.to_numpy(dtype=float)
    r = np.diff(np.log(values))
    size = np.abs(r)
    typical = (
        pd.Series(size)
        .rolling(VOL_WINDOW, center=True, min_periods=min(21, len(size)))
        .median()
        .to_numpy()
    )
    typical = np.where(np.isnan(typical), np.median(size), typical) * _MAD_TO_SIGMA
    return r, np.maximum(typical, VOL_FLOOR)


def _reversed(into: np.ndarray, out: np.ndarray) -> np.ndarray:
    return (np.sign(into) != np.sign(out)) & (np.abs(into + out) <= (1 - REVERSAL) * np.abs(into))


def suspicious_moves(closes: pd.Series) -> list[tuple[pd.Timestamp, float, float]]:
    """Closes that fit the bad-print rule: (date, move into it, move out of it).

    Moves are simple returns (decimals, -0.33 for -33%), in date order; see the module
    docstring.
    """
    if closes.size < 3:
        return []
    r, typical = _log_moves(closes)
    into, out = r[:-1], r[1:]
    limit = MOVE_SIGMAS * typical[:-1]
    flagged = (np.abs(into) >= limit) & (np.abs(out) >= limit) & _reversed(into, out)
    dates = closes.index[1:-1]
    return [
        (pd.Timestamp(dates[i]), float(np.expm1(into[i])), float(np.expm1(out[i])))
        for i in np.flatnonzero(flagged)
    ]


def probable_splits(closes: pd.Series) -> list[tuple[pd.Timestamp, str, float]]:
    """Closes that fit the split rule: (date, ratio such as ``"2:1"``, the one-day move).

    The move is a simple return (-0.5 for a 2:1 split); in date order; see the module
    docstring for the rule.
    """
    if closes.size < 2:
        return []
    r, typical = _log_moves(closes)
    names = list(SPLIT_RATIOS)
    factors = np.log(np.array([SPLIT_RATIOS[n] for n in names]))
    distance = np.abs(r[:, None] - factors[None, :])
    nearest = distance.argmin(axis=1)
    near = distance[np.arange(r.size), nearest] <= SPLIT_SIGMAS * typical
    pair = _reversed(r[:-1], r[1:])  # pair[i]: move i+1 undoes move i
    undone = np.append(pair, False)  # reversed by the next close
    undoing = np.insert(pair, 0, False)  # itself the way back from a bad print
    flagged = near & (np.abs(r) >= MOVE_SIGMAS * typical) & ~undone & ~undoing
    dates = closes.index[1:]
    return [
        (pd.Timestamp(dates[i]), names[nearest[i]], float(np.expm1(r[i])))
        for i in np.flatnonzero(flagged)
    ]


def price_findings(prices: pd.DataFrame) -> pd.DataFrame:
    """Every finding of :func:`check_prices`, one row each, worst first.

    Parameters
    ----------
    prices : pandas.DataFrame
        A canonical prices frame.

    Returns
    -------
    pandas.DataFrame
        Index 1..n, columns :data:`FINDING_COLUMNS`: ``Fund``; ``date``; ``finding``
        (``"probable 2:1 split"``, ``"bad print"``, ``"close on a closed day"``, ``"no
        close on a trading day"``); ``move`` (the simple return into the close, a
        decimal; NaN for calendar findings); ``then`` (a bad print's move out of it);
        ``sigmas`` (``|log move|`` in typical daily moves of the fund). Ordered splits
        first, then bad prints, each largest first; then closed days and missing days
        by date.
    """
    rows: list[tuple[object, ...]] = []
    for ticker in prices.columns:
        closes = prices[ticker].dropna()
        if closes.empty:
            continue
        _, typical = _log_moves(closes) if closes.size > 1 else (np.array([]), np.array([]))
        where = {day: i for i, day in enumerate(closes.index[1:])}
        for day, ratio, move in probable_splits(closes):
            sig = abs(np.log1p(move)) / typical[where[day]]
            rows.append(("split", ticker, day, f"probable {ratio} split", move, np.nan, sig))
        for day, into, out in suspicious_moves(closes):
            sig = abs(np.log1p(into)) / typical[where[day]]
            rows.append(("bad print", ticker, day, "bad print", into, out, sig))
        days = pd.DatetimeIndex(closes.index)
        sessions = trading_days(days[0], days[-1])
        for day in days.difference(sessions):
            rows.append(("closed day", ticker, day, "close on a closed day", *[np.nan] * 3))
        for day in sessions.difference(days):
            rows.append(("missing day", ticker, day, "no close on a trading day", *[np.nan] * 3))
    rows.sort(key=lambda row: (_KIND_ORDER[row[0]], -np.nan_to_num(row[6]), row[2], row[1]))
    out = pd.DataFrame([row[1:] for row in rows], columns=list(FINDING_COLUMNS))
    out.index = pd.RangeIndex(1, len(out) + 1)
    out.attrs["plain"] = ["sigmas"]
    out.attrs["caption"] = (
        "worst first: probable unadjusted splits, then bad prints (largest first), then "
        "calendar gaps; move and then are one-day returns, sigmas the move in the fund's "
        "typical daily moves"
    )
    return out


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
        if row["probable_splits"]:
            n = row["probable_splits"]
            kind = "move looks like" if n == 1 else "moves look like"
            notes.append(
                f"{fund}{where}: {n} one-day {kind} an unadjusted split (not reversed): "
                f"{row['splits_worst']}; use split-adjusted closes."
            )
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
                f"{row['suspicious_worst']}."
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
