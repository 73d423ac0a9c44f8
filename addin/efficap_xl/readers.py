"""Readers of row and column arguments: tickers, labels, weights, targets -> core inputs.

Each reader takes what xlwings hands a function (see :mod:`efficap_xl.ranges`) and
returns core inputs (lists and dicts of text and floats), or raises a short message
naming the cell at fault ("Weight 3 (AGG) is blank; enter 0 for none."). What a
single cell is (blank, number, error...) is decided in :mod:`efficap_xl.cells`;
one-cell arguments are read by :mod:`efficap_xl.scalars`.

Implements
----------
- :func:`tickers`, :func:`labels` -- text of a row or column; tickers must not repeat.
- :func:`check_unique` -- refuse a repeated ticker or label, naming both positions.
- :func:`numbers` -- numbers of a row or column, each optionally checked for
  plausibility (:func:`efficap.bounds.check_plausible`).
- :func:`weights`, :func:`targets` -- paired ranges -> ticker/asset class -> decimal.
- :func:`aligned_weights` -- weights in the order of the price columns.

Weights are checked one by one against the plausible range of a weight (-100% to
200%), targets of an exposure target, so 24 typed for 24% is refused with a units
message, whatever the other weights are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from efficap.bounds import check_plausible
from efficap_xl import cells
from efficap_xl.cells import InputError
from efficap_xl.ranges import vector

__all__ = [
    "aligned_weights",
    "check_unique",
    "labels",
    "numbers",
    "targets",
    "tickers",
    "weights",
]


def _text_items(values: list[Any], what: str, upper: bool) -> list[str]:
    out = []
    for i, raw in enumerate(values, start=1):
        where = f"{what} {i}"
        cells.check_not_error(raw, where)
        kind = cells.kind(raw)
        if kind == "blank":
            raise InputError(f"{where} is blank.")
        if kind != "text":
            raise InputError(f"{where} is {cells.describe(raw)}, not text.")
        out.append(raw.strip().upper() if upper else raw.strip())
    return out


def check_unique(keys: Sequence[str], plural: str) -> None:
    """Refuse a key that appears twice (case-insensitive), naming both positions.

    Parameters
    ----------
    keys : sequence of str
        Tickers or labels, in range order.
    plural : str
        What they are, for the message ("tickers").

    Raises
    ------
    InputError
        ``"IVV appears twice (tickers 1 and 3)."``
    """
    seen: dict[str, int] = {}
    for i, key in enumerate(keys, start=1):
        first = seen.setdefault(key.upper(), i)
        if first != i:
            raise InputError(f"{key} appears twice ({plural} {first} and {i}).")


def tickers(value: Any, what: str = "Ticker") -> list[str]:
    """Return the tickers of a range as stripped upper-case text.

    Parameters
    ----------
    value : Any
        A cell, row or column of tickers.
    what : str
        Singular name for messages ("Ticker").

    Returns
    -------
    list of str

    Raises
    ------
    InputError
        If the range is empty, or a ticker is blank, not text, an Excel error or
        repeated.
    """
    items = vector(value, what + "s").values
    if not items:
        raise InputError(f"No {what.lower()}s given.")
    out = _text_items(items, what, upper=True)
    check_unique(out, what.lower() + "s")
    return out


def labels(value: Any, what: str = "Asset class") -> list[str]:
    """Return text labels (asset classes, blend names) of a row or column, stripped.

    Parameters
    ----------
    value : Any
        A cell, row or column of text.
    what : str
        Singular name for messages.

    Returns
    -------
    list of str

    Raises
    ------
    InputError
        If the range is empty, or a label is blank, not text or an Excel error.
    """
    items = vector(value, what).values
    if not items:
        raise InputError(f"No {what.lower()} given.")
    return _text_items(items, what, upper=False)


def numbers(
    value: Any,
    what: str = "Weight",
    names: Sequence[str] | None = None,
    count: int | None = None,
    field: str | None = None,
) -> list[float]:
    """Return the numbers of a row or column, naming the cell at fault on error.

    Parameters
    ----------
    value : Any
        A cell, row or column of numbers.
    what : str
        Singular name for messages ("Weight").
    names : sequence of str, optional
        Labels of the positions (tickers), shown in messages: "Weight 3 (AGG)".
    count : int, optional
        Read exactly this many cells (blank ones in that span are errors);
        by default, up to the last non-blank cell.
    field : str, optional
        A key of :data:`efficap.bounds.BOUNDS` ("weight", "target"): each number
        must be plausible for it (decimals).

    Returns
    -------
    list of float

    Raises
    ------
    InputError
        On a blank cell, text, TRUE/FALSE or an Excel error.
    efficap.errors.UnitsError
        On a number outside the field's plausible range (24 for 24%).
    """
    items = vector(value, what + "s").values
    if count is not None:
        items = (items + [None] * count)[:count]
    if not items:
        raise InputError(f"No {what.lower()}s given.")
    out = []
    hint = "; enter 0 for none" if what == "Weight" else ""
    for i, raw in enumerate(items, start=1):
        label = f"{what} {i}" + (f" ({names[i - 1]})" if names and i <= len(names) else "")
        number = cells.number_cell(raw, label, hint)
        out.append(check_plausible(number, field, label) if field else number)
    return out


def _plural(word: str) -> str:
    return word + ("es" if word.endswith("s") else "s")


def _pairs(
    keys_value: Any, values_value: Any, key_what: str, value_what: str, upper: bool, field: str
) -> tuple[list[str], list[float]]:
    keys_word, values_word = _plural(key_what), _plural(value_what)
    kvec = vector(keys_value, keys_word.capitalize())
    vvec = vector(values_value, values_word.capitalize())
    n = max(len(kvec.values), len(vvec.values))
    if n == 0:
        raise InputError(f"No {keys_word.lower()} given.")
    if len(kvec.values) != len(vvec.values) and (kvec.size < n or vvec.size < n):
        raise InputError(
            f"{len(kvec.values)} {keys_word.lower()} but {len(vvec.values)} {values_word.lower()}."
        )
    keys = _text_items((kvec.values + [None] * n)[:n], key_what, upper=upper)
    check_unique(keys, keys_word.lower())
    values = numbers(vvec.values, value_what, keys, count=n, field=field)
    return keys, values


def weights(tickers_value: Any, weights_value: Any) -> dict[str, float]:
    """Return ticker -> weight from a range of tickers and a range of weights.

    Parameters
    ----------
    tickers_value, weights_value : Any
        Two ranges of the same length (a row or a column each).

    Returns
    -------
    dict of str to float
        In range order; weights as decimals (need not add up to 1 here).

    Raises
    ------
    InputError
        On different lengths, blank, repeated or non-text tickers, blank or
        non-numeric weights, or Excel errors.
    efficap.errors.UnitsError
        On a weight outside -100% to 200% (24 typed for 24%).
    """
    names, values = _pairs(tickers_value, weights_value, "Ticker", "Weight", True, "weight")
    return dict(zip(names, values, strict=True))


def targets(classes_value: Any, targets_value: Any) -> dict[str, float]:
    """Return asset class -> target exposure from a range of classes and a range of targets.

    Parameters
    ----------
    classes_value, targets_value : Any
        Two ranges of the same length (a row or a column each).

    Returns
    -------
    dict of str to float
        Targets as decimals of capital (0.6 for 60%).

    Raises
    ------
    InputError, efficap.errors.UnitsError
        As :func:`weights`; a target must lie within -300% to 300%.
    """
    names, values = _pairs(classes_value, targets_value, "Asset class", "Target", False, "target")
    return dict(zip(names, values, strict=True))


def aligned_weights(value: Any, columns: Sequence[str]) -> dict[str, float]:
    """Return ticker -> weight for weights given in the order of the price columns.

    Parameters
    ----------
    value : Any
        A row or column with one weight per price column (0 for funds not held).
    columns : sequence of str
        The tickers of the price header, in order.

    Returns
    -------
    dict of str to float
        Each weight under the ticker of its column.

    Raises
    ------
    InputError, efficap.errors.UnitsError
        On a count that differs from the price columns, or a bad weight.
    """
    vec = vector(value, "Weights")
    k = len(columns)
    if len(vec.values) > k or (len(vec.values) < k and vec.size < k):
        raise InputError(
            f"{len(vec.values)} weights but {k} price columns ({', '.join(columns)}): "
            "give one weight per column, 0 for funds not held."
        )
    values = numbers(vec.values, "Weight", list(columns), count=k, field="weight")
    return dict(zip(columns, values, strict=True))
