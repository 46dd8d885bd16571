"""Fusion of lexical and dense case lists: calibrated, min-max and RRF; best passage per case."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from kmhub.search.fusion import (
    FUSERS,
    best_per_case,
    calibrated_scores,
    fuse,
    normalized_scores,
    rrf_scores,
    top_k,
)


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


def test_calibrated_fusion_by_hand() -> None:
    # Lexical scores are shares of the query matched (squared), dense scores cosines.
    lists = {"lexical": ranked([1, 2], [1.0, 0.5]), "dense": ranked([2, 3], [0.6, 0.4])}
    fused = calibrated_scores(lists, {"lexical": 0.7, "dense": 0.3})
    assert fused[1] == pytest.approx(0.7)
    assert fused[2] == pytest.approx(0.7 * 0.25 + 0.3 * 0.6)
    assert fused[3] == pytest.approx(0.3 * 0.4)


def test_weak_lexical_evidence_does_not_push_out_a_good_dense_match() -> None:
    # An English query over Thai text: one stray word matches a fifth of the query in case 1;
    # dense finds case 2 clearly. Min-max stretches the stray match to a full score.
    lists = {"lexical": ranked([1], [0.2]), "dense": ranked([2, 1], [0.55, 0.2])}
    assert fuse(lists, "calibrated", 0.3)[0][0] == 2
    assert fuse(lists, "score", 0.3)[0][0] == 1


def test_best_passage_per_case() -> None:
    passage_cases = np.array([0, 0, 1, 1, 2])
    (cases, scores), shown = best_per_case(
        ranked([1, 4, 0, 3], [0.9, 0.8, 0.7, 0.1]), passage_cases
    )
    assert cases.tolist() == [0, 2, 1] and scores.tolist() == pytest.approx([0.9, 0.8, 0.1])
    assert shown == {0: 1, 2: 4, 1: 3}


def test_single_list_keeps_raw_scores() -> None:
    hits = fuse({"dense": ranked([2, 0], [0.8, 0.3])}, "calibrated", 0.5, 60)
    assert [(h[0], round(h[1], 3)) for h in hits] == [(2, 0.8), (0, 0.3)]
    assert hits[0][2] == {"dense": pytest.approx(0.8)}


@pytest.mark.parametrize("method", sorted(FUSERS))
def test_dense_weight_goes_to_the_dense_side(method: str) -> None:
    # Lexical puts case 1 first, dense case 2; whichever side has the larger weight wins.
    # With the weights swapped this test fails for every method.
    lists = {"lexical": ranked([1, 2], [0.9, 0.3]), "dense": ranked([2, 1], [0.7, 0.2])}
    assert fuse(lists, method, dense_weight=0.9)[0][0] == 2
    assert fuse(lists, method, dense_weight=0.1)[0][0] == 1


lists_strategy = st.lists(st.integers(min_value=0, max_value=40), unique=True, max_size=25)


@given(
    lists_strategy,
    lists_strategy,
    st.sampled_from(sorted(FUSERS)),
    st.floats(min_value=0, max_value=1),
)
def test_fusion_covers_every_case_once_in_order(
    lex: list[int], dense: list[int], method: str, weight: float
) -> None:
    lists = {
        "lexical": ranked(lex, [1.0 / (i + 1) for i in range(len(lex))]),
        "dense": ranked(dense, [0.9 - 0.02 * i for i in range(len(dense))]),
    }
    hits = fuse(lists, method, weight, 60)
    cases = [h[0] for h in hits]
    assert len(cases) == len(set(cases))
    heard = (lex if weight < 1 else []) + (dense if weight > 0 else [])
    assert set(cases) == set(heard)  # a side weighted 0 adds no case
    scores = [h[1] for h in hits]
    assert scores == sorted(scores, reverse=True)
    if method in ("score", "calibrated"):
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
