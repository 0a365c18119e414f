#!/usr/bin/env python3
"""Benchmark `refrain index`, `refrain find` and `refrain quotes` on a generated corpus, with
rapidfuzz's partial_ratio scan as the peer.

What it does (deterministic: fixed seed, sorted inputs):
1. Generates N documents (default 100,000) of 2-5 real English paragraphs each, drawn from the
   text that Scripts/fetch-text.sh extracts (Scripts/out/text/en/*.txt), as JSON Lines with an
   outlet and a date. Then picks Q sentences (default 1,000) as quotes and plants 3 variants of
   each in random documents, each variant edited the way outlets edit quotes (words dropped or
   added, one word changed, case, punctuation and quote style changed), attributed to a speaker.
2. `refrain index` builds an index (timed: documents/s and MB/s).
3. `refrain find --queries` runs every original quote against the index in one process and
   reports per-query latency (median, p99) as measured inside the process, plus recall: the
   share of planted variants found (a match in the planted document overlapping the variant).
4. `refrain quotes` over the index (timed: documents/s).
5. rapidfuzz `partial_ratio` scans every document for a sample of the quotes (the peer: best
   fuzzy substring score per document) at the rapidfuzz cutoff whose recall matches refrain's,
   and the speed ratio per quote is reported.

Usage:
  Scripts/fetch-text.sh                       # once: the English text pool
  Scripts/bench-quotes.py                     # 100k documents, 1,000 quotes
  Scripts/bench-quotes.py --documents 10000 --quotes 200 --peer-sample 10   # quicker
  Scripts/bench-quotes.py --threads 1 --refrain .build-x/release/refrain     # one core, a given binary

Generated data goes to Scripts/out/bench-quotes/ (git-ignored). Needs Scripts/.venv with the
pins of Scripts/requirements.txt (created here when missing).
"""
import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "Scripts"
OUT = SCRIPTS / "out" / "bench-quotes"
VENV = SCRIPTS / ".venv"

OUTLETS = [f"outlet-{k:02d}" for k in range(40)]
SPEAKERS = [
    "Dmitry Peskov", "Kim Yong-hyun", "Lim Eul-chul", "Matthew Miller", "Charlie Dietz", "Andriy Kovalenko",
    "Mark Rutte", "Kurt Campbell", "Kamala Harris", "Volodymyr Zelensky", "Anna Kowalska", "Jean Martin",
]
FILLERS = ["really", "also", "indeed", "now", "clearly", "certainly", "still", "simply"]


def ensure_venv():
    py = VENV / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    try:
        subprocess.run([str(py), "-c", "import rapidfuzz"], check=True, capture_output=True)
    except subprocess.CalledProcessError:
        subprocess.run([str(py), "-m", "pip", "install", "-q", "-r", str(SCRIPTS / "requirements.txt")], check=True)
    return py


def paragraphs():
    src = SCRIPTS / "out" / "text" / "en"
    files = sorted(src.glob("*.txt"))
    if not files:
        sys.exit(f"no text in {src}: run Scripts/fetch-text.sh first")
    pool = []
    for f in files:
        for p in f.read_text(encoding="utf-8", errors="replace").split("\n\n"):
            p = " ".join(p.split())
            if 200 <= len(p) <= 1500 and '"' not in p and "“" not in p:
                pool.append(p)
    return pool


def sentences_of(pool, rng, count):
    seen, out = set(), []
    candidates = list(range(len(pool)))
    rng.shuffle(candidates)
    for k in candidates:
        for s in re.split(r"(?<=[.!?])\s+", pool[k]):
            words = s.split()
            if 10 <= len(words) <= 25 and s[0].isupper() and s.endswith(".") and s not in seen:
                seen.add(s)
                out.append(s.rstrip("."))
                break
        if len(out) == count:
            break
    return out


