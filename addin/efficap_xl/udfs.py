"""efficap's Excel functions (xlwings UDFs): convert the cells, call the core, shape the result.

Set ``UDF Modules`` to ``efficap_xl.udfs`` in the xlwings add-in and click
*Import Functions*. Every function is declared in :mod:`efficap_xl.spec`
(Excel name, arguments, help) and decorated from there by
:func:`efficap_xl.spec.udf`; this module holds only the bodies.

Error convention: a function never raises into Excel. A problem with the
inputs returns one text cell ``"#EFFCAP: <what is wrong>."`` (e.g.
``"#EFFCAP: Unknown ticker: XYZ. Add it to a catalog table or check the
spelling."``); a bug returns ``"#EFFCAP: internal error (<ExceptionType>)"``.
Test for it with ``=LEFT(A1, 8) = "#EFFCAP:"``. Figures that do not exist
(a 10-year return of a 7-year-old fund) are the text ``"n/a"``.

All weights, exposures, returns, ratios and yields are decimals (0.24 =
24%): format the cells as %. Returns are read off a blend's linked history (its
growth of 1 from its first common close) with annual rebalancing unless the
rebalance and window arguments say otherwise; prices are picked by the tickers
a function is given, never by column position. Spilled tables are laid out by
:mod:`efficap_xl.reports`. EFFCAP_SCREEN and EFFCAP_REALIZED live in
:mod:`efficap_xl.udfs_screen` and are imported here, so this stays the one UDF module.
"""

from __future__ import annotations

from typing import Any

import efficap
from efficap import blend, exposure, fees, history, performance, proxies, risk, simulate, solve
from efficap import catalog as core_catalog
from efficap import stress as core_stress
from efficap.errors import SimulationError, SolveError
from efficap_xl import cache, frames, outputs, readers, reports, scalars
from efficap_xl.cells import InputError, is_blank
from efficap_xl.periods import stress_periods as periods_from_range
from efficap_xl.ranges import vector
from efficap_xl.spec import udf
from efficap_xl.spec_prices import MAX_TOP
from efficap_xl.udfs_screen import EFFCAP_REALIZED, EFFCAP_SCREEN  # noqa: F401 (the UDF list)

Cells = Any  # a cell value, flat list or list of rows, as xlwings passes it
Result = Any  # a number, text, date, or a list of rows to spill

_TOTALS = {
    "total notional": exposure.TOTAL_NOTIONAL,
    "total": exposure.TOTAL_NOTIONAL,
    "financing": exposure.FINANCING,
}
_TOP = 5  # drawdowns listed by default


# --------------------------------------------------------------------------- exposure


@udf
def EFFCAP_EXPOSURE(
    tickers: Cells, weights: Cells, asset_classes: Cells = None, catalog: Cells = None
) -> Result:
    table = cache.catalog(catalog)
    w = readers.weights(tickers, weights)
    report = exposure.exposure_report(w, table)
    shown = vector(asset_classes, "Asset classes")
    if shown.values:  # a fixed table: just the values, laid out like the labels
        names = readers.labels(asset_classes, "Asset class")
        classes = [n for n in names if n.lower() not in _TOTALS]
        by_class = iter(exposure.exposures(w, table, classes).tolist() if classes else [])
        values = [
            report[_TOTALS[n.lower()]] if n.lower() in _TOTALS else next(by_class) for n in names
        ]
        return outputs.aligned(values, shown.orientation)
    rows: list[list[Any]] = [[name, value] for name, value in report.items()]
    total_weight = sum(w.values())
    if abs(total_weight - 1.0) > blend.WEIGHT_SUM_TOLERANCE:
        rows.append(["Warning: weights add up to", total_weight])
    return outputs.table(rows)


@udf
def EFFCAP_NOTIONAL(tickers: Cells, weights: Cells, catalog: Cells = None) -> Result:
    w = readers.weights(tickers, weights)
    return outputs.cell(exposure.total_notional(w, cache.catalog(catalog)))


# --------------------------------------------------------------------------- solve


def _solve(
    asset_classes: Cells,
    targets: Cells,
    tickers: Cells,
    objective: Cells,
    catalog: Cells,
    allow_cash: Cells,
) -> tuple[solve.SolveResult, str]:
    table = cache.catalog(catalog)
    goals = readers.targets(asset_classes, targets)
    layout = vector(tickers, "Tickers").orientation
    funds = readers.tickers(tickers)
    result = solve.solve_weights(
        goals,
        funds,
        catalog=table,
        objective=scalars.text(objective, "Objective", "expense"),
        allow_cash=scalars.flag(allow_cash, "allow_cash"),
    )
    return result, layout


