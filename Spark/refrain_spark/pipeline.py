"""refrain dedupe on Spark: the stages, each a Spark job, with refrain doing the native work.

1. signatures: each input partition (corpus order) is piped as JSON Lines into
   `refrain dedupe - --stop-after signatures --stream`; its refrain.stream/1 output (documents,
   units with band keys and sorted shingle sets) becomes rows written as Parquet under WORK.
2. global indices: per-partition counts, prefix sums on the driver: unit and document indices
   are those of a single run over the inputs in order.
3. identical units: groupBy(content hash); the smallest unit leads its group (as refrain does),
   over the units' hash, status and band keys, read once and kept.
4. bands: the leaders' (band, key) entries, shuffled and sorted by (band, key, unit); a bucket
   pairs each unit with the next `max_bucket_pairs` units only, refrain's rule for big buckets,
   as a bounded window frame (spilling, never a whole bucket in one list or one row).
   With containment (paragraph level), refrain's prefix filter as a join on prefix shingles.
5. verification: candidates hashed into slices; a DataFrame shuffle brings each slice its pairs
   and exactly the shingle sets they name; one `refrain dedupe --verify-stream` per slice.
6. components: large-star/small-star in DataFrames when the edges are many, else refrain's
   union-find in the report stage.
7. report: `refrain dedupe --report-stream` on the driver, from a clustered report stream (the
   corpus's totals, and only the units in clusters with their documents).
8. --write-deduped: a left-anti join of the corpus against the removed documents, written by
   Spark in the input's format.
"""

import itertools
import json
import math
import os
import sys
import tempfile
import time
from array import array

from pyspark import StorageLevel, TaskContext
from pyspark.sql import Window
from pyspark.sql import functions as F
from pyspark.sql import types as T

from . import inputs as I
from . import stream as S
from .components import connected_components
from .native import Process, RefrainFailed, chunked, find_refrain

SIGNATURE_SCHEMA = T.StructType([
    T.StructField("kind", T.StringType(), False),
    T.StructField("part", T.IntegerType(), False),
    T.StructField("doc", T.IntegerType(), True),
    T.StructField("unit", T.IntegerType(), True),
    T.StructField("input", T.IntegerType(), True),
    T.StructField("file", T.StringType(), True),
    T.StructField("pos", T.LongType(), True),
    T.StructField("id", T.StringType(), True),
    T.StructField("date", T.StringType(), True),
    T.StructField("source", T.StringType(), True),
    T.StructField("length", T.LongType(), True),
    T.StructField("units", T.IntegerType(), True),
    T.StructField("start", T.IntegerType(), True),
    T.StructField("end", T.IntegerType(), True),
    T.StructField("tokens", T.IntegerType(), True),
    T.StructField("shingles", T.IntegerType(), True),
    T.StructField("status", T.IntegerType(), True),
    T.StructField("hash", T.LongType(), True),
    T.StructField("bands", T.ArrayType(T.LongType()), True),
    T.StructField("set", T.BinaryType(), True),
    T.StructField("excerpt", T.StringType(), True),
    T.StructField("text", T.StringType(), True),
    T.StructField("skipped", T.LongType(), True),
    T.StructField("options", T.StringType(), True),
    T.StructField("rss_kb", T.LongType(), True),
])

VERIFIED_SCHEMA = T.StructType([
    T.StructField("a", T.LongType(), False),
    T.StructField("b", T.LongType(), False),
    T.StructField("match", T.IntegerType(), False),
    T.StructField("similarity", T.DoubleType(), False),
    T.StructField("jaccard", T.DoubleType(), False),
    T.StructField("containment", T.DoubleType(), False),
])

FAIL_ENV = "REFRAIN_SPARK_FAIL_ONCE"
# Clustered units per partition of the report stream (about 6 KB each in the 1M bench corpus).
REPORT_ROWS = 2000


