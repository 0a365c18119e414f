#!/usr/bin/env bash
# Runs the test suite under AddressSanitizer and UndefinedBehaviorSanitizer and the parallel
# paths' tests under ThreadSanitizer, each in its own build directory (.build-asan,
# .build-ubsan, .build-tsan), and fails on any report.
#
#   Scripts/sanitize.sh            all three
#   Scripts/sanitize.sh address    ASan only: every test
#   Scripts/sanitize.sh undefined  UBSan only: every test, with the C shims (CICU, CZlib)
#                                  instrumented by clang (swiftc has no UBSan on Linux; Swift
#                                  code has its own overflow and bounds checks)
#   Scripts/sanitize.sh thread     TSan only: the dedupe engine, stage parts and work
#                                  directories, index building and find/quotes on 1 and 2
#                                  threads, match sources (the code that runs on several threads)
#
# Leak checking is off (detect_leaks=0): the Swift runtime's metadata caches and the test
# runner's one-time allocations are reported as leaks and would drown real ones.
# The Swift backtracer is off so that the sanitizer reports the fault itself.
set -uo pipefail
cd "$(dirname "$0")/.."
export SWIFT_BACKTRACE=enable=no
which=${1:-all}
failed=0

run() {
  local name=$1 scratch=$2 filter=$3 log=$4
  shift 4
  echo "== $name (scratch $scratch, log $log)"
  local start=$SECONDS
  local flags=(--sanitize="$name")
  if [ "$name" = undefined ]; then
    # swiftc has no UBSan on Linux: clang instruments the C targets and the test binary links
    # clang's UBSan runtime.
    local rt
    rt="$(clang -print-resource-dir)/lib/linux"
    flags=(-Xcc -fsanitize=undefined -Xlinker "$rt/libclang_rt.ubsan_standalone-x86_64.so" -Xlinker -rpath -Xlinker "$rt")
  fi
  # shellcheck disable=SC2086
  swift test --scratch-path "$scratch" "${flags[@]}" $filter >"$log" 2>&1
  local status=$?
  local reports
  reports=$(grep -a -c -E '^(==[0-9]+==ERROR: AddressSanitizer|WARNING: ThreadSanitizer|SUMMARY: (Address|Thread|UndefinedBehavior)Sanitizer)|: runtime error: ' "$log" || true)
  grep -a -E '^(✔|✘) Test run with|passed after|failed after' "$log" | tail -1
  echo "$name: exit $status, $reports sanitizer reports, $((SECONDS - start)) s"
  if [ "$status" -ne 0 ] || [ "$reports" -ne 0 ]; then
    grep -a -E -A12 '^(==[0-9]+==ERROR|WARNING: ThreadSanitizer)|: runtime error: ' "$log" | head -60
    failed=1
  fi
}

if [ "$which" = all ] || [ "$which" = address ]; then
  ASAN_OPTIONS=detect_leaks=0 run address .build-asan "" "${TMPDIR:-/tmp}/refrain-asan.log"
fi
if [ "$which" = all ] || [ "$which" = undefined ]; then
  UBSAN_OPTIONS="print_stacktrace=1 halt_on_error=0" \
    run undefined .build-ubsan "" "${TMPDIR:-/tmp}/refrain-ubsan.log"
fi
if [ "$which" = all ] || [ "$which" = thread ]; then
  TSAN_OPTIONS="halt_on_error=0 ${TSAN_EXTRA:-}" \
    run thread .build-tsan "--filter RefrainDedupeTests|ThreadingTests|IndexTests|IndexCorruptionTests|ClusterTests|FindTests|MatchSourceTests" \
      "${TMPDIR:-/tmp}/refrain-tsan.log"
fi
exit $failed
