"""Atomic writing with --force (efficap._io.write_atomic)."""

from __future__ import annotations

import os
import stat
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from efficap._io import OverwriteError, write_atomic
from efficap.errors import EfficapError


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_writes_bytes_or_a_writer_and_creates_the_folder(tmp_path):
    target = tmp_path / "new" / "a.bin"
    assert write_atomic(target, b"abc") == target
    assert target.read_bytes() == b"abc"
    other = write_atomic(tmp_path / "b.bin", lambda handle: handle.write(b"from a writer"))
    assert other.read_bytes() == b"from a writer"
    assert _leftovers(tmp_path) == [] and _leftovers(tmp_path / "new") == []


def test_same_content_is_not_an_error_and_different_content_needs_force(tmp_path):
    target = tmp_path / "book.xlsx"
    write_atomic(target, b"v1")
    write_atomic(target, b"v1")  # identical: fine, unchanged
    target.write_bytes(b"edited by the user")
    with pytest.raises(OverwriteError) as error:
        write_atomic(target, b"v1")
    assert str(error.value) == (
        f"{target} exists and differs from what efficap would write; pass --force to replace it."
    )
    assert isinstance(error.value, EfficapError)
    assert target.read_bytes() == b"edited by the user"
    assert _leftovers(tmp_path) == []
    write_atomic(target, b"v1", force=True)
    assert target.read_bytes() == b"v1"


def test_a_failing_writer_leaves_nothing_behind(tmp_path):
    target = tmp_path / "a.bin"
    target.write_bytes(b"keep me")

    def broken(handle):
        handle.write(b"half")
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError, match="disk on fire"):
        write_atomic(target, broken, force=True)
    assert target.read_bytes() == b"keep me"
    assert _leftovers(tmp_path) == []


def test_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(IsADirectoryError):
        write_atomic(tmp_path, b"x")


@pytest.mark.skipif(sys.platform.startswith("win"), reason="POSIX permissions")
def test_the_file_gets_normal_permissions(tmp_path):
    mask = os.umask(0o022)
    try:
        path = write_atomic(tmp_path / "a.bin", b"x")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # not mkstemp's private 0o600


@settings(max_examples=30, deadline=None)
@given(old=st.binary(max_size=64), new=st.binary(max_size=64), force=st.booleans())
def test_property_the_file_ends_new_or_untouched(tmp_path_factory, old, new, force):
    folder = tmp_path_factory.mktemp("prop")
    target = folder / "f.bin"
    target.write_bytes(old)
    try:
        write_atomic(target, new, force=force)
    except OverwriteError:
        assert not force and old != new
        assert target.read_bytes() == old
    else:
        assert force or old == new
        assert target.read_bytes() == new
    assert _leftovers(folder) == []
