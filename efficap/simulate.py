"""Longer histories for young funds, rebuilt from their stated exposures.

Implements

- :func:`simulate` -- one fund's daily history from its catalog exposures and its net
  expense ratio, checked against the real fund (:class:`Validation`) and spliced onto
  it (:class:`SimulationResult`).
- :func:`splice_prices` -- a prices frame whose named funds are extended back with
  their simulations.

Which fund stands in for each asset class is the proxy table of :mod:`efficap.proxies`.

Model. Between consecutive common closes of the proxies, ``d`` calendar days apart,
the fund returns ``sum_c e_c r_c + (1 - N) r_cash - (er + s max(N - 1, 0)) d / 365.25``:
``e_c`` is the catalog's notional exposure per $1 to asset class ``c``, ``N`` their sum,
``r_c`` the total return of the class's proxy, ``r_cash`` the ``"Cash"`` proxy's (the
financing leg; ``1 - N < 0`` is borrowing), ``er`` the net expense ratio and ``s`` a
spread on the borrowed notional (annual decimals). The proxies are funded total-return
funds, so this is ``e_c`` of each proxy's excess return over cash, plus cash. The fee
accrues at ``er / 365.25`` per calendar day, weekends included, as a fund accrues it on
its net assets (a flat year costs about ``er - er**2 / 2``). Older proxies (SPY before
IVV, SHY before BIL), and the simulation before the real fund, are chained by returns:
scaled to meet the newer series at their first common close, so the level never jumps.

Validation (:class:`Validation`) uses the closes both the simulation and the real fund
have, and calendar-month returns from month-end close to month-end close: the first,
partial month is dropped, and the last unless its last close is the month's last NYSE
session.
All returns and rates are decimals.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from efficap._validate import normalize_ticker
from efficap.bounds import check_plausible
from efficap.catalog import (
    CatalogLike,
    asset_classes,
    exposure_matrix,
    load_catalog,
    resolve_asset_class,
)
from efficap.errors import MissingExpenseRatioError, MissingProxyError, SimulationError
from efficap.prices import validate_prices
from efficap.proxies import ProxiesLike, proxy_chains, proxy_table
from efficap.simulation_check import Validation, validate_simulation
from efficap.stats import DAYS_PER_YEAR

__all__ = ["CASH", "DAYS_PER_YEAR", "SimulationResult", "Validation", "simulate", "splice_prices"]

#: The proxy-table asset class whose proxy also carries the financing leg.
CASH = "Cash"


@dataclass(frozen=True)
class SimulationResult:
    """A fund's simulated history, its splice onto the real one, and their comparison.

    Attributes
    ----------
    fund : str
        Ticker.
    simulated : pandas.Series
        Growth of 1 (first value 1.0) on the proxies' common closes.
    spliced : pandas.Series
        The real closes from the fund's first close on, the simulation scaled to meet
        them before; the simulation alone if `prices` has no closes of the fund.
    simulated_from, simulated_to : Timestamp or None
        First and last simulated close in `spliced` (None if none is).
    validation : Validation
        The simulation against the real closes.
    proxies : dict
        Asset class -> tickers used, newest first (``"Cash"`` includes the financing leg).
    exposures : pandas.Series
        The catalog's nonzero exposures per $1 (decimals).
    expense_ratio, spread : float
        Annual decimals used.
    notes : tuple of str
        Where the numbers came from, and anything a reader should know.
    """

    fund: str
    simulated: pd.Series
    spliced: pd.Series
    simulated_from: pd.Timestamp | None
    simulated_to: pd.Timestamp | None
    validation: Validation
    proxies: dict[str, tuple[str, ...]]
    exposures: pd.Series
    expense_ratio: float
    spread: float
    notes: tuple[str, ...]


# --------------------------------------------------------------------------- building blocks


def _rate(value: Any, what: str, field: str) -> float:
    """An annual rate written as a decimal (0.005) or percent text ('0.5%'), checked
    against the plausible range of `field` in :data:`efficap.bounds.BOUNDS`."""
    rate = np.nan
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        try:
            rate = float(text.rstrip("%")) * (0.01 if text.endswith("%") else 1.0)
        except ValueError:
            pass
    elif isinstance(value, (Real, np.number)) and not isinstance(value, bool):
        rate = float(value)
    if not math.isfinite(rate):
        raise SimulationError(f"{what} must be a number, e.g. 0.005 or '0.5%', got {value!r}.")
    return check_plausible(rate, field, what)


def _expense_ratio(catalog: pd.DataFrame, fund: str, given: Any) -> tuple[float, str]:
    if given is not None:
        return _rate(given, f"{fund} expense ratio", "expense_ratio"), "given"
    value = catalog.at[fund, "net_expense_ratio"]
    if value is None or pd.isna(value):
        raise MissingExpenseRatioError(fund)
    return _rate(float(value), f"{fund} catalog expense ratio", "expense_ratio"), "catalog"


def _join(older: pd.Series, newer: pd.Series) -> tuple[pd.Series, pd.Timestamp | None]:
    """`newer` (no NaN) extended back with older x newer(j) / older(j), j their first
    common close: normally `newer`'s first, so the step into it is older's own return
    (else older's move to j less newer's). Returns it and j; `newer`, None if older adds
    nothing."""
    start = newer.index[0]
    common = newer.index.intersection(older.index)
    if common.empty or older.index[0] >= start:
        return newer, None
    join = common[0]
    back = older[older.index < start] * (newer[join] / older[join])
    return pd.concat([back, newer]), join


def _proxy_levels(
    prices: pd.DataFrame, fund: str, cls: str, tickers: tuple[str, ...], notes: list[str]
) -> tuple[pd.Series, list[tuple[str, pd.Timestamp]]]:
    """One class's proxy closes, older proxies chained on; and (ticker, used-until) pairs."""
    if not tickers:
        raise MissingProxyError(fund, cls)
    used = [t for t in tickers if t in prices.columns]
    if not used:
        raise MissingProxyError(fund, cls, tickers)
    if len(used) < len(tickers):
        notes.append(f"{cls}: no prices for {', '.join(t for t in tickers if t not in used)}.")
    if fund in used:
        notes.append(f"{fund} is its own {cls} proxy: its fee is counted twice.")
    levels = prices[used[0]].dropna()
    segments = [(used[0], pd.Timestamp.max)]
    for older in used[1:]:
        start = levels.index[0]
        levels, join = _join(prices[older].dropna(), levels)
        if join is not None:
            segments.append((older, start))
    return levels, segments


