"""MS-OVBA compression, encryption and project streams (efficap_xl.build.ovba).

Checked against an independent reader, oletools' ``olevba`` (its decompressor and
its VBA project parser), and against the example vectors of [MS-OVBA] section 3.2.
"""

from __future__ import annotations

import io
import random
import struct

import pytest

from efficap_xl.build import cfb, ovba

olevba = pytest.importorskip("oletools.olevba", reason="pip install oletools")


def _oletools_decompress(data: bytes) -> bytes:
    return bytes(olevba.decompress_stream(bytearray(data)))


# [MS-OVBA] 3.2.1 and 3.2.3, compressed exactly as the spec prints them.
SPEC_VECTORS = [
    (
        b"abcdefghijklmnopqrstuv.",
        "01 19 B0 00 61 62 63 64 65 66 67 68 00 69 6A 6B 6C 6D 6E 6F 70 00 71 72 73 74 75 76 2E",
    ),
    (b"a" * 73, "01 03 B0 02 61 45 00"),
]
# [MS-OVBA] 3.2.2 Normal Compression Example. The printed container ("spec") decodes to
# the text but is not what the spec's own algorithm (2.4.1.3.19.4: nearest candidate
# among the longest matches) produces; implementations that follow the algorithm
# (e.g. Aspose's tests) get the second one, and so do we.
NORMAL_TEXT = b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa"
NORMAL_PRINTED = (
    "01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61 6B 6C 00 30 "
    "6D 6E 6F 70 06 71 02 70 04 10 72 73 74 75 76 10 77 78 79 7A 00 3C"
)
NORMAL_BY_ALGORITHM = (
    "01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61 6B 6C 00 20 "
    "6D 6E 6F 70 06 71 02 70 04 00 72 73 74 75 76 10 77 78 79 7A 00 2C"
)


@pytest.mark.parametrize(("text", "hexbytes"), SPEC_VECTORS)
def test_spec_examples_compress_exactly(text, hexbytes):
    expected = bytes.fromhex(hexbytes)
    assert ovba.compress(text) == expected
    assert ovba.decompress(expected) == text
    assert _oletools_decompress(expected) == text


def test_spec_normal_example():
    for printed in (NORMAL_PRINTED, NORMAL_BY_ALGORITHM):
        assert ovba.decompress(bytes.fromhex(printed)) == NORMAL_TEXT
        assert _oletools_decompress(bytes.fromhex(printed)) == NORMAL_TEXT
    assert ovba.compress(NORMAL_TEXT) == bytes.fromhex(NORMAL_BY_ALGORITHM)


def _samples():
    rng = random.Random(7)
    vba = (
        b'Attribute VB_Name = "M"\r\nSub OnX(control As IRibbonControl)\r\n'
        b'    RunPython "import efficap_xl.actions as a; a.x()"\r\nEnd Sub\r\n'
    )
    return {
        "empty": b"",
        "one byte": b"x",
        "vba": vba,
        "vba x 200 (many chunks)": vba * 200,
        "exactly one chunk": bytes(rng.randrange(256) for _ in range(4096)),
        "random 3 chunks + 1 (raw chunks)": bytes(rng.randrange(256) for _ in range(12289)),
        "random text 20000": bytes(rng.choice(b"abc \r\n") for _ in range(20000)),
        "runs": b"a" * 5000 + b"b" * 4097 + b"ab" * 3000,
        "chunk boundary": b"x" * 4095 + b"yz" + b"x" * 4095,
    }


@pytest.mark.parametrize("name", list(_samples()))
def test_round_trip_against_oletools(name):
    data = _samples()[name]
    packed = ovba.compress(data)
    assert _oletools_decompress(packed) == data
    assert ovba.decompress(packed) == data


def test_random_round_trips():
    rng = random.Random(11)
    for _ in range(60):
        alphabet = rng.choice([b"ab", b"abcdefgh \r\n", bytes(range(256))])
        n = rng.choice([rng.randrange(1, 300), rng.randrange(3000, 9000)])
        if len(alphabet) == 256 and n > 3000:  # incompressible: whole chunks only (raw)
            n = 4096 * rng.randrange(1, 3)
        data = bytes(rng.choice(alphabet) for _ in range(n))
        assert _oletools_decompress(ovba.compress(data)) == data


def test_incompressible_tail_is_refused():
    rng = random.Random(3)
    tail = bytes(rng.randrange(256) for _ in range(4000))
    with pytest.raises(ValueError, match="cannot be stored raw"):
        ovba.compress(tail)


def test_decompress_rejects_garbage():
    with pytest.raises(ValueError):
        ovba.decompress(b"\x02abc")
    with pytest.raises(ValueError):
        ovba.decompress(b"\x01\x00\x00")  # chunk signature bits not 0b011


