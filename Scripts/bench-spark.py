#!/usr/bin/env python3
"""Spark local mode against the single process on the same corpus: wall time of each, the
Spark driver's time per stage, memory per document, and whether the reports are equal.

  python3 Scripts/bench-spark.py [--docs 100000] [--corpus PATH.jsonl] [--master 'local[2]']
                                 [--partitions N] [-- REFRAIN DEDUPE OPTIONS]

The corpus defaults to /work/shared/bench's make_corpus.py at N documents (seed 1, under
Scripts/out/spark/; its ground truth is not used here), or give --corpus (e.g. a --no-truth
corpus of Scripts/make-dedupe-corpus.py for 1M). Needs a release build
(.build/release/refrain) and pyspark in Spark/.venv (see the README's "Scaling out").

Memory: peak RSS of the single process; for Spark, the peak of the summed RSS of the driver's
whole process tree (JVM, Python workers, refrain children), sampled every 0.2 s, and the
largest signature task's refrain peak RSS divided by its documents. The machine is shared and
has 2 cores: figures are noisy; compare only within one run of this script.
"""

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
REFRAIN = os.environ.get("REFRAIN", str(ROOT / ".build" / "release" / "refrain"))
PY = ROOT / "Spark" / ".venv" / "bin" / "python"
BENCH = Path(os.environ.get("REFRAIN_BENCH", ROOT.parent / "shared" / "bench"))


def tree_rss_kb(root):
    """Summed RSS of `root` and all its descendants (from /proc)."""
    children = {}
    rss = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(pid))
            rss[int(pid)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, []))
    return total


def timed(cmd, env=None, sample=False):
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    stop = threading.Event()

    def sampler():
        while not stop.wait(0.2):
            peak[0] = max(peak[0], tree_rss_kb(proc.pid))

    t = threading.Thread(target=sampler, daemon=True)
    if sample:
        t.start()
    err = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    stop.set()
    wall = time.monotonic() - t0
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"bench-spark: {' '.join(cmd[:3])} … failed ({code}):\n{err[-3000:]}")
    return wall, (peak[0] if sample else usage.ru_maxrss), err


def main():
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--corpus")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--partitions", type=int, default=0)
    args = ap.parse_args(argv)
    out = HERE / "out" / "spark"
    out.mkdir(parents=True, exist_ok=True)
    if args.corpus:
        corpus = Path(args.corpus)
    else:
        corpus = out / f"docs{args.docs}.jsonl"
        if not corpus.exists():
            source = out / "source.txt"
            if not source.exists():
                subprocess.run([sys.executable, str(BENCH / "source.py"), str(source)], check=True)
            subprocess.run([sys.executable, str(BENCH / "make_corpus.py"), str(source), str(args.docs),
                            str(out / f"docs{args.docs}"), "1"], check=True)
    size = corpus.stat().st_size
    lines = sum(1 for _ in open(corpus, "rb"))
    print(f"corpus: {corpus} ({lines} lines, {size / 1e6:.1f} MB); master {args.master}; options {extra}")

    subprocess.run([REFRAIN, "dedupe", str(corpus), "--quiet", "-o", "/dev/null", *extra], check=True)  # warm the cache
    single_json = out / "single.json"
    wall1, rss1, _ = timed([REFRAIN, "dedupe", str(corpus), "--quiet", "-o", str(single_json), *extra])
    print(f"single process: {wall1:.1f} s, peak RSS {rss1 / 1024:.0f} MB ({rss1 * 1024 / lines:.0f} B/document)")

    spark_json, timings_json = out / "spark.json", out / "spark-timings.json"
    env = dict(os.environ, REFRAIN_BIN=REFRAIN, SPARK_LOCAL_IP="127.0.0.1")
    cmd = [str(PY), "-m", "refrain_spark", "--master", args.master, str(corpus), "-o", str(spark_json),
           "--work", str(out / "work"), "--timings", str(timings_json)]
    if args.partitions:
        cmd += ["--partitions", str(args.partitions)]
    env["PYTHONPATH"] = str(ROOT / "Spark")
    wall2, rss2, err = timed(cmd + (["--", *extra] if extra else []), env=env, sample=True)
    t = json.loads(timings_json.read_text())
    print(f"spark {args.master}: {wall2:.1f} s ({wall2 / wall1:.1f}x the single process), "
          f"peak RSS of the process tree {rss2 / 1024:.0f} MB ({rss2 * 1024 / lines:.0f} B/document)")
    for name, seconds in t["stages"]:
        print(f"  {seconds:8.1f} s  {name}")
    per_doc = t["signature_rss_kb_max"] * 1024 / max(1, t["signature_docs_per_partition_max"])
    print(f"  signature task: refrain peak {t['signature_rss_kb_max'] / 1024:.0f} MB for up to "
          f"{t['signature_docs_per_partition_max']} documents ({per_doc:.0f} B/document); "
          f"{t['partitions']} partitions, {t['slices']} verification slices")
    a, b = single_json.read_bytes(), spark_json.read_bytes()
    if a == b:
        print(f"reports: byte-identical ({len(a)} bytes)")
    else:
        ra, rb = json.loads(a), json.loads(b)
        same = ra["clusters"] == rb["clusters"]
        print(f"reports: DIFFER (clusters {'identical' if same else 'differ'}; counts {ra['counts']} vs {rb['counts']})")
        sys.exit(1)


if __name__ == "__main__":
    main()
