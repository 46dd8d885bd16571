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
from dataclasses import dataclass, field
from pathlib import Path

from kmhub import __version__
from kmhub.cases.files import (
    CHECKS_VERSION,
    CaseFile,
    iter_case_paths,
    read_case_file,
    read_case_files,
)
from kmhub.errors import CasesInvalidError, Problem
from kmhub.index import builds_folder, integrity, lexical, store, write
from kmhub.index.cache import BuildCache, text_hash
from kmhub.index.chunking import chunk_case
from kmhub.index.encoders import Encoder, load_encoder
from kmhub.index.firstseen import stamp_first_seen
from kmhub.index.progress import Progress
from kmhub.settings import Settings
from kmhub.text import analysis, romanize


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
        romanize.romanizer_id(),
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
    with builds_folder.exclusive_build(index_dir):
        try:
            return _build_locked(settings, builds, started, encoder, strict, progress)
        except (OSError, sqlite3.Error, RuntimeError) as exc:
            full = integrity.disk_full(exc, index_dir)
            if full is None:
                raise
            raise full from exc


def _build_locked(
    settings: Settings,
    builds: Path,
    started: float,
    encoder: Encoder | None,
    strict: bool,
    progress: bool,
) -> BuildReport:
    index_dir = settings.index_dir
    builds_folder.remove_unfinished(index_dir, builds)
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
            write.write_build(tmp, cache, cases, passages, spans, vectors, seen, field_terms)
            write.write_manifest(
                tmp,
                settings,
                encoder,
                {
                    "case_count": len(cases),
                    "passage_count": len(passages),
                    "skipped_invalid": invalid,
                },
                cases_fingerprint(settings.cases_dir, settings, encoder.name, reader.digests),
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
    builds_folder.switch_current(index_dir, final)
    builds_folder.remove_old_builds(builds, keep={final.name, previous.name if previous else ""})
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
