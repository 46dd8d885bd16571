"""`kmhub serve`: index freshness, the server thread, live index swaps, and the command itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from kmhub.errors import KmhubError
from kmhub.index.build import build_index
from kmhub.settings import Settings
from kmhub.web.app import create_app
from kmhub.web.serve import ensure_index, index_is_fresh
from kmhub.web.testing import background_server, free_port
from tests.web_support import FIXTURE_CASES, HOSTILE_CASE, HOSTILE_ID

ROOT = Path(__file__).resolve().parents[1]


def corpus(tmp_path: Path) -> Settings:
    shutil.copytree(FIXTURE_CASES, tmp_path / "cases")
    return Settings(cases_dir=tmp_path / "cases", index_dir=tmp_path / "index")


def test_ensure_index_builds_only_when_missing_or_stale(tmp_path: Path, encoder) -> None:
    settings = corpus(tmp_path)
    assert not index_is_fresh(settings)
    report = ensure_index(settings, encoder)
    assert report is not None and report.case_count == 7
    assert index_is_fresh(settings)
    assert ensure_index(settings, encoder) is None  # nothing changed: no second build
    radio = settings.cases_dir / "fx-chiangmai-community-radio.md"
    radio.write_text(radio.read_text(encoding="utf-8") + "\nเพิ่มอีกหนึ่งบรรทัด\n", encoding="utf-8")
    assert not index_is_fresh(settings)
    assert ensure_index(settings, encoder) is not None
    assert index_is_fresh(settings)


def test_nothing_to_serve_is_a_bilingual_error(tmp_path: Path) -> None:
    settings = Settings(cases_dir=tmp_path / "none", index_dir=tmp_path / "index")
    with pytest.raises(KmhubError) as caught:
        ensure_index(settings)
    assert "ไม่พบ" in caught.value.thai and "no cases folder" in caught.value.english


def test_background_server_answers_and_stops(fixture_index: Settings, encoder) -> None:
    with background_server(create_app(fixture_index, encoder)) as base:
        assert base.startswith("http://127.0.0.1:")
        health = httpx.get(f"{base}/healthz", timeout=10)
        assert health.status_code == 200 and health.json()["case_count"] == 7
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{base}/healthz", timeout=2)


def test_a_new_build_is_served_without_restart_or_failed_requests(tmp_path: Path, encoder) -> None:
    settings = corpus(tmp_path)
    build_index(settings, encoder=encoder, progress=False)
    statuses: list[int] = []
    stop = threading.Event()

    def hammer(base: str) -> None:
        with httpx.Client(base_url=base, timeout=30) as http:
            while not stop.is_set() and len(statuses) < 5000:
                statuses.append(http.get("/api/search", params={"q": "ชุมชน"}).status_code)

    with background_server(create_app(settings, encoder)) as base:
        workers = [threading.Thread(target=hammer, args=(base,)) for _ in range(3)]
        for w in workers:
            w.start()
        try:
            (settings.cases_dir / f"{HOSTILE_ID}.md").write_text(HOSTILE_CASE, encoding="utf-8")
            build_index(settings, encoder=encoder, progress=False)
            deadline = time.monotonic() + 30
            count = 0
            while count != 8 and time.monotonic() < deadline:
                count = httpx.get(f"{base}/healthz", timeout=10).json()["case_count"]
                time.sleep(0.1)
            time.sleep(0.5)  # requests keep flowing across the swap
        finally:
            stop.set()
            for w in workers:
                w.join(timeout=30)
        assert count == 8
        found = httpx.get(f"{base}/api/cases/{HOSTILE_ID}", timeout=10)
        assert found.status_code == 200
    assert len(statuses) > 10
    assert set(statuses) == {200}


def test_serve_command_builds_then_serves(tmp_path: Path) -> None:
    settings = corpus(tmp_path)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "kmhub", "serve", "--cases", str(settings.cases_dir)]
    command += ["--index", str(settings.index_dir), "--port", str(port)]
    process = subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        health = None
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and process.poll() is None:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.5)
        assert health is not None, process.communicate(timeout=5)[0].decode(errors="replace")
        assert health.status_code == 200 and health.json()["case_count"] == 7
        assert index_is_fresh(settings)
        page = httpx.get(f"http://127.0.0.1:{port}/?q=วิทยุชุมชน", timeout=30)
        assert "fx-chiangmai-community-radio" in page.text
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_serve_command_without_cases_or_index_explains(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "kmhub", "serve", "--cases", "none", "--index", "none"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "ข้อผิดพลาด" in done.stderr and "no cases folder" in done.stderr
    assert "Traceback" not in done.stderr
