#!/usr/bin/env python3
"""Kill `refrain dedupe --write-deduped OUT -o REPORT` at random moments and check what is left.

Every round:
  1. starts a run with one of two configurations (A: --threshold 0.8, B: --threshold 0.95 with
     --keep longest, so their corpus and report differ), and SIGKILLs it after a random delay drawn
     uniformly from 0 to 1.2 times a full run's wall time (some rounds finish before the kill);
  2. checks the outputs: the report and the corpus must be a pair from one run, the old pair or
     the new one, byte for byte (SHA-256 against the pairs recorded from clean runs), with equal
     run ids (extended attribute user.refrain.run on both files);
  3. notes the temporary files the kill left beside the outputs (.NAME.tmp-PID-RANDOM);
  4. runs the other configuration to the end, and checks that it removed every temporary file
     and left its own pair with one run id.

Prints one line per round and a tally; exits 1 on any inconsistent pair or surviving temporary
file. The corpus: --corpus FILE.jsonl (e.g. from /work/shared/bench/make_corpus.py), or a
generated one (--docs N documents of random words from a Zipf vocabulary, ~10% planted near
copies; deterministic for --seed), big enough that a run takes a second or two.

  Scripts/check-crash-safety.py --refrain .build/release/refrain --rounds 40
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time


def generate(path: str, docs: int, seed: int) -> None:
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocabulary = ["".join(rng.choice(letters) for _ in range(rng.randint(2, 10))) for _ in range(20000)]
    weights = [1.0 / (rank + 1) for rank in range(len(vocabulary))]
    import json

    texts: list[str] = []
    with open(path, "w", encoding="utf-8") as out:
        for i in range(docs):
            if texts and rng.random() < 0.1:
                words = rng.choice(texts).split()
                for _ in range(max(1, len(words) // 40)):  # a few edits: still a near copy
                    words[rng.randrange(len(words))] = rng.choice(vocabulary)
                text = " ".join(words)
            else:
                text = " ".join(rng.choices(vocabulary, weights, k=rng.randint(150, 800)))
                if len(texts) < 2000:
                    texts.append(text)
            out.write(json.dumps({"id": f"doc-{i:06d}", "text": text}) + "\n")


def sha256(path: str) -> str | None:
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except FileNotFoundError:
        return None


def run_id(path: str) -> str | None:
    try:
        return os.getxattr(path, "user.refrain.run").decode()
    except OSError:
        return None


def temporaries(directory: str, names: list[str]) -> list[str]:
    return sorted(e for e in os.listdir(directory) for n in names if e.startswith(f".{n}.tmp-"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--refrain", default=".build/release/refrain")
    parser.add_argument("--corpus", help="a .jsonl corpus (default: generate one)")
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    args = parser.parse_args()
    refrain = os.path.abspath(args.refrain)
    rng = random.Random(args.seed)

    work = tempfile.mkdtemp(prefix="refrain-crash-")
    corpus = os.path.join(work, "corpus.jsonl")
    if args.corpus:
        shutil.copyfile(args.corpus, corpus)
    else:
        generate(corpus, args.docs, args.seed)
    out_dir = os.path.join(work, "out")
    os.mkdir(out_dir)
    deduped, report = os.path.join(out_dir, "deduped.jsonl"), os.path.join(out_dir, "report.json")
    names = ["deduped.jsonl", "report.json"]
    configs = {
        "A": ["--threshold", "0.8"],
        "B": ["--threshold", "0.95", "--keep", "longest"],
    }

    def command(config: str) -> list[str]:
        return [refrain, "dedupe", corpus, "--write-deduped", deduped, "-o", report, "-q", *configs[config]]

    def state() -> tuple[str | None, str | None]:
        return sha256(report), sha256(deduped)

    # The two pairs a clean run of each configuration leaves.
    pairs: dict[str, tuple[str | None, str | None]] = {}
    wall = 0.0
    for config in ["A", "B", "A"]:
        start = time.monotonic()
        subprocess.run(command(config), check=True)
        wall = max(wall, time.monotonic() - start)
        pairs[config] = state()
    if pairs["A"][1] == pairs["B"][1] or pairs["A"][0] == pairs["B"][0]:
        print("the two configurations give the same outputs; use a corpus with more near duplicates", file=sys.stderr)
        return 2
    print(f"corpus {os.path.getsize(corpus) / 1e6:.1f} MB; a full run takes {wall:.2f} s; {args.rounds} rounds")

    tally = {"old pair": 0, "new pair": 0, "finished before the kill": 0, "inconsistent": 0,
             "kills leaving temporary files": 0, "temporary files after the next run": 0}
    current = "A"
    failures = 0
    for round_number in range(1, args.rounds + 1):
        target = "B" if current == "A" else "A"
        delay = rng.uniform(0, 1.2 * wall)
        process = subprocess.Popen(command(target), stderr=subprocess.DEVNULL)
        time.sleep(delay)
        finished = process.poll() is not None
        if not finished:
            process.send_signal(signal.SIGKILL)
        process.wait()
        now = state()
        ids = run_id(report), run_id(deduped)
        left = temporaries(out_dir, names)
        if now == pairs[target] and ids[0] == ids[1] and ids[0] is not None:
            outcome = "finished before the kill" if finished else "new pair"
            current = target
        elif now == pairs[current] and ids[0] == ids[1] and ids[0] is not None:
            outcome = "old pair"
        else:
            outcome = "inconsistent"
            failures += 1
        tally[outcome] += 1
        if left:
            tally["kills leaving temporary files"] += 1
        sizes = sum(os.path.getsize(os.path.join(out_dir, e)) if os.path.isfile(os.path.join(out_dir, e)) else 0 for e in left)

        # The next run, to the end: it must remove what the kill left, and publish its own pair.
        follow = "B" if current == "A" else "A"
        subprocess.run(command(follow), check=True)
        after = temporaries(out_dir, names)
        if after:
            tally["temporary files after the next run"] += 1
            failures += 1
        if state() != pairs[follow] or run_id(report) != run_id(deduped):
            tally["inconsistent"] += 1
            failures += 1
        current = follow
        print(f"round {round_number:3}: kill at {delay:5.2f} s -> {outcome}; "
              f"{len(left)} temporary file(s) left ({sizes / 1e6:.1f} MB), {len(after)} after the next run")

    print("; ".join(f"{k}: {v}" for k, v in tally.items()))
    if not args.keep:
        shutil.rmtree(work)
    else:
        print(f"kept {work}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
