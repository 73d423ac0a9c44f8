"""A source-only VBA project ([MS-OVBA]) for the add-in's ``xl/vbaProject.bin``.

Implements
----------
- :func:`compress`, :func:`decompress` -- the [MS-OVBA] 2.4.1 compression of module
  source and of the ``dir`` stream (a copy-token LZ77 over 4096-byte chunks).
- :func:`encrypt`, :func:`decrypt` -- the [MS-OVBA] 2.4.3 data encryption of the
  ``CMG``, ``DPB`` and ``GC`` lines of the ``PROJECT`` stream (obfuscation, not
  security: they record "not protected, no password, visible").
- :class:`Module`, :func:`project_streams` -- every stream of the VBA storage: the
  ``_VBA_PROJECT`` stream with version 0xFFFF and no performance cache (so the host
  compiles the project from source when it loads it), ``dir`` (compressed project
  information, references and module records), one stream per module holding only
  its compressed source, ``PROJECT`` and ``PROJECTwm``.

The streams go into a compound file with :func:`efficap_xl.build.cfb.build`. Nothing here
knows about efficap or Excel's workbook; :mod:`efficap_xl.build.xlam` decides the modules.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "OFFICE_REFERENCE",
    "STDOLE_REFERENCE",
    "Module",
    "Reference",
    "compress",
    "decompress",
    "decrypt",
    "dir_stream",
    "encrypt",
    "project_streams",
]

_CHUNK = 4096
_ENCODING = "cp1252"  # PROJECTCODEPAGE below; module source is stored in this code page
_CODE_PAGE = 1252
_LCID = 0x0409


# --------------------------------------------------------------------------- compression


def _copy_token_help(position: int) -> tuple[int, int]:
    """(bit count of the offset, maximum length) at `position` bytes into a chunk."""
    bit_count = max((position - 1).bit_length(), 4)
    return bit_count, (0xFFFF >> bit_count) + 3


def _compress_chunk(chunk: bytes) -> bytes:
    """The compressed body of one chunk (token sequences) per [MS-OVBA] 2.4.1.3.7."""
    out = bytearray()
    n = len(chunk)
    pos = 0
    # positions of each 3-byte prefix seen so far, nearest last (the spec's matching
    # scans candidates from nearest to farthest and keeps the first longest match)
    seen: dict[bytes, list[int]] = {}

    def remember(start: int, stop: int) -> None:
        for i in range(start, min(stop, n - 2)):
            seen.setdefault(chunk[i : i + 3], []).append(i)

    while pos < n:
        flag_at = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if pos >= n:
                break
            bit_count, max_len = _copy_token_help(pos)
            best_len, best_at = 0, 0
            if pos + 3 <= n:
                limit = min(max_len, n - pos)
                for cand in reversed(seen.get(chunk[pos : pos + 3], ())):
                    length = 3
                    while length < limit and chunk[cand + length] == chunk[pos + length]:
                        length += 1
                    if length > best_len:
                        best_len, best_at = length, cand
                        if length == limit:
                            break
            if best_len >= 3:
                offset = pos - best_at
                token = ((offset - 1) << (16 - bit_count)) | (best_len - 3)
                out += struct.pack("<H", token)
                flags |= 1 << bit
                remember(pos, pos + best_len)
                pos += best_len
            else:
                out.append(chunk[pos])
                remember(pos, pos + 1)
                pos += 1
        out[flag_at] = flags
    return bytes(out)


def compress(data: bytes) -> bytes:
    """Compress `data` into an [MS-OVBA] 2.4.1 CompressedContainer.

    Parameters
    ----------
    data : bytes
        Decompressed bytes (module source in the project's code page, or a ``dir``
        stream).

    Returns
    -------
    bytes
        Signature byte 0x01, then one chunk (2-byte header + body) per 4096 bytes of
        input. A full chunk that does not compress is stored raw.

    Raises
    ------
    ValueError
        If a final, partial chunk would grow past the largest compressed chunk (4098
        bytes); the format cannot store it raw. VBA source never comes close.
    """
    out = bytearray(b"\x01")
    for start in range(0, len(data), _CHUNK):
        chunk = data[start : start + _CHUNK]
        body = _compress_chunk(chunk)
        if len(body) <= _CHUNK:
            out += struct.pack("<H", 0xB000 | (len(body) + 2 - 3))
            out += body
        elif len(chunk) == _CHUNK:  # raw chunk: flag bit clear, exactly 4096 bytes
            out += struct.pack("<H", 0x3000 | (_CHUNK + 2 - 3))
            out += chunk
        else:
            raise ValueError("Final chunk does not compress and cannot be stored raw.")
    return bytes(out)


def decompress(container: bytes) -> bytes:
    """Decompress an [MS-OVBA] 2.4.1 CompressedContainer (the inverse of :func:`compress`).

    Raises
    ------
    ValueError
        On a bad signature byte, chunk header or copy token.
    """
    if not container or container[0] != 0x01:
        raise ValueError("Not a compressed container (signature byte must be 0x01).")
    out = bytearray()
    pos = 1
    while pos < len(container):
        if pos + 2 > len(container):
            raise ValueError("Truncated chunk header.")
        (header,) = struct.unpack_from("<H", container, pos)
        size = (header & 0x0FFF) + 3
        if (header >> 12) & 0x7 != 0b011:
            raise ValueError(f"Bad chunk signature at byte {pos}.")
        end = min(pos + size, len(container))
        pos += 2
        chunk_start = len(out)
        if not header & 0x8000:  # raw
            out += container[pos : pos + _CHUNK]
            pos += _CHUNK
            continue
        while pos < end:
            flags = container[pos]
            pos += 1
            for bit in range(8):
                if pos >= end:
                    break
                if flags & (1 << bit):
                    (token,) = struct.unpack_from("<H", container, pos)
                    pos += 2
                    bit_count, _ = _copy_token_help(len(out) - chunk_start)
                    length = (token & (0xFFFF >> bit_count)) + 3
                    offset = (token >> (16 - bit_count)) + 1
                    if offset > len(out) - chunk_start:
                        raise ValueError(f"Copy token reaches before its chunk at byte {pos}.")
                    for _ in range(length):
                        out.append(out[-offset])
                else:
                    out.append(container[pos])
                    pos += 1
    return bytes(out)


# --------------------------------------------------------------------------- encryption


def _project_key(project_id: str) -> int:
    return sum(project_id.encode("ascii")) & 0xFF


def encrypt(data: bytes, project_id: str, seed: int = 0x00) -> str:
    """[MS-OVBA] 2.4.3.2 data encryption, as the hex text of a ``PROJECT`` line.

    Parameters
    ----------
    data : bytes
        The plain value (4 bytes of protection state; 1 byte password; 1 byte
        visibility).
    project_id : str
        The ``ID="{...}"`` value of the ``PROJECT`` stream, braces included.
    seed : int
        The "random" seed byte; fixed by the caller so builds are reproducible.
    """
    version = 2
    key = _project_key(project_id)
    out = bytearray([seed, seed ^ version, seed ^ key])
    unencrypted_1, encrypted_1, encrypted_2 = key, seed ^ key, seed ^ version

    def put(byte: int) -> None:
        nonlocal unencrypted_1, encrypted_1, encrypted_2
        enc = byte ^ ((encrypted_2 + unencrypted_1) & 0xFF)
        out.append(enc)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, enc, byte

    for _ in range((seed & 6) // 2):  # ignored bytes
        put(0x00)
    for byte in struct.pack("<I", len(data)) + data:
        put(byte)
    return out.hex().upper()


def decrypt(text: str, project_id: str | None = None) -> bytes:
    """Invert :func:`encrypt`; checks the version and, if given, the project key.

    Raises
    ------
    ValueError
        On a wrong version byte, project key or length.
    """
    raw = bytes.fromhex(text)
    seed, version_enc, key_enc = raw[0], raw[1], raw[2]
    if seed ^ version_enc != 2:
        raise ValueError("Encrypted data has the wrong version.")
    key = seed ^ key_enc
    if project_id is not None and key != _project_key(project_id):
        raise ValueError("Encrypted data was made for another project ID.")
    unencrypted_1, encrypted_1, encrypted_2 = key, key_enc, version_enc
    plain = bytearray()
    for enc in raw[3:]:
        byte = enc ^ ((encrypted_2 + unencrypted_1) & 0xFF)
        plain.append(byte)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, enc, byte
    ignored = (seed & 6) // 2
    (length,) = struct.unpack_from("<I", plain, ignored)
    data = bytes(plain[ignored + 4 :])
    if len(data) != length:
        raise ValueError(f"Encrypted data says {length} bytes but holds {len(data)}.")
    return data


# --------------------------------------------------------------------------- project


@dataclass(frozen=True)
class Module:
    """One VBA module.

    Attributes
    ----------
    name : str
        Module name (``VB_Name``), also its stream name.
    source : str
        The full source text as stored, ``Attribute`` lines included; line ends are
        normalized to CRLF.
    document : bool
        A document module (``ThisWorkbook``, a sheet) rather than a standard module.
    """

    name: str
    source: str
    document: bool = False

    def encoded(self) -> bytes:
        """The source in the project's code page with CRLF line ends."""
        text = self.source.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
        try:
            return text.encode(_ENCODING)
        except UnicodeEncodeError as exc:
            bad = text[exc.start : exc.end]
            raise ValueError(f"Module {self.name}: {bad!r} is not in code page 1252.") from None


