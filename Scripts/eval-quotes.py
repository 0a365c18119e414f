#!/usr/bin/env python3
"""Score `refrain quotes` against the labelled news dev set (Corpora/news-dev, see its README).

Runs the release binary on each story file (one `refrain quotes` run per story, JSON report) and
on each document alone (to count crashes), then prints the six figures of issue 12's table:

1. crashes: documents whose run alone does not finish with exit 0 (or 3), e.g. a trap (signal)
   or a runtime error. The story run then goes on without them.
2. extraction recall: labelled quotes (every kind) that overlap, by at least one byte, a segment
   of a quote in the report (same document).
3. attribution accuracy: among found labelled quotes with a labelled speaker (speaker_kind
   person or organisation), the share whose found quote (the one overlapping it most) carries
   the right speaker. Right = the names agree after case and accent folding, split into words,
   when the words of one are all among the words of the other ("Peskov" for "Dmitry Peskov",
   "Dmitry S. Peskov" for "Dmitry Peskov"). An unattributed found quote counts as wrong. The
   attribution's name and the cluster's unified speaker name are both tried.
4. non-speakers: among found quotes (every quote in the report, labelled or not) that carry a
   speaker, the share whose speaker matches (as in 3) no speaker labelled anywhere in that
   story: a place, a product, a word of a title, a link line, a person who is only talked about.
5. variant pairs: pairs of labels with the same `group` in different documents; the share whose
   found quotes share a cluster (a pair with an unfound side counts as not clustered).
6. false merges: clusters whose found quotes overlap labelled quotes of two speakers that do
   not match each other (as in 3). A variant attributed to an organisation (attribution kind
   organization or place) whose label names an organisation, in the cluster of a person, is the
   organisation-spokesperson join of issue 13 and is allowed (counted as `organisation joins`).

Usage:
  swift build -c release
  Scripts/eval-quotes.py                                   # all stories of Corpora/news-dev
  Scripts/eval-quotes.py --split                           # a- and b- stories apart, then all
  Scripts/eval-quotes.py --stories 'a-*' --errors          # list every miss and wrong speaker
  Scripts/eval-quotes.py --devset /work/wt-devset/Corpora/news-dev --json
  Scripts/eval-quotes.py --binary /tmp/refrain-before -- --scare-quotes   # options for `quotes`

`--stories` takes comma-separated shell patterns over story slugs (a-*,b-uaw-*). Exit code 0,
or 1 when a run could not be scored (no stories, no binary).
"""
import argparse
import fnmatch
import json
import os
import subprocess
import sys
import tempfile
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTICLES = {"al", "el", "bin", "ibn", "van", "von", "der", "den", "de", "la", "le", "da", "du", "di", "del", "dos", "y"}


def fold_words(name):
    """Case- and accent-folded words of a name, without particles and initials' periods."""
    if not name:
        return []
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = s.replace("\u2019", "'")
    if s.endswith("'s"):
        s = s[:-2]
    words, cur = [], []
    for c in s:
        if c.isalnum():
            cur.append(c)
        else:
            if cur:
                words.append("".join(cur))
            cur = []
    if cur:
        words.append("".join(cur))
    # Initials written with periods are one word: "J.D. Vance" = "JD Vance".
    out, run = [], []
    for w in words:
        if len(w) == 1:
            run.append(w)
            continue
        if len(run) >= 2:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        out.append(w)
    if len(run) >= 2:
        out.append("".join(run))
    else:
        out.extend(run)
    return out


def same_speaker(a, b):
    """Whether two names denote one speaker: one's words all among the other's (particles aside)."""
    wa, wb = set(fold_words(a)) - PARTICLES, set(fold_words(b)) - PARTICLES
    if not wa or not wb:
        return False
    return wa <= wb or wb <= wa


