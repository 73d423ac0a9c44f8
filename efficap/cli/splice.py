"""``--simulate`` for commands over blends: held funds extended back with simulations.

Implements
----------
- :func:`add_simulate_option` -- ``--simulate [TICKER ...]`` (``figure 2``, ``analyze``).
- :func:`proxy_funds` -- the built-in proxies, ticker -> asset class.
- :func:`load_prices` -- the funds a command needs, and those it can use if present.
- :class:`Extension`, :func:`extend` -- held funds extended back by
  :func:`efficap.simulate.splice_prices`, with the notes, captions and JSON field that
  say which dates are simulated.
- :func:`formula`, :func:`blank_fee`, :func:`cli_text` -- shared with
  :mod:`efficap.cli.simulate`: a simulation as ``0.9 IVV + 0.6 IEF - 0.5 BIL less
  0.20%``, a blank catalog expense ratio, the core's message for the command line.

With ``--simulate`` and no tickers, every held fund with embedded leverage (total
notional per $1 other than 1: NTSX, GDE, RSST...) that can be simulated is extended;
plain funds (AGG, SPY...), funds that are themselves proxies (IVV, IEF, BIL, WTMF...) and
funds that cannot be simulated (no proxy with prices, a blank expense ratio) are skipped
with a ``note:``. With tickers, exactly those, and one that cannot be simulated is an
error. A simulation that tracks its fund poorly (monthly correlation under
:data:`POOR_FIT_CORRELATION` or a CAGR gap over :data:`POOR_FIT_CAGR` a year) gets a
``note:`` that says so.
"""

from __future__ import annotations

import argparse
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from efficap.errors import EfficapError, MissingProxyError, UnknownTickerError

if TYPE_CHECKING:
    from efficap.catalog import CatalogLike
    from efficap.simulate import SimulationResult

#: A blend's simulated funds -> (first, last) simulated close it uses.
Spans = dict[str, tuple[pd.Timestamp, pd.Timestamp]]

__all__ = ["Extension", "add_simulate_option", "blank_fee", "cli_text", "extend", "formula"]
__all__ += ["POOR_FIT_CAGR", "POOR_FIT_CORRELATION", "load_prices", "proxy_funds"]

#: Below this monthly correlation with the real fund, a simulation is flagged as a poor fit.
POOR_FIT_CORRELATION = 0.95
#: Above this CAGR gap (decimal a year) with the real fund, likewise.
POOR_FIT_CAGR = 0.01


