"""Plumbing shared by the peer runners: corpus reading, stage timing, verification, output.

A runner prints exactly one JSON line on stdout (its timing line) and writes its pairs as JSONL
({"a": id, "b": id, "similarity": float}, a < b, sorted) to --output.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

import shingles as sh

BATCH = 4096  # documents tokenized and sketched at a time (keeps token lists out of peak memory)


def common_args(description: str) -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("corpus", type=Path, help="corpus.jsonl ({\"id\", \"text\"} per line)")
    ap.add_argument("--output", "-o", type=Path, required=True, help="pairs JSONL to write")
    ap.add_argument("--threshold", type=float, default=0.8)
    ap.add_argument("--shingle-size", type=int, default=5)
    ap.add_argument("--permutations", type=int, default=128)
    ap.add_argument("--verify", choices=("none", "sketch", "exact"), default="exact",
                    help="none: every LSH candidate pair is reported; sketch: candidates whose MinHash "
                         "estimate is >= threshold; exact: candidates whose exact shingle Jaccard is >= threshold")
    return ap


def read_corpus(path: Path) -> tuple[list[str], list[str], int]:
    ids: list[str] = []
    texts: list[str] = []
    nbytes = 0
    with open(path, "rb") as f:
        for line in f:
            if not line.strip():
                continue
            obj = json.loads(line)
            ids.append(str(obj["id"]))
            t = obj["text"]
            texts.append(t)
            nbytes += len(t.encode("utf-8"))
    return ids, texts, nbytes


class Stages:
    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.last = self.start
        self.stages: dict[str, float] = {}

    def mark(self, name: str) -> None:
        now = time.perf_counter()
        self.stages[name] = round(self.stages.get(name, 0.0) + now - self.last, 4)
        self.last = now

    def total(self) -> float:
        """Seconds from raw text to pairs: every stage except the library import."""
        return round(sum(v for k, v in self.stages.items() if k != "import"), 4)


def candidate_pairs(neighbour_lists) -> set[tuple[int, int]]:
    """Unordered index pairs from per-document candidate lists (self matches dropped)."""
    out: set[tuple[int, int]] = set()
    for i, cands in enumerate(neighbour_lists):
        for j in cands:
            j = int(j)
            if j != i:
                out.add((i, j) if i < j else (j, i))
    return out


def verify_exact(pairs, texts: list[str], k: int, threshold: float) -> list[tuple[int, int, float]]:
    """Exact shingle-set Jaccard for every candidate pair.

    Candidates are processed one connected component at a time, so each involved document's
    shingle set is built once and only one component's sets are held in memory."""
    t = sh.as_fraction(threshold)
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    components: dict[int, list[tuple[int, int]]] = {}
    for a, b in pairs:
        components.setdefault(find(a), []).append((a, b))

    out = []
    for root in sorted(components):
        cache: dict[int, frozenset] = {}
        for a, b in components[root]:
            x = cache.get(a)
            if x is None:
                x = cache[a] = frozenset(sh.shingles(texts[a], k))
            y = cache.get(b)
            if y is None:
                y = cache[b] = frozenset(sh.shingles(texts[b], k))
            inter = len(x & y)
            union = len(x) + len(y) - inter
            if sh.jaccard_at_least(inter, union, t):
                out.append((a, b, inter / union))
    out.sort()
    return out


def peak_rss_mb() -> float:
    # Linux reports ru_maxrss in KiB.
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def finish(args, tool: str, version: str, ids, nbytes: int, st: Stages, pairs, extra: dict) -> None:
    """Write pairs (index triples) as JSONL with ids, then the timing line on stdout."""
    rows = sorted((ids[a], ids[b], s) if ids[a] <= ids[b] else (ids[b], ids[a], s) for a, b, s in pairs)
    with open(args.output, "w", encoding="utf-8") as f:
        for a, b, s in rows:
            f.write(json.dumps({"a": a, "b": b, "similarity": round(float(s), 6)}) + "\n")
    secs = st.total()
    line = {
        "tool": tool,
        "version": version,
        "verify": args.verify,
        "docs": len(ids),
        "text_bytes": nbytes,
        "seconds": secs,
        "docs_per_s": round(len(ids) / secs, 1) if secs else None,
        "mb_per_s": round(nbytes / 1e6 / secs, 3) if secs else None,
        "pairs": len(rows),
        "peak_rss_mb": peak_rss_mb(),
        "stages": st.stages,
        "threshold": args.threshold,
        "shingle_size": args.shingle_size,
        "permutations": args.permutations,
    }
    line.update(extra)
    print(json.dumps(line), flush=True)
    sys.stdout.flush()