# --------------------------------------------------------------------------- public API


def simulate(
    fund: str,
    prices: pd.DataFrame,
    catalog: CatalogLike = None,
    proxies: ProxiesLike = None,
    spread: float | str | None = 0.0,
    expense_ratio: float | str | None = None,
    exposures: str | Mapping[str, float] | None = None,
) -> SimulationResult:
    """Simulate a fund's daily history from its catalog exposures and proxy funds.

    Parameters
    ----------
    fund : str
        Ticker in the catalog (case-insensitive).
    prices : pandas.DataFrame
        Total-return closes, one column per ticker (see
        :func:`efficap.prices.read_prices`); must hold the proxies' columns, and the
        fund's own to validate and splice.
    catalog : optional
        User catalog; see :func:`efficap.catalog.load_catalog`.
    proxies : optional
        Proxy overrides; see :func:`proxy_table`.
    spread : float or str, default 0.0
        Financing spread over the cash proxy on the borrowed notional
        (``max(N - 1, 0)``), annual decimal (0.005) or percent text ('0.5%'), within
        the plausible range of :data:`efficap.bounds.BOUNDS`; None (a blank cell) means 0.
    expense_ratio : float or str, optional
        Annual net expense ratio, decimal or percent text (plausible range in
        :data:`efficap.bounds.BOUNDS`); the catalog's by default. A fund whose
        catalog ratio is blank is refused unless one is given here (never taken as 0).
    exposures : {"stated", "realized"} or mapping, optional
        ``"stated"`` (None, the default): the catalog's. ``"realized"``: the betas of
        :func:`efficap.realized.realized_exposures` (weekly, the fund's own history
        against its proxies), so the simulation is fitted to the fund. A mapping: asset
        class -> exposure per $1 (decimals) as given.

    Returns
    -------
    SimulationResult

    Raises
    ------
    MissingProxyError
        If an asset class the fund holds has no proxy, or no proxy with prices.
    SimulationError
        On a blank expense ratio, a rate out of range (5 for 5%), no exposures, or
        fewer than 2 common proxy closes. (UnknownTickerError, CatalogError and
        PriceDataError on an unknown fund, a bad catalog or bad prices.)
    """
    table, rows = load_catalog(catalog), proxy_table(proxies)
    frame, name = validate_prices(prices), normalize_ticker(fund)
    held = _exposures(name, frame, table, proxies, exposures)
    return _simulate(name, frame, table, rows, spread, expense_ratio, held)


