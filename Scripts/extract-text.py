#!/usr/bin/env python3
"""Extract plain text from unpacked Debian documentation packages.

Called by fetch-text.sh after the packages are unpacked under --root. Writes one
UTF-8 file per source to OUT/<lang>/<source>.txt. Inside a file, paragraphs are
separated by one blank line and pages (one HTML page, man page, POD file or
fortune) by two blank lines, so readers can recover page boundaries with
``text.split("\\n\\n\\n")``.

Markup is stripped: HTML (navigation, code blocks, scripts, sidebars and tables
of contents dropped), POD (verbatim blocks dropped), roff man pages (macros and
escapes removed, no-fill/code blocks dropped) and fortune files ('%'
separators). For non-English sources, paragraphs whose letters are mostly not
in the expected script (untranslated English left in a translation) are
dropped. Standard library only; deterministic (inputs are processed in sorted
path order).
"""

from __future__ import annotations

import argparse
import gzip
import html.parser
import os
import re
import sys
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Source:
    """One output file: the pages matched by `patterns` under the root, in sorted order."""

    lang: str
    name: str
    kind: str  # html | pod | roff | fortune | plain
    patterns: tuple[str, ...]
    exclude: tuple[str, ...] = field(default_factory=tuple)


SPHINX_SKIP = (r"/(genindex|py-modindex|search|modindex)[^/]*\.html$", r"/_(sources|static|images|downloads)/")

ZH_FORTUNES = ("chinese", "song100", "tang300")

