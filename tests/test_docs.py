"""The guides' generated blocks (efficap_xl.build.docs) match the spec: README's function
table and SETUP.md's reference are regenerated here and compared with the files."""

from __future__ import annotations

from pathlib import Path

import pytest

from efficap.errors import EfficapError
from efficap_xl import spec
from efficap_xl.build import docs

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("rel", sorted(docs.BLOCKS))
def test_the_generated_blocks_are_current(rel):
    """Fails after a change to the spec until `efficap addin docs` is run."""
    name, make = docs.BLOCKS[rel]
    text = (REPO / rel).read_text(encoding="utf-8")
    assert docs.render(text, name, make()) == text, f"Run: efficap addin docs ({rel})"


def test_update_finds_nothing_to_change():
    assert docs.update(REPO, check=True) == []


def test_every_function_is_in_both_guides():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    setup = (REPO / "addin" / "SETUP.md").read_text(encoding="utf-8")
    for f in spec.FUNCTIONS:
        assert f"| `{f.signature}` |" in readme
        assert f"### `{f.signature}`" in setup


def test_table_rows_escape_pipes_and_keep_one_row_per_function():
    lines = docs.function_table().splitlines()
    assert lines[:2] == ["| function | returns |", "|---|---|"]
    assert len(lines) == 2 + len(spec.FUNCTIONS)
    row = next(line for line in lines if "EFFCAP_BLEND(" in line)
    assert "Date \\| Growth" in row and row.count(" | ") == 1


def test_first_sentence():
    text = "A table (e.g. 0.24 for 24%). More."
    assert docs.first_sentence(text) == "A table (e.g. 0.24 for 24%)."
    assert docs.first_sentence("Ends at 120%. More.") == "Ends at 120%."
    assert docs.first_sentence("No full stop") == "No full stop"


def test_render_replaces_only_the_block():
    begin, end = docs._markers("function table")
    text = f"before\n{begin}old\n{end}after\n"
    assert docs.render(text, "function table", "new\n") == f"before\n{begin}\nnew\n\n{end}after\n"


def test_render_needs_the_markers():
    with pytest.raises(EfficapError, match="function table markers are missing"):
        docs.render("no markers here\n", "function table", "x\n")
