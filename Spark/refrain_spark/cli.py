"""Command line of the Spark driver."""

import argparse
import io
import json
import os
import sys
import zipfile

from . import inputs as I

USAGE = ("refrain-spark INPUT... -o REPORT.json --work WORKDIR [--write-deduped OUT] [--master URL] "
         "[-- REFRAIN DEDUPE OPTIONS]")

# Options of `refrain dedupe` the driver owns or that do not go with the stage streams.
REFUSED = {"-o", "--output", "--write-deduped", "--work-dir", "--stop-after", "--shard", "--part", "--candidates",
           "--pairs", "--stream", "--verify-stream", "--report-stream", "--threads", "--format"}

# Options that do not run on Spark, with why: a usage error (exit status 2) before Spark starts.
NOT_ON_SPARK = {
    "--boilerplate": "--boilerplate counts lines across the whole corpus before any signature is made; "
                     "it does not run on Spark (run `refrain dedupe --boilerplate` on one machine)",
    "--verify estimate": "--verify estimate compares MinHash signatures, which the stages do not exchange; "
                         "Spark runs verify exactly (the default, --verify exact)",
    "--write-deduped --level paragraph": "--write-deduped at paragraph level (cutting paragraphs out of documents) "
                                         "does not run on Spark yet; the report does (leave out --write-deduped), "
                                         "or run `refrain dedupe --write-deduped` on one machine",
}


def parse(argv):
    if "--" in argv:
        i = argv.index("--")
        ours, refrain_args = argv[:i], argv[i + 1:]
    else:
        ours, refrain_args = argv, []
    p = argparse.ArgumentParser(prog="refrain-spark", usage=USAGE, description=(
        "Near-duplicate detection with refrain's stages on Spark: the report a single `refrain dedupe` "
        "run over the same inputs gives, and optionally the corpus without the duplicates."))
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="Parquet, JSON Lines (.jsonl/.ndjson, .gz) or text trees on any Hadoop filesystem path")
    p.add_argument("-o", "--output", required=True, help="the refrain.dedupe/1 report (a local path on the driver)")
    p.add_argument("--work", required=True, help="work directory for the stages' Parquet (any Hadoop filesystem path)")
    p.add_argument("--write-deduped", metavar="OUT", help="write the corpus without the removed documents, in its format")
    p.add_argument("--master", help="Spark master when run with python -m (spark-submit sets its own)")
    p.add_argument("--refrain", help="the refrain binary (else REFRAIN_BIN, --archives, next to the package, PATH)")
    p.add_argument("--partitions", type=int, default=0, help="signature partitions (default: 2 per core)")
    p.add_argument("--slice-pairs", type=int, default=50_000,
                   help="candidate pairs per verification slice (a slice's sets are in one refrain process)")
    p.add_argument("--cc-threshold", type=int, default=1_000_000,
                   help="edges from which components are found in Spark rather than by refrain's union-find")
    p.add_argument("--refrain-threads", type=int, default=1, help="threads of each refrain process (one per task core)")
    p.add_argument("--timings", help="write per-stage wall times as JSON to this local path")
    p.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE",
                   help="a Spark setting when run with python -m (spark-submit takes its own --conf)")
    args = p.parse_args(ours)
    for c in args.conf:
        if "=" not in c:
            p.error(f"--conf {c}: expected KEY=VALUE")
    for i, a in enumerate(refrain_args):
        name, _, value = a.partition("=")
        if name in REFUSED:
            p.error(f"{name} is set by the driver or does not go with a Spark run")
        if name == "--boilerplate-min-docs" or name == "--boilerplate-min-repeats" or name == "--boilerplate-content-words":
            continue
        if name == "--boilerplate":
            p.error(NOT_ON_SPARK["--boilerplate"])
        if name == "--level" and args.write_deduped:
            value = value or (refrain_args[i + 1] if i + 1 < len(refrain_args) else "")
            if value == "paragraph":
                p.error(NOT_ON_SPARK["--write-deduped --level paragraph"])
        if name == "--verify":
            value = value or (refrain_args[i + 1] if i + 1 < len(refrain_args) else "")
            if value == "estimate":
                p.error(NOT_ON_SPARK["--verify estimate"])
    return args, refrain_args


def fields_from(refrain_args):
    f = I.Fields()
    names = {"--text-field": "text", "--id-field": "id", "--source-field": "source", "--date-field": "date"}
    i = 0
    while i < len(refrain_args):
        a = refrain_args[i]
        key, _, value = a.partition("=")
        if key in names:
            if not value:
                i += 1
                value = refrain_args[i] if i < len(refrain_args) else ""
            setattr(f, names[key], value)
        elif a == "--skip-bad-lines":
            f.skip_bad_lines = True
        i += 1
    return f


def _package_zip():
    """This package as a zip for the executors (sc.addPyFile)."""
    here = os.path.dirname(os.path.abspath(__file__))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in sorted(os.listdir(here)):
            if name.endswith(".py"):
                z.write(os.path.join(here, name), f"refrain_spark/{name}")
    return buf.getvalue()


def session(master, conf=()):
    from pyspark.sql import SparkSession
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    b = SparkSession.builder.appName("refrain-spark")
    if master:
        if os.environ.get("REFRAIN_SPARK_FAIL_ONCE") and master.startswith("local[") and "," not in master:
            # local[N] allows no task retry; local[N,F] allows F attempts.
            master = master[:-1] + ",2]"
            print(f"refrain-spark: fault injection on: master {master}", file=sys.stderr)
        b = b.master(master)
        b = b.config("spark.sql.shuffle.partitions", "8").config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
    for c in conf:
        key, _, value = c.partition("=")
        b = b.config(key, value)
    spark = b.getOrCreate()
    spark.sparkContext.setLogLevel(os.environ.get("REFRAIN_SPARK_LOG", "ERROR"))
    return spark


_shipped = set()


def run_in(spark, argv):
    """Runs the driver with `argv` in an existing session; returns the timings."""
    args, refrain_args = parse(argv)
    fields = fields_from(refrain_args)
    sc = spark.sparkContext
    if sc.applicationId not in _shipped:
        import tempfile
        folder = tempfile.mkdtemp(prefix="refrain_spark-")
        path = os.path.join(folder, "refrain_spark.zip")
        with open(path, "wb") as z:
            z.write(_package_zip())
        sc.addPyFile(path)
        _shipped.add(sc.applicationId)
    from .pipeline import run
    timings = run(spark, args, refrain_args, fields)
    if args.timings:
        with open(args.timings, "w") as f:
            json.dump(timings, f, indent=1)
    return timings


def failure_message(error):
    """What went wrong, in one line, for an error a run ends with (a Spark job failure carries
    the executor's Python traceback; the message of our own error in it is what counts)."""
    from .native import RefrainFailed
    text = str(error)
    for mark in (I.MalformedInput.MARK, "RefrainFailed: "):
        at = text.find(mark)
        if at >= 0:
            line = text[at + len(mark):].splitlines()[0]
            return line
    if isinstance(error, RefrainFailed):
        return text.splitlines()[0] if text else "refrain failed"
    return None


def main(argv):
    """Exit status: 0 success; 1 a runtime error (malformed input naming file and line, a refrain
    process that failed, an unreadable path); 2 a usage error (argparse)."""
    args, _ = parse(argv)
    spark = session(args.master, args.conf)
    try:
        run_in(spark, argv)
    except Exception as e:
        message = failure_message(e)
        if message is None:
            raise
        print(f"refrain-spark: error: {message}", file=sys.stderr)
        return 1
    finally:
        spark.stop()
    return 0


def main_entry():
    sys.exit(main(sys.argv[1:]))
