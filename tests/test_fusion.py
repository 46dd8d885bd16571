"""Fusion of lexical and dense lists: RRF and normalized scores, grouped by case."""

from __future__ import annotations

import numpy as np
from hypothesis import example, given
from hypothesis import strategies as st

from kmhub.search.fusion import fuse_by_case, normalized_scores, rrf_scores, top_k


def ranked(ids: list[int], scores: list[float] | None = None) -> tuple[np.ndarray, np.ndarray]:
    scores = scores if scores is not None else [float(len(ids) - i) for i in range(len(ids))]
    return np.array(ids, dtype=np.int64), np.array(scores, dtype=np.float32)


def test_rrf_by_hand() -> None:
    fused = rrf_scores(
        {"lexical": ranked([1, 2]), "dense": ranked([2, 3])}, {"lexical": 0.5, "dense": 0.5}, k=60
    )
    assert fused[2] == 0.5 / 62 + 0.5 / 61
    assert fused[1] == 0.5 / 61 and fused[3] == 0.5 / 62
    assert max(fused, key=fused.get) == 2


def test_score_fusion_by_hand() -> None:
    lists = {"lexical": ranked([1, 2], [10.0, 5.0]), "dense": ranked([2, 3], [0.9, 0.5])}
    fused = normalized_scores(lists, {"lexical": 0.5, "dense": 0.5})
    assert fused == {1: 0.5, 2: 0.5 * 0.0 + 0.5 * 1.0, 3: 0.0}


def test_grouping_keeps_best_passage_per_case() -> None:
    passage_cases = np.array([0, 0, 1, 1, 2])
    lists = {"lexical": ranked([1, 4, 0]), "dense": ranked([1, 0, 2])}
    hits = fuse_by_case(lists, passage_cases, "rrf", 0.5, 60)
    assert [h[0] for h in hits] == [0, 2, 1]
    assert hits[0][1] == 1  # passage 1 leads both lists
    assert set(hits[0][3]) == {"lexical", "dense"}


def test_single_list_keeps_raw_scores() -> None:
    hits = fuse_by_case(
        {"dense": ranked([3, 0], [0.8, 0.3])}, np.array([0, 1, 1, 2]), "rrf", 0.5, 60
    )
    assert [(h[0], round(h[2], 3)) for h in hits] == [(2, 0.8), (0, 0.3)]


lists_strategy = st.lists(st.integers(min_value=0, max_value=40), unique=True, max_size=25)


@given(
    lists_strategy,
    lists_strategy,
    st.sampled_from(["rrf", "score"]),
    st.floats(min_value=0, max_value=1),
)
def test_fusion_covers_every_case_once_in_order(
    lex: list[int], dense: list[int], method: str, weight: float
) -> None:
    passage_cases = np.arange(41) // 3
    lists = {"lexical": ranked(lex), "dense": ranked(dense)}
    hits = fuse_by_case(lists, passage_cases, method, weight, 60)
    cases = [h[0] for h in hits]
    assert len(cases) == len(set(cases))
    assert set(cases) == {int(passage_cases[p]) for p in lex + dense}
    scores = [h[2] for h in hits]
    assert scores == sorted(scores, reverse=True)
    if method == "score":
        assert all(-1e-9 <= s <= 1 + 1e-9 for s in scores)


@given(lists_strategy.filter(bool), st.integers(min_value=1, max_value=60))
def test_a_passage_first_in_both_lists_wins(ids: list[int], k: int) -> None:
    other = [ids[0]] + [i + 100 for i in ids[1:]]
    fused = rrf_scores(
        {"lexical": ranked(ids), "dense": ranked(other)}, {"lexical": 0.5, "dense": 0.5}, k
    )
    assert max(fused, key=fused.get) == ids[0]


@given(
    st.lists(st.floats(min_value=-5, max_value=5, allow_nan=False), max_size=50),
    st.integers(min_value=1, max_value=60),
)
@example([0.5, 0.5, 1.0, 1.0], 1)  # a tie at the cut: the lower id wins
def test_top_k_matches_a_full_sort(values: list[float], k: int) -> None:
    scores = np.array(values, dtype=np.float32)
    ids, top = top_k(scores, k, positive_only=True)
    expected = sorted(
        (i for i in range(len(values)) if scores[i] > 0), key=lambda i: (-scores[i], i)
    )[:k]
    assert ids.tolist() == expected
    assert top.tolist() == [float(scores[i]) for i in expected]
