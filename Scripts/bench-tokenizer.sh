#!/usr/bin/env bash
# Tokenizer benchmark: raw ICU word-break iteration vs Refrain's full tokenizer
# (segmentation + normalization + offsets + hashes), 1 and 2 threads, English and non-Latin
# text, in one run; then the differential check (fast paths vs ICU alone, token by token).
# Usage: Scripts/bench-tokenizer.sh [--repeat N]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/fetch-text.sh" >/dev/null
cd "$here/Benchmarks"
swift build -c release --product refrain-benchmarks >/dev/null
bin="$(swift build -c release --show-bin-path)/refrain-benchmarks"
text="$here/out/text"
"$bin" tokenizer "$@" "$text/en" "$text/ru" "$text/zh" "$text/ja" "$text/ko"
"$bin" differential "$text/en" "$text/ru" "$text/zh" "$text/ja" "$text/ko"
