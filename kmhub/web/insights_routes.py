"""Search insights on the web: recording hooks for the routes, and the curators' /insights page.

The page exists only when KMHUB_ADMIN_TOKEN is set and the request carries that token
(`?token=` or `Authorization: Bearer`); anything else gets the same 404 as an unknown path.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import time
from collections.abc import Iterable
from typing import Annotated, Any, Literal
from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from kmhub.errors import KmhubError
from kmhub.insights.events import OpenEvent, PackEvent, search_event
from kmhub.insights.recorder import InsightsRecorder
from kmhub.insights.report import build_report, parse_since, report_csv
from kmhub.insights.store import db_path
from kmhub.search.filters import Filters
from kmhub.search.results import SearchResult
from kmhub.settings import Settings
from kmhub.text.dates import format_thai
from kmhub.web.deps import searcher_of
from kmhub.web.templating import render_page

log = logging.getLogger("kmhub.insights")
PRIVATE = {
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",  # the token in the address never leaves in a Referer
    "x-robots-tag": "noindex",
}


def make_recorder(settings: Settings) -> InsightsRecorder | None:
    """The app's recorder, or None when KMHUB_INSIGHTS is off."""
    if not settings.insights:
        return None
    return InsightsRecorder(db_path(settings.index_dir), settings.insights_retention_days)


def _recorder(request: Request) -> InsightsRecorder | None:
    return getattr(request.app.state, "insights", None)


def note_search(
    request: Request, query: str, filters: Filters, result: SearchResult, source: str = ""
) -> None:
    """Record a first results page (not browsing without query or filters); never raises."""
    recorder = _recorder(request)
    if recorder is None or result.page != 1 or not (query.strip() or filters.active()):
        return
    try:
        if not source:
            live = request.headers.get("x-kmhub-partial") == "results"
            source = "live" if live else "page"
        cosine = request.app.state.settings.insights_loose_cosine
        recorder.record(
            search_event(recorder.now(), query, filters.checked(), result, source, cosine)
        )
    except Exception as exc:  # insights never change a search response
        log.warning("insights: search not recorded (%s)", exc)


def note_open(request: Request, case_id: str) -> None:
    """Record a case page view, with the search it came from when the Referer shows one."""
    recorder = _recorder(request)
    if recorder is None:
        return
    try:
        referer = urlsplit(request.headers.get("referer", ""))
        query = ""
        if referer.netloc == request.url.netloc and referer.path == "/":
            query = parse_qs(referer.query).get("q", [""])[0][:500]
        recorder.record(OpenEvent(recorder.now(), case_id, query))
    except Exception as exc:
        log.warning("insights: case view not recorded (%s)", exc)


def note_pack(request: Request, case_ids: Iterable[str]) -> None:
    recorder = _recorder(request)
    if recorder is not None:
        recorder.record(PackEvent(recorder.now(), tuple(case_ids)))


def authorized(request: Request, token: str) -> bool:
    """Whether the request carries the admin token, compared in constant time."""
    expected: str = request.app.state.settings.admin_token
    if not expected:
        return False
    header = request.headers.get("authorization", "")
    given = header[7:].strip() if header.lower().startswith("bearer ") else token
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def insights_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/insights")
    def insights_page(
        request: Request,
        token: Annotated[str, Query(max_length=400)] = "",
        since: Annotated[str, Query(max_length=40)] = "30d",
        format: Literal["html", "json", "csv"] = "html",
    ) -> Response:
        if not authorized(request, token):
            raise StarletteHTTPException(404)  # exactly what an unknown address gets
        recorder = _recorder(request)
        if recorder is not None:
            recorder.flush(timeout=2.0)  # show what was searched a moment ago
        settings: Settings = request.app.state.settings
        now = recorder.now() if recorder else time.time()
        try:
            start = parse_since(since, now)
        except KmhubError:
            since, start = "30d", parse_since("30d", now)
        report = build_report(db_path(settings.index_dir), start, now, searcher_of(request).index)
        if format == "json":
            return JSONResponse(report, headers=PRIVATE)
        if format == "csv":
            return Response(
                report_csv(report), media_type="text/csv; charset=utf-8", headers=PRIVATE
            )
        response = render_page(
            request,
            "insights.html",
            report=report,
            since=since,
            token=token,
            enabled=recorder is not None,
            day_chart=day_chart(report["per_day"]),
            shown_date=shown_date,
        )
        response.headers.update(PRIVATE)
        return response

    return router


def shown_date(iso: str, lang: str) -> str:
    """A stored CE date as the page shows it: '3 พ.ย. 2569' in Thai, '2026-11-03' in English."""
    day = dt.date.fromisoformat(iso[:10])
    return day.isoformat() if lang == "en" else format_thai(day, abbreviated=True)


def day_chart(per_day: list[dict[str, Any]], height: int = 120) -> dict[str, Any]:
    """Column geometry (SVG units) for searches per day, with the searches in vain inside."""
    biggest = max((d["searches"] for d in per_day), default=0) or 1
    width = 12
    columns = []
    for i, day in enumerate(per_day):
        h = round(height * day["searches"] / biggest, 1)
        g = round(height * day["gaps"] / biggest, 1)
        columns.append(
            {
                **day,
                "x": i * width + 1,
                "w": width - 2,
                "y": height - h,
                "h": h,
                "gy": height - g,
                "gh": g,
            }
        )
    return {"width": max(1, len(per_day)) * width, "height": height, "columns": columns}


def install(app: FastAPI, settings: Settings) -> None:
    """The recorder on `app.state.insights` (None when off) and the /insights page."""
    app.state.insights = make_recorder(settings)
    app.include_router(insights_router())
