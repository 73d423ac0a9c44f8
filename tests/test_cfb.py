"""The compound-file writer (efficap_xl.build.cfb), read back by olefile."""

from __future__ import annotations

import io
import random
import struct

import pytest

from efficap_xl.build import cfb

olefile = pytest.importorskip("olefile", reason="pip install olefile")


def _read(data: bytes):
    return olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)


def _streams(seed: int = 1) -> dict[str, bytes]:
    rng = random.Random(seed)

    def blob(n: int) -> bytes:
        return bytes(rng.randrange(256) for _ in range(n))

    streams = {
        "PROJECT": b"ID=...\r\n",
        "PROJECTwm": b"",  # empty stream
        "VBA/dir": blob(4096),  # exactly the cutoff: a regular (large) stream
        "VBA/_VBA_PROJECT": blob(7),
        "VBA/just below": blob(4095),  # largest mini stream
        "VBA/big": blob(150_000),
        "VBA/Sub/deep": blob(64),  # exactly one mini sector
        "Other/x": blob(513),
    }
    for i in range(25):  # enough entries for several directory sectors and tree levels
        streams[f"VBA/m{i:02d}"] = blob(rng.randrange(0, 3000))
    return streams


def test_every_stream_reads_back_identical():
    streams = _streams()
    ole = _read(cfb.build(streams))
    for path, data in streams.items():
        assert ole.exists(path)
        assert ole.get_type(path) == olefile.STGTY_STREAM
        assert ole.get_size(path) == len(data)
        assert ole.openstream(path).read() == data, path
    listed = {"/".join(p) for p in ole.listdir(streams=True, storages=False)}
    assert listed == set(streams)
    storages = {"/".join(p) for p in ole.listdir(streams=False, storages=True)}
    assert storages == {"VBA", "VBA/Sub", "Other"}


def test_header_and_sizes():
    data = cfb.build(_streams())
    assert data[:8] == bytes.fromhex("D0CF11E0A1B11AE1")
    minor, major, order, shift, mini_shift = struct.unpack_from("<HHHHH", data, 24)
    assert (major, order, shift, mini_shift) == (3, 0xFFFE, 9, 6)
    assert minor == 0x3E
    assert struct.unpack_from("<I", data, 56)[0] == 4096  # mini stream cutoff
    assert len(data) % 512 == 0


def _check_tree(ole, sid: int, entries, seen: set[int]) -> tuple[int, list[str]]:
    """Walk a red-black tree: return (black height, names in order); check the rules."""
    if sid == olefile.NOSTREAM:
        return 1, []
    assert sid not in seen
    seen.add(sid)
    e = entries[sid]
    lh, left = _check_tree(ole, e.sid_left, entries, seen)
    rh, right = _check_tree(ole, e.sid_right, entries, seen)
    assert lh == rh, f"unequal black heights under {e.name}"
    if e.color == 0:  # red: children must be black
        for child in (e.sid_left, e.sid_right):
            if child != olefile.NOSTREAM:
                assert entries[child].color == 1
    return lh + (e.color == 1), [*left, e.name, *right]


def test_directory_trees_are_ordered_red_black_trees():
    ole = _read(cfb.build(_streams()))
    entries = ole.direntries
    root = ole.root
    assert root.color == 1 and root.name == "Root Entry"

    def walk(storage) -> None:
        seen: set[int] = set()
        _, names = _check_tree(ole, storage.sid_child, entries, seen)
        keys = [(len(n), n.upper()) for n in names]
        assert keys == sorted(keys), f"children of {storage.name} out of order"
        top = entries[storage.sid_child]
        assert top.color == 1  # the root of each tree is black
        for sid in seen:
            if entries[sid].entry_type == olefile.STGTY_STORAGE:
                walk(entries[sid])

    walk(root)


def test_deterministic_and_small():
    streams = {"A": b"1", "B/C": b"2" * 10}
    assert cfb.build(streams) == cfb.build(dict(reversed(list(streams.items()))))
    # header + 1 FAT + 1 directory + 1 mini FAT + 1 mini stream sector
    assert len(cfb.build(streams)) == 5 * 512


def test_only_large_streams_and_no_streams():
    ole = _read(cfb.build({"big": b"z" * 10_000}))
    assert ole.openstream("big").read() == b"z" * 10_000
    assert _read(cfb.build({})).listdir() == []


@pytest.mark.parametrize("name", ["a/", "x" * 32, "bad:name", "bad!name"])
def test_bad_names(name):
    with pytest.raises(ValueError):
        cfb.build({name: b""})


def test_stream_and_storage_clash():
    with pytest.raises(ValueError):
        cfb.build({"A": b"1", "A/B": b"2"})