def load_jsonl(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                out.append(json.loads(line))
    return out


def run_quotes(binary, inputs, extra, out_path):
    cmd = [str(binary), "quotes", *map(str, inputs), "--quiet", "--format", "json", "-o", str(out_path), *extra]
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p.returncode, p.stderr


def overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


def overlap_len(a, b):
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def score_story(slug, docs, labels, report, crashed):
    """Per-story counts (summed later) and the error lists."""
    found = []   # (doc, [(s, e)], speaker names tuple, kind, cluster id, variant)
    for c in report.get("clusters", []):
        for v in c.get("variants", []):
            a = v.get("attribution") or {}
            names = tuple(n for n in (a.get("name"), v.get("speaker") if a else None) if n)
            segs = [(s["start"], s["end"]) for s in v.get("segments", [])] or [(v["start"], v["end"])]
            found.append({"doc": v["doc"], "segs": segs, "names": names, "kind": a.get("kind"),
                          "method": a.get("method"), "cluster": c["id"], "text": v.get("statement", "")})
    by_doc = {}
    for f in found:
        by_doc.setdefault(f["doc"], []).append(f)
    story_speakers = {l["speaker"] for l in labels if l.get("speaker") and l.get("speaker_kind") in ("person", "organisation")}
    r = {"documents": len(docs), "crashed": len(crashed), "labels": 0, "found": 0, "with_speaker": 0, "right": 0,
         "unattributed": 0, "wrong": 0, "speaking_quotes": 0, "non_speakers": 0, "pairs": 0, "pairs_clustered": 0,
         "false_merges": 0, "org_joins": 0}
    errors = {"missed": [], "wrong": [], "unattributed": [], "non_speakers": [], "split_pairs": [], "false_merges": []}
    match_of = {}
    for i, l in enumerate(labels):
        if l["doc"] in crashed:
            r["labels"] += 1
            errors["missed"].append((l, "document crashed"))
            continue
        r["labels"] += 1
        span = (l["start"], l["end"])
        best, best_len = None, 0
        for f in by_doc.get(l["doc"], []):
            n = sum(overlap_len(span, s) for s in f["segs"])
            if n > best_len:
                best, best_len = f, n
        if best is None:
            errors["missed"].append((l, None))
            continue
        r["found"] += 1
        match_of[i] = best
        if l.get("speaker") and l.get("speaker_kind") in ("person", "organisation"):
            r["with_speaker"] += 1
            if not best["names"]:
                r["unattributed"] += 1
                errors["unattributed"].append((l, best))
            elif any(same_speaker(n, l["speaker"]) for n in best["names"]):
                r["right"] += 1
            else:
                r["wrong"] += 1
                errors["wrong"].append((l, best))
    for f in found:
        if not f["names"]:
            continue
        r["speaking_quotes"] += 1
        if not any(same_speaker(n, s) for n in f["names"] for s in story_speakers):
            r["non_speakers"] += 1
            errors["non_speakers"].append(f)
    groups = {}
    for i, l in enumerate(labels):
        if l.get("group"):
            groups.setdefault(l["group"], []).append(i)
    for g, members in sorted(groups.items()):
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                a, b = labels[members[x]], labels[members[y]]
                if a["doc"] == b["doc"]:
                    continue
                r["pairs"] += 1
                fa, fb = match_of.get(members[x]), match_of.get(members[y])
                if fa and fb and fa["cluster"] == fb["cluster"]:
                    r["pairs_clustered"] += 1
                else:
                    errors["split_pairs"].append((g, a, b, fa and fa["cluster"], fb and fb["cluster"]))
    clusters = {}
    for i, f in match_of.items():
        l = labels[i]
        if l.get("speaker") and l.get("speaker_kind") in ("person", "organisation"):
            clusters.setdefault(f["cluster"], []).append((l, f))
    for cid, members in sorted(clusters.items()):
        persons = [(l, f) for l, f in members if not (l["speaker_kind"] == "organisation" and f["kind"] in ("organization", "place"))]
        joins = [(l, f) for l, f in members if (l["speaker_kind"] == "organisation" and f["kind"] in ("organization", "place"))]
        names = [l["speaker"] for l, _ in persons] or [l["speaker"] for l, _ in joins]
        conflict = any(not same_speaker(names[0], n) for n in names[1:])
        if conflict:
            r["false_merges"] += 1
            errors["false_merges"].append((cid, sorted({l["speaker"] for l, _ in members})))
        elif persons and joins and any(not same_speaker(names[0], l["speaker"]) for l, _ in joins):
            r["org_joins"] += 1
    return r, errors


def figures(r):
    def frac(a, b):
        return round(a / b, 4) if b else None
    return {
        "documents": r["documents"], "crashed_documents": r["crashed"],
        "labels": r["labels"], "extraction_recall": frac(r["found"], r["labels"]),
        "labelled_with_speaker_found": r["with_speaker"], "attribution_accuracy": frac(r["right"], r["with_speaker"]),
        "unattributed": r["unattributed"], "wrong_speaker": r["wrong"],
        "quotes_with_speaker": r["speaking_quotes"], "non_speaker_rate": frac(r["non_speakers"], r["speaking_quotes"]),
        "non_speakers": r["non_speakers"],
        "variant_pairs": r["pairs"], "variant_pair_recall": frac(r["pairs_clustered"], r["pairs"]),
        "false_merges": r["false_merges"], "organisation_joins": r["org_joins"],
    }


def add(total, r):
    for k, v in r.items():
        total[k] = total.get(k, 0) + v


def print_table(name, f):
    pct = lambda x: "n/a" if x is None else f"{100 * x:.1f}%"
    print(f"== {name}: {f['documents']} documents, {f['labels']} labelled quotes")
    print(f"  documents that crash the run      {f['crashed_documents']} of {f['documents']}")
    print(f"  extraction recall                 {pct(f['extraction_recall'])}")
    print(f"  attribution accuracy              {pct(f['attribution_accuracy'])}  ({f['labelled_with_speaker_found']} found with a labelled speaker: {f['unattributed']} unattributed, {f['wrong_speaker']} wrong)")
    print(f"  quotes given to a non-speaker     {pct(f['non_speaker_rate'])}  ({f['non_speakers']} of {f['quotes_with_speaker']} attributed quotes)")
    print(f"  variant pairs in one cluster      {pct(f['variant_pair_recall'])}  (of {f['variant_pairs']} pairs)")
    print(f"  false merges                      {f['false_merges']}  (organisation joins allowed: {f['organisation_joins']})")


def main():
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        k = argv.index("--")
        argv, extra = argv[:k], argv[k + 1:]
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--devset", default=str(ROOT / "Corpora" / "news-dev"), help="directory with stories/ and labels/")
    ap.add_argument("--binary", default=str(ROOT / ".build" / "release" / "refrain"))
    ap.add_argument("--stories", default="*", help="comma-separated patterns over story slugs")
    ap.add_argument("--split", action="store_true", help="figures for a- and b- stories apart, then together")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--errors", action="store_true", help="list every miss, wrong speaker and split pair")
    ap.add_argument("--no-isolate", action="store_true", help="skip the per-document crash runs")
    args = ap.parse_args(argv)
    devset = Path(args.devset)
    binary = Path(args.binary)
    if not binary.exists():
        print(f"no binary at {binary}: run `swift build -c release` first", file=sys.stderr)
        return 1
    patterns = [p.strip() for p in args.stories.split(",") if p.strip()]
    stories = sorted(p for p in (devset / "stories").glob("*.jsonl") if any(fnmatch.fnmatch(p.stem, pat) for pat in patterns))
    if not stories:
        print(f"no stories match {args.stories} in {devset}/stories", file=sys.stderr)
        return 1
    tmp = Path(tempfile.mkdtemp(prefix="eval-quotes-"))

    def isolate(story):
        docs = load_jsonl(story)
        crashed = set()
        if args.no_isolate:
            return crashed
        for k, d in enumerate(docs):
            path = tmp / f"{story.stem}-{k}.jsonl"
            path.write_text(json.dumps(d, ensure_ascii=False) + "\n", encoding="utf-8")
            rc, _ = run_quotes(binary, [path], extra, tmp / f"{story.stem}-{k}.json")
            if rc not in (0, 3):
                crashed.add(d["id"])
        return crashed

    def story_run(story):
        docs = load_jsonl(story)
        crashed = isolate(story)
        path = story
        if crashed:
            path = tmp / f"{story.stem}-ok.jsonl"
            path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs if d["id"] not in crashed), encoding="utf-8")
        out = tmp / f"{story.stem}.json"
        rc, err = run_quotes(binary, [path], extra, out)
        report = json.loads(out.read_text()) if rc in (0, 3) and out.exists() else {"clusters": []}
        if rc not in (0, 3):
            print(f"{story.stem}: story run failed ({rc}): {err.strip()[:300]}", file=sys.stderr)
            crashed |= {d["id"] for d in docs}
        labels_path = devset / "labels" / story.name
        labels = load_jsonl(labels_path) if labels_path.exists() else []
        return story.stem, score_story(story.stem, docs, labels, report, crashed)

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(story_run, stories))

    sets = [("all", lambda s: True)]
    if args.split:
        sets = [("a- stories", lambda s: s.startswith("a-")), ("b- stories", lambda s: s.startswith("b-")), ("all", lambda s: True)]
    out = {}
    for name, pick in sets:
        total = {}
        for slug, (r, _) in results:
            if pick(slug):
                add(total, r)
        if total:
            out[name] = figures(total)
    out["stories"] = {slug: figures(r) for slug, (r, _) in results}
    if args.json:
        print(json.dumps(out, indent=1, ensure_ascii=False))
    else:
        for name, _ in sets:
            if name in out:
                print_table(name, out[name])
    if args.errors:
        for slug, (_, e) in results:
            print(f"\n### {slug}")
            for l, why in e["missed"]:
                print(f"  MISSED   {l['doc']} [{l['start']},{l['end']}) {l['kind']}: {l['text'][:90]!r}{' (' + why + ')' if why else ''}")
            for l, f in e["unattributed"]:
                print(f"  UNATTR   {l['doc']} [{l['start']},{l['end']}) want {l['speaker']!r}: {l['text'][:80]!r}")
            for l, f in e["wrong"]:
                print(f"  WRONG    {l['doc']} [{l['start']},{l['end']}) want {l['speaker']!r} got {f['names'][0]!r} ({f['method']}): {l['text'][:70]!r}")
            for f in e["non_speakers"]:
                print(f"  NONSPKR  {f['doc']} {f['segs'][0]} {f['names'][0]!r} ({f['method']}): {f['text'][:70]!r}")
            for g, a, b, ca, cb in e["split_pairs"]:
                print(f"  SPLIT    {g}: {a['doc']}@{a['start']} (cluster {ca}) / {b['doc']}@{b['start']} (cluster {cb})")
            for cid, names in e["false_merges"]:
                print(f"  MERGE    cluster {cid}: {names}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
