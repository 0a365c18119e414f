"""What users of the peers hit (text-dedup, passim and others on Spark) must not happen here:
unverified LSH edges in the clusters, one giant bucket collected into memory, all short
documents sharing one signature, a GraphFrames or Maven download. And the inputs and options
that do not run on Spark, or are malformed, fail the way the CLI does."""

import json
import os
import subprocess
import sys

import pytest

import corpus
from refrain_spark.cli import run_in
from refrain_spark.pipeline import band_candidates

HERE = os.path.dirname(os.path.abspath(__file__))


def single(refrain, inputs, out, *options):
    r = subprocess.run([refrain, "dedupe", *inputs, "--quiet", "-o", str(out), *options], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return out.read_bytes()


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    path = tmp_path_factory.mktemp("small") / "corpus.jsonl"
    # Without the generator's 300 near-copies of one text, whose pairs all verify.
    corpus.write_jsonl([d for d in corpus.generate(900, seed=11) if "note number" not in d["text"]], path)
    return str(path)


def test_unverified_edges_never_reach_the_clusters(spark, refrain, small, tmp_path):
    """One row per band makes almost every pair sharing a shingle hash a candidate: most fail
    verification, and none of those may join a cluster (components found in Spark here)."""
    options = ["--bands", "40", "--rows", "1"]
    expected = single(refrain, [small], tmp_path / "single.json", *options)
    run_in(spark, [small, "-o", str(tmp_path / "spark.json"), "--work", str(tmp_path / "work"), "--cc-threshold", "1",
                   "--", *options])
    got = (tmp_path / "spark.json").read_bytes()
    report = json.loads(got)
    c = report["counts"]
    assert c["candidates"] > 10 * c["verified_pairs"], "the test needs many candidates that fail verification"
    assert all(p["similarity"] >= 0.8 for p in report["pairs"])
    assert got == expected


def test_a_giant_bucket_is_streamed_never_collected(spark):
    """200,000 units in one bucket, three times the rows the driver lets a window buffer hold
    before it spills (spark.sql.windowExec.buffer.spill.threshold, 65,536): the oversized-bucket
    rule (each unit with the next m) holds exactly, and the plan holds no aggregate that gathers
    a bucket into one value (a groupBy + collect_list, as text-dedup does, holds the whole bucket
    in one row)."""
    from pyspark.sql import functions as F
    n, m = 200_000, 3
    assert int(spark.conf.get("spark.sql.windowExec.buffer.spill.threshold")) * 3 <= n
    giant = spark.range(n).select(F.col("id").alias("unit"), F.lit(0).alias("band"), F.lit(42).cast("long").alias("key"))
    pairs_of_two = spark.range(n, n + 10).select(F.col("id").alias("unit"), F.lit(1).alias("band"),
                                                 (F.col("id") / 2).cast("long").alias("key"))
    lsh = band_candidates(giant.union(pairs_of_two), m)
    plan = lsh._jdf.queryExecution().executedPlan().toString()
    # collect_list as a groupBy aggregate would be an ObjectHashAggregate or SortAggregate; here
    # it runs only as a window function over a bounded frame.
    assert "Window [collect_list" in plan and "ObjectHashAggregate" not in plan and "SortAggregate" not in plan, plan
    got = lsh.agg(F.count("*").alias("n"), F.max(F.col("b") - F.col("a")).alias("widest")).first()
    # Each unit pairs with the next 3 (the last three with fewer), plus 5 buckets of two.
    assert got.n == n * m - (m * (m + 1)) // 2 + 5
    assert got.widest == m
    first = sorted((r.a, r.b) for r in lsh.filter("a < 2").collect())
    assert first == [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (1, 4)]


def test_short_documents_keep_their_own_signatures(spark, refrain, tmp_path):
    """Documents shorter than a shingle are one shingle of all their words: different short texts
    never share a cluster (text-dedup's users saw every short document in one), identical ones do."""
    words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu".split()
    docs = [{"id": f"short-{i}", "text": f"{words[i % 12]} {words[(i * 5 + 1) % 12]}."} for i in range(120)]
    docs += [{"id": f"long-{i}", "text": d["text"]} for i, d in enumerate(corpus.generate(200, seed=3)) if d["text"]]
    path = tmp_path / "short.jsonl"
    corpus.write_jsonl(docs, path)
    expected = single(refrain, [str(path)], tmp_path / "single.json")
    run_in(spark, [str(path), "-o", str(tmp_path / "spark.json"), "--work", str(tmp_path / "work")])
    got = (tmp_path / "spark.json").read_bytes()
    assert got == expected
    report = json.loads(got)
    assert report["counts"]["short_units"] >= 120
    text = {d["id"]: d["text"] for d in docs}
    short_clusters = [c for c in report["clusters"] if any(m["doc"].startswith("short-") for m in c["members"])]
    assert short_clusters, "identical short texts cluster"
    for c in short_clusters:
        assert len({text[m["doc"]] for m in c["members"]}) == 1, c


def test_no_graphframes_no_jars_no_maven(spark, small, tmp_path):
    """Components are DataFrame code; the session loads no jar and no package (this machine
    cannot reach Maven, and a cluster must not need to)."""
    run_in(spark, [small, "-o", str(tmp_path / "r.json"), "--work", str(tmp_path / "work"), "--cc-threshold", "1"])
    conf = spark.sparkContext.getConf()
    for key in ("spark.jars.packages", "spark.jars", "spark.jars.repositories", "spark.jars.ivy"):
        assert not conf.get(key, ""), key
    assert spark.sparkContext._jsc.sc().listJars().size() == 0
    assert "graphframes" not in sys.modules
    sources = os.path.join(HERE, "..", "refrain_spark")
    for name in os.listdir(sources):
        if name.endswith(".py"):
            with open(os.path.join(sources, name)) as f:
                text = f.read().lower()
            assert "graphframes" not in text.replace("no graphframes", "") and "jars.packages" not in text, name


def driver(*argv, env=None):
    return subprocess.run([sys.executable, "-m", "refrain_spark", *argv], capture_output=True, text=True,
                          cwd=os.path.join(HERE, ".."), env=dict(os.environ, **(env or {})))


@pytest.mark.parametrize("options,reason", [(["--boilerplate"], "--boilerplate counts lines across the whole corpus"),
                                            (["--verify", "estimate"], "--verify estimate compares MinHash signatures"),
                                            (["--verify=estimate"], "--verify estimate compares MinHash signatures"),
                                            (["--level", "paragraph"], "--write-deduped at paragraph level")])
def test_options_that_do_not_run_on_spark_are_usage_errors(options, reason, tmp_path):
    r = driver("in.jsonl", "-o", str(tmp_path / "r.json"), "--work", str(tmp_path / "w"),
               *(["--write-deduped", str(tmp_path / "out")] if "--level" in options else []), "--", *options)
    assert r.returncode == 2, r.stderr
    assert reason in r.stderr
    assert not (tmp_path / "w").exists()


def test_a_malformed_line_names_file_line_and_column(spark, refrain, small, tmp_path):
    """Exit status 1 and the CLI's message; with --skip-bad-lines, the line is skipped and
    counted, and the report is the single run's."""
    lines = open(small, encoding="utf-8").read().splitlines(keepends=True)
    lines.insert(56, '{"id": "broken", "text": "an unterminated string\n')
    lines.insert(300, '["not", "an", "object"]\n')
    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join(lines), encoding="utf-8")
    r = subprocess.run([refrain, "dedupe", str(bad), "--quiet", "-o", str(tmp_path / "x.json")], capture_output=True, text=True)
    assert r.returncode == 1 and f"{bad}:57:" in r.stderr
    r = driver("--master", "local[2]", str(bad), "-o", str(tmp_path / "r.json"), "--work", str(tmp_path / "w"),
               env={"REFRAIN_BIN": refrain, "PYTHONPATH": os.path.join(HERE, "..")})
    assert r.returncode == 1, r.stderr[-2000:]
    assert f"refrain-spark: error: {bad}:57:" in r.stderr and "malformed JSON line" in r.stderr
    assert not (tmp_path / "r.json").exists()
    expected = single(refrain, [str(bad)], tmp_path / "single.json", "--skip-bad-lines")
    run_in(spark, [str(bad), "-o", str(tmp_path / "spark.json"), "--work", str(tmp_path / "work"), "--", "--skip-bad-lines"])
    got = (tmp_path / "spark.json").read_bytes()
    assert json.loads(got)["counts"]["skipped_documents"] == 12  # the 2 bad lines and the corpus's 10 empty texts
    assert got == expected


