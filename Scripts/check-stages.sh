#!/usr/bin/env bash
# Runs `refrain dedupe` on a JSON Lines corpus twice, once as a single process and once as the
# staged, sharded pipeline a cluster would run (every stage and every part its own process, files
# in between), times both and checks that the two reports are byte-identical.
#
#   signatures: one process per shard of the corpus      --stop-after signatures
#   candidates: one process per band part                --stop-after candidates --part i/n
#   pairs:      one process per slice of the candidates  --stop-after pairs --part j/m
#   clusters and report: one process                     --pairs P0 --pairs P1 ...
#
# Usage: Scripts/check-stages.sh CORPUS.jsonl [SHARDS [PARTS]] [-- extra refrain dedupe options]
#   SHARDS (default 2) corpus shards, PARTS (default 2) parts of the candidate and pair stages.
#   REFRAIN=path/to/refrain (default .build/release/refrain); work files go to Scripts/out/stages.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REFRAIN="${REFRAIN:-$HERE/../.build/release/refrain}"
corpus="${1:?usage: check-stages.sh CORPUS.jsonl [SHARDS [PARTS]] [-- options]}"
shift
shards=2
parts=2
if [[ $# -gt 0 && "$1" != "--" ]]; then shards="$1"; shift; fi
if [[ $# -gt 0 && "$1" != "--" ]]; then parts="$1"; shift; fi
[[ "${1:-}" == "--" ]] && shift
extra=("$@")
[[ -x "$REFRAIN" ]] || { echo "check-stages: no refrain at $REFRAIN (swift build -c release)" >&2; exit 1; }

out="$HERE/out/stages"
rm -rf "$out"
mkdir -p "$out"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

t0=$(now)
"$REFRAIN" dedupe "$corpus" --quiet "${extra[@]}" -o "$out/single.json"
t1=$(now)

# Shards: consecutive runs of lines, in corpus order.
lines=$(wc -l < "$corpus")
per=$(( (lines + shards - 1) / shards ))
split -d -a 3 -l "$per" --additional-suffix=.jsonl "$corpus" "$out/shard-"
shard_args=()
t2=$(now)
for file in "$out"/shard-*.jsonl; do
    dir="${file%.jsonl}.sig"
    "$REFRAIN" dedupe "$file" --quiet "${extra[@]}" --work-dir "$dir" --stop-after signatures
    shard_args+=(--shard "$dir")
done
t3=$(now)
candidate_args=()
for ((i = 0; i < parts; i++)); do
    "$REFRAIN" dedupe "${shard_args[@]}" --quiet "${extra[@]}" --stop-after candidates --part "$i/$parts" --work-dir "$out/candidates-$i"
    candidate_args+=(--candidates "$out/candidates-$i")
done
t4=$(now)
pair_args=()
for ((j = 0; j < parts; j++)); do
    "$REFRAIN" dedupe "${shard_args[@]}" "${candidate_args[@]}" --quiet "${extra[@]}" --stop-after pairs --part "$j/$parts" --work-dir "$out/pairs-$j"
    pair_args+=(--pairs "$out/pairs-$j")
done
t5=$(now)
"$REFRAIN" dedupe "${shard_args[@]}" "${pair_args[@]}" --quiet "${extra[@]}" -o "$out/staged.json"
t6=$(now)

echo "single process:            $(elapsed "$t0" "$t1") s"
echo "staged, $shards shards, $parts parts:  signatures $(elapsed "$t2" "$t3") s, candidates $(elapsed "$t3" "$t4") s, pairs $(elapsed "$t4" "$t5") s, clusters+report $(elapsed "$t5" "$t6") s; total $(elapsed "$t2" "$t6") s"
# A single run counts the reader's skipped documents; shards do not carry that count.
if cmp -s <(grep -v '"skipped_documents"' "$out/single.json") <(grep -v '"skipped_documents"' "$out/staged.json"); then
    echo "reports: identical ($(wc -c < "$out/staged.json") bytes)"
else
    echo "reports: DIFFER (see $out/single.json and $out/staged.json)" >&2
    exit 1
fi
