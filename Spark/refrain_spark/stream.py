"""The refrain.stream/1 record format (see docs/stage-stream.md), read and written in Python.

A stream is a 16-byte header (b"RFSTREAM", uint32 version, uint32 kind) followed by records,
each a one-byte tag, a uint32 payload length and the payload, the last one an end record ('E')
counting the records before it. Little-endian throughout. Band keys and content hashes travel
as signed 64-bit integers (Spark's LongType); shingle sets as the raw bytes of ascending
uint32 values.
"""

import struct

MAGIC = b"RFSTREAM"
VERSION = 1
SIGNATURES, VERIFY_INPUT, VERIFIED, REPORT, CLUSTERED_REPORT = 1, 2, 3, 4, 5

_u32 = struct.Struct("<I")
_u64 = struct.Struct("<Q")
_q = struct.Struct("<q")
_rec = struct.Struct("<BI")
_unit = struct.Struct("<IIIIIBQ")
_verified = struct.Struct("<IIBddd")
NONE_STRING = 0xFFFFFFFF


class StreamError(ValueError):
    """A malformed stream, with the byte offset of the damage."""

    def __init__(self, source, offset, reason):
        super().__init__(f"{source}: byte {offset}: {reason}")
        self.offset = offset


def header(kind):
    return MAGIC + struct.pack("<II", VERSION, kind)


def record(tag, payload):
    return _rec.pack(ord(tag), len(payload)) + payload


def _string(s):
    b = s.encode("utf-8", "surrogatepass")
    return _u32.pack(len(b)) + b


def _optional(s):
    return _u32.pack(NONE_STRING) if s is None else _string(s)


_options = struct.Struct("<QIIIBd")


def options_record(fingerprint, bands, rows, max_bucket_pairs, containment, threshold):
    return record("O", _options.pack(fingerprint, bands, rows, max_bucket_pairs, 1 if containment else 0, threshold))


def _document(doc_id, date, source, length, units):
    return _u32.pack(units) + _u64.pack(length) + _string(doc_id) + _optional(date) + _optional(source)


