"""Large-star/small-star against a plain union-find, on random graphs with long chains."""

import random

from refrain_spark.components import connected_components


def union_find(edges, nodes):
    parent = {n: n for n in nodes}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    comps = {}
    for n in nodes:
        comps.setdefault(find(n), []).append(n)
    return sorted(sorted(c) for c in comps.values())


def test_matches_union_find(spark):
    rng = random.Random(3)
    edges = [(i, i + 1) for i in range(0, 200) if i % 67 != 0]            # long chains
    edges += [(rng.randrange(1000, 1600), rng.randrange(1000, 1600)) for _ in range(400)]
    edges += [(5000, 5000)]                                                 # a self-loop only
    edges = [(a, b) for a, b in edges]
    nodes = sorted({n for e in edges for n in e if e[0] != e[1]})
    df = spark.createDataFrame(edges, "a long, b long")
    labels, rounds = connected_components(df)
    got = {}
    for r in labels.collect():
        got.setdefault(r.label, []).append(r.node)
    assert sorted(sorted(c) for c in got.values()) == union_find([e for e in edges if e[0] != e[1]], nodes)
    assert all(label == min(c) for label, c in got.items())
    assert rounds >= 2