def _signed(u):
    return u - (1 << 64) if u >= 1 << 63 else u


def _unsigned(s):
    return s + (1 << 64) if s < 0 else s


def _maybe_fail(conf, stage, index):
    """Fault injection for tests: REFRAIN_SPARK_FAIL_ONCE=stage:n[,stage:n...] (signatures: input
    partition n; verify: slice n) fails the first attempt of those tasks after they produced rows,
    so a partial attempt exists; REFRAIN_SPARK_FAIL_MARK=DIR records each injected failure there."""
    spec = conf["fail"]
    if not spec:
        return
    ctx = TaskContext.get()
    for item in spec.split(","):
        want_stage, _, want_part = item.partition(":")
        if want_stage == stage and want_part.isdigit() and int(want_part) == index and ctx and ctx.attemptNumber() == 0:
            if conf.get("fail_mark"):
                os.makedirs(conf["fail_mark"], exist_ok=True)
                with open(os.path.join(conf["fail_mark"], f"{stage}-{index}-{ctx.taskAttemptId()}"), "w"):
                    pass
            raise RuntimeError(f"injected failure ({FAIL_ENV}={spec}), attempt 0 of {stage} partition {index}")


def signature_task(conf):
    fields = conf["fields"]

    def run(index, records):
        binary = find_refrain(conf["refrain"])
        keys, skipped = [], [0]

        records = iter(records)
        first = next(records, None)
        if first is None:
            records = iter(())
        else:
            records = _chain(first, records)
        tree = single = None
        if first is not None and first[1] == "textfile":
            # A text file given by itself (one per partition): refrain reads it as the CLI does
            # (its header block of source:/date:/url: lines, BOM, binary or empty file, gzip);
            # its id is the path as given.
            tree = tempfile.mkdtemp(prefix=f"refrain-spark-file-{index}-")
            os.makedirs(os.path.join(tree, "t"))
            for key, _, _, payload in records:
                if single is not None:
                    raise RefrainFailed(f"partition {index} holds two text files given by themselves")
                path = os.path.join(tree, "t", os.path.basename(key[1]))
                with open(path, "wb") as f:
                    f.write(bytes(payload))
                single = (path, key)
        elif first is not None and first[1] == "text":
            # A text tree's files go to refrain as a tree on local disk, so its own reader
            # applies (headers and datelines, BOM, binary and empty files, gzip).
            tree = tempfile.mkdtemp(prefix=f"refrain-spark-tree-{index}-")
            by_id = {}
            for key, _, _, payload in records:
                path = os.path.join(tree, "t", key[1])
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "wb") as f:
                    f.write(bytes(payload))
                by_id[key[1]] = key

        uris = conf["uris"]
        notes = []  # (key, level, message): warnings, and the first malformed record (feeding stops there)

        def raw(key):
            uri = uris.get(key[1])
            return I.read_raw_line(uri, key[2]) if uri else None

        def feed():
            for key, kind, line_number, payload in records:
                try:
                    prepared = I.prepare(kind, key, line_number, payload, fields, raw)
                except I.MalformedInput as e:
                    notes.append((key, "error", e.message))
                    return
                if prepared is None:
                    continue
                if prepared == b"skip":
                    skipped[0] += 1
                    continue
                line, original, warning = prepared
                if warning:
                    notes.append((key, "warning", warning))
                keys.append((key, original))
                yield line + b"\n"

        args = ["dedupe", single[0] if single else os.path.join(tree, "t") if tree else "-", "--stop-after", "signatures", "--stream", "--quiet",
                "--threads", str(conf["threads"])] + conf["args"]
        proc = Process(binary, args, [] if tree else chunked(feed()))
        doc, unit, options, counts = -1, 0, None, None
        source = f"refrain signatures of partition {index}"
        try:
            for tag, v in S.read_records(proc.stdout, source, {S.SIGNATURES}):
                if tag == "U":
                    yield ("U", index, v["document"], unit, None, None, None, None, None, None, None, None,
                           v["start"], v["end"], v["tokens"], v["shingles"], v["status"], _signed(v["hash"]),
                           v["bands"], v["set"], v["excerpt"], v["text"], None, None, None)
                    unit += 1
                    if unit == 10:
                        _maybe_fail(conf, "signatures", index)
                elif tag == "D":
                    doc += 1
                    if single:
                        keys.append((single[1], single[1][1]))
                    elif tree:
                        k = by_id.get(v["id"]) or by_id.get(v["id"] + ".gz")
                        if k is None:
                            raise RefrainFailed(f"{source}: refrain read a document {v['id']!r} that was not sent")
                        keys.append((k, v["id"]))
                    if doc >= len(keys):
                        raise RefrainFailed(f"{source}: more documents out than in")
                    k, original = keys[doc]
                    yield ("D", index, doc, None, k[0], k[1], k[2], original, v["date"], v["source"], v["length"],
                           v["units"], None, None, None, None, None, None, None, None, None, None, None, None, None)
                elif tag == "O":
                    options = v
                elif tag == "N":
                    counts = v
        except S.StreamError:
            proc.close()  # a refrain failure explains a cut stream better than the cut does
            raise
        proc.close()
        if tree:
            import shutil
            shutil.rmtree(tree, ignore_errors=True)
        if options is None or counts is None:
            raise RefrainFailed(f"{source}: stream without options or counts")
        if tree:
            skipped[0] += counts[0]  # refrain's own reader skipped these files
        elif counts[0] != 0 or doc + 1 != len(keys):
            # The driver filters every record refrain would skip, so documents map 1:1 to records.
            raise RefrainFailed(f"{source}: refrain skipped {counts[0]} of {len(keys)} documents the driver sent")
        for key, level, message in notes:
            yield ("X", index, None, None, key[0], key[1], key[2], message, None, level, None, None,
                   None, None, None, None, None, None, None, None, None, None, None, None, None)
        yield ("N", index, doc + 1, unit, None, None, None, None, None, None, None, None,
               None, None, None, None, None, None, None, None, None, None, skipped[0], json.dumps(options), proc.max_rss_kb)

    return run


