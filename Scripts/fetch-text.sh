#!/usr/bin/env bash
# Fetch real, freely licensed text from Debian documentation packages and
# extract it as plain UTF-8 text for benchmarks:
#
#   Scripts/out/text/en/*.txt            English prose (documentation, handbook, fortunes, jargon)
#   Scripts/out/text/{ru,zh,ja,ko}/*.txt non-Latin text (handbook translations, man pages, fortunes, ...)
#
# Packages are fetched with `apt-get download` and unpacked with `dpkg-deb -x`
# under Scripts/out/debs and Scripts/out/root: nothing is installed into the
# system, so no system package is upgraded as a side effect. Idempotent: debs
# already present are not downloaded again, unpacked packages are not unpacked
# again, and text is re-extracted only when missing (or with --force).
#
# Usage: Scripts/fetch-text.sh [--force]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${FETCH_TEXT_OUT:-$HERE/out}"   # override for testing
DEBS="$OUT/debs"
ROOT="$OUT/root"
TEXT="$OUT/text"
FORCE=0
[[ "${1:-}" == "--force" ]] && FORCE=1

# Metapackages resolved to their versioned package (python3-doc -> python3.11-doc, ...),
# so the script keeps working on a later Debian release.
resolve() {
    local meta="$1" dep
    dep="$(apt-cache depends "$meta" 2>/dev/null | awk '/^ *Depends:/ {print $2; exit}')"
    [[ -n "$dep" ]] && echo "$dep" || echo "$meta"
}

ensure_lists() {
    local policy
    policy="$(apt-cache policy debian-handbook 2>/dev/null || true)"
    if [[ "$policy" != *"Candidate: "[0-9]* ]]; then
        echo "fetch-text: apt lists missing, running apt-get update" >&2
        if [[ $(id -u) -eq 0 ]]; then apt-get update -qq; else sudo apt-get update -qq; fi
    fi
}

ensure_lists

PACKAGES=(
    # English
    "$(resolve python3-doc)"
    "$(resolve linux-doc)"
    "$(resolve postgresql-doc)"
    debian-handbook            # also ru-RU, zh-CN, ja-JP, ko-KR translations
    perl-doc
    git-doc
    jargon-text
    fortunes
    debian-reference-en
    developers-reference
    installation-guide-amd64   # Architecture: all; also ru, ja, ko, zh_CN
    debian-policy
    maint-guide
    python-django-doc
    python-sqlalchemy-doc
    sphinx-doc
    nodejs-doc
    gimp-help-en
    libreoffice-help-en-us
    gnome-user-docs            # GNOME help: C (English), ru, zh_CN, ja, ko
    # Russian
    fortunes-ru
    manpages-ru
    developers-reference-ru
    libreoffice-help-ru
    # Chinese
    fortunes-zh
    manpages-zh
    debian-reference-zh-cn
    maint-guide-zh-cn
    libreoffice-help-zh-cn
    # Japanese
    manpages-ja
    debian-reference-ja
    developers-reference-ja
    maint-guide-ja
    libreoffice-help-ja
    # Korean
    gimp-help-ko
    libreoffice-help-ko
)

mkdir -p "$DEBS" "$ROOT/.stamps" "$TEXT"
cd "$DEBS"

missing=()
for p in "${PACKAGES[@]}"; do
    compgen -G "${p}_*.deb" >/dev/null || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "fetch-text: downloading ${#missing[@]} package(s): ${missing[*]}" >&2
    if ! apt-get download -q "${missing[@]}" >&2; then
        # One unavailable name fails the whole call: retry one by one and carry on without it.
        for p in "${missing[@]}"; do
            compgen -G "${p}_*.deb" >/dev/null || apt-get download -q "$p" >&2 \
                || echo "fetch-text: WARNING: could not download $p; its text will be missing" >&2
        done
    fi
fi

for p in "${PACKAGES[@]}"; do
    compgen -G "${p}_*.deb" >/dev/null || continue
    deb="$(compgen -G "${p}_*.deb" | sort | tail -n 1)"
    stamp="$ROOT/.stamps/$deb"
    if [[ ! -e "$stamp" ]]; then
        echo "fetch-text: unpacking $deb" >&2
        dpkg-deb -x "$deb" "$ROOT"
        touch "$stamp"
    fi
done

PY="${PYTHON:-python3}"
args=(--root "$ROOT" --out "$TEXT")
((FORCE)) && args+=(--force)
"$PY" "$HERE/extract-text.py" "${args[@]}"

echo "fetch-text: sizes" >&2
for lang in en ru zh ja ko; do
    [[ -d "$TEXT/$lang" ]] || continue
    du -sh --apparent-size "$TEXT/$lang" >&2
done
