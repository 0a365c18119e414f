"""The driver in local mode against `refrain dedupe` on the same input: byte-identical reports,
a task failure that changes nothing, a refrain failure that fails the job, Parquet in and out."""

import json
import os
import subprocess

import pytest

import corpus
from refrain_spark.cli import run_in

N = int(os.environ.get("REFRAIN_SPARK_TEST_DOCS", "2500"))


@pytest.fixture(scope="module")
def jsonl(tmp_path_factory):
    d = tmp_path_factory.mktemp("corpus")
    path = d / "corpus.jsonl"
    docs = corpus.generate(N)
    corpus.write_jsonl(docs, path)
    return str(path), docs


def single(refrain, inputs, out, *options):
    r = subprocess.run([refrain, "dedupe", *inputs, "--quiet", "-o", str(out), *options], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return out.read_bytes()


def clusters_by_id(report_bytes):
    report = json.loads(report_bytes)
    return sorted(sorted(m["doc"] for m in c["members"]) for c in report["clusters"])


def test_report_equals_single_run_with_one_task_failure(spark, refrain, jsonl, tmp_path, monkeypatch):
    path, _ = jsonl
    expected = single(refrain, [path], tmp_path / "single.json")
    marks = tmp_path / "failures"
    monkeypatch.setenv("REFRAIN_SPARK_FAIL_ONCE", "signatures:1,verify:0")
    monkeypatch.setenv("REFRAIN_SPARK_FAIL_MARK", str(marks))
    timings = run_in(spark, [path, "-o", str(tmp_path / "spark.json"), "--work", str(tmp_path / "work"),
                             "--partitions", "4", "--slice-pairs", "20000"])
    got = (tmp_path / "spark.json").read_bytes()
    report = json.loads(got)
    assert report["counts"]["large_buckets"] > 0, "the corpus must exercise the oversized-bucket rule"
    assert report["counts"]["clusters"] > 100
    ids = [m["doc"] for c in report["clusters"] for m in c["members"]]
    assert len(ids) == len(set(ids))
    assert timings["partitions"] == 4 and timings["slices"] >= 2
    assert sorted(os.listdir(marks))[0].startswith("signatures-1-") and len(os.listdir(marks)) == 2, \
        "both injected failures happened (and were retried)"
    assert got == expected


def test_paragraph_level_with_containment_and_components_in_spark(spark, refrain, jsonl, tmp_path):
    path, _ = jsonl
    options = ["--level", "paragraph", "--keep", "first"]
    expected = single(refrain, [path], tmp_path / "single.json", *options)
    timings = run_in(spark, [path, "-o", str(tmp_path / "spark.json"), "--work", str(tmp_path / "work"), "--partitions", "3",
                             "--cc-threshold", "1", "--", *options])
    got = (tmp_path / "spark.json").read_bytes()
    assert json.loads(got)["counts"]["containment_candidates"] > 0
    assert timings["components_in_spark"] and timings["cc_rounds"] >= 2
    assert got == expected


def test_a_failing_refrain_fails_the_job(spark, jsonl, tmp_path):
    path, _ = jsonl
    with pytest.raises(Exception, match="exited with status 2"):
        run_in(spark, [path, "-o", str(tmp_path / "r.json"), "--work", str(tmp_path / "work"), "--",
                       "--minhash", "nonsense"])
    assert not (tmp_path / "r.json").exists()


def test_parquet_in_parquet_out(spark, refrain, jsonl, tmp_path):
    _, docs = jsonl
    rows = [dict(d, id=f"row-{i:06d}", date=d.get("date")) for i, d in enumerate(docs)]
    src = tmp_path / "in.parquet"
    spark.createDataFrame(rows, "id string, text string, source string, date string") \
        .repartition(3).write.partitionBy("source").parquet(str(src))
    out = tmp_path / "out.parquet"
    run_in(spark, [str(src), "-o", str(tmp_path / "spark.json"), "--work", str(tmp_path / "work"),
                   "--write-deduped", str(out)])
    report = json.loads((tmp_path / "spark.json").read_bytes())
    removed = {m["doc"] for c in report["clusters"] for m in c["members"] if m["removed"]}
    assert removed and len(removed) == report["counts"]["duplicates_removed"]
    assert sorted(p for p in os.listdir(out) if p.startswith("source=")) == ["source=alpha", "source=beta", "source=gamma"]
    back = spark.read.parquet(str(out))
    assert sorted(back.columns) == ["date", "id", "source", "text"]
    kept = sorted((r.id, r.text, r.source, r.date) for r in back.collect())
    want = sorted((r["id"], r["text"], r["source"], r["date"]) for r in rows if r["id"] not in removed)
    assert kept == want, "every row but the removed duplicates, each once"
    # The same documents as JSON Lines in a single run cluster the same way (the order differs,
    # so representatives may differ; membership does not).
    as_jsonl = tmp_path / "same.jsonl"
    corpus.write_jsonl(rows, as_jsonl)
    assert clusters_by_id(single(refrain, [str(as_jsonl)], tmp_path / "single.json")) == clusters_by_id(
        json.dumps(report).encode())


def test_text_tree_at_paragraph_level(spark, refrain, tmp_path):
    """The repository's news articles as a text tree: ids are relative paths, paragraphs shared
    between articles are found as a single run finds them."""
    tree = os.path.join(os.path.dirname(__file__), "..", "..", "Corpora", "dprk-ukraine-2024")
    tree = os.path.normpath(tree)
    options = ["--level", "paragraph"]
    expected = single(refrain, [tree], tmp_path / "single.json", *options)
    run_in(spark, [tree, "-o", str(tmp_path / "spark.json"), "--work", str(tmp_path / "work"), "--", *options])
    got = (tmp_path / "spark.json").read_bytes()
    assert json.loads(got)["counts"]["clusters"] >= 3
    assert got == expected
