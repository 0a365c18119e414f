#!/usr/bin/env python3
"""Generate Sources/RefrainMatch/LexiconData.swift: the published word lists behind quote
attribution, in a compact form compiled into the target.

Sources (fetched with the ordinary clients into Scripts/out/lexicon/, git-ignored):
- Debian `wamerican` (SCOWL word list by Kevin Atkinson; permissive SCOWL licence, notice
  kept in LexiconData.swift): every all-lower-case entry without an apostrophe is a common
  word. A capitalised word whose lower-case form is common ("Cup", "Forecast", "Sweeping")
  is not taken for a person's name on its own.
- PyPI `names` 0.3.0 (MIT; its data are the US Census Bureau's 1990 first-name frequency
  files, a US government work in the public domain): a first name is male or female when its
  frequency in one list is at least four times that in the other (both lists are per cent of
  the population of that sex) and five times its frequency as a surname (dist.all.last: "Kim",
  "Lee", "Jordan" are as often family names, written first in Korean and Chinese order);
  otherwise it is ambiguous and gives no gender.
- Debian `wordnet-base` (WordNet 3.0, Princeton University; WordNet 3.0 licence, notice kept):
  * speech verbs: lemmas of the hyponyms (three levels) of the communication senses of say,
    add ("state or say further"), announce, write ("communicate by writing"), explain, ask,
    answer, comment, warn, declare, claim, insist, note, concede and tell, kept only when the
    lemma's most frequent sense is itself in verb.communication (so "be", "get", "run" drop
    out), less a short list of lemmas that are rarely speech in news (below); inflected with
    WordNet's verb.exc exceptions and the regular English rules;
  * person nouns: single-word common nouns (written in lower case) of noun.person synsets
    (judge, nurse, passenger, administrator, spokesman): role words before a name and heads of
    descriptions;
  * group nouns: single-word lemmas whose most frequent sense is in noun.group (company,
    department, agency, federation, club): heads that make a description an organisation;
  * place names: capitalised single-word lemmas of noun.location / noun.object synsets with no
    noun.person sense, not first names, not common words (Idaho, Manchester, Ontario);
  * demonyms: capitalised adjectives whose pertainym is a noun.location synset ("Argentine",
    "Canadian": "of or relating to Canada or its people") and capitalised noun.person lemmas
    glossed "a native or inhabitant of ..." ("Slovak"), not first names. A nationality
    before a name modifies it ("British-Canadian Hinton"); on its own it names nobody.

Usage: python3 Scripts/make-lexicon.py        (rewrites LexiconData.swift; deterministic)
"""
import os
import re
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Scripts" / "out" / "lexicon"
TARGET = ROOT / "Sources" / "RefrainMatch" / "LexiconData.swift"

# WordNet communication lemmas that are seldom a speech cue in news text, or are common words
# in other senses next to a quote (reasoned, not tuned on any article).
VERB_STOP = {
    "will", "mean", "out", "point", "sign", "type", "issue", "style", "contract", "fate", "doom", "dimension",
    "satellite", "swan", "rerun", "backspace", "braille", "docket", "ditto", "dj", "disc-jockey", "disk-jockey",
    "double-space", "triple-space", "touch-type", "typewrite", "handwrite", "instance", "signal", "signpost",
    "introduce", "consult", "designate", "destine", "predestine", "omen", "bode", "betoken", "indicate", "express",
    "translate", "transcribe", "transliterate", "retranslate", "mistranslate", "romanise", "romanize", "latinise",
    "latinize", "decode", "decipher", "decrypt", "deconstruct", "rewrite", "revise", "amend", "circulate",
    "broadcast", "rebroadcast", "telecast", "televise", "sportscast", "podcast", "sentence", "bless", "hallow",
    "sanctify", "reconsecrate", "thank", "lecture", "scald", "jaw", "peach", "rede", "subvent", "subvention",
    "leak", "harp", "rail", "trumpet", "herald", "harbinger", "portend", "presage", "augur", "auspicate",
    "foreshadow", "foreshow", "previse", "underwrite", "guarantee", "swear", "plight", "pledge", "vow",
    "proposition", "premise", "preamble", "preface", "prologise", "prologize", "prologuize", "precis", "recap",
}
VERB_SEEDS = [("say", 0), ("say", 1), ("add", 1), ("announce", 1), ("write", 1), ("explain", 0), ("ask", 0),
              ("ask", 2), ("answer", 0), ("comment", 0), ("warn", 0), ("declare", 0), ("declare", 2), ("claim", 0),
              ("insist", 0), ("insist", 2), ("note", 0), ("concede", 0), ("tell", 1)]


def run(cmd, cwd):
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def fetch():
    OUT.mkdir(parents=True, exist_ok=True)
    for pkg in ("wamerican", "wordnet-base"):
        if not list(OUT.glob(f"{pkg}_*.deb")):
            run(["apt-get", "download", pkg], OUT)
        deb = sorted(OUT.glob(f"{pkg}_*.deb"))[-1]
        if not (OUT / pkg).exists():
            run(["dpkg-deb", "-x", str(deb), str(OUT / pkg)], OUT)
    if not (OUT / "names-0.3.0").exists():
        run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "names==0.3.0", "-d", str(OUT)], OUT)
        with tarfile.open(OUT / "names-0.3.0.tar.gz") as t:
            t.extractall(OUT)


