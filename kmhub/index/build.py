"""Build an index from the cases folder, beside the active one, then switch to it atomically."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from kmhub import __version__
from kmhub.cases.files import (
    CHECKS_VERSION,
    Case,
    CaseFile,
    iter_case_paths,
    read_case_file,
    read_case_files,
)
from kmhub.errors import CasesInvalidError, KmhubError, Problem
from kmhub.index import integrity, lexical, store
from kmhub.index.cache import BuildCache, text_hash
from kmhub.index.chunking import Passage, chunk_case
from kmhub.index.encoders import Encoder, load_encoder
from kmhub.index.firstseen import stamp_first_seen, write_first_seen
from kmhub.index.progress import Progress
from kmhub.settings import Settings
from kmhub.text import analysis, thai, vocab


@dataclass
class BuildReport:
    build_dir: Path
    case_count: int
    passage_count: int
    encoded: int
    seconds: float
    problems: list[Problem] = field(default_factory=list)
    skipped: int = 0


def cases_fingerprint(
    cases_dir: Path, settings: Settings, encoder_name: str, digests: dict[Path, str] | None = None
) -> str:
    """Hash of everything a build depends on: case files, chunking, analyzer, encoder, version.

    `digests` (path -> SHA-256 of the file) saves reading the files again during a build.
    """
    digests = digests if digests is not None else file_digests(cases_dir)
    digest = hashlib.sha256()
    params = [
        __version__,
        store.INDEX_FORMAT,
        analysis.analyzer_id(),
        encoder_name,
        settings.chunk_max_chars,
        settings.chunk_min_chars,
    ]
    digest.update(json.dumps(params).encode())
    for path, file_digest in digests.items():
        digest.update(str(path.relative_to(cases_dir)).encode())
        digest.update(bytes.fromhex(file_digest))
    return digest.hexdigest()


def file_digests(cases_dir: Path) -> dict[Path, str]:
    """SHA-256 of every case file, in the stable order of iter_case_paths."""
    digests = {}
    for path in iter_case_paths([cases_dir]):
        with contextlib.suppress(OSError):
            digests[path] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def build_index(
    settings: Settings, encoder: Encoder | None = None, strict: bool = False, progress: bool = True
) -> BuildReport:
    """Read, chunk, analyze, embed and write a new build; switch CURRENT to it when complete."""
    started = time.perf_counter()
    index_dir = settings.index_dir
    builds = index_dir / store.BUILDS_DIR
    builds.mkdir(parents=True, exist_ok=True)
    with _exclusive_build(index_dir):
        try:
            return _build_locked(settings, builds, started, encoder, strict, progress)
        except (OSError, sqlite3.Error, RuntimeError) as exc:
            full = integrity.disk_full(exc, index_dir)
            if full is None:
                raise
            raise full from exc


@contextmanager
def _exclusive_build(index_dir: Path) -> Iterator[None]:
    """One build at a time per index folder (a second one would remove the first's work)."""
    import fcntl

    with open(index_dir / ".build.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise KmhubError(
                f"มีการสร้างดัชนีใน {index_dir} อยู่แล้ว รอให้เสร็จก่อน",
                f"another build of {index_dir} is running; wait for it to finish",
            ) from None
        yield


def _build_locked(
    settings: Settings,
    builds: Path,
    started: float,
    encoder: Encoder | None,
    strict: bool,
    progress: bool,
) -> BuildReport:
    index_dir = settings.index_dir
    _remove_unfinished(index_dir, builds)
    threads = min(settings.build_encoder_threads, os.cpu_count() or 1)
    encoder = encoder or load_encoder(settings.encoder, threads)

    with BuildCache(index_dir / store.CACHE_FILE) as cache, Progress(progress) as bar:
        reader = _CachedCaseReader(cache, settings.cases_dir)
        results = read_case_files([settings.cases_dir], read=reader)
        reader.save()
        problems = sorted(p for r in results for p in r.problems)
        invalid = sum(1 for r in results if r.case is None)
        if strict and problems:  # --strict: any error or warning refuses the build
            error = CasesInvalidError(
                f"พบปัญหา {len(problems)} รายการ (--strict) จึงไม่สร้างดัชนี",
                f"{len(problems)} problems found (--strict); the index was not built",
            )
            error.problems = problems
            raise error
        cases = sorted(
            (r.case for r in results if r.case is not None and r.case.status == "published"),
            key=lambda c: c.id,
        )
        passages = [
            p
            for case in cases
            for p in chunk_case(case, settings.chunk_max_chars, settings.chunk_min_chars)
        ]
        titles = {c.id: c.title for c in cases}

        fields = [text for c in cases for text in lexical.case_fields(c)]
        with bar.task("วิเคราะห์คำ / analyzing", len(passages) + len(fields)) as advance:
            spans = lexical.analyze(cache, [p.text for p in passages], advance)
            field_spans = lexical.analyze(cache, fields, advance)
        with bar.task("เข้ารหัส / embedding", len(passages)) as advance:
            vectors, encoded = cache.embeddings(
                encoder.name,
                encoder.dim,
                [p.embed_text(titles[p.case_id]) for p in passages],
                lambda texts: encoder.encode(texts, "passage"),
                settings.encode_batch_size,
                advance,
            )

        now = dt.datetime.now(dt.UTC)
        seen = stamp_first_seen(
            cache,
            {c.id: reader.digests.get(Path(c.path), "") for c in cases},
            now.isoformat(timespec="seconds"),
        )
        stamp = now.strftime("%Y%m%dT%H%M%S%fZ")
        tmp = builds / f".tmp-{stamp}-{os.getpid()}"
        tmp.mkdir()
        try:
            field_terms = [
                [w for s in field_spans[i * 2 : i * 2 + 2] for _, _, w in s]
                for i in range(len(cases))
            ]
            _write_build(tmp, cache, cases, passages, spans, vectors, seen, field_terms)
            manifest = {
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
                "case_count": len(cases),
                "passage_count": len(passages),
                "skipped_invalid": invalid,
                "content_hash": cases_fingerprint(
                    settings.cases_dir, settings, encoder.name, reader.digests
                ),
                "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            }
            manifest[integrity.FILES_KEY] = integrity.checksums(tmp)
            (tmp / store.MANIFEST).write_text(
                json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
            )
            # Opened and searched as a server will, before anything points at it.
            trial = store.SearchIndex(tmp)
            try:
                trial.smoke_check()
            finally:
                trial.close()
            final = builds / stamp
            tmp.rename(final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    previous = store.current_build(index_dir)
    _switch_current(index_dir, final)
    _remove_old_builds(builds, keep={final.name, previous.name if previous else ""})
    return BuildReport(
        final, len(cases), len(passages), encoded, time.perf_counter() - started, problems, invalid
    )


class _CachedCaseReader:
    """Reads case files, reusing the parse of unchanged ones (looked up in one batch).

    Parsing YAML and Markdown dominates a rebuild of thousands of cases.
    """

    def __init__(self, cache: BuildCache, cases_dir: Path) -> None:
        self._cache = cache
        self.digests = file_digests(cases_dir)
        self._keys = {
            path: text_hash(f"{__version__}\0{CHECKS_VERSION}\0{path}\0") + digest
            for path, digest in self.digests.items()
        }
        self._known = cache.get_objects("case", list(self._keys.values()))
        self._fresh: dict[str, CaseFile] = {}

    def __call__(self, path: Path) -> CaseFile:
        key = self._keys.get(path)
        if key is None:
            return read_case_file(path)
        if key not in self._known:
            self._known[key] = self._fresh[key] = read_case_file(path)
        return self._known[key]

    def save(self) -> None:
        self._cache.put_objects("case", self._fresh)


def _write_build(
    folder: Path,
    cache: BuildCache,
    cases: list[Case],
    passages: list[Passage],
    spans: list[list[thai.Span]],
    vectors: np.ndarray,
    seen: dict[str, tuple[str, str]],
    field_terms: list[list[str]],
) -> None:
    import faiss

    case_idx = {c.id: i for i, c in enumerate(cases)}
    passage_cases = np.array([case_idx[p.case_id] for p in passages], dtype=np.int32)
    dim = vectors.shape[1] if len(vectors) else 1
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
                vocab.region_of(c.province),
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


def _switch_current(index_dir: Path, build: Path) -> None:
    # os.replace is atomic: a reader sees either the old name or the new one, never neither.
    pointer = index_dir / store.CURRENT_FILE
    tmp = index_dir / f".{store.CURRENT_FILE}.{os.getpid()}"
    try:
        with tmp.open("w", encoding="utf-8") as handle:
            handle.write(build.name + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, pointer)
    finally:
        tmp.unlink(missing_ok=True)


def _remove_unfinished(index_dir: Path, builds: Path) -> None:
    # Under the build lock nothing else writes these: any found were left by a killed build.
    for leftover in builds.glob(".tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for pointer in index_dir.glob(f".{store.CURRENT_FILE}.*"):
        pointer.unlink(missing_ok=True)


def _remove_old_builds(builds: Path, keep: set[str]) -> None:
    """Remove every finished build except `keep` (the new and the previous) and held ones.

    A build renamed but never switched to (its process was killed) is removed too: only
    what CURRENT names, or named a moment ago, can be in use.
    """
    for folder in builds.iterdir():
        if folder.name in keep or folder.name.startswith(".") or not folder.is_dir():
            continue
        if integrity.is_held(folder):
            continue  # a server or a search still reads it; a later build removes it
        shutil.rmtree(folder, ignore_errors=True)
