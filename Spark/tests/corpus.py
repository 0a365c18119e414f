"""A generated corpus with planted near-duplicates, from real English prose that every Python
installation carries: the docstrings of the standard library (read with `ast`, in sorted file
order, so the corpus is the same for the same Python).

Documents are 2-6 docstring paragraphs. About 10% get 1-3 near copies (a sentence dropped, 3% of
words replaced, whitespace reflowed), some get exact copies, a block of 300 documents shares one
long text but for a last sentence (oversized LSH buckets), some are short (fewer words than a
shingle; each must keep its own signature), some have empty text (skipped), some have no id
(refrain's PATH:LINE id), and all have a source and most a date (the keep rule).

usage: python corpus.py N OUT.jsonl [seed]
"""

import ast
import json
import os
import random
import re
import sys
import sysconfig

SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def paragraphs(limit=20000):
    root = sysconfig.get_paths()["stdlib"]
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in ("test", "tests", "idlelib", "site-packages", "__pycache__"))
        for name in sorted(filenames):
            if not name.endswith(".py"):
                continue
            try:
                with open(os.path.join(dirpath, name), encoding="utf-8") as f:
                    tree = ast.parse(f.read())
            except (SyntaxError, UnicodeDecodeError, ValueError):
                continue
            for node in ast.walk(tree):
                if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                    doc = ast.get_docstring(node)
                    if not doc:
                        continue
                    for para in re.split(r"\n\s*\n", doc):
                        words = para.split()
                        if len(words) >= 12 and sum(w.isalpha() for w in words) > 0.7 * len(words):
                            out.append(" ".join(words))
            if len(out) >= limit:
                return out
    return out


def near_copy(rng, text, vocabulary):
    sentences = SENT.split(text)
    if len(sentences) > 3 and rng.random() < 0.5:
        del sentences[rng.randrange(len(sentences))]
    words = " ".join(sentences).split(" ")
    for i in range(len(words)):
        if rng.random() < 0.03:
            words[i] = rng.choice(vocabulary)
    out = " ".join(words)
    if rng.random() < 0.5:
        out = out.replace(". ", ".\n", 3)
    return out


def generate(n, seed=7):
    rng = random.Random(seed)
    paras = paragraphs()
    vocabulary = sorted({w for p in paras[:2000] for w in p.split() if w.isalpha()})
    sources = ["alpha", "beta", "gamma"]
    docs = []

    def add(text, **extra):
        doc = {"text": text, "source": rng.choice(sources)}
        if rng.random() < 0.9:
            doc["date"] = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        doc.update(extra)
        docs.append(doc)

    base_count = int(n * 0.8)
    for _ in range(base_count):
        k = rng.randint(2, 6)
        start = rng.randrange(len(paras) - k)
        text = "\n\n".join(paras[start:start + k])
        add(text)
        r = rng.random()
        if r < 0.10:
            for _ in range(rng.randint(1, 3)):
                add(near_copy(rng, text, vocabulary))
        elif r < 0.13:
            add(text)
    shared = "\n\n".join(paras[100:106])
    for i in range(300):
        add(shared + f"\n\nThis is note number {i} of the series, kept for reference.")
    for i in range(40):
        add(rng.choice(["Yes.", "No comment.", "Read more", "Thanks!", "See above."]) if i % 2 else f"Item {i}")
    for _ in range(10):
        add("")
    docs = docs[:max(n, len(docs))]
    rng.shuffle(docs)
    for i, d in enumerate(docs):
        if i % 50 != 7:
            d["id"] = f"doc-{i:06d}"
    # Repeated ids, far apart (other partitions), and one that looks like a renamed id: refrain
    # renames them in read order across the whole corpus.
    for i in range(100, len(docs), 400):
        docs[i]["id"] = "doc-000003"
    docs[len(docs) // 2]["id"] = "doc-000003#3"
    return docs


def write_jsonl(docs, path):
    with open(path, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    n = int(sys.argv[1])
    docs = generate(n, int(sys.argv[3]) if len(sys.argv) > 3 else 7)
    write_jsonl(docs, sys.argv[2])
    print(f"{len(docs)} documents -> {sys.argv[2]}", file=sys.stderr)
