"""ASGI middleware: security headers on every response, and bounds on request size."""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_URL_BYTES = 8192  # path + query; 500 Thai characters percent-encoded take 4,500 bytes
MAX_IN_FLIGHT = 200  # requests being answered at once per process; beyond it 503 + Retry-After
MAX_BODY_BYTES = 256 * 1024  # every kmhub endpoint is GET; a neighbour's POST gets room

# No inline script anywhere: the pages load /static/*.js only.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI sets some styles inline; its page still runs no inline script.
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


class GuardMiddleware:
    """Adds CSP and the usual security headers; answers 414/413 to oversized requests."""

    def __init__(self, app: ASGIApp, max_in_flight: int = MAX_IN_FLIGHT) -> None:
        self.app = app
        self.max_in_flight = max_in_flight
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.max_in_flight:
            await _reject(
                send,
                503,
                "มีผู้ใช้มากเกินไป ลองใหม่อีกครั้ง",
                "too many requests at once; try again",
                CSP.encode(),
                code="busy",
                extra=[(b"retry-after", b"1")],
            )
            return
        self.in_flight += 1
        try:
            await self._guarded(scope, receive, send)
        finally:
            self.in_flight -= 1

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        # HEAD is answered wherever GET is: the GET response without its body.
        head = scope.get("method") == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        path: str = scope.get("path", "")
        csp = (DOCS_CSP if path.startswith("/docs") else CSP).encode()
        url_bytes = len(scope.get("raw_path") or path.encode()) + len(
            scope.get("query_string", b"")
        )
        if url_bytes > MAX_URL_BYTES:
            await _reject(send, 414, "ที่อยู่หรือคำค้นยาวเกินไป", "the URL or query is too long", csp)
            return
        headers = dict(scope.get("headers", []))
        try:
            declared = int(headers.get(b"content-length", b"0") or 0)
        except ValueError:
            declared = MAX_BODY_BYTES + 1
        if declared > MAX_BODY_BYTES:
            await _reject(send, 413, "คำขอมีขนาดใหญ่เกินไป", "the request body is too large", csp)
            return

        received = 0

        async def bounded_receive() -> Message:
            # A body sent without Content-Length is counted as it streams in.
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > MAX_BODY_BYTES:
                    raise _TooLarge
            return message

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                existing = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in existing]
                if b"content-security-policy" not in existing:
                    extra.append((b"content-security-policy", csp))
                # After an internal error the connection is closed (uvicorn drops it when
                # the app raised): the client is told, and does not reuse it.
                if message["status"] == 405 and b"allow" not in existing:
                    extra.append((b"allow", b"GET, HEAD"))  # static files: the only 405 without
                failed = message["status"] >= 500 and message["status"] != 503
                if failed and b"connection" not in existing:
                    extra.append((b"connection", b"close"))
                message["headers"] = [*message.get("headers", []), *extra]
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        try:
            await self.app(scope, bounded_receive, send_with_headers)
        except _TooLarge:
            await _reject(send, 413, "คำขอมีขนาดใหญ่เกินไป", "the request body is too large", csp)


class _TooLarge(Exception):
    pass


async def _reject(
    send: Send,
    status: int,
    thai: str,
    english: str,
    csp: bytes,
    code: str = "request_too_large",
    extra: list[tuple[bytes, bytes]] | None = None,
) -> None:
    body: dict[str, Any] = {
        "error": code,
        "message_th": thai,
        "message_en": english,
        "detail": [],
    }
    payload = json.dumps(body, ensure_ascii=False).encode()
    headers = [
        (b"content-type", b"application/json; charset=utf-8"),
        (b"content-length", str(len(payload)).encode()),
        (b"content-security-policy", csp),
        *SECURITY_HEADERS,
        *(extra or []),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
