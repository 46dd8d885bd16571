"""The retrieval benchmark's two plain baselines: BM25 over newmm words with one document per
case, and its min-max fusion with use-m3 cosines (best paragraph of each case)."""

from __future__ import annotations

import numpy as np

from kmhub.cases.files import Case
from kmhub.index.encoders import Encoder

DEPTH = 10  # ranks kept per query, as bench/retrieval.py scores them


def newmm(text: str) -> list[str]:
    from pythainlp.tokenize import word_tokenize

    words = (w.strip().lower() for w in word_tokenize(text, engine="newmm"))
    return [w for w in words if w and any(ch.isalnum() for ch in w)]


def case_text(case: Case) -> str:
    parts = [case.title, case.title_en, case.summary, case.summary_en]
    parts += [s.text for s in case.sections]
    return "\n".join(p for p in parts if p)


def case_paragraphs(case: Case) -> list[str]:
    out = [f"{case.title} {case.summary}"]
    if case.title_en or case.summary_en:
        out.append(f"{case.title_en} {case.summary_en}")
    for section in case.sections:
        out += [p.strip() for p in section.text.split("\n\n") if p.strip()]
    return out


class Baselines:
    """Plain BM25 over newmm words (one document per case) and its min-max fusion with use-m3."""

    def __init__(self, cases: list[Case], passage_encoder: Encoder) -> None:
        import bm25s

        self.ids = [c.id for c in cases]
        self.bm25 = bm25s.BM25()
        self.bm25.index([newmm(case_text(c)) or ["\u2400"] for c in cases], show_progress=False)
        owners, texts = [], []
        for i, case in enumerate(cases):
            for paragraph in case_paragraphs(case):
                owners.append(i)
                texts.append(paragraph)
        self.owners = np.array(owners)
        self.vectors = np.vstack(
            [passage_encoder.encode(texts[i : i + 64], "passage") for i in range(0, len(texts), 64)]
        )

    def lexical(self, query: str) -> np.ndarray:
        words = newmm(query)
        if not words:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(words), dtype=np.float32)

    def dense(self, vector: np.ndarray) -> np.ndarray:
        cosines = self.vectors @ vector
        best = np.full(len(self.ids), -1.0, dtype=np.float32)
        np.maximum.at(best, self.owners, cosines)
        return best

    @staticmethod
    def minmax(scores: np.ndarray, keep: np.ndarray) -> np.ndarray:
        out = np.zeros_like(scores)
        if keep.any():
            low, high = scores[keep].min(), scores[keep].max()
            out[keep] = (scores[keep] - low) / (high - low) if high > low else 1.0
        return out

    def rank(self, scores: np.ndarray, keep: np.ndarray) -> list[str]:
        order = [i for i in np.lexsort((np.arange(len(scores)), -scores)) if keep[i]]
        return [self.ids[i] for i in order[:DEPTH]]

    def runs(self, query: str, vector: np.ndarray, weights: list[float]) -> dict[str, list[str]]:
        lex = self.lexical(query)
        cos = self.dense(vector)
        lex_keep = lex > 0
        # The fusion sees each side's top 100 cases, as a fused search would.
        lex_keep &= lex >= np.sort(lex)[-min(100, len(lex))]
        cos_keep = cos >= np.sort(cos)[-min(100, len(cos))]
        out = {"baseline bm25 (case)": self.rank(lex, lex > 0)}
        for w in weights:
            fused = (1 - w) * self.minmax(lex, lex_keep) + w * self.minmax(cos, cos_keep)
            out[f"baseline bm25+use-m3 min-max w={w:g}"] = self.rank(fused, lex_keep | cos_keep)
        return out
