"""Suggest a pack for a theme: relevant and varied cases by maximal marginal relevance (MMR)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from kmhub.index.store import CaseRow
from kmhub.packs.model import MAX_CASES, PackError
from kmhub.search.filters import Filters
from kmhub.search.results import Hit
from kmhub.search.searcher import Searcher
from kmhub.text.thai import to_be_year

DEFAULT_SIZE = 5
# 1.0 = rank by relevance only; 0.0 = only avoid similarity. 0.6 keeps clearly relevant
# cases first while a near-copy of a chosen case loses to a different, still relevant one.
DEFAULT_LAMBDA = 0.6
# Share of case similarity that comes from metadata (same province, level, networks)
# rather than from the case vectors: two cases of one province on one theme are near-copies
# for a workshop even when their wording differs.
META_WEIGHT = 0.35
POOL_PAGES = 3  # candidate pool: up to this many pages of max_page_size cases
# Match strength (see strength()): measured on eval/queries.yaml by bench/match_strength.py,
# chosen on half of the queries and checked on the other half.
STRONG, RELATED, WEAK = "strong", "related", "weak"
STRENGTHS = (STRONG, RELATED, WEAK)
STRONG_RELEVANCE, STRONG_LEXICAL = 0.95, 0.7
RELATED_RELEVANCE, RELATED_LEXICAL = 0.85, 0.65


@dataclass(frozen=True)
class Suggestion:
    case_id: str
    title: str
    title_en: str
    province: str
    level: str
    networks: list[str]
    year: int
    year_be: int
    rank: int  # position in the plain search ranking, from 1
    relevance: float  # search score over the best score of the pool (0..1)
    mmr: float  # the MMR score when the case was picked
    strength: str = "strong"  # strong / related / weak: how well the case matches the theme

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def metadata_similarity(rows: list[CaseRow]) -> np.ndarray:
    """Mean of: same province, same level, Jaccard overlap of networks (each 0..1)."""
    n = len(rows)
    sim = np.zeros((n, n), dtype=np.float32)
    for i, a in enumerate(rows):
        for j in range(i, n):
            b = rows[j]
            union = set(a.networks) | set(b.networks)
            jaccard = len(set(a.networks) & set(b.networks)) / len(union) if union else 0.0
            value = ((a.province == b.province) + (a.level == b.level) + jaccard) / 3
            sim[i, j] = sim[j, i] = value
    return sim


def mmr(
    relevance: np.ndarray,
    similarity: np.ndarray,
    n: int,
    lam: float,
    prior: np.ndarray | None = None,
) -> list[int]:
    """Greedy MMR: each step takes argmax  lam * rel(i) - (1 - lam) * max_{j chosen} sim(i, j).

    `prior` (candidates x cases picked earlier) counts cases chosen before as chosen. Ties go
    to the earlier (better ranked) candidate. Returns positions into `relevance`.
    """
    count = len(relevance)
    chosen: list[int] = []
    best_penalty = np.full(count, -np.inf if count else 0.0, dtype=np.float64)
    if prior is not None and prior.size:
        best_penalty = prior.max(axis=1).astype(np.float64)
    available = np.ones(count, dtype=bool)
    while len(chosen) < min(n, count):
        penalty = np.where(np.isfinite(best_penalty), best_penalty, 0.0)
        score = lam * relevance - (1 - lam) * penalty
        score = np.where(available, score, -np.inf)
        pick = int(np.argmax(score))
        chosen.append(pick)
        available[pick] = False
        best_penalty = np.maximum(best_penalty, similarity[:, pick])
    return chosen


def _pool(
    searcher: Searcher, query: str, filters: Filters | None = None
) -> tuple[list[Hit], np.ndarray, list[str]]:
    """The candidates of a theme (up to POOL_PAGES pages of search), their relevance and strength."""
    size = searcher.settings.max_page_size
    hits: list[Hit] = []
    for page in range(1, POOL_PAGES + 1):
        # The pool is ranked by reciprocal ranks whatever the search default: relevance below
        # is a ratio to the best score, which for RRF means "ranked nearly as high" (MMR and
        # the match strength both read it that way).
        result = searcher.search(
            query, filters=filters, page=page, page_size=size, fusion_method="rrf"
        )
        # The loosely related cases (after the last page) widen a small pool for variety.
        hits.extend([*result.hits, *result.loose])
        if page * size >= result.total:
            break
    scores = np.array([h.score for h in hits], dtype=np.float64)
    # Relevance is the fused score over the best one: RRF scores are ratios of ranks, so
    # "half the best" means something; min-max scaling would call the last candidate 0.
    best = scores.max() if len(hits) else 0.0
    relevance = np.clip(scores / best, 0.0, 1.0) if best > 0 else np.ones_like(scores)
    lexical = np.array([h.scores.get("lexical", 0.0) for h in hits], dtype=np.float64)
    top_lexical = lexical.max() if len(hits) else 0.0
    share = lexical / top_lexical if top_lexical > 0 else None
    strengths = [
        strength(float(relevance[i]), None if share is None else float(share[i]))
        for i in range(len(hits))
    ]
    return hits, relevance, strengths


def strength(relevance: float, lexical_share: float | None) -> str:
    """strong / related / weak from the search's own scores (thresholds: bench/match_strength.py).

    `relevance` is the fused score over the best of the pool, `lexical_share` the case's BM25
    score over the best BM25 score of the pool (None when no candidate matched a query word:
    then relevance alone decides). A case near the top only through its vectors, without the
    theme's words, is weak: that is how off-topic cases padded a suggestion.
    """
    lexical = 1.0 if lexical_share is None else lexical_share
    if relevance >= STRONG_RELEVANCE and lexical >= STRONG_LEXICAL:
        return STRONG
    if relevance >= RELATED_RELEVANCE and lexical >= RELATED_LEXICAL:
        return RELATED
    return WEAK


def match_strengths(searcher: Searcher, theme: str, ids: list[str]) -> dict[str, str]:
    """How well each of `ids` matches a theme, by the same rule as suggestions; weak if unfound."""
    found: dict[str, str] = {}
    if theme.strip():
        hits, _, strengths = _pool(searcher, theme)
        found = {h.case_id: s for h, s in zip(hits, strengths, strict=True)}
    return {case_id: found.get(case_id, WEAK) for case_id in ids}


def suggest(
    searcher: Searcher,
    query: str,
    n: int = DEFAULT_SIZE,
    lam: float = DEFAULT_LAMBDA,
    filters: Filters | None = None,
    include_weak: bool = False,
) -> list[Suggestion]:
    """N cases for a theme: relevant first, then each next case least like those already picked.

    Strong and related cases are picked first; weak ones only make up the number when
    `include_weak` is set, and come last, so they can be shown apart.
    """
    if not query.strip():
        raise PackError("ให้ประเด็นหรือคำค้นสำหรับชุดอบรม", "give a theme (query) for the pack")
    if not 1 <= n <= MAX_CASES:
        raise PackError(
            f"จำนวนกรณีต้องอยู่ระหว่าง 1 ถึง {MAX_CASES}", f"n must be between 1 and {MAX_CASES}"
        )
    if not 0.0 <= lam <= 1.0:
        raise PackError("ค่า lambda ต้องอยู่ระหว่าง 0 ถึง 1", "lambda must be between 0 and 1")
    hits, relevance, strengths = _pool(searcher, query, filters)
    if not hits:
        return []
    index = searcher.index
    positions = [index.case_index[h.case_id] for h in hits]
    vectors = index.case_vectors[positions].astype(np.float64)
    rows = [index.cases[p] for p in positions]
    similarity = (1 - META_WEIGHT) * (vectors @ vectors.T) + META_WEIGHT * metadata_similarity(rows)
    on_topic = np.array([s != WEAK for s in strengths])
    picked: list[int] = []
    for group in (on_topic, ~on_topic) if include_weak else (on_topic,):
        members = np.flatnonzero(group)
        if len(picked) >= n or not len(members):
            continue
        # MMR within the group, with the cases already picked counting as chosen.
        prior = similarity[np.ix_(members, np.array(picked, dtype=np.int64))] if picked else None
        sub = mmr(
            relevance[members], similarity[np.ix_(members, members)], n - len(picked), lam, prior
        )
        picked.extend(int(members[i]) for i in sub)
    out = []
    penalty_so_far: list[int] = []
    for pick in picked:
        penalty = max((similarity[pick, j] for j in penalty_so_far), default=0.0)
        row = rows[pick]
        out.append(
            Suggestion(
                row.id,
                row.title,
                row.title_en,
                row.province,
                row.level,
                list(row.networks),
                row.year,
                to_be_year(row.year),
                pick + 1,
                round(float(relevance[pick]), 4),
                round(float(lam * relevance[pick] - (1 - lam) * penalty), 4),
                strengths[pick],
            )
        )
        penalty_so_far.append(pick)
    return out