def _exposures(fund: str, prices: pd.DataFrame, catalog: Any, proxies: Any, how: Any) -> Any:
    """None for the catalog's exposures; else asset class -> exposure per $1."""
    if how is None or (isinstance(how, str) and how.strip().lower() in ("", "stated")):
        return None
    if isinstance(how, Mapping):
        given = {
            resolve_asset_class(catalog, str(k)): _rate(v, f"{k} exposure", "exposure")
            for k, v in how.items()
        }
        return pd.Series(given, dtype=float)
    if isinstance(how, str) and how.strip().lower() == "realized":
        from efficap.realized import realized_exposures

        return realized_exposures(fund, prices, catalog, proxies).realized
    raise SimulationError(f"exposures must be stated, realized or a mapping, got {how!r}.")


def _simulate(
    fund: str,
    prices: pd.DataFrame,
    catalog: pd.DataFrame,
    rows: pd.DataFrame,
    spread: Any,
    fee: Any,
    given: pd.Series | None = None,
) -> SimulationResult:
    row = exposure_matrix(catalog, [fund]).iloc[0] if given is None else given
    held = row[row != 0.0].rename(fund)
    if held.empty:
        raise SimulationError(f"{fund} has no exposures in the catalog: nothing to simulate.")
    chains = proxy_chains(rows, asset_classes(catalog))
    total = float(held.sum())
    borrowed = max(total - 1.0, 0.0)
    weights = held.to_dict()
    if abs(1.0 - total) > 1e-12:  # the financing leg earns (or pays) the cash proxy
        weights[CASH] = weights.get(CASH, 0.0) + 1.0 - total
    notes: list[str] = []
    levels, segments = {}, {}
    for cls in weights:  # a missing proxy is the first thing to say
        levels[cls], segments[cls] = _proxy_levels(prices, fund, cls, chains.get(cls, ()), notes)
    er, er_source = _expense_ratio(catalog, fund, fee)
    s = 0.0 if spread is None else _rate(spread, "Spread", "spread")
    notes.insert(0, f"Expense ratio {er:.2%} a year ({er_source}), accrued as er x days / 365.25.")
    if s:
        notes.insert(1, f"Financing spread {s:.2%} a year on {borrowed:.0%} borrowed notional.")
    common = pd.concat(levels, axis=1, join="inner", sort=True)
    if len(common) < 2:
        raise SimulationError(f"{fund}: the proxies share fewer than 2 closes.")
    values = common.to_numpy()
    days = np.diff(common.index.to_numpy()).astype("timedelta64[D]").astype(float)
    w = np.array([weights[c] for c in common.columns])
    r = (values[1:] / values[:-1] - 1.0) @ w - (er + s * borrowed) * days / DAYS_PER_YEAR
    growth = np.concatenate(([1.0], np.cumprod(1.0 + r)))
    if not (growth > 0).all():
        bad = common.index[int(np.argmax(growth <= 0))]
        raise SimulationError(f"{fund}: the simulated value falls to zero on {bad:%Y-%m-%d}.")
    simulated = pd.Series(growth, index=common.index, name=fund)
    used = {}
    for cls, pairs in segments.items():  # report an older proxy only if the window uses it
        active = [(t, until) for t, until in pairs if until > common.index[0]]
        used[cls] = tuple(t for t, _ in active)
        notes += [f"{cls}: {t} before {d:%Y-%m-%d}, chained by returns." for t, d in active[1:]]

    real = prices[fund].dropna() if fund in prices.columns else None
    start = stop = None
    if real is None:
        notes.append(f"No prices for {fund}: the whole series is simulated, from 1.0.")
        spliced, start, stop = simulated.copy(), simulated.index[0], simulated.index[-1]
    else:
        spliced, join = _join(simulated, real)
        if join is None:
            notes.append(
                f"Nothing added: no simulated close before {fund}'s first, or none in common."
            )
        else:
            start, stop = spliced.index[0], spliced.index[spliced.index < real.index[0]][-1]
            if join != real.index[0]:
                notes.append(f"Joined at {join:%Y-%m-%d}, the first real close with a simulation.")
    spliced, validation = spliced.rename(fund), validate_simulation(simulated, real, notes)
    return SimulationResult(
        fund, simulated, spliced, start, stop, validation, used, held, er, s, tuple(notes)
    )