@udf
def EFFCAP_SOLVE(
    asset_classes: Cells,
    targets: Cells,
    tickers: Cells,
    objective: Cells = None,
    catalog: Cells = None,
    allow_cash: Cells = None,
    allow_nearest: Cells = None,
) -> Result:
    nearest_ok = scalars.flag(allow_nearest, "allow_nearest")
    result, layout = _solve(asset_classes, targets, tickers, objective, catalog, allow_cash)
    if not result.exact and not nearest_ok:
        worst = result.residual.abs().idxmax()
        raise SolveError(
            f"Targets cannot be met exactly (largest miss {result.residual[worst]:+.2%} in "
            f"{worst}). Set allow_nearest to TRUE for the nearest weights; see "
            "EFFCAP_SOLVE_STATUS."
        )
    return outputs.aligned(list(result.weights), layout)


@udf
def EFFCAP_SOLVE_STATUS(
    asset_classes: Cells,
    targets: Cells,
    tickers: Cells,
    objective: Cells = None,
    catalog: Cells = None,
    allow_cash: Cells = None,
) -> Result:
    result, _ = _solve(asset_classes, targets, tickers, objective, catalog, allow_cash)
    rows: list[list[Any]] = [["Asset class", "Target", "Reached", "Residual"]]
    for name in result.targets.index:
        rows.append([name, result.targets[name], result.exposures[name], result.residual[name]])
    rows.append(["Status", result.status])
    rows.extend(["Note", note] for note in result.notes)
    return outputs.table(rows)


# --------------------------------------------------------------------------- blends


def _blend_inputs(dates: Cells, prices: Cells, weights: Cells) -> tuple[Any, dict[str, float]]:
    frame = cache.prices(dates, prices)
    return frame, readers.aligned_weights(weights, list(frame.columns))


@udf
def EFFCAP_BLEND(
    dates: Cells,
    prices: Cells,
    weights: Cells,
    rebalance: Cells = None,
    start_date: Cells = None,
    end_date: Cells = None,
) -> Result:
    frame, w = _blend_inputs(dates, prices, weights)
    growth = blend.blend_growth(
        frame,
        w,
        scalars.rebalance(rebalance),
        scalars.optional_date(start_date, "Start date"),
        scalars.optional_date(end_date, "End date"),
    )
    return outputs.columns(growth.index, growth.to_numpy())


@udf
def EFFCAP_GROWTH(
    dates: Cells,
    prices: Cells,
    weights_table: Cells,
    rebalance: Cells = None,
    funds: Cells = None,
) -> Result:
    frame = cache.prices(dates, prices)
    blends = frames.weights_table(weights_table)
    given = [v for v in vector(funds, "Funds").values if not is_blank(v)]  # blanks: none
    extra = readers.tickers(given, "Fund") if given else []
    table = history.growth_table(frame, blends, scalars.rebalance(rebalance), extra)
    header = [["Date", *table.columns]]
    return header + outputs.columns(table.index, *table.to_numpy().T, missing="")


@udf
def EFFCAP_TRAILING(
    dates: Cells,
    prices: Cells,
    weights: Cells,
    as_of: Cells,
    period: Cells,
    rebalance: Cells = None,
    window: Cells = None,
) -> Result:
    frame, w = _blend_inputs(dates, prices, weights)
    value = performance.trailing_return(
        frame,
        w,
        scalars.date(as_of, "As-of date"),
        scalars.period(period),
        scalars.rebalance(rebalance),
        scalars.window(window),
    )
    return outputs.cell(value)


@udf
def EFFCAP_PERFORMANCE(
    dates: Cells,
    prices: Cells,
    weights_table: Cells,
    as_of: Cells,
    rebalance: Cells = None,
    window: Cells = None,
) -> Result:
    frame = cache.prices(dates, prices)
    blends = frames.weights_table(weights_table)
    result = performance.standardized_table(
        frame,
        blends,
        scalars.date(as_of, "As-of date"),
        scalars.rebalance(rebalance),
        window=scalars.window(window),
    )
    return reports.performance_rows(result)


