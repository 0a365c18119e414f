#!/usr/bin/env python3
"""datasketch peer: MinHash + MinHashLSH(threshold, num_perm) with datasketch's default band choice.

Pipeline, timed end to end from raw text: read JSONL -> 5-word shingles (peers/shingles.py) ->
MinHash per document (batches through MinHash.bulk, datasketch's default hash and seed) ->
MinHashLSH insertion session -> query every document -> unordered candidate pairs ->
optional verification (--verify none|sketch|exact; default exact).

Usage: run_datasketch.py CORPUS.jsonl --output pairs.jsonl [--verify none]
Prints one JSON timing line on stdout.
"""

from __future__ import annotations

import sys
from importlib.metadata import version

import runner
import shingles as sh


def main(argv=None) -> int:
    ap = runner.common_args(__doc__.split("\n\n")[0])
    args = ap.parse_args(argv)
    st = runner.Stages()
    from datasketch import MinHash, MinHashLSH
    st.mark("import")

    ids, texts, nbytes = runner.read_corpus(args.corpus)
    st.mark("read")

    lsh = MinHashLSH(threshold=args.threshold, num_perm=args.permutations)
    sketches: list = [None] * len(texts)
    with lsh.insertion_session() as session:
        for lo in range(0, len(texts), runner.BATCH):
            batch = range(lo, min(lo + runner.BATCH, len(texts)))
            tokens = [[s.encode("utf-8") for s in set(sh.shingles(texts[i], args.shingle_size))] for i in batch]
            st.mark("tokenize")
            mhs = MinHash.bulk(tokens, num_perm=args.permutations)
            st.mark("sketch")
            for i, tok, m in zip(batch, tokens, mhs):
                if tok:  # a document without words has no shingles and no pairs
                    sketches[i] = m
                    session.insert(i, m)
            st.mark("lsh_insert")
    neighbours = [lsh.query(m) if m is not None else () for m in sketches]
    cands = runner.candidate_pairs(neighbours)
    st.mark("lsh_query")

    if args.verify == "none":
        pairs = [(a, b, sketches[a].jaccard(sketches[b])) for a, b in cands]
    elif args.verify == "sketch":
        pairs = [(a, b, j) for a, b in cands if (j := sketches[a].jaccard(sketches[b])) >= args.threshold]
    else:
        pairs = runner.verify_exact(cands, texts, args.shingle_size, args.threshold)
    st.mark("verify")

    runner.finish(args, "datasketch", version("datasketch"), ids, nbytes, st, pairs,
                  {"bands": lsh.b, "rows": lsh.r, "candidates": len(cands)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
