"""HTTP routes of workshop packs: /api/pack (GET and POST), /api/pack/suggest and /workshop."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from kmhub.packs.model import (
    MAX_CASES,
    MAX_NOTE_CHARS,
    MAX_TITLE_CHARS,
    Pack,
    PackError,
    UnknownCasesError,
    build_pack,
    make_meta,
    parse_ids,
)
from kmhub.packs.suggest import DEFAULT_LAMBDA, DEFAULT_SIZE, WEAK, match_strengths, suggest
from kmhub.web.deps import searcher_of
from kmhub.web.handout import MEDIA_TYPES, PACK_CSP, render
from kmhub.web.insights_routes import note_pack
from kmhub.web.renders import RenderPool, render_pack
from kmhub.web.templating import render_page

Format = Literal["html", "pdf", "docx"]
PACK_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "ไฟล์ชุดอบรม / the pack file",
        "content": {media: {} for media in MEDIA_TYPES.values()},
    },
    404: {"description": "ไม่พบกรณีบางรหัส (ระบุรหัส) / unknown case ids, named"},
    422: {"description": "เกิน 30 กรณี ชื่อยาวเกิน ฯลฯ / too many cases, over-long text, bad date"},
    503: {
        "description": "กำลังสร้างไฟล์อื่นอยู่ หรือใช้เวลานานเกิน (ดู Retry-After) หรือเครื่องนี้ไม่มี Pango"
        " สำหรับ PDF / every render slot busy, the render ran out of time (see Retry-After),"
        " or no PDF here because Pango is missing"
    },
}


class PackRequest(BaseModel):
    """The POST form of a pack request: the web page sends this, since notes can be long."""

    ids: list[str] = Field(description="รหัสกรณีตามลำดับ / case ids in order", max_length=200)
    format: Format = "html"
    title: str = ""
    date: str = ""
    audience: str = ""
    trainer: str = ""
    theme: str = ""
    notes: dict[str, str] = Field(default_factory=dict)
    minutes: dict[str, int | str] = Field(
        default_factory=dict, description="นาทีต่อกรณีในกำหนดการ / session minutes per case id"
    )
    download: bool = True


def _json_object(raw: str, kinds: type | tuple[type, ...], thai: str, english: str) -> dict:
    """A query parameter holding a JSON object whose values are all of `kinds` ({} when blank)."""
    if not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = None
    if not isinstance(value, dict) or not all(isinstance(v, kinds) for v in value.values()):
        raise PackError(thai, english)
    return value


def _notes(raw: str) -> dict[str, str]:
    return _json_object(
        raw,
        str,
        'notes ต้องเป็น JSON รูปแบบ {"รหัสกรณี": "บันทึก"}',
        'notes must be a JSON object {"case id": "note text"}',
    )


def _minutes(raw: str) -> dict[str, int | str]:
    return _json_object(
        raw,
        (int, str),
        'minutes ต้องเป็น JSON รูปแบบ {"รหัสกรณี": 30}',
        'minutes must be a JSON object {"case id": 30}',
    )


def _build(request: Request, req: PackRequest) -> Pack:
    """The checked pack; unknown case ids are a 404 that names them."""
    meta = make_meta(req.title, req.date, req.audience, req.trainer, req.theme)
    try:
        ids = parse_ids(req.ids)
        searcher = searcher_of(request)
        unknown = [i for i in ids if i not in searcher.index.case_index]
        if unknown:
            raise UnknownCasesError(unknown)
        # The theme enters the questions only of cases that match it (the suggestion rule).
        strengths = match_strengths(searcher, meta.theme, ids) if meta.theme else {}
        return build_pack(searcher.index, ids, meta, req.notes, req.minutes, strengths)
    except UnknownCasesError as exc:
        raise HTTPException(404, {"th": exc.thai, "en": exc.english}) from exc


async def _pack_response(request: Request, req: PackRequest) -> Response:
    """Build the pack on a thread; render HTML there too, PDF and DOCX in the render pool."""
    pack = await run_in_threadpool(_build, request, req)
    if req.format == "html":
        rendered = await run_in_threadpool(
            render, pack, req.format, request.app.state.handout_jinja
        )
    else:
        pool: RenderPool = request.app.state.renders
        web_dir = request.app.state.settings.web_dir
        rendered = await pool.run(request, render_pack, pack, req.format, web_dir)
        if rendered is None:  # the client left: nobody reads this answer
            return Response(status_code=499)
    note_pack(request, [c.id for c in pack.cases])
    headers = {
        "content-disposition": rendered.content_disposition(
            inline=req.format == "html" and not req.download
        ),
        "cache-control": "no-store",
    }
    if req.format == "html":
        headers["content-security-policy"] = PACK_CSP
    return Response(rendered.content, media_type=rendered.media_type, headers=headers)


def pack_router() -> APIRouter:
    """The pack routes, made anew for each app."""
    router = APIRouter()

    @router.get(
        "/api/pack",
        tags=["workshop"],
        summary="ชุดกรณีสำหรับอบรม / workshop pack",
        response_class=Response,
        responses=PACK_RESPONSES,
    )
    async def pack_get(
        request: Request,
        ids: Annotated[str, Query(description="รหัสกรณีคั่นด้วยจุลภาค / comma-separated case ids")],
        format: Format = "html",
        title: Annotated[str, Query(description=f"ชื่อชุดอบรม (≤ {MAX_TITLE_CHARS})")] = "",
        date: Annotated[
            str,
            Query(description="วันที่อบรม พ.ศ. หรือ ค.ศ. / date in either era: 2568-08-01, 2025-08-01"),
        ] = "",
        audience: str = "",
        trainer: str = "",
        theme: Annotated[str, Query(description="ประเด็น ใช้ตั้งคำถามชวนคิด / theme")] = "",
        notes: Annotated[
            str, Query(description=f'JSON {{"case id": "note"}} (≤ {MAX_NOTE_CHARS} each)')
        ] = "",
        minutes: Annotated[str, Query(description='JSON {"case id": 30}: นาทีต่อกรณี / minutes')] = "",
        download: bool = False,
    ) -> Response:
        """A pack of up to 30 cases as print-ready HTML, PDF or DOCX (Word)."""
        req = PackRequest(
            ids=[ids],  # split and checked with the POST form's ids, in _pack_response
            format=format,
            title=title,
            date=date,
            audience=audience,
            trainer=trainer,
            theme=theme,
            notes=_notes(notes),
            minutes=_minutes(minutes),
            download=download or format != "html",
        )
        return await _pack_response(request, req)

    @router.post(
        "/api/pack",
        tags=["workshop"],
        summary="ชุดกรณีสำหรับอบรม (POST) / workshop pack",
        response_class=Response,
        responses=PACK_RESPONSES,
    )
    async def pack_post(request: Request, body: PackRequest) -> Response:
        """The same pack from a JSON body, for long notes that do not fit in a URL."""
        return await _pack_response(request, body)

    @router.get("/api/pack/suggest", tags=["workshop"], summary="เสนอชุดกรณี / suggest a pack")
    def pack_suggest(
        request: Request,
        q: Annotated[
            str, Query(min_length=1, max_length=500, description="ประเด็นหรือคำค้น / theme or query")
        ],
        n: Annotated[int, Query(ge=1, le=MAX_CASES)] = DEFAULT_SIZE,
        diversity: Annotated[
            float | None,
            Query(ge=0, le=1, description="0 = relevance only, 1 = variety only (default 0.4)"),
        ] = None,
        weak: Annotated[
            bool, Query(description="ขอกรณีที่ตรงน้อยด้วย (แยกไว้) / also list weak matches, apart")
        ] = False,
    ) -> dict[str, Any]:
        """N relevant and varied cases for a theme, by maximal marginal relevance (docs/packs.md).

        Each case carries its match strength (strong / related / weak); weak matches are
        listed apart under "weak", and only when asked for.
        """
        lam = DEFAULT_LAMBDA if diversity is None else 1.0 - diversity
        picked = suggest(searcher_of(request), q, n, lam, include_weak=weak)
        return {
            "query": q,
            "n": n,
            "lambda": lam,
            "cases": [s.to_dict() for s in picked if s.strength != WEAK],
            "weak": [s.to_dict() for s in picked if s.strength == WEAK],
        }

    @router.get("/workshop", include_in_schema=False)
    def workshop_page(request: Request) -> Response:
        """The trainer's workshop list; the list itself lives in the browser (workshop.js)."""
        return render_page(
            request,
            "workshop.html",
            max_cases=MAX_CASES,
            max_title=MAX_TITLE_CHARS,
            max_note=MAX_NOTE_CHARS,
        )

    return router
