#!/usr/bin/env python3
"""Memory per document of `refrain dedupe` at document level: the slope of peak RSS between two corpus sizes.

Writes two JSON Lines corpora of short, distinct generated documents (N1 and N4 = 4 × N1 documents,
30 words each, so shingles and texts stay small next to the per-document tables) under
Scripts/out/memory/, runs `refrain dedupe --quiet` on each, reads the child's peak RSS from wait4,
and prints (RSS4 − RSS1) / (N4 − N1): the bytes each further document costs. This is the figure
the README quotes.

Usage: python3 Scripts/bench-memory.py [--documents 100000] [--refrain .build/release/refrain]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent


def make_corpus(path: Path, documents: int) -> None:
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(documents)
    vocabulary = [f"w{i}" for i in range(50_000)]
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w") as out:
        for i in range(documents):
            text = " ".join(rng.choice(vocabulary) for _ in range(30))
            out.write(json.dumps({"id": f"d{i}", "text": text}) + "\n")
    os.replace(tmp, path)


def peak_rss(binary: str, corpus: Path) -> int:
    """Peak RSS in bytes of one `refrain dedupe` run."""
    proc = subprocess.Popen([binary, "dedupe", str(corpus), "--quiet", "--output", os.devnull])
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"refrain failed on {corpus}")
    return usage.ru_maxrss * 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--documents", type=int, default=100_000, help="the smaller corpus (the larger has 4×)")
    ap.add_argument("--refrain", default=str(HERE.parent / ".build" / "release" / "refrain"))
    args = ap.parse_args()
    small, large = args.documents, 4 * args.documents
    out = HERE / "out" / "memory"
    corpora = {n: out / f"short-{n}.jsonl" for n in (small, large)}
    for n, path in corpora.items():
        make_corpus(path, n)
    rss = {n: peak_rss(args.refrain, path) for n, path in corpora.items()}
    for n in (small, large):
        print(f"{n:>9} documents: peak RSS {rss[n] / 2**20:8.1f} MiB")
    print(f"bytes per further document: {(rss[large] - rss[small]) / (large - small):.0f}")


if __name__ == "__main__":
    main()