@dataclass(frozen=True)
class Reference:
    """A registered type-library reference (REFERENCEREGISTERED), e.g. the Office library."""

    name: str
    libid: str


#: OLE Automation (stdole): IPictureDisp and friends.
STDOLE_REFERENCE = Reference(
    "stdole",
    r"*\G{00020430-0000-0000-C000-000000000046}#2.0#0#C:\Windows\System32\stdole2.tlb"
    r"#OLE Automation",
)
#: Microsoft Office Object Library: ``IRibbonControl`` for ribbon callbacks.
OFFICE_REFERENCE = Reference(
    "Office",
    r"*\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#C:\Program Files\Common Files"
    r"\Microsoft Shared\OFFICE16\MSO.DLL#Microsoft Office 16.0 Object Library",
)


def _rec(record_id: int, data: bytes) -> bytes:
    return struct.pack("<HI", record_id, len(data)) + data


def _u16(text: str) -> bytes:
    return text.encode("utf-16-le")


def _mbcs(text: str) -> bytes:
    return text.encode(_ENCODING)


def dir_stream(
    project_name: str, modules: Sequence[Module], references: Iterable[Reference]
) -> bytes:
    """The decompressed ``dir`` stream ([MS-OVBA] 2.3.4.2) for a project without p-code.

    Every module's source starts at offset 0 of its stream (no performance cache), and
    every cookie is 0xFFFF, as the spec requires of a writer.
    """
    out = bytearray()
    # PROJECTINFORMATION
    out += _rec(0x0001, struct.pack("<I", 1))  # SysKind: 32-bit Windows
    out += _rec(0x0002, struct.pack("<I", _LCID))
    out += _rec(0x0014, struct.pack("<I", _LCID))  # LcidInvoke
    out += _rec(0x0003, struct.pack("<H", _CODE_PAGE))
    out += _rec(0x0004, _mbcs(project_name))
    out += _rec(0x0005, b"") + _rec(0x0040, b"")  # doc string, MBCS and Unicode
    out += _rec(0x0006, b"") + _rec(0x003D, b"")  # help file 1 and 2
    out += _rec(0x0007, struct.pack("<I", 0))  # help context
    out += _rec(0x0008, struct.pack("<I", 0))  # lib flags
    out += struct.pack("<HIIH", 0x0009, 4, 1, 0)  # version: reserved size 4, major, minor
    out += _rec(0x000C, b"") + _rec(0x003C, b"")  # constants, MBCS and Unicode
    # PROJECTREFERENCES
    for ref in references:
        out += _rec(0x0016, _mbcs(ref.name)) + _rec(0x003E, _u16(ref.name))
        libid = _mbcs(ref.libid)
        out += _rec(0x000D, struct.pack("<I", len(libid)) + libid + struct.pack("<IH", 0, 0))
    # PROJECTMODULES
    out += _rec(0x000F, struct.pack("<H", len(modules)))
    out += _rec(0x0013, struct.pack("<H", 0xFFFF))  # project cookie
    for module in modules:
        out += _rec(0x0019, _mbcs(module.name)) + _rec(0x0047, _u16(module.name))
        out += _rec(0x001A, _mbcs(module.name)) + _rec(0x0032, _u16(module.name))
        out += _rec(0x001C, b"") + _rec(0x0048, b"")  # doc string
        out += _rec(0x0031, struct.pack("<I", 0))  # text offset: no performance cache
        out += _rec(0x001E, struct.pack("<I", 0))  # help context
        out += _rec(0x002C, struct.pack("<H", 0xFFFF))  # module cookie
        out += _rec(0x0022 if module.document else 0x0021, b"")
        out += _rec(0x002B, b"")  # module terminator
    out += _rec(0x0010, b"")  # dir terminator
    return bytes(out)


