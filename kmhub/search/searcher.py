"""Hybrid search: lexical and dense candidates, fused, filtered, grouped by case, with facets."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np

from kmhub.errors import QueryError
from kmhub.index.encoders import Encoder
from kmhub.index.store import SearchIndex, StoredPassage
from kmhub.search import boosts, fusion, relevance, retrievers
from kmhub.search.facets import FacetCounts, count_facets
from kmhub.search.filters import Filters
from kmhub.search.fusion import CaseHit
from kmhub.search.query import QueryPlan, parse_literal, plan_query
from kmhub.search.results import Hit, SearchResult, mark_terms
from kmhub.search.spelling import Speller
from kmhub.search.vocabulary import IndexVocabulary
from kmhub.settings import SEARCH_MODES, FusionMethod, SearchMode, Settings
from kmhub.text import analysis, vocab

MODES = SEARCH_MODES


@dataclass(frozen=True)
class SearchOptions:
    """How to search, as one typed value; None means the setting's default."""

    mode: SearchMode | str | None = None
    filters: Filters | None = None
    page: int = 1
    page_size: int | None = None
    fusion_method: FusionMethod | str | None = None
    dense_weight: float | None = None
    literal: str | None = None  # kinds of understanding to switch off: "province,year", "all"


class Searcher:
    """Searches one loaded index with one encoder; safe to share between threads."""

    def __init__(self, index: SearchIndex, encoder: Encoder, settings: Settings) -> None:
        self.index = index
        self.encoder = encoder
        self.settings = settings
        self.vocabulary = IndexVocabulary(index)
        self.speller = Speller(self.vocabulary)

    def warm_up(self) -> None:
        """Load the word list and encoder weights now, so the first real query is not slow."""
        analysis.terms("ชุมชนคุณธรรม")
        self.encoder.encode(["ชุมชนคุณธรรม"], "query")

    def search_with(self, query: str, options: SearchOptions) -> SearchResult:
        """`search` with its options as one value (the command line builds one per run)."""
        o = options
        return self.search(
            query,
            o.mode,
            o.filters,
            o.page,
            o.page_size,
            o.fusion_method,
            o.dense_weight,
            o.literal,
        )

    def search(
        self,
        query: str,
        mode: SearchMode | str | None = None,
        filters: Filters | None = None,
        page: int = 1,
        page_size: int | None = None,
        fusion_method: FusionMethod | str | None = None,
        dense_weight: float | None = None,
        literal: str | None = None,
    ) -> SearchResult:
        started = time.perf_counter()
        s = self.settings
        mode = mode or s.search_mode
        if mode not in MODES:
            raise QueryError(
                f"ไม่รู้จักโหมด '{mode}'", f"unknown mode '{mode}'; use {', '.join(MODES)}"
            )
        method = fusion_method or s.fusion
        fusion.fuser(method)  # an unknown method is a QueryError in every mode, not silently rrf
        if dense_weight is not None and not 0.0 <= dense_weight <= 1.0:
            raise QueryError(
                f"น้ำหนักฝั่งความหมาย {dense_weight} ต้องอยู่ระหว่าง 0 ถึง 1",
                f"dense weight {dense_weight} must be between 0 and 1",
            )
        if len(query) > s.max_query_chars:
            raise QueryError(
                f"คำค้นยาวเกิน {s.max_query_chars} ตัวอักษร",
                f"query longer than {s.max_query_chars} characters",
            )
        page_size = min(max(1, page_size or s.page_size), s.max_page_size)
        page = max(1, page)
        filters = (filters or Filters()).checked()
        plan = self._plan(query, filters, literal)
        if plan is not None and plan.filter_values:
            filters = replace(filters, **plan.filter_values).checked()
        case_mask = self._case_mask(filters)
        query_terms = plan.terms if plan else []

        loose: list[CaseHit] = []
        if plan is None or (not plan.terms and plan.filter_values):
            ranked = self._browse(case_mask)  # nothing but places and years: their cases
        else:
            ranked = self._ranked(plan, mode, case_mask, method, dense_weight)
            weight = s.dense_weight if dense_weight is None else dense_weight
            words = mode != "dense" and not (mode == "hybrid" and weight >= 1.0)
            meaning = mode != "lexical" and not (mode == "hybrid" and weight <= 0.0)
            # A title written in the query is evidence of words, so ranking by meaning alone
            # stays that.
            reads = words and plan.reads_titles
            named = boosts.named_by_title(query, ranked, self.index.cases) if reads else set()
            ranked = boosts.apply_boosts(ranked, plan.boosts, self.index.cases, named)
            ranked, loose = self._split(ranked, plan, words, meaning, named)

        total = len(ranked)
        facets = self._facets([case for case, *_ in ranked])
        window = ranked[(page - 1) * page_size : page * page_size]
        if query.strip():
            window = self._snippet_passages(window, query_terms)
        hits = self._hits(window, query_terms)
        # Loosely related cases follow the last page of results, a page's worth at most.
        last_page = page >= max(1, -(-total // page_size))
        loose_window = self._snippet_passages(loose[:page_size], query_terms) if last_page else []
        loose_hits = self._hits(loose_window, query_terms)
        took = (time.perf_counter() - started) * 1000
        return SearchResult(
            query,
            mode,
            total,
            page,
            page_size,
            hits,
            facets,
            round(took, 2),
            loose_hits,
            len(loose),
            plan.interpreted() if plan else None,
        )

    def _plan(self, query: str, filters: Filters, literal: str | None) -> QueryPlan | None:
        if not query.strip():
            return None

        def any_case_passes(values: dict[str, Any]) -> bool:
            combined = replace(filters, **values).checked()
            return any(combined.accepts(c) for c in self.index.cases)

        explicit = asdict(filters)
        return plan_query(
            query, explicit, parse_literal(literal), self.vocabulary, self.speller, any_case_passes
        )

    def _split(
        self,
        ranked: list[CaseHit],
        plan: QueryPlan,
        words: bool,
        meaning: bool,
        named: set[int],
    ) -> tuple[list[CaseHit], list[CaseHit]]:
        """Results first, loosely related apart (see kmhub.search.relevance), judged by the
        evidence that ranked them: the words, the meaning, or both. A case the query names
        by its title is a result."""
        if not ranked:
            return ranked, []
        share = np.zeros(len(ranked))
        if words:
            weights = relevance.key_words(plan.key_terms, self.vocabulary, len(self.index.cases))
            cases = np.array([hit[0] for hit in ranked], dtype=np.int64)
            share = relevance.coverage(cases, weights, self.vocabulary)
            if plan.latin_grams:  # an English name is held by the case whose Thai romanizes to it
                latin = retrievers.share(self.index, self.index.case_latin, plan.latin_grams, None)
                share = np.maximum(share, relevance.latin_held(latin[cases]))
            if named:
                share[[case in named for case, *_ in ranked]] = 1.0
        clear = self.settings.dense_clear_score if meaning else float("inf")
        return relevance.split(ranked, share, clear, by_meaning=meaning)

    def _case_mask(self, f: Filters) -> np.ndarray | None:
        if not f.active():
            return None
        return np.array([f.accepts(c) for c in self.index.cases], dtype=bool)

    def _ranked(
        self,
        plan: QueryPlan,
        mode: str,
        case_mask: np.ndarray | None,
        method: str,
        dense_weight: float | None,
    ) -> list[CaseHit]:
        """Cases scored by each retriever, fused, each with the passage to show."""
        passage_mask = None if case_mask is None else case_mask[self.index.passage_cases]
        lists: dict[str, fusion.Ranked] = {}
        shown: dict[int, int] = {}  # case -> passage: the dense match unless a lexical one exists
        vector = None
        if mode in ("dense", "hybrid"):
            vector = retrievers.query_vector(self.encoder, plan.dense_text)
            lists["dense"], shown = fusion.best_per_case(
                retrievers.dense_passages(self.index, vector, self.settings, passage_mask),
                self.index.passage_cases,
            )
        if mode in ("lexical", "hybrid"):
            lists["lexical"] = retrievers.lexical_cases(self.index, plan, self.settings, case_mask)
        if vector is not None and "lexical" in lists:
            # The words' candidates get their own cosine: outside the dense top list, none
            # fuses as if its cosine were 0 (those below dense_min_score still do).
            lists["dense"] = retrievers.with_dense_scores_of(
                self.index, vector, lists["dense"], lists["lexical"][0], self.settings
            )
        weight = self.settings.dense_weight if dense_weight is None else dense_weight
        fused = fusion.fuse(lists, method, weight, self.settings.rrf_k)
        return [(case, shown.get(case, -1), score, raw) for case, score, raw in fused]

    def _snippet_passages(self, window: list[CaseHit], terms: list[str]) -> list[CaseHit]:
        """Show the passage of each case that matches the query words best, if one does."""
        if not terms or not window:
            return window
        scores = self.index.lexical.get_scores(terms)
        starts = self.index.case_passages_start
        out = []
        for case, passage, score, raw in window:
            lo, hi = int(starts[case]), int(starts[case + 1])
            if hi > lo and scores[lo:hi].max() > 0:
                passage = lo + int(np.argmax(scores[lo:hi]))
            elif passage < 0 and hi > lo:
                passage = lo  # the title and summary
            out.append((case, passage, score, raw))
        return out

    def _browse(self, mask: np.ndarray | None) -> list[CaseHit]:
        # No query: every case passing the filters, newest first, its summary as the snippet.
        order = sorted(
            range(len(self.index.cases)), key=lambda i: self.index.cases[i].date, reverse=True
        )
        return [(i, -1, 0.0, {}) for i in order if mask is None or mask[i]]

    def _facets(self, case_ids: list[int]) -> FacetCounts:
        return count_facets(self.index.cases[i] for i in case_ids)

    def _hits(self, window: list[CaseHit], query_terms: list[str]) -> list[Hit]:
        stored = self.index.passages([p for _, p, _, _ in window if p >= 0])
        hits = []
        for case_idx, passage_id, score, scores in window:
            c = self.index.cases[case_idx]
            passage = stored.get(passage_id)
            if passage is None:  # browsing: the summary stands in for a passage
                passage = StoredPassage(
                    vocab.SUMMARY_SECTION, "", c.summary, analysis.term_spans(c.summary)
                )
            matches, matched = mark_terms(passage.spans, query_terms)
            hits.append(
                Hit(
                    c.id,
                    c.title,
                    c.province,
                    c.date,
                    c.level,
                    list(c.networks),
                    round(float(score), 6),
                    passage.section,
                    passage.text,
                    c.title_en,
                    passage.heading,
                    matches,
                    matched,
                    {k: round(float(v), 6) for k, v in scores.items()},
                )
            )
        return hits
