"""Write one build's files: vectors, lexical indexes, the metadata database and the manifest."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import numpy as np

from kmhub import __version__
from kmhub.cases.files import Case
from kmhub.index import integrity, lexical, store
from kmhub.index.cache import BuildCache
from kmhub.index.chunking import Passage
from kmhub.index.encoders import Encoder
from kmhub.index.firstseen import write_first_seen
from kmhub.settings import Settings
from kmhub.text import analysis, places, thai


def write_build(
    folder: Path,
    cache: BuildCache,
    cases: list[Case],
    passages: list[Passage],
    spans: list[list[thai.Span]],
    vectors: np.ndarray,
    seen: dict[str, tuple[str, str]],
    field_terms: list[list[str]],
) -> None:
    """Vectors, lexical indexes and the metadata database of one build, into `folder`."""
    import faiss

    case_idx = {c.id: i for i, c in enumerate(cases)}
    passage_cases = np.array([case_idx[p.case_id] for p in passages], dtype=np.int32)
    dim = vectors.shape[1]  # (0, dim) when no case is published: an empty index still opens
    # Half-precision codes scanned exhaustively: the same top passages as float32 (cosines within
    # 1e-4), half the memory, and a 2.5x faster scan, which is most of a query's time
    # (docs/performance.md).
    scanned = faiss.IndexScalarQuantizer(
        dim, faiss.ScalarQuantizer.QT_fp16, faiss.METRIC_INNER_PRODUCT
    )
    if len(vectors):
        scanned.add(vectors)
    faiss.write_index(scanned, str(folder / store.VECTORS))
    np.save(folder / store.PASSAGE_CASES, passage_cases)
    case_vectors = np.zeros((len(cases), dim), dtype=np.float32)
    np.add.at(case_vectors, passage_cases, vectors)
    case_vectors /= np.maximum(np.linalg.norm(case_vectors, axis=1, keepdims=True), 1e-12)
    np.save(folder / store.CASE_VECTORS, case_vectors)

    lexical.write_lexical(
        folder, cache, cases, passages, passage_cases.tolist(), spans, field_terms
    )

    db = sqlite3.connect(folder / store.META_DB)
    db.executescript(
        """
        CREATE TABLE cases (idx INTEGER PRIMARY KEY, id TEXT UNIQUE, title TEXT, title_en TEXT,
            province TEXT, region TEXT, date TEXT, year INTEGER, level TEXT, networks TEXT,
            virtues TEXT, topics TEXT, summary TEXT, summary_en TEXT, title_letters TEXT,
            document TEXT);
        CREATE TABLE passages (idx INTEGER PRIMARY KEY, case_idx INTEGER, section TEXT,
            heading TEXT, text TEXT, spans TEXT);
        CREATE INDEX passages_case ON passages(case_idx);
        """
    )
    titles = lexical.title_letters(cache, cases)
    db.executemany(
        "INSERT INTO cases VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [
            (
                i,
                c.id,
                c.title,
                c.title_en,
                c.province,
                places.region_of(c.province),
                c.date.isoformat(),
                c.year,
                c.level,
                json.dumps(c.networks),
                json.dumps(c.virtues, ensure_ascii=False),
                json.dumps(c.topics, ensure_ascii=False),
                c.summary,
                c.summary_en,
                titles[i],
                json.dumps(c.to_dict(), ensure_ascii=False),
            )
            for i, c in enumerate(cases)
        ],
    )
    db.executemany(
        "INSERT INTO passages VALUES (?,?,?,?,?,?)",
        [
            (
                i,
                int(passage_cases[i]),
                p.section,
                p.heading,
                p.text,
                json.dumps(t, ensure_ascii=False),
            )
            for i, (p, t) in enumerate(zip(passages, spans, strict=True))
        ],
    )
    write_first_seen(db, seen)
    db.commit()
    db.close()


def write_manifest(
    folder: Path, settings: Settings, encoder: Encoder, counts: dict[str, int], content_hash: str
) -> None:
    """The manifest that makes a build self-describing, with a checksum of every file in it."""
    manifest: dict[str, object] = {
        "format": store.INDEX_FORMAT,
        "kmhub_version": __version__,
        "encoder": {"name": encoder.name, "dim": encoder.dim},
        "chunking": {
            "max_chars": settings.chunk_max_chars,
            "min_chars": settings.chunk_min_chars,
        },
        "analyzer": analysis.analyzer_id(),
        "lexical": "bm25s (BM25, k1=1.5, b=0.75) over cases (ranking) and passages"
        " (snippets); over character 4-grams of each case, in Thai and romanized (ranking)",
        "dense": "faiss IndexScalarQuantizer (fp16, inner product) over L2-normalized vectors",
        **counts,
        "content_hash": content_hash,
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    manifest[integrity.FILES_KEY] = integrity.checksums(folder)
    (folder / store.MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
    )