def add_simulate_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--simulate [TICKER ...]`` (default None: no simulation) to `parser`."""
    parser.add_argument(
        "--simulate",
        nargs="*",
        metavar="TICKER",
        default=None,
        help="extend held funds back with histories simulated from their stated exposures "
        "(all that can be, or the TICKERs named); every output says which dates are simulated",
    )


def proxy_funds() -> dict[str, str]:
    """Ticker -> asset class it stands in for in simulated histories (built-in proxies)."""
    from efficap.proxies import proxy_table

    table = proxy_table()
    return {t: c for t, c in zip(table["ticker"], table["asset_class"], strict=True) if t}


def load_prices(path: str, required: Sequence[str], optional: Sequence[str] = ()) -> pd.DataFrame:
    """Read the `required` funds' closes and those of `optional` the data holds.

    Raises UnknownTickerError naming a required fund without prices. Price warnings
    (:class:`efficap.pricecheck.PriceWarning`) are raised for the funds read only.
    """
    from efficap.pricecheck import PriceWarning
    from efficap.prices import read_prices

    wanted = list(dict.fromkeys([*required, *optional]))
    folder = Path(path)
    if folder.is_dir():
        have = {p.stem.strip().upper() for p in folder.iterdir() if p.suffix.lower() == ".csv"}
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PriceWarning)
            have = set(read_prices(folder).columns)
    tickers = [t for t in wanted if t in have or t in required]
    if not tickers:
        raise UnknownTickerError(f"No prices for {', '.join(wanted)} in {folder.name}.")
    return read_prices(folder, tickers)


@dataclass
class Extension:
    """Prices with held funds extended back (:func:`efficap.simulate.splice_prices`; the
    input when nothing was added); ticker -> (first, last) simulated close and
    :class:`~efficap.simulate.SimulationResult` of each fund extended; one note per fund
    extended or skipped."""

    prices: pd.DataFrame
    ranges: dict[str, tuple[pd.Timestamp, pd.Timestamp]] = field(default_factory=dict)
    results: dict[str, SimulationResult] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def spans(self, blends: Mapping[str, Mapping[str, float]]) -> dict[str, Spans]:
        """Blend -> {fund: (first, last) simulated close the blend actually uses}.

        A blend starts at its funds' first common close, so a simulation reaching back
        before it is used only from there (none of it when the blend starts after it).
        """
        out: dict[str, Spans] = {}
        for name, weights in blends.items():
            held = [t for t in weights if t in self.prices.columns]
            common = self.prices[held].dropna().index if held else pd.DatetimeIndex([])
            used: Spans = {}
            for t in held:
                if t in self.ranges and len(common) and self.ranges[t][1] >= common[0]:
                    lo, hi = self.ranges[t]
                    used[t] = (max(lo, common[0]), hi)
            out[name] = used
        return out

    def caption(self, blends: Mapping[str, Mapping[str, float]] | None = None) -> str:
        """The text a table's caption gets: which funds are simulated, which dates; with
        `blends`, the span each blend uses."""
        if not self.ranges:
            return ""
        if blends is None:
            parts = [
                f"{t} {lo:%Y-%m-%d} to {hi:%Y-%m-%d} (real from {self._real(t):%Y-%m-%d})"
                for t, (lo, hi) in self.ranges.items()
            ]
            return "simulated data: " + ", ".join(parts)
        uses = [
            f"{name} uses "
            + (
                ", ".join(
                    f"{t} {lo:%Y-%m-%d} to {hi:%Y-%m-%d} (real from {self._real(t):%Y-%m-%d})"
                    for t, (lo, hi) in span.items()
                )
                or "none"
            )
            for name, span in self.spans(blends).items()
        ]
        return "simulated data: " + "; ".join(uses) + "; column Simulated marks each row"

    def label(
        self, table: pd.DataFrame, blends: Mapping[str, Mapping[str, float]] | None = None
    ) -> pd.DataFrame:
        """Add :meth:`caption` to `table`'s ``attrs["caption"]`` (in place); return it."""
        text = self.caption(blends)
        if text:
            before = table.attrs.get("caption", "")
            table.attrs["caption"] = f"{before}; {text}" if before else text
            table.attrs["simulated"] = text
        return table

    def mark(self, table: pd.DataFrame, blends: Mapping[str, Mapping[str, float]]) -> pd.DataFrame:
        """Add a column ``Simulated`` to `table` (in place): for each row, the simulated
        closes its numbers rest on (``"NTSX 2011-01-05..2018-08-01"``, prefixed with the
        blend where a row spans several), ``"none"`` for a row of real closes only.

        Rows are told apart by the table's shape: a row per blend (its index a blend;
        when its columns are trailing periods, from the start of the longest one as of
        ``attrs["as_of"]``); a row per period (``Start`` and ``End`` columns) or calendar
        year (an integer index); a row per drawdown episode (``Blend``, ``Peak``,
        ``Recovery``). Dates are the closes of the simulated span inside the row's window.
        """
        if not self.ranges:
            return table
        spans, days = self.spans(blends), self.prices.index

        def used(blend: str, lo: object = None, hi: object = None) -> str:
            start = days[0] if lo is None else max(pd.Timestamp(lo), days[0])
            end = days[-1] if hi is None else min(pd.Timestamp(hi), days[-1])
            parts = []
            for t, (a, b) in spans.get(blend, {}).items():
                inside = days[(days >= max(a, start)) & (days <= min(b, end))]
                if len(inside):
                    parts.append(f"{t} {inside[0]:%Y-%m-%d}..{inside[-1]:%Y-%m-%d}")
            return ", ".join(parts)

        def across(lo: object, hi: object) -> str:
            return "; ".join(f"{b}: {u}" for b in spans if (u := used(b, lo, hi)))

        if "Blend" in table.columns and "Peak" in table.columns:
            marks = [
                used(b, peak, rec if isinstance(rec, pd.Timestamp) else None)
                for b, peak, rec in zip(
                    table["Blend"], table["Peak"], table["Recovery"], strict=True
                )
            ]
        elif "Start" in table.columns and "End" in table.columns:
            marks = [across(lo, hi) for lo, hi in zip(table["Start"], table["End"], strict=True)]
        elif all(label in spans for label in table.index):
            as_of = table.attrs.get("as_of")
            marks = [used(b, self._window(blends[b], table.columns, as_of)) for b in table.index]
        else:  # a row per calendar year
            marks = [across(f"{y}-01-01", f"{y}-12-31") for y in table.index]
        table["Simulated"] = [m or "none" for m in marks]
        return table

    def _window(
        self, weights: Mapping[str, float], columns: Sequence[object], as_of: object
    ) -> pd.Timestamp | None:
        """First close the trailing-period `columns` of a blend read (None: its whole
        history, e.g. for risk figures, since inception, or without an as-of date)."""
        from efficap.performance import window_start
        from efficap.periods import parse_period

        names = []
        for column in columns:
            try:
                names.append(parse_period(column)[0])
            except EfficapError:
                continue
        if not names or "SI" in names or as_of is None:
            return None
        held = [t for t in weights if t in self.prices.columns]
        dates = self.prices[held].dropna().index
        starts = [window_start(dates, as_of, name) for name in names]
        return None if any(s is None for s in starts) else min(starts)

    def as_field(self) -> dict[str, dict[str, object]]:
        """The JSON field ``simulated``: {ticker: {from, to, cagr_difference, ...}}."""
        out: dict[str, dict[str, object]] = {}
        for t, (lo, hi) in self.ranges.items():
            check = self.results[t].validation
            out[t] = {
                "from": lo,
                "to": hi,
                "cagr_difference": check.cagr_difference,
                "monthly_correlation": check.monthly_correlation,
            }
        return out

    def real_inception(self, ticker: str) -> pd.Timestamp:
        """The fund's first real close: the first close of its splice after the simulation."""
        return self._real(ticker)

    def _real(self, ticker: str) -> pd.Timestamp:
        """The fund's first real close: the first close of its splice after the simulation."""
        spliced = self.results[ticker].spliced
        return spliced.index[spliced.index > self.ranges[ticker][1]][0]


