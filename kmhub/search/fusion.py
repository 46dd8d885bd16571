"""Fusion of lexical and dense case lists: calibrated scores, min-max scores or reciprocal ranks."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from kmhub.errors import QueryError

# (ids, scores), best first: passage ids from a retriever, or case ids after best_per_case
Ranked = tuple[np.ndarray, np.ndarray]
# (case index, best passage id, fused score, raw score of that passage per retriever)
CaseHit = tuple[int, int, float, dict[str, float]]


def top_k(scores: np.ndarray, k: int, positive_only: bool = False) -> Ranked:
    """Ids and scores of the k best entries, best first (ties by lower id)."""
    candidates = np.flatnonzero(scores > 0) if positive_only else np.arange(len(scores))
    if len(candidates) > k:
        values = scores[candidates]
        # The k-th best score; ties at that score are broken by lower id, like the final sort.
        threshold = -np.partition(-values, k - 1)[k - 1]
        above = candidates[values > threshold]
        tied = candidates[values == threshold]  # ascending ids
        candidates = np.concatenate([above, tied[: k - len(above)]])
    order = np.lexsort((candidates, -scores[candidates]))
    chosen = candidates[order]
    return chosen.astype(np.int64), scores[chosen].astype(np.float32)


def rrf_scores(lists: dict[str, Ranked], weights: dict[str, float], k: int) -> dict[int, float]:
    """Weighted reciprocal rank fusion: sum of weight / (k + rank), rank starting at 1."""
    fused: dict[int, float] = {}
    for name, (ids, _) in lists.items():
        w = weights.get(name, 1.0)
        for rank, pid in enumerate(ids.tolist(), start=1):
            fused[pid] = fused.get(pid, 0.0) + w / (k + rank)
    return fused


def normalized_scores(lists: dict[str, Ranked], weights: dict[str, float]) -> dict[int, float]:
    """Weighted sum of min-max normalized scores; a passage missing from a list gets 0 there."""
    fused: dict[int, float] = {}
    for name, (ids, scores) in lists.items():
        if len(ids) == 0:
            continue
        w = weights.get(name, 1.0)
        low, high = float(scores.min()), float(scores.max())
        spread = high - low
        for pid, score in zip(ids.tolist(), scores.tolist(), strict=True):
            norm = (score - low) / spread if spread > 1e-12 else 1.0
            fused[pid] = fused.get(pid, 0.0) + w * norm
    return fused


# How each retriever's score becomes evidence on one scale. Lexical scores are the share of the
# query's idf a case matches; squaring it means a case matching half of the query gets a quarter
# of the full weight, so stray words (an English query over Thai text, one common word) count
# little. Dense scores are cosines. Measured in docs/evaluation.md.
CALIBRATION: dict[str, Callable[[float], float]] = {
    "lexical": lambda share: share * share,
    "dense": lambda cosine: cosine,
}


def calibrated_scores(lists: dict[str, Ranked], weights: dict[str, float]) -> dict[int, float]:
    """Weighted sum of calibrated scores (CALIBRATION); an id missing from a list gets 0 there.

    Unlike min-max, a side whose best score is weak stays weak instead of being stretched to 1.
    """
    fused: dict[int, float] = {}
    for name, (ids, scores) in lists.items():
        w, calibrate = weights.get(name, 1.0), CALIBRATION[name]
        for cid, score in zip(ids.tolist(), scores.tolist(), strict=True):
            fused[cid] = fused.get(cid, 0.0) + w * calibrate(max(score, 0.0))
    return fused


def best_per_case(passages: Ranked, passage_cases: np.ndarray) -> tuple[Ranked, dict[int, int]]:
    """Each case's best passage score, cases best first, and which passage that was."""
    best: dict[int, tuple[float, int]] = {}
    for pid, score in zip(passages[0].tolist(), passages[1].tolist(), strict=True):
        case = int(passage_cases[pid])
        if case not in best:  # passages come best first, ties by lower id
            best[case] = (score, pid)
    ids = np.array(list(best), dtype=np.int64)
    scores = np.array([s for s, _ in best.values()], dtype=np.float32)
    return (ids, scores), {case: pid for case, (_, pid) in best.items()}


def fuse(
    lists: dict[str, Ranked], method: str = "calibrated", dense_weight: float = 0.5, rrf_k: int = 60
) -> list[tuple[int, float, dict[str, float]]]:
    """Fuse case lists into (case, fused score, raw score per retriever), best first."""
    raw: dict[str, dict[int, float]] = {
        name: dict(zip(ids.tolist(), scores.tolist(), strict=True))
        for name, (ids, scores) in lists.items()
    }
    if len(lists) == 1:
        # One retriever: its own scores are the clearest ranking to show.
        fused = next(iter(raw.values()))
    else:
        weights = {"dense": dense_weight, "lexical": 1.0 - dense_weight}
        # A side weighted 0 says nothing, not even which cases it found.
        heard = {name: ranked for name, ranked in lists.items() if weights[name] > 0}
        fused = fuser(method)(heard, weights, rrf_k)
    ordered = sorted(fused.items(), key=lambda item: (-item[1], item[0]))
    return [
        (case, score, {name: values[case] for name, values in raw.items() if case in values})
        for case, score in ordered
    ]


Fuser = Callable[[dict[str, Ranked], dict[str, float], int], dict[int, float]]

# One implementation per name of settings.FUSION_METHODS (tests check that the two agree).
FUSERS: dict[str, Fuser] = {
    "calibrated": lambda lists, weights, _k: calibrated_scores(lists, weights),
    "score": lambda lists, weights, _k: normalized_scores(lists, weights),
    "rrf": rrf_scores,
}


def fuser(method: str) -> Fuser:
    """The fusion function called `method`; QueryError for a name kmhub does not know."""
    try:
        return FUSERS[method]
    except KeyError:
        raise QueryError(
            f"ไม่รู้จักวิธีรวมผล '{method[:20]}'",
            f"unknown fusion method '{method[:20]}'; use {', '.join(FUSERS)}",
        ) from None
