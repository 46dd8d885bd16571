"""The two retrievers: cases by the share of the query they hold (words, 4-grams, Latin
letters, an English query's words in Thai), and passages by meaning (use-m3 vectors in faiss)."""

from __future__ import annotations

from typing import Any

import numpy as np

from kmhub.index.encoders import Encoder
from kmhub.index.store import SearchIndex
from kmhub.search import fusion
from kmhub.search.query import QueryPlan
from kmhub.settings import Settings


def lexical_cases(
    index: SearchIndex, plan: QueryPlan, settings: Settings, mask: np.ndarray | None
) -> fusion.Ranked:
    """Cases by the share of the query they match (`share`): of its words and of its
    character 4-grams, blended by gram_weight, or of its Latin letters against the case
    romanized, whichever is more; plus translation_weight times the share of an English
    query's words the case holds in Thai."""
    if not plan.terms or not index.cases:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    weights = None if mask is None else mask.astype(np.float32)
    words = share(index, index.case_lexical, plan.terms, weights)
    # A query shorter than one 4-gram has only its words to go by.
    gram_weight = settings.gram_weight if plan.grams else 0.0
    scores = (1.0 - gram_weight) * words
    if gram_weight > 0:
        found = share(index, index.case_grams, plan.grams, weights)
        # Only cases that hold a query word: grams re-rank them, they do not add noise.
        scores = np.where(words > 0, scores + gram_weight * found, 0.0)
    if plan.latin_grams:
        # An English name ("Prasopsuk") meets the Thai one (ประสพสุข) only this way, so a
        # case may enter here on the name alone.
        scores = np.maximum(scores, share(index, index.case_latin, plan.latin_grams, weights))
    if plan.translations and settings.translation_weight > 0:
        # Added, not the larger: the translated words (a river, a family) are what the Latin
        # grams of the names lack, and alone they are common words many cases hold.
        found = translated_share(index, plan.translations, weights)
        scores = scores + settings.translation_weight * found
    ids, top = fusion.top_k(scores, settings.candidates, positive_only=True)
    return ids, top.astype(np.float32)


def share(
    index: SearchIndex, model: Any, terms: list[str], weights: np.ndarray | None
) -> np.ndarray:
    """BM25 of each case divided by the terms' idf: the share of the terms a case matches,
    on one scale for every query (SearchIndex.case_idf)."""
    known = [t for t in terms if t in model.vocab_dict]
    if not known:
        return np.zeros(len(index.cases), dtype=np.float32)
    found = model.get_scores(known, weight_mask=weights)
    return np.asarray(found / max(index.case_idf(terms, model), 1e-9), dtype=np.float32)


_UNHEARD = "\x00"  # a term no index holds: its idf is that of a word no case has


def translated_share(
    index: SearchIndex, translations: list[tuple[str, ...]], weights: np.ndarray | None
) -> np.ndarray:
    """The share of an English query's words a case holds in Thai: each word by the best of
    its translations (BM25 over its idf), weighed by their mean idf; a word with no
    translation that any case holds counts as a word no case has."""
    model = index.case_lexical
    held = np.zeros(len(index.cases), dtype=np.float32)
    total = 0.0
    shares: dict[str, np.ndarray] = {}  # a term two words share is scored once
    for terms in translations:
        known = [t for t in terms if t in model.vocab_dict]
        if not known:
            total += index.case_idf([_UNHEARD], model)
            continue
        for term in known:
            if term not in shares:
                shares[term] = share(index, model, [term], weights)
        weight = float(np.mean([index.case_idf([t], model) for t in known]))
        held += weight * np.max([shares[t] for t in known], axis=0)
        total += weight
    if not held.any():
        return held
    return np.asarray(held / max(total, 1e-9), dtype=np.float32)


def query_vector(encoder: Encoder, text: str) -> np.ndarray:
    """The query's use-m3 (or other encoder's) vector, one row."""
    return encoder.encode([text], "query")


def dense_passages(
    index: SearchIndex,
    vector: np.ndarray,
    settings: Settings,
    mask: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray]:
    """Passages nearest to the query vector, above dense_min_score, among those `mask` keeps."""
    import faiss

    n = index.vectors.ntotal
    if n == 0 or (mask is not None and not mask.any()):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    k = min(settings.candidates, n)
    params = None
    if mask is not None:
        bitmap = np.packbits(mask, bitorder="little")
        selector = faiss.IDSelectorBitmap(n, faiss.swig_ptr(bitmap))
        # The SWIG wrapper takes `sel` as a keyword that faiss's type hints do not declare.
        params = faiss.SearchParameters(sel=selector)  # type: ignore[call-arg]
    scores, ids = index.vectors.search(vector, k, params=params)
    keep = (ids[0] >= 0) & (scores[0] >= settings.dense_min_score)
    return ids[0][keep].astype(np.int64), scores[0][keep]


def with_dense_scores_of(
    index: SearchIndex,
    vector: np.ndarray,
    dense: fusion.Ranked,
    cases: np.ndarray,
    settings: Settings,
) -> fusion.Ranked:
    """The dense case list, plus the exact score (best passage cosine) of each of `cases` it
    lacks, where that reaches dense_min_score; best first.

    A case the words found but the dense candidates did not reach is not a case with cosine 0:
    scored 0, it lost to any case the dense side had seen (docs/evaluation.md).
    """
    missing = np.setdiff1d(cases, dense[0])
    starts = index.case_passages_start
    missing = missing[starts[missing + 1] > starts[missing]]
    if len(missing) == 0:
        return dense
    counts = starts[missing + 1] - starts[missing]
    # Passages of one case are contiguous: each case's run, laid end to end.
    runs = np.concatenate([[0], np.cumsum(counts)[:-1]])
    passages = np.arange(counts.sum()) + np.repeat(starts[missing] - runs, counts)
    # einsum, not BLAS: OpenBLAS threads left spinning after a product slow the next faiss scan 3x.
    cosines = np.einsum("ij,j->i", index.vectors.reconstruct_batch(passages), vector[0])
    best = np.maximum.reduceat(cosines, runs)  # the best of each run is the case's score
    keep = best >= settings.dense_min_score
    ids = np.concatenate([dense[0], missing[keep]]).astype(np.int64)
    scores = np.concatenate([dense[1], best[keep]]).astype(np.float32)
    order = np.lexsort((ids, -scores))
    return ids[order], scores[order]
