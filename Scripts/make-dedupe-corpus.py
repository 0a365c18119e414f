#!/usr/bin/env python3
"""Build a near-duplicate detection corpus from real English text, with exact ground truth.

Input: the plain text written by fetch-text.sh (Scripts/out/text/en/*.txt; run automatically
when missing). Output directory (default Scripts/out/dedupe/docs<N>-seed<S>/):

  corpus.jsonl   one {"id": "doc-000001", "text": "..."} per line, N lines, UTF-8
  truth.jsonl    every pair with word-5-gram Jaccard >= threshold:
                 {"a": id, "b": id, "jaccard": float, "intersection": int, "union": int},
                 a < b, sorted by (a, b); computed exactly (see peers/shingles.py)
  planted.jsonl  provenance of every planted copy: {"id", "root", "parent", "kind", "ops"}
  manifest.json  parameters and statistics

Documents are runs of consecutive real paragraphs (>= 5 words each) of one source, cut to a
log-normal size with a ~1.6 KB mean. When --docs asks for more originals than the text holds
(about 40k), the rest are "mixed" documents made of real sentences drawn at random from the
whole text (real sentences, new combinations). A share of documents (--dup-fraction) are planted
copies of originals, grouped in clusters (some with 3+ members, some chained: a copy of a copy):
exact copies, and edited copies with sentence deletions / insertions / replacements, adjacent
word swaps, typos, quote-style changes (straight vs curly quotes and apostrophes), whitespace
reflow, and site boilerplate appended or prepended ("Subscribe * indicates required", ...).
Heavily edited copies fall below the threshold on purpose (hard negatives).

Deterministic for a given --seed and input text.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "peers"))
import shingles as sh  # noqa: E402

MIN_PARA_WORDS = 5
MEAN_DOC_BYTES = 1750
SIGMA = 0.6
MIN_DOC_BYTES = 250
MAX_DOC_BYTES = 9000

BOILERPLATE_FOOTER = [
    "Subscribe * indicates required",
    "Email Address *",
    "Sign up for our newsletter to get the latest stories delivered to your inbox.",
    "Share this: Facebook Twitter LinkedIn Email Print",
    "Related Articles",
    "Advertisement",
    "Copyright \u00a9 2024 All rights reserved.",
    "Privacy Policy | Terms of Use | Cookie Settings",
    "Was this page helpful? Yes No",
    "Read more",
    "Comments are closed.",
    "Follow us on social media",
    "We use cookies to improve your experience. By continuing you agree to our use of cookies.",
]
BOILERPLATE_HEADER = [
    "Skip to main content",
    "Home > Documentation > Articles",
    "Menu Search Sign in",
    "Advertisement",
]

SENTENCE_RE = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]?\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])")

KEYBOARD_NEIGHBOURS = {
    "a": "qwsz", "b": "vghn", "c": "xdfv", "d": "serfcx", "e": "wsdr", "f": "drtgvc", "g": "ftyhbv",
    "h": "gyujnb", "i": "ujko", "j": "huikmn", "k": "jiolm", "l": "kop", "m": "njk", "n": "bhjm",
    "o": "iklp", "p": "ol", "q": "wa", "r": "edft", "s": "awedxz", "t": "rfgy", "u": "yhji",
    "v": "cfgb", "w": "qase", "x": "zsdc", "y": "tghu", "z": "asx",
}


def log(msg: str) -> None:
    print(f"make-dedupe-corpus: {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# Reading real text.


def ensure_text(text_dir: Path) -> None:
    if text_dir.is_dir() and any(text_dir.glob("*.txt")):
        return
    log(f"{text_dir} has no text; running fetch-text.sh")
    subprocess.run(["bash", str(HERE / "fetch-text.sh")], check=True)
    if not any(text_dir.glob("*.txt")):
        sys.exit(f"make-dedupe-corpus: no text in {text_dir} after fetch-text.sh")


def read_sources(text_dir: Path) -> list[tuple[str, list[list[str]]]]:
    """[(source name, pages)], each page a list of paragraphs with >= MIN_PARA_WORDS words."""
    out = []
    for path in sorted(text_dir.glob("*.txt")):
        pages = []
        for page in path.read_text(encoding="utf-8").split("\n\n\n"):
            paras = [p.strip() for p in page.split("\n\n")]
            paras = [p for p in paras if len(sh.WORD_RE.findall(p)) >= MIN_PARA_WORDS]
            if paras:
                pages.append(paras)
        out.append((path.stem, pages))
    return out


def draw_size(rng: random.Random) -> int:
    mu = math.log(MEAN_DOC_BYTES) - SIGMA * SIGMA / 2
    return int(min(MAX_DOC_BYTES, max(MIN_DOC_BYTES, rng.lognormvariate(mu, SIGMA))))


def chunk_documents(sources, rng: random.Random) -> list[tuple[str, str]]:
    """Cut every source into documents of consecutive paragraphs: [(source, text)].

    A document ends once it reaches its drawn size (a paragraph is added only while the
    document is below 85% of it, or when the document is still empty), or at a page end once
    it holds at least half of it, so small pages (fortunes) are grouped."""
    docs: list[tuple[str, str]] = []
    for name, pages in sources:
        cur: list[str] = []
        size = 0
        target = draw_size(rng)
        for page in pages:
            for para in page:
                n = len(para.encode("utf-8")) + 2
                if cur and size + n > target and size >= 0.85 * target:
                    docs.append((name, "\n\n".join(cur)))
                    cur, size, target = [], 0, draw_size(rng)
                cur.append(para)
                size += n
                if size >= target:
                    docs.append((name, "\n\n".join(cur)))
                    cur, size, target = [], 0, draw_size(rng)
            if cur and size >= 0.5 * target:
                docs.append((name, "\n\n".join(cur)))
                cur, size, target = [], 0, draw_size(rng)
        if cur and size >= MIN_DOC_BYTES:
            docs.append((name, "\n\n".join(cur)))
    return docs


def split_sentences(paragraph: str) -> list[str]:
    return [s for s in SENTENCE_RE.split(paragraph) if s.strip()]


# ---------------------------------------------------------------------------
# Edits.


class Doc:
    """A document as paragraphs of sentences, so edits keep the paragraph structure."""

    def __init__(self, text: str):
        self.paras = [split_sentences(p) for p in text.split("\n\n")]
        self.paras = [p for p in self.paras if p]
        self.header: list[str] = []
        self.footer: list[str] = []
        self.joiner = "\n\n"

    def text(self) -> str:
        body = self.joiner.join(" ".join(p) for p in self.paras)
        return "\n".join(self.header + [body] + self.footer) if (self.header or self.footer) else body

    def positions(self) -> list[tuple[int, int]]:
        return [(i, j) for i, p in enumerate(self.paras) for j in range(len(p))]


def op_sentence_delete(doc: Doc, rng: random.Random, donors) -> bool:
    pos = doc.positions()
    if len(pos) < 2:
        return False
    i, j = rng.choice(pos)
    del doc.paras[i][j]
    if not doc.paras[i]:
        del doc.paras[i]
    return True


def op_sentence_insert(doc: Doc, rng: random.Random, donors) -> bool:
    pos = doc.positions()
    i, j = rng.choice(pos)
    doc.paras[i].insert(j + rng.randint(0, 1), donors(rng))
    return True


def op_sentence_replace(doc: Doc, rng: random.Random, donors) -> bool:
    i, j = rng.choice(doc.positions())
    doc.paras[i][j] = donors(rng)
    return True


def _pick_sentence(doc: Doc, rng: random.Random, min_words: int):
    cands = [(i, j) for i, j in doc.positions() if len(doc.paras[i][j].split()) >= min_words]
    return rng.choice(cands) if cands else None


def op_word_swap(doc: Doc, rng: random.Random, donors) -> bool:
    at = _pick_sentence(doc, rng, 3)
    if at is None:
        return False
    i, j = at
    w = doc.paras[i][j].split(" ")
    k = rng.randrange(len(w) - 1)
    if w[k] == w[k + 1]:
        return False
    w[k], w[k + 1] = w[k + 1], w[k]
    doc.paras[i][j] = " ".join(w)
    return True


def op_typo(doc: Doc, rng: random.Random, donors) -> bool:
    at = _pick_sentence(doc, rng, 2)
    if at is None:
        return False
    i, j = at
    w = doc.paras[i][j].split(" ")
    idx = [k for k, x in enumerate(w) if len(x) >= 4 and x.isalpha() and x.isascii()]
    if not idx:
        return False
    k = rng.choice(idx)
    word = w[k]
    p = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("drop", "double", "transpose", "neighbour"))
    if kind == "drop":
        word = word[:p] + word[p + 1:]
    elif kind == "double":
        word = word[:p] + word[p] + word[p:]
    elif kind == "transpose":
        if word[p] == word[p + 1]:
            return False
        word = word[:p] + word[p + 1] + word[p] + word[p + 2:]
    else:
        c = word[p].lower()
        if c not in KEYBOARD_NEIGHBOURS:
            return False
        r = rng.choice(KEYBOARD_NEIGHBOURS[c])
        word = word[:p] + (r.upper() if word[p].isupper() else r) + word[p + 1:]
    w[k] = word
    doc.paras[i][j] = " ".join(w)
    return True


def curl_quotes(s: str) -> str:
    s = re.sub(r"(?<=\w)'(?=\w)", "\u2019", s)          # apostrophes
    s = re.sub(r"(^|[\s(\[])'", "\\1\u2018", s)          # opening single
    s = s.replace("'", "\u2019")
    s = re.sub(r'(^|[\s(\[])"', "\\1\u201c", s)          # opening double
    s = s.replace('"', "\u201d")
    return s


def straighten_quotes(s: str) -> str:
    return s.translate({0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"'})


def op_quotes(doc: Doc, rng: random.Random, donors) -> bool:
    text = "\n".join(" ".join(p) for p in doc.paras)
    curly = any(c in text for c in "\u2018\u2019\u201c\u201d")
    straight = "'" in text or '"' in text
    if not curly and not straight:
        return False
    f = straighten_quotes if curly else curl_quotes
    doc.paras = [[f(s) for s in p] for p in doc.paras]
    return True


def op_boilerplate(doc: Doc, rng: random.Random, donors) -> bool:
    if rng.random() < 0.25:
        doc.header = [rng.choice(BOILERPLATE_HEADER)]
    doc.footer = rng.sample(BOILERPLATE_FOOTER, rng.randint(1, 3))
    return True


def op_whitespace(doc: Doc, rng: random.Random, donors) -> bool:
    doc.joiner = rng.choice(("\n", " ", "\n\n\n", "\r\n\r\n"))
    return True


OPS = {
    "sentence_delete": op_sentence_delete,
    "sentence_insert": op_sentence_insert,
    "sentence_replace": op_sentence_replace,
    "word_swap": op_word_swap,
    "typo": op_typo,
    "quotes": op_quotes,
    "boilerplate": op_boilerplate,
    "whitespace": op_whitespace,
}
LIGHT_OPS = ["quotes", "boilerplate", "typo", "word_swap", "whitespace"]
ALL_WEIGHTS = {"sentence_delete": 3, "sentence_insert": 3, "sentence_replace": 3, "word_swap": 2,
               "typo": 3, "quotes": 1, "boilerplate": 1, "whitespace": 1}
HEAVY_WEIGHTS = {"sentence_delete": 4, "sentence_insert": 3, "sentence_replace": 4, "word_swap": 1,
                 "typo": 2, "quotes": 0, "boilerplate": 1, "whitespace": 0}


def make_variant(text: str, rng: random.Random, donors) -> tuple[str, str, list[str]]:
    """(kind, new text, ops applied)."""
    r = rng.random()
    if r < 0.12:
        return "exact", text, []
    doc = Doc(text)
    if not doc.paras:
        return "exact", text, []
    if r < 0.45:
        kind, plan = "light", [rng.choice(LIGHT_OPS)]
    elif r < 0.78:
        kind = "medium"
        names, weights = zip(*ALL_WEIGHTS.items())
        plan = rng.choices(names, weights, k=rng.randint(2, 3))
    else:
        kind = "heavy"
        names, weights = zip(*HEAVY_WEIGHTS.items())
        plan = rng.choices(names, weights, k=rng.randint(4, 8))
    applied = [name for name in plan if OPS[name](doc, rng, donors)]
    new = doc.text()
    if new == text:
        # nothing took effect (e.g. a one-sentence document): fall back to boilerplate
        op_boilerplate(doc, rng, donors)
        applied.append("boilerplate")
        new = doc.text()
    return kind, new, applied


# ---------------------------------------------------------------------------
# Corpus assembly.


def cluster_sizes(rng: random.Random) -> int:
    """Number of planted copies of one root: mostly 1, some 2, some 3..6 (clusters of 3+ docs)."""
    r = rng.random()
    if r < 0.55:
        return 1
    if r < 0.80:
        return 2
    return rng.randint(3, 6)


def build(args) -> None:
    rng = random.Random(args.seed)
    text_dir = Path(args.text_dir)
    ensure_text(text_dir)
    t0 = time.time()
    sources = read_sources(text_dir)
    pool = chunk_documents(sources, random.Random(args.seed * 7919 + 1))
    log(f"{len(pool)} real documents available from {len(sources)} sources "
        f"({sum(len(t.encode()) for _, t in pool) / 1e6:.1f} MB)")

    n = args.docs
    n_planted = round(n * args.dup_fraction)
    n_base = n - n_planted
    order = list(range(len(pool)))
    rng.shuffle(order)
    originals = [pool[i] for i in order[:n_base]]
    n_mixed = max(0, n_base - len(originals))

    all_sentences = [s for _, t in pool for p in t.split("\n\n") for s in split_sentences(p)
                     if len(s.split()) >= 4]

    def donors(r: random.Random) -> str:
        return r.choice(all_sentences)

    docs: list[dict] = [{"source": s, "text": t, "kind": "original"} for s, t in originals]
    if n_mixed:
        log(f"text holds {len(originals)} originals; adding {n_mixed} documents of randomly mixed real sentences")
        mix_rng = random.Random(args.seed * 104729 + 3)
        for _ in range(n_mixed):
            target = draw_size(mix_rng)
            paras, cur, size = [], [], 0
            while size < target:
                s = donors(mix_rng)
                cur.append(s)
                size += len(s.encode()) + 1
                if len(cur) >= mix_rng.randint(2, 6):
                    paras.append(" ".join(cur))
                    cur = []
            if cur:
                paras.append(" ".join(cur))
            docs.append({"source": "mixed", "text": "\n\n".join(paras), "kind": "mixed"})

    planted: list[dict] = []
    roots = list(range(len(docs)))
    rng.shuffle(roots)
    ri = 0
    while len(planted) < n_planted:
        root = roots[ri % len(roots)]
        ri += 1
        k = min(cluster_sizes(rng), n_planted - len(planted))
        members = [root]
        for _ in range(k):
            parent = rng.choice(members) if rng.random() < 0.3 else root
            kind, text, ops = make_variant(docs[parent]["text"], rng, donors)
            docs.append({"source": docs[root]["source"], "text": text, "kind": kind})
            child = len(docs) - 1
            planted.append({"doc": child, "root": root, "parent": parent, "kind": kind, "ops": ops})
            members.append(child)

    perm = list(range(len(docs)))
    rng.shuffle(perm)
    ids = [""] * len(docs)
    for pos, d in enumerate(perm):
        ids[d] = f"doc-{pos + 1:06d}"

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    total_bytes = 0
    with open(out / "corpus.jsonl.tmp", "w", encoding="utf-8") as f:
        for d in perm:
            total_bytes += len(docs[d]["text"].encode("utf-8"))
            f.write(json.dumps({"id": ids[d], "text": docs[d]["text"]}, ensure_ascii=False) + "\n")
    with open(out / "planted.jsonl.tmp", "w", encoding="utf-8") as f:
        for p in sorted(planted, key=lambda p: ids[p["doc"]]):
            f.write(json.dumps({"id": ids[p["doc"]], "root": ids[p["root"]], "parent": ids[p["parent"]],
                                "kind": p["kind"], "ops": p["ops"]}) + "\n")
    log(f"wrote {len(docs)} documents, {total_bytes / 1e6:.1f} MB of text ({time.time() - t0:.1f}s)")

    t1 = time.time()
    texts = [docs[d]["text"] for d in perm]
    if args.no_truth:
        # Throughput and memory runs only (1M documents): the exact join would not fit in memory.
        sets, pairs = [], []
    else:
        sets = [sh.shingle_set(t, args.shingle_size) for t in texts]
        pairs = sh.similarity_join(sets, args.threshold, progress=log)
    truth_path = out / "truth.jsonl.tmp"
    with open(truth_path, "w", encoding="utf-8") as f:
        for a, b, inter, union in pairs:  # indices are positions, so (a, b) order == id order
            f.write(json.dumps({"a": f"doc-{a + 1:06d}", "b": f"doc-{b + 1:06d}",
                                "jaccard": round(inter / union, 6), "intersection": inter, "union": union}) + "\n")
    if not args.no_truth:
        log(f"ground truth: {len(pairs)} pairs with Jaccard >= {args.threshold} ({time.time() - t1:.1f}s)")

    if args.check_truth:
        t2 = time.time()
        ref = sh.naive_join(sets, args.threshold)
        if ref != pairs:
            sys.exit(f"make-dedupe-corpus: truth mismatch: prefix join {len(pairs)} pairs, naive {len(ref)}")
        log(f"check-truth: naive full inverted-index join agrees ({len(ref)} pairs, {time.time() - t2:.1f}s)")

    # Statistics.
    pos_of = {d: pos for pos, d in enumerate(perm)}
    truth_set = {(a, b) for a, b, _, _ in pairs}
    planted_pairs = {tuple(sorted((pos_of[p["doc"]], pos_of[p["parent"]]))) for p in planted}
    planted_hits = sum(1 for pr in planted_pairs if pr in truth_set)
    jac_hist = Counter(min(9, int(i / u * 10)) for _, _, i, u in pairs)
    kinds = Counter(d["kind"] for d in docs)
    ops = Counter(o for p in planted for o in p["ops"])
    lengths = sorted(len(t.encode("utf-8")) for t in texts)
    manifest = {
        "docs": len(docs),
        "seed": args.seed,
        "threshold": args.threshold,
        "shingle_size": args.shingle_size,
        "dup_fraction": args.dup_fraction,
        "text_dir": str(text_dir),
        "text_bytes": total_bytes,
        "doc_bytes": {"mean": round(total_bytes / len(docs), 1), "median": lengths[len(lengths) // 2],
                      "p10": lengths[len(lengths) // 10], "p90": lengths[len(lengths) * 9 // 10],
                      "max": lengths[-1]},
        "documents_by_kind": dict(sorted(kinds.items())),
        "sources": dict(sorted(Counter(d["source"] for d in docs).items())),
        "planted_ops": dict(sorted(ops.items())),
        "planted_parent_pairs": len(planted_pairs),
        "planted_parent_pairs_at_or_above_threshold": planted_hits,
        "truth_pairs": None if args.no_truth else len(pairs),
        "truth_pairs_by_jaccard_decile": {f"{k / 10:.1f}": v for k, v in sorted(jac_hist.items())},
        "truth_docs_involved": len({x for a, b in truth_set for x in (a, b)}),
    }
    (out / "manifest.json.tmp").write_text(json.dumps(manifest, indent=2) + "\n")
    for name in ("corpus.jsonl", "planted.jsonl", "truth.jsonl", "manifest.json"):
        os.replace(out / (name + ".tmp"), out / name)
    log(json.dumps({k: manifest[k] for k in ("docs", "text_bytes", "doc_bytes", "documents_by_kind",
                                             "truth_pairs", "planted_parent_pairs",
                                             "planted_parent_pairs_at_or_above_threshold")}))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=10000, help="number of documents (default 10000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--out", default=None, help="output directory (default Scripts/out/dedupe/docs<N>-seed<S>)")
    ap.add_argument("--text-dir", default=str(HERE / "out" / "text" / "en"), help="English .txt files")
    ap.add_argument("--dup-fraction", type=float, default=0.2, help="share of documents that are planted copies")
    ap.add_argument("--threshold", type=float, default=0.8, help="ground-truth Jaccard threshold (inclusive)")
    ap.add_argument("--shingle-size", type=int, default=5, help="words per shingle (default 5)")
    ap.add_argument("--check-truth", action="store_true",
                    help="also run the naive all-shingles join and fail if it disagrees (slow; small --docs)")
    ap.add_argument("--force", action="store_true", help="rebuild even if the output exists")
    ap.add_argument("--no-truth", action="store_true",
                    help="skip the ground truth (truth.jsonl is empty; for throughput and memory runs too large for the exact join)")
    args = ap.parse_args(argv)
    if args.out is None:
        args.out = str(HERE / "out" / "dedupe" / f"docs{args.docs}-seed{args.seed}")
    out = Path(args.out)
    if (out / "manifest.json").exists() and not args.force:
        m = json.loads((out / "manifest.json").read_text())
        if (m.get("docs"), m.get("seed"), m.get("threshold"), m.get("shingle_size"), m.get("dup_fraction")) == \
                (args.docs, args.seed, args.threshold, args.shingle_size, args.dup_fraction) \
                and (args.no_truth or m.get("truth_pairs") is not None):
            log(f"{out} is up to date (use --force to rebuild)")
            return 0
    build(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