def _project_text(project_id: str, project_name: str, modules: Sequence[Module]) -> bytes:
    cmg = encrypt(struct.pack("<I", 0), project_id, seed=0x27)
    dpb = encrypt(bytes([0x00]), project_id, seed=0x2B)
    gc = encrypt(bytes([0xFF]), project_id, seed=0x2F)
    lines = [f'ID="{project_id}"']
    for m in modules:
        lines.append(f"Document={m.name}/&H00000000" if m.document else f"Module={m.name}")
    lines += [
        f'Name="{project_name}"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        # not protected (state 0), no password (one 0x00 byte), visible (0xFF)
        f'CMG="{cmg}"',
        f'DPB="{dpb}"',
        f'GC="{gc}"',
        "",
        "[Host Extender Info]",
        "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000",
        "",
    ]
    return ("\r\n".join(lines) + "\r\n").encode(_ENCODING)


def _projectwm(modules: Sequence[Module]) -> bytes:
    out = bytearray()
    for m in modules:
        out += _mbcs(m.name) + b"\x00" + _u16(m.name) + b"\x00\x00"
    return bytes(out + b"\x00\x00")


def project_streams(
    project_name: str,
    modules: Sequence[Module],
    *,
    project_id: str = "{00000000-0000-0000-0000-000000000000}",
    references: Iterable[Reference] = (STDOLE_REFERENCE, OFFICE_REFERENCE),
) -> dict[str, bytes]:
    """Every stream of a source-only VBA project, keyed by compound-file path.

    Parameters
    ----------
    project_name : str
        The VBA project name (``VBAProject`` in Excel's default).
    modules : sequence of Module
        Document modules first is customary (``ThisWorkbook``, then sheets).
    project_id : str
        The project's GUID text, braces included.
    references : iterable of Reference
        Registered type libraries the source needs.

    Returns
    -------
    dict
        ``{"PROJECT": ..., "PROJECTwm": ..., "VBA/_VBA_PROJECT": ..., "VBA/dir": ...,
        "VBA/<module>": ...}``.

    Raises
    ------
    ValueError
        On duplicate or invalid module names, or source outside code page 1252.
    """
    names = [m.name for m in modules]
    if len(set(n.lower() for n in names)) != len(names):
        raise ValueError(f"Duplicate module names in {names}.")
    for name in [project_name, *names]:
        if not name or not name[0].isalpha() or not all(c.isalnum() or c == "_" for c in name):
            raise ValueError(f"{name!r} is not a valid VBA name.")
        if len(name) > 31:
            raise ValueError(f"{name!r} is longer than 31 characters.")
    streams = {
        "PROJECT": _project_text(project_id, project_name, modules),
        "PROJECTwm": _projectwm(modules),
        # Reserved1 0x61CC, Version 0xFFFF (no compiled code: compile from source),
        # Reserved2 0x00, Reserved3 (ignored by readers)
        "VBA/_VBA_PROJECT": struct.pack("<HHBH", 0x61CC, 0xFFFF, 0x00, 0x0001),
        "VBA/dir": compress(dir_stream(project_name, modules, list(references))),
    }
    for m in modules:
        streams[f"VBA/{m.name}"] = compress(m.encoded())
    return streams
