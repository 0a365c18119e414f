#!/usr/bin/env bash
# Builds a refrain that runs where neither Swift nor ICU is installed (Spark executors): the
# Swift runtime and Foundation linked statically (--static-swift-stdlib), and every shared
# library it still needs beyond glibc (the system ICU, zlib, libstdc++) copied next to it, the
# binary's rpath set to find them there ($ORIGIN/../lib, with patchelf from Debian).
#
# Layout of the archive (ship it with spark-submit --archives refrain-relocatable.tar.gz#refrain;
# executors then find ./refrain/bin/refrain):
#   bin/refrain   lib/libicuuc.so.NN  lib/libicui18n.so.NN  lib/libicudata.so.NN  ...
#
# Usage: Scripts/build-relocatable.sh [OUT.tar.gz]   (default Scripts/out/refrain-relocatable.tar.gz)
# Checks before it writes OUT: the binary resolves every library from the bundle or glibc, and
# runs a dedupe from another directory with LD_LIBRARY_PATH empty.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
OUT="${1:-$HERE/out/refrain-relocatable.tar.gz}"
BUILD="$ROOT/.build-relocatable"

if ! command -v patchelf >/dev/null; then
    echo "build-relocatable: installing patchelf" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq patchelf >/dev/null || {
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq patchelf >/dev/null; }
fi

(cd "$ROOT" && swift build -c release --product refrain --static-swift-stdlib --build-path "$BUILD")
binary="$BUILD/release/refrain"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/lib"
cp "$binary" "$stage/bin/refrain"

# Every library ldd resolves, less glibc's own (present on every Linux with a compatible ABI).
bundle() {
    ldd "$1" | awk '$2 == "=>" && $3 ~ /^\// { print $1, $3 }' | while read -r name path; do
        case "$name" in
            libc.so.*|libm.so.*|libpthread.so.*|libdl.so.*|librt.so.*|ld-linux*|libresolv.so.*) continue ;;
        esac
        [[ -e "$stage/lib/$name" ]] && continue
        cp -L "$path" "$stage/lib/$name"
        chmod u+w "$stage/lib/$name"
        bundle "$stage/lib/$name"
    done
}
bundle "$binary"
patchelf --set-rpath '$ORIGIN/../lib' "$stage/bin/refrain"
for lib in "$stage"/lib/*; do patchelf --set-rpath '$ORIGIN' "$lib"; done

echo "bundled:" $(cd "$stage/lib" && ls) >&2
# Check: nothing resolves outside the bundle but glibc, and it runs from elsewhere.
outside=$(cd / && env LD_LIBRARY_PATH= ldd "$stage/bin/refrain" | awk '$2 == "=>" { print $1, $3 }' \
    | while read -r name path; do echo "$name $(realpath -m "$path")"; done \
    | grep -v -F " $stage/lib/" | grep -v -E '^(libc|libm|libpthread|libdl|librt|libresolv)\.so' || true)
if [[ -n "$outside" ]]; then
    echo "build-relocatable: still linked outside the bundle:" >&2
    echo "$outside" >&2
    exit 1
fi
sample="$(mktemp -d)"
printf '{"id":"a","text":"Moscow and Pyongyang have deepened military cooperation as Russia seeks arms."}\n{"id":"b","text":"Moscow and Pyongyang have deepened military cooperation as Russia seeks arms!"}\n' > "$sample/c.jsonl"
(cd "$sample" && env -i PATH=/usr/bin:/bin LD_LIBRARY_PATH= "$stage/bin/refrain" dedupe c.jsonl --quiet -o r.json)
tr -d ' \n' < "$sample/r.json" | grep -q '"clusters":1,' || { echo "build-relocatable: the relocated binary found no cluster" >&2; exit 1; }
rm -rf "$sample"

mkdir -p "$(dirname "$OUT")"
tar -czf "$OUT.tmp" -C "$stage" bin lib
mv "$OUT.tmp" "$OUT"
echo "build-relocatable: $OUT ($(du -h "$OUT" | cut -f1)); ship with spark-submit --archives $OUT#refrain" >&2
