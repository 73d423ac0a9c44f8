"""Formula text of the EFFCAP_ functions, named and ordered by the one spec.

Implements
----------
- :func:`formula` -- ``formula("EFFCAP_FEES", tickers="A5:A8", weights="B5:B8",
  field=literal("net ER"))`` gives ``=EFFCAP_FEES(A5:A8,B5:B8,"net ER")``: the arguments
  in the order :data:`efficap_xl.spec.SPEC` declares them, a skipped optional argument
  followed by a given one left as an empty position (``=EFFCAP_STATS(d,p,w,,0.02)``),
  trailing skipped ones dropped.
- :func:`literal` -- a constant argument (text quoted for Excel, numbers, TRUE/FALSE).
- :func:`positions` -- the arguments of a call in spec order (None where skipped).

Arguments are Excel expressions: plain text (``"$A$5:$A$8"``) or any object with a
``text`` attribute (the templates' cell references). An unknown function or argument,
or a missing required argument, raises :class:`efficap_xl.spec.SpecError`: the templates
cannot write a formula the add-in does not have.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from efficap_xl.spec import SPEC, Func, SpecError

__all__ = ["Literal", "formula", "literal", "positions"]


class Expression(Protocol):
    """Anything with the Excel text of an argument."""

    @property
    def text(self) -> str: ...


@dataclass(frozen=True)
class Literal:
    """A constant argument and its Excel text."""

    value: Any

    @property
    def text(self) -> str:
        v = self.value
        if isinstance(v, bool):
            return "TRUE" if v else "FALSE"
        if isinstance(v, int | float):
            return repr(float(v)) if isinstance(v, float) else str(v)
        if isinstance(v, str):
            return '"' + v.replace('"', '""') + '"'
        raise SpecError(f"Cannot write {v!r} as a formula constant.")


def literal(value: Any) -> Literal:
    """A constant argument: text (quoted), a number or a boolean."""
    return Literal(value)


def _function(name: str) -> Func:
    try:
        return SPEC[name]
    except KeyError:
        raise SpecError(f"{name} is not an Excel function of the spec.") from None


def positions(name: str, args: dict[str, Any]) -> list[Any]:
    """The given arguments in spec order, None where an optional one is skipped.

    Raises
    ------
    SpecError
        On an unknown function or argument, or a missing required argument.
    """
    func = _function(name)
    known = [a.name for a in func.args]
    unknown = sorted(set(args) - set(known))
    if unknown:
        raise SpecError(f"{name} has no argument {', '.join(unknown)}; it takes {known}.")
    missing = [a.name for a in func.args if not a.optional and args.get(a.name) is None]
    if missing:
        raise SpecError(f"{name} needs {', '.join(missing)}.")
    return [args.get(n) for n in known]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value.text


def formula(name: str, **args: str | Expression | None) -> str:
    """The formula ``=NAME(arg1,arg2,...)`` with the arguments in the spec's order.

    Parameters
    ----------
    name : str
        An ``EFFCAP_`` function of the spec.
    **args : str, expression or None
        Argument name -> Excel expression (text, or an object with ``text``); None or
        absent for a skipped optional argument.

    Raises
    ------
    SpecError
        On an unknown function or argument, or a missing required argument.
    """
    texts = [_text(v) for v in positions(name, args)]
    while texts and texts[-1] == "":
        texts.pop()
    return f"={name}({','.join(texts)})"
