"""Corpus inputs on any Hadoop filesystem, read into RDDs whose partitions follow corpus order.

Every record carries an order key `(input, file, position)`: the input's place on the command
line, the file's path (relative to a directory input) and the byte offset of the JSON line, the
Parquet row index, or 0 for a text file. Partition i holds keys below partition i+1's, and
records within a partition are in key order, so a document's global index (and so every id,
tie-break and representative) comes from where it sits in the input, never from
`monotonically_increasing_id` or from task scheduling.

The same kinds as the CLI: a directory of .txt/.md files (id = path relative to it), single
.txt/.md files (id = the path as given), JSON Lines (.jsonl/.ndjson, id from the id field or
`PATH:LINE`), any of them .gz; plus Parquet (a .parquet file or a directory holding .parquet
files; id from the id column or `FILE:ROW` with a 1-based row).
"""

import json
from dataclasses import dataclass, field

TEXT_INPUT = "org.apache.hadoop.mapreduce.lib.input.TextInputFormat"


class MalformedInput(ValueError):
    """A record refrain's reader would refuse: the message names file, line and column."""

    MARK = "refrain-spark malformed input: "

    def __init__(self, message):
        super().__init__(self.MARK + message)
        self.message = message


@dataclass
class Input:
    index: int
    path: str          # as given on the command line
    kind: str          # jsonl | text | parquet
    files: list = field(default_factory=list)   # (relative or given path, qualified URI), sorted
    gzip: bool = False
    root: str = ""     # qualified URI of a directory input


@dataclass
class Fields:
    text: str = "text"
    id: str = "id"
    source: str = "source"
    date: str = "date"
    skip_bad_lines: bool = False


def _lower_kind(name):
    n = name.lower()
    gz = n.endswith(".gz")
    if gz:
        n = n[:-3]
    if n.endswith(".jsonl") or n.endswith(".ndjson"):
        return "jsonl", gz
    if n.endswith(".txt") or n.endswith(".md"):
        return "text", gz
    if n.endswith(".parquet"):
        return "parquet", False
    return None, gz


def plan(spark, paths):
    """Classifies each input path by listing it through Hadoop's FileSystem (any scheme)."""
    jvm = spark._jvm
    conf = spark._jsc.hadoopConfiguration()
    inputs = []
    for i, given in enumerate(paths):
        p = jvm.org.apache.hadoop.fs.Path(given)
        fs = p.getFileSystem(conf)
        if not fs.exists(p):
            raise SystemExit(f"refrain-spark: {given}: no such file or directory")
        status = fs.getFileStatus(p)
        qualified = fs.makeQualified(p).toString()
        if not status.isDirectory():
            kind, gz = _lower_kind(given)
            if kind is None:
                raise SystemExit(f"refrain-spark: {given}: expected a directory, or a .txt, .md, .jsonl, .ndjson "
                                 "(optionally .gz) or .parquet file")
            inputs.append(Input(i, given, kind, [(given, qualified, status.getLen())], gz))
            continue
        listed = []
        it = fs.listFiles(p, True)
        root = qualified.rstrip("/") + "/"
        while it.hasNext():
            st = it.next()
            uri = st.getPath().toString()
            rel = uri[len(root):] if uri.startswith(root) else st.getPath().getName()
            if any(part.startswith((".", "_")) for part in rel.split("/")):
                continue  # hidden files, _SUCCESS, _temporary: as Spark's readers do
            listed.append((rel, uri, st.getLen()))
        listed.sort(key=lambda f: f[0].encode("utf-8"))
        kinds = {_lower_kind(f[0])[0] for f in listed} - {None}
        if "parquet" in kinds:
            inputs.append(Input(i, given, "parquet", [f for f in listed if _lower_kind(f[0])[0] == "parquet"], root=root))
        elif kinds == {"jsonl"}:
            files = [f for f in listed if _lower_kind(f[0])[0] == "jsonl"]
            inputs.append(Input(i, given, "jsonl", files, root=root))
        else:
            inputs.append(Input(i, given, "text", [f for f in listed if _lower_kind(f[0])[0] == "text"], root=root))
    return inputs


