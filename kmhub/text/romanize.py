"""Thai words in Latin letters (RTGS rules, pythainlp's royin) and as consonant sounds, so that an
English query naming a person, place or thing meets the Thai text that names it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from kmhub.text import analysis, sounds, stopwords, thai

# Romanization is a few hundred microseconds a word; a build meets most words many times.
ROMANIZED_WORDS_KEPT = 1 << 17
_LETTERS = re.compile(r"[a-z]+")


@lru_cache(maxsize=ROMANIZED_WORDS_KEPT)
def romanized(word: str) -> str:
    """One Thai word in lower-case Latin letters ("ประสพสุข" -> "prasopsuk"); "" if it has none."""
    from pythainlp.transliterate import romanize

    try:
        latin = romanize(word, engine="royin")
    except Exception:  # a rule-based engine; a stray mark must not stop a build
        return ""
    return "".join(_LETTERS.findall(latin.lower()))


def text_grams(text: str) -> list[str]:
    """The text's Latin grams (`word_grams` of its words)."""
    return word_grams(word for _, _, word in analysis.word_spans(text))


def word_grams(words: Iterable[str]) -> list[str]:
    """The grams of words read in Latin: `reading_grams` of their `reading`."""
    return reading_grams(reading(words))


def reading(words: Iterable[str]) -> tuple[str, str]:
    """The words read two ways, each run together as `analysis.char_grams` runs the Thai
    letters together: in Latin letters (Thai romanized, Latin as written) and as consonant
    sounds (`kmhub.text.sounds`). What a build caches per passage."""
    letters: list[str] = []
    classes: list[str] = []
    for word in words:
        if thai.has_thai(word):
            letters.append(romanized(word))
            classes.append(sounds.thai_sounds(word))
        else:
            letters.extend(_LETTERS.findall(word.lower()))
            classes.append(sounds.latin_sounds(word))
    return "".join(letters), "".join(classes)


# 3-grams of sounds against 4-grams: the same on the English probes, and they still meet a
# short name (Tesla, TSL); docs/evaluation.md. A query's sounds count from two grams on: one
# three-sound gram alone is held by many Thai words by chance.
SOUND_GRAM = 3
MIN_SOUND_GRAMS = 2


def reading_grams(letters_and_sounds: Sequence[str]) -> list[str]:
    """4-grams of the Latin letters and SOUND_GRAM-grams of the sounds (upper case, so the two
    never meet). Both go into one share: royin alone misses most English names spelled in Thai
    ("Harvard" against "haot" for ฮาร์วาร์ด), and sounds alone match too much by chance."""
    letters, classes = letters_and_sounds
    return analysis.grams_of(letters) + analysis.grams_of(classes, SOUND_GRAM)


def romanizer_id() -> str:
    """Names the romanization rules, so a build cache keys what it romanized by them."""
    from importlib.metadata import version

    return f"royin/{version('pythainlp')}+sounds/{sounds.rules_id()}/{SOUND_GRAM}"


# A capitalized Latin word: in an English question, the names ("Prasopsuk Boondech", "Wat Asokaram").
_NAME = re.compile(r"\b[A-Z][A-Za-z0-9'\u00c0-\u024f-]*")
_ACRONYM = re.compile(r"[A-Z]{2,5}")


def query_grams(query: str) -> list[str]:
    """The Latin grams of the query's Latin-letter words (`reading_grams`: letters and sounds),
    English function words left out (they name nothing, and "what", "when" would meet Thai
    words that sound alike). When the query capitalizes some words, only those: the names are
    what a Thai text holds in Latin reading, while "born" or "graduate" would only dilute the
    share (docs/evaluation.md)."""
    names = [w for w in _NAME.findall(query) if w.lower() not in stopwords.ENGLISH]
    # normalize() folds case: acronyms are told from the query as typed.
    acronyms = {w.lower() for w in names if _ACRONYM.fullmatch(w)}
    words = _LETTERS.findall(thai.normalize(" ".join(names) if names else query))
    kept = [w for w in words if w not in stopwords.ENGLISH]
    # Sounds are for names: Thai spells a foreign name by its sound, but it translates a common
    # word ("volunteer" is อาสาสมัคร), so a query without capitals has no sounds (a capital that
    # only opens a sentence still gives them). An acronym is said letter by letter (CSR,
    # ซีเอสอาร์), which its consonants do not tell.
    spoken = [w for w in kept if w not in acronyms] if names else []
    classes = "".join(sounds.latin_sounds(w) for w in spoken)
    if len(classes) < SOUND_GRAM + MIN_SOUND_GRAMS - 1:
        classes = ""
    return list(dict.fromkeys(reading_grams(("".join(kept), classes))))
