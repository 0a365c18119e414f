#!/usr/bin/env python3
"""Generate Tests/RefrainTextTests/Fixtures/porter2-vocabulary.tsv.

Each line is `word<TAB>stem`, where the stem comes from the reference Snowball
English ("Porter2") stemmer in the `snowballstemmer` package. EnglishStemmer's tests
require every line to match.

The vocabulary, all lower-case a-z plus ASCII apostrophes:
  1. every word of the seed corpus Corpora/dprk-ukraine-2024/*.txt;
  2. a deterministic sample of /usr/share/dict/words (Debian package `wamerican`),
     chosen by a hash of each word so it does not depend on file order, plus for every
     suffix and prefix the algorithm treats specially a few dictionary words that
     carry it, so each rule is exercised by real words;
  3. the exceptional forms and hand-picked edge cases listed below.
If /usr/share/dict/words is missing, the licence texts in /usr/share/common-licenses
stand in for it (the committed fixture names its sources in its header).

Usage (from the package root):
    python3 -m venv Scripts/.venv && Scripts/.venv/bin/pip install snowballstemmer
    Scripts/.venv/bin/python Scripts/make-stemmer-fixture.py
"""

import glob
import hashlib
import os
import re
import sys
from importlib.metadata import version

import snowballstemmer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS_GLOB = os.path.join(ROOT, "Corpora", "dprk-ukraine-2024", "*.txt")
OUT = os.path.join(ROOT, "Tests", "RefrainTextTests", "Fixtures", "porter2-vocabulary.tsv")
DICT = "/usr/share/dict/words"
FALLBACK_GLOB = "/usr/share/common-licenses/*"

SAMPLE_PER_MILLE = 22  # ~2,300 of wamerican's ~100k entries
PER_AFFIX = 12  # dictionary words per special suffix / prefix

WORD = re.compile(r"[a-z]+(?:'[a-z]+)*'?")
VALID = re.compile(r"^'?[a-z]+(?:'[a-z]*)*$")

# Suffixes and prefixes with their own rule somewhere in the algorithm.
SUFFIXES = [
    # step 0 / 1a
    "'s", "sses", "ied", "ies", "us", "ss", "s",
    # step 1b
    "eed", "eedly", "ed", "edly", "ing", "ingly", "ated", "bled", "ized", "ating",
    "bling", "izing", "pped", "tted", "nned", "mmed", "rred", "gged", "dded", "bbed",
    "ffed", "lled", "ssed", "hoped", "ying",
    # step 1c
    "y",
    # step 2
    "tional", "enci", "anci", "abli", "entli", "izer", "ization", "ational", "ation",
    "ator", "alism", "aliti", "alli", "fulness", "ousli", "ousness", "iveness", "iviti",
    "biliti", "bli", "ogi", "logist", "fulli", "lessli", "li", "ly", "ably", "ently",
    "ally", "ously", "fully", "lessly", "ology", "logy", "ness", "ity", "bility",
    # step 3
    "alize", "icate", "iciti", "ical", "ful", "ative", "icity",
    # step 4
    "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent",
    "ism", "ate", "iti", "ous", "ive", "ize", "sion", "tion",
    # step 5
    "e", "ll",
]
PREFIXES = ["gener", "commun", "arsen", "past", "univers", "later", "emerg", "organ", "inter"]

# Exceptional forms, their neighbours, and edge cases named in the algorithm.
EXTRA = """
skis skies sky skiing skied dying lying tying vying dyed flying crying trying
idly gently ugly early only singly news howe atlas cosmos bias andes
inning innings outing outings canning herring herrings earring earrings evening evenings
proceed proceeded proceeding exceed exceeded exceedingly succeed succeeded succeeding
agreed feed feeds feedly agreedly bleed speedily breed
kremlin's president's putin's korea's 'tis o'clock rock'n'roll ma'am
caresses ponies ties caress cats gas gaps kiwis this us bus
plastered bled motoring sing conflated troubled sized hopping tanned falling hissing
fizzed failing filing hoped hoping hopeful added egged ebbing odds happy happily
relational conditional rational valency hesitancy digitizer conformably radically
differently vilely analogously vietnamization predication operator feudalism
decisiveness hopefulness callousness formality sensitivity sensibility
triplicate formative formalize electricity electrical goodness revival allowance
inference airliner gyroscopic adjustable defensible irritant replacement adjustment
dependent adoption communism activate angularity homologous effective bowdlerize
probate rate cease controlled controlling roll generate generously general generic
communication community arsenal arsenic university universe universal
emergency emerge organic organize organization international interval internal
paste pasted pasting past later lateral laterally
yyy yay say saying sayings eye eyes boy boys toy toying destroy destroyed
year years yearly youth young yelling yield yielded
a an at be by is it my of on to up we us ox go
the and are was her his its who why you all any
""".split()


def stemmer_words(stemmer, words):
    return {w: stemmer.stemWord(w) for w in words}


def corpus_words():
    words = set()
    for path in sorted(glob.glob(CORPUS_GLOB)):
        with open(path, encoding="utf-8") as f:
            text = f.read().lower()
        text = text.replace("\u2019", "'").replace("\u2018", "'")
        words.update(WORD.findall(text))
    return words


def hash_key(word):
    return hashlib.sha1(word.encode("utf-8")).hexdigest()


def dictionary_words():
    """Returns (source description, list of candidate words)."""
    if os.path.exists(DICT):
        with open(DICT, encoding="utf-8", errors="replace") as f:
            words = [w.strip() for w in f]
        return "wamerican /usr/share/dict/words", words
    words = set()
    for path in sorted(glob.glob(FALLBACK_GLOB)):
        if os.path.isfile(path):
            with open(path, encoding="utf-8", errors="replace") as f:
                words.update(WORD.findall(f.read().lower()))
    return "/usr/share/common-licenses", sorted(words)


def main():
    stemmer = snowballstemmer.stemmer("english")

    corpus = corpus_words()
    if not corpus:
        sys.exit(f"no corpus words found under {CORPUS_GLOB}")

    source, candidates = dictionary_words()
    candidates = sorted({w for w in candidates if VALID.match(w)}, key=hash_key)

    vocab = set(corpus)
    vocab.update(w for w in candidates if int(hash_key(w)[:8], 16) % 1000 < SAMPLE_PER_MILLE)
    for suffix in SUFFIXES:
        vocab.update([w for w in candidates if w.endswith(suffix) and len(w) > len(suffix)][:PER_AFFIX])
    for prefix in PREFIXES:
        vocab.update([w for w in candidates if w.startswith(prefix)][:PER_AFFIX])
    vocab.update(EXTRA)

    vocab = sorted(w for w in vocab if VALID.match(w))
    stems = stemmer_words(stemmer, vocab)

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(f"# word<TAB>stem from snowballstemmer {version('snowballstemmer')} (english);"
                f" vocabulary: seed corpus, {source}, edge cases."
                f" Regenerate with Scripts/make-stemmer-fixture.py\n")
        for w in vocab:
            f.write(f"{w}\t{stems[w]}\n")
    changed = sum(1 for w in vocab if stems[w] != w)
    print(f"wrote {len(vocab)} words ({changed} changed by stemming, "
          f"{len(corpus)} from the corpus) to {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
