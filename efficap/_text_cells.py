"""Text cells a spreadsheet would read as a formula, and the quote prefix that keeps them text.

Implements
----------
- :data:`FORMULA_STARTS` -- the first characters that make Excel read entered text as a
  formula (or a sign): ``=``, ``+``, ``-``, ``@``, a tab, a carriage return.
- :func:`formula_like` -- whether a value is such text.
- :func:`quote_prefixed` -- such text with Excel's quote prefix (a leading apostrophe,
  what a person would type to keep it text); any other value unchanged.

The one place for this rule (OWASP "CSV Injection"): the command line's CSV output
(``efficap.cli.output``) and the Excel add-in's workbook writers (its ``books`` module)
both use it. Only text is ever prefixed: a number such as -0.21 stays a number.
"""

from __future__ import annotations

from typing import TypeVar

__all__ = ["FORMULA_STARTS", "formula_like", "quote_prefixed"]

#: First characters that make Excel read entered text as a formula (or a sign).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")


def formula_like(value: object) -> bool:
    """Whether `value` is text Excel would read as a formula if entered as it is.

    Parameters
    ----------
    value : object
        A cell's value; only a ``str`` can be formula-like (numbers, dates and None
        never are).

    Returns
    -------
    bool

    Examples
    --------
    >>> formula_like('=HYPERLINK("http://x","y")'), formula_like("-x"), formula_like("IVV")
    (True, True, False)
    >>> formula_like(-0.21)
    False
    """
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def quote_prefixed(value: T) -> T | str:
    """`value` with a leading apostrophe if it is formula-like text, else unchanged.

    Parameters
    ----------
    value : object
        A cell's value.

    Returns
    -------
    object
        ``"'" + value`` for formula-like text (Excel shows the text after the
        apostrophe, as text); any other value as it is.

    Examples
    --------
    >>> quote_prefixed("=1+2"), quote_prefixed("60/40"), quote_prefixed(-0.21)
    ("'=1+2", '60/40', -0.21)
    """
    return f"'{value}" if formula_like(value) else value
