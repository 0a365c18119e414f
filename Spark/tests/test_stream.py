"""The Python side of refrain.stream/1 against the Swift side: a stream written here is read by
refrain and the other way round, and damage is reported with its offset."""

import io
import struct

import pytest

from refrain_spark import stream as S


def sample():
    buf = io.BytesIO()
    w = S.Writer(buf, S.REPORT)
    w.write(S.options_record(0xFEEDFACECAFEBEEF, 17, 7, 256, False, 0.8))
    w.write(S.document_record("é-1", None, "src", 11, 1))
    w.write(S.unit_record(0, 0, 11, 2, 1, 1, 2 ** 64 - 5, [-1, 2 ** 63 - 1], struct.pack("<3I", 1, 7, 2 ** 32 - 1),
                          "hello…", "hello world"))
    w.write(S.verified_record(0, 3, 1, 0.9, 0.5, 0.9))
    w.write(S.component_record([0, 3, 9]))
    w.write(S.counts_record(2, 3, 4, 5, 6))
    w.finish()
    return buf.getvalue()


def test_round_trip():
    records = list(S.read_records(io.BytesIO(sample()), "t", {S.REPORT}))
    tags = [t for t, _ in records]
    assert tags == ["O", "D", "U", "V", "C", "N"]
    o, d, u, v, c, n = (v for _, v in records)
    assert o == dict(fingerprint=0xFEEDFACECAFEBEEF, bands=17, rows=7, max_bucket_pairs=256, containment=False, threshold=0.8)
    assert d == dict(id="é-1", date=None, source="src", length=11, units=1)
    assert u["hash"] == 2 ** 64 - 5 and u["bands"] == [-1, 2 ** 63 - 1] and u["status"] == 1
    assert struct.unpack("<3I", u["set"]) == (1, 7, 2 ** 32 - 1)
    assert (u["excerpt"], u["text"]) == ("hello…", "hello world")
    assert v == (0, 3, 1, 0.9, 0.5, 0.9)
    assert c == [0, 3, 9] and n == (2, 3, 4, 5, 6)


@pytest.mark.parametrize("cut", [0, 10, 16, 20, 40, 70])
def test_truncated_stream_names_the_offset(cut):
    data = sample()
    with pytest.raises(S.StreamError) as e:
        list(S.read_records(io.BytesIO(data[:cut]), "t", {S.REPORT}))
    assert e.value.offset <= cut


def test_version_and_kind_are_checked():
    data = bytearray(sample())
    data[8] = 9
    with pytest.raises(S.StreamError, match="version 9"):
        list(S.read_records(io.BytesIO(bytes(data)), "t", {S.REPORT}))
    with pytest.raises(S.StreamError, match="kind"):
        list(S.read_records(io.BytesIO(sample()), "t", {S.SIGNATURES}))


def test_trailing_bytes_and_wrong_end_count():
    with pytest.raises(S.StreamError, match="after the end"):
        list(S.read_records(io.BytesIO(sample() + b"x"), "t", {S.REPORT}))
    data = sample()
    bad = data[:-8] + struct.pack("<Q", 99)
    with pytest.raises(S.StreamError, match="end record counts 99"):
        list(S.read_records(io.BytesIO(bad), "t", {S.REPORT}))


def test_refrain_reads_what_python_writes(refrain, tmp_path):
    """A Python-written report stream with the wrong options fingerprint is refused by refrain
    with the byte offset; refrain's own signature stream parses here."""
    import subprocess
    p = tmp_path / "r.stream"
    p.write_bytes(sample())
    r = subprocess.run([refrain, "dedupe", "--report-stream", str(p)], capture_output=True, text=True)
    assert r.returncode == 1 and "byte 16" in r.stderr and "other dedupe options" in r.stderr
    docs = b'{"id": "a", "text": "one two three four five six seven"}\n{"id": "b", "text": "tiny"}\n'
    r = subprocess.run([refrain, "dedupe", "-", "--stop-after", "signatures", "--stream", "--quiet"], input=docs,
                       capture_output=True)
    assert r.returncode == 0, r.stderr
    records = list(S.read_records(io.BytesIO(r.stdout), "sig", {S.SIGNATURES}))
    assert [t for t, _ in records] == ["O", "D", "U", "D", "U", "N"]
    units = [v for t, v in records if t == "U"]
    assert len(units[0]["bands"]) == records[0][1]["bands"] and units[0]["status"] == 0
    assert units[1]["status"] == 1 and len(units[1]["set"]) == 4  # short: one shingle of all its tokens
    assert units[0]["bands"] != units[1]["bands"]
    cut = r.stdout[:len(r.stdout) // 2]
    with pytest.raises(S.StreamError):
        list(S.read_records(io.BytesIO(cut), "sig", {S.SIGNATURES}))
