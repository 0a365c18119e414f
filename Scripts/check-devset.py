#!/usr/bin/env python3
"""Validate the labelled news dev set in Corpora/news-dev/ (format: its README).

Every stories/<slug>.jsonl line must be an article object with the agreed fields; every
labels/<slug>.jsonl line a label whose doc exists in that story's file, whose byte span
[start, end) of the doc's UTF-8 text equals its `text`, and whose enums are valid. Labels
of one doc must not overlap. A group used by only one label, or only within one doc, is
reported as a warning (a variant group joins one statement across 2+ articles).

Usage: Scripts/check-devset.py [Corpora/news-dev]     exit 0 clean, 1 errors, 2 bad usage
"""

import collections
import json
import pathlib
import re
import sys

ARTICLE_FIELDS = {"id", "text", "source", "url", "date", "title", "story", "lang"}
LABEL_FIELDS = {"doc", "start", "end", "text", "speaker", "speaker_kind", "kind", "group"}
SPEAKER_KINDS = {"person", "organisation", "none"}
KINDS = {"direct", "partial", "continuation", "block"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def read_jsonl(path, errors):
    rows = []
    try:
        raw = path.read_bytes()
    except OSError as error:
        errors.append(f"{path}: unreadable: {error}")
        return rows
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            errors.append(f"{path}:{number}: not a JSON line: {error}")
            continue
        if not isinstance(value, dict):
            errors.append(f"{path}:{number}: not a JSON object")
            continue
        rows.append((number, value))
    return rows


def check_article(where, slug, article, errors):
    keys = set(article)
    if keys != ARTICLE_FIELDS:
        errors.append(f"{where}: fields {sorted(keys ^ ARTICLE_FIELDS)} missing or extra")
    for field in ("id", "text", "source", "url", "story", "lang"):
        if not isinstance(article.get(field), str) or not article.get(field):
            errors.append(f"{where}: {field} must be a non-empty string")
    for field in ("date", "title"):
        if article.get(field) is not None and not isinstance(article.get(field), str):
            errors.append(f"{where}: {field} must be a string or null")
    if isinstance(article.get("date"), str) and not DATE.match(article["date"]):
        errors.append(f"{where}: date {article['date']!r} is not YYYY-MM-DD")
    if article.get("story") != slug:
        errors.append(f"{where}: story {article.get('story')!r} is not the file's slug {slug!r}")
    doc_id = article.get("id")
    if isinstance(doc_id, str):
        prefix, _, rest = doc_id.partition("/")
        if prefix != slug or not re.match(r"^[a-z0-9]+(?:-[a-z0-9]+)*-\d+$", rest):
            errors.append(f"{where}: id {doc_id!r} is not <story>/<outlet-slug>-<n>")
    if isinstance(article.get("url"), str) and not article["url"].startswith(("http://", "https://")):
        errors.append(f"{where}: url is not http(s)")


def check_label(where, label, docs, errors):
    keys = set(label)
    if keys != LABEL_FIELDS:
        errors.append(f"{where}: fields {sorted(keys ^ LABEL_FIELDS)} missing or extra")
        return None
    doc = docs.get(label["doc"])
    if doc is None:
        errors.append(f"{where}: doc {label['doc']!r} is not in the story file")
        return None
    start, end = label["start"], label["end"]
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
        errors.append(f"{where}: start/end must be integers")
        return None
    if not 0 <= start < end <= len(doc):
        errors.append(f"{where}: span [{start}, {end}) outside the doc's {len(doc)} bytes")
        return None
    if not isinstance(label["text"], str) or doc[start:end] != label["text"].encode("utf-8"):
        found = doc[start:end].decode("utf-8", "replace")
        errors.append(f"{where}: text does not match bytes [{start}, {end}): {found[:60]!r}")
    if label["speaker_kind"] not in SPEAKER_KINDS:
        errors.append(f"{where}: speaker_kind {label['speaker_kind']!r} not in {sorted(SPEAKER_KINDS)}")
    if label["kind"] not in KINDS:
        errors.append(f"{where}: kind {label['kind']!r} not in {sorted(KINDS)}")
    speaker = label["speaker"]
    if label["speaker_kind"] == "none":
        if speaker is not None:
            errors.append(f"{where}: speaker_kind none needs speaker null")
    elif not isinstance(speaker, str) or not speaker.strip():
        errors.append(f"{where}: speaker_kind {label['speaker_kind']} needs a speaker name")
    group = label["group"]
    if group is not None:
        if not isinstance(group, str) or ":" not in group:
            errors.append(f"{where}: group {group!r} is not <story-slug>:<statement-slug>")
        else:
            story, _, statement = group.partition(":")
            if story != label["doc"].partition("/")[0] or not SLUG.match(statement):
                errors.append(f"{where}: group {group!r} is not <story-slug>:<statement-slug>")
    return (label["doc"], start, end)


def main(argv):
    if len(argv) > 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    root = pathlib.Path(argv[1] if len(argv) == 2 else "Corpora/news-dev")
    stories_dir, labels_dir = root / "stories", root / "labels"
    if not stories_dir.is_dir():
        print(f"{stories_dir}: not a directory", file=sys.stderr)
        return 2
    errors, warnings = [], []
    totals = collections.Counter()
    ids = {}
    for path in sorted(stories_dir.glob("*.jsonl")):
        slug = path.stem
        docs = {}
        for number, article in read_jsonl(path, errors):
            where = f"{path}:{number}"
            check_article(where, slug, article, errors)
            doc_id = article.get("id")
            if isinstance(doc_id, str):
                if doc_id in ids:
                    errors.append(f"{where}: id {doc_id!r} already used at {ids[doc_id]}")
                ids[doc_id] = where
                if isinstance(article.get("text"), str):
                    docs[doc_id] = article["text"].encode("utf-8")
                    totals["articles " + str(article.get("lang"))] += 1
        totals["stories"] += 1
        label_path = labels_dir / path.name
        if not label_path.exists():
            warnings.append(f"{label_path}: no labels for story {slug}")
            continue
        spans = collections.defaultdict(list)
        groups = collections.defaultdict(set)
        group_uses = collections.Counter()
        for number, label in read_jsonl(label_path, errors):
            where = f"{label_path}:{number}"
            span = check_label(where, label, docs, errors)
            if span is None:
                continue
            totals["labels"] += 1
            totals["kind " + str(label["kind"])] += 1
            spans[span[0]].append((span[1], span[2], number))
            if isinstance(label["group"], str):
                groups[label["group"]].add(label["doc"])
                group_uses[label["group"]] += 1
        for doc_id, items in spans.items():
            items.sort()
            for (s1, e1, n1), (s2, e2, n2) in zip(items, items[1:]):
                if s2 < e1:
                    errors.append(f"{label_path}: lines {n1} and {n2} overlap in {doc_id}")
        for group, doc_set in sorted(groups.items()):
            totals["groups"] += 1
            if group_uses[group] < 2:
                warnings.append(f"{label_path}: group {group} is used only once")
            elif len(doc_set) < 2:
                warnings.append(f"{label_path}: group {group} is used in one doc only")
        unlabelled = sorted(set(docs) - set(spans))
        for doc_id in unlabelled:
            warnings.append(f"{label_path}: doc {doc_id} has no labels")
    for path in sorted(labels_dir.glob("*.jsonl")) if labels_dir.is_dir() else []:
        if not (stories_dir / path.name).exists():
            errors.append(f"{path}: no stories file {stories_dir / path.name}")
    for line in warnings:
        print("warning: " + line)
    for line in errors:
        print("error: " + line)
    print(", ".join(f"{key}: {value}" for key, value in sorted(totals.items())))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
