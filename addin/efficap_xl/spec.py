"""The one specification of efficap's Excel functions, and the decorator that applies it.

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

The declarations live by concern in :mod:`efficap_xl.spec_facts` (exposures, solving,
catalog facts), :mod:`efficap_xl.spec_prices` (functions over price histories) and
:mod:`efficap_xl.spec_screen` (the overlay screen, realized exposures), the types in
:mod:`efficap_xl.spec_model`; import them all from here.

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

Implements
----------
- :data:`FUNCTIONS`, :data:`SPEC` -- every function, in reference order and by name.
- :func:`udf`, :func:`check_signature` -- a UDF body made the Excel function its spec
  entry declares, or refused at import when the two differ; for either host in
  :data:`HOSTS`: the VBA add-in (:mod:`efficap_xl.udfs`) or xlwings Lite
  (:mod:`efficap_xl.lite`).
- :func:`reference_markdown` -- the function reference of ``addin/SETUP.md``.
- Re-exported from :mod:`efficap_xl.spec_model`: :class:`Arg`, :class:`Func`,
  :class:`SpecError`, :data:`CATEGORY`, :data:`KIND_OPTIONS`, :data:`MAX_HELP`,
  :data:`RETURNS`, :data:`VBA_RESERVED`.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from efficap.errors import EfficapError
from efficap_xl import outputs
from efficap_xl.spec_facts import CATALOG_FUNCTIONS, EXPOSURE_FUNCTIONS
from efficap_xl.spec_model import (
    CATEGORY,
    KIND_OPTIONS,
    MAX_HELP,
    RETURNS,
    VBA_RESERVED,
    Arg,
    Func,
    SpecError,
)
from efficap_xl.spec_prices import PRICE_FUNCTIONS
from efficap_xl.spec_screen import SCREEN_FUNCTIONS
from efficap_xl.versions import version_mismatch

__all__ = [
    "CATEGORY",
    "FUNCTIONS",
    "HOSTS",
    "KIND_OPTIONS",
    "MAX_HELP",
    "RETURNS",
    "SPEC",
    "VBA_RESERVED",
    "Arg",
    "Func",
    "SpecError",
    "check_signature",
    "reference_markdown",
    "udf",
]

F = TypeVar("F", bound=Callable[..., Any])

#: The hosts a UDF body is decorated for: the VBA add-in (xlwings' classic ``@xw.func``,
#: Windows) and xlwings Lite (its ``@func``, Office.js custom functions in Pyodide).
HOSTS = ("classic", "lite")

#: Every Excel function, in reference order: exposures and solving, price histories,
#: the overlay screen and realized exposures, catalog facts.
FUNCTIONS: tuple[Func, ...] = (
    *EXPOSURE_FUNCTIONS,
    *PRICE_FUNCTIONS,
    *SCREEN_FUNCTIONS,
    *CATALOG_FUNCTIONS,
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
    host: str = "classic",
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
    host : {"classic", "lite"}
        ``"classic"`` (the VBA add-in): every call first checks that the installed add-in
        was built for these versions, and ``@func`` gets the category. ``"lite"``
        (xlwings Lite's ``@func``): no add-in to check, and ``namespace=""`` so the
        functions keep their plain names (``=EFFCAP_EXPOSURE(...)``).

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
        return functools.partial(udf, decorators=decorators, host=host)
    if host not in HOSTS:
        raise SpecError(f"Unknown host {host!r}; one of {', '.join(HOSTS)}.")
    spec = SPEC.get(fn.__name__)
    if spec is None:
        raise SpecError(f"{fn.__name__} is not in the spec.")
    check_signature(fn, spec)
    return _decorate(fn, spec, decorators or _xw_decorators(), host)


def _decorate(
    fn: Callable[..., Any],
    spec: Func,
    decorators: tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any]],
    host: str = "classic",
) -> Callable[..., Any]:
    check_stale = host == "classic"

    @functools.wraps(fn)
    def wrapper(*args: Any) -> Any:
        try:
            # an add-in built for other versions: say so first (the VBA add-in only)
            stale = version_mismatch() if check_stale else None
            if stale is not None:
                return outputs.ERROR_PREFIX + stale
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
        func_options: dict[str, Any] = {"category": spec.category, "volatile": spec.volatile}
        if host == "lite":  # xlwings Lite ignores the category; no namespace prefix
            func_options = {"volatile": spec.volatile, "namespace": ""}
        wrapper = func_deco(**func_options)(wrapper)
        applied.append(("func", None, func_options))
    finally:
        wrapper.__annotations__ = hints
    wrapper.__efficap_spec__ = spec  # type: ignore[attr-defined]
    wrapper.__efficap_decorators__ = tuple(reversed(applied))  # type: ignore[attr-defined]
    return wrapper
