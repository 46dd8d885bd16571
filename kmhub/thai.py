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
_SPACES = re.compile(r"\s+")
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
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE).translate(THAI_DIGITS)
    # Nikhahit + sara aa typed separately is the same letter as sara am.
    text = text.replace("\u0e4d\u0e32", "\u0e33")
    # Doubled sara e typed for sara ae (เเ -> แ) is a common keyboard habit.
    text = text.replace("\u0e40\u0e40", "\u0e41")
    text = _remove_repeated_marks(text)
    return _SPACES.sub(" ", text).strip().casefold()


def _remove_repeated_marks(text: str) -> str:
    # A tone mark or vowel sign typed twice renders once; keep one so both spellings match.
    out: list[str] = []
    for char in text:
        if out and char == out[-1] and unicodedata.category(char) == "Mn":
            continue
        out.append(char)
    return "".join(out)


@cache
def stopwords() -> frozenset[str]:
    from pythainlp.corpus import thai_stopwords

    return frozenset(thai_stopwords()) | ENGLISH_STOPWORDS


def segment(text: str) -> list[str]:
    """Words of normalized text (newmm), without spaces and punctuation, stopwords kept."""
    from pythainlp.tokenize import word_tokenize

    words = word_tokenize(normalize(text), engine="newmm", keep_whitespace=False)
    return [w for w in (w.strip() for w in words) if w and _WORDLIKE.search(w)]


def terms(text: str) -> list[str]:
    """Index/query terms: segmented words minus stopwords (kept if nothing else remains)."""
    words = segment(text)
    kept = [w for w in words if w not in stopwords()]
    return kept or words


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