SOURCES: tuple[Source, ...] = (
    # English.
    Source("en", "python-docs", "html", ("usr/share/doc/python3.*/html/**/*.html",), SPHINX_SKIP),
    Source("en", "linux-kernel-docs", "html", ("usr/share/doc/linux-doc-*/html/**/*.html",),
           SPHINX_SKIP + (r"/html/translations/",)),
    Source("en", "postgresql-docs", "html", ("usr/share/doc/postgresql-doc-*/html/*.html",), (r"/bookindex\.html$",)),
    Source("en", "debian-handbook", "html", ("usr/share/doc/debian-handbook/html/en-US/*.html",)),
    Source("en", "git-docs", "html", ("usr/share/doc/git-doc/**/*.html",)),
    Source("en", "gimp-help", "html", ("usr/share/gimp/2.0/help/en/**/*.html",)),
    Source("en", "debian-reference", "html", ("usr/share/debian-reference/*.en.html",)),
    Source("en", "developers-reference", "html", ("usr/share/developers-reference/*.html",), SPHINX_SKIP),
    Source("en", "installation-guide", "html", ("usr/share/doc/installation-guide-amd64/en/*.html",)),
    Source("en", "debian-policy", "html", ("usr/share/doc/debian-policy/policy.html/*.html",), SPHINX_SKIP),
    Source("en", "maint-guide", "html", ("usr/share/doc/maint-guide/html/*.en.html",)),
    Source("en", "jargon", "plain", ("usr/share/doc/jargon-text/jargon.txt.gz",)),
    Source("en", "django-docs", "html", ("usr/share/doc/python-django-doc/html/**/*.html",),
           SPHINX_SKIP + (r"/_modules/",)),
    Source("en", "sqlalchemy-docs", "html", ("usr/share/doc/python-sqlalchemy-doc/html/**/*.html",),
           SPHINX_SKIP + (r"/_modules/",)),
    Source("en", "sphinx-docs", "html", ("usr/share/doc/sphinx-doc/html/**/*.html",), SPHINX_SKIP + (r"/_modules/",)),
    Source("en", "nodejs-docs", "html", ("usr/share/doc/nodejs/api/*.html",), (r"/all\.html$",)),
    Source("en", "libreoffice-help", "html", ("usr/share/libreoffice/help/en-US/**/*.html",)),
    Source("en", "gnome-help", "html", ("usr/share/help/C/gnome-help/*.page",)),
    Source("en", "perl-pod", "pod", ("usr/share/perl/*/pod/*.pod",)),
    Source("en", "fortunes", "fortune", ("usr/share/games/fortunes/*",),
           tuple(rf"/{n}(\.u8)?$" for n in ZH_FORTUNES)),
    # Russian.
    Source("ru", "debian-handbook", "html", ("usr/share/doc/debian-handbook/html/ru-RU/*.html",)),
    Source("ru", "installation-guide", "html", ("usr/share/doc/installation-guide-amd64/ru/*.html",)),
    Source("ru", "developers-reference", "html", ("usr/share/developers-reference/ru/*.html",), SPHINX_SKIP),
    Source("ru", "fortunes", "fortune", ("usr/share/games/fortunes/ru/*",)),
    Source("ru", "libreoffice-help", "html", ("usr/share/libreoffice/help/ru/**/*.html",)),
    Source("ru", "gnome-help", "html", ("usr/share/help/ru/gnome-help/*.page",)),
    Source("ru", "manpages", "roff", ("usr/share/man/ru/man*/*",)),
    # Chinese (simplified).
    Source("zh", "debian-handbook", "html", ("usr/share/doc/debian-handbook/html/zh-CN/*.html",)),
    Source("zh", "installation-guide", "html", ("usr/share/doc/installation-guide-amd64/zh_CN/*.html",)),
    Source("zh", "debian-reference", "html", ("usr/share/debian-reference/*.zh-cn.html",)),
    Source("zh", "maint-guide", "html", ("usr/share/doc/maint-guide-zh-cn/html/*.html",)),
    Source("zh", "linux-kernel-docs", "html", ("usr/share/doc/linux-doc-*/html/translations/zh_CN/**/*.html",)),
    Source("zh", "fortunes", "fortune", tuple(f"usr/share/games/fortunes/{n}" for n in ZH_FORTUNES)),
    Source("zh", "libreoffice-help", "html", ("usr/share/libreoffice/help/zh-CN/**/*.html",)),
    Source("zh", "gnome-help", "html", ("usr/share/help/zh_CN/gnome-help/*.page",)),
    Source("zh", "manpages", "roff", ("usr/share/man/zh_CN/man*/*",)),
    # Japanese.
    Source("ja", "debian-handbook", "html", ("usr/share/doc/debian-handbook/html/ja-JP/*.html",)),
    Source("ja", "installation-guide", "html", ("usr/share/doc/installation-guide-amd64/ja/*.html",)),
    Source("ja", "debian-reference", "html", ("usr/share/debian-reference/*.ja.html",)),
    Source("ja", "developers-reference", "html", ("usr/share/developers-reference/ja/*.html",), SPHINX_SKIP),
    Source("ja", "maint-guide", "html", ("usr/share/doc/maint-guide-ja/html/*.html",)),
    Source("ja", "linux-kernel-docs", "html", ("usr/share/doc/linux-doc-*/html/translations/ja_JP/**/*.html",)),
    Source("ja", "libreoffice-help", "html", ("usr/share/libreoffice/help/ja/**/*.html",)),
    Source("ja", "gnome-help", "html", ("usr/share/help/ja/gnome-help/*.page",)),
    Source("ja", "manpages", "roff", ("usr/share/man/ja/man*/*",)),
    # Korean.
    Source("ko", "debian-handbook", "html", ("usr/share/doc/debian-handbook/html/ko-KR/*.html",)),
    Source("ko", "installation-guide", "html", ("usr/share/doc/installation-guide-amd64/ko/*.html",)),
    Source("ko", "gimp-help", "html", ("usr/share/gimp/2.0/help/ko/**/*.html",)),
    Source("ko", "libreoffice-help", "html", ("usr/share/libreoffice/help/ko/**/*.html",)),
    Source("ko", "gnome-help", "html", ("usr/share/help/ko/gnome-help/*.page",)),
    Source("ko", "linux-kernel-docs", "html", ("usr/share/doc/linux-doc-*/html/translations/ko_KR/**/*.html",)),
)

# ---------------------------------------------------------------------------
# Paragraph normalisation and script filtering.