@udf
def EFFCAP_STATS(
    dates: Cells,
    prices: Cells,
    weights: Cells,
    rebalance: Cells = None,
    risk_free: Cells = None,
    equity: Cells = None,
) -> Result:
    frame, w = _blend_inputs(dates, prices, weights)
    rate = scalars.number(risk_free, "risk_free", 0.0, field="risk_free")
    options: dict[str, Any] = {"risk_free": rate}
    equity_ticker = scalars.text(equity, "Equity ticker")
    if equity_ticker is not None:
        none = equity_ticker.strip().casefold() == "none"
        options["equity"] = False if none else equity_ticker
    stats = risk.risk_stats(frame, w, scalars.rebalance(rebalance), **options)
    return outputs.table([[label, value] for label, value in stats.items()])


# --------------------------------------------------------------------------- history


@udf
def EFFCAP_STRESS(
    dates: Cells,
    prices: Cells,
    weights_table: Cells,
    periods: Cells = None,
    rebalance: Cells = None,
) -> Result:
    frame = cache.prices(dates, prices)
    blends = frames.weights_table(weights_table)
    table = core_stress.stress_periods(periods_from_range(periods))
    returns = core_stress.stress_table(frame, blends, table, scalars.rebalance(rebalance))
    return reports.stress_rows(table, returns)


@udf
def EFFCAP_DRAWDOWNS(
    dates: Cells,
    prices: Cells,
    weights: Cells,
    top: Cells = None,
    rebalance: Cells = None,
) -> Result:
    frame, w = _blend_inputs(dates, prices, weights)
    count = scalars.whole(top, "top", _TOP, 1, MAX_TOP)
    growth = blend.blend_growth(frame, w, scalars.rebalance(rebalance))
    return reports.drawdown_rows(history.drawdowns(growth, count))


@udf
def EFFCAP_CALENDAR(
    dates: Cells, prices: Cells, weights_table: Cells, rebalance: Cells = None
) -> Result:
    frame = cache.prices(dates, prices)
    blends = frames.weights_table(weights_table)
    return reports.calendar_rows(
        history.calendar_years(frame, blends, scalars.rebalance(rebalance))
    )


def _simulation_prices(frame: Any, fund: str) -> Any:
    """The fund's and the proxies' columns, picked from the price range by header.

    With none of them there, the whole range: the core then names the missing proxy.
    """
    wanted = {fund} | set(proxies.proxy_table()["ticker"])
    used = [t for t in frame.columns if t in wanted]
    return frame[used] if used else frame


@udf
def EFFCAP_SIMULATE(
    dates: Cells, prices: Cells, ticker: Cells, catalog: Cells = None, spread: Cells = None
) -> Result:
    frame = cache.prices(dates, prices)
    fund = scalars.text(ticker, "Ticker")
    if fund is None:
        raise InputError("Ticker is blank. Give the fund to simulate, e.g. NTSX.")
    table = cache.catalog(catalog)
    rate = scalars.rate(spread, "Spread")
    used = _simulation_prices(frame, fund.upper())
    try:
        result = simulate.simulate(fund, used, table, None, rate)
    except SimulationError as exc:
        raise InputError(outputs.sheet_advice(exc)) from None
    return reports.simulation_rows(result)


# --------------------------------------------------------------------------- catalog facts


@udf
def EFFCAP_FEES(
    tickers: Cells, weights: Cells, field: Cells = None, catalog: Cells = None
) -> Result:
    w = readers.weights(tickers, weights)
    name = scalars.text(field, "Field", "net_expense_ratio")
    return outputs.cell(fees.weighted_fact(w, name, cache.catalog(catalog)))


@udf
def EFFCAP_FUND(ticker: Cells, field: Cells, catalog: Cells = None) -> Result:
    symbol = scalars.text(ticker, "Ticker")
    name = scalars.text(field, "Field")
    if symbol is None:
        raise InputError("Ticker is blank.")
    if name is None:
        raise InputError("Field is blank. Use e.g. net ER, inception or U.S. Equities.")
    value = core_catalog.fund_fact(symbol, name, cache.catalog(catalog))
    return outputs.NOT_AVAILABLE if value is None else outputs.cell(value)


@udf
def EFFCAP_CATALOG(catalog: Cells = None) -> Result:
    table = cache.catalog(catalog)
    rows: list[list[Any]] = [["ticker", *table.columns]]
    rows.extend(
        [ticker, *values]
        for ticker, values in zip(table.index, table.to_numpy().tolist(), strict=True)
    )
    return outputs.table(rows, missing="")


@udf
def EFFCAP_ASSET_CLASSES(catalog: Cells = None) -> Result:
    return outputs.table([[name] for name in core_catalog.asset_classes(cache.catalog(catalog))])


@udf
def EFFCAP_VERSION() -> Result:
    return f"efficap {efficap.__version__}"
