"""The parts of the guides generated from the spec: README's function table, SETUP's reference.

Each generated block sits between two HTML comments in its Markdown file, so the text
around it stays hand-written and a new ``EFFCAP_`` function in the spec reaches both guides
by one command, ``efficap addin docs`` (tests/test_docs.py fails until it is run).

Implements
----------
- :func:`first_sentence` -- a help text's first sentence (what a function returns, in
  which units).
- :func:`function_table` -- README's table: signature and first sentence of the help.
- :func:`reference` -- SETUP.md's function reference (:func:`efficap_xl.spec.reference_markdown`).
- :data:`BLOCKS` -- which block goes in which file (paths relative to the repository).
- :func:`render`, :func:`update` -- a file's text with its block regenerated; write the
  files that changed (atomically).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from efficap._io import write_atomic
from efficap.errors import EfficapError
from efficap_xl import spec

__all__ = ["BLOCKS", "first_sentence", "function_table", "reference", "render", "update"]

# A sentence ends at a full stop after a lower-case letter, digit, % or ")" and before a
# space or the end: "U.S." and "e.g." do not end one.
_SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<=[a-z0-9%)])\.(?=\s|$)")


def first_sentence(text: str) -> str:
    """Return the first sentence of a help text, with its full stop.

    Examples
    --------
    >>> first_sentence("U.S. Equities as decimals. Then more.")
    'U.S. Equities as decimals.'
    """
    end = _SENTENCE_END.search(text)
    return text[: end.end()] if end else text


def function_table() -> str:
    """Return README's function table (Markdown): every spec function and what it returns."""
    rows = ["| function | returns |", "|---|---|"]
    for f in spec.FUNCTIONS:
        rows.append(f"| `{f.signature}` | {first_sentence(f.help).replace('|', chr(92) + '|')} |")
    return "\n".join(rows) + "\n"


def reference() -> str:
    """Return SETUP.md's function reference (Markdown), one section per function."""
    return spec.reference_markdown()


#: File (relative to the repository) -> (block name, generator).
BLOCKS: dict[str, tuple[str, Callable[[], str]]] = {
    "README.md": ("function table", function_table),
    "addin/SETUP.md": ("function reference", reference),
}


def _markers(name: str) -> tuple[str, str]:
    return (
        f"<!-- efficap: {name}, generated from the spec by `efficap addin docs`; "
        "do not edit by hand -->\n",
        f"<!-- efficap: end of {name} -->\n",
    )


def render(text: str, name: str, block: str) -> str:
    """Return `text` with the generated block `name` replaced by `block`.

    Raises
    ------
    efficap.errors.EfficapError
        If the file does not hold the block's two markers, in order, once.
    """
    begin, end = _markers(name)
    start = text.find(begin)
    stop = text.find(end, start + 1) if start >= 0 else -1
    if start < 0 or stop < 0 or text.count(begin) != 1:
        raise EfficapError(f"The {name} markers are missing; expected:\n{begin}...\n{end}")
    return text[: start + len(begin)] + "\n" + block + "\n" + text[stop:]


def update(root: str | Path = ".", check: bool = False) -> list[Path]:
    """Regenerate the blocks of :data:`BLOCKS` in the repository at `root`.

    Parameters
    ----------
    root : path-like
        The repository (the folder holding README.md and addin/).
    check : bool, default False
        Only report which files are out of date; write nothing.

    Returns
    -------
    list of Path
        The files that were (or, with `check`, would be) rewritten.
    """
    changed = []
    for rel, (name, make) in BLOCKS.items():
        path = Path(root) / rel
        if not path.is_file():
            raise EfficapError(f"{path} not found: run this in a copy of the efficap repository.")
        text = path.read_text(encoding="utf-8")
        new = render(text, name, make())
        if new != text:
            changed.append(path)
            if not check:
                write_atomic(path, new.encode("utf-8"), force=True)
    return changed
