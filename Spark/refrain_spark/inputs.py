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

import gzip
import json
from dataclasses import dataclass, field

TEXT_INPUT = "org.apache.hadoop.mapreduce.lib.input.TextInputFormat"


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


def prepare(kind, key, line_number, payload, fields):
    """`(line, id)`: refrain's JSON line for one record (bytes) and the document's id as read,
    before duplicate ids are renamed; None for a blank line; b"skip" when refrain would skip the
    record (empty text, binary file; bad lines with skip_bad_lines). A malformed line without
    skip_bad_lines raises ValueError naming file and line."""
    name = key[1]
    if kind == "jsonl":
        line = payload
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
            raise ValueError(f"{name}:{line_number}: malformed JSON line: {e}") from None
        if text == "":
            return b"skip"
        if doc_id is None:
            # refrain's id for a line without one: PATH:LINE, with the path as the user gave it.
            doc_id = obj[fields.id] = f"{name}:{line_number}"
            return json.dumps(obj, ensure_ascii=False).encode("utf-8", "surrogatepass"), doc_id
        return line.encode("utf-8", "surrogatepass"), doc_id
    if kind in ("text", "textfile"):
        # A single text file (id = the path as given); a tree's files are read by refrain itself.
        data = bytes(payload)
        if name.lower().endswith(".gz"):
            data = gzip.decompress(data)
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        if b"\x00" in data[:8192] or not data:
            return b"skip"
        return json.dumps({fields.id: name, fields.text: data.decode("utf-8", "replace")}, ensure_ascii=False).encode("utf-8"), name
    doc = payload
    if not doc["text"]:
        return b"skip"
    out = {fields.id: doc["id"] if doc["id"] is not None else f"{name}:{line_number}", fields.text: doc["text"]}
    for k, f in (("source", fields.source), ("date", fields.date)):
        if doc[k] is not None:
            out[f] = doc[k]
    return json.dumps(out, ensure_ascii=False).encode("utf-8"), out[fields.id]