def test_invalid_utf8_is_replaced_as_the_cli_replaces_it(spark, refrain, small, tmp_path):
    """Ill-formed UTF-8 inside a text (a lone continuation byte, a cut sequence, an overlong
    form, a surrogate, a byte past U+10FFFF) becomes U+FFFD, the document kept, as in a single
    run: the same report. Spark's reader (Hadoop's Text) replaces the same maximal subparts."""
    lines = open(small, "rb").read().splitlines(keepends=True)
    damaged = []
    for i, line in enumerate(lines):
        if i % 97 == 5:
            at = line.index(b'"text": "') + 30
            line = line[:at] + [b"\x80", b"\xe2\x82 ", b"\xc0\x80", b"\xed\xa0\x80", b"\xf5\x80"][i % 5] + line[at:]
        damaged.append(line)
    bad = tmp_path / "utf8.jsonl"
    bad.write_bytes(b"".join(damaged))
    expected = single(refrain, [str(bad)], tmp_path / "single.json")
    run_in(spark, [str(bad), "-o", str(tmp_path / "spark.json"), "--work", str(tmp_path / "work")])
    got = (tmp_path / "spark.json").read_bytes()
    assert json.loads(got)["counts"]["documents"] == json.loads(expected)["counts"]["documents"]
    assert got == expected


def test_single_text_files_read_their_header_block(spark, refrain, tmp_path):
    """Text files given by themselves: refrain's reader takes the leading source:/date:/url:
    block as the CLI does (the date decides the representative), ids are the paths as given."""
    body = open(os.path.join(HERE, "..", "..", "README.md"), encoding="utf-8").read()[:3000]
    a, b, c = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    a.write_text("source: gazette\ndate: 2024-05-02\nurl: https://example.org/a\n\n" + body, encoding="utf-8")
    b.write_text("source: courier\ndate: 2024-05-01\n\n" + body.replace("Refrain", "Refrain's"), encoding="utf-8")
    c.write_text(body[::-1], encoding="utf-8")
    inputs = [str(a), str(b), str(c)]
    expected = single(refrain, inputs, tmp_path / "single.json")
    run_in(spark, [*inputs, "-o", str(tmp_path / "spark.json"), "--work", str(tmp_path / "work")])
    got = (tmp_path / "spark.json").read_bytes()
    report = json.loads(got)
    assert report["clusters"] and report["clusters"][0]["representative"]["doc"] == str(b)
    assert got == expected
