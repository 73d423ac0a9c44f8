"""A minimal writer of compound files ([MS-CFB], "OLE2"), enough for ``vbaProject.bin``.

Implements
----------
- :func:`build` -- a version-3 compound file (512-byte sectors) from a mapping of
  stream paths (``"VBA/dir"``) to bytes: storages are created from the paths, streams
  under 4096 bytes go into the mini stream (64-byte mini sectors), larger ones into
  regular sectors; one FAT (up to 109 FAT sectors, about 6.8 MB: no DIFAT sectors) and
  a mini FAT describe the chains; each storage's children form a red-black tree in
  [MS-CFB] order (shorter name first, then case-insensitive).

The output is deterministic: zero CLSIDs and timestamps, free sectors and unused
directory entries written the same way every time. Neither olefile nor the ``cfb``
package writes new compound files, hence this module; tests read its output back with
olefile.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["MAX_SIZE", "build"]

_SECTOR = 512
_MINI_SECTOR = 64
_MINI_CUTOFF = 4096
_FREESECT = 0xFFFFFFFF
_ENDOFCHAIN = 0xFFFFFFFE
_FATSECT = 0xFFFFFFFD
_NOSTREAM = 0xFFFFFFFF
_HEADER_DIFAT = 109
_PER_FAT = _SECTOR // 4
#: Largest file this writer makes (109 FAT sectors of 128 entries, 512-byte sectors).
MAX_SIZE = _HEADER_DIFAT * _PER_FAT * _SECTOR

_ROOT, _STORAGE, _STREAM = 5, 1, 2
_RED, _BLACK = 0, 1


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: dict[str, _Entry] = field(default_factory=dict)
    sid: int = 0
    left: int = _NOSTREAM
    right: int = _NOSTREAM
    child: int = _NOSTREAM
    color: int = _BLACK
    start: int = _ENDOFCHAIN
    size: int = 0


def _sort_key(name: str) -> tuple[int, str]:
    # [MS-CFB] 2.6.4: compare lengths first, then the upper-cased names
    return len(name), name.upper()


def _check_name(name: str) -> None:
    if not name or len(name) > 31 or any(c in name for c in "/\\:!"):
        raise ValueError(f"Invalid compound-file entry name: {name!r}.")


def _tree(root: _Entry) -> list[_Entry]:
    """Build the directory: storages' children as red-black trees; assign stream IDs."""
    order: list[_Entry] = [root]

    def number(entry: _Entry) -> None:
        for child in sorted(entry.children.values(), key=lambda e: _sort_key(e.name)):
            child.sid = len(order)
            order.append(child)
        for child in entry.children.values():
            number(child)

    number(root)

    def link(nodes: list[_Entry], depth: int, deepest: list[int]) -> int:
        if not nodes:
            return _NOSTREAM
        mid = len(nodes) // 2
        node = nodes[mid]
        node.left = link(nodes[:mid], depth + 1, deepest)
        node.right = link(nodes[mid + 1 :], depth + 1, deepest)
        node.color = depth  # temporarily the depth; colored below
        deepest[0] = max(deepest[0], depth)
        return node.sid

    def color(entry: _Entry) -> None:
        kids = sorted(entry.children.values(), key=lambda e: _sort_key(e.name))
        deepest = [0]
        entry.child = link(kids, 0, deepest)
        # A tree balanced by halving has every leaf at depth d or d-1: coloring the
        # nodes at depth d red (when d > 0) and all others black gives equal black
        # heights and no red node with a red parent -- a valid red-black tree.
        for kid in kids:
            kid.color = _RED if deepest[0] > 0 and kid.color == deepest[0] else _BLACK
        for kid in kids:
            color(kid)

    color(root)
    root.color = _BLACK
    return order


def _entries(streams: Mapping[str, bytes]) -> tuple[_Entry, list[_Entry]]:
    root = _Entry("Root Entry", _ROOT)
    for path, data in streams.items():
        parts = path.split("/")
        node = root
        for i, part in enumerate(parts):
            _check_name(part)
            last = i == len(parts) - 1
            existing = next(
                (c for n, c in node.children.items() if n.upper() == part.upper()), None
            )
            if existing is None:
                existing = _Entry(part, _STREAM if last else _STORAGE)
                node.children[part] = existing
            if last:
                if existing.kind != _STREAM or existing.data:
                    raise ValueError(f"{path!r} is given twice or is also a storage.")
                existing.data = bytes(data)
            elif existing.kind != _STORAGE:
                raise ValueError(f"{path!r} puts a stream inside the stream {part!r}.")
            node = existing
    return root, _tree(root)


def _dir_entry(e: _Entry) -> bytes:
    if e.kind == 0:  # unused
        return b"\x00" * 64 + struct.pack(
            "<HBBIII16sIQQIQ", 0, 0, 0, _NOSTREAM, _NOSTREAM, _NOSTREAM, b"", 0, 0, 0, 0, 0
        )
    name = e.name.encode("utf-16-le") + b"\x00\x00"
    return name.ljust(64, b"\x00") + struct.pack(
        "<HBBIII16sIQQIQ",
        len(name),
        e.kind,
        e.color,
        e.left,
        e.right,
        e.child,
        b"\x00" * 16,
        0,  # state bits
        0,  # creation time
        0,  # modified time
        e.start if e.kind != _STORAGE else 0,
        e.size,
    )


