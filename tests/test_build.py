"""Index builds: self-describing, cached, atomic, and tied to their encoder."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from kmhub.errors import CasesInvalidError, IndexMismatchError, IndexMissingError
from kmhub.index import store
from kmhub.index.build import build_index, cases_fingerprint
from kmhub.index.encoders import UseM3Encoder
from kmhub.search.live import LiveSearcher, open_searcher
from kmhub.settings import Settings

from .conftest import FIXTURE_CASES


@pytest.fixture
def corpus(tmp_path: Path) -> Settings:
    shutil.copytree(FIXTURE_CASES, tmp_path / "cases")
    return Settings(cases_dir=tmp_path / "cases", index_dir=tmp_path / "index")


def test_manifest_describes_the_build(fixture_index: Settings) -> None:
    manifest = store.read_manifest(fixture_index.index_dir)
    assert manifest is not None
    assert manifest["encoder"] == {"name": "use-m3", "dim": 512}
    assert manifest["case_count"] == 7
    assert manifest["passage_count"] > 7
    assert manifest["chunking"]["max_chars"] == fixture_index.chunk_max_chars
    assert manifest["content_hash"] == cases_fingerprint(
        fixture_index.cases_dir, fixture_index, "use-m3"
    )
    build = store.current_build(fixture_index.index_dir)
    assert build is not None
    for name in (
        store.VECTORS,
        store.CASE_VECTORS,
        store.META_DB,
        store.LEXICAL_DIR,
        store.PASSAGE_CASES,
    ):
        assert (build / name).exists()


def test_rebuild_embeds_only_what_changed(corpus: Settings, encoder: UseM3Encoder) -> None:
    first = build_index(corpus, encoder=encoder, progress=False)
    assert first.encoded == first.passage_count
    again = build_index(corpus, encoder=encoder, progress=False)
    assert again.encoded == 0
    case = corpus.cases_dir / "fx-chiangmai-community-radio.md"
    case.write_text(
        case.read_text(encoding="utf-8") + "\n- ข้อความใหม่ที่เพิ่มเข้ามาเพื่อทดสอบแคช\n", encoding="utf-8"
    )
    edited = build_index(corpus, encoder=encoder, progress=False)
    assert 1 <= edited.encoded <= 2
    assert (
        edited.passage_count == first.passage_count
        or edited.passage_count == first.passage_count + 1
    )


def _cached_count(settings: Settings, kind: str) -> int:
    with sqlite3.connect(settings.index_dir / store.CACHE_FILE) as db:
        return int(db.execute("SELECT count(*) FROM objects WHERE kind = ?", [kind]).fetchone()[0])


def test_rebuild_reads_unchanged_cases_letters_from_the_cache(
    corpus: Settings, encoder: UseM3Encoder
) -> None:
    first = build_index(corpus, encoder=encoder, progress=False)
    kinds = ("gram_letters", "latin_reading")
    assert [_cached_count(corpus, k) for k in kinds] == [first.case_count] * 2
    case = corpus.cases_dir / "fx-chiangmai-community-radio.md"
    case.write_text(
        case.read_text(encoding="utf-8") + "\n- วงโปงลางเยาวชนบรรเลงปิดงาน\n", encoding="utf-8"
    )
    build_index(corpus, encoder=encoder, progress=False)
    # Only the edited case was normalized and romanized again ...
    assert [_cached_count(corpus, k) for k in kinds] == [first.case_count + 1] * 2
    # ... and its new words are in both 4-gram indexes, not a stale copy.
    searcher = open_searcher(corpus, encoder)
    for query in ("วงโปงลาง", "pong lang"):
        result = searcher.search(query, mode="lexical")
        assert (result.hits + result.loose)[0].case_id == "fx-chiangmai-community-radio", query


class ExplodingEncoder:
    """The real encoder, failing after a number of batches, like a crash or Ctrl-C mid-build."""

    def __init__(self, inner: UseM3Encoder, fail_after: int, error: type[BaseException]) -> None:
        self.inner, self.calls, self.fail_after, self.error = inner, 0, fail_after, error
        self.name, self.dim = inner.name, inner.dim

    def encode(self, texts: list[str], kind: str = "passage") -> np.ndarray:
        self.calls += 1
        if self.calls > self.fail_after:
            raise self.error()
        return self.inner.encode(texts, kind)


@pytest.mark.parametrize("error", [KeyboardInterrupt, RuntimeError])
def test_an_interrupted_build_leaves_the_old_index_working(
    corpus: Settings, encoder: UseM3Encoder, error: type[BaseException]
) -> None:
    build_index(corpus, encoder=encoder, progress=False)
    before = store.current_build(corpus.index_dir)
    (corpus.cases_dir / "fx-new-case.md").write_text(
        (corpus.cases_dir / "fx-nan-alcohol-free-merit.md")
        .read_text(encoding="utf-8")
        .replace("fx-nan-alcohol-free-merit", "fx-new-case")
        .replace("บ้านห้วยทดสอบ", "บ้านใหม่ทดสอบ"),
        encoding="utf-8",
    )
    with pytest.raises(error):
        build_index(
            corpus.with_(encode_batch_size=1),
            encoder=ExplodingEncoder(encoder, 0, error),
            progress=False,
        )
    assert store.current_build(corpus.index_dir) == before
    assert not list((corpus.index_dir / store.BUILDS_DIR).glob(".tmp-*"))
    searcher = open_searcher(corpus, encoder)
    assert searcher.search("งานบุญปลอดเหล้า").hits[0].case_id == "fx-nan-alcohol-free-merit"
    assert "fx-new-case" not in searcher.index.case_index


def test_invalid_cases_are_skipped_and_reported(corpus: Settings, encoder: UseM3Encoder) -> None:
    (corpus.cases_dir / "broken.md").write_text("---\nid: broken\n---\n", encoding="utf-8")
    report = build_index(corpus, encoder=encoder, progress=False)
    assert report.case_count == 7 and report.skipped == 1
    assert any(p.path.endswith("broken.md") and p.is_error for p in report.problems)
    with pytest.raises(CasesInvalidError):
        build_index(corpus, encoder=encoder, strict=True, progress=False)


def test_a_folder_with_no_valid_case_builds_an_empty_index(
    tmp_path: Path, encoder: UseM3Encoder
) -> None:
    # A new project, or one whose every case fails validation: nothing to find, no crash.
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "broken.md").write_text("---\nid: broken\n---\n", encoding="utf-8")
    settings = Settings(cases_dir=tmp_path / "cases", index_dir=tmp_path / "index")
    report = build_index(settings, encoder=encoder, progress=False)
    assert report.case_count == 0 and report.skipped == 1
    searcher = open_searcher(settings, encoder)
    for mode in ("lexical", "dense", "hybrid"):
        result = searcher.search("ชุมชนคุณธรรม community", mode=mode)
        assert result.total == 0 and not result.hits and not result.loose


def test_drafts_are_not_indexed(corpus: Settings, encoder: UseM3Encoder) -> None:
    path = corpus.cases_dir / "fx-chiangmai-community-radio.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "level: organization", "level: organization\nstatus: draft"
        ),
        encoding="utf-8",
    )
    build_index(corpus, encoder=encoder, progress=False)
    assert "fx-chiangmai-community-radio" not in open_searcher(corpus, encoder).index.case_index


def test_encoder_mismatch_and_missing_index_fail_clearly(
    fixture_index: Settings, tmp_path: Path
) -> None:
    with pytest.raises(IndexMismatchError) as mismatch:
        store.open_index(fixture_index.index_dir, "st:some-other-model")
    assert "use-m3" in mismatch.value.english and "st:some-other-model" in mismatch.value.thai
    with pytest.raises(IndexMissingError):
        store.open_index(tmp_path / "nowhere", "use-m3")


def test_live_searcher_switches_to_a_new_build(corpus: Settings, encoder: UseM3Encoder) -> None:
    build_index(corpus, encoder=encoder, progress=False)
    live = LiveSearcher(corpus, encoder)
    old = live.get()
    assert live.get() is old
    (corpus.cases_dir / "fx-chiangmai-community-radio.md").unlink()
    build_index(corpus, encoder=encoder, progress=False)
    new = live.get()
    assert new is not old
    assert "fx-chiangmai-community-radio" not in new.index.case_index
    # A request that still holds the old searcher finishes on the previous build.
    assert old.search("วิทยุชุมชน").hits[0].case_id == "fx-chiangmai-community-radio"


def test_manifest_is_json_with_build_time(fixture_index: Settings) -> None:
    build = store.current_build(fixture_index.index_dir)
    assert build is not None
    manifest = json.loads((build / store.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["built_at"].endswith("+00:00")
    assert manifest["kmhub_version"]


def test_a_second_build_of_the_same_index_is_refused(
    corpus: Settings, encoder: UseM3Encoder
) -> None:
    import fcntl

    from kmhub.errors import KmhubError

    corpus.index_dir.mkdir(parents=True)
    with open(corpus.index_dir / ".build.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(KmhubError) as refused:
            build_index(corpus, encoder=encoder, progress=False)
    assert "another build" in refused.value.english
    assert build_index(corpus, encoder=encoder, progress=False).case_count == 7


def test_an_interrupted_build_keeps_the_embeddings_it_made(
    corpus: Settings, encoder: UseM3Encoder
) -> None:
    with pytest.raises(KeyboardInterrupt):
        build_index(
            corpus.with_(encode_batch_size=1),
            encoder=ExplodingEncoder(encoder, 3, KeyboardInterrupt),
            progress=False,
        )
    assert store.current_build(corpus.index_dir) is None
    resumed = build_index(corpus, encoder=encoder, progress=False)
    assert resumed.encoded == resumed.passage_count - 3


def test_a_fixed_duplicate_id_is_not_remembered_by_the_cache(
    corpus: Settings, encoder: UseM3Encoder
) -> None:
    original = corpus.cases_dir / "fx-chiangmai-community-radio.md"
    copy = corpus.cases_dir / "zz" / "fx-chiangmai-community-radio.md"
    copy.parent.mkdir()
    copy.write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
    first = build_index(corpus, encoder=encoder, progress=False)
    assert first.skipped == 1 and first.case_count == 7
    original.unlink()
    second = build_index(corpus, encoder=encoder, progress=False)
    assert second.skipped == 0 and second.case_count == 7
