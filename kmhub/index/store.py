"""The index directory: its layout, and loading a built index for searching."""

from __future__ import annotations

import json
import math
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from kmhub.errors import IndexCorruptError, IndexMismatchError, IndexMissingError
from kmhub.index import firstseen, integrity

# 2: a case-level lexical index beside the passage one; 3: character 4-grams of each case;
# 4: the same 4-grams of each case read in Latin letters, passage vectors in half precision;
# 5: each case's title letters, for a query that names a case; 6: the Latin grams hold the
# consonant sounds too (kmhub.text.sounds), which a query's sound grams need to meet
INDEX_FORMAT = 6
CURRENT_FILE = "CURRENT"  # names the active build; replaced atomically by each build
BUILDS_DIR = "builds"
CACHE_FILE = "cache.sqlite"
MANIFEST = integrity.MANIFEST
VECTORS = "vectors.faiss"
CASE_VECTORS = "case_vectors.npy"
PASSAGE_CASES = "passage_cases.npy"
LEXICAL_DIR = "lexical"  # BM25 over passages: which passage of a case to show
CASE_LEXICAL_DIR = "case_lexical"  # BM25 over whole cases: how cases rank
CASE_GRAMS_DIR = "case_grams"  # BM25 over character 4-grams of whole cases: blended in
CASE_LATIN_DIR = "case_latin"  # ... of whole cases romanized: what an English name meets
META_DB = "meta.sqlite"
SURFACES = "surfaces.json"  # term -> the English words written for it


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
    try:
        manifest = json.loads((build / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None  # a damaged manifest: as if there were no build
    return manifest if isinstance(manifest, dict) else None


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
    title_letters: tuple[str, ...]  # title and title_en, normalized (analysis.gram_letters)


@dataclass(frozen=True)
class StoredPassage:
    section: str
    heading: str
    text: str
    spans: list[tuple[int, int, str]]  # term positions in text, from kmhub.text.analysis.term_spans


class SearchIndex:
    """A loaded, read-only index build: FAISS vectors, BM25 lexical index, case metadata."""

    def __init__(self, build_dir: Path) -> None:
        import bm25s
        import faiss

        self.build_dir = build_dir
        self.manifest: dict[str, Any] = integrity.read_checked_manifest(build_dir)
        if self.manifest.get("format") != INDEX_FORMAT:
            raise IndexMismatchError(
                "ดัชนีสร้างด้วย kmhub รุ่นอื่น ให้รัน kmhub build ใหม่",
                "the index was built by another kmhub format; run kmhub build again",
            )
        # Everything is read into memory, nothing stays mapped or open: a file truncated or
        # removed later cannot crash (SIGBUS) or break a running server, and a replaced
        # build's disk space is freed as soon as the build is deleted.
        try:
            self.vectors = faiss.read_index(str(build_dir / VECTORS))
            self.case_vectors = np.load(build_dir / CASE_VECTORS)
            self.passage_cases = np.load(build_dir / PASSAGE_CASES)
            self.lexical = bm25s.BM25.load(
                str(build_dir / LEXICAL_DIR), mmap=False, show_progress=False
            )
            self.case_lexical = bm25s.BM25.load(
                str(build_dir / CASE_LEXICAL_DIR), mmap=False, show_progress=False
            )
            self.case_grams = bm25s.BM25.load(
                str(build_dir / CASE_GRAMS_DIR), mmap=False, show_progress=False
            )
            self.case_latin = bm25s.BM25.load(
                str(build_dir / CASE_LATIN_DIR), mmap=False, show_progress=False
            )
            self._db = _sqlite_in_memory(build_dir / META_DB)
            surfaces = build_dir / SURFACES  # builds before it have none
            self.surfaces: dict[str, list[str]] = (
                json.loads(surfaces.read_text(encoding="utf-8")) if surfaces.is_file() else {}
            )
        except (OSError, ValueError, RuntimeError, sqlite3.Error) as exc:
            raise IndexCorruptError(
                f"ดัชนี {build_dir.name} เสียหาย อ่านไม่ได้ ให้รัน kmhub build ใหม่",
                f"index build {build_dir.name} is damaged and cannot be read ({exc});"
                " run kmhub build again",
            ) from exc
        # Passages are stored case by case, so a case's passages are one run of ids.
        self.case_passages_start = np.searchsorted(
            self.passage_cases, np.arange(len(self.case_vectors) + 1)
        )
        self._lock = threading.Lock()
        self._hold = integrity.hold(build_dir)
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
                title_letters=tuple(r[12].split("\n")),
            )
            for r in self._query(
                "SELECT id, title, title_en, province, date, year, level, networks, virtues, topics,"
                " summary, summary_en, title_letters FROM cases ORDER BY idx"
            )
        ]
        self.case_index = {c.id: i for i, c in enumerate(self.cases)}

    def case_idf(self, terms: list[str], model: Any = None) -> float:
        """Sum of the case-level BM25 idf of each query term; a term no case has counts in full.

        This is the score of a case of average length holding each term once, so a case score
        divided by it reads as the share of the query a case matches, on the same scale for
        every query.
        """
        model = model or self.case_lexical
        vocab, indptr = model.vocab_dict, model.scores["indptr"]
        n = int(model.scores["num_docs"])
        total = 0.0
        for term in terms:
            token = vocab.get(term)
            df = 0 if token is None else int(indptr[token + 1] - indptr[token])
            total += math.log(1.0 + (n - df + 0.5) / (df + 0.5))  # bm25s "lucene" idf
        return total

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

    def first_seen(self, case_id: str | None = None) -> dict[str, str]:
        """case id -> ISO time a build first saw its current content (one case, or all);
        empty for builds made before builds recorded it (kmhub.index.firstseen)."""
        sql = f"SELECT case_id, seen_at FROM {firstseen.TABLE}"
        params: tuple[str, ...] = ()
        if case_id is not None:
            sql, params = sql + " WHERE case_id = ?", (case_id,)
        try:
            return dict(self._query(sql, params))
        except sqlite3.OperationalError:
            return {}

    def release(self) -> None:
        """Let cleanup remove this build (the data stays in memory for requests in flight)."""
        if self._hold is not None:
            self._hold.close()
            self._hold = None

    def close(self) -> None:
        self.release()
        with self._lock:
            self._db.close()

    def smoke_check(self) -> None:
        """A real search of each part (dense, lexical, metadata); IndexCorruptError if one fails."""
        try:
            total = int(self.vectors.ntotal)
            if total != self.manifest.get("passage_count", total) or len(self.cases) != (
                self.manifest.get("case_count", len(self.cases))
            ):
                raise ValueError("counts differ from the manifest")
            if total and len(self.cases):
                _, found = self.vectors.search(self.case_vectors[:1], 1)
                assert 0 <= int(found[0][0]) < total, "dense search found nothing"
                first = self.passages([int(found[0][0])])
                words = [w for _, _, w in next(iter(first.values())).spans][:3] or ["x"]
                scores = self.lexical.get_scores(words)
                assert len(scores) == total, "lexical scores do not cover every passage"
                assert self.case_document(self.cases[0].id) is not None, "no case document"
        except (AssertionError, ValueError, RuntimeError, StopIteration, sqlite3.Error) as exc:
            raise IndexCorruptError(
                f"ดัชนี {self.build_dir.name} ไม่ผ่านการทดลองค้นหา",
                f"index build {self.build_dir.name} failed a test search ({exc})",
            ) from exc


def _sqlite_in_memory(path: Path) -> sqlite3.Connection:
    disk = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        memory = sqlite3.connect(":memory:", check_same_thread=False)
        disk.backup(memory)
        memory.execute("SELECT count(*) FROM cases").fetchone()  # fails on a damaged file
    finally:
        disk.close()
    return memory


def open_index(
    index_dir: Path, encoder_name: str | None = None, build: Path | None = None
) -> SearchIndex:
    """Load the active build (or `build`), checking it was made by the configured encoder."""
    build = build or current_build(index_dir)
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
