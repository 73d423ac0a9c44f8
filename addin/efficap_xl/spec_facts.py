"""Spec of the Excel functions over fund facts: exposures, solving for weights, the catalog.

Each :class:`~efficap_xl.spec_model.Func` gives the Excel name, the help text (first
sentence: what it returns and in which units), one help line per argument and the
shape of the result. :mod:`efficap_xl.spec` assembles these with
:mod:`efficap_xl.spec_prices` into the one spec.

Implements
----------
- :data:`CATALOG` -- the optional catalog argument shared with the price functions.
- :data:`EXPOSURE_FUNCTIONS` -- EFFCAP_EXPOSURE, EFFCAP_NOTIONAL, EFFCAP_SOLVE,
  EFFCAP_SOLVE_STATUS.
- :data:`CATALOG_FUNCTIONS` -- EFFCAP_FEES, EFFCAP_FUND, EFFCAP_CATALOG,
  EFFCAP_ASSET_CLASSES, EFFCAP_VERSION.
"""

from __future__ import annotations

from efficap_xl.spec_model import Arg, Func

__all__ = ["CATALOG", "CATALOG_FUNCTIONS", "EXPOSURE_FUNCTIONS"]

CATALOG = Arg(
    "catalog",
    "range2d",
    "Optional fund table with a header row (Ticker, Net ER, U.S. Equities, ...) that "
    "overrides or extends the built-in catalog (see EFFCAP_CATALOG); blank = built-in.",
    optional=True,
)
_TICKERS = Arg("tickers", "vector", "Fund tickers, one row or one column.")
_WEIGHTS = Arg(
    "weights",
    "vector",
    "Weight of each fund as a decimal of capital (24% or 0.24), same count as tickers.",
)
_SOLVE_ARGS = (
    Arg("asset_classes", "vector", "Asset classes targeted (e.g. U.S. Equities), a row or column."),
    Arg("targets", "vector", "Target notional exposure per asset class as decimals (60% or 0.6)."),
    Arg(
        "tickers",
        "range2d",
        "Candidate funds, a row or column; the weights come back in the same layout.",
    ),
    Arg(
        "objective",
        "scalar",
        "Optional, when several weight sets hit the targets: expense (default, cheapest), "
        "yield (highest SEC yield) or spread (most even).",
        optional=True,
    ),
    CATALOG,
    Arg(
        "allow_cash",
        "scalar",
        "Optional TRUE: part of the capital may stay in cash; its weight is one extra cell "
        "after the funds. Default FALSE (fully invested).",
        optional=True,
    ),
)

EXPOSURE_FUNCTIONS: tuple[Func, ...] = (
    Func(
        "EFFCAP_EXPOSURE",
        "Notional exposure by asset class, as decimals (format as %): spills Asset class | "
        "Exposure rows, then Total Notional and Financing. With asset_classes: one value per "
        "class, laid out like them (for fixed tables).",
        (
            _TICKERS,
            _WEIGHTS,
            Arg(
                "asset_classes",
                "range2d",
                "Optional classes to report, in this order (Total Notional and Financing "
                "allowed); then the result is just the values, shaped like this range.",
                optional=True,
            ),
            CATALOG,
        ),
        "table",
    ),
    Func(
        "EFFCAP_NOTIONAL",
        "Total notional exposure per 1 of capital, as a decimal (1.2 = 120%; format as %): "
        "the sum of the funds' exposures over all asset classes.",
        (_TICKERS, _WEIGHTS, CATALOG),
        "value",
    ),
    Func(
        "EFFCAP_SOLVE",
        "Fund weights that hit target exposures, as decimals (format as %), laid out like "
        "tickers. If the targets cannot be met exactly it shows an #EFFCAP error unless "
        "allow_nearest is TRUE; see EFFCAP_SOLVE_STATUS.",
        (
            *_SOLVE_ARGS,
            Arg(
                "allow_nearest",
                "scalar",
                "Optional TRUE: when the targets cannot be met, return the nearest weights "
                "(least squares) instead of an error. Default FALSE.",
                optional=True,
            ),
        ),
        "aligned",
    ),
    Func(
        "EFFCAP_SOLVE_STATUS",
        "How well EFFCAP_SOLVE's weights hit the targets: spills Asset class | Target | "
        "Reached | Residual (decimals) per class, then a Status row saying exact, chosen by "
        "objective, or not exact.",
        _SOLVE_ARGS,
        "table",
    ),
)

CATALOG_FUNCTIONS: tuple[Func, ...] = (
    Func(
        "EFFCAP_FEES",
        "Capital-weighted fund fact as a decimal (format as %): net expense ratio by "
        "default, or gross ER / SEC yield. Weights need not add up to 100% (cash costs "
        "nothing).",
        (
            _TICKERS,
            _WEIGHTS,
            Arg(
                "field",
                "scalar",
                "Optional: net ER (default), gross ER, SEC yield (subsidized) or SEC yield "
                "unsubsidized.",
                optional=True,
            ),
            CATALOG,
        ),
        "value",
    ),
    Func(
        "EFFCAP_FUND",
        "One catalog fact of one fund: ratios, yields and exposures as decimals, dates as "
        "dates, text as text; n/a where the catalog has no value.",
        (
            Arg("ticker", "scalar", "One fund ticker, e.g. NTSX."),
            Arg(
                "field",
                "scalar",
                "A fact (name, inception, net ER, gross ER, SEC yield, total assets, "
                "objective) or an asset class (U.S. Equities) for that exposure.",
            ),
            CATALOG,
        ),
        "value",
    ),
    Func(
        "EFFCAP_CATALOG",
        "The fund catalog as a table: spills a header row (ticker, facts, asset classes) and "
        "one row per fund; ratios and exposures as decimals. Copy, paste as values, edit, and "
        "pass it as catalog.",
        (CATALOG,),
        "table",
    ),
    Func(
        "EFFCAP_ASSET_CLASSES",
        "The asset classes of the fund catalog, spilled down one column, spelled as the "
        "catalog spells them.",
        (CATALOG,),
        "table",
    ),
    Func(
        "EFFCAP_VERSION",
        "The efficap version in use, as text (e.g. efficap 0.1.0).",
        (),
        "value",
    ),
)
