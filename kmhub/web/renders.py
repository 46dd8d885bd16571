"""Heavy renders (PDF, DOCX) in child processes: bounded, timed, stopped when the client leaves.

A render runs in its own process at a lower CPU priority, never on a thread of the server:
it cannot hold the GIL against searches, a time limit or a departed client ends it with a
kill, and SIGTERM does not wait for it. When every slot is busy the answer is 503 with
Retry-After rather than a queue that grows.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import resource
import signal
import threading
from collections.abc import Callable
from multiprocessing import forkserver
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from kmhub.errors import KmhubError
from kmhub.packs.model import Pack
from kmhub.web.handout import Rendered, handout_environment, render

RENDER_SLOTS = 1  # renders at once per server process (with --workers 2: two in all)
RENDER_TIMEOUT = 90.0  # seconds; 30 real cases take about 9 s
RETRY_AFTER = 10  # seconds, the Retry-After of a 503 when every slot is busy
RENDER_MEMORY = 2 * 1024**3  # address-space limit of a render process, bytes
RENDER_NICE = 10  # searches keep the CPU when both want it


class RenderBusy(KmhubError):
    """Every render slot is taken, or a render ran out of time: 503 with Retry-After."""

    http_status = 503
    code = "busy"
    retry_after = RETRY_AFTER


class RenderFailed(KmhubError):
    """The render process died or raised; the server stays up."""

    http_status = 500
    code = "render_failed"


class RenderRefused(KmhubError):
    """A kmhub error raised inside a render process, with that error's status and code."""

    def __init__(self, status: int, code: str, thai: str, english: str) -> None:
        super().__init__(thai, english)
        self.http_status = status
        self.code = code


def _child(conn: Connection, job: Callable[..., Any], args: tuple[Any, ...]) -> None:
    os.nice(RENDER_NICE)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (RENDER_MEMORY, RENDER_MEMORY))
    try:
        conn.send((True, job(*args)))
    except KmhubError as exc:  # a refusal with its own message and status: passed on as such
        conn.send((False, (exc.http_status, exc.code, exc.thai, exc.english)))
    except BaseException as exc:  # reported to the parent, which answers 500
        conn.send((False, repr(exc)))
    finally:
        conn.close()


def render_pack(pack: Pack, fmt: str, web_dir: Path) -> Rendered:
    """What a render process runs: the pack in `fmt`, with a Jinja environment of its own."""
    return render(pack, fmt, handout_environment(web_dir))


async def _client_gone(request: Request, wait: float) -> bool:
    """True when the client has disconnected; waits at most `wait` seconds to find out."""
    try:
        message = await asyncio.wait_for(request.receive(), wait)
    except TimeoutError:
        return False
    return message.get("type") == "http.disconnect"


class RenderPool:
    """At most `slots` render processes at a time, each given `timeout` seconds."""

    def __init__(self, slots: int = RENDER_SLOTS, timeout: float = RENDER_TIMEOUT) -> None:
        self.slots = slots
        self.timeout = timeout
        self._active: set[BaseProcess] = set()
        self.closing = False
        # forkserver: each job is forked from a clean process that imported the renderer
        # once, not from the server with its threads (forking those can deadlock).
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["kmhub.web.renders"])

    async def run(self, request: Request, job: Callable[..., Any], *args: Any) -> Any:
        """`job(*args)` in a child process; None when the client went away first."""
        if len(self._active) >= self.slots:
            raise RenderBusy(
                f"กำลังสร้างไฟล์อื่นอยู่ ลองใหม่ในอีก {RETRY_AFTER} วินาที",
                f"another file is being made; try again in {RETRY_AFTER} seconds",
            )
        receiver, sender = self._context.Pipe(duplex=False)
        process = self._context.Process(target=_child, args=(sender, job, args), daemon=True)
        self._active.add(process)
        try:
            # Starting may wait for the forkserver to import the renderer: not on the loop.
            await run_in_threadpool(process.start)
            sender.close()
            return await self._wait(request, process, receiver)
        finally:
            if process.is_alive():
                process.kill()
            with contextlib.suppress(ValueError, AssertionError):
                process.join(timeout=2)
            self._active.discard(process)
            receiver.close()

    async def _wait(self, request: Request, process: BaseProcess, receiver: Connection) -> Any:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        while True:
            if self.closing:  # the server is stopping (SIGTERM): the render is killed now
                raise RenderBusy("เซิร์ฟเวอร์กำลังปิด", "the server is stopping; try again")
            if receiver.poll():
                try:
                    ok, value = receiver.recv()
                except EOFError:
                    ok, value = False, f"exit code {process.exitcode}"
                if not ok and isinstance(value, tuple):
                    raise RenderRefused(*value)
                if not ok:
                    raise RenderFailed("สร้างไฟล์ไม่สำเร็จ", f"the file could not be made ({value})")
                return value
            if not process.is_alive() and not receiver.poll():
                raise RenderFailed(
                    "สร้างไฟล์ไม่สำเร็จ", f"the render process ended ({process.exitcode})"
                )
            if loop.time() > deadline:
                raise RenderBusy(
                    f"สร้างไฟล์นานเกิน {self.timeout:.0f} วินาทีจึงหยุด ลองเลือกกรณีให้น้อยลง",
                    f"making the file took over {self.timeout:.0f} s and was stopped;"
                    " try fewer cases",
                )
            if await _client_gone(request, 0.05):  # also the pause between two looks
                return None  # the finally of run() kills the process

    def close(self) -> None:
        """Stop every render now (server shutdown)."""
        self.closing = True
        for process in list(self._active):
            with contextlib.suppress(Exception):
                process.kill()

    def warm(self) -> None:
        """Start the forkserver (it imports WeasyPrint once) in the background."""
        threading.Thread(target=forkserver.ensure_running, daemon=True).start()

    def stop_on_signals(self) -> None:
        """Kill renders as soon as SIGTERM or SIGINT arrives, then let the server stop.

        The server's graceful stop waits for requests in flight; a render would make it
        wait for its whole time limit. Only the main thread can install handlers.
        """
        if threading.current_thread() is not threading.main_thread():
            return
        for sig in (signal.SIGTERM, signal.SIGINT):
            previous = signal.getsignal(sig)

            def handler(number: int, frame: Any, previous: Any = previous) -> None:
                self.close()
                if callable(previous):
                    previous(number, frame)

            signal.signal(sig, handler)
