"""`kmhub serve`: build the index when it is missing or stale, then run the API and web UI."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import uvicorn
from uvicorn.supervisors import Multiprocess

from kmhub.errors import KmhubError
from kmhub.index.build import BuildReport, build_index, cases_fingerprint
from kmhub.index.encoders import Encoder
from kmhub.index.store import read_manifest
from kmhub.settings import Settings
from kmhub.web.app import create_app
from kmhub.web.connections import GuardedH11Protocol

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
KEEP_ALIVE_SECONDS = 5  # an idle keep-alive connection is closed after this
GRACEFUL_SECONDS = 3  # on SIGTERM, requests in flight get this long; then the process ends


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


def server_config(app: Any, host: str, port: int, **options: Any) -> uvicorn.Config:
    """uvicorn's settings for kmhub: read deadlines, keep-alive, a quick graceful stop."""
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        access_log=False,
        http=GuardedH11Protocol,  # header and body deadlines, idle connections dropped first
        # No connection cap: idle connections cost no request slot (GuardMiddleware caps
        # requests in flight), so 300 silent clients cannot turn everyone else away.
        limit_concurrency=None,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        timeout_graceful_shutdown=GRACEFUL_SECONDS,
        h11_max_incomplete_event_size=16 * 1024,  # bounds request line and headers
        **options,
    )


def make_server(app: Any, host: str, port: int, log_level: str = "warning") -> uvicorn.Server:
    """A uvicorn server for `app` with kmhub's limits (one process, for tests and serve)."""
    return uvicorn.Server(server_config(app, host, port, log_level=log_level))


def app_from_env() -> Any:
    """The app of each worker process of `kmhub serve --workers N` (settings from KMHUB_*)."""
    return create_app(Settings.from_env())


def serve(
    settings: Settings,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    progress: bool = True,
    workers: int | None = None,
) -> None:
    """Freshness check and build, then serve until interrupted (SIGTERM stops in seconds)."""
    report = ensure_index(settings, progress=progress)
    if report is not None:
        print(
            f"สร้างดัชนีใหม่แล้ว: {report.case_count} กรณี / built a fresh index: "
            f"{report.case_count} cases in {report.seconds:.1f}s",
            flush=True,
        )
    workers = workers or os.cpu_count() or 1
    print(f"kmhub: http://{host}:{port}/  (API docs: /docs, {workers} workers)", flush=True)
    if workers == 1:
        make_server(create_app(settings), host, port, log_level="info").run()
        return
    # Each worker is a process with its own searcher over the same index folder; each
    # picks up a new build on its own. The settings reach them through the environment.
    os.environ.update(
        KMHUB_CASES=str(Path(settings.cases_dir).resolve()),
        KMHUB_INDEX=str(Path(settings.index_dir).resolve()),
        KMHUB_ENCODER=settings.encoder,
    )
    config = server_config(
        "kmhub.web.serve:app_from_env", host, port, factory=True, workers=workers, log_level="info"
    )
    Multiprocess(config, sockets=[config.bind_socket()]).run()
