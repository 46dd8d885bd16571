"""HTTP/1.1 connections that slow or idle clients cannot hold: read deadlines, idle-first eviction."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, ClassVar

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger("kmhub.serve")

HEADER_TIMEOUT = 10.0  # seconds from a request's first byte (or the connection) to its last header
BODY_TIMEOUT = 20.0  # seconds from the last header to the end of the body
MAX_CONNECTIONS = 1000  # open connections per worker; beyond it the longest-idle one is closed


def error_body(code: str, thai: str, english: str) -> bytes:
    """The JSON error body every kmhub error has (docs/api.md), here written by the server."""
    body = {"error": code, "message_th": thai, "message_en": english, "detail": []}
    return json.dumps(body, ensure_ascii=False).encode()


_TIMEOUT_BODY = error_body(
    "request_timeout",
    "ส่งคำขอช้าเกินไป การเชื่อมต่อถูกปิด",
    "the request was not received in time; the connection is closed",
)
_TIMEOUT_408 = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json; charset=utf-8\r\n"
    b"connection: close\r\ncontent-length: %d\r\n\r\n" % len(_TIMEOUT_BODY)
) + _TIMEOUT_BODY
_BAD_REQUEST_BODY = error_body(
    "bad_request",
    "คำขอ HTTP ไม่ถูกต้อง เช่น มีอักขระที่ไม่ได้เข้ารหัสใน URL (ใช้ %XX หรือ curl -G --data-urlencode)",
    "invalid HTTP request, e.g. characters in the URL that are not percent-encoded"
    " (use %XX, or curl -G --data-urlencode)",
)


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with deadlines for the request head and body.

    uvicorn times out only the wait between two requests, and any byte restarts that wait:
    a client sending one header byte every few seconds would hold its connection forever.
    Here the deadline runs from the first byte and no byte moves it.
    """

    header_timeout: ClassVar[float] = HEADER_TIMEOUT
    body_timeout: ClassVar[float] = BODY_TIMEOUT
    max_connections: ClassVar[int] = MAX_CONNECTIONS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._phase = ""  # "head" or "body" while a deadline runs
        self._idle_since = 0.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._idle_since = self.loop.time()
        self._arm("head", self.header_timeout)
        if len(self.connections) > self.max_connections:
            self._evict_idle()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._phase == "" and self.conn.their_state is h11.IDLE:
            self._arm("head", self.header_timeout)  # first byte of a next request on keep-alive
        super().data_received(data)
        self._follow_state()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._idle_since = self.loop.time()
        self._follow_state()

    def send_400_response(self, msg: str) -> None:
        """uvicorn's answer to a request h11 cannot parse, with kmhub's JSON error body."""
        headers = [
            (b"content-type", b"application/json; charset=utf-8"),
            (b"content-length", str(len(_BAD_REQUEST_BODY)).encode()),
            (b"connection", b"close"),
        ]
        self.transport.write(self.conn.send(h11.Response(status_code=400, headers=headers)))
        self.transport.write(self.conn.send(h11.Data(data=_BAD_REQUEST_BODY)))
        self.transport.write(self.conn.send(h11.EndOfMessage()))
        self.transport.close()

    def _follow_state(self) -> None:
        state = self.conn.their_state
        if state is h11.SEND_BODY:
            if self._phase == "head":
                self._arm("body", self.body_timeout)
        elif state is not h11.IDLE:
            self._disarm()  # the whole request is in: the app's own time starts

    def _arm(self, phase: str, seconds: float) -> None:
        self._disarm()
        self._phase = phase
        self._deadline = self.loop.call_later(seconds, self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline, self._phase = None, ""

    @property
    def idle(self) -> bool:
        """No request being answered: waiting for (the rest of) a request head."""
        return (self.cycle is None or self.cycle.response_complete) and (
            self.conn.their_state is h11.IDLE
        )

    def _expired(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self.conn.their_state is h11.IDLE and self.conn.our_state is h11.IDLE:
            self.transport.write(_TIMEOUT_408)
        elif self.cycle is not None:
            self.cycle.disconnected = True  # the app sees http.disconnect
            self.cycle.message_event.set()
        self.transport.close()

    def _evict_idle(self) -> None:
        idle = sorted(
            (c for c in self.connections if isinstance(c, GuardedH11Protocol) and c.idle),
            key=lambda c: c._idle_since,
        )
        excess = len(self.connections) - self.max_connections
        for victim in idle[:excess]:
            victim._disarm()
            victim.transport.close()
        if excess > len(idle):
            log.warning("too many busy connections (%d); closing a new one", len(self.connections))
            self.transport.close()