def wordnet(pos):
    d = OUT / "wordnet-base" / "usr" / "share" / "wordnet"
    syn = {}
    for line in open(d / f"data.{pos}", encoding="latin-1"):
        if line.startswith("  "):
            continue
        parts = line.split(" | ")[0].split()
        if pos != "verb":
            GLOSS[(pos, parts[0])] = line.partition(" | ")[2]
        n = int(parts[3], 16)
        raw = [re.sub(r"\(.*\)$", "", parts[4 + 2 * i]) for i in range(n)]
        words = [w.lower() for w in raw]
        k = 4 + 2 * n
        ptrs = [(parts[k + 1 + 4 * i], parts[k + 2 + 4 * i]) for i in range(int(parts[k]))]
        syn[parts[0]] = (int(parts[1]), words, ptrs, raw)
    idx = {}
    for line in open(d / f"index.{pos}", encoding="latin-1"):
        if line.startswith("  "):
            continue
        p = line.split()
        idx[p[0]] = p[4 + int(p[3]) + 2:]
    exc = {}
    for line in open(d / f"{pos}.exc", encoding="latin-1"):
        form, base = line.split()[:2]
        exc.setdefault(base, set()).add(form)
    return syn, idx, exc


GLOSS = {}


def hyponyms(syn, off, depth):
    out, stack = {off}, [(off, 0)]
    while stack:
        o, k = stack.pop()
        if k >= depth:
            continue
        for sym, t in syn[o][2]:
            if sym == "~" and t not in out:
                out.add(t)
                stack.append((t, k + 1))
    return out


def inflect(v, exc):
    """Third person, past (and participle) and -ing forms: WordNet's exceptions, else the rules."""
    forms = {v}
    irregular = exc.get(v, set())
    forms |= irregular
    if v.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms.add(v + "es")
    elif re.search(r"[^aeiou]y$", v):
        forms.add(v[:-1] + "ies")
    else:
        forms.add(v + "s")
    if not irregular:
        if v.endswith("e"):
            forms.add(v + "d")
        elif re.search(r"[^aeiou]y$", v):
            forms.add(v[:-1] + "ied")
        elif re.search(r"[^aeiou][aeiou][bdgmnprt]$", v) and len(v) <= 4:
            forms.add(v + v[-1] + "ed")
        else:
            forms.add(v + "ed")
    if v.endswith("ie"):
        forms.add(v[:-2] + "ying")
    elif v.endswith("e") and not v.endswith("ee"):
        forms.add(v[:-1] + "ing")
    elif re.search(r"[^aeiou][aeiou][bdgmnprt]$", v) and len(v) <= 4:
        forms.add(v + v[-1] + "ing")
    else:
        forms.add(v + "ing")
    return forms


