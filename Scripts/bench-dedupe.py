#!/usr/bin/env python3
"""One-run comparison of `refrain dedupe` against datasketch and rensa on the same corpus.

For each corpus size (10,000 documents; also 100,000 with --large) it builds or reuses the corpus
and exact ground truth (make-dedupe-corpus.py), runs every tool as its own process on
corpus.jsonl with the same settings (5-word shingles, 128 permutations, threshold 0.8), and
prints a table: docs/s, MB/s (UTF-8 text bytes of all documents), peak RSS, pairs reported,
precision and recall against truth.jsonl (unordered id pairs), then the refrain/peer ratios.

Timing: peers report their own time from reading the corpus to pairs (library import and
interpreter start excluded); refrain is timed from process start to exit (wall clock), which
includes writing its report. Peak RSS is the child's ru_maxrss from wait4 (whole process).

Self-contained: creates Scripts/.venv and installs Scripts/requirements.txt when needed, then
re-runs itself in that venv; fetches the text (fetch-text.sh) when missing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv"
VENV_PY = VENV / "bin" / "python"
REQUIREMENTS = HERE / "requirements.txt"


def log(msg: str) -> None:
    print(f"bench-dedupe: {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# Environment.


def ensure_venv() -> None:
    """Create Scripts/.venv with the pinned peers and re-exec inside it (no-op when already there)."""
    if os.environ.get("REFRAIN_BENCH_VENV_OK") == "1":
        return
    if not VENV_PY.exists():
        log(f"creating {VENV}")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    check = subprocess.run([str(VENV_PY), "-c", "import datasketch, rensa, rapidfuzz"], capture_output=True)
    if check.returncode != 0:
        log(f"installing {REQUIREMENTS.name} into {VENV}")
        subprocess.run([str(VENV_PY), "-m", "pip", "install", "-q", "-r", str(REQUIREMENTS)], check=True)
    env = dict(os.environ, REFRAIN_BENCH_VENV_OK="1")
    os.execve(str(VENV_PY), [str(VENV_PY), str(Path(__file__).resolve())] + sys.argv[1:], env)


# ---------------------------------------------------------------------------
# Running one tool.


class Run:
    def __init__(self, label: str, seconds: float, wall: float, rss_mb: float, pairs: set, info: dict,
                 cluster_pairs: set | None = None, error: str | None = None):
        self.label, self.seconds, self.wall, self.rss_mb = label, seconds, wall, rss_mb
        self.pairs, self.info, self.cluster_pairs, self.error = pairs, info, cluster_pairs, error


def run_measured(cmd: list[str], stdout_path: Path) -> tuple[int, float, float, str]:
    """(exit code, wall seconds, peak RSS MB of that child, stderr tail)."""
    with open(stdout_path, "wb") as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read()[-2000:].decode("utf-8", "replace")
    return proc.returncode, wall, usage.ru_maxrss / 1024, tail


def read_pairs_jsonl(path: Path) -> set[tuple[str, str]]:
    out = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                o = json.loads(line)
                a, b = str(o["a"]), str(o["b"])
                out.add((a, b) if a <= b else (b, a))
    return out


def run_peer(label: str, script: str, extra: list[str], corpus: Path, work: Path, args) -> Run:
    pairs_path = work / f"{label.replace(' ', '_').replace('/', '_')}.pairs.jsonl"
    cmd = [str(VENV_PY), str(HERE / "peers" / script), str(corpus), "--output", str(pairs_path),
           "--threshold", str(args.threshold), "--shingle-size", str(args.shingle_size),
           "--permutations", str(args.permutations)] + extra
    stdout_path = work / f"{pairs_path.stem}.stdout"
    code, wall, rss, err = run_measured(cmd, stdout_path)
    if code != 0:
        return Run(label, 0, wall, rss, set(), {}, error=f"exit {code}: {err.strip()[-500:]}")
    lines = [ln for ln in stdout_path.read_text().splitlines() if ln.startswith("{")]
    info = json.loads(lines[-1])
    return Run(label, info["seconds"], wall, rss, read_pairs_jsonl(pairs_path), info)


# refrain's report: {"clusters": [{"members": [{"doc": id, ...}, ...], ...}, ...],
#                    "pairs": [{"a": id, "b": id, "similarity": float}, ...]}
# Parsed defensively (alternative key spellings, ids as objects or row indices) while the CLI settles.

def _doc_ref(x, ids: list[str], id_set: set[str]) -> str | None:
    if isinstance(x, dict):
        for k in ("doc", "id", "document", "docID", "docId", "name"):
            if k in x:
                return _doc_ref(x[k], ids, id_set)
        return None
    s = str(x)
    if s in id_set:
        return s
    if isinstance(x, int) and 0 <= x < len(ids):
        return ids[x]
    return s


def _find_key(report, key: str):
    if isinstance(report, dict):
        if key in report:
            return report[key]
        for v in report.values():
            if isinstance(v, dict) and key in v:
                return v[key]
    return None


def parse_refrain_report(report, ids: list[str]) -> tuple[set, set, dict]:
    id_set = set(ids)
    pairs: set[tuple[str, str]] = set()
    for p in _find_key(report, "pairs") or []:
        if isinstance(p, dict):
            a = next((p[k] for k in ("a", "first", "left", "docA", "doc_a") if k in p), None)
            b = next((p[k] for k in ("b", "second", "right", "docB", "doc_b") if k in p), None)
        else:
            a, b = p[0], p[1]
        a, b = _doc_ref(a, ids, id_set), _doc_ref(b, ids, id_set)
        if a is None or b is None or a == b:
            continue
        pairs.add((a, b) if a <= b else (b, a))
    cluster_pairs: set[tuple[str, str]] = set()
    clusters = _find_key(report, "clusters") or []
    sizes = []
    for c in clusters:
        members = c.get("members", c.get("docs", c.get("documents", []))) if isinstance(c, dict) else c
        docs = sorted({d for d in (_doc_ref(m, ids, id_set) for m in members) if d is not None})
        sizes.append(len(docs))
        for i in range(len(docs)):
            for j in range(i + 1, len(docs)):
                cluster_pairs.add((docs[i], docs[j]))
    unknown = sum(1 for a, b in pairs if a not in id_set or b not in id_set)
    return pairs, cluster_pairs, {"clusters": len(clusters), "largest_cluster": max(sizes, default=0),
                                  "unknown_ids_in_pairs": unknown}


def run_refrain(corpus: Path, work: Path, ids: list[str], args) -> Run:
    binary = Path(args.refrain)
    if not binary.exists():
        return Run("refrain", 0, 0, 0, set(), {}, error=f"not found: {binary} (swift build -c release)")
    report_path = work / "refrain.report.json"
    if report_path.exists():
        report_path.unlink()
    cmd = [str(binary), "dedupe", str(corpus), "--threshold", str(args.threshold),
           "--shingle-size", str(args.shingle_size), "--permutations", str(args.permutations),
           "--quiet", "--output", str(report_path)] + args.refrain_arg
    code, wall, rss, err = run_measured(cmd, work / "refrain.stdout")
    if code != 0:
        return Run("refrain", 0, wall, rss, set(), {}, error=f"exit {code}: {err.strip()[-500:]}")
    try:
        report = json.loads(report_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        return Run("refrain", 0, wall, rss, set(), {}, error=f"unreadable report {report_path}: {e}")
    pairs, cluster_pairs, info = parse_refrain_report(report, ids)
    info["version"] = subprocess.run([str(binary), "--version"], capture_output=True, text=True).stdout.strip()
    return Run("refrain", wall, wall, rss, pairs, info, cluster_pairs=cluster_pairs)


# ---------------------------------------------------------------------------
# Scoring and printing.


def score(found: set, truth: set) -> tuple[float | None, float | None]:
    if not truth:  # a corpus built without ground truth
        return None, None
    tp = len(found & truth)
    precision = tp / len(found) if found else None
    recall = tp / len(truth) if truth else None
    return precision, recall


def fmt(x, spec: str) -> str:
    return "-" if x is None else format(x, spec)


def best_of(runs: list[Run]) -> Run:
    """Median time over repeats (pairs of the first run; peak RSS the maximum)."""
    ok = [r for r in runs if r.error is None]
    if not ok:
        return runs[0]
    r = ok[0]
    r.info["runs_seconds"] = [round(x.seconds, 4) for x in ok]
    r.seconds = statistics.median(x.seconds for x in ok)
    r.wall = statistics.median(x.wall for x in ok)
    r.rss_mb = max(x.rss_mb for x in ok)
    return r


def bench_size(docs: int, args) -> dict:
    out_dir = HERE / "out" / "dedupe" / f"docs{docs}-seed{args.seed}"
    subprocess.run([str(VENV_PY), str(HERE / "make-dedupe-corpus.py"), "--docs", str(docs), "--seed", str(args.seed),
                    "--threshold", str(args.threshold), "--shingle-size", str(args.shingle_size),
                    "--out", str(out_dir)] + (["--no-truth"] if args.no_truth else []), check=True)
    corpus = out_dir / "corpus.jsonl"
    manifest = json.loads((out_dir / "manifest.json").read_text())
    truth = read_pairs_jsonl(out_dir / "truth.jsonl")
    ids = [json.loads(line)["id"] for line in open(corpus, encoding="utf-8")]
    nbytes = manifest["text_bytes"]
    work = HERE / "out" / "bench" / f"docs{docs}-seed{args.seed}"
    work.mkdir(parents=True, exist_ok=True)

    plan: list[tuple[str, callable]] = []
    peers = [p.strip() for p in args.peers.split(",") if p.strip()]
    peer_defs = {
        "datasketch": ("datasketch (LSH pairs)", "run_datasketch.py", ["--verify", "none"]),
        "datasketch-verified": ("datasketch +exact", "run_datasketch.py", ["--verify", "exact"]),
        "rensa": ("rensa b=8 +exact", "run_rensa.py", ["--verify", "exact", "--bands", "auto"]),
        "rensa-16": ("rensa b=16 +exact", "run_rensa.py", ["--verify", "exact", "--bands", "16"]),
        "rensa-sketch": ("rensa b=8 +sketch", "run_rensa.py", ["--verify", "sketch", "--bands", "auto"]),
    }
    for p in peers:
        if p not in peer_defs:
            sys.exit(f"bench-dedupe: unknown peer {p!r}; choose from {', '.join(peer_defs)}")
        label, script, extra = peer_defs[p]
        plan.append((label, lambda label=label, script=script, extra=extra: run_peer(label, script, extra, corpus, work, args)))
    if not args.skip_refrain:
        plan.append(("refrain", lambda: run_refrain(corpus, work, ids, args)))

    results: list[Run] = []
    for label, fn in plan:
        repeat = args.refrain_repeat if label == "refrain" else args.repeat
        log(f"{docs} docs: running {label}" + (f" x{repeat}" if repeat > 1 else ""))
        results.append(best_of([fn() for _ in range(repeat)]))

    print()
    truth_note = f"{len(truth)} truth pairs" if truth else "no ground truth"
    print(f"Corpus: {corpus}  ({docs} docs, {nbytes / 1e6:.1f} MB text, {truth_note} at "
          f"Jaccard >= {args.threshold}, {args.shingle_size}-word shingles, {args.permutations} permutations)")
    header = f"{'tool':24s} {'docs/s':>10s} {'MB/s':>8s} {'peak RSS MB':>12s} {'seconds':>9s} {'pairs':>8s} {'precision':>10s} {'recall':>8s}"
    print(header)
    print("-" * len(header))
    rows = []
    for r in results:
        if r.error:
            print(f"{r.label:24s} {'error: ' + r.error}")
            rows.append({"tool": r.label, "error": r.error})
            continue
        p, rc = score(r.pairs, truth)
        dps = docs / r.seconds if r.seconds else None
        mbs = nbytes / 1e6 / r.seconds if r.seconds else None
        print(f"{r.label:24s} {fmt(dps, '10.0f')} {fmt(mbs, '8.2f')} {r.rss_mb:12.1f} {r.seconds:9.2f} "
              f"{len(r.pairs):8d} {fmt(p, '10.4f')} {fmt(rc, '8.4f')}")
        if len(r.info.get("runs_seconds", [])) > 1:
            times = r.info["runs_seconds"]
            print(f"{'':24s} (median of {len(times)} runs: {', '.join(f'{t:.2f}' for t in times)} s)")
        row = {"tool": r.label, "docs_per_s": dps, "mb_per_s": mbs, "peak_rss_mb": round(r.rss_mb, 1),
               "seconds": r.seconds, "process_wall_seconds": round(r.wall, 4), "pairs": len(r.pairs),
               "precision": p, "recall": rc, "info": r.info}
        if r.cluster_pairs is not None:
            cp, cr = score(r.cluster_pairs, truth)
            row.update({"cluster_pairs": len(r.cluster_pairs), "cluster_precision": cp, "cluster_recall": cr})
            print(f"{'  (all pairs in clusters)':24s} {'':10s} {'':8s} {'':12s} {'':9s} "
                  f"{len(r.cluster_pairs):8d} {fmt(cp, '10.4f')} {fmt(cr, '8.4f')}")
        rows.append(row)

    ref = next((r for r in results if r.label == "refrain" and not r.error), None)
    ratios = []
    if ref is not None:
        print()
        for r in results:
            if r is ref or r.error or not r.seconds:
                continue
            speed = r.seconds / ref.seconds
            mem = ref.rss_mb / r.rss_mb if r.rss_mb else None
            print(f"refrain vs {r.label:22s} throughput x{speed:6.2f} (refrain docs/s / peer docs/s)   "
                  f"peak RSS x{fmt(mem, '5.2f')} (refrain / peer)")
            ratios.append({"peer": r.label, "speed_ratio": speed, "rss_ratio": mem})
    result = {"docs": docs, "seed": args.seed, "text_bytes": nbytes, "truth_pairs": len(truth),
              "corpus": str(corpus), "rows": rows, "ratios": ratios,
              "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}}
    (work / "results.json").write_text(json.dumps(result, indent=2) + "\n")
    log(f"results written to {work / 'results.json'}")
    return result


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=10000, help="corpus size (default 10000)")
    ap.add_argument("--large", action="store_true", help="also run the 100,000-document corpus")
    ap.add_argument("--no-truth", action="store_true",
                    help="no ground truth (throughput and memory only; e.g. --docs 1000000, whose exact join does not fit in memory)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--refrain", default=str(HERE.parent / ".build" / "release" / "refrain"),
                    help="refrain release binary (default .build/release/refrain)")
    ap.add_argument("--refrain-arg", action="append", default=[], help="extra argument for refrain dedupe (repeatable)")
    ap.add_argument("--skip-refrain", action="store_true", help="run the peers only")
    ap.add_argument("--peers", default="datasketch,datasketch-verified,rensa,rensa-16",
                    help="comma-separated: datasketch, datasketch-verified, rensa, rensa-16, rensa-sketch")
    ap.add_argument("--repeat", type=int, default=1, help="runs per peer; the median time is reported")
    ap.add_argument("--refrain-repeat", type=int, default=3,
                    help="runs of refrain (default 3: a 2-second run is at the mercy of a noisy machine, "
                         "a peer's minute-long run averages the noise out); the median is reported, every time in results.json")
    ap.add_argument("--threshold", type=float, default=0.8)
    ap.add_argument("--shingle-size", type=int, default=5)
    ap.add_argument("--permutations", type=int, default=128)
    args = ap.parse_args(argv)
    ensure_venv()
    sizes = [args.docs] + ([100000] if args.large and args.docs != 100000 else [])
    for n in sizes:
        bench_size(n, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