def extend(
    prices: pd.DataFrame,
    held: Sequence[str],
    requested: Sequence[str],
    catalog: CatalogLike = None,
) -> Extension:
    """Extend held funds back with their simulations (see the module docstring).

    Parameters
    ----------
    prices : pandas.DataFrame
        Closes of the held funds and of the proxies the data has.
    held : sequence of str
        The funds the blends hold, in order.
    requested : sequence of str
        ``--simulate``'s tickers; empty means every held fund that can be.
    catalog : optional
        The fund catalog (exposures, expense ratios).

    Raises
    ------
    EfficapError
        When a named fund is not held, is a proxy, or cannot be simulated.
    """
    from efficap.catalog import load_catalog
    from efficap.simulate import simulate, splice_prices

    table, auto = load_catalog(catalog), not requested
    names = [str(t).strip().upper() for t in requested]
    if len(set(names)) < len(names):
        twice = next(t for t in names if names.count(t) > 1)
        raise EfficapError(f"--simulate lists {twice} twice; list each fund once.")
    proxies, ext = proxy_funds(), Extension(prices)
    for ticker in list(held) if auto else names:
        if ticker not in held:
            raise EfficapError(
                f"--simulate {ticker}: no blend holds it; name held funds ({', '.join(held)})."
            )
        why = ""
        if ticker in proxies:
            why = f"it is the {proxies[ticker]} proxy of simulated histories"
        elif auto and _unlevered(table, ticker):
            why = "it has no embedded leverage (name it after --simulate to extend it anyway)"
        elif blank_fee(table, ticker):
            why = f"{ticker} has no net expense ratio in the catalog; give one in a --catalog"
        else:
            try:
                result = simulate(ticker, prices, table)
            except EfficapError as exc:
                why = cli_text(exc)
            else:
                if result.simulated_to is None:
                    why = "its real closes start no later than its proxies'"
                else:
                    ext.results[ticker] = result
        if why and not auto:
            raise EfficapError(f"--simulate {ticker}: cannot simulate: {why}")
        if why:
            ext.notes.append(f"{ticker} not simulated: {why}")
    if ext.results:
        ext.prices, ranges = splice_prices(prices, list(ext.results), table)
        ext.ranges = {t: (lo, hi) for t, (lo, hi) in ranges.items() if lo is not None}
        found = [_note(t, ext) for t in ext.results]
        found += [f"{t}: {n}" for t, r in ext.results.items() for n in r.notes if "chained" in n]
        ext.notes[:0] = found
    return ext


