"""From what a user typed to what is searched: understood places and years, corrected typos,
the lexical terms (compound parts when the whole word is rare) and the text to embed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import numpy as np

from kmhub.search import relevance
from kmhub.search.spelling import Correction, Speller
from kmhub.search.understand import (
    SPELLING,
    TITLE,
    Interpretation,
    Understood,
    parse_literal,
    understand,
)
from kmhub.search.vocabulary import IndexVocabulary
from kmhub.text import analysis, bilingual, romanize

# A word found in fewer passages than this is searched by its parts too (ดื่มเหล้า -> เหล้า).
RARE_PASSAGES = 2


@dataclass
class QueryPlan:
    query: str
    interpretation: Interpretation
    words: str  # searched as words: the query without understood filters, typos corrected
    dense_text: str  # given to the encoder
    terms: list[str]
    key_terms: list[str]  # what a result must hold (see kmhub.search.relevance)
    filter_values: dict[str, Any]  # added by understanding
    boosts: list[tuple[str, str]]
    correction: Correction | None = None
    correction_applied: bool = False
    reads_titles: bool = True  # a case's title in the query lifts that case (boosts)

    @cached_property
    def grams(self) -> list[str]:
        """The searched words' character 4-grams, each once (kmhub.text.analysis.char_grams)."""
        return list(dict.fromkeys(analysis.char_grams(self.words)))

    @cached_property
    def latin_grams(self) -> list[str]:
        """The searched words' Latin 4-grams, met against each case romanized."""
        return romanize.query_grams(self.words)

    @cached_property
    def translations(self) -> list[tuple[str, ...]]:
        """An English query's content words, each as the Thai terms that translate it."""
        return bilingual.query_translations(self.words)

    def interpreted(self) -> dict[str, Any]:
        """The `interpreted` block of a result: what was understood and what was corrected."""
        data = self.interpretation.to_dict()
        data["words"] = self.words
        data["terms"] = self.terms
        data["spelling"] = None
        if self.correction is not None:
            data["spelling"] = {**self.correction.to_dict(), "applied": self.correction_applied}
        return data


def plan_query(
    query: str,
    explicit: dict[str, Any],
    literal: frozenset[str],
    vocabulary: IndexVocabulary,
    speller: Speller,
    any_case_passes: Callable[[dict[str, Any]], bool],
) -> QueryPlan:
    """Understand, correct and analyze `query`; `explicit` are the filters the user set, and
    `any_case_passes` says whether some case passes them plus the filters read from the query."""
    interpretation = understand(query, literal)
    found = [_overridden(u, explicit) for u in interpretation.found]
    interpretation = Interpretation(query, found, interpretation.filter_spans)
    values = interpretation.filter_values()
    if values and not any_case_passes(values):
        # Shown in the chips, not applied: the place or year is searched as words everywhere.
        interpretation = interpretation.with_how("filter", "unmatched")
        values = {}
    words = interpretation.words
    terms, key_terms = lexical_terms(words, vocabulary)
    # A place or year no case has is still searched as words, but a result need not hold it.
    key_text = interpretation.without("filter", "overridden", "unmatched")
    if key_text != words:
        key_terms = lexical_terms(key_text, vocabulary)[1]
    correction = speller.correct(words) if words.strip() else None
    # A correction is offered always, applied only when the words as typed find little: a
    # question with one rare name in it is not a typo to rewrite (measured in
    # docs/search-rules.md: applying every correction cost 3 points of R@1 on Thai QA).
    applied = (
        correction is not None and SPELLING not in literal and finds_little(key_terms, vocabulary)
    )
    dense_text = query
    if applied and correction is not None:
        words = correction.corrected
        terms, key_terms = lexical_terms(words, vocabulary)  # the corrected words are all key
        dense_text = " ".join([words, *(u.text for u in found if u.how == "filter")])
    return QueryPlan(
        query,
        interpretation,
        words,
        dense_text,
        terms,
        key_terms,
        values,
        interpretation.boosts(),
        correction,
        applied,
        TITLE not in literal,
    )


def finds_little(key_terms: list[str], vocabulary: IndexVocabulary) -> bool:
    """Whether no case holds the share of the key words that makes a result (the rule of
    kmhub.search.relevance): what the words as typed find is then only loosely related."""
    n_cases = vocabulary.case_count()
    if not key_terms or n_cases == 0:
        return True
    weights = relevance.key_words(key_terms, vocabulary, n_cases)
    best = relevance.coverage(np.arange(n_cases), weights, vocabulary).max()
    return bool(best < relevance.KEY_WORD_SHARE)


def _overridden(u: Understood, explicit: dict[str, Any]) -> Understood:
    """A filter the user already chose for that kind wins over one read from the words."""
    keys = ("year_from", "year_to") if u.kind == "year" else (u.kind,)
    if u.how == "filter" and any(explicit.get(k) not in (None, "") for k in keys):
        return replace(u, how="overridden")
    return u


def lexical_terms(text: str, vocabulary: IndexVocabulary) -> tuple[list[str], list[str]]:
    """Query terms: each word, plus its parts when the index hardly knows the whole word; and
    the key words a result must hold, where such parts stand in for their whole."""
    terms: list[str] = []
    key: list[str] = []
    for word in analysis.words(text):
        terms.append(word.term)
        if word.parts and vocabulary.passage_frequency(word.term) < RARE_PASSAGES:
            terms.extend(word.parts)
            known = [p for p in word.parts if vocabulary.passage_frequency(p) > 0]
            key.extend(known or [word.term])  # the parts cases use stand in for the whole
        else:
            key.append(word.term)
    return list(dict.fromkeys(terms)), list(dict.fromkeys(key))


__all__ = ["SPELLING", "QueryPlan", "lexical_terms", "parse_literal", "plan_query"]
