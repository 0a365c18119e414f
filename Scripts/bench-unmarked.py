#!/usr/bin/env python3
"""Benchmark the unmarked-reprint search of `refrain quotes` and the clustering around it, on
real news at a realistic size.

The corpus (deterministic: fixed seed, sorted inputs):
- every article of the labelled dev set's development stories (Corpora/news-dev, `a-` and `b-`
  slugs only; the held-out set is never read), with their real quotes and attributions;
- N background articles (default 20,000), each 3-6 paragraphs drawn from those articles with
  every quotation mark removed, as outlets print a statement without marks: real reprints
  without marks of real statements, among real news prose, and nothing quoted in them.

Then `refrain index` builds an index, and `refrain quotes` runs over it with and without the
unmarked search (`--no-unmarked`), alternately, R times each (default 3; the machine is shared,
so the median is reported with the load average). Reported:
- clustering throughput without the search (documents/s) and with it;
- the search's cost: (median with - median without) / statements searched, per statement, and
  statements/s, and the same in CPU seconds (user + system, steadier than wall time on a shared
  machine); statements searched = clusters with a speaker whose canonical wording has at
  least 6 content words, counted from the report as clusters with a speaker and 6+ words
  (an upper bound of the clusterer's own count);
- unmarked variants found, and how many lie in background articles (each background paragraph
  that held a statement is a planted reprint).

Usage:
  swift build -c release
  Scripts/bench-unmarked.py                                # 20,000 background articles
  Scripts/bench-unmarked.py --background 2000 --runs 1     # quicker
  Scripts/bench-unmarked.py --threads 1 --refrain /tmp/refrain

Generated data goes to Scripts/out/bench-unmarked/ (git-ignored). Exit 0, or 1 when a run fails.
"""
import argparse
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Scripts" / "out" / "bench-unmarked"
MARKS = re.compile("[\"\u201c\u201d\u201e\u00ab\u00bb]")


def load_devset(devset):
    docs = []
    for story in sorted((devset / "stories").glob("*.jsonl")):
        if not (story.name.startswith("a-") or story.name.startswith("b-")):
            continue
        for line in story.read_text(encoding="utf-8").splitlines():
            if line.strip():
                docs.append(json.loads(line))
    return docs


def generate(args):
    rng = random.Random(13)
    originals = load_devset(Path(args.devset))
    if not originals:
        sys.exit(f"no development stories in {args.devset}")
    pool = []
    for d in originals:
        for p in re.split(r"\n\s*\n|\n", d["text"]):
            p = " ".join(p.split())
            if len(p) >= 80:
                pool.append((p, bool(MARKS.search(p))))
    docs = [{"id": d["id"], "text": d["text"], "source": d.get("source"), "date": d.get("date")} for d in originals]
    reprints = 0
    for k in range(args.background):
        paras = []
        for _ in range(rng.randint(3, 6)):
            p, quoted = rng.choice(pool)
            reprints += quoted
            paras.append(MARKS.sub("", p))
        docs.append({"id": f"bg-{k:06d}", "source": f"outlet-{rng.randrange(200):03d}",
                     "date": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "text": "\n\n".join(paras)})
    OUT.mkdir(parents=True, exist_ok=True)
    corpus = OUT / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    return docs, len(originals), reprints, corpus


def timed(cmd, cpu=None):
    """Wall seconds of `cmd`; its CPU seconds (user + system) are appended to `cpu`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode not in (0, 3):
        print(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stderr}", file=sys.stderr)
        sys.exit(1)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if cpu is not None:
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--devset", default=str(ROOT / "Corpora" / "news-dev"))
    ap.add_argument("--background", type=int, default=20_000, help="background articles")
    ap.add_argument("--runs", type=int, default=3, help="runs of each configuration")
    ap.add_argument("--refrain", default=str(ROOT / ".build" / "release" / "refrain"))
    ap.add_argument("--threads", type=int, help="--threads for refrain (default: every core)")
    args = ap.parse_args()
    if not Path(args.refrain).exists():
        print(f"no binary at {args.refrain}: run `swift build -c release` first", file=sys.stderr)
        return 1
    docs, originals, reprints, corpus = generate(args)
    size = corpus.stat().st_size
    threads = ["--threads", str(args.threads)] if args.threads else []
    load_before = os.getloadavg()[0]
    index = OUT / "index"
    subprocess.run(["rm", "-rf", str(index)], check=True)
    build_s = timed([args.refrain, "index", str(corpus), "--out", str(index), "--quiet"] + threads)

    with_out, without_out = OUT / "quotes.json", OUT / "quotes-no-unmarked.json"
    with_s, without_s, with_cpu, without_cpu = [], [], [], []
    for _ in range(max(1, args.runs)):
        without_s.append(timed([args.refrain, "quotes", str(index), "--quiet", "--format", "json", "--no-unmarked",
                                "-o", str(without_out)] + threads, without_cpu))
        with_s.append(timed([args.refrain, "quotes", str(index), "--quiet", "--format", "json", "-o", str(with_out)] + threads,
                            with_cpu))
    report = json.loads(with_out.read_text(encoding="utf-8"))
    clusters = report.get("clusters", [])

    def words(v):
        return len(re.findall(r"\w+", v.get("statement", "")))

    searched = sum(1 for c in clusters if c.get("speaker") and c.get("variants")
                   and words(c["variants"][c.get("canonical_variant") or 0]) >= 6)
    unmarked = [v for c in clusters for v in c.get("variants", []) if v.get("kind") == "unmarked"]
    in_background = sum(1 for v in unmarked if v["doc"].startswith("bg-"))
    med_with, med_without = statistics.median(with_s), statistics.median(without_s)
    extra = max(0.0, med_with - med_without)
    per_statement = extra / max(1, searched)
    cpu_extra = max(0.0, statistics.median(with_cpu) - statistics.median(without_cpu))
    print(f"| measure | value |")
    print(f"| --- | --- |")
    print(f"| machine | {os.cpu_count()} cores, refrain threads: {args.threads or 'all'}; load average before "
          f"{load_before:.2f}, after {os.getloadavg()[0]:.2f} (shared: others may be compiling) |")
    print(f"| corpus | {len(docs):,} articles ({originals} dev-set articles + {args.background:,} background), "
          f"{size / 1e6:.1f} MB JSONL; {reprints:,} background paragraphs held a statement |")
    print(f"| index build | {build_s:.1f} s: {len(docs) / build_s:,.0f} docs/s |")
    print(f"| quotes --no-unmarked (clustering only) | median {med_without:.2f} s of {len(without_s)}: "
          f"{len(docs) / med_without:,.0f} docs/s |")
    print(f"| quotes (clustering + unmarked search) | median {med_with:.2f} s of {len(with_s)}: "
          f"{len(docs) / med_with:,.0f} docs/s; search = {100 * extra / med_with:.0f}% of the run |")
    print(f"| unmarked search per statement | wall {1000 * per_statement:.2f} ms over {searched:,} statements "
          f"({searched / extra if extra > 0 else float('inf'):,.0f} statements/s); CPU {1000 * cpu_extra / max(1, searched):.2f} ms "
          f"per statement (CPU of the runs: {statistics.median(without_cpu):.2f} s without, {statistics.median(with_cpu):.2f} s with) |")
    print(f"| unmarked variants found | {len(unmarked):,} ({in_background:,} in background articles) in {len(clusters):,} clusters |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