def verify_task(conf, options):
    """One `refrain dedupe --verify-stream` per slice in the partition (rows sorted by slice,
    then sets before pairs)."""

    def one_slice(index, rows):
        def feed():
            yield S.header(S.VERIFY_INPUT)
            yield S.options_record(**options)
            n = 1
            for r in rows:
                yield S.set_record(r.unit, r.set) if r.kind == 0 else S.pair_record(r.unit, r.b)
                n += 1
            yield S.end_record(n)

        binary = find_refrain(conf["refrain"])
        args = ["dedupe", "--verify-stream", "--quiet", "--threads", str(conf["threads"])] + conf["args"]
        proc = Process(binary, args, chunked(feed()))
        try:
            yield from (v for tag, v in S.read_records(proc.stdout, f"refrain verification of partition {index}", {S.VERIFIED})
                        if tag == "V")
        except S.StreamError:
            proc.close()
            raise
        proc.close()

    def run(index, rows):
        for slice_, group in itertools.groupby(rows, key=lambda r: r.slice):
            for i, v in enumerate(one_slice(index, group)):
                yield v
                if i == 0:
                    _maybe_fail(conf, "verify", slice_)

    return run


def _chain(first, rest):
    yield first
    yield from rest


def _prefix_length(n, t):
    overlap = math.ceil(t * n - 1e-9)
    return min(n, max(1, n - overlap + 1))


class Timer:
    def __init__(self):
        self.stages = []
        self.t = time.monotonic()

    def lap(self, name, log=True):
        now = time.monotonic()
        self.stages.append((name, now - self.t))
        if log:
            print(f"refrain-spark: {name}: {now - self.t:.2f} s", file=sys.stderr)
        self.t = now


