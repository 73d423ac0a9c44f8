"""The vocabulary of the Excel-function spec: argument kinds, :class:`Arg`, :class:`Func`.

The declarations themselves are in :mod:`efficap_xl.spec_facts` (exposures, solving,
catalog facts) and :mod:`efficap_xl.spec_prices` (functions over price histories);
:mod:`efficap_xl.spec` assembles them and applies them to the UDFs.

Implements
----------
- :data:`CATEGORY`, :data:`MAX_HELP`, :data:`RETURNS` -- the category every function
  is listed under, Excel's limit on help texts, the result shapes.
- :data:`KIND_OPTIONS` -- xlwings converter options of each argument kind.
- :data:`VBA_RESERVED` -- words an argument may not be called (its VBA wrapper would
  not compile).
- :class:`Arg`, :class:`Func`, :class:`SpecError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "CATEGORY",
    "KIND_OPTIONS",
    "MAX_HELP",
    "RETURNS",
    "VBA_RESERVED",
    "Arg",
    "Func",
    "SpecError",
]

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
