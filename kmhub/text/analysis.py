"""Index and query terms, made by the same steps for both: words, names, stopwords, stems,
synonyms and the sub-words of compounds, each term with the place it came from."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from kmhub.text import english, places, stopwords, synonyms, thai, vocab

# Part of the index fingerprint: a change of rules or tables redoes the cached analysis.
RULES_VERSION = "5"

# Titles written straight before a person's given name ("นายเจษฎา จิตรัตน์"): the name and
# the surname after it are kept whole, so "จิต" never matches, or marks, part of "จิตรัตน์".
TITLES = frozenset(
    [
        *("นาย", "นาง", "นางสาว", "น.ส.", "ด.ช.", "ด.ญ.", "พระครู", "พระมหา"),
        *("ดร.", "ผศ.", "รศ.", "ศ.", "ผศ.ดร.", "รศ.ดร.", "ศ.ดร."),
    ]
)
MIN_SUBWORD_CHARS = 3  # shorter pieces are mostly syllables (ระ|ดับ, สุ|รา), not words
MIN_COMPOUND_CHARS = 4
SURFACES_KEPT = 3  # written forms remembered per term

Span = thai.Span  # (start, end) in the original text, and the term


@dataclass(frozen=True)
class Word:
    """A word of the text: its span, its term, and the terms of its parts (compounds only)."""

    start: int
    end: int
    term: str
    parts: tuple[str, ...] = ()


def analyzer_id() -> str:
    """Names the analysis rules and tables, so an index records (and a cache keys) them."""
    tables = synonyms.fingerprint() + str(
        sorted(stopwords.KEPT_CONTENT_WORDS | stopwords.ADDED_THAI)
    )
    digest = hashlib.sha256(tables.encode()).hexdigest()[:10]
    return f"newmm+field/{RULES_VERSION}-{digest}"


@cache
def _dictionary():
    """newmm's word list plus the table words it would otherwise split (จิตอาสา)."""
    from pythainlp.corpus import thai_words
    from pythainlp.util import Trie

    return Trie(set(thai_words()) | synonyms.multiword_entries() | set(vocab.SUGGESTED_VIRTUES))


@cache
def _plain_words() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


def is_dictionary_word(word: str) -> bool:
    """Whether the segmenter's dictionary (plus the field's words) has `word`."""
    return word in _plain_words() or word in synonyms.multiword_entries()


@cache
def _proper_names() -> frozenset[str]:
    """Place names, never split into parts (ลำปาง is not ลำ + ปาง)."""
    names = set(places.provinces()) | set(places.province_aliases())
    return frozenset(names)


# A query is analyzed by understanding, spelling and term selection alike, and live search
# sends the same text again while a user types: the segmentation is kept for recent texts.
RECENT_TEXTS = 2048


def word_spans(text: str) -> list[Span]:
    """Normalized words of `text` with their [start, end) in `text`, person names kept whole."""
    return [span for span, _ in _word_spans(text)]


@lru_cache(maxsize=RECENT_TEXTS)
def _word_spans(text: str) -> tuple[tuple[Span, bool], ...]:
    """The words of `text`, each with whether it is a person's name."""
    from pythainlp.tokenize import word_tokenize

    normalized, origin = thai.normalize_mapped(text)
    n = len(normalized)
    raw: list[tuple[int, int]] = []
    position = 0
    for token in word_tokenize(normalized, custom_dict=_dictionary(), keep_whitespace=False):
        start = normalized.find(token, position)
        if start < 0:  # the tokenizer never rewrites text; this is only a safeguard
            continue
        position = start + len(token)
        if token.strip() and thai.WORDLIKE.search(token):
            raw.append((start, position))
    # A word's span runs up to where the rest of the text begins in the original: that takes
    # in characters normalization dropped or merged (an invisible mark, the aa of sara am),
    # never one that moved into the next word.
    rest_starts = [len(text)] * (n + 1)
    for k in range(n - 1, -1, -1):
        rest_starts[k] = min(origin[k], rest_starts[k + 1])
    spans: list[tuple[Span, bool]] = []
    for start, end, is_name in _merge_names(normalized, raw):
        first = min(origin[start:end])
        last = max(origin[start:end]) + 1
        spans.append(((first, max(last, rest_starts[end]), normalized[start:end]), is_name))
    return tuple(spans)


def _merge_names(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, bool]]:
    """Join the pieces of a given name after a title, and of the surname after one space."""
    out: list[tuple[int, int, bool]] = []
    i, n = 0, len(spans)
    while i < n:
        start, end = spans[i]
        out.append((start, end, False))
        i += 1
        if text[start:end] not in TITLES or i >= n or spans[i][0] != end:
            continue
        for allowed_gap in (0, 1):  # the given name touches the title; one space, the surname
            if i >= n or spans[i][0] - out[-1][1] != allowed_gap:
                break
            if allowed_gap and not text[out[-1][1] : spans[i][0]].isspace():
                break
            name_start, name_end = spans[i]
            i += 1
            while i < n and spans[i][0] == name_end:
                name_end = spans[i][1]
                i += 1
            out.append((name_start, name_end, True))
    return out


