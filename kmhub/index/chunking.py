"""Cases into passages: the title and summary, then each section cut on sentence/space boundaries."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

from kmhub.cases.files import Case
from kmhub.text.thai import split_sentences, split_words
from kmhub.text.vocab import SUMMARY_SECTION


@dataclass(frozen=True)
class Passage:
    case_id: str
    section: str  # section key: "summary", "context", "lessons", ...
    heading: str  # heading as written in the case ("" for the summary)
    text: str  # what the reader sees as a snippet

    def embed_text(self, title: str) -> str:
        """Text given to the encoder: the case title gives a short passage its topic."""
        return self.text if self.section == SUMMARY_SECTION else f"{title}: {self.text}"


def chunk_case(case: Case, max_chars: int, min_chars: int) -> list[Passage]:
    """Every passage of a case, each at most `max_chars` long (a single word may exceed it)."""
    passages = [Passage(case.id, SUMMARY_SECTION, "", f"{case.title} — {case.summary}")]
    if case.title_en or case.summary_en:
        english = " — ".join(t for t in (case.title_en, case.summary_en) if t)
        passages.append(Passage(case.id, SUMMARY_SECTION, "", english))
    for section in case.sections:
        for text in split_passages(section.text, max_chars, min_chars):
            passages.append(Passage(case.id, section.key, section.heading, text))
    # NFC text keeps the term positions found at build time valid for the stored snippet.
    return [replace(p, text=unicodedata.normalize("NFC", p.text)) for p in passages]


def split_passages(text: str, max_chars: int, min_chars: int) -> list[str]:
    """Pack sentences into passages of at most `max_chars`, merging a short tail into its neighbour."""
    pieces: list[str] = []
    for sentence in split_sentences(text):
        if len(sentence) <= max_chars:
            pieces.append(sentence)
        else:
            pieces.extend(_split_long(sentence, max_chars))
    passages: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current} {piece}" if current else piece
        if len(candidate) <= max_chars:
            current = candidate
        else:
            passages.append(current)
            current = piece
    if current:
        if (
            passages
            and len(current) < min_chars
            and len(passages[-1]) + len(current) < max_chars * 1.25
        ):
            passages[-1] = f"{passages[-1]} {current}"
        else:
            passages.append(current)
    return passages


def _split_long(sentence: str, max_chars: int) -> list[str]:
    # A run with no spaces (common in Thai) is cut between words, never inside one.
    out: list[str] = []
    current = ""
    for word in split_words(sentence):
        if current and len(current) + len(word) > max_chars:
            out.append(current.strip())
            current = ""
        current += word
    if current.strip():
        out.append(current.strip())
    return out
