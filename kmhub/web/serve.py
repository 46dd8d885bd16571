"""`kmhub serve`: build the index when it is missing or stale, then run the API and web UI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import uvicorn

from kmhub.errors import KmhubError
from kmhub.index.build import BuildReport, build_index, cases_fingerprint
from kmhub.index.encoders import Encoder
from kmhub.index.store import read_manifest
from kmhub.settings import Settings
from kmhub.web.app import create_app

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


def make_server(app: Any, host: str, port: int, log_level: str = "warning") -> uvicorn.Server:
    """A uvicorn server for `app` with kmhub's limits."""

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


def serve(
    settings: Settings, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, progress: bool = True
) -> None:
    """Freshness check and build, then serve until interrupted."""
    report = ensure_index(settings, progress=progress)
    if report is not None:
        print(
            f"สร้างดัชนีใหม่แล้ว: {report.case_count} กรณี / built a fresh index: "
            f"{report.case_count} cases in {report.seconds:.1f}s",
            flush=True,
        )
    print(f"kmhub: http://{host}:{port}/  (API docs: /docs)", flush=True)
    make_server(create_app(settings), host, port, log_level="info").run()
