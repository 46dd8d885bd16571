"""The index directory: its layout, and loading a built index for searching."""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from kmhub.errors import IndexMismatchError, IndexMissingError

INDEX_FORMAT = 1
CURRENT_FILE = "CURRENT"  # names the active build; replaced atomically by each build
BUILDS_DIR = "builds"
CACHE_FILE = "cache.sqlite"
MANIFEST = "manifest.json"
VECTORS = "vectors.faiss"
CASE_VECTORS = "case_vectors.npy"
PASSAGE_CASES = "passage_cases.npy"
LEXICAL_DIR = "lexical"
META_DB = "meta.sqlite"


def current_build(index_dir: Path) -> Path | None:
    """The active build folder, or None when nothing was built yet."""
    pointer = index_dir / CURRENT_FILE
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    build = index_dir / BUILDS_DIR / name
    return build if (build / MANIFEST).is_file() else None


def read_manifest(index_dir: Path) -> dict[str, Any] | None:
    build = current_build(index_dir)
    if build is None:
        return None
    return json.loads((build / MANIFEST).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class CaseRow:
    """What search needs of a case in memory; the full case is read from SQLite on demand."""

    id: str
    title: str
    title_en: str
    province: str
    date: str
    year: int
    level: str
    networks: tuple[str, ...]
    virtues: tuple[str, ...]
    topics: tuple[str, ...]
    summary: str
    summary_en: str


@dataclass(frozen=True)
class StoredPassage:
    section: str
    heading: str
    text: str
    spans: list[tuple[int, int, str]]  # term positions in text, from kmhub.text.thai.term_spans


class SearchIndex:
    """A loaded, read-only index build: FAISS vectors, BM25 lexical index, case metadata."""

    def __init__(self, build_dir: Path) -> None:
        import bm25s
        import faiss

        self.build_dir = build_dir
        self.manifest: dict[str, Any] = json.loads(
            (build_dir / MANIFEST).read_text(encoding="utf-8")
        )
        if self.manifest.get("format") != INDEX_FORMAT:
            raise IndexMismatchError(
                "ดัชนีสร้างด้วย kmhub รุ่นอื่น ให้รัน kmhub build ใหม่",
                "the index was built by another kmhub format; run kmhub build again",
            )
        self.vectors = faiss.read_index(str(build_dir / VECTORS))
        self.case_vectors = np.load(build_dir / CASE_VECTORS)
        self.passage_cases = np.load(build_dir / PASSAGE_CASES)
        self.lexical = bm25s.BM25.load(str(build_dir / LEXICAL_DIR), mmap=True, show_progress=False)
        self._db = sqlite3.connect(
            f"file:{build_dir / META_DB}?mode=ro", uri=True, check_same_thread=False
        )
        self._lock = threading.Lock()
        self.cases: list[CaseRow] = [
            CaseRow(
                id=r[0],
                title=r[1],
                title_en=r[2],
                province=r[3],
                date=r[4],
                year=r[5],
                level=r[6],
                networks=tuple(json.loads(r[7])),
                virtues=tuple(json.loads(r[8])),
                topics=tuple(json.loads(r[9])),
                summary=r[10],
                summary_en=r[11],
            )
            for r in self._query(
                "SELECT id, title, title_en, province, date, year, level, networks, virtues, topics,"
                " summary, summary_en FROM cases ORDER BY idx"
            )
        ]
        self.case_index = {c.id: i for i, c in enumerate(self.cases)}

    @property
    def encoder_name(self) -> str:
        return str(self.manifest["encoder"]["name"])

    def _query(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def passages(self, ids: list[int]) -> dict[int, StoredPassage]:
        """Passages by id, with the term spans found at build time."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self._query(
            f"SELECT idx, section, heading, text, spans FROM passages WHERE idx IN ({marks})", ids
        )
        return {
            r[0]: StoredPassage(r[1], r[2], r[3], [tuple(span) for span in json.loads(r[4])])
            for r in rows
        }

    def case_document(self, case_id: str) -> dict[str, Any] | None:
        """The full case (front matter, body Markdown, sections) as stored at build time."""
        rows = self._query("SELECT document FROM cases WHERE id = ?", (case_id,))
        return json.loads(rows[0][0]) if rows else None

    def close(self) -> None:
        with self._lock:
            self._db.close()


def open_index(index_dir: Path, encoder_name: str | None = None) -> SearchIndex:
    """Load the active build of `index_dir`, checking it was made by the configured encoder."""
    build = current_build(index_dir)
    if build is None:
        raise IndexMissingError(
            f"ไม่พบดัชนีใน {index_dir} ให้รัน kmhub build ก่อน",
            f"no index in {index_dir}; run kmhub build first",
        )
    index = SearchIndex(build)
    if encoder_name is not None and index.encoder_name != encoder_name:
        raise IndexMismatchError(
            f"ดัชนีสร้างด้วยตัวเข้ารหัส '{index.encoder_name}' แต่ตั้งค่าไว้เป็น '{encoder_name}'"
            " ให้รัน kmhub build ใหม่ หรือใช้ --encoder ให้ตรงกัน",
            f"the index was built with encoder '{index.encoder_name}' but '{encoder_name}' is"
            " configured; rebuild with kmhub build or pass the matching --encoder",
        )
    return index
