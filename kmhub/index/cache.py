"""Build cache in SQLite: embeddings by (encoder, text); term spans, case letters and parsed cases by content hash."""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

T = TypeVar("T")

SCHEMA = """
CREATE TABLE IF NOT EXISTS embeddings (
    encoder TEXT NOT NULL, text_hash TEXT NOT NULL, vector BLOB NOT NULL,
    PRIMARY KEY (encoder, text_hash)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS objects (
    kind TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL,
    PRIMARY KEY (kind, key)) WITHOUT ROWID;
"""


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class BuildCache:
    """A local, trusted cache next to the index; deleting it only makes the next build slower."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path)
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        self._db.commit()
        self._db.close()

    def __enter__(self) -> BuildCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def embeddings(
        self,
        encoder_name: str,
        dim: int,
        texts: Sequence[str],
        encode: Callable[[list[str]], np.ndarray],
        batch_size: int,
        progress: Callable[[int], None] = lambda n: None,
    ) -> tuple[np.ndarray, int]:
        """Vectors for `texts`, encoding only those not cached; returns (vectors, newly encoded)."""
        hashes = [text_hash(t) for t in texts]
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(hashes), 500):
            chunk = list(set(hashes[start : start + 500]))
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT text_hash, vector FROM embeddings WHERE encoder = ? AND text_hash IN ({marks})",
                [encoder_name, *chunk],
            )
            for key, blob in rows:
                found[key] = np.frombuffer(blob, dtype=np.float32)
        progress(sum(1 for h in hashes if h in found))
        counts = Counter(hashes)
        missing_texts: dict[str, str] = {}
        for key, text in zip(hashes, texts, strict=True):
            if key not in found:
                missing_texts.setdefault(key, text)
        keys = list(missing_texts)
        for start in range(0, len(keys), batch_size):
            batch = keys[start : start + batch_size]
            vectors = encode([missing_texts[k] for k in batch])
            self._db.executemany(
                "INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?)",
                [
                    (encoder_name, k, v.astype(np.float32).tobytes())
                    for k, v in zip(batch, vectors, strict=True)
                ],
            )
            # Commit each batch: an interrupted build keeps what it embedded for the next one.
            self._db.commit()
            found.update(zip(batch, vectors, strict=True))
            progress(sum(counts[k] for k in batch))
        out = np.zeros((len(texts), dim), dtype=np.float32)
        for i, key in enumerate(hashes):
            out[i] = found[key]
        return out, len(keys)

    def objects(
        self,
        kind: str,
        keys: Sequence[str],
        compute: Callable[[int], T],
        progress: Callable[[int], None] = lambda n: None,
    ) -> list[T]:
        """compute(i) for every i, unless the cache holds keys[i] (all looked up in one batch);
        what was computed is stored."""
        known = self.get_objects(kind, keys)
        fresh: dict[str, T] = {}
        out: list[T] = []
        for i, key in enumerate(keys):
            if key not in known and key not in fresh:
                fresh[key] = compute(i)
            out.append(known[key] if key in known else fresh[key])
            progress(1)
        self.put_objects(kind, fresh)
        return out

    def get_objects(self, kind: str, keys: Sequence[str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        unique = list(set(keys))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT key, value FROM objects WHERE kind = ? AND key IN ({marks})",
                [kind, *chunk],
            )
            out.update((k, pickle.loads(v)) for k, v in rows)
        return out

    def put_objects(self, kind: str, items: dict[str, Any]) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO objects VALUES (?, ?, ?)",
            [
                (kind, k, pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL))
                for k, v in items.items()
            ],
        )
        self._db.commit()
