"""Hybrid search: lexical and dense candidates, fused, filtered, grouped by case, with facets."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np

from kmhub.errors import QueryError
from kmhub.index.encoders import Encoder
from kmhub.index.store import CaseRow, SearchIndex, StoredPassage
from kmhub.search import fusion, relevance
from kmhub.search.facets import FacetCounts, count_facets
from kmhub.search.fusion import CaseHit
from kmhub.search.query import QueryPlan, apply_boosts, parse_literal, plan_query
from kmhub.search.spelling import Speller
from kmhub.search.vocabulary import IndexVocabulary
from kmhub.settings import SEARCH_MODES, FusionMethod, SearchMode, Settings
from kmhub.text import analysis, thai, vocab

MODES = SEARCH_MODES


@dataclass(frozen=True)
class Filters:
    province: str | None = None
    level: str | None = None
    network: str | None = None
    virtue: str | None = None
    topic: str | None = None
    year_from: int | None = None  # CE or BE; BE is converted
    year_to: int | None = None
    region: str | None = None  # ภาคเหนือ ... or North, Isan ...

    def checked(self) -> Filters:
        """The same filters in canonical form, or QueryError naming the bad value."""
        province = self.province
        if province:
            province = vocab.canonical_province(province)
            if province is None:
                raise QueryError(
                    f"ไม่รู้จักจังหวัด '{self.province}'", f"unknown province '{self.province}'"
                )
        if self.level and self.level not in vocab.LEVELS:
            raise QueryError(
                f"ไม่รู้จักระดับ '{self.level}'",
                f"unknown level '{self.level}'; use {', '.join(vocab.LEVELS)}",
            )
        if self.network and self.network not in vocab.NETWORKS:
            raise QueryError(
                f"ไม่รู้จักเครือข่าย '{self.network}'",
                f"unknown network '{self.network}'; use {', '.join(vocab.NETWORKS)}",
            )
        region = self.region
        if region:
            region = vocab.canonical_region(region)
            if region is None:
                raise QueryError(
                    f"ไม่รู้จักภาค '{self.region}'",
                    f"unknown region '{self.region}'; use {', '.join(vocab.REGIONS)}",
                )
        year_from = thai.to_ce_year(self.year_from) if self.year_from else None
        year_to = thai.to_ce_year(self.year_to) if self.year_to else None
        if year_from and year_to and year_from > year_to:
            raise QueryError("ปีเริ่มต้องไม่มากกว่าปีสิ้นสุด", "year_from must not be after year_to")
        return Filters(
            province or None,
            self.level or None,
            self.network or None,
            (self.virtue or "").strip() or None,
            (self.topic or "").strip() or None,
            year_from,
            year_to,
            region or None,
        )

    def accepts(self, c: CaseRow) -> bool:
        """Whether a case passes these (already checked) filters."""
        return (
            (self.province is None or c.province == self.province)
            and (self.level is None or c.level == self.level)
            and (self.network is None or self.network in c.networks)
            and (self.virtue is None or self.virtue in c.virtues)
            and (self.topic is None or self.topic in c.topics)
            and (self.year_from is None or c.year >= self.year_from)
            and (self.year_to is None or c.year <= self.year_to)
            and (self.region is None or vocab.region_of(c.province) == self.region)
        )

    def active(self) -> bool:
        return any(v not in (None, "") for v in asdict(self).values())


@dataclass
class Hit:
    case_id: str
    title: str
    province: str
    date: str
    level: str
    networks: list[str]
    score: float
    section: str
    snippet: str
    title_en: str = ""
    heading: str = ""
    matches: list[tuple[int, int]] = field(default_factory=list)  # [start, end) in snippet
    terms: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)  # per retriever, for explanation

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SearchResult:
    query: str
    mode: str
    total: int
    page: int
    page_size: int
    hits: list[Hit]
    facets: FacetCounts
    took_ms: float
    # Cases that share only a common word with the query, shown apart after the results.
    loose: list[Hit] = field(default_factory=list)
    loose_total: int = 0
    interpreted: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["results"] = data.pop("hits")
        data["loosely_related"] = data.pop("loose")
        return data

    def case_ids(self) -> list[str]:
        """Case ids in the order a reader meets them: results, then loosely related ones."""
        return [h.case_id for h in self.hits] + [h.case_id for h in self.loose]


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
            ranked = apply_boosts(ranked, plan.boosts, self.index.cases)
            weight = s.dense_weight if dense_weight is None else dense_weight
            words = mode != "dense" and not (mode == "hybrid" and weight >= 1.0)
            meaning = mode != "lexical" and not (mode == "hybrid" and weight <= 0.0)
            ranked, loose = self._split(ranked, plan, words, meaning)

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
        self, ranked: list[CaseHit], plan: QueryPlan, words: bool, meaning: bool
    ) -> tuple[list[CaseHit], list[CaseHit]]:
        """Results first, loosely related apart (see kmhub.search.relevance), judged by the
        evidence that ranked them: the words, the meaning, or both."""
        if not ranked:
            return ranked, []
        share = np.zeros(len(ranked))
        if words:
            weights = relevance.key_words(plan.key_terms, self.vocabulary, len(self.index.cases))
            cases = np.array([hit[0] for hit in ranked], dtype=np.int64)
            share = relevance.coverage(cases, weights, self.vocabulary)
            if plan.latin_grams:  # an English name is held by the case whose Thai romanizes to it
                latin = self._share(self.index.case_latin, plan.latin_grams, None)
                share = np.maximum(share, latin[cases])
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
        if mode in ("dense", "hybrid"):
            lists["dense"], shown = fusion.best_per_case(
                self._dense(plan.dense_text, passage_mask), self.index.passage_cases
            )
        if mode in ("lexical", "hybrid"):
            lists["lexical"] = self._lexical(plan, case_mask)
        weight = self.settings.dense_weight if dense_weight is None else dense_weight
        fused = fusion.fuse(lists, method, weight, self.settings.rrf_k)
        return [(case, shown.get(case, -1), score, raw) for case, score, raw in fused]

    def _lexical(self, plan: QueryPlan, mask: np.ndarray | None) -> fusion.Ranked:
        """Cases by the share of the query they match (`_share`): of its words and of its
        character 4-grams, blended by gram_weight, or of its Latin letters against the case
        romanized, whichever is more."""
        if not plan.terms or not self.index.cases:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        weights = None if mask is None else mask.astype(np.float32)
        index = self.index
        words = self._share(index.case_lexical, plan.terms, weights)
        # A query shorter than one 4-gram has only its words to go by.
        gram_weight = self.settings.gram_weight if plan.grams else 0.0
        scores = (1.0 - gram_weight) * words
        if gram_weight > 0:
            found = self._share(index.case_grams, plan.grams, weights)
            # Only cases that hold a query word: grams re-rank them, they do not add noise.
            scores = np.where(words > 0, scores + gram_weight * found, 0.0)
        if plan.latin_grams:
            # An English name ("Prasopsuk") meets the Thai one (ประสพสุข) only this way, so a
            # case may enter here on the name alone.
            scores = np.maximum(scores, self._share(index.case_latin, plan.latin_grams, weights))
        ids, top = fusion.top_k(scores, self.settings.candidates, positive_only=True)
        return ids, top.astype(np.float32)

    def _share(self, model: Any, terms: list[str], weights: np.ndarray | None) -> np.ndarray:
        """BM25 of each case divided by the terms' idf: the share of the terms a case matches,
        on one scale for every query (SearchIndex.case_idf)."""
        known = [t for t in terms if t in model.vocab_dict]
        if not known:
            return np.zeros(len(self.index.cases), dtype=np.float32)
        found = model.get_scores(known, weight_mask=weights)
        return np.asarray(found / max(self.index.case_idf(terms, model), 1e-9), dtype=np.float32)

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

    def _dense(self, query: str, mask: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        import faiss

        n = self.index.vectors.ntotal
        if n == 0 or (mask is not None and not mask.any()):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        vector = self.encoder.encode([query], "query")
        k = min(self.settings.candidates, n)
        params = None
        if mask is not None:
            bitmap = np.packbits(mask, bitorder="little")
            selector = faiss.IDSelectorBitmap(n, faiss.swig_ptr(bitmap))
            # The SWIG wrapper takes `sel` as a keyword that faiss's type hints do not declare.
            params = faiss.SearchParameters(sel=selector)  # type: ignore[call-arg]
        scores, ids = self.index.vectors.search(vector, k, params=params)
        keep = (ids[0] >= 0) & (scores[0] >= self.settings.dense_min_score)
        return ids[0][keep].astype(np.int64), scores[0][keep]

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


def mark_terms(
    spans: list[tuple[int, int, str]], query_terms: list[str]
) -> tuple[list[tuple[int, int]], list[str]]:
    """Character ranges of a passage whose words are query terms (adjacent ones joined), and the terms."""
    wanted = set(query_terms)
    ranges: list[tuple[int, int]] = []
    found: list[str] = []
    for start, end, word in spans:
        if word not in wanted:
            continue
        if ranges and start < ranges[-1][1]:
            pass  # a compound's part shares the whole word's span: marked once
        elif ranges and ranges[-1][1] == start:
            ranges[-1] = (ranges[-1][0], end)
        else:
            ranges.append((start, end))
        if word not in found:
            found.append(word)
    return ranges, found