def run(spark, args, refrain_args, fields):
    sc = spark.sparkContext
    timer = Timer()
    binary = find_refrain(args.refrain)
    # Executors try the driver's binary first, then REFRAIN_BIN, the --archives copy, PATH.
    plan = I.plan(spark, args.inputs)
    uris = {(inp.path if not inp.root else inp.path.rstrip("/") + "/" + rel): uri
            for inp in plan if inp.kind == "jsonl" for rel, uri, _ in inp.files}
    conf = {"refrain": args.refrain or binary, "args": refrain_args, "threads": args.refrain_threads, "uris": uris,
            "fields": fields, "fail": os.environ.get(FAIL_ENV, ""), "fail_mark": os.environ.get("REFRAIN_SPARK_FAIL_MARK")}
    work = args.work.rstrip("/")
    # A bucket's rows past these counts spill to disk instead of filling the heap (a giant
    # bucket is sorted and streamed through the bounded window frame, never collected).
    for key, value in (("spark.sql.windowExec.buffer.in.memory.threshold", "4096"),
                       ("spark.sql.windowExec.buffer.spill.threshold", "65536")):
        if not sc.getConf().contains(key):
            spark.conf.set(key, value)
    partitions = args.partitions or max(2, sc.defaultParallelism * 2)

    # 1. Signatures, written by Spark's committer (a retried task's partial files are discarded).
    records = I.ordered_records(spark, plan, fields, partitions)
    sig_rdd = records.mapPartitionsWithIndex(signature_task(conf))
    # Rows are built to the schema here, so Spark's per-row check is skipped; `kind` becomes a
    # directory level, so each later read touches only its records' files.
    (spark.createDataFrame(sig_rdd, SIGNATURE_SCHEMA, verifySchema=False)
     .write.mode("overwrite").partitionBy("kind").parquet(f"{work}/signatures"))
    timer.lap("signatures")

    # 2. Global indices from per-partition counts.
    sig = spark.read.parquet(f"{work}/signatures")
    notes = sorted(sig.filter("kind = 'X'").select("input", "file", "pos", "id", "source").collect(),
                   key=lambda r: (r.input, r.file.encode("utf-8"), r.pos))
    if notes:
        warnings = [r.id for r in notes if r.source == "warning"]
        for w in warnings[:5]:
            print(f"refrain-spark: warning: {w}", file=sys.stderr)
        if len(warnings) > 5:
            print(f"refrain-spark: warning: and {len(warnings) - 5} more lines with invalid UTF-8", file=sys.stderr)
        errors = [r.id for r in notes if r.source == "error"]
        if errors:
            # The first in corpus order, as the CLI's reader stops at it (whichever task failed first).
            raise I.MalformedInput(errors[0])
    counts = sorted(sig.filter("kind = 'N'").select("part", "doc", "unit", "skipped", "options", "rss_kb").collect())
    option_set = {r.options for r in counts}
    if len(option_set) != 1:
        raise RefrainFailed(f"partitions disagree on the dedupe options: {option_set}")
    options = json.loads(option_set.pop())
    bases, doc_base, unit_base, skipped = [], 0, 0, 0
    for r in counts:
        bases.append((r.part, doc_base, unit_base))
        doc_base += r.doc
        unit_base += r.unit
        skipped += r.skipped
    n_docs, n_units = doc_base, unit_base
    if n_docs == 0:
        raise SystemExit("refrain-spark: no documents in the inputs")
    base_df = F.broadcast(spark.createDataFrame(bases, "part int, doc_base long, unit_base long"))
    docs = (sig.filter("kind = 'D'").join(base_df, "part")
            .select((F.col("doc_base") + F.col("doc")).alias("doc"), "input", "file", "pos", "id", "date", "source",
                    "length", "units"))
    units = (sig.filter("kind = 'U'").join(base_df, "part")
             .select((F.col("unit_base") + F.col("unit")).alias("unit"), (F.col("doc_base") + F.col("doc")).alias("doc"),
                     "start", "end", "tokens", "shingles", "status", "hash", "bands", "set", "excerpt", "text"))

    # The columns stages 3-6 read, once from Parquet, kept (about 170 bytes a unit).
    slim = units.select("unit", "doc", "status", "hash", "bands").persist(StorageLevel.MEMORY_AND_DISK)

    # 3. Identical units: the smallest of each content hash leads its group.
    matchable = slim.filter(F.col("status").isin(0, 1)).select("unit", "hash")
    groups = matchable.groupBy("hash").agg(F.min("unit").alias("leader"), F.count("*").alias("gsize"))
    members = matchable.join(groups, "hash").select("unit", "leader", "gsize").persist(StorageLevel.MEMORY_AND_DISK)
    leaders = members.filter(F.col("unit") == F.col("leader")).select("unit")

    # 4. Band buckets by a shuffle on (band, key); refrain's rule for big buckets: in unit order,
    # each unit pairs with the next m only, as a bounded window frame over the sorted bucket (a
    # giant bucket is sorted and streamed, spilling past the buffer thresholds, never collected
    # into one list or one groupBy row).
    m = options["max_bucket_pairs"]
    entries = slim.join(leaders, "unit").select("unit", F.posexplode("bands").alias("band", "key"))
    large_buckets = entries.groupBy("band", "key").count().filter(F.col("count") > m + 1).count()
    lsh = band_candidates(entries, m).persist(StorageLevel.MEMORY_AND_DISK)
    lsh_count = lsh.count()
    timer.lap(f"bands ({options['bands']} bands of {options['rows']} rows, {lsh_count} candidates, {large_buckets} large buckets)")

    containment_count = 0
    candidates = lsh
    if options["containment"]:
        t = options["threshold"]

        def explode_set(r):
            s = array("I")
            s.frombytes(r.set)
            if sys.byteorder != "little":
                s.byteswap()
            n, p = len(s), _prefix_length(len(s), t)
            for i, fp in enumerate(s):
                yield (fp, r.unit, n, i < p)

        flat = spark.createDataFrame(units.join(leaders, "unit").select("unit", "set").rdd.flatMap(explode_set),
                                     "fp long, unit long, size int, prefix boolean")
        prefix = flat.filter("prefix").select("fp", F.col("unit").alias("q"), F.col("size").alias("qsize"))
        contained = (flat.select("fp", F.col("unit").alias("p"), F.col("size").alias("psize")).join(prefix, "fp")
                     .filter((F.col("q") != F.col("p")) & (F.col("qsize") <= F.col("psize")))
                     .select(F.least("p", "q").alias("a"), F.greatest("p", "q").alias("b")).distinct().persist())
        containment_count = contained.count()
        candidates = lsh.union(contained).distinct().persist()
        timer.lap(f"containment ({containment_count} candidates)")
    n_candidates = candidates.count() if options["containment"] else lsh_count

    # 5. Verification: each slice with exactly the shingle sets of its pairs.
    slices = max(1, math.ceil(n_candidates / args.slice_pairs))
    cand = candidates.withColumn("slice", F.pmod(F.xxhash64("a", "b"), F.lit(slices)))
    needs = (cand.select("slice", F.col("a").alias("unit")).union(cand.select("slice", F.col("b").alias("unit")))
             .distinct())
    set_rows = needs.join(units.select("unit", "set"), "unit").select(
        "slice", F.lit(0).alias("kind"), "unit", F.lit(0).cast("long").alias("b"), "set")
    pair_rows = cand.select("slice", F.lit(1).alias("kind"), F.col("a").alias("unit"), "b",
                            F.lit(None).cast("binary").alias("set"))
    # A DataFrame shuffle (the sets never pass through Python on the way): rows of a slice in one
    # partition, sets before pairs; a partition may hold several slices, one refrain each.
    rows = (set_rows.unionByName(pair_rows).repartition(slices, "slice")
            .sortWithinPartitions("slice", "kind", "unit", "b"))
    verified_rdd = rows.rdd.mapPartitionsWithIndex(verify_task(conf, options))
    spark.createDataFrame(verified_rdd, VERIFIED_SCHEMA, verifySchema=False).write.mode("overwrite").parquet(f"{work}/verified")
    verified = spark.read.parquet(f"{work}/verified")
    n_verified = verified.count()
    timer.lap(f"verify ({n_candidates} candidates in {slices} slices, {n_verified} verified)")

    # 6. Components: in Spark when the edges are many; else refrain's union-find.
    group_edges = members.filter((F.col("gsize") >= 2) & (F.col("unit") != F.col("leader"))).select(
        F.col("leader").alias("a"), F.col("unit").alias("b"))
    clustered = (verified.select(F.col("a").alias("unit")).union(verified.select(F.col("b").alias("unit")))
                 .union(members.filter(F.col("gsize") >= 2).select("unit")).distinct())
    components = []
    n_edges = n_verified + group_edges.count()
    cc_rounds = 0
    if n_edges >= args.cc_threshold:
        labels, cc_rounds = connected_components(verified.select("a", "b").union(group_edges))
        comp = labels.groupBy("label").agg(F.sort_array(F.collect_list("node")).alias("units"))
        components = sorted((list(r.units) for r in comp.toLocalIterator()), key=lambda c: c[0])
        timer.lap(f"components in Spark ({len(components)} components over {n_edges} edges, {cc_rounds} rounds)")
    else:
        timer.lap(f"components: {n_edges} edges, left to refrain's union-find")

    # 7. The report, by refrain from a clustered report stream: the corpus's totals (counted
    # here), and only the units in clusters, with their sets, excerpts and texts, and their
    # documents; every other unit stays on the executors.
    status = F.col("status")
    tot = slim.agg(F.count("*").alias("units"), *[F.sum((status == v).cast("long")).alias(n) for v, n in (
        (2, "empty"), (1, "short"), (3, "boilerplate"))]).first()
    text_bytes = docs.agg(F.sum("length")).first()[0] or 0
    # Each unit row carries its document's fields, so nothing is collected; ranges of at most
    # REPORT_ROWS units in unit order come to the driver one partition at a time (a driver-side
    # iterator holds a whole partition, and a few wide ranges of texts and sets outgrew the
    # driver's heap at 1M documents).
    n_clustered = clustered.count()
    need_units = (units.join(clustered, "unit")
                  .join(docs.select("doc", "id", "date", "source", "length", F.col("units").alias("doc_units")), "doc")
                  .select("unit", "doc", "start", "end", "tokens", "shingles", "status", "hash", "set", "excerpt", "text",
                          "id", "date", "source", "length", "doc_units")
                  .repartitionByRange(max(1, math.ceil(n_clustered / REPORT_ROWS)), "unit").sortWithinPartitions("unit"))
    renamed = unique_ids(docs)
    local = tempfile.mkdtemp(prefix="refrain-spark-")
    stream_path = os.path.join(local, "report.stream")
    n_report_units = 0
    with open(stream_path, "wb") as f:
        w = S.Writer(f, S.CLUSTERED_REPORT)
        w.write(S.options_record(**options))
        w.write(S.totals_record(n_docs, text_bytes, n_units, tot["empty"] or 0, tot["short"] or 0, tot["boilerplate"] or 0))
        last_doc = -1
        for r in need_units.toLocalIterator(prefetchPartitions=False):
            if r.doc != last_doc:
                w.write(S.indexed_document_record(r.doc, renamed.get(r.doc, r.id), r.date, r.source, r.length, r.doc_units))
                last_doc = r.doc
            w.write(S.indexed_unit_record(r.unit, r.doc, r.start, r.end, r.tokens, r.shingles, r.status, _unsigned(r.hash),
                                          r.set, r.excerpt, r.text))
            n_report_units += 1
        for r in sorted(verified.collect(), key=lambda r: (r.a, r.b)):  # 40 bytes a pair in one job
            w.write(S.verified_record(r.a, r.b, r.match, r.similarity, r.jaccard, r.containment))
        for c in components:
            w.write(S.component_record(c))
        w.write(S.counts_record(skipped, lsh_count, containment_count, large_buckets, n_candidates))
        w.finish()
    report_args = ["dedupe", "--report-stream", stream_path, "-o", args.output] + conf["args"]
    proc = Process(binary, report_args, [])
    sys.stderr.write(proc.stdout.read().decode("utf-8", "replace"))
    proc.close()
    sys.stderr.write(proc.stderr_tail() + "\n")
    os.remove(stream_path)
    os.rmdir(local)
    timer.lap("report")

    if args.write_deduped:
        write_deduped(spark, plan, docs, args.write_deduped, args.output, fields)
        timer.lap("write-deduped")
    rss = [(r.rss_kb, r.doc) for r in counts if r.doc]
    timings = {"stages": timer.stages, "signature_rss_kb_max": max(k for k, _ in rss),
               "signature_docs_per_partition_max": max(d for _, d in rss), "documents": n_docs, "units": n_units, "candidates": n_candidates,
               "verified": n_verified, "components_in_spark": bool(components), "cc_rounds": cc_rounds,
               "partitions": sig_rdd.getNumPartitions(), "slices": slices, "report_units": n_report_units}
    return timings