def _sectors(n_bytes: int, unit: int) -> int:
    return -(-n_bytes // unit)


def build(streams: Mapping[str, bytes]) -> bytes:
    """Return a compound file holding `streams`.

    Parameters
    ----------
    streams : mapping of str to bytes
        Stream path (storages separated by ``/``, e.g. ``"VBA/dir"``) -> content.
        Names are at most 31 characters and contain none of ``/ \\ : !``.

    Returns
    -------
    bytes
        The file: a 512-byte header, then FAT sectors, directory sectors, mini FAT
        sectors, the mini stream, and the large streams.

    Raises
    ------
    ValueError
        On an invalid or repeated name, or a file larger than :data:`MAX_SIZE`.
    """
    root, order = _entries(streams)
    stream_entries = [e for e in order if e.kind == _STREAM]
    small = [e for e in stream_entries if len(e.data) < _MINI_CUTOFF]
    large = [e for e in stream_entries if len(e.data) >= _MINI_CUTOFF]

    # Mini stream: each small stream in whole 64-byte mini sectors.
    mini_fat: list[int] = []
    mini_data = bytearray()
    for e in small:
        e.size = len(e.data)
        count = _sectors(e.size, _MINI_SECTOR)
        if count == 0:
            e.start = _ENDOFCHAIN
            continue
        e.start = len(mini_fat)
        mini_fat += [e.start + i + 1 for i in range(count - 1)] + [_ENDOFCHAIN]
        mini_data += e.data.ljust(count * _MINI_SECTOR, b"\x00")

    dir_count = _sectors(len(order), _SECTOR // 128)
    minifat_count = _sectors(len(mini_fat) * 4, _SECTOR)
    ministream_count = _sectors(len(mini_data), _SECTOR)
    large_counts = [_sectors(len(e.data), _SECTOR) for e in large]
    body = dir_count + minifat_count + ministream_count + sum(large_counts)
    fat_count = 1
    while fat_count * _PER_FAT < body + fat_count:
        fat_count += 1
    if fat_count > _HEADER_DIFAT:
        raise ValueError(f"Compound file too large for this writer (over {MAX_SIZE} bytes).")

    fat: list[int] = [_FATSECT] * fat_count

    def chain(count: int) -> int:
        if count == 0:
            return _ENDOFCHAIN
        first = len(fat)
        fat.extend(first + i + 1 for i in range(count - 1))
        fat.append(_ENDOFCHAIN)
        return first

    dir_start = chain(dir_count)
    minifat_start = chain(minifat_count)
    root.start = chain(ministream_count)
    root.size = len(mini_data)
    for e, count in zip(large, large_counts, strict=True):
        e.size = len(e.data)
        e.start = chain(count)
    fat += [_FREESECT] * (fat_count * _PER_FAT - len(fat))

    header = bytearray(_SECTOR)
    struct.pack_into(
        "<8s16sHHHHH6sIIIIIIIII",
        header,
        0,
        bytes.fromhex("D0CF11E0A1B11AE1"),
        b"\x00" * 16,
        0x003E,  # minor version
        0x0003,  # major version 3: 512-byte sectors
        0xFFFE,  # little-endian
        9,  # sector shift: 2**9 = 512
        6,  # mini sector shift: 2**6 = 64
        b"\x00" * 6,
        0,  # directory sectors (0 in version 3)
        fat_count,
        dir_start,
        0,  # transaction signature
        _MINI_CUTOFF,
        minifat_start if minifat_count else _ENDOFCHAIN,
        minifat_count,
        _ENDOFCHAIN,  # first DIFAT sector: none
        0,  # DIFAT sectors
    )
    difat = list(range(fat_count)) + [_FREESECT] * (_HEADER_DIFAT - fat_count)
    struct.pack_into(f"<{_HEADER_DIFAT}I", header, 76, *difat)

    directory = b"".join(_dir_entry(e) for e in order)
    unused = _Entry("", 0)
    directory += _dir_entry(unused) * (dir_count * (_SECTOR // 128) - len(order))
    minifat_bytes = struct.pack(f"<{len(mini_fat)}I", *mini_fat)
    minifat_bytes += struct.pack("<I", _FREESECT) * (minifat_count * _PER_FAT - len(mini_fat))

    out = bytearray(header)
    out += struct.pack(f"<{len(fat)}I", *fat)
    out += directory
    out += minifat_bytes
    out += bytes(mini_data).ljust(ministream_count * _SECTOR, b"\x00")
    for e, count in zip(large, large_counts, strict=True):
        out += e.data.ljust(count * _SECTOR, b"\x00")
    expected = _SECTOR * (1 + fat_count + body)
    if len(out) != expected:  # pragma: no cover - layout invariant
        raise AssertionError(f"Compound file layout: {len(out)} bytes, expected {expected}.")
    return bytes(out)
