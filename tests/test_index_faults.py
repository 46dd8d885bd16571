"""Broken disks and killed builds: real files truncated, real processes killed, a real full disk."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from kmhub.errors import DiskFullError, IndexCorruptError
from kmhub.index import integrity, store
from kmhub.index.build import build_index
from kmhub.search.live import LiveSearcher
from kmhub.settings import Settings
from tests.server_support import ROOT, serve_process

CASES = Path(__file__).parent / "fixtures" / "cases"


def corpus(root: Path) -> Settings:
    shutil.copytree(CASES, root / "cases")
    return Settings(cases_dir=root / "cases", index_dir=root / "index")


def touch_case(settings: Settings, text: str) -> None:
    """Change one case so that the next build is a different one."""
    path = settings.cases_dir / "fx-nan-alcohol-free-merit.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def build_command(settings: Settings) -> list[str]:
    where = ["--cases", str(settings.cases_dir), "--index", str(settings.index_dir)]
    return [sys.executable, "-m", "kmhub", "build", "-q", *where]


def truncate(path: Path, keep: int = 16) -> None:
    with path.open("r+b") as handle:
        handle.truncate(keep)


def current(settings: Settings) -> Path:
    build = store.current_build(settings.index_dir)
    assert build is not None
    return build


def test_the_manifest_records_size_and_checksum_of_every_file(tmp_path: Path, encoder) -> None:
    settings = corpus(tmp_path)
    build = build_index(settings, encoder=encoder, progress=False).build_dir
    files = json.loads((build / store.MANIFEST).read_text(encoding="utf-8"))["files"]
    on_disk = {
        p.relative_to(build).as_posix()
        for p in build.rglob("*")
        if p.is_file() and p.name != store.MANIFEST and not p.name.startswith(".")
    }
    assert set(files) == on_disk and any(name.startswith("lexical/") for name in files)
    assert all(files[n]["size"] == (build / n).stat().st_size for n in files)
    integrity.read_checked_manifest(build)  # passes as built
    (build / store.CASE_VECTORS).write_bytes((build / store.CASE_VECTORS).read_bytes()[::-1])
    with pytest.raises(IndexCorruptError, match="checksum"):
        integrity.read_checked_manifest(build)


def test_a_truncated_lexical_array_is_a_clear_error_not_sigbus(tmp_path: Path, encoder) -> None:
    settings = corpus(tmp_path)
    build_index(settings, encoder=encoder, progress=False)
    for array in (current(settings) / store.LEXICAL_DIR).glob("*.npy"):
        truncate(array, 128)
    run = subprocess.run(
        [sys.executable, "-m", "kmhub", "search", "ความดี", "--index", str(settings.index_dir)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert run.returncode > 0, f"killed by signal {-run.returncode}" if run.returncode < 0 else ""
    assert "damaged" in run.stderr and "เสียหาย" in run.stderr and "Traceback" not in run.stderr


def test_a_live_server_survives_truncation_of_its_active_build(tmp_path: Path, encoder) -> None:
    settings = corpus(tmp_path)
    build_index(settings, encoder=encoder, progress=False)
    with serve_process(settings.cases_dir, settings.index_dir) as served:
        assert httpx.get(f"{served.base}/api/search", params={"q": "ความดี"}).status_code == 200
        for path in [*(current(settings) / store.LEXICAL_DIR).glob("*.npy")]:
            truncate(path, 128)
        truncate(current(settings) / store.META_DB, 512)
        for q in ("ความดี", "วิทยุชุมชน", "youth volunteers"):
            response = httpx.get(f"{served.base}/api/search", params={"q": q}, timeout=30)
            assert response.status_code == 200, response.text
        case = httpx.get(f"{served.base}/api/cases/fx-nan-alcohol-free-merit", timeout=30)
        assert case.status_code == 200
        assert served.process.poll() is None  # not killed by SIGBUS


def test_a_damaged_new_build_is_not_switched_in_and_healthz_says_so(
    tmp_path: Path, encoder
) -> None:
    settings = corpus(tmp_path)
    first = build_index(settings, encoder=encoder, progress=False).build_dir
    with serve_process(settings.cases_dir, settings.index_dir) as served:
        assert httpx.get(f"{served.base}/healthz").json()["build"] == first.name
        # a build that was complete on disk, then damaged before a server loaded it
        damaged = first.parent / "29990101T000000000000Z"
        shutil.copytree(first, damaged, ignore=shutil.ignore_patterns(integrity.HOLD_FILE))
        truncate(damaged / store.META_DB, 1024)
        (settings.index_dir / store.CURRENT_FILE).write_text(damaged.name + "\n", encoding="utf-8")
        for path in ("/api/search?q=ความดี", "/api/cases/fx-nan-alcohol-free-merit", "/", "/browse"):
            assert httpx.get(served.base + path, timeout=30).status_code == 200, path
        health = httpx.get(f"{served.base}/healthz", timeout=30)
        assert health.status_code == 200
        body = health.json()
        assert body["build"] == first.name and body["probe_hits"] >= 1
        assert body["failed_build"]["build"] == damaged.name
        assert "damaged" in body["failed_build"]["en"]
        assert damaged.name in served.log()  # the log says it too
        # a good build after that is picked up
        touch_case(settings, "ย่อหน้าใหม่")
        fresh = build_index(settings, encoder=encoder, progress=False).build_dir
        body = httpx.get(f"{served.base}/healthz", timeout=30).json()
        assert body["build"] == fresh.name and body["failed_build"] is None


def test_serve_falls_back_to_the_newest_intact_build_with_a_warning(
    tmp_path: Path, encoder
) -> None:
    settings = corpus(tmp_path)
    older = build_index(settings, encoder=encoder, progress=False).build_dir
    touch_case(settings, "อีกย่อหน้าหนึ่ง")
    newer = build_index(settings, encoder=encoder, progress=False).build_dir
    truncate(newer / store.META_DB, 2048)
    with serve_process(settings.cases_dir, settings.index_dir) as served:
        health = httpx.get(f"{served.base}/healthz", timeout=30).json()
        assert health["status"] == "ok" and health["build"] == older.name
        assert health["fallback"] == older.name
        assert httpx.get(f"{served.base}/api/search", params={"q": "ความดี"}).status_code == 200
        assert "older intact build" in served.log() and "Traceback" not in served.log()


def test_healthz_answers_from_a_real_search(tmp_path: Path, encoder) -> None:
    settings = corpus(tmp_path)
    with serve_process(settings.cases_dir, settings.index_dir) as served:
        body = httpx.get(f"{served.base}/healthz", timeout=30).json()
        assert body["status"] == "ok" and body["probe_hits"] >= 1
    empty = Settings(cases_dir=tmp_path / "cases", index_dir=tmp_path / "never-built")
    live = LiveSearcher(empty, encoder)
    with pytest.raises(Exception, match="no index"):
        live.get()


def test_a_build_killed_after_its_rename_does_not_cost_the_served_build(
    tmp_path: Path, encoder
) -> None:
    settings = corpus(tmp_path)
    served = build_index(settings, encoder=encoder, progress=False).build_dir
    # What a build killed between its rename and the switch leaves: a newer finished
    # build that CURRENT does not name, and its CURRENT temp file.
    orphan = served.parent / "29990101T000000000000Z"
    shutil.copytree(served, orphan)
    (settings.index_dir / ".CURRENT.999999").write_text(orphan.name, encoding="utf-8")
    touch_case(settings, "ย่อหน้าหลังจากนั้น")
    fresh = build_index(settings, encoder=encoder, progress=False).build_dir
    names = {p.name for p in fresh.parent.iterdir()}
    assert served.name in names  # the build a server may still be reading
    assert orphan.name not in names
    assert not list(settings.index_dir.glob(".CURRENT.*"))
    assert current(settings) == fresh


def test_a_build_killed_at_any_moment_leaves_the_served_build_intact(
    tmp_path: Path, encoder
) -> None:
    settings = corpus(tmp_path)
    served = build_index(settings, encoder=encoder, progress=False).build_dir
    for delay in (0.5, 1.5, 3.0):
        touch_case(settings, f"ย่อหน้าที่ {delay}")
        process = subprocess.Popen(
            build_command(settings),
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        serving = current(settings)
        integrity.read_checked_manifest(serving)  # whatever CURRENT names is intact
        assert (served.parent / served.name).is_dir() or serving != served
        served = serving
    report = build_index(settings, encoder=encoder, progress=False)
    assert not list((settings.index_dir / store.BUILDS_DIR).glob(".tmp-*"))
    assert not list(settings.index_dir.glob(".CURRENT.*"))
    assert current(settings) == report.build_dir


def test_cleanup_keeps_held_builds_and_replaced_searchers_close_their_files(
    tmp_path: Path, encoder
) -> None:
    settings = corpus(tmp_path)
    first = build_index(settings, encoder=encoder, progress=False).build_dir
    live = LiveSearcher(settings, encoder)
    assert live.get().index.build_dir == first
    touch_case(settings, "หนึ่ง")
    build_index(settings, encoder=encoder, progress=False)
    touch_case(settings, "สอง")
    third = build_index(settings, encoder=encoder, progress=False).build_dir
    assert first.is_dir(), "a build held by a live searcher was removed"

    def open_under(folder: Path) -> list[str]:
        links = []
        for fd in os.listdir("/proc/self/fd"):
            try:
                links.append(os.readlink(f"/proc/self/fd/{fd}"))
            except OSError:  # the descriptor of the listing itself, closed by now
                continue
        return [link for link in links if link.startswith(str(folder)) and ".hold" not in link]

    assert live.get().index.build_dir == third
    assert not integrity.is_held(first)  # released at once on replacement
    assert open_under(first) == [] and open_under(third) == []  # all in memory
    touch_case(settings, "สาม")
    build_index(settings, encoder=encoder, progress=False)
    assert not first.exists()


def _mount_tmpfs(where: Path, size: str) -> None:
    if os.geteuid() != 0:
        pytest.skip("a small tmpfs needs root (mount -t tmpfs); run the suite as root to test")
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)])
    if done.returncode != 0:
        pytest.skip("mount -t tmpfs is not permitted here (needs CAP_SYS_ADMIN)")


def test_a_full_disk_during_a_build_says_disk_full_and_keeps_the_old_build(
    tmp_path: Path, encoder
) -> None:
    mount = tmp_path / "small"
    _mount_tmpfs(mount, "3m")
    try:
        settings = Settings(cases_dir=corpus(tmp_path).cases_dir, index_dir=mount / "index")
        old = build_index(settings, encoder=encoder, progress=False).build_dir
        stat = os.statvfs(mount)
        filler = mount / "filler"
        filler.write_bytes(b"\0" * max(0, stat.f_bavail * stat.f_frsize - 64 * 1024))
        touch_case(settings, "เนื้อหาใหม่ " * 50)
        with pytest.raises(DiskFullError) as caught:
            build_index(settings, encoder=encoder, progress=False)
        assert "ดิสก์เต็ม" in caught.value.thai and "disk full" in caught.value.english
        assert current(settings) == old
        integrity.read_checked_manifest(old)
        run = subprocess.run(
            build_command(settings),
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=300,
        )
        assert run.returncode == 1 and "disk full" in run.stderr and "ดิสก์เต็ม" in run.stderr
        assert "unexpected" not in run.stderr
        assert not list((settings.index_dir / store.BUILDS_DIR).glob(".tmp-*"))
    finally:
        subprocess.run(["umount", "-l", str(mount)])
