#!/usr/bin/env python3
"""Spark local mode against the single process on the same corpus, in one run of this script:
wall and CPU time of each, the Spark driver's time per stage, peak memory of the JVM and of each
refrain process, the machine's load beside every figure, and whether the reports (and the
deduplicated corpora) are equal.

  python3 Scripts/bench-spark.py [--docs 100000] [--corpus PATH.jsonl] [--master 'local[2]']
                                 [--partitions N] [--conf KEY=VALUE ...] [--no-deduped]
                                 [-- REFRAIN DEDUPE OPTIONS]

The corpus defaults to /work/shared/bench's make_corpus.py at N documents (seed 1) under
Scripts/out/spark/docsN.jsonl, written once and reused. Its exact ground truth takes hours at
1M documents and is not used here, so the generator runs without it (same documents). Needs a
release build (.build/release/refrain, or REFRAIN=PATH) and pyspark in Spark/.venv (see the
README's "Scaling out"). Results: Scripts/out/spark/bench-N.json (every figure below).

Memory: the peak RSS of the single process (wait4); for Spark, the process tree sampled every
0.25 s: the JVM (driver and executor in local mode), the Python workers, and the largest
single refrain child; plus what each signature task's refrain reported (wait4) over its
documents. The machine is shared and has 2 cores: compare figures only within one run, and
read them beside the load (1-minute load average, sampled during each run).
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
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
TICK = os.sysconf("SC_CLK_TCK")


def snapshot():
    """{pid: (parent, comm, rss_kb)} of every process (from /proc)."""
    out = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                raw = f.read()
            comm = raw[raw.index("(") + 1:raw.rindex(")")]
            fields = raw.rsplit(")", 1)[1].split()
            out[int(pid)] = (int(fields[1]), comm, int(fields[21]) * PAGE_KB, (int(fields[11]) + int(fields[12])) / TICK)
        except (OSError, IndexError, ValueError):
            continue
    return out


def tree_memory(root, cpu):
    """RSS in KB of root's process tree by kind: java, python, refrain (sum and largest); the
    CPU seconds each process of the tree has used so far go into `cpu` (pid: seconds)."""
    procs = snapshot()
    children = {}
    for pid, (parent, _, _, _) in procs.items():
        children.setdefault(parent, []).append(pid)
    m = {"total": 0, "java": 0, "python": 0, "refrain": 0, "refrain_max": 0}
    todo = [root]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        if p not in procs:
            continue
        _, comm, rss, seconds = procs[p]
        cpu[p] = max(cpu.get(p, 0), seconds)
        m["total"] += rss
        kind = "java" if comm == "java" else "refrain" if comm == "refrain" else "python" if comm.startswith("python") else None
        if kind:
            m[kind] += rss
        if kind == "refrain":
            m["refrain_max"] = max(m["refrain_max"], rss)
    return m


def run(cmd, env=None, sample=False):
    """Runs cmd; returns wall s, CPU s of the whole tree, peak memory (KB), load samples, stderr.
    Sampled trees (Spark: the JVM outlives the wait) sum each process's CPU as last seen, so
    the few milliseconds a process spends after the last sample are missed."""
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = {}
    cpu = {}
    loads = [os.getloadavg()[0]]
    stop = threading.Event()

    def sampler():
        n = 0
        while not stop.wait(0.25):
            if sample:
                for k, v in tree_memory(proc.pid, cpu).items():
                    peak[k] = max(peak.get(k, 0), v)
            n += 1
            if n % 4 == 0:
                loads.append(os.getloadavg()[0])

    t = threading.Thread(target=sampler, daemon=True)
    t.start()
    err = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    stop.set()
    t.join()
    wall = time.monotonic() - t0
    loads.append(os.getloadavg()[0])
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"bench-spark: {' '.join(cmd[:3])} … failed ({code}):\n{err[-3000:]}")
    if not sample:
        peak = {"total": usage.ru_maxrss}
        seconds = usage.ru_utime + usage.ru_stime
    else:
        seconds = sum(cpu.values())
    load = {"mean": round(sum(loads) / len(loads), 1), "max": round(max(loads), 1)}
    return wall, seconds, peak, load, err


def make_corpus(n, out):
    """make_corpus.py's documents at n (seed 1) without its exact ground truth."""
    corpus = out / f"docs{n}.jsonl"
    if corpus.exists():
        return corpus
    source = out / "source.txt"
    if not source.exists():
        subprocess.run([sys.executable, str(BENCH / "source.py"), str(source)], check=True)
    code = (BENCH / "make_corpus.py").read_text()
    code = code[:code.rindex("main()")]  # the script calls main() last; call it here instead
    g = {"__name__": "make_corpus"}
    exec(compile(code, str(BENCH / "make_corpus.py"), "exec"), g)
    g["exact_pairs"] = lambda docs: ([], 0, 0)
    argv = sys.argv
    sys.argv = ["make_corpus.py", str(source), str(n), str(out / f"docs{n}"), "1"]
    try:
        g["main"]()
    finally:
        sys.argv = argv
    (out / f"docs{n}.truth.json").unlink(missing_ok=True)
    return corpus


