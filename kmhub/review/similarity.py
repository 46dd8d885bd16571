"""Near-duplicate cases: TF-IDF cosine over Thai terms (always), optional embedding cosine."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np

from kmhub.cases.files import Case, CaseFile, iter_case_paths, read_case_files
from kmhub.errors import Problem
from kmhub.index.chunking import chunk_case
from kmhub.index.encoders import l2_normalize, load_encoder
from kmhub.settings import Settings
from kmhub.text import analysis

# Calibrated on the real corpus (docs/evaluation.md): distinct cases stay well below these,
# and a case rewritten from the same news page lands above them.
TEXT_THRESHOLD = 0.4  # any two cases
SAME_PROVINCE_THRESHOLD = 0.3  # two cases of one province: a lower bar, same story more likely
EMBEDDING_THRESHOLD = 0.9  # mean passage vectors (use-m3); distinct cases reach ~0.82


@dataclass(frozen=True)
class Pair:
    """A checked case, the case it resembles, and how closely (0..1)."""

    case: Case
    other: Case
    score: float
    method: str  # "text" or "embedding"


def case_text(case: Case) -> str:
    """What two copies of one story share: title, summaries and every section's text."""
    parts = [case.title, case.title_en, case.summary, case.summary_en]
    parts.extend(section.text for section in case.sections)
    return "\n".join(p for p in parts if p)


def features(text: str) -> Counter[str]:
    """Terms and adjacent term pairs; pairs tell a copied passage from a shared vocabulary."""
    words = [w.term for w in analysis.words(text)]
    counts = Counter(words)
    counts.update(f"{a} {b}" for a, b in pairwise(words))
    return counts


def tfidf_matrix(docs: Sequence[Counter[str]]) -> np.ndarray:
    """Rows of L2-normalized sublinear TF-IDF over the features that two or more docs share.

    A feature found in one document only adds to that row's length and to no dot product,
    so it counts in the norm but gets no column: the matrix stays small.
    """
    n = len(docs)
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(doc.keys())
    idf = {f: math.log((1 + n) / (1 + d)) + 1 for f, d in df.items()}
    shared = sorted(f for f, d in df.items() if d >= 2)
    column = {f: i for i, f in enumerate(shared)}
    matrix = np.zeros((n, len(shared)), dtype=np.float32)
    for row, doc in enumerate(docs):
        norm = 0.0
        for f, tf in doc.items():
            weight = (1 + math.log(tf)) * idf[f]
            norm += weight * weight
            if f in column:
                matrix[row, column[f]] = weight
        if norm > 0:
            matrix[row] /= math.sqrt(norm)
    return matrix


def similar_pairs(
    checked: Sequence[Case],
    corpus: Sequence[Case],
    embeddings: np.ndarray | None = None,
) -> list[Pair]:
    """Pairs (checked case, any other case) above the thresholds, each pair reported once.

    `embeddings`, when given, holds one unit vector per case of `checked + corpus`.
    """
    everyone = list(checked) + list(corpus)
    if len(everyone) < 2:
        return []
    text_sim = tfidf_matrix([features(case_text(c)) for c in everyone])
    text_scores = text_sim[: len(checked)] @ text_sim.T
    embed_scores = None if embeddings is None else embeddings[: len(checked)] @ embeddings.T
    pairs: list[Pair] = []
    for i, case in enumerate(checked):
        for j, other in enumerate(everyone):
            # Among checked cases report i~j once, on the later one; corpus cases always.
            if j == i or (j < len(checked) and j > i):
                continue
            score = float(text_scores[i, j])
            bar = SAME_PROVINCE_THRESHOLD if case.province == other.province else TEXT_THRESHOLD
            if score >= bar:
                pairs.append(Pair(case, other, score, "text"))
            elif embed_scores is not None and float(embed_scores[i, j]) >= EMBEDDING_THRESHOLD:
                pairs.append(Pair(case, other, float(embed_scores[i, j]), "embedding"))
    return pairs


def pair_problem(pair: Pair) -> Problem:
    how_th = "ข้อความ" if pair.method == "text" else "ความหมาย (embedding)"
    how_en = "text" if pair.method == "text" else "embedding"
    return Problem(
        pair.case.path,
        1,
        "warning",
        f"คล้ายกับ {pair.other.path} ({pair.other.id}) มาก: ความคล้ายด้าน{how_th} {pair.score:.2f}"
        " อาจเป็นกรณีเดียวกันที่ส่งซ้ำ ถ้าเป็นเรื่องเดียวกันให้รวมเป็นไฟล์เดียว",
        f"very similar to {pair.other.path} ({pair.other.id}): {how_en} similarity {pair.score:.2f};"
        " it may be the same case contributed twice; if so, merge them into one file",
    )


def case_embeddings(cases: Sequence[Case], encoder_name: str, threads: int = 1) -> np.ndarray:
    """One unit vector per case: the mean of its passage vectors, as the index builds them."""
    settings = Settings()
    encoder = load_encoder(encoder_name, threads)
    rows = []
    for case in cases:
        passages = chunk_case(case, settings.chunk_max_chars, settings.chunk_min_chars)
        vectors = encoder.encode([p.embed_text(case.title) for p in passages], "passage")
        rows.append(vectors.mean(axis=0))
    return l2_normalize(np.vstack(rows)) if rows else np.zeros((0, encoder.dim), np.float32)


def near_duplicates(
    results: Sequence[CaseFile],
    cases_dir: Path,
    embeddings_encoder: str | None = None,
) -> list[Problem]:
    """Warnings for checked files that resemble another checked file or a case in `cases_dir`."""
    checked = [r.case for r in results if r.case is not None]
    seen = {Path(r.path).resolve() for r in results}
    corpus: list[Case] = []
    if cases_dir.is_dir():
        others = [p for p in iter_case_paths([cases_dir]) if p.resolve() not in seen]
        corpus = [r.case for r in read_case_files(others) if r.case is not None]
    embeddings = None
    if embeddings_encoder and checked:
        embeddings = case_embeddings(checked + corpus, embeddings_encoder)
    return [pair_problem(p) for p in similar_pairs(checked, corpus, embeddings)]