def variant(quote, rng):
    words = quote.split()
    for _ in range(rng.randint(0, 2)):                   # drop words
        if len(words) > 8:
            del words[rng.randrange(1, len(words) - 1)]
    for _ in range(rng.randint(0, 2)):                   # add words
        words.insert(rng.randrange(1, len(words)), rng.choice(FILLERS))
    if rng.random() < 0.5:                               # change one word
        k = rng.randrange(len(words))
        words[k] = rng.choice(FILLERS)
    text = " ".join(words)
    if rng.random() < 0.3:
        text = text.lower()
    if rng.random() < 0.5:                               # keep only a fragment
        cut = rng.randint(len(words) // 3, len(words) // 2)
        text = " ".join(text.split()[cut:]) if rng.random() < 0.5 else " ".join(text.split()[: len(words) - cut])
    return text


def generate(args):
    rng = random.Random(7)
    pool = paragraphs()
    docs = []
    for k in range(args.documents):
        n = rng.randint(2, 5)
        text = "\n\n".join(rng.choice(pool) for _ in range(n))
        docs.append({"id": f"doc-{k:06d}", "source": rng.choice(OUTLETS),
                     "date": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "text": text})
    quotes = sentences_of(pool, rng, args.quotes)
    planted = []   # (query index, doc index, variant text)
    for qi, q in enumerate(quotes):
        for _ in range(3):
            d = rng.randrange(len(docs))
            v = variant(q, rng)
            speaker = rng.choice(SPEAKERS)
            style = rng.randrange(3)
            if style == 0:
                para = f"“{v},” {speaker} said."
            elif style == 1:
                para = f"{speaker} told reporters that \"{v}.\""
            else:
                para = f"«{v}», said {speaker}."
            docs[d]["text"] += "\n\n" + para
            planted.append((qi, d, v))
    OUT.mkdir(parents=True, exist_ok=True)
    corpus = OUT / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    (OUT / "queries.txt").write_text("\n".join(quotes) + "\n", encoding="utf-8")
    return docs, quotes, planted, corpus


def build_refrain(args):
    if args.refrain:
        return args.refrain
    subprocess.run(["swift", "build", "-c", "release", "--product", "refrain", "--scratch-path", str(ROOT / ".build-bench")],
                   cwd=ROOT, check=True)
    return str(ROOT / ".build-bench" / "release" / "refrain")


def timed(cmd, **kw):
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if p.returncode not in (0, 3):
        sys.exit(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stderr}")
    return time.perf_counter() - t, p


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--documents", type=int, default=100_000)
    ap.add_argument("--quotes", type=int, default=1_000)
    ap.add_argument("--peer-sample", type=int, default=5, help="quotes scanned with rapidfuzz (each scans every document)")
    ap.add_argument("--min-score", type=float, default=0.3)
    ap.add_argument("--refrain", help="path of a release refrain binary (default: build one)")
    ap.add_argument("--skip-quotes", action="store_true", help="skip the `refrain quotes` run")
    ap.add_argument("--threads", type=int, help="--threads for refrain index, find and quotes (default: every core)")
    args = ap.parse_args()

    py = ensure_venv()
    refrain = build_refrain(args)
    t = time.perf_counter()
    docs, quotes, planted, corpus = generate(args)
    size = corpus.stat().st_size
    print(f"generated {len(docs)} documents ({size / 1e6:.1f} MB), {len(quotes)} quotes, {len(planted)} planted variants "
          f"in {time.perf_counter() - t:.1f} s", flush=True)

    threads = ["--threads", str(args.threads)] if args.threads else []
    load_before = os.getloadavg()
    index = OUT / "index"
    subprocess.run(["rm", "-rf", str(index)], check=True)
    build_s, _ = timed([refrain, "index", str(corpus), "--out", str(index), "--quiet"] + threads)
    index_mb = sum(f.stat().st_size for f in index.iterdir()) / 1e6

    matches_path = OUT / "matches.jsonl"
    find_s, p = timed([refrain, "find", "--queries", str(OUT / "queries.txt"), str(index), "--limit", "50",
                       "--min-score", str(args.min_score), "--output", str(matches_path)] + threads)
    latency = re.search(r"median ([\d.]+), p90 ([\d.]+), p99 ([\d.]+), max ([\d.]+)", p.stderr)
    # JSON Lines messages: each query's report opens with a header line, then one line per match.
    reports = []
    for line in matches_path.read_text(encoding="utf-8").splitlines():
        message = json.loads(line)
        if message["type"] == "header":
            reports.append({"matches": []})
        elif message["type"] == "match":
            reports[-1]["matches"].append(message)
    found = 0
    for qi, d, v in planted:
        doc_id = f"doc-{d:06d}"
        text = docs[d]["text"].encode("utf-8")
        start = text.rfind(v.encode("utf-8"))
        end = start + len(v.encode("utf-8"))
        if any(m["doc"] == doc_id and m["start"] < end and m["end"] > start for m in reports[qi]["matches"]):
            found += 1
    recall = found / len(planted)

    # End to end, one process per quote (start-up and index opening included), on a sample.
    sample = quotes[:50]
    e2e = []
    for q in sample:
        s, _ = timed([refrain, "find", q, str(index), "--quiet", "--limit", "20"] + threads)
        e2e.append(s * 1000)

    quotes_s = None
    if not args.skip_quotes:
        quotes_s, qp = timed([refrain, "quotes", str(index), "--quiet", "--output", str(OUT / "quotes.json")] + threads)

    # The peer: rapidfuzz partial_ratio over every document, for a sample of quotes.
    peer = subprocess.run([str(py), "-c", PEER, str(corpus), str(OUT / "queries.txt"), str(args.peer_sample),
                           json.dumps([(qi, d) for qi, d, _ in planted if qi < args.peer_sample])],
                          capture_output=True, text=True, check=True)
    peer_result = json.loads(peer.stdout)
    refrain_sample_found = sum(
        1 for qi, d, v in planted if qi < args.peer_sample and any(
            m["doc"] == f"doc-{d:06d}" for m in reports[qi]["matches"]))
    refrain_sample_recall = refrain_sample_found / max(1, sum(1 for qi, _, _ in planted if qi < args.peer_sample))

    eligible = [c for c, r in peer_result["recall_by_cutoff"] if r >= refrain_sample_recall]
    peer_result["equal_recall"] = max(eligible) if eligible else None
    median = float(latency.group(1)) if latency else float("nan")
    p99 = float(latency.group(3)) if latency else float("nan")
    print()
    print(f"| measure | value |")
    print(f"| --- | --- |")
    print(f"| machine | {os.cpu_count()} cores, refrain threads: {args.threads or 'all'}; load average before "
          f"{load_before[0]:.2f}, after {os.getloadavg()[0]:.2f} (others may be compiling) |")
    print(f"| documents | {len(docs):,} ({size / 1e6:.1f} MB JSONL) |")
    print(f"| index build | {build_s:.1f} s: {len(docs) / build_s:,.0f} docs/s, {size / 1e6 / build_s:.1f} MB/s; "
          f"index {index_mb:.0f} MB on disk |")
    print(f"| find latency in process ({len(quotes)} quotes) | median {median:.2f} ms, p99 {p99:.2f} ms (target p99 < 50 ms) |")
    print(f"| find end to end, one process per quote ({len(sample)} quotes) | median {statistics.median(e2e):.1f} ms, "
          f"p99 {sorted(e2e)[int(0.99 * (len(e2e) - 1))]:.1f} ms |")
    print(f"| find recall of planted variants (min score {args.min_score}) | {recall:.3f} ({found}/{len(planted)}) |")
    if quotes_s is not None:
        print(f"| quotes over the index | {quotes_s:.1f} s: {len(docs) / quotes_s:,.0f} docs/s |")
    peer_per_query = peer_result["seconds"] / max(1, peer_result["queries"])
    eq = peer_result["equal_recall"]
    print(f"| rapidfuzz partial_ratio scan ({peer_result['queries']} quotes, every document) | {peer_per_query * 1000:,.0f} ms per quote |")
    print(f"| recall on that sample | refrain {refrain_sample_recall:.3f}; rapidfuzz by cutoff: "
          + ", ".join(f"{c}: {r:.3f}" for c, r in peer_result["recall_by_cutoff"]) + " |")
    if eq is not None:
        print(f"| rapidfuzz cutoff with recall >= refrain's | {eq} |")
    print(f"| speed ratio (rapidfuzz scan / refrain median) | {peer_per_query * 1000 / median:,.0f}x |")


PEER = r'''
import json, sys, time
from rapidfuzz import fuzz, process
corpus, queries_path, n, planted = sys.argv[1], sys.argv[2], int(sys.argv[3]), json.loads(sys.argv[4])
texts = [json.loads(l)["text"] for l in open(corpus, encoding="utf-8")]
queries = open(queries_path, encoding="utf-8").read().splitlines()[:n]
t = time.perf_counter()
scores = []
for q in queries:
    # best fuzzy substring score of the quote in every document (case-folded), both cores
    scores.append(process.cdist([q.lower()], texts, scorer=fuzz.partial_ratio, processor=str.lower, workers=-1)[0])
seconds = time.perf_counter() - t
recall = []
for cutoff in (95, 90, 85, 80, 75, 70, 65, 60, 55, 50):
    hit = sum(1 for qi, d in planted if scores[qi][d] >= cutoff)
    recall.append((cutoff, hit / max(1, len(planted))))
print(json.dumps({"seconds": seconds, "queries": len(queries), "recall_by_cutoff": recall, "equal_recall": None}))
'''

if __name__ == "__main__":
    main()
