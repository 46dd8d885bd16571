"""`kmhub serve` in a child process on 127.0.0.1, as deployed; for fault and load tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from kmhub.web.testing import free_port

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Served:
    base: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


@contextmanager
def serve_process(
    cases: Path, index: Path, *extra: str, timeout: float = 120.0, env: dict[str, str] | None = None
) -> Iterator[Served]:
    """Start `kmhub serve`, wait for its port to answer, stop it with SIGTERM at the end."""
    port = free_port()
    log = Path(tempfile.mkstemp(prefix="kmhub-serve-", suffix=".log")[1])
    command = [sys.executable, "-m", "kmhub", "serve", "--cases", str(cases), "--index", str(index)]
    if "--workers" not in extra:
        extra = ("--workers", "1", *extra)  # one process unless asked: the CPU is shared
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*command, "--port", str(port), *extra],
            env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    served = Served(f"http://127.0.0.1:{port}", process, log)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"kmhub serve exited ({process.returncode}):\n{served.log()}")
            try:
                httpx.get(f"{served.base}/healthz", timeout=5)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"kmhub serve did not answer:\n{served.log()}") from None
                time.sleep(0.2)
        yield served
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        log.unlink(missing_ok=True)
