"""The one specification of efficap's Excel functions.

For every function: its Excel name (which is also the Python name, as xlwings
requires), its help text (Excel's function description: at most 255
characters, first sentence says what it returns and in which units), its
arguments (name, kind, optional or not, one help line each), the shape of
its result, and the category "efficap".

:func:`udf` turns a plain Python function into an Excel function *from this
spec*: it checks the function's signature against the spec (raising
:class:`SpecError` at import time when they drift), sets the docstring to the
help text, wraps the body so that errors become ``"#EFFCAP: ..."`` text, and
applies xlwings' ``@xw.arg``/``@xw.ret``/``@xw.func`` decorators with the
converter options of each argument's kind. The decorators are applied here and
nowhere else, so the spec cannot disagree with them. On Linux and macOS
xlwings' classic decorators do nothing; the declarations applied are also
recorded on the function (``__efficap_decorators__``) so tests can check them.

Argument kinds (see :data:`KIND_OPTIONS`):

``"scalar"``
    One cell or a literal; xlwings' default conversion (a value).
``"vector"``
    One row or one column; default conversion: a flat list (a scalar if the
    range is one cell). Orientation is not known.
``"range2d"``
    A 2-D range, or a row/column whose orientation matters; ``ndim=2``:
    always a list of rows.

Every kind also sets ``err_to_str=True``, so an Excel error cell arrives as its
text (``"#N/A"``) and can be reported, instead of as a blank. xlwings 0.37 names only
seven errors; the others (``#SPILL!``, ``#CALC!``...) still arrive as int codes, which
:mod:`efficap_xl.cells` reads as errors too.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from efficap.errors import EfficapError
from efficap_xl import outputs

__all__ = [
    "CATEGORY",
    "FUNCTIONS",
    "KIND_OPTIONS",
    "SPEC",
    "VBA_RESERVED",
    "Arg",
    "Func",
    "SpecError",
    "reference_markdown",
    "udf",
]

F = TypeVar("F", bound=Callable[..., Any])

#: The Excel function category every efficap function is listed under.
CATEGORY = "efficap"

#: Excel truncates function and argument descriptions to this many characters.
MAX_HELP = 255

#: xlwings converter options of each argument kind (passed to ``@xw.arg``). ``err_to_str``
#: makes xlwings pass an Excel error as its text ("#N/A"); without it xlwings 0.37 on
#: Windows passes an error cell as None, indistinguishable from a blank cell. (It knows
#: seven errors by name; others such as #SPILL! come through as int codes.)
KIND_OPTIONS: dict[str, dict[str, Any]] = {
    "scalar": {"err_to_str": True},
    "vector": {"err_to_str": True},
    "range2d": {"ndim": 2, "err_to_str": True},
}

#: Result shapes: one value; a row or column laid out like an input range; a spilled table.
RETURNS = ("value", "aligned", "table")


#: VBA keywords. An argument name becomes a parameter of the function's VBA wrapper
#: (xlwings' Import Functions or our add-in build), where a keyword does not compile.
VBA_RESERVED = frozenset(
    """
    and as attribute binary boolean byref byte byval call case cbool cbyte ccur cdate
    cdbl cdec cint clng clnglng clngptr compare const csng cstr currency cvar cverr
    date debug decimal declare defbool defbyte defcur defdate defdbl defdec defint
    deflng deflnglng deflngptr defobj defsng defstr defvar dim do double each else
    elseif empty end endif enum eqv erase error event exit explicit false for friend
    function get global gosub goto if imp implements in input integer is let lib like
    long longlong longptr loop lset me mid mod new next not nothing null on option
    optional or paramarray preserve print private property public put raiseevent
    redim rem resume return rset select set single static step stop string sub text
    then to true type typeof until variant wend while with withevents write xor
    """.split()
)


class SpecError(Exception):
    """A UDF does not match its entry in the spec (a programming error, raised at import)."""


@dataclass(frozen=True)
class Arg:
    """One argument of an Excel function.

    Attributes
    ----------
    name : str
        Python and Excel argument name.
    kind : {"scalar", "vector", "range2d"}
        How xlwings converts the cells (see :data:`KIND_OPTIONS`).
    doc : str
        One line of help Excel shows for the argument (at most 255 characters).
    optional : bool
        Whether the argument may be left out (its Python default is None).
    """

    name: str
    kind: str
    doc: str
    optional: bool = False

    def __post_init__(self) -> None:
        if self.name.lower() in VBA_RESERVED:
            raise SpecError(
                f"Argument {self.name!r} is a VBA keyword; its wrapper would not compile."
            )

    @property
    def options(self) -> dict[str, Any]:
        """The ``@xw.arg`` converter options of this argument."""
        return dict(KIND_OPTIONS[self.kind])


@dataclass(frozen=True)
class Func:
    """One Excel function.

    Attributes
    ----------
    name : str
        Excel name, ``EFFCAP_...``; also the Python function name.
    help : str
        Excel's description of the function (at most 255 characters).
    args : tuple of Arg
    returns : {"value", "aligned", "table"}
        One cell; a row or column shaped like an input; a spilled table.
    volatile : bool
        Whether Excel recalculates it on every change (none is).
    category : str
    """

    name: str
    help: str
    args: tuple[Arg, ...]
    returns: str
    volatile: bool = False
    category: str = CATEGORY
    ret_options: dict[str, Any] = field(default_factory=dict)

    @property
    def signature(self) -> str:
        """The function as Excel shows it: ``EFFCAP_FEES(tickers, weights, [field], [catalog])``."""
        names = [f"[{a.name}]" if a.optional else a.name for a in self.args]
        return f"{self.name}({', '.join(names)})"


def _a(name: str, kind: str, doc: str, optional: bool = False) -> Arg:
    return Arg(name, kind, doc, optional)


# Arguments shared by several functions ------------------------------------------------

_CATALOG = _a(
    "catalog",
    "range2d",
    "Optional fund table with a header row (Ticker, Net ER, U.S. Equities, ...) that "
    "overrides or extends the built-in catalog (see EFFCAP_CATALOG); blank = built-in.",
    optional=True,
)
_TICKERS = _a("tickers", "vector", "Fund tickers, one row or one column.")
_WEIGHTS = _a(
    "weights",
    "vector",
    "Weight of each fund as a decimal of capital (24% or 0.24), same count as tickers.",
)
_DATES = _a(
    "dates",
    "vector",
    "Column of dates, one per row of prices, ascending (the header cell may be included).",
)
_PRICES = _a(
    "prices",
    "range2d",
    "Price table: a header row of tickers, then one row of closes per date. Prices or a "
    "growth index (total return), NOT returns. Blank = no price that day.",
)
_BLEND_WEIGHTS = _a(
    "weights",
    "vector",
    "One weight per price column, in header order, as decimals adding up to 100% "
    "(0 for a fund not held).",
)
_REBALANCE = _a(
    "rebalance",
    "scalar",
    "Optional: none, daily, monthly, quarterly (default), annual, or threshold:5%.",
    optional=True,
)
_AS_OF = _a("as_of", "scalar", "End date of the periods (last close on or before it).")
_SOLVE_ARGS = (
    _a("asset_classes", "vector", "Asset classes targeted (e.g. U.S. Equities), a row or column."),
    _a("targets", "vector", "Target notional exposure per asset class as decimals (60% or 0.6)."),
    _a(
        "tickers",
        "range2d",
        "Candidate funds, a row or column; the weights come back in the same layout.",
    ),
    _a(
        "objective",
        "scalar",
        "Optional, when several weight sets hit the targets: expense (default, cheapest), "
        "yield (highest SEC yield) or spread (most even).",
        optional=True,
    ),
    _CATALOG,
    _a(
        "allow_cash",
        "scalar",
        "Optional TRUE: part of the capital may stay in cash; its weight is one extra cell "
        "after the funds. Default FALSE (fully invested).",
        optional=True,
    ),
)

FUNCTIONS: tuple[Func, ...] = (
    Func(
        "EFFCAP_EXPOSURE",
        "Notional exposure by asset class, as decimals (format as %): spills Asset class | "
        "Exposure rows, then Total Notional and Financing. With asset_classes: one value per "
        "class, laid out like them (for fixed tables).",
        (
            _TICKERS,
            _WEIGHTS,
            _a(
                "asset_classes",
                "range2d",
                "Optional classes to report, in this order (Total Notional and Financing "
                "allowed); then the result is just the values, shaped like this range.",
                optional=True,
            ),
            _CATALOG,
        ),
        "table",
    ),
    Func(
        "EFFCAP_NOTIONAL",
        "Total notional exposure per 1 of capital, as a decimal (1.2 = 120%; format as %): "
        "the sum of the funds' exposures over all asset classes.",
        (_TICKERS, _WEIGHTS, _CATALOG),
        "value",
    ),
    Func(
        "EFFCAP_SOLVE",
        "Fund weights that hit target exposures, as decimals (format as %), laid out like "
        "tickers. If the targets cannot be met exactly it shows an #EFFCAP error unless "
        "allow_nearest is TRUE; see EFFCAP_SOLVE_STATUS.",
        (
            *_SOLVE_ARGS,
            _a(
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
    Func(
        "EFFCAP_BLEND",
        "Growth of 1 of a weighted blend of funds: spills Date | Growth (format the first "
        "column as a date). Starts at 1 on the youngest fund's first price or at start_date.",
        (
            _DATES,
            _PRICES,
            _BLEND_WEIGHTS,
            _REBALANCE,
            _a(
                "start_date",
                "scalar",
                "Optional first date (default: the blend's first close).",
                optional=True,
            ),
            _a(
                "end_date",
                "scalar",
                "Optional last date (default: the last close).",
                optional=True,
            ),
        ),
        "table",
    ),
    Func(
        "EFFCAP_TRAILING",
        "One trailing return of a blend as a decimal (format as %), annualized for periods "
        "over a year; n/a when the history is too short. Periods: YTD, 1Y, 3Y, 5Y, 10Y, SI.",
        (
            _DATES,
            _PRICES,
            _BLEND_WEIGHTS,
            _AS_OF,
            _a(
                "period",
                "scalar",
                "YTD, 1Y, 3Y, 5Y, 10Y (any NY, or a number of years) or SI (since inception).",
            ),
            _REBALANCE,
        ),
        "value",
    ),
    Func(
        "EFFCAP_PERFORMANCE",
        "Standardized performance table as decimals (format as %): spills a header row "
        "(Blend, YTD, 1Y, 3Y, 5Y, 10Y, SI) and one row per blend; over a year annualized; "
        "n/a where history is too short.",
        (
            _DATES,
            _PRICES,
            _a(
                "weights_table",
                "range2d",
                "Blends: first row = a corner cell then tickers; each further row = a blend "
                "name then its weights (decimals adding up to 100%).",
            ),
            _AS_OF,
            _REBALANCE,
        ),
        "table",
    ),
    Func(
        "EFFCAP_STATS",
        "Risk statistics of a blend as decimals: spills Statistic | Value rows for CAGR, "
        "volatility, max drawdown, Sharpe, correlation to equities, best and worst month.",
        (
            _DATES,
            _PRICES,
            _BLEND_WEIGHTS,
            _REBALANCE,
            _a(
                "risk_free",
                "scalar",
                "Optional ANNUAL risk-free rate as a decimal (4% or 0.04) for the Sharpe "
                "ratio; default 0.",
                optional=True,
            ),
            _a(
                "equity",
                "scalar",
                "Optional ticker among the prices that stands for equities in the "
                "correlation; default IVV if present.",
                optional=True,
            ),
        ),
        "table",
    ),
    Func(
        "EFFCAP_FEES",
        "Capital-weighted fund fact as a decimal (format as %): net expense ratio by "
        "default, or gross ER / SEC yield. Weights need not add up to 100% (cash costs "
        "nothing).",
        (
            _TICKERS,
            _WEIGHTS,
            _a(
                "field",
                "scalar",
                "Optional: net ER (default), gross ER, SEC yield (subsidized) or SEC yield "
                "unsubsidized.",
                optional=True,
            ),
            _CATALOG,
        ),
        "value",
    ),
    Func(
        "EFFCAP_FUND",
        "One catalog fact of one fund: ratios, yields and exposures as decimals, dates as "
        "dates, text as text; n/a where the catalog has no value.",
        (
            _a("ticker", "scalar", "One fund ticker, e.g. NTSX."),
            _a(
                "field",
                "scalar",
                "A fact (name, inception, net ER, gross ER, SEC yield, total assets, "
                "objective) or an asset class (U.S. Equities) for that exposure.",
            ),
            _CATALOG,
        ),
        "value",
    ),
    Func(
        "EFFCAP_CATALOG",
        "The fund catalog as a table: spills a header row (ticker, facts, asset classes) and "
        "one row per fund; ratios and exposures as decimals. Copy, paste as values, edit, and "
        "pass it as catalog.",
        (_CATALOG,),
        "table",
    ),
    Func(
        "EFFCAP_ASSET_CLASSES",
        "The asset classes of the fund catalog, spilled down one column, spelled as the "
        "catalog spells them.",
        (_CATALOG,),
        "table",
    ),
    Func(
        "EFFCAP_VERSION",
        "The efficap version in use, as text (e.g. efficap 0.1.0).",
        (),
        "value",
    ),
)

#: Functions by Excel name.
SPEC: dict[str, Func] = {f.name: f for f in FUNCTIONS}


def reference_markdown() -> str:
    """Return the function reference of ``addin/SETUP.md`` (Markdown), generated from the spec.

    Returns
    -------
    str
        One section per function: signature, help, one line per argument.
    """
    parts = []
    for f in FUNCTIONS:
        lines = [f"### `{f.signature}`", "", f.help, ""]
        lines += [f"- `{a.name}` ({a.kind}): {a.doc}" for a in f.args]
        parts.append("\n".join(lines).rstrip() + "\n")
    return "\n".join(parts)


def _xw_decorators() -> tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any]]:
    import xlwings as xw

    return xw.func, xw.arg, xw.ret


def check_signature(fn: Callable[..., Any], spec: Func) -> None:
    """Raise :class:`SpecError` unless `fn`'s parameters match the spec exactly.

    Parameters
    ----------
    fn : callable
        The undecorated UDF body.
    spec : Func

    Raises
    ------
    SpecError
        On a different name, argument names or order, or optional arguments
        without a None default (and required ones with a default).
    """
    if fn.__name__ != spec.name:
        raise SpecError(f"{fn.__name__} is not {spec.name}.")
    params = list(inspect.signature(fn).parameters.values())
    names = [p.name for p in params]
    wanted = [a.name for a in spec.args]
    if names != wanted:
        raise SpecError(f"{spec.name}: arguments {names} differ from the spec's {wanted}.")
    for p, a in zip(params, spec.args, strict=True):
        if p.kind is not inspect.Parameter.POSITIONAL_OR_KEYWORD:
            raise SpecError(f"{spec.name}: {p.name} must be a plain positional argument.")
        has_default = p.default is not inspect.Parameter.empty
        if a.optional and not (has_default and p.default is None):
            raise SpecError(f"{spec.name}: optional {p.name} must default to None.")
        if not a.optional and has_default:
            raise SpecError(f"{spec.name}: required {p.name} must not have a default.")


def udf(
    fn: F | None = None,
    *,
    decorators: tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any]] | None = None,
) -> Any:
    """Make `fn` the Excel function its name designates in :data:`SPEC`.

    Checks the signature, sets the help text as docstring, wraps the body so
    that an :class:`~efficap.errors.EfficapError` becomes ``"#EFFCAP: <message>"``
    and any other exception ``"#EFFCAP: internal error (<Type>)"`` (never a
    traceback), and applies ``@xw.arg`` per argument, ``@xw.ret`` and
    ``@xw.func(category="efficap")``.

    Parameters
    ----------
    fn : callable
        The UDF body, named ``EFFCAP_...``.
    decorators : tuple of (func, arg, ret), optional
        The decorator factories to apply; xlwings' ``xw.func``, ``xw.arg``,
        ``xw.ret`` by default (tests pass xlwings' Windows implementations).

    Returns
    -------
    callable
        The wrapped function, with ``__efficap_spec__`` (its :class:`Func`) and
        ``__efficap_decorators__`` (the declarations applied) attached.

    Raises
    ------
    SpecError
        If `fn` is not in the spec or does not match it.
    """
    if fn is None:
        return functools.partial(udf, decorators=decorators)
    spec = SPEC.get(fn.__name__)
    if spec is None:
        raise SpecError(f"{fn.__name__} is not in the spec.")
    check_signature(fn, spec)
    return _decorate(fn, spec, decorators or _xw_decorators())


def _decorate(
    fn: Callable[..., Any],
    spec: Func,
    decorators: tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any]],
) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any) -> Any:
        try:
            return fn(*args)
        except EfficapError as exc:
            return outputs.error_cell(exc)
        except Exception as exc:  # a bug: show its type, never a traceback
            return outputs.internal_error_cell(exc)

    wrapper.__doc__ = spec.help
    # xlwings reads type hints as converters (``convert=<type>``); the UDFs' hints are
    # for readers and checkers only, so hide them while the decorators run.
    hints = wrapper.__annotations__
    wrapper.__annotations__ = {}
    func_deco, arg_deco, ret_deco = decorators
    applied: list[tuple[str, str | None, dict[str, Any]]] = []
    try:
        for a in reversed(spec.args):
            options = {**a.options, "doc": a.doc}
            wrapper = arg_deco(a.name, **options)(wrapper)
            applied.append(("arg", a.name, options))
        wrapper = ret_deco(**spec.ret_options)(wrapper)
        applied.append(("ret", None, dict(spec.ret_options)))
        func_options = {"category": spec.category, "volatile": spec.volatile}
        wrapper = func_deco(**func_options)(wrapper)
        applied.append(("func", None, func_options))
    finally:
        wrapper.__annotations__ = hints
    wrapper.__efficap_spec__ = spec  # type: ignore[attr-defined]
    wrapper.__efficap_decorators__ = tuple(reversed(applied))  # type: ignore[attr-defined]
    return wrapper
