#!/usr/bin/env python3
"""rensa peer: R-MinHash sketches + RMinHashLSH, candidates verified (exact by default).

Pipeline, timed end to end from raw text: read JSONL -> 5-word shingles (peers/shingles.py) ->
RMinHash.from_token_sets in batches (num_perm, seed 42 as in rensa's README) -> RMinHashLSH
(insert_many, then query_all) -> unordered candidate pairs -> verification (--verify
none|sketch|exact; default exact, as the brief asks; rensa's own RMinHashDeduplicator checks
candidates with the sketch estimate, which is --verify sketch).

Bands: rensa's RMinHashLSH needs num_bands to divide num_perm. The default (--bands auto) is
the choice rensa's RMinHashDeduplicator makes for the threshold (0.8 -> 8 bands of 16 rows,
the setting of rensa's README benchmark); pass --bands 16 for a recall-oriented setting.

Usage: run_rensa.py CORPUS.jsonl --output pairs.jsonl [--bands 16] [--verify sketch]
Prints one JSON timing line on stdout.
"""

from __future__ import annotations

import sys
from importlib.metadata import version

import runner
import shingles as sh

SEED = 42


def default_bands(threshold: float, num_perm: int) -> int:
    """Mirror of RMinHashDeduplicator's default band count (rensa 0.5.x)."""
    if threshold >= 0.9:
        b = 4
    elif threshold >= 0.8:
        b = 8
    elif threshold >= 0.7:
        b = 16
    elif threshold >= 0.5:
        b = 32
    else:
        b = max(1, num_perm // 2)
    b = min(b, num_perm)
    while num_perm % b:
        b -= 1
    return b


def main(argv=None) -> int:
    ap = runner.common_args(__doc__.split("\n\n")[0])
    ap.add_argument("--bands", default="auto", help="LSH bands (must divide --permutations); auto = rensa's default")
    args = ap.parse_args(argv)
    st = runner.Stages()
    from rensa import RMinHash, RMinHashLSH
    st.mark("import")
    bands = default_bands(args.threshold, args.permutations) if args.bands == "auto" else int(args.bands)

    ids, texts, nbytes = runner.read_corpus(args.corpus)
    st.mark("read")

    lsh = RMinHashLSH(args.threshold, args.permutations, bands)
    sketches: list = [None] * len(texts)
    for lo in range(0, len(texts), runner.BATCH):
        batch = list(range(lo, min(lo + runner.BATCH, len(texts))))
        tokens = [sh.shingles(texts[i], args.shingle_size) for i in batch]
        st.mark("tokenize")
        keep = [(i, tok) for i, tok in zip(batch, tokens) if tok]  # no words -> no shingles, no pairs
        mhs = RMinHash.from_token_sets([tok for _, tok in keep], num_perm=args.permutations, seed=SEED)
        st.mark("sketch")
        lsh.insert_pairs([(i, m) for (i, _), m in zip(keep, mhs)])
        for (i, _), m in zip(keep, mhs):
            sketches[i] = m
        st.mark("lsh_insert")
    present = [i for i, m in enumerate(sketches) if m is not None]
    results = lsh.query_all([sketches[i] for i in present])
    neighbours: list = [()] * len(texts)
    for i, r in zip(present, results):
        neighbours[i] = r
    cands = runner.candidate_pairs(neighbours)
    st.mark("lsh_query")

    if args.verify == "none":
        pairs = [(a, b, sketches[a].jaccard(sketches[b])) for a, b in cands]
    elif args.verify == "sketch":
        pairs = [(a, b, j) for a, b in cands if (j := sketches[a].jaccard(sketches[b])) >= args.threshold]
    else:
        pairs = runner.verify_exact(cands, texts, args.shingle_size, args.threshold)
    st.mark("verify")

    runner.finish(args, "rensa", version("rensa"), ids, nbytes, st, pairs,
                  {"bands": bands, "rows": args.permutations // bands, "candidates": len(cands), "seed": SEED})
    return 0


if __name__ == "__main__":
    sys.exit(main())
