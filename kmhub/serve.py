"""`kmhub serve`: build the index when it is missing or stale, then run the API and web UI."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kmhub.build import BuildReport, build_index, cases_fingerprint
from kmhub.encoders import Encoder
from kmhub.problems import KmhubError
from kmhub.settings import Settings
from kmhub.store import read_manifest

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def index_is_fresh(settings: Settings) -> bool:
    """True when the active build was made from exactly the current case files and settings."""
    manifest = read_manifest(Path(settings.index_dir))
    if manifest is None:
        return False
    fingerprint = cases_fingerprint(Path(settings.cases_dir), settings, settings.encoder)
    return manifest.get("content_hash") == fingerprint


def ensure_index(
    settings: Settings, encoder: Encoder | None = None, progress: bool = False
) -> BuildReport | None:
    """Build when the index is missing or stale; None when it was already fresh."""
    if index_is_fresh(settings):
        return None
    if not Path(settings.cases_dir).is_dir():
        if read_manifest(Path(settings.index_dir)) is not None:
            return None  # an index without its cases folder is served as it is
        raise KmhubError(
            f"ไม่พบโฟลเดอร์กรณีศึกษา {settings.cases_dir} และยังไม่มีดัชนี",
            f"no cases folder {settings.cases_dir} and no index to serve",
        )
    return build_index(settings, encoder=encoder, progress=progress)


def free_port(host: str = DEFAULT_HOST) -> int:
    """A TCP port nobody listens on right now (for tests and benchmarks)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _server(app: object, host: str, port: int, log_level: str = "warning"):
    import uvicorn

    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        access_log=False,
        limit_concurrency=256,  # beyond this uvicorn answers 503 instead of queueing forever
        timeout_keep_alive=5,
        h11_max_incomplete_event_size=16 * 1024,  # bounds request line and headers
    )
    return uvicorn.Server(config)


@contextmanager
def background_server(
    app: object, host: str = DEFAULT_HOST, port: int | None = None, timeout: float = 60.0
) -> Iterator[str]:
    """Run `app` with uvicorn in a thread; yields its base URL and stops it on exit."""
    port = port or free_port(host)
    server = _server(app, host, port)
    thread = threading.Thread(target=server.run, name="kmhub-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError(f"the server did not start on {host}:{port}")
        time.sleep(0.05)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


def serve(
    settings: Settings, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, progress: bool = True
) -> None:
    """Freshness check and build, then serve until interrupted."""
    from kmhub.api import create_app

    report = ensure_index(settings, progress=progress)
    if report is not None:
        print(
            f"สร้างดัชนีใหม่แล้ว: {report.case_count} กรณี / built a fresh index: "
            f"{report.case_count} cases in {report.seconds:.1f}s",
            flush=True,
        )
    print(f"kmhub: http://{host}:{port}/  (API docs: /docs)", flush=True)
    _server(create_app(settings), host, port, log_level="info").run()
