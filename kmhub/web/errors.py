"""Error responses in Thai and English: JSON for /api, an HTML page for everything else."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute, Match, Mount

from kmhub.errors import KmhubError
from kmhub.web.templating import render_error

log = logging.getLogger("kmhub.web.api")

STATUS_TEXT = {
    400: ("คำขอไม่ถูกต้อง", "bad request", "bad_request"),
    404: ("ไม่พบสิ่งที่ขอ", "not found", "not_found"),
    405: ("ไม่รองรับวิธีเรียกนี้", "method not allowed", "method_not_allowed"),
    413: ("คำขอมีขนาดใหญ่เกินไป", "the request body is too large", "request_too_large"),
    414: ("ที่อยู่หรือคำค้นยาวเกินไป", "the URL or query is too long", "request_too_large"),
    422: ("ข้อมูลที่ส่งมาไม่ถูกต้อง", "invalid request", "invalid_request"),
    503: ("ยังไม่พร้อมให้บริการ", "not ready", "unavailable"),
}


def wants_json(request: Request) -> bool:
    path = request.url.path
    # Machine-read endpoints (the API, health, schema, the feed) answer errors in JSON.
    return path.startswith("/api") or path in ("/healthz", "/openapi.json", "/feed.xml")


def error_response(
    request: Request,
    status: int,
    thai: str,
    english: str,
    code: str | None = None,
    detail: list[dict[str, object]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    code = code or STATUS_TEXT.get(status, ("", "", "error"))[2]
    if wants_json(request):
        body = {"error": code, "message_th": thai, "message_en": english, "detail": detail or []}
        response: Response = JSONResponse(body, status_code=status)
    else:
        response = render_error(request, status, thai, english)
    response.headers.update(headers or {})
    return response


def allowed_methods(request: Request) -> list[str]:
    """Methods some route takes at this path (GET and POST of /api/pack are two routes).

    Found by asking the routes, method by method: included routers answer a full match
    only for a method one of their routes takes. Static files take GET (and HEAD).
    """
    found: list[str] = []
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        # root_path as the app sees it: inside a mount (static files) it names the mount.
        scope = {**request.scope, "method": method, "root_path": ""}
        for route in request.app.routes:
            if isinstance(route, Mount) and method != "GET":
                continue
            if isinstance(route, BaseRoute) and route.matches(scope)[0] == Match.FULL:
                found.append(method)
                break
    return ["GET", "HEAD", *found[1:]] if found[:1] == ["GET"] else found


def _thai_reason(error: dict[str, Any]) -> str:
    """A Thai wording of one pydantic validation error (its English `msg` is kept beside it)."""
    ctx = error.get("ctx") or {}
    kind = str(error.get("type", ""))
    reasons = {
        "literal_error": f"ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้ {ctx.get('expected', '')}",
        "greater_than_equal": f"ต้องไม่น้อยกว่า {ctx.get('ge', '')}",
        "less_than_equal": f"ต้องไม่มากกว่า {ctx.get('le', '')}",
        "int_parsing": "ต้องเป็นจำนวนเต็ม",
        "string_too_long": f"ยาวเกิน {ctx.get('max_length', '')} ตัวอักษร",
        "missing": "ต้องระบุค่านี้",
    }
    return reasons.get(kind, "รูปแบบไม่ถูกต้อง")


def _describe(errors: list[dict[str, Any]]) -> tuple[str, str, list[dict[str, Any]]]:
    detail = []
    thai_parts = []
    for e in errors:
        loc = [str(p) for p in e.get("loc", ()) if p not in ("query", "path", "body")]
        field = ".".join(loc) or "?"
        reason = _thai_reason(e)
        detail.append({"field": field, "message": str(e.get("msg", "")), "message_th": reason})
        thai_parts.append(f"{field} {reason}")
    thai = "ค่าที่ส่งมาไม่ถูกต้อง: " + "; ".join(thai_parts)
    english = "invalid input: " + "; ".join(f"{d['field']}: {d['message']}" for d in detail)
    return thai, english, detail


def install_error_handlers(app: FastAPI) -> None:
    """Invalid input is 422, unknown things 404, a missing index 503; never a bare traceback."""

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        thai, english, detail = _describe(list(exc.errors()))
        return error_response(request, 422, thai, english, "invalid_request", detail)

    @app.exception_handler(KmhubError)
    async def _kmhub(request: Request, exc: KmhubError) -> Response:
        # Each error class carries its own status and code (kmhub.errors draws the tree).
        retry = getattr(exc, "retry_after", None)
        headers = {"retry-after": str(retry)} if retry else None
        return error_response(
            request, exc.http_status, exc.thai, exc.english, exc.code, headers=headers
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        thai, english, code = STATUS_TEXT.get(exc.status_code, ("ข้อผิดพลาด", "error", "error"))
        if isinstance(exc.detail, dict):  # routes may pass {"th": ..., "en": ...}
            thai, english = exc.detail.get("th", thai), exc.detail.get("en", english)
        headers = dict(exc.headers or {})
        if exc.status_code == 405:  # every 405 says which methods the path takes, all routes
            headers["allow"] = ", ".join(allowed_methods(request))
        return error_response(request, exc.status_code, thai, english, code, headers=headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return error_response(
            request,
            500,
            "เกิดข้อผิดพลาดภายในระบบ",
            "internal error (logged on the server)",
            "internal_error",
        )