@cache
def subwords(word: str) -> tuple[str, ...]:
    """The dictionary words a compound is made of (ดื่มเหล้า -> ดื่ม, เหล้า), or ().

    The split with the fewest pieces wins, cutting only between Thai character clusters;
    every piece is a dictionary word of at least two characters.
    """
    from pythainlp.tokenize.tcc import tcc_pos

    n = len(word)
    if n < MIN_COMPOUND_CHARS or word.isascii() or word in _proper_names():
        return ()
    cuts = sorted(tcc_pos(word) | {0, n})
    words = _plain_words()
    best: dict[int, tuple[str, ...]] = {0: ()}
    for i in cuts:
        if i not in best:
            continue
        for j in cuts:
            piece = word[i:j]
            if j - i < MIN_SUBWORD_CHARS or piece == word or piece not in words:
                continue
            candidate = (*best[i], piece)
            if j not in best or len(candidate) < len(best[j]):
                best[j] = candidate
    parts = best.get(n, ())
    return parts if len(parts) >= 2 else ()


def words(text: str) -> list[Word]:
    """The words of `text` that are terms: stopwords dropped, English stemmed, synonyms joined."""
    return list(_words(text))


@lru_cache(maxsize=RECENT_TEXTS)
def _words(text: str) -> tuple[Word, ...]:
    out: list[Word] = []
    for (start, end, word), is_name in _word_spans(text):
        if word.isascii():
            for match in english.LATIN_PIECE.finditer(word):
                piece = match.group()
                if piece in stopwords.ENGLISH:
                    continue
                s = min(start + match.start(), end)
                out.append(
                    Word(s, min(start + match.end(), end), synonyms.canonical(english.stem(piece)))
                )
            continue
        if stopwords.is_stopword(word) or word in TITLES:
            continue
        term = synonyms.canonical(word)
        parts: tuple[str, ...] = ()
        # A name, or a word of the synonym table (it says what the word means), has no parts.
        if not is_name and word not in synonyms.canonical_map():
            parts = tuple(
                dict.fromkeys(
                    synonyms.canonical(p)
                    for p in subwords(word)
                    if not stopwords.is_stopword(p) and synonyms.canonical(p) != term
                )
            )
        out.append(Word(start, end, term, parts))
    return tuple(out)


def term_spans(text: str) -> list[Span]:
    """Index terms with their spans: each word, then its parts over the same span.

    A part carries the whole word's span, so a query for เหล้า marks all of ดื่มเหล้า.
    """
    spans: list[Span] = []
    for w in words(text):
        spans.append((w.start, w.end, w.term))
        spans.extend((w.start, w.end, part) for part in w.parts)
    return spans


def terms(text: str) -> list[str]:
    """All index terms of a text, parts included (what BM25 counts)."""
    return [term for _, _, term in term_spans(text)]


def surface_forms(texts: Iterable[tuple[str, list[Span]]]) -> dict[str, list[str]]:
    """English words as written, for each term they were indexed under (a stem such as
    "compani", or a Thai synonym such as จิตอาสา for "volunteer"), most common first."""
    seen: dict[str, Counter[str]] = {}
    for text, spans in texts:
        for start, end, term in spans:
            written = text[start:end].casefold()
            if written != term and written.isascii() and written.isalpha():
                seen.setdefault(term, Counter())[written] += 1
    return {
        term: [w for w, _ in counts.most_common(SURFACES_KEPT)] for term, counts in seen.items()
    }


# Letters in a row, across word boundaries: spaces and ASCII punctuation are dropped, Thai
# vowels and tone marks kept (they are not "alphanumeric" to Python, so \W would drop them).
_NOT_GRAM = re.compile(r"[\s!-/:-@\[-`{-~\u200b\u00a0]+")
GRAM_CHARS = 4


def char_grams(text: str) -> list[str]:
    """Overlapping 4-character pieces of the normalized text: a second view of the words that
    does not depend on where the segmenter cuts ("แบร์กิล" still meets "แบร์ กริล")."""
    return grams_of(gram_letters(text))


def gram_letters(text: str) -> str:
    """The normalized text's letters in a row, spaces and punctuation dropped: what
    `char_grams` cuts (a build caches this, the slow part, per case)."""
    return _NOT_GRAM.sub("", thai.normalize(text).lower())


def grams_of(flat: str, size: int = GRAM_CHARS) -> list[str]:
    """Every `size`-character piece of `flat`, in order."""
    return [flat[i : i + size] for i in range(len(flat) - size + 1)]
