"""Results and loosely related cases: a case is a result when it holds the query's key words
or is a clear match by meaning; one that shares only a common word is shown apart."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from kmhub.search.fusion import CaseHit
from kmhub.search.vocabulary import IndexVocabulary

# Share of the query's information (IDF-weighted key words) a case must hold to be a result.
KEY_WORD_SHARE = 0.5
# The same for an English name met in Latin grams (retrievers.share: BM25 over the grams' idf,
# about 0.4 for a case holding every gram once). A foreign name spelled in Thai meets its sound
# grams but rarely its RTGS letters, so the right case's share is low (median 0.20 on the
# English probes); 0.3 lists more of them as results while English questions about things no
# case treats still find none (docs/evaluation.md).
LATIN_KEY_SHARE = 0.3
# The best dense matches of a query count as results when at least this similar (use-m3
# cosines of out-of-domain queries: median 0.13, 95th percentile 0.27 on eval/queries.yaml).
MEANING_FLOOR = 0.30
NEAR_BEST_DENSE = 0.02


def key_words(terms: Sequence[str], vocabulary: IndexVocabulary, n_cases: int) -> dict[str, float]:
    """Each query term with its case-level IDF: rare words weigh more, and a word no case
    has weighs most, so "ผลบอลเมื่อคืน" is not answered by every case that says ผล."""
    weights: dict[str, float] = {}
    for term in dict.fromkeys(terms):
        df = int(vocabulary.cases_with(term).sum())
        weights[term] = math.log(1 + (n_cases - df + 0.5) / (df + 0.5))
    return weights


def coverage(
    cases: np.ndarray, weights: dict[str, float], vocabulary: IndexVocabulary
) -> np.ndarray:
    """For each case, the share of the key words' weight it holds (1.0 = all of them)."""
    total = sum(weights.values())
    held = np.zeros(len(cases), dtype=np.float64)
    if total <= 0:
        return held + 1.0
    for term, weight in weights.items():
        held += weight * vocabulary.cases_with(term)[cases]
    return held / total


def latin_held(latin: np.ndarray) -> np.ndarray:
    """A Latin-gram share on the key-word scale: LATIN_KEY_SHARE counts as KEY_WORD_SHARE."""
    return latin * (KEY_WORD_SHARE / LATIN_KEY_SHARE)


def split(
    ranked: list[CaseHit], share: np.ndarray, clear_dense: float, by_meaning: bool = True
) -> tuple[list[CaseHit], list[CaseHit]]:
    """(results, loosely related), each in ranked order; `share` is aligned with `ranked`.

    A result holds half the key words, or is a clear match by meaning: a best passage at
    `clear_dense` or more, or among the query's best dense matches when those are not weak
    (a paraphrase shares no word, yet it is what was asked for)."""
    dense = [hit[3].get("dense", -1.0) if by_meaning else -1.0 for hit in ranked]
    near_best = max(max(dense, default=-1.0) - NEAR_BEST_DENSE, MEANING_FLOOR)
    near_best = near_best if by_meaning else float("inf")
    strong: list[CaseHit] = []
    loose: list[CaseHit] = []
    for hit, held, cosine in zip(ranked, share.tolist(), dense, strict=True):
        clear = cosine >= clear_dense or cosine >= near_best
        (strong if held >= KEY_WORD_SHARE or clear else loose).append(hit)
    return strong, loose
