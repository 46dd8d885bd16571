"""Rank fusion of lexical and dense passage lists (RRF or normalized scores), grouped by case."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from kmhub.errors import QueryError

# (passage ids, scores), best first
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


def fuse_by_case(
    lists: dict[str, Ranked],
    passage_cases: np.ndarray,
    method: str = "rrf",
    dense_weight: float = 0.5,
    rrf_k: int = 60,
) -> list[CaseHit]:
    """Fuse passage lists, keep each case's best passage, and rank the cases."""
    raw: dict[str, dict[int, float]] = {
        name: dict(zip(ids.tolist(), scores.tolist(), strict=True))
        for name, (ids, scores) in lists.items()
    }
    if len(lists) == 1:
        # One retriever: its own scores are the clearest ranking to show.
        fused = next(iter(raw.values()))
    else:
        weights = {"dense": dense_weight, "lexical": 1.0 - dense_weight}
        fused = fuser(method)(lists, weights, rrf_k)
    best: dict[int, tuple[float, int]] = {}
    for pid, score in fused.items():
        case = int(passage_cases[pid])
        current = best.get(case)
        if current is None or score > current[0] or (score == current[0] and pid < current[1]):
            best[case] = (score, pid)
    ordered = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
    return [
        (case, pid, score, {name: values[pid] for name, values in raw.items() if pid in values})
        for case, (score, pid) in ordered
    ]


Fuser = Callable[[dict[str, Ranked], dict[str, float], int], dict[int, float]]

# One implementation per name of settings.FUSION_METHODS (tests check that the two agree).
FUSERS: dict[str, Fuser] = {
    "rrf": rrf_scores,
    "score": lambda lists, weights, _k: normalized_scores(lists, weights),
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