STAGES = ["signatures", "bands", "containment", "verify", "components", "report", "write-deduped"]


def stage_of(name):
    for s in STAGES:
        if name.startswith(s):
            return s
    return name


def concatenated(directory):
    parts = sorted(p for p in Path(directory).iterdir() if p.name.startswith("part-"))
    return b"".join(p.read_bytes() for p in parts)


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
    ap.add_argument("--conf", action="append", default=[])
    ap.add_argument("--no-deduped", action="store_true", help="skip --write-deduped in both runs")
    args = ap.parse_args(argv)
    out = HERE / "out" / "spark"
    out.mkdir(parents=True, exist_ok=True)
    corpus = Path(args.corpus) if args.corpus else make_corpus(args.docs, out)
    size = corpus.stat().st_size
    with open(corpus, "rb") as f:
        lines = sum(1 for _ in f)
    tag = f"{lines}"
    print(f"corpus: {corpus} ({lines} lines, {size / 1e6:.1f} MB); master {args.master}; options {extra}; "
          f"uptime: {os.popen('uptime').read().strip()}")
    result = {"corpus": str(corpus), "documents": lines, "bytes": size, "master": args.master, "options": extra,
              "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}

    subprocess.run([REFRAIN, "dedupe", str(corpus), "--quiet", "-o", "/dev/null", *extra], check=True)  # warm the cache
    single_json, single_out = out / f"single-{tag}.json", out / f"single-{tag}-deduped.jsonl"
    for p in (single_json, single_out):
        p.unlink(missing_ok=True)
    cmd = [REFRAIN, "dedupe", str(corpus), "--quiet", "-o", str(single_json), *extra]
    if not args.no_deduped:
        cmd += ["--write-deduped", str(single_out)]
    wall1, cpu1, mem1, load1, err1 = run(cmd, env=dict(os.environ, REFRAIN_TIMINGS="1"))
    single_stages = [l.split()[1:3] for l in err1.splitlines() if l.startswith("timings:")]
    result["single"] = {"wall_s": round(wall1, 1), "cpu_s": round(cpu1, 1), "peak_rss_mb": round(mem1["total"] / 1024),
                        "load": load1, "stages": {k: float(v) for k, v in single_stages}}
    print(f"single process: {wall1:.1f} s wall, {cpu1:.1f} s CPU, peak RSS {mem1['total'] / 1024:.0f} MB "
          f"({mem1['total'] * 1024 / lines:.0f} B/document); load {load1['mean']} (max {load1['max']})")
    print("  stages: " + ", ".join(f"{k} {v} s" for k, v in single_stages))

    spark_json, timings_json, spark_out = out / f"spark-{tag}.json", out / f"spark-{tag}-timings.json", out / f"spark-{tag}-deduped"
    subprocess.run(["rm", "-rf", str(spark_out), str(spark_json)], check=True)
    env = dict(os.environ, REFRAIN_BIN=REFRAIN, SPARK_LOCAL_IP="127.0.0.1", PYTHONPATH=str(ROOT / "Spark"))
    cmd = [str(PY), "-m", "refrain_spark", "--master", args.master, str(corpus), "-o", str(spark_json),
           "--work", str(out / f"work-{tag}"), "--timings", str(timings_json)]
    for c in args.conf:
        cmd += ["--conf", c]
    if args.partitions:
        cmd += ["--partitions", str(args.partitions)]
    if not args.no_deduped:
        cmd += ["--write-deduped", str(spark_out)]
    wall2, cpu2, mem2, load2, err2 = run(cmd + (["--", *extra] if extra else []), env=env, sample=True)
    t = json.loads(timings_json.read_text())
    stages = {}
    for name, seconds in t["stages"]:
        stages[stage_of(name)] = stages.get(stage_of(name), 0) + seconds
    startup = wall2 - sum(stages.values())
    per_doc = t["signature_rss_kb_max"] * 1024 / max(1, t["signature_docs_per_partition_max"])
    result["spark"] = {
        "wall_s": round(wall2, 1), "cpu_s": round(cpu2, 1), "load": load2, "ratio_wall": round(wall2 / wall1, 2),
        "ratio_cpu": round(cpu2 / cpu1, 2), "startup_s": round(startup, 1),
        "stages_s": {k: round(v, 1) for k, v in stages.items()}, "stage_lines": t["stages"],
        "peak_mb": {k: round(v / 1024) for k, v in mem2.items()},
        "signature_task": {"refrain_peak_mb": round(t["signature_rss_kb_max"] / 1024),
                           "documents": t["signature_docs_per_partition_max"], "bytes_per_document": round(per_doc)},
        "partitions": t["partitions"], "slices": t["slices"], "candidates": t["candidates"], "verified": t["verified"],
        "report_units": t.get("report_units"), "units": t["units"]}
    print(f"spark {args.master}: {wall2:.1f} s wall ({wall2 / wall1:.1f}x the single process), {cpu2:.1f} s CPU "
          f"({cpu2 / cpu1:.1f}x); load {load2['mean']} (max {load2['max']})")
    print(f"  JVM start and Spark overhead outside the stages: {startup:.1f} s")
    for name, seconds in t["stages"]:
        print(f"  {seconds:8.1f} s  {name}")
    print(f"  peak RSS: JVM {mem2['java'] / 1024:.0f} MB, Python {mem2['python'] / 1024:.0f} MB, refrain children "
          f"{mem2['refrain'] / 1024:.0f} MB (largest one {mem2['refrain_max'] / 1024:.0f} MB), whole tree {mem2['total'] / 1024:.0f} MB")
    print(f"  signature task: refrain peak {t['signature_rss_kb_max'] / 1024:.0f} MB for up to "
          f"{t['signature_docs_per_partition_max']} documents ({per_doc:.0f} B/document); "
          f"{t['partitions']} partitions, {t['slices']} verification slices, {t.get('report_units')} of {t['units']} units to the report")
    a, b = single_json.read_bytes(), spark_json.read_bytes()
    same = a == b
    result["report_identical"] = same
    if same:
        print(f"reports: byte-identical ({len(a)} bytes)")
    else:
        ra, rb = json.loads(a), json.loads(b)
        print(f"reports: DIFFER (clusters {'identical' if ra['clusters'] == rb['clusters'] else 'differ'}; "
              f"counts {ra['counts']} vs {rb['counts']})")
    if not args.no_deduped:
        d1, d2 = single_out.read_bytes(), concatenated(spark_out)
        result["deduped_identical"] = d1 == d2
        print(f"deduplicated corpora: {'byte-identical' if d1 == d2 else 'DIFFER'} ({len(d1)} bytes single, {len(d2)} Spark)")
    path = out / f"bench-{tag}.json"
    path.write_text(json.dumps(result, indent=1) + "\n")
    print(f"wrote {path}")
    if not same or result.get("deduped_identical") is False:
        sys.exit(1)


if __name__ == "__main__":
    main()
