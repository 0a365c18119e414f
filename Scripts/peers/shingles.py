"""Shared definitions for the dedupe benchmark: tokens, shingles, exact Jaccard, exact similarity join.

Everything that compares tools against the ground truth uses these definitions:

* words: maximal runs of ``\\w`` (Python ``re``, Unicode-aware on ``str``) in the original text,
  each lower-cased with ``str.lower()``;
* shingles: the strings ``" ".join(words[i:i+k])`` for every ``i`` (k consecutive words);
  a document with fewer than k words (but at least one) has one shingle, all its words;
  a document with no words has no shingles and is never part of a pair;
* Jaccard: ``|A & B| / |A | B|`` over the *sets* of shingles;
* a pair is a near-duplicate when its Jaccard is ``>= threshold`` (inclusive), compared exactly
  with integer arithmetic (``threshold`` is read as a decimal fraction, 0.8 == 4/5).

Standard library only (numpy is used when available to speed up the join's verification).
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Iterable, Sequence

WORD_RE = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Lower-cased ``\\w+`` tokens of `text`."""
    return [w.lower() for w in WORD_RE.findall(text)]


def shingles(text: str, k: int = 5) -> list[str]:
    """The k-word shingles of `text` (with repeats, in order); see the module docstring."""
    ws = words(text)
    n = len(ws)
    if n == 0:
        return []
    if n < k:
        return [" ".join(ws)]
    return [" ".join(ws[i:i + k]) for i in range(n - k + 1)]


def shingle_set(text: str, k: int = 5) -> set[str]:
    return set(shingles(text, k))


def as_fraction(threshold: float | str | Fraction) -> Fraction:
    """0.8 -> 4/5 exactly (via its shortest decimal representation)."""
    if isinstance(threshold, Fraction):
        return threshold
    return Fraction(str(threshold))


def jaccard_at_least(inter: int, union: int, t: Fraction) -> bool:
    """Exact ``inter / union >= t`` for non-negative integers."""
    return union > 0 and inter * t.denominator >= t.numerator * union


def exact_jaccard(a: set, b: set) -> float:
    if not a and not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def similarity_join(sets: Sequence[Iterable[str]], threshold: float | Fraction,
                    progress=None) -> list[tuple[int, int, int, int]]:
    """All pairs (i, j, |A&B|, |A|B|) with i < j and exact Jaccard >= threshold.

    Exhaustive by construction (prefix filtering, Chaudhuri et al. 2006 / Bayardo et al. 2007):
    order all shingles globally by (document frequency, first-seen id) and give each set the
    prefix of its ``|x| - ceil(t*|x|) + 1`` smallest elements. If J(x, y) >= t then
    ``|x & y| >= t * |x | y| >= ceil(t * max(|x|, |y|)) =: o``, and two sorted sets that share
    at least ``o`` elements must share one within their first ``|x| - o + 1`` and ``|y| - o + 1``
    elements; our prefixes are at least that long (``ceil(t*|x|) <= o``), so every qualifying pair
    shares a prefix element and is generated as a candidate. Every candidate is then verified
    with an exact set intersection. The size filter ``|y| >= ceil(t*|x|)`` only drops pairs that
    cannot qualify.
    """
    t = as_fraction(threshold)
    if not (0 < t <= 1):
        raise ValueError("threshold must be in (0, 1]")
    vocab: dict[str, int] = {}
    docs: list[list[int]] = []
    for s in sets:
        ids = []
        for sh in set(s):
            i = vocab.get(sh)
            if i is None:
                i = len(vocab)
                vocab[sh] = i
            ids.append(i)
        docs.append(ids)
    nvocab = len(vocab)
    del vocab
    df = [0] * nvocab
    for ids in docs:
        for i in ids:
            df[i] += 1
    order = sorted(range(nvocab), key=lambda i: (df[i], i))
    rank = [0] * nvocab
    for r, i in enumerate(order):
        rank[i] = r
    order = df = None  # free

    def min_overlap(n: int) -> int:
        # ceil(t * n) with integers
        return -(-t.numerator * n // t.denominator)

    try:
        import numpy as np  # noqa: F401
        have_np = True
    except ImportError:  # pragma: no cover
        have_np = False

    ranked: list = []
    index: dict[int, list[int]] = {}
    candidates: set[tuple[int, int]] = set()
    for d, ids in enumerate(docs):
        r = sorted(rank[i] for i in ids)
        docs[d] = []  # free
        n = len(r)
        ranked.append(np.asarray(r, dtype=np.int64) if have_np else frozenset(r))
        if n == 0:
            continue
        p = n - min_overlap(n) + 1
        need = min_overlap(n)
        for tok in r[:p]:
            lst = index.get(tok)
            if lst is None:
                index[tok] = [d]
                continue
            for e in lst:
                m = len(ranked[e])
                if m >= need and n >= min_overlap(m):
                    candidates.add((e, d))
            lst.append(d)
        if progress and d and d % 20000 == 0:
            progress(f"join: indexed {d} docs, {len(candidates)} candidates")
    del index
    out: list[tuple[int, int, int, int]] = []
    for a, b in sorted(candidates):
        x, y = ranked[a], ranked[b]
        if have_np:
            inter = int(np.intersect1d(x, y, assume_unique=True).size)
        else:
            inter = len(x & y)
        union = len(x) + len(y) - inter
        if jaccard_at_least(inter, union, t):
            out.append((a, b, inter, union))
    return out


def naive_join(sets: Sequence[Iterable[str]], threshold: float | Fraction) -> list[tuple[int, int, int, int]]:
    """Reference join for cross-checking `similarity_join` on small inputs: every pair that shares
    any shingle (full inverted index) is verified exactly."""
    t = as_fraction(threshold)
    fs = [frozenset(s) for s in sets]
    index: dict[str, list[int]] = {}
    for d, s in enumerate(fs):
        for sh in s:
            index.setdefault(sh, []).append(d)
    cand: set[tuple[int, int]] = set()
    for lst in index.values():
        for x in range(len(lst)):
            for y in range(x + 1, len(lst)):
                cand.add((lst[x], lst[y]))
    out = []
    for a, b in sorted(cand):
        inter = len(fs[a] & fs[b])
        union = len(fs[a]) + len(fs[b]) - inter
        if jaccard_at_least(inter, union, t):
            out.append((a, b, inter, union))
    return out


def pair_key(a: str, b: str) -> tuple[str, str]:
    """Unordered id pair as a sorted tuple."""
    return (a, b) if a <= b else (b, a)
