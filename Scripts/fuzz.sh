#!/usr/bin/env bash
# Builds the fuzz targets (Scripts/Fuzz, libFuzzer + AddressSanitizer) and runs one, or all.
#
#   Scripts/fuzz.sh NAME SECONDS     run target NAME for SECONDS
#   Scripts/fuzz.sh all SECONDS      run every target for SECONDS each
#   Scripts/fuzz.sh list             the targets
#
# Targets: tokenizer, jsonl, gzip, quotes, index, workdir. Seeds come from Corpora/ (written
# by the harness into the work directory); the corpus each run grows is kept there too, so
# later runs start where earlier ones stopped. A crash leaves its input in
# $FUZZ_WORK/NAME/artifacts and makes the script exit 1 (replay: refrain-fuzz NAME FILE).
#
# Environment: FUZZ_WORK (default /tmp/refrain-fuzz), FUZZ_FLAGS (extra libFuzzer flags).
# One process, one thread (libFuzzer in-process: no -jobs/-workers fork mode): the machine is shared.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=${FUZZ_WORK:-/tmp/refrain-fuzz}
targets=(tokenizer jsonl gzip quotes index workdir)

if [ "${1:-}" = list ]; then printf '%s\n' "${targets[@]}"; exit 0; fi
if [ $# -ne 2 ]; then
  echo "usage: $0 NAME|all SECONDS" >&2
  exit 2
fi
name=$1
seconds=$2

# One flag: with two -sanitize= flags swiftc keeps only the last, and libFuzzer finds no coverage.
swift build --package-path Scripts/Fuzz --scratch-path Scripts/Fuzz/.build-fuzz \
  -Xswiftc -sanitize=fuzzer,address 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\]' || true
bin="$root/Scripts/Fuzz/.build-fuzz/debug/refrain-fuzz"
[ -x "$bin" ] || { echo "fuzz.sh: build failed" >&2; exit 1; }

# The Swift backtracer and ASan both catch the crash signal; let ASan report it.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}

run() {
  local t=$1
  local dir="$work/$t"
  mkdir -p "$dir/corpus" "$dir/artifacts"
  if [ ! -e "$dir/seeded" ]; then
    "$bin" "$t" --seeds "$dir/corpus" >/dev/null
    touch "$dir/seeded"
  fi
  echo "== $t ($seconds s)"
  local log="$dir/last.log"
  local status=0
  # shellcheck disable=SC2086
  "$bin" "$t" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$dir/artifacts/" ${FUZZ_FLAGS:-} "$dir/corpus" >"$log" 2>&1 || status=$?
  grep -E '^#[0-9]+.*(DONE|pulse|INITED)' "$log" | tail -2 || true
  grep -E '^stat::(number_of_executed_units|new_units_added|peak_rss_mb)' "$log" || true
  if [ $status -ne 0 ]; then
    echo "fuzz.sh: $t failed (exit $status); log: $log" >&2
    grep -E 'ERROR|Fatal error|invariant broken|SUMMARY|Test unit written' "$log" | head -8 >&2 || true
    return 1
  fi
}

failed=0
if [ "$name" = all ]; then
  for t in "${targets[@]}"; do run "$t" || failed=1; done
else
  run "$name" || failed=1
fi
exit $failed