def blank_fee(catalog: pd.DataFrame, ticker: str) -> bool:
    """True when the catalog has no net expense ratio for `ticker` (simulate refuses)."""
    return ticker in catalog.index and pd.isna(catalog.at[ticker, "net_expense_ratio"])


def cli_text(exc: EfficapError) -> str:
    """The core's error phrased for the command line, from its data: no ``proxies=`` or
    ``expense_ratio=`` advice (no such options here); a missing proxy's closes go in
    ``--prices``."""
    if isinstance(exc, MissingProxyError) and exc.proxies:
        return f"{exc.problem}; add {' or '.join(exc.proxies)} closes to --prices."
    problem = exc.problem
    return problem if problem.endswith(".") else f"{problem}."


def formula(result: SimulationResult) -> str:
    """``0.9 IVV + 0.6 IEF - 0.5 BIL less 0.20%``: exposures x proxies, financing, fee."""
    from efficap.simulate import CASH

    weights = {str(c): float(w) for c, w in result.exposures.items()}
    total = sum(weights.values())
    if abs(1.0 - total) > 1e-12:
        weights[CASH] = weights.get(CASH, 0.0) + 1.0 - total
    terms = ""
    for cls, w in weights.items():
        term = f"{abs(w):.4g} {result.proxies[cls][0]}"
        if terms:
            terms += f" {'-' if w < 0 else '+'} {term}"
        else:
            terms = f"-{term}" if w < 0 else term
    return f"{terms} less {result.expense_ratio:.2%}"


def _unlevered(table: pd.DataFrame, ticker: str) -> bool:
    """True when the catalog gives `ticker` a total notional of 1 per $1 (no leverage)."""
    from efficap.catalog import exposure_matrix

    try:
        total = float(exposure_matrix(table, [ticker]).iloc[0].sum())
    except EfficapError:
        return False  # unknown to the catalog: let the simulation say what is missing
    return abs(total - 1.0) < 1e-9


def _note(ticker: str, ext: Extension) -> str:
    result = ext.results[ticker]
    check = result.validation
    lo, hi = ext.ranges[ticker]
    text = (
        f"{ticker} simulated from {lo:%Y-%m-%d} to {hi:%Y-%m-%d} from its stated exposures "
        f"({formula(result)})"
    )
    if check.overlap_start is None:
        return f"{text}; not validated (no real closes in common)"
    corr, gap = check.monthly_correlation, check.cagr_difference
    poor = pd.isna(corr) or corr < POOR_FIT_CORRELATION or abs(gap) > POOR_FIT_CAGR
    return (
        f"{text}; validation over {check.overlap_start:%Y-%m-%d}..{check.overlap_end:%Y-%m-%d}: "
        f"CAGR {gap * 100:+.2f} points a year, monthly correlation "
        + ("n/a" if pd.isna(corr) else f"{corr:.3f}")
        + ("; POOR FIT: do not read the simulated part as a track record" if poor else "")
    )