def _unit_payload(document, start, end, tokens, shingles, status, content_hash, band_keys, set_bytes, excerpt, text):
    keys = b"".join(_q.pack(k) for k in band_keys or ())
    s = set_bytes or b""
    return (_unit.pack(document, start, end, tokens, shingles, status, content_hash)
            + _u32.pack(len(band_keys or ())) + keys + _u32.pack(len(s) // 4) + s
            + _string(excerpt or "") + _string(text or ""))


def document_record(doc_id, date, source, length, units):
    return record("D", _document(doc_id, date, source, length, units))


def unit_record(document, start, end, tokens, shingles, status, content_hash, band_keys, set_bytes, excerpt, text):
    return record("U", _unit_payload(document, start, end, tokens, shingles, status, content_hash, band_keys, set_bytes,
                                     excerpt, text))


def indexed_document_record(index, doc_id, date, source, length, units):
    """`G`: a document with its corpus index (clustered report)."""
    return record("G", _u64.pack(index) + _document(doc_id, date, source, length, units))


def indexed_unit_record(index, document, start, end, tokens, shingles, status, content_hash, set_bytes, excerpt, text):
    """`W`: a unit with its corpus index, naming its document by corpus index (clustered report)."""
    return record("W", _u64.pack(index) + _unit_payload(document, start, end, tokens, shingles, status, content_hash, (),
                                                        set_bytes, excerpt, text))


def totals_record(documents, text_bytes, units, empty, short, boilerplate):
    """`T`: the corpus's totals (clustered report)."""
    return record("T", struct.pack("<6Q", documents, text_bytes, units, empty, short, boilerplate))


def set_record(unit, set_bytes):
    return record("S", _u32.pack(unit) + _u32.pack(len(set_bytes) // 4) + set_bytes)


def pair_record(a, b):
    return record("P", struct.pack("<II", a, b))


def verified_record(a, b, match, similarity, jaccard, containment):
    return record("V", _verified.pack(a, b, match, similarity, jaccard, containment))


def component_record(units):
    return record("C", _u32.pack(len(units)) + struct.pack(f"<{len(units)}I", *units))


def counts_record(skipped=0, lsh=0, containment=0, large_buckets=0, candidates=0):
    return record("N", struct.pack("<5Q", skipped, lsh, containment, large_buckets, candidates))


def end_record(records):
    return record("E", _u64.pack(records))


class Writer:
    """Writes records to a binary file object, counting them for the end record."""

    def __init__(self, out, kind):
        self.out = out
        self.records = 0
        out.write(header(kind))

    def write(self, rec):
        self.out.write(rec)
        self.records += 1

    def finish(self):
        self.out.write(end_record(self.records))


def read_records(f, source, kinds):
    """Yields (tag, value) for each record of the stream in binary file `f`, checking the header
    (one of `kinds`), every length and the end record; a cut stream raises StreamError."""
    head = f.read(16)
    if len(head) < 16:
        raise StreamError(source, len(head), f"truncated stream header ({len(head)} of 16 bytes)")
    if head[:8] != MAGIC:
        raise StreamError(source, 0, "not a refrain stage stream (no RFSTREAM magic)")
    version, kind = struct.unpack_from("<II", head, 8)
    if version != VERSION:
        raise StreamError(source, 8, f"stream version {version}; this driver reads version {VERSION}")
    if kind not in kinds:
        raise StreamError(source, 12, f"unexpected stream kind {kind}")
    offset, count = 16, 0
    while True:
        rh = f.read(5)
        if len(rh) < 5:
            raise StreamError(source, offset, f"stream ends without its end record (truncated after {count} records)")
        tag, length = _rec.unpack(rh)
        payload = f.read(length)
        if len(payload) < length:
            raise StreamError(source, offset, f"truncated record: {length} bytes announced, {len(payload)} left")
        tag = chr(tag)
        try:
            value = _decode(tag, payload)
        except (struct.error, UnicodeDecodeError, IndexError) as e:
            raise StreamError(source, offset, f"malformed {tag!r} record: {e}") from None
        if tag == "E":
            if value != count:
                raise StreamError(source, offset, f"end record counts {value} records, the stream held {count}")
            if f.read(1):
                raise StreamError(source, offset + 5 + length, "bytes after the end record")
            return
        yield tag, value
        offset += 5 + length
        count += 1


def _str(p, at):
    (n,) = _u32.unpack_from(p, at)
    at += 4
    if n == NONE_STRING:
        return None, at
    if at + n > len(p):
        raise IndexError("string past the record")
    return p[at:at + n].decode("utf-8", "replace"), at + n


def _decode(tag, p):
    if tag == "O":
        fp, bands, rows, bucket, containment, threshold = _options.unpack(p)
        return dict(fingerprint=fp, bands=bands, rows=rows, max_bucket_pairs=bucket,
                    containment=bool(containment), threshold=threshold)
    if tag == "D":
        units, length = struct.unpack_from("<IQ", p, 0)
        doc_id, at = _str(p, 12)
        date, at = _str(p, at)
        source, at = _str(p, at)
        return dict(id=doc_id, date=date, source=source, length=length, units=units)
    if tag in ("G", "W"):
        (index,) = _u64.unpack_from(p, 0)
        value = _decode("D" if tag == "G" else "U", p[8:])
        return dict(value, index=index)
    if tag == "T":
        return struct.unpack("<6Q", p)
    if tag == "U":
        document, start, end, tokens, shingles, status, content_hash = _unit.unpack_from(p, 0)
        at = _unit.size
        (nb,) = _u32.unpack_from(p, at)
        at += 4
        bands = list(struct.unpack_from(f"<{nb}q", p, at))
        at += 8 * nb
        (ns,) = _u32.unpack_from(p, at)
        at += 4
        set_bytes = bytes(p[at:at + 4 * ns])
        if len(set_bytes) != 4 * ns:
            raise IndexError("set past the record")
        at += 4 * ns
        excerpt, at = _str(p, at)
        text, at = _str(p, at)
        return dict(document=document, start=start, end=end, tokens=tokens, shingles=shingles, status=status,
                    hash=content_hash, bands=bands, set=set_bytes, excerpt=excerpt, text=text)
    if tag == "V":
        a, b, match, similarity, jaccard, containment = _verified.unpack(p)
        return (a, b, match, similarity, jaccard, containment)
    if tag == "N":
        return struct.unpack("<5Q", p)
    if tag == "E":
        return _u64.unpack(p)[0]
    if tag == "P":
        return struct.unpack("<II", p)
    if tag == "S":
        unit, n = struct.unpack_from("<II", p, 0)
        return unit, bytes(p[8:8 + 4 * n])
    if tag == "C":
        (n,) = _u32.unpack_from(p, 0)
        return list(struct.unpack_from(f"<{n}I", p, 4))
    raise IndexError(f"unknown record tag {tag!r}")