_CJK_RANGES = (
    (0x2E80, 0x9FFF),   # radicals, kana, CJK symbols, unified ideographs
    (0xAC00, 0xD7AF),   # Hangul syllables
    (0x1100, 0x11FF),   # Hangul jamo
    (0xF900, 0xFAFF),   # compatibility ideographs
    (0xFF00, 0xFFEF),   # full-width forms
    (0x20000, 0x2FA1F),
)


def _is_cjk(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _CJK_RANGES)


_WS = re.compile(r"\s+")
_CONTROL = re.compile(r"\x1b\[[0-9;]*[A-Za-z]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalize_paragraph(text: str) -> str:
    """Collapse whitespace; a line break between two CJK characters disappears."""
    text = _CONTROL.sub("", text)
    text = text.replace("\u00b6", "").replace("\u00a0", " ").replace("\u200b", "")
    out: list[str] = []
    pos = 0
    for m in _WS.finditer(text):
        out.append(text[pos:m.start()])
        before = text[m.start() - 1] if m.start() > 0 else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if before and after and "\n" in m.group() and _is_cjk(before) and _is_cjk(after):
            pass
        else:
            out.append(" ")
        pos = m.end()
    out.append(text[pos:])
    return "".join(out).strip()


def _script_of(ch: str) -> str:
    cp = ord(ch)
    if 0x0400 <= cp <= 0x052F:
        return "cyrillic"
    if 0xAC00 <= cp <= 0xD7AF or 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F:
        return "hangul"
    if 0x3040 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF or 0xFF66 <= cp <= 0xFF9F:
        return "kana"
    if 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF or cp >= 0x20000:
        return "han"
    if ch.isascii():
        return "latin"
    if unicodedata.category(ch).startswith("L") and "LATIN" in unicodedata.name(ch, ""):
        return "latin"
    return "other"


_EXPECTED = {
    "ru": {"cyrillic"},
    "zh": {"han"},
    "ja": {"han", "kana"},
    "ko": {"hangul", "han"},
}


def keep_paragraph(lang: str, para: str) -> bool:
    """True when the paragraph has letters and (for non-English) is mostly in the expected script."""
    letters = [c for c in para if c.isalpha()]
    if not letters:
        return False
    if lang == "en":
        nonspace = sum(1 for c in para if not c.isspace())
        ascii_letters = sum(1 for c in letters if c.isascii())
        return ascii_letters >= 0.5 * nonspace
    expected = _EXPECTED[lang]
    good = sum(1 for c in letters if _script_of(c) in expected)
    if lang == "ja" and not any(_script_of(c) == "kana" for c in letters) and len(letters) > 20:
        return False  # Chinese or untranslated text in a Japanese source
    return good >= 0.5 * len(letters)


# ---------------------------------------------------------------------------
# HTML.

_BLOCK_TAGS = frozenset(
    "p div li dt dd h1 h2 h3 h4 h5 h6 br tr td th blockquote section article ul ol dl table "
    "title caption figcaption hr center "
    # Mallard (GNOME help) block elements
    "page item terms tree note steps list desc subtitle".split()
)
_SKIP_TAGS = frozenset("script style head pre nav header footer aside noscript svg math textarea select button form "
    # Mallard: metadata, code blocks, link lists, media
    "info screen links media synopsis".split())
_SKIP_CLASSES = frozenset(
    """related sphinxsidebar sphinxsidebarwrapper footer navheader navfooter toc headerlink mobile-nav
    menu-wrapper inline-search version_switcher_placeholder language_switcher_placeholder highlight
    programlisting screen synopsis cmdsynopsis funcsynopsis refsynopsisdiv literallayout breadcrumbs
    sig sig-object list-of-tables list-of-figures list-of-examples lot index docs-nav navigation
    toctree-wrapper contents topic highlight-default highlight-python3 highlight-c highlight-none
    doctest literal-block-wrapper mark""".split()
)
_SKIP_ROLES = frozenset({"navigation", "search"})
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


class _HTMLText(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._buf: list[str] = []
        self._skip_tag: str | None = None
        self._skip_depth = 0

    def _flush(self) -> None:
        if self._buf:
            para = normalize_paragraph("".join(self._buf))
            if para:
                self.paragraphs.append(para)
            self._buf = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth += 1
            return
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag in _VOID:
            return
        skip = tag in _SKIP_TAGS
        if not skip:
            for key, value in attrs:
                if value is None:
                    continue
                if key == "class" and not _SKIP_CLASSES.isdisjoint(value.split()):
                    skip = True
                elif key == "role" and value in _SKIP_ROLES:
                    skip = True
                elif key == "id" and value in ("toc", "header", "footer", "sidebar", "navigation"):
                    skip = True
        if skip:
            self._skip_tag = tag
            self._skip_depth = 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_tag is None and tag in _BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth -= 1
                if self._skip_depth == 0:
                    self._skip_tag = None
            return
        if tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._skip_tag is None:
            self._buf.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_paragraphs(raw: str) -> list[str]:
    parser = _HTMLText()
    parser.feed(raw)
    parser.close()
    return parser.paragraphs


# ---------------------------------------------------------------------------
# POD.

_POD_ENTITIES = {"lt": "<", "gt": ">", "verbar": "|", "sol": "/", "quot": '"', "amp": "&", "apos": "'"}
_POD_CODE_DOUBLE = re.compile(r"([A-Z])<{2,}\s+(.*?)\s+>{2,}", re.S)
_POD_CODE = re.compile(r"([A-Z])<([^<>]*)>")


def _pod_code(m: re.Match[str]) -> str:
    code, inner = m.group(1), m.group(2)
    if code in "XZ":
        return ""
    if code == "E":
        if inner in _POD_ENTITIES:
            return _POD_ENTITIES[inner]
        try:
            return chr(int(inner, 0)) if inner[:1].isdigit() else ""
        except ValueError:
            return ""
    if code == "L":
        if "|" in inner:
            return inner.split("|", 1)[0]
        if inner.startswith(("http:", "https:", "ftp:")):
            return inner
        name, _, section = inner.partition("/")
        section = section.strip('"')
        return section or name
    return inner


def pod_strip(text: str) -> str:
    text = _POD_CODE_DOUBLE.sub(_pod_code, text)
    for _ in range(8):  # nested codes: innermost first
        new = _POD_CODE.sub(_pod_code, text)
        if new == text:
            break
        text = new
    return text


def pod_paragraphs(raw: str) -> list[str]:
    out: list[str] = []
    in_pod = True
    skip_until: str | None = None
    for block in re.split(r"\n[ \t]*\n", raw):
        if not block.strip():
            continue
        if block.startswith("="):
            cmd, _, rest = block.partition(" ")
            cmd = cmd.strip().split("\n")[0]
            if skip_until is not None:
                if cmd == "=end":
                    skip_until = None
                continue
            if cmd == "=cut":
                in_pod = False
            elif cmd in ("=pod",) or cmd.startswith("=head"):
                in_pod = True
            if cmd == "=begin":
                skip_until = rest
                continue
            if cmd.startswith("=head") or cmd == "=item":
                rest = rest.strip()
                if rest and rest not in ("*", "o") and not re.fullmatch(r"\d+\.?", rest):
                    para = normalize_paragraph(pod_strip(rest))
                    if para:
                        out.append(para)
            continue
        if skip_until is not None or not in_pod:
            continue
        if block[:1] in (" ", "\t"):
            continue  # verbatim (code)
        para = normalize_paragraph(pod_strip(block))
        if para:
            out.append(para)
    return out


# ---------------------------------------------------------------------------
# roff man pages.

_ROFF_GLYPHS = {
    "em": "\u2014", "en": "\u2013", "bu": "\u2022", "lq": "\u201c", "rq": "\u201d", "oq": "\u2018",
    "cq": "\u2019", "co": "\u00a9", "aq": "'", "dq": '"', "hy": "-", "mi": "-", "pl": "+", "rg": "\u00ae",
    "tm": "\u2122", "de": "\u00b0", "mu": "\u00d7", "<=": "\u2264", ">=": "\u2265", "->": "\u2192",
    "<-": "\u2190", "ti": "~", "ha": "^", "rs": "\\", "sl": "/", "ga": "`", "aa": "\u00b4", "Fo": "\u00ab",
    "Fc": "\u00bb", "fo": "\u2039", "fc": "\u203a",
}
_ROFF_ESCAPE = re.compile(
    r"\\(?:"
    r"f(?:\[[^\]]*\]|\(..|.)"          # font
    r"|s(?:[+-]?\d+|\[[^\]]*\]|\([+-]?\d\d)"  # size
    r"|\*(?:\[(?P<s1>[^\]]*)\]|\((?P<s2>..)|(?P<s3>.))"  # string
    r"|\((?P<g2>..)|\[(?P<g1>[^\]]*)\]"     # glyph
    r"|[nkgmM](?:\[[^\]]*\]|\(..|.)"    # registers, colours
    r"|[hvwlLbxoDNRSXZ]'[^']*'"          # motions and friends
    r"|(?P<lit>[-e\\ 0~.'`])"             # literal-ish
    r"|[&|^%c:!{}aptdurz]"              # zero-width and ignorable
    r")"
)


def _roff_sub(m: re.Match[str]) -> str:
    glyph = m.group("g2") or m.group("g1") or m.group("s1") or m.group("s2") or m.group("s3")
    if glyph is not None:
        return _ROFF_GLYPHS.get(glyph, "")
    lit = m.group("lit")
    if lit is not None:
        return {"-": "-", "e": "\\", "\\": "\\", " ": " ", "0": " ", "~": " ", ".": ".", "'": "\u00b4", "`": "`"}[lit]
    return ""


def roff_strip(text: str) -> str:
    return _ROFF_ESCAPE.sub(_roff_sub, text)


def _roff_args(rest: str) -> list[str]:
    args: list[str] = []
    for m in re.finditer(r'"((?:[^"]|"")*)"|(\S+)', rest):
        args.append((m.group(1) if m.group(1) is not None else m.group(2)).replace('""', '"'))
    return args


_ROFF_BREAK = frozenset("PP P LP SH SS TP IP HP sp br RS RE Pp Sh Ss Bl El It Dl D1 TQ".split())
_ROFF_FONT = frozenset("B I SM SB".split())
_ROFF_ALT = frozenset("BR RB IR RI BI IB".split())
_ROFF_NOFILL_START = {"nf": "fi", "EX": "EE", "TS": "TE", "Bd": "Ed", "EQ": "EN", "PS": "PE", "de": ".."}


def roff_paragraphs(raw: str) -> list[str]:
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            para = normalize_paragraph("\n".join(buf))
            if para:
                out.append(para)
            buf.clear()

    skip_end: str | None = None
    for line in raw.split("\n"):
        line = re.sub(r'\\".*$', "", line)  # comment
        if skip_end is not None:
            if line.startswith(("." + skip_end, "'" + skip_end)) or (skip_end == ".." and line.strip() == ".."):
                skip_end = None
            continue
        if line.startswith((".", "'")):
            body = line[1:].lstrip()
            name, _, rest = body.partition(" ")
            name = name.strip()
            if not name:
                continue
            if name in _ROFF_NOFILL_START:
                flush()
                skip_end = _ROFF_NOFILL_START[name]
                continue
            if name in _ROFF_BREAK:
                flush()
                if name in ("SH", "SS", "Sh", "Ss"):
                    title = " ".join(_roff_args(rest))
                    if title:
                        buf.append(roff_strip(title))
                        flush()
                elif name == "IP":
                    args = _roff_args(rest)
                    if args and len(roff_strip(args[0]).strip()) > 2:
                        buf.append(roff_strip(args[0]))
                        flush()
                continue
            if name in _ROFF_FONT:
                buf.append(roff_strip(" ".join(_roff_args(rest))))
            elif name in _ROFF_ALT:
                buf.append(roff_strip("".join(_roff_args(rest))))
            elif len(name) == 2 and name[0].isupper() and name[1].islower():
                # mdoc: keep the words, drop macro names that start arguments
                words = [a for a in _roff_args(rest) if not re.fullmatch(r"[A-Z][a-z]|Ns|No|Ar|Fl|Op|Cm", a)]
                if words:
                    buf.append(roff_strip(" ".join(words)))
            continue
        if line.strip():
            buf.append(roff_strip(line))
        else:
            flush()
    flush()
    return out


# ---------------------------------------------------------------------------
# fortune files.


def fortune_pages(raw: str) -> list[list[str]]:
    pages: list[list[str]] = []
    for chunk in re.split(r"^%\s*$", raw, flags=re.M):
        para = normalize_paragraph(chunk)
        if para:
            pages.append([para])
    return pages


def plain_paragraphs(raw: str) -> list[str]:
    return [p for p in (normalize_paragraph(b) for b in re.split(r"\n[ \t]*\n", raw)) if p]


# ---------------------------------------------------------------------------
# Driver.

_FALLBACK_ENCODINGS = {"ru": ("koi8-r", "cp1251"), "zh": ("gb18030",), "ja": ("euc-jp", "shift_jis"), "ko": ("euc-kr",), "en": ("latin-1",)}


def read_text(path: Path, lang: str) -> str:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if path.suffix in (".html", ".htm"):
        m = re.search(rb'charset=["\']?([A-Za-z0-9_-]+)', data[:2048])
        if m:
            try:
                return data.decode(m.group(1).decode())
            except (LookupError, UnicodeDecodeError):
                pass
    for enc in _FALLBACK_ENCODINGS.get(lang, ()):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def source_files(root: Path, src: Source) -> list[Path]:
    found: set[Path] = set()
    for pat in src.patterns:
        for p in root.glob(pat):
            found.add(p)
    files = []
    seen_real: set[Path] = set()
    for p in sorted(found):
        rel = "/" + p.relative_to(root).as_posix()
        if any(re.search(x, rel) for x in src.exclude):
            continue
        if not p.is_file():
            continue
        if src.kind == "fortune":
            if p.suffix in (".dat",) or p.name.endswith(".u8"):
                continue
            u8 = p.with_name(p.name + ".u8")
            if u8.is_file():
                p = u8
        real = p.resolve()
        if real in seen_real:
            continue
        seen_real.add(real)
        files.append(p)
    return files


def extract_source(root: Path, out_dir: Path, src: Source, force: bool) -> tuple[str, int, int, int]:
    target = out_dir / src.lang / f"{src.name}.txt"
    if target.exists() and target.stat().st_size > 0 and not force:
        return (f"{src.lang}/{src.name}.txt", -1, -1, target.stat().st_size)
    files = source_files(root, src)
    pages_out: list[str] = []
    kept = 0
    for path in files:
        raw = read_text(path, src.lang)
        if src.kind == "html":
            pages = [html_paragraphs(raw)]
        elif src.kind == "pod":
            pages = [pod_paragraphs(raw)]
        elif src.kind == "roff":
            pages = [roff_paragraphs(raw)]
        elif src.kind == "fortune":
            pages = fortune_pages(raw)
        elif src.kind == "plain":
            pages = [plain_paragraphs(raw)]
        else:
            raise ValueError(src.kind)
        for paras in pages:
            paras = [p for p in paras if keep_paragraph(src.lang, p)]
            if paras:
                kept += len(paras)
                pages_out.append("\n\n".join(paras))
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_text("\n\n\n".join(pages_out) + "\n", encoding="utf-8")
    os.replace(tmp, target)
    return (f"{src.lang}/{src.name}.txt", len(files), kept, target.stat().st_size)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", type=Path, required=True, help="directory the .deb packages were unpacked into")
    ap.add_argument("--out", type=Path, required=True, help="output directory (gets en/, ru/, zh/, ja/, ko/)")
    ap.add_argument("--force", action="store_true", help="re-extract even when an output file exists")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--only", default="", help="comma-separated source names (lang/name) to extract")
    args = ap.parse_args(argv)
    sources = [s for s in SOURCES if not args.only or f"{s.lang}/{s.name}" in args.only.split(",")]
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(extract_source, args.root, args.out, s, args.force) for s in sources]
        for fut in futures:
            name, nfiles, nparas, size = fut.result()
            status = "kept" if nfiles < 0 else f"{nfiles} files, {nparas} paragraphs"
            print(f"  {name:40s} {size / 1e6:8.2f} MB  ({status})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
