"""Thai words in Latin letters (RTGS rules, pythainlp's royin), so that an English query naming
a Thai person, place or thing meets the Thai text that names it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from kmhub.text import analysis, stopwords, thai

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
    """Character 4-grams of the text read in Latin letters (`word_grams` of its words)."""
    return word_grams(word for _, _, word in analysis.word_spans(text))


def word_grams(words: Iterable[str]) -> list[str]:
    """Character 4-grams of words read in Latin letters: Thai words romanized, Latin words as
    written, all run together as `analysis.char_grams` runs the Thai letters together."""
    return analysis.grams_of(latin_letters(words))


def latin_letters(words: Iterable[str]) -> str:
    """The words in Latin letters, run together: what `word_grams` cuts."""
    pieces: list[str] = []
    for word in words:
        if thai.has_thai(word):
            pieces.append(romanized(word))
        else:
            pieces.extend(_LETTERS.findall(word.lower()))
    return "".join(pieces)


def romanizer_id() -> str:
    """Names the romanization rules, so a build cache keys what it romanized by them."""
    from importlib.metadata import version

    return f"royin/{version('pythainlp')}"


# A capitalized Latin word: in an English question, the names ("Prasopsuk Boondech", "Wat Asokaram").
_NAME = re.compile(r"\b[A-Z][A-Za-z0-9'\u00c0-\u024f-]*")


def query_grams(query: str) -> list[str]:
    """Character 4-grams of the query's Latin-letter words, English function words left out
    (they name nothing, and "what", "when" would meet Thai words that sound alike). When the
    query capitalizes some words, only those: the names are what a Thai text holds in Latin
    reading, while "born" or "graduate" would only dilute the share (docs/evaluation.md)."""
    names = [w for w in _NAME.findall(query) if w.lower() not in stopwords.ENGLISH]
    words = _LETTERS.findall(thai.normalize(" ".join(names) if names else query).lower())
    kept = [w for w in words if w not in stopwords.ENGLISH]
    return list(dict.fromkeys(analysis.grams_of("".join(kept))))
