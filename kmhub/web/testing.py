"""Helpers for tests and benchmarks: a server in a thread, a free port, the system Chromium."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kmhub.web.serve import DEFAULT_HOST, make_server

# Debian's Chromium, with the flags this machine needs (no sandbox as root, no background traffic).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port(host: str = DEFAULT_HOST) -> int:
    """A TCP port nobody listens on right now (for tests and benchmarks)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@contextmanager
def background_server(
    app: object, host: str = DEFAULT_HOST, port: int | None = None, timeout: float = 60.0
) -> Iterator[str]:
    """Run `app` with uvicorn in a thread; yields its base URL and stops it on exit."""
    port = port or free_port(host)
    server = make_server(app, host, port)
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
