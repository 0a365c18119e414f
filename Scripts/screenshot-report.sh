#!/usr/bin/env bash
# Renders the HTML report of `refrain quotes Corpora/dprk-ukraine-2024.jsonl` and takes a PNG screenshot
# of it with headless Chromium (Debian's package), so people can see what the report looks like.
#
#   Scripts/screenshot-report.sh            # writes Scripts/out/quotes-report.{html,png}
#
# Environment:
#   REFRAIN_SCRATCH   SwiftPM scratch path for the release build (default .build)
#   WINDOW            browser window size, WIDTHxHEIGHT (default 1400,2000)
#   CORPUS            corpus to report on (default Corpora/dprk-ukraine-2024.jsonl: outlets and dates)
set -euo pipefail
cd "$(dirname "$0")/.."

scratch="${REFRAIN_SCRATCH:-.build}"
window="${WINDOW:-1400,2000}"
corpus="${CORPUS:-Corpora/dprk-ukraine-2024.jsonl}"
out=Scripts/out
html="$out/quotes-report.html"
png="$out/quotes-report.png"
mkdir -p "$out"

echo "building refrain (release)..." >&2
swift build -c release --scratch-path "$scratch" --product refrain >&2
refrain="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/refrain"

rm -f "$html"
"$refrain" quotes "$corpus" --format html --output "$html" --quiet
echo "report: $html" >&2

browser=""
for candidate in chromium chromium-browser google-chrome; do
  if command -v "$candidate" >/dev/null 2>&1; then browser="$candidate"; break; fi
done
if [ -z "$browser" ]; then
  echo "installing Debian's chromium..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq chromium fonts-dejavu-core >&2
  browser=chromium
fi

rm -f "$png"
# A fresh profile each time, so nothing cached changes the picture.
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
  --user-data-dir="$profile" --virtual-time-budget=2000 \
  --screenshot="$PWD/$png" --window-size="$window" "file://$PWD/$html" 2>/dev/null >&2 || true
if [ ! -s "$png" ]; then
  echo "error: chromium wrote no screenshot" >&2
  exit 1
fi
echo "screenshot: $png" >&2
