"""Slow clients, heavy renders and signals against a real `kmhub serve` on 127.0.0.1."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from kmhub.index.build import build_index
from kmhub.settings import Settings
from kmhub.web.app import create_app
from kmhub.web.connections import HEADER_TIMEOUT
from kmhub.web.renders import RenderPool
from kmhub.web.testing import background_server
from tests.server_support import serve_process

CASES = Path(__file__).parent / "fixtures" / "cases"
ALL_IDS = ",".join(sorted(p.stem for p in CASES.glob("*.md")))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, encoder) -> Settings:
    root = tmp_path_factory.mktemp("served")
    shutil.copytree(CASES, root / "cases")
    settings = Settings(cases_dir=root / "cases", index_dir=root / "index")
    build_index(settings, encoder=encoder, progress=False)
    return settings


@pytest.fixture(scope="module")
def server(built: Settings):
    with serve_process(built.cases_dir, built.index_dir, "--workers", "1") as served:
        yield served


def address(base: str) -> tuple[str, int]:
    parts = urlsplit(base)
    assert parts.hostname == "127.0.0.1" and parts.port
    return parts.hostname, parts.port


def direct_children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.add(int(entry))
    return found


def children(pid: int) -> set[int]:
    """Every process below `pid` (workers, forkservers, render processes)."""
    found = set()
    for child in direct_children(pid):
        found |= {child} | children(child)
    return found


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def renders(pid: int) -> set[int]:
    """Render processes under a server: the children of its forkserver(s)."""
    # A render process is forked from the forkserver, so it has the same command line.
    family = children(pid) | {pid}
    marked = {p for p in family if b"forkserver" in _cmdline(p)}
    forkservers = {p for p in marked if not direct_children_of_any(p, marked)}
    return {c for f in forkservers for c in direct_children(f)}


def direct_children_of_any(pid: int, parents: set[int]) -> bool:
    return any(pid in direct_children(p) for p in parents)


def wait_for_render(pid: int, timeout: float = 30) -> set[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = renders(pid)
        if found:
            return found
        time.sleep(0.01)
    return set()


def test_300_idle_connections_do_not_make_normal_requests_fail(server) -> None:
    idle = []
    for n in range(300):
        sock = socket.create_connection(address(server.base), timeout=5)
        if n % 2:
            sock.sendall(b"G")  # a request begun and never finished; the others send nothing
        idle.append(sock)
    statuses: dict[object, int] = {}
    stop = time.monotonic() + 6

    def client() -> None:
        with httpx.Client(base_url=server.base, timeout=10) as http:
            while time.monotonic() < stop:
                try:
                    key: object = http.get("/api/search", params={"q": "ความดี"}).status_code
                except httpx.HTTPError as exc:
                    key = type(exc).__name__
                statuses[key] = statuses.get(key, 0) + 1

    def drip() -> None:
        while time.monotonic() < stop:
            time.sleep(2)
            for sock in idle[1::2]:
                with contextlib.suppress(OSError):
                    sock.sendall(b"E")  # one byte every 2 s: never enough to finish a header

    threads = [threading.Thread(target=client) for _ in range(16)]
    threads.append(threading.Thread(target=drip))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert set(statuses) == {200} and statuses[200] > 50, statuses
        # The deadline runs from the first byte; no byte moves it: all are closed by then.
        time.sleep(max(0.0, HEADER_TIMEOUT - 6) + 2)
        closed = 0
        for sock in idle:
            sock.settimeout(0.5)
            try:
                data = sock.recv(4096)
                closed += data == b"" or data.startswith(b"HTTP/1.1 408")
            except (TimeoutError, OSError):
                pass
        assert closed == len(idle)
    finally:
        for sock in idle:
            sock.close()


def test_head_is_answered_wherever_get_is_and_every_405_says_allow(server) -> None:
    with httpx.Client(base_url=server.base, timeout=30) as http:
        for path in (
            "/",
            "/api/search?q=ความดี",
            "/api/cases/fx-nan-alcohol-free-merit",
            "/healthz",
        ):
            get, head = http.get(path), http.head(path)
            assert head.status_code == get.status_code == 200, path
            assert (
                head.content == b"" and head.headers["content-type"] == get.headers["content-type"]
            )
        cases = (("POST", "/api/search"), ("DELETE", "/"), ("PUT", "/api/pack"))
        for method, path in (*cases, ("POST", "/static/app.js")):
            response = http.request(method, path)
            assert response.status_code == 405, (method, path)
            allowed = {m.strip() for m in response.headers["allow"].split(",")}
            assert "GET" in allowed and method not in allowed
            if path.startswith("/api"):
                assert set(response.json()) >= {"error", "message_th", "message_en", "detail"}


def test_a_malformed_request_gets_the_documented_json_error(server) -> None:
    with socket.create_connection(address(server.base), timeout=10) as sock:
        sock.sendall("GET /api/search?q=ความดี HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, body = answer.split(b"\r\n\r\n", 1)
    assert head.startswith(b"HTTP/1.1 400") and b"connection: close" in head.lower()
    assert b'"error": "bad_request"' in body and b"--data-urlencode" in body


def test_renders_run_in_a_bounded_pool_that_says_retry_after(server) -> None:
    results: list[httpx.Response] = []
    first = threading.Thread(
        target=lambda: results.append(
            httpx.get(
                f"{server.base}/api/pack", params={"ids": ALL_IDS, "format": "pdf"}, timeout=120
            )
        )
    )
    first.start()
    assert wait_for_render(server.process.pid)
    busy = httpx.get(
        f"{server.base}/api/pack", params={"ids": ALL_IDS, "format": "docx"}, timeout=60
    )
    search = httpx.get(f"{server.base}/api/search", params={"q": "ความดี"}, timeout=30)
    first.join()
    assert results[0].status_code == 200 and results[0].content.startswith(b"%PDF")
    assert busy.status_code == 503 and int(busy.headers["retry-after"]) > 0
    assert busy.json()["error"] == "busy" and search.status_code == 200


def test_a_render_stops_when_its_client_leaves(server) -> None:
    with socket.create_connection(address(server.base), timeout=10) as sock:
        sock.sendall(f"GET /api/pack?ids={ALL_IDS}&format=pdf HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        started = wait_for_render(server.process.pid)
        assert started, "no render process was started"
    # the client is gone: its render process is killed, not left to finish
    deadline = time.monotonic() + 5
    while renders(server.process.pid) & started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not renders(server.process.pid) & started
    again = httpx.get(
        f"{server.base}/api/pack", params={"ids": ALL_IDS, "format": "docx"}, timeout=60
    )
    assert again.status_code == 200  # the slot is free again


def test_a_killed_render_is_a_500_that_closes_the_connection(server) -> None:
    with socket.create_connection(address(server.base), timeout=60) as sock:
        sock.sendall(f"GET /api/pack?ids={ALL_IDS}&format=pdf HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        killed = 0
        for pid in wait_for_render(server.process.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)  # the fault: a render process dies
                killed += 1
        assert killed
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk  # recv returns b"" only when the server closes the connection
    head = answer.split(b"\r\n\r\n", 1)[0].lower()
    assert head.startswith(b"http/1.1 500") and b"connection: close" in head
    assert httpx.get(f"{server.base}/healthz", timeout=30).status_code == 200


def test_a_render_over_its_time_limit_is_stopped_with_503(built: Settings, encoder) -> None:
    app = create_app(built, encoder)
    app.state.renders = RenderPool(timeout=0.3)
    with background_server(app) as base:
        response = httpx.get(
            f"{base}/api/pack", params={"ids": ALL_IDS, "format": "pdf"}, timeout=60
        )
        assert response.status_code == 503 and "retry-after" in response.headers
        assert "fewer cases" in response.json()["message_en"]


def test_sigterm_stops_the_server_within_seconds_even_during_renders(built: Settings) -> None:
    with serve_process(built.cases_dir, built.index_dir, "--workers", "2") as served:
        for _ in range(2):
            threading.Thread(
                target=lambda: httpx.get(
                    f"{served.base}/api/pack", params={"ids": ALL_IDS, "format": "pdf"}, timeout=60
                ),
                daemon=True,
            ).start()
        time.sleep(1.0)
        family = children(served.process.pid)
        started = time.monotonic()
        served.process.send_signal(signal.SIGTERM)
        served.process.wait(timeout=30)
        took = time.monotonic() - started
        assert took < 10, f"SIGTERM took {took:.1f} s"  # 1-4 s measured; the CPU is shared
        # Render processes, forkservers and trackers follow within moments (no orphans).
        deadline = time.monotonic() + 10
        while [pid for pid in family if _alive(pid)] and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in family if _alive(pid)]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its exit status waits to be read


def test_two_workers_answer_and_pick_up_a_new_build(
    built: Settings, tmp_path: Path, encoder
) -> None:
    shutil.copytree(built.cases_dir, tmp_path / "cases")
    settings = Settings(cases_dir=tmp_path / "cases", index_dir=tmp_path / "index")
    build_index(settings, encoder=encoder, progress=False)
    with serve_process(settings.cases_dir, settings.index_dir, "--workers", "2") as served:
        assert len(direct_children(served.process.pid) - renders(served.process.pid)) >= 2
        radio = settings.cases_dir / "fx-chiangmai-community-radio.md"
        radio.write_text(radio.read_text(encoding="utf-8") + "\nเพิ่มหนึ่งบรรทัด\n", encoding="utf-8")
        fresh = build_index(settings, encoder=encoder, progress=False).build_dir.name
        seen = {httpx.get(f"{served.base}/healthz", timeout=30).json()["build"] for _ in range(20)}
        assert seen == {fresh}
