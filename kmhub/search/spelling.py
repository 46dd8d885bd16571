"""Did-you-mean from the index's own words: a query word no case contains, replaced by the
closest word that cases do contain (one or two edits, by length)."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from kmhub.search.vocabulary import IndexVocabulary
from kmhub.text import analysis, english, stopwords, synonyms

MAX_WINDOW = 3  # Thai typos split into pieces ("โรงพญาบาล" -> โรง|พญา|บาล): rejoin up to three
MIN_CHARS = 3
RECENT_QUERIES = 1024
FRAGMENT_CHARS = 4  # pieces this short are what a misspelt long word falls apart into
MIN_FRAGMENTS = 3
MIN_LATIN_CHARS = 5  # "xyz" or "ngo" are not typos of the nearest English word
_LETTERS = re.compile(r"[\u0e01-\u0e4ea-z]+")  # Thai letters and marks, or English letters


def max_edits(word: str) -> int:
    """Edits allowed for a word of this length: short words have too many close neighbours."""
    if len(word) < MIN_CHARS:
        return 0
    return 1 if len(word) < 8 else 2


@dataclass(frozen=True)
class Correction:
    original: str
    corrected: str
    changes: tuple[tuple[str, str], ...]  # (as typed, suggested)

    def to_dict(self) -> dict[str, object]:
        return {
            "original": self.original,
            "query": self.corrected,
            "changes": [{"from": a, "to": b} for a, b in self.changes],
        }


class Speller:
    """Corrections from one index's vocabulary; loaded on first use, safe across threads."""

    def __init__(self, vocabulary: IndexVocabulary) -> None:
        self._vocabulary = vocabulary
        self._lock = threading.Lock()
        self._thai: list[str] | None = None
        self._latin: list[str] = []
        self._df: dict[str, int] = {}
        self._recent: OrderedDict[str, Correction | None] = OrderedDict()

    def _load(self) -> None:
        with self._lock:
            if self._thai is not None:
                return
            surfaces = self._vocabulary.surfaces()
            thai_words, latin = [], []
            for term in self._vocabulary.terms():
                df = self._vocabulary.passage_frequency(term)
                for written in surfaces.get(term, []):  # English as written, never a stem
                    latin.append(written)
                    self._df[written] = max(df, self._df.get(written, 0))
                if term.isascii() or len(term) < MIN_CHARS or not _LETTERS.fullmatch(term):
                    continue
                thai_words.append(term)
                self._df[term] = df
            self._latin = sorted(set(latin))
            self._thai = thai_words

    def correct(self, text: str) -> Correction | None:
        """The query with unknown words replaced, or None when every word is known or no
        close word exists (remembered for recent texts: live search repeats them)."""
        with self._lock:
            if text in self._recent:
                self._recent.move_to_end(text)
                return self._recent[text]
        found = self._correct(text)
        with self._lock:
            self._recent[text] = found
            while len(self._recent) > RECENT_QUERIES:
                self._recent.popitem(last=False)
        return found

    def _correct(self, text: str) -> Correction | None:
        spans = analysis.word_spans(text)
        unknown = [self._is_unknown(word) for _, _, word in spans]
        # A Thai typo may segment into short dictionary pieces, each known (โรง|พญา|บาล):
        # such a run is suspect too, when joined it is no word.
        for first, last in _fragment_runs(spans):
            if not analysis.is_dictionary_word("".join(w for _, _, w in spans[first : last + 1])):
                for k in range(first, last + 1):
                    unknown[k] = True
        if not any(unknown):
            return None
        self._load()
        changes: list[tuple[int, int, str, str]] = []
        i = 0
        while i < len(spans):
            if not unknown[i]:
                i += 1
                continue
            fix = self._best_window(text, spans, unknown, i)
            if fix is None:
                i += 1
                continue
            first, last, suggestion = fix
            changes.append(
                (
                    spans[first][0],
                    spans[last][1],
                    text[spans[first][0] : spans[last][1]],
                    suggestion,
                )
            )
            i = last + 1
        if not changes:
            return None
        out, position = [], 0
        for start, end, _, suggestion in changes:
            out.append(text[position:start] + suggestion)
            position = end
        out.append(text[position:])
        return Correction(text, "".join(out), tuple((typed, s) for _, _, typed, s in changes))

    def _is_unknown(self, word: str) -> bool:
        if stopwords.is_stopword(word) or len(word) < 2:
            return False
        if word.isascii():
            pieces = [m.group() for m in english.LATIN_PIECE.finditer(word)]
            return any(
                p.isalpha()
                and p not in stopwords.ENGLISH
                and self._missing(synonyms.canonical(english.stem(p)))
                for p in pieces
            )
        return self._missing(synonyms.canonical(word))

    def _missing(self, term: str) -> bool:
        return self._vocabulary.passage_frequency(term) == 0

    def _best_window(
        self, text: str, spans: list[tuple[int, int, str]], unknown: list[bool], i: int
    ) -> tuple[int, int, str] | None:
        """The longest run of touching words around word i that is one close word away."""
        if spans[i][2].isascii():
            if len(spans[i][2]) < MIN_LATIN_CHARS:
                return None
            found = self._closest(spans[i][2], self._latin)
            return None if found is None else (i, i, found)
        best: tuple[int, int, str] | None = None
        for size in range(MAX_WINDOW, 0, -1):
            for first in range(max(0, i - size + 1), i + 1):
                last = first + size - 1
                if last >= len(spans) or not _touching(spans, first, last):
                    continue
                joined = "".join(w for _, _, w in spans[first : last + 1])
                if analysis.is_dictionary_word(joined):
                    continue  # a real word the cases do not use ("บิน") is not a typo
                found = self._closest(joined, self._thai or [])
                if found is not None and found != joined:
                    best = best or (first, last, found)
            if best:
                return best
        return None

    def _closest(self, word: str, choices: list[str]) -> str | None:
        limit = max_edits(word)
        if limit == 0 or not choices:
            return None
        found = process.extract(word, choices, scorer=OSA.distance, score_cutoff=limit, limit=20)
        if not found:
            return None
        # The fewest edits first, then the word most cases use.
        best = min(found, key=lambda item: (item[1], -self._df.get(item[0], 0), item[0]))
        return str(best[0])


def _fragment_runs(spans: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Runs of three or more touching short Thai pieces, none a stopword, as (first, last)."""
    runs: list[tuple[int, int]] = []
    first = 0
    for k in range(len(spans) + 1):
        word = spans[k][2] if k < len(spans) else ""
        piece = (
            0 < len(word) <= FRAGMENT_CHARS
            and not word.isascii()
            and not stopwords.is_stopword(word)
        )
        if piece and k > first and spans[k - 1][1] == spans[k][0]:
            continue  # the run goes on
        if k - first >= MIN_FRAGMENTS:
            runs.append((first, k - 1))
        first = k if piece else k + 1
    return runs


def _touching(spans: list[tuple[int, int, str]], first: int, last: int) -> bool:
    return all(spans[k][1] == spans[k + 1][0] for k in range(first, last))