def test_encryption_decodes_excel_values():
    """CMG/DPB/GC of an Excel-saved project (xlwings' quickstart add-in, ID below)."""
    project_id = "{318BEE36-5BE1-492A-826D-473DB19B0F30}"
    assert ovba.decrypt("5D5F8AADDAA8DEA8DEA8DEA8DE", project_id) == b"\x00\x00\x00\x00"
    assert ovba.decrypt("5D5F8AADDAADDBADDBAD", project_id) == b"\x00"
    assert ovba.decrypt("5D5F8AADDAADDBADDB52", project_id) == b"\xff"


@pytest.mark.parametrize("seed", [0x00, 0x06, 0x27, 0xFF])
def test_encryption_round_trip(seed):
    pid = "{6E3F0C2A-5B1D-4E8A-9C47-EFF1CA900001}"
    for data in (b"\x00\x00\x00\x00", b"\x00", b"\xff", b"secret"):
        text = ovba.encrypt(data, pid, seed=seed)
        assert ovba.decrypt(text, pid) == data
    with pytest.raises(ValueError, match="another project"):
        ovba.decrypt(ovba.encrypt(b"\x00", pid, seed=seed), "{0}")


MODULES = [
    ovba.Module("ThisWorkbook", 'Attribute VB_Name = "ThisWorkbook"\n', document=True),
    ovba.Module(
        "Tools",
        'Attribute VB_Name = "Tools"\nPublic Function Twice(x)\n    Twice = 2 * x\nEnd Function\n',
    ),
]


def test_project_streams_read_back_by_olevba():
    streams = ovba.project_streams("Demo", MODULES)
    assert streams["VBA/_VBA_PROJECT"][:4] == struct.pack("<HH", 0x61CC, 0xFFFF)
    parser = olevba.VBA_Parser("demo.bin", data=cfb.build(streams))
    got = {name: code for _, _, name, code in parser.extract_macros()}
    assert set(got) == {"ThisWorkbook.cls", "Tools.bas"}
    assert "Twice = 2 * x" in got["Tools.bas"]
    assert "\r\n" in got["Tools.bas"]  # stored with CRLF line ends


def test_dir_stream_records():
    data = ovba.dir_stream("Demo", MODULES, [ovba.OFFICE_REFERENCE])
    assert ovba.decompress(ovba.compress(data)) == data
    assert data.startswith(struct.pack("<HII", 0x0001, 4, 1))
    assert data.endswith(struct.pack("<HI", 0x0010, 0))
    assert struct.pack("<HIH", 0x000F, 2, 2) in data  # two modules
    assert b"MSO.DLL" in data
    # text offset 0 (no performance cache) and cookie 0xFFFF for every module
    assert data.count(struct.pack("<HII", 0x0031, 4, 0)) == 2
    assert data.count(struct.pack("<HIH", 0x002C, 2, 0xFFFF)) == 2
    assert data.count(struct.pack("<HI", 0x0022, 0)) == 1  # one document module
    assert data.count(struct.pack("<HI", 0x0021, 0)) == 1  # one standard module


def test_project_stream_text():
    text = ovba.project_streams("Demo", MODULES, project_id="{AB}")["PROJECT"].decode("cp1252")
    lines = text.split("\r\n")
    assert lines[0] == 'ID="{AB}"'
    assert "Document=ThisWorkbook/&H00000000" in lines and "Module=Tools" in lines
    values = dict(line.split("=", 1) for line in lines if line[:3] in ("CMG", "DPB", "GC="))
    assert ovba.decrypt(values["CMG"].strip('"'), "{AB}") == b"\x00\x00\x00\x00"
    assert ovba.decrypt(values["DPB"].strip('"'), "{AB}") == b"\x00"
    assert ovba.decrypt(values["GC"].strip('"'), "{AB}") == b"\xff"


def test_bad_modules_refused():
    with pytest.raises(ValueError, match="Duplicate"):
        ovba.project_streams("P", [MODULES[1], MODULES[1]])
    with pytest.raises(ValueError, match="not a valid VBA name"):
        ovba.project_streams("P", [ovba.Module("1bad", "")])
    with pytest.raises(ValueError, match="code page 1252"):
        ovba.project_streams("P", [ovba.Module("M", "' \u2192 arrow")])


def test_compression_is_fast_enough():
    import time

    data = io.BytesIO(b"    If x Then y = 1 ' comment\r\n" * 3000).getvalue()  # ~96 kB
    start = time.perf_counter()
    ovba.compress(data)
    assert time.perf_counter() - start < 5
