"""Atomic writing with --force (efficap._io.write_atomic)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from efficap import _io
from efficap._io import STALE_SECONDS, OverwriteError, clean_leftovers, write_atomic
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


# ------------------------------------------------------------------ leftovers, concurrency


def _writer_killed_mid_write(folder):
    """Start a process that writes half a file through write_atomic, wait until its
    temporary file exists, kill it; return the temporary file it left."""
    script = (
        "import sys, time\n"
        "from efficap._io import write_atomic\n"
        "def slow(handle):\n"
        "    handle.write(b'half a workbook')\n"
        "    handle.flush()\n"
        "    time.sleep(60)\n"
        "write_atomic(sys.argv[1], slow)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script, str(folder / "lab.xlsx")])
    try:
        deadline = time.monotonic() + 30
        while not _leftovers(folder) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        proc.kill()
        proc.wait()
    (left,) = _leftovers(folder)
    return folder / left


@pytest.mark.skipif(sys.platform.startswith("win"), reason="process check is POSIX")
def test_a_killed_writer_leaves_a_temp_file_the_next_write_removes(tmp_path):
    left = _writer_killed_mid_write(tmp_path)
    assert left.name.startswith(".lab.xlsx.efficap-") and left.suffix == ".tmp"
    assert not (tmp_path / "lab.xlsx").exists()
    theirs = [tmp_path / ".lab.xlsx-abc.tmp", tmp_path / ".other.efficap.tmp"]
    for path in theirs:
        path.write_bytes(b"not efficap's")
    write_atomic(tmp_path / "other.bin", b"x")  # any write into the folder cleans
    assert not left.exists()
    assert all(path.exists() for path in theirs)  # only efficap's own pattern


def test_old_leftovers_of_another_machine_are_removed_only_when_stale(tmp_path):
    # Written on another machine (another host hash): its process cannot be checked, so
    # only age decides.
    tmp = tmp_path / ".a.xlsx.efficap-00000000-123-abcdefgh.tmp"
    lock = tmp_path / ".a.xlsx.efficap-00000000-123-abcd.lock"
    for path in (tmp, lock):
        path.write_bytes(b"")
    now = time.time()
    assert clean_leftovers(tmp_path, now=now) == []
    assert sorted(clean_leftovers(tmp_path, now=now + STALE_SECONDS + 1)) == sorted([tmp, lock])


@pytest.mark.skipif(sys.platform.startswith("win"), reason="process check is POSIX")
def test_a_dead_writers_lock_does_not_block_the_next_write(tmp_path):
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], **_TEXT)
    dead = int(proc.stdout)
    host = _io._HOST
    (tmp_path / f".a.bin.efficap-{host}-{dead}-dead.lock").write_bytes(b"")
    write_atomic(tmp_path / "a.bin", b"x")
    assert (tmp_path / "a.bin").read_bytes() == b"x"
    assert _leftovers(tmp_path) == []


_TEXT = {"capture_output": True, "text": True, "check": True}


@pytest.mark.parametrize("rounds", [5])
def test_of_two_concurrent_writers_of_a_new_file_one_is_refused(tmp_path, monkeypatch, rounds):
    # Both writers' temporary files exist before either decides, and the rename is slow
    # (a large file, a network folder): without the lock both saw no file and the second
    # silently replaced the first.
    replace = os.replace

    def slow_replace(src, dst):
        time.sleep(0.05)
        replace(src, dst)

    monkeypatch.setattr(_io.os, "replace", slow_replace)
    for i in range(rounds):
        target = tmp_path / f"book{i}.xlsx"
        start = threading.Barrier(2)
        outcome: dict[bytes, str] = {}

        def write(content, target=target, start=start, outcome=outcome):
            def slow(handle):
                handle.write(content)
                start.wait()  # both temporaries written: now race for the decision

            try:
                write_atomic(target, slow)
                outcome[content] = "written"
            except OverwriteError:
                outcome[content] = "refused"

        threads = [threading.Thread(target=write, args=(c,)) for c in (b"one", b"two")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert sorted(outcome.values()) == ["refused", "written"]
        (winner,) = (c for c, result in outcome.items() if result == "written")
        assert target.read_bytes() == winner
    assert _leftovers(tmp_path) == []


def test_concurrent_writers_of_identical_content_both_succeed(tmp_path):
    target = tmp_path / "same.xlsx"
    start = threading.Barrier(4)
    errors = []

    def write():
        def slow(handle):
            handle.write(b"same bytes")
            start.wait()

        try:
            write_atomic(target, slow)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert target.read_bytes() == b"same bytes"
    assert _leftovers(tmp_path) == []


def test_a_lock_that_stays_is_named_instead_of_waiting_forever(tmp_path, monkeypatch):
    # A lock of a live process (this one), held: the writer gives up after LOCK_TIMEOUT.
    monkeypatch.setattr(_io, "LOCK_TIMEOUT", 0.2)
    held = tmp_path / f".a.bin.efficap-{_io._HOST}-{os.getpid()}-held.lock"
    held.write_bytes(b"")
    with pytest.raises(OverwriteError, match=f"Another efficap is writing .*{held.name}"):
        write_atomic(tmp_path / "a.bin", b"x")
    assert not (tmp_path / "a.bin").exists()
    held.unlink()
    assert _leftovers(tmp_path) == []
