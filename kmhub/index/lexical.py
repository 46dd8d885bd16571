"""A build's BM25 indexes: passages, whole cases, and each case's 4-grams in Thai and in Latin
letters, with the slow text work (segmenting, normalizing, romanizing) cached in the build cache."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from kmhub.cases.files import Case
from kmhub.index import store
from kmhub.index.cache import BuildCache, text_hash
from kmhub.index.chunking import Passage
from kmhub.text import analysis, romanize, thai

# Case-level BM25 sees every passage of a case once, plus its topics and TITLE_REPEAT more
# copies of its title (BM25F by repetition: the summary passage holds the title once, so a
# title word counts twice). Measured in docs/evaluation.md.
TITLE_REPEAT = 1
# An empty token list would break bm25s; a placeholder token matches no query.
PLACEHOLDER = "\u2400"


def case_fields(case: Case) -> tuple[str, str]:
    """The fields a case's lexical document holds beyond its passages: title again, topics."""
    titles = "\n".join(t for t in [case.title, case.title_en] for _ in range(TITLE_REPEAT) if t)
    return titles, "\n".join(case.topics)


def title_letters(cache: BuildCache, cases: list[Case]) -> list[str]:
    """Each case's title and English title as letters in a row, one per line: what a query
    that names the case holds (kmhub.search.boosts), normalized once here, not per query."""
    analyzer = analysis.analyzer_id()
    return cache.objects(
        "title_letters",
        [text_hash(f"{analyzer}\0{c.title}\0{c.title_en}") for c in cases],
        lambda i: "\n".join(analysis.gram_letters(t) for t in (cases[i].title, cases[i].title_en)),
    )


def analyze(
    cache: BuildCache, texts: list[str], advance: Callable[[int], None]
) -> list[list[thai.Span]]:
    """Term spans of every text (cached by text): BM25 terms and snippet marks in one pass."""
    analyzer = analysis.analyzer_id()
    return cache.objects(
        "spans",
        [text_hash(analyzer + "\0" + text) for text in texts],
        lambda i: analysis.term_spans(texts[i]) or analysis.word_spans(texts[i]),
        advance,
    )


def write_lexical(
    folder: Path,
    cache: BuildCache,
    cases: list[Case],
    passages: list[Passage],
    passage_cases: list[int],
    spans: list[list[thai.Span]],
    field_terms: list[list[str]],
) -> None:
    """Write the four BM25 indexes and the English surface forms of a build into `folder`."""
    terms = [[word for _, _, word in passage_spans] for passage_spans in spans]
    _save_bm25(folder / store.LEXICAL_DIR, terms)
    case_terms = [list(words) for words in field_terms]
    for i, terms_of_passage in zip(passage_cases, terms, strict=True):
        case_terms[i].extend(terms_of_passage)
    _save_bm25(folder / store.CASE_LEXICAL_DIR, case_terms)

    of_case: list[list[int]] = [[] for _ in cases]
    for j, i in enumerate(passage_cases):
        of_case[i].append(j)
    _save_bm25(folder / store.CASE_GRAMS_DIR, _thai_grams(cache, cases, passages, of_case))
    _save_bm25(folder / store.CASE_LATIN_DIR, _latin_grams(cache, passages, spans, of_case))

    # How stemmed terms are written, so "did you mean" can offer a word rather than a stem.
    surfaces = analysis.surface_forms((p.text, t) for p, t in zip(passages, spans, strict=True))
    (folder / store.SURFACES).write_text(json.dumps(surfaces, ensure_ascii=False), encoding="utf-8")


def _thai_grams(
    cache: BuildCache, cases: list[Case], passages: list[Passage], of_case: list[list[int]]
) -> list[list[str]]:
    """Each case's character 4-grams over its title, topics and passages, run together."""
    texts = [
        "\n".join([c.title, c.title_en, *c.topics, *(passages[j].text for j in js)])
        for c, js in zip(cases, of_case, strict=True)
    ]
    # Normalizing every letter is the slow part of a build after embedding; an unchanged case
    # reuses its letters (keyed by the rules that normalize them).
    analyzer = analysis.analyzer_id()
    letters = cache.objects(
        "gram_letters",
        [text_hash(analyzer + "\0" + text) for text in texts],
        lambda i: analysis.gram_letters(texts[i]),
    )
    return [analysis.grams_of(flat) for flat in letters]


def _latin_grams(
    cache: BuildCache,
    passages: list[Passage],
    spans: list[list[thai.Span]],
    of_case: list[list[int]],
) -> list[list[str]]:
    """Each case read in Latin letters and as sounds, from the words already found (no second
    segmentation); grams run within a passage, not across two."""

    def readings_of(i: int) -> list[list[str]]:
        out = []
        for j in of_case[i]:
            text = passages[j].text
            places = dict.fromkeys((start, end) for start, end, _ in spans[j])  # parts repeat
            out.append(list(romanize.reading(text[start:end] for start, end in places)))
        return out

    rules = analysis.analyzer_id() + "\0" + romanize.romanizer_id()
    readings = cache.objects(
        "latin_reading",
        [text_hash(rules + "".join("\0" + passages[j].text for j in js)) for js in of_case],
        readings_of,
    )
    return [
        [g for read in per_passage for g in romanize.reading_grams(read)]
        for per_passage in readings
    ]


def _save_bm25(path: Path, documents: list[list[str]]) -> None:
    import bm25s

    model = bm25s.BM25()
    model.index([d or [PLACEHOLDER] for d in documents] or [[PLACEHOLDER]], show_progress=False)
    model.save(str(path), show_progress=False)
