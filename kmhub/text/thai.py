"""Thai text analysis used identically at index and query time: normalize, segment, filter."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
BE_OFFSET = 543
# A year above this is read as Buddhist Era (2564 -> 2021); CE years of interest are far below.
BE_THRESHOLD = 2400

# Zero-width and formatting characters that survive copy-paste from web pages and PDFs.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_WORDLIKE = re.compile(r"[\u0e01-\u0e4e\w]", re.UNICODE)

ENGLISH_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "how",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "this",
        "to",
        "was",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
    ]
)


def to_ce_year(year: int) -> int:
    """Read a year as CE, converting a Buddhist-Era year (2564 -> 2021)."""
    return year - BE_OFFSET if year > BE_THRESHOLD else year


def to_be_year(year: int) -> int:
    return year + BE_OFFSET


def normalize(text: str) -> str:
    """NFC, Thai digits to ASCII, no invisible characters, fixed vowel order, folded space/case."""
    return _normalize_mapped(unicodedata.normalize("NFC", text))[0]


def _normalize_mapped(text: str) -> tuple[str, list[int]]:
    """The normalized text, and for each of its characters the index it came from in `text`."""
    out: list[str] = []
    origin: list[int] = []
    i, n = 0, len(text)
    while i < n:
        char, pair = text[i], text[i : i + 2]
        step = 1
        if ord(char) in _INVISIBLE:
            i += 1
            continue
        if pair == "\u0e4d\u0e32":  # nikhahit + sara aa typed separately is sara am
            char, step = "\u0e33", 2
        elif pair == "\u0e40\u0e40":  # doubled sara e typed for sara ae: a keyboard habit
            char, step = "\u0e41", 2
        char = char.translate(THAI_DIGITS)
        if char.isspace():
            char = " "
            if not out or out[-1] == " ":
                i += step
                continue
        elif out and char == out[-1] and unicodedata.category(char) == "Mn":
            # A tone mark or vowel sign typed twice renders once; keep one so spellings match.
            i += step
            continue
        for folded in char.casefold():
            out.append(folded)
            origin.append(i)
        i += step
    while out and out[-1] == " ":
        out.pop()
        origin.pop()
    return "".join(out), origin


@cache
def stopwords() -> frozenset[str]:
    from pythainlp.corpus import thai_stopwords

    return frozenset(thai_stopwords()) | ENGLISH_STOPWORDS


Span = tuple[int, int, str]  # [start, end) in the original text, and the normalized word


def word_spans(text: str) -> list[Span]:
    """Normalized words of `text` (newmm), each with its [start, end) in `text` itself.

    Knowing where each word sits in the original lets search mark the words a query
    matched in a snippet without segmenting the snippet again at query time.
    """
    from pythainlp.tokenize import word_tokenize

    normalized, origin = _normalize_mapped(text)
    origin.append(len(text))
    spans: list[Span] = []
    position = 0
    for token in word_tokenize(normalized, engine="newmm", keep_whitespace=False):
        start = normalized.find(token, position)
        if start < 0:  # the tokenizer never rewrites text; this is only a safeguard
            continue
        position = start + len(token)
        word = token.strip()
        if word and _WORDLIKE.search(word):
            spans.append((origin[start], origin[position], word))
    return spans


def segment(text: str) -> list[str]:
    """Normalized words of a text, without spaces and punctuation, stopwords kept."""
    return [word for _, _, word in word_spans(text)]


def terms(text: str) -> list[str]:
    """Index/query terms: segmented words minus stopwords (kept if nothing else remains)."""
    words = segment(text)
    kept = [w for w in words if w not in stopwords()]
    return kept or words


def term_spans(text: str) -> list[Span]:
    """The spans of `word_spans` whose word is an index term (not a stopword)."""
    return [span for span in word_spans(text) if span[2] not in stopwords()]


def split_sentences(text: str) -> list[str]:
    """Split on line breaks and the spaces Thai writing puts between sentences and clauses."""
    pieces: list[str] = []
    for line in text.splitlines():
        # Thai marks sentence ends with a space; English with punctuation followed by a space.
        for piece in re.split(r"(?<=[.!?])\s+|(?<=[\u0e01-\u0e4e])\s+(?=[\u0e01-\u0e4e])", line):
            piece = piece.strip()
            if piece:
                pieces.append(piece)
    return pieces


def split_words(text: str) -> list[str]:
    """Word-boundary pieces of a long unspaced run, keeping the exact characters."""
    from pythainlp.tokenize import word_tokenize

    return word_tokenize(text, engine="newmm", keep_whitespace=True)