def band_candidates(entries, m):
    """Candidate pairs (a < b) from band entries (unit, band, key): within each bucket, in unit
    order, each unit with the next `m` units (refrain's rule for oversized buckets). A bounded
    window frame over the bucket sorted by unit: no bucket is ever one list or one row, so a
    giant bucket streams through the sort and the window buffer, which spill to disk."""
    following = Window.partitionBy("band", "key").orderBy("unit").rowsBetween(1, m)
    return (entries.select("unit", F.collect_list("unit").over(following).alias("next"))
            .filter(F.size("next") > 0)
            .select(F.col("unit").alias("a"), F.explode("next").alias("b")).distinct())


def unique_ids(docs):
    """refrain's rule for repeated ids, over the whole corpus in read order (each partition's
    refrain sees only its own documents): the first keeps its id, each later one becomes
    `ID#n` with the smallest n >= 2 no document read before it has. Only documents whose id
    repeats or holds a '#' can take part, so only those come to the driver. Returns
    {document: new id} for the renamed ones."""
    repeated = docs.groupBy("id").count().filter(F.col("count") > 1).select("id", F.lit(True).alias("repeated"))
    involved = (docs.join(F.broadcast(repeated), "id", "left")
                .filter(F.col("repeated").isNotNull() | F.col("id").contains("#")).select("doc", "id").orderBy("doc"))
    seen, renamed = set(), {}
    for r in involved.toLocalIterator():
        if r.id not in seen:
            seen.add(r.id)
            continue
        n = 2
        while f"{r.id}#{n}" in seen:
            n += 1
        renamed[r.doc] = f"{r.id}#{n}"
        seen.add(renamed[r.doc])
    return renamed