def main():
    fetch()
    words = (OUT / "wamerican" / "usr" / "share" / "dict" / "american-english").read_text(encoding="utf-8").split("\n")
    common = sorted({w for w in words if w and "'" not in w and w == w.lower() and w.isalpha()})

    def census(name):
        freq = {}
        for line in open(OUT / "names-0.3.0" / "names" / name):
            p = line.split()
            if len(p) >= 2:
                freq[p[0].lower()] = float(p[1])
        return freq
    male, female = census("dist.male.first"), census("dist.female.first")
    last = census("dist.all.last")
    # A name as common as a surname ("Kim", "Lee", "Jordan") may be a family name written
    # first: it gives no gender unless its first-name frequency is five times its surname one.
    males = sorted(n for n in male if male[n] >= 4 * female.get(n, 0.0) and male[n] >= 5 * last.get(n, 0.0))
    females = sorted(n for n in female if female[n] >= 4 * male.get(n, 0.0) and female[n] >= 5 * last.get(n, 0.0))

    vsyn, vidx, vexc = wordnet("verb")
    lemmas = set()
    for lemma, sense in VERB_SEEDS:
        for o in hyponyms(vsyn, vidx[lemma][sense], 3):
            lemmas |= {w for w in vsyn[o][1] if "_" not in w}
    lemmas = {w for w in lemmas if w in vidx and vsyn[vidx[w][0]][0] == 32 and w not in VERB_STOP}
    lemmas |= {lemma for lemma, _ in VERB_SEEDS}
    verbs = sorted({f for v in lemmas for f in inflect(v, vexc)})

    nsyn, nidx, _ = wordnet("noun")
    # Common nouns only: a lemma written in lower case in some noun.person synset (WordNet also
    # lists famous people, "Kent" the painter, as instances).
    persons = sorted({w for o, (lex, _, _, raw) in nsyn.items() if lex == 18 for w in raw
                      if "_" not in w and w == w.lower() and w.replace("-", "").isalpha()})
    groups = sorted(w for w, offs in nidx.items() if "_" not in w and nsyn[offs[0]][0] == 14)
    # Person heads: person nouns whose most frequent sense is a person ("resident", "woman",
    # "host"), not those that are mostly something else ("life", "medium", "second").
    heads = sorted(w for w in persons if w in nidx and nsyn[nidx[w][0]][0] == 18)
    # Places: proper nouns (written capitalised) of noun.location or noun.object synsets (cities,
    # states, rivers, islands), single words, that have no noun.person sense and are neither
    # first names nor common words ("Idaho", "Manchester", "Ontario"; not "Jordan", "Turkey").
    firsts = set(male) | set(female)
    commons = set(common)
    proper = {w.lower() for o, (lex, _, _, raw) in nsyn.items() if lex in (15, 17) for w in raw
              if w[:1].isupper() and "_" not in w and "-" not in w and w.isalpha()}
    places = sorted(w for w in proper if w not in firsts and w not in commons
                    and not any(nsyn[o][0] == 18 for o in nidx.get(w, [])))

    # Demonyms: pertainym adjectives of places, and natives of places (WordNet).
    asyn, _, _ = wordnet("adj")
    demonyms = {w.lower() for o, (_, _, ptrs, raw) in asyn.items()
                if any(sym == "\\" and t in nsyn and nsyn[t][0] == 15 for sym, t in ptrs)
                for w in raw if w[:1].isupper() and "_" not in w}
    native = re.compile(r"(a )?(native|inhabitant|citizen)s? (or (native|inhabitant|citizen) )?of ")
    demonyms |= {w.lower() for o, (lex, _, _, raw) in nsyn.items() if lex == 18 and native.match(GLOSS.get(("noun", o), ""))
                 for w in raw if w[:1].isupper() and "_" not in w}
    demonyms = sorted(w for w in demonyms if w not in firsts)

    def literal(name, doc, items):
        body = "\n".join(items)
        return f'    /// {doc} ({len(items)} entries, one a line).\n    static let {name} = """\n{body}\n"""\n'

    text = [
        "// Generated by Scripts/make-lexicon.py; do not edit by hand.\n",
        "//\n",
        "// Common words: SCOWL via Debian wamerican. Copyright 2000-2011 by Kevin Atkinson. Permission to use,\n",
        "// copy, modify, distribute and sell these word lists, the associated scripts, the output created from\n",
        "// the scripts, and its documentation for any purpose is hereby granted without fee, provided that the\n",
        "// above copyright notice appears in all copies and that both that copyright notice and this permission\n",
        "// notice appear in supporting documentation. Kevin Atkinson makes no representations about the\n",
        "// suitability of this array for any purpose. It is provided \"as is\" without express or implied warranty.\n",
        "//\n",
        "// First names: US Census Bureau 1990 name frequency files (public domain), as shipped by PyPI names 0.3.0 (MIT).\n",
        "//\n",
        "// Speech verbs, person nouns, group nouns: WordNet 3.0 Copyright 2006 by Princeton University. All rights\n",
        "// reserved. Permission to use, copy, modify and distribute this software and database and its\n",
        "// documentation for any purpose and without fee or royalty is hereby granted, provided that you agree to\n",
        "// comply with the copyright notice and statements, including the disclaimer. THIS SOFTWARE AND DATABASE\n",
        "// IS PROVIDED \"AS IS\" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED.\n",
        "// The name of Princeton University or Princeton may not be used in advertising or publicity pertaining\n",
        "// to distribution of the software and/or database.\n\n",
        "/// The published word lists behind attribution, as text compiled into the target (no bundle to\n",
        "/// find at run time, so a relocated binary or a fuzzing harness reads the same lists).\n",
        "enum LexiconData {\n",
        literal("commonWords", "Lower-case English words (SCOWL, Debian wamerican)", common),
        literal("maleFirstNames", "First names at least four times as frequent for men (US Census 1990)", males),
        literal("femaleFirstNames", "First names at least four times as frequent for women (US Census 1990)", females),
        literal("speechVerbs", "Speech verbs and their inflections (WordNet 3.0 verb.communication)", verbs),
        literal("personNouns", "Nouns for people (WordNet 3.0 noun.person)", persons),
        literal("personHeadNouns", "Nouns whose first sense is a person (WordNet 3.0 noun.person, first sense)", heads),
        literal("groupNouns", "Nouns for groups and organisations (WordNet 3.0 noun.group, first sense)", groups),
        literal("placeNames", "Proper names of places (WordNet 3.0 noun.location and noun.object)", places),
        literal("demonyms", "Nationality adjectives and nouns (WordNet 3.0 pertainyms of places, natives of places)", demonyms),
        "}\n",
    ]
    TARGET.write_text("".join(text), encoding="utf-8")
    print(f"{TARGET.relative_to(ROOT)}: {len(common)} common words, {len(males)} male and {len(females)} female first names, "
          f"{len(verbs)} speech-verb forms, {len(persons)} person nouns ({len(heads)} first-sense), {len(groups)} group nouns, {len(places)} place names, {len(demonyms)} demonyms")


if __name__ == "__main__":
    main()