def splice_prices(
    prices: pd.DataFrame,
    tickers: str | Iterable[str],
    catalog: CatalogLike = None,
    proxies: ProxiesLike = None,
    spread: float | str | None = 0.0,
    expense_ratios: Mapping[str, float | str] | None = None,
) -> tuple[pd.DataFrame, dict[str, tuple[pd.Timestamp | None, pd.Timestamp | None]]]:
    """Extend the named funds' price columns back with their simulations.

    Parameters
    ----------
    prices : pandas.DataFrame
        Total-return closes including the proxies' columns.
    tickers : str or iterable of str
        Funds to extend. Each is simulated from the proxies' real closes (never from
        another fund's spliced column), so the order does not matter.
    catalog, proxies, spread : optional
        As for :func:`simulate`.
    expense_ratios : mapping, optional
        Ticker -> annual net expense ratio (decimal or percent text), for funds whose
        catalog ratio is blank, or to override it.

    Returns
    -------
    (pandas.DataFrame, dict)
        The prices (validated copy) with each fund's closes before its first real
        close filled in from its simulation, scaled to meet it (a fund without a
        column gets one, wholly simulated); other columns untouched. And ticker ->
        (first, last) simulated date, (None, None) where nothing was added.

    Raises
    ------
    As :func:`simulate`.
    """
    frame = validate_prices(prices)
    if not isinstance(tickers, (str, Iterable)) or not isinstance(expense_ratios, Mapping | None):
        raise SimulationError("Pass tickers as text or a list, expense_ratios as a mapping.")
    listed = [tickers] if isinstance(tickers, str) else list(tickers)
    names = list(dict.fromkeys(normalize_ticker(t) for t in listed))
    if not names:
        raise SimulationError("No tickers to splice.")
    fees = {normalize_ticker(k): v for k, v in (expense_ratios or {}).items()}
    table, rows = load_catalog(catalog), proxy_table(proxies)
    out = frame.copy()
    ranges: dict[str, tuple[pd.Timestamp | None, pd.Timestamp | None]] = {}
    for ticker in names:
        result = _simulate(ticker, frame, table, rows, spread, fees.get(ticker))
        ranges[ticker] = (result.simulated_from, result.simulated_to)
        if result.simulated_to is None:
            continue
        if ticker in out.columns:
            back = result.spliced[result.spliced.index <= result.simulated_to]
            out.loc[back.index, ticker] = back.to_numpy()
        else:
            out[ticker] = result.spliced.reindex(out.index)
    return out, ranges