def write_deduped(spark, plan, docs, out, report_path, fields):
    """The corpus without the documents the report removes, in each input's format."""
    with open(report_path) as f:
        report = json.load(f)
    if report["parameters"].get("level") != "document":
        raise SystemExit("refrain-spark: --write-deduped at paragraph level is not supported on Spark yet")
    removed = sorted({m["ordinal"] for c in report["clusters"] for m in c["members"] if m.get("removed")})
    removed_df = spark.createDataFrame([(o,) for o in removed], "doc long")
    keys = docs.join(F.broadcast(removed_df) if len(removed) < 1_000_000 else removed_df, "doc").select(
        "input", "file", "pos").persist()
    for inp in plan:
        target = out if len(plan) == 1 else f"{out.rstrip('/')}/{inp.index}-{os.path.basename(inp.path.rstrip('/'))}"
        gone = keys.filter(F.col("input") == inp.index).select("file", "pos")
        if inp.kind == "parquet":
            df = spark.read.parquet(inp.path) if inp.root else spark.read.parquet(*[u for _, u, *_ in inp.files])
            root = inp.root
            rel = F.col("_metadata.file_path")
            if root:
                rel = F.when(rel.startswith(root), F.expr(f"substring(_metadata.file_path, {len(root) + 1})")).otherwise(rel)
            columns = df.columns
            partition_columns = _partition_columns(inp)
            kept = (df.withColumn("__file", rel).withColumn("__row", F.col("_metadata.row_index"))
                    .join(gone.withColumnRenamed("file", "__file").withColumnRenamed("pos", "__row"), ["__file", "__row"], "left_anti")
                    .orderBy("__file", "__row").select(*columns))
            writer = kept.write.mode("errorifexists")
            if partition_columns:
                writer = writer.partitionBy(*partition_columns)
            writer.parquet(target)
        elif inp.kind == "jsonl":
            sc = spark.sparkContext
            parts = []
            for rel_name, uri, *_ in inp.files:
                name = inp.path if not inp.root else inp.path.rstrip("/") + "/" + rel_name
                parts.append(sc.newAPIHadoopFile(uri, I.TEXT_INPUT, "org.apache.hadoop.io.LongWritable",
                                                 "org.apache.hadoop.io.Text").map(lambda r, name=name: (name, r[0], r[1])))
            lines = spark.createDataFrame(sc.union(parts) if len(parts) > 1 else parts[0], "file string, pos long, line string")
            kept = lines.join(gone, ["file", "pos"], "left_anti").orderBy("file", "pos").select("line")
            gz = any(u.lower().endswith(".gz") for _, u, *_ in inp.files)
            kept.write.mode("errorifexists").text(target, compression="gzip" if gz else None)
        else:
            removed_files = {r.file for r in gone.collect()}
            if not target.startswith(("/", "file:")):
                raise SystemExit("refrain-spark: --write-deduped of a text tree writes to a local or mounted directory only")
            base = target[len("file:"):] if target.startswith("file:") else target
            kept = [rel for rel, *_ in inp.files if (rel if inp.root else inp.path) not in removed_files]
            _copy_text_files(spark, inp, kept, base)


def _partition_columns(inp):
    """Hive-style partition columns (dir/key=value/...) of a Parquet input, outermost first."""
    names = []
    for rel, *_ in inp.files:
        for part in rel.split("/")[:-1]:
            if "=" in part:
                k = part.split("=", 1)[0]
                if k not in names:
                    names.append(k)
    return names


def _copy_text_files(spark, inp, kept, base):
    if os.path.exists(base):
        raise SystemExit(f"refrain-spark: {base} exists; --write-deduped never writes over anything")
    root = inp.root
    uris = {rel: uri for rel, uri, *_ in inp.files}

    def write(part):
        import shutil
        import urllib.parse
        import urllib.request
        for rel in part:
            src = uris[rel]
            path = urllib.parse.urlparse(src).path if src.startswith("file:") else src
            dst = os.path.join(base, rel if root else os.path.basename(rel))
            os.makedirs(os.path.dirname(dst) or ".", exist_ok=True)
            tmp = f"{dst}.tmp-{TaskContext.get().taskAttemptId()}"
            shutil.copyfile(path, tmp)
            os.replace(tmp, dst)

    spark.sparkContext.parallelize(kept, max(1, min(len(kept), 64))).foreachPartition(write)