def ordered_records(spark, inputs, fields, partitions):
    """An RDD of `(key, kind, line_number, payload)` in corpus order across partitions: `payload`
    is a JSON line (jsonl), the file's bytes (text) or a dict of fields (parquet). Prepared into
    refrain's JSON Lines by `prepare` inside the signature task."""
    sc = spark.sparkContext
    parts = []
    total = sum(f[2] for inp in inputs if inp.kind == "jsonl" for f in inp.files)
    # Splits of about total/partitions bytes (Hadoop aligns them to lines), at least 64 KiB.
    split = {"mapreduce.input.fileinputformat.split.maxsize": str(max(1 << 16, -(-total // max(1, partitions))))}
    for inp in inputs:
        if inp.kind == "jsonl":
            for rel, uri, _ in inp.files:
                name = inp.path if not inp.root else inp.path.rstrip("/") + "/" + rel
                rdd = sc.newAPIHadoopFile(uri, TEXT_INPUT, "org.apache.hadoop.io.LongWritable", "org.apache.hadoop.io.Text",
                                          conf=split)
                ii = inp.index
                parts.append(rdd.zipWithIndex().map(
                    lambda r, ii=ii, name=name: ((ii, name, r[0][0]), "jsonl", r[1] + 1, r[0][1])))
        elif inp.kind == "text":
            if not inp.files:
                continue
            ii, root, given = inp.index, inp.root, inp.path
            if root:
                rdd = sc.binaryFiles(inp.path.rstrip("/"), minPartitions=max(1, partitions))
                rdd = rdd.map(lambda r, root=root: (r[0][len(root):] if r[0].startswith(root) else r[0], r[1]))
                rdd = rdd.filter(lambda r: _lower_kind(r[0])[0] == "text" and
                                 not any(p.startswith((".", "_")) for p in r[0].split("/")))
                rdd = rdd.sortBy(lambda r: r[0].encode("utf-8"), numPartitions=max(1, partitions))
                parts.append(rdd.map(lambda r, ii=ii: ((ii, r[0], 0), "text", 0, r[1])))
            else:
                rdd = sc.binaryFiles(inp.files[0][1], minPartitions=1)
                parts.append(rdd.map(lambda r, ii=ii, given=given: ((ii, given, 0), "textfile", 0, r[1])))
        else:
            parts.append(_parquet_records(spark, inp, fields, partitions))
    if not parts:
        return sc.emptyRDD()
    return parts[0] if len(parts) == 1 else sc.union(parts)


def _parquet_records(spark, inp, fields, partitions):
    from pyspark.sql import functions as F
    df = spark.read.parquet(*[f[1] for f in inp.files]) if inp.root == "" else spark.read.parquet(inp.path)
    if fields.text not in df.columns:
        raise SystemExit(f"refrain-spark: {inp.path}: no column '{fields.text}' (--text-field)")
    cols = [F.col(fields.text).cast("string").alias("text")]
    for name, col in (("id", fields.id), ("source", fields.source), ("date", fields.date)):
        cols.append((F.col(col).cast("string") if col in df.columns else F.lit(None).cast("string")).alias(name))
    root = inp.root
    df = df.select(*cols, F.col("_metadata.file_path").alias("file"), F.col("_metadata.row_index").alias("row"))
    df = df.repartitionByRange(max(1, partitions), "file", "row").sortWithinPartitions("file", "row")
    ii = inp.index

    def rel(uri):
        return uri[len(root):] if root and uri.startswith(root) else uri

    return df.rdd.map(lambda r: ((ii, rel(r.file), r.row), "parquet", r.row + 1,
                                 {"id": r.id, "text": r.text, "source": r.source, "date": r.date}))


def read_raw_line(uri, offset):
    """The bytes of the line at byte `offset` of a local file (decompressed for .gz), without its
    line break; None where Python cannot read the filesystem (HDFS, S3)."""
    import urllib.parse
    parsed = urllib.parse.urlparse(uri)
    if parsed.scheme not in ("", "file"):
        return None
    path = urllib.parse.unquote(parsed.path)
    if path.lower().endswith(".gz"):
        import gzip
        f = gzip.open(path, "rb")
    else:
        f = open(path, "rb")
    with f:
        f.seek(offset)
        line = f.readline()
    return line[:-1] if line.endswith(b"\n") else line


def prepare(kind, key, line_number, payload, fields, raw=None):
    """`(line, id, warning)`: refrain's JSON line for one JSON Lines or Parquet record (bytes),
    the document's id as read (before duplicate ids are renamed), and a warning or None; None
    for a blank line; b"skip" when refrain would skip the record (empty text; bad lines with
    skip_bad_lines). A malformed line without skip_bad_lines raises MalformedInput naming file,
    line and column. (Text files go to refrain itself, which reads them as the CLI does.)

    Hadoop's line reader hands over text with ill-formed UTF-8 already replaced, not as the CLI
    replaces it; so a line holding U+FFFD is read again as bytes (`raw(key)`, from a local file)
    and those bytes go to refrain, which replaces them as the CLI does. Where the bytes cannot be
    read (no local file), such a line fails the run with its file and line: never a silent change."""
    name = key[1]
    warning = None
    if kind == "jsonl":
        line = payload
        data = None
        if "\ufffd" in line:
            data = raw(key) if raw else None
            if data is None:
                raise MalformedInput(f"{name}:{line_number}: a line with U+FFFD or invalid UTF-8, in a file Python on the "
                                     "executors cannot read as bytes (Hadoop's reader has replaced it); copy it to a local "
                                     "or mounted path, or repair it")
            if data.endswith(b"\r"):
                data = data[:-1]
            if line_number == 1 and data.startswith(b"\xef\xbb\xbf"):
                data = data[3:]
            try:
                data.decode("utf-8")
                data = None  # a U+FFFD that is in the file: nothing was replaced
            except UnicodeDecodeError as e:
                warning = f"{name}:{line_number}: invalid UTF-8 (first at byte {key[2] + e.start} of the file) replaced with U+FFFD"
                line = data.decode("utf-8", "surrogateescape")
        if line_number == 1 and line.startswith("\ufeff"):
            line = line[1:]
        if not line.strip():
            return None  # blank lines are not documents (not counted as skipped)
        try:
            # Numbers as their text: refrain takes a numeric id as written.
            obj = json.loads(line, parse_int=str, parse_float=str, parse_constant=str)
            if not isinstance(obj, dict):
                raise ValueError("not a JSON object")
            text = obj.get(fields.text)
            if not isinstance(text, str):
                raise ValueError(f"missing text field \"{fields.text}\"" if text is None
                                 else f"field \"{fields.text}\" must be a string")
            doc_id = obj.get(fields.id)
            if isinstance(doc_id, (bool, dict, list)):
                raise ValueError(f"field \"{fields.id}\" must be a string or a number")
        except ValueError as e:
            if fields.skip_bad_lines:
                return b"skip"
            column = getattr(e, "colno", 1)
            reason = getattr(e, "msg", str(e))
            raise MalformedInput(f"{name}:{line_number}:{column}: malformed JSON line: {reason}") from None
        if text == "":
            return b"skip"
        if doc_id is None:
            # refrain's id for a line without one: PATH:LINE, with the path as the user gave it.
            doc_id = obj[fields.id] = f"{name}:{line_number}"
            out = json.dumps(obj, ensure_ascii=False)
            try:
                encoded = out.encode("utf-8", "surrogateescape")
            except UnicodeEncodeError:
                encoded = out.encode("utf-8", "surrogatepass")
        else:
            encoded = data if data is not None else line.encode("utf-8", "surrogatepass")
        if data is not None:
            # As refrain will read it (the id column of the stage's Parquet must be valid UTF-8).
            doc_id = doc_id.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        return encoded, doc_id, warning
    doc = payload
    if not doc["text"]:
        return b"skip"
    out = {fields.id: doc["id"] if doc["id"] is not None else f"{name}:{line_number}", fields.text: doc["text"]}
    for k, f in (("source", fields.source), ("date", fields.date)):
        if doc[k] is not None:
            out[f] = doc[k]
    return json.dumps(out, ensure_ascii=False).encode("utf-8"), out[fields.id], None
