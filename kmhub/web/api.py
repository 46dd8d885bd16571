"""The read-only JSON API: search, cases, similar cases, facets, statistics and health."""

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse

from kmhub.errors import IndexMissingError, KmhubError
from kmhub.search import views as webdata
from kmhub.search.facets import count_facets
from kmhub.settings import Settings
from kmhub.web.deps import (
    ERRORS,
    MAX_PAGE,
    FiltersDep,
    LiteralParam,
    ModeParam,
    SearcherDep,
    searcher_of,
)
from kmhub.web.insights_routes import note_search
from kmhub.web.models import (
    CaseDetail,
    CaseList,
    CountsResponse,
    Health,
    SearchResponse,
    SimilarResponse,
)


def api_router(settings: Settings) -> APIRouter:
    """Every /api route; bounds come from the settings so one object configures everything."""
    router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)
    PageSize = Annotated[int | None, Query(ge=1, le=settings.max_page_size)]
    PageNo = Annotated[int, Query(ge=1, le=MAX_PAGE)]

    @router.get("/search", response_model=SearchResponse, summary="ค้นหา / search cases")
    def search(
        request: Request,
        searcher: SearcherDep,
        filters: FiltersDep,
        q: Annotated[str, Query(max_length=settings.max_query_chars, description="คำค้น")] = "",
        mode: ModeParam = None,
        page: PageNo = 1,
        page_size: PageSize = None,
        literal: LiteralParam = None,
    ) -> dict:
        """Hybrid search (lexical + dense) with facet counts; an empty `q` lists newest first.

        Places, regions and years named in `q` become filters, networks and levels a boost,
        and an unknown word is corrected; `interpreted` says what was done (`literal` undoes it).
        `total` and the facets count the results; cases that share only a common word with
        the query are listed apart in `loosely_related`."""
        result = searcher.search(
            q, mode=mode, filters=filters, page=page, page_size=page_size, literal=literal
        )
        note_search(request, q, filters, result, "api")
        return webdata.result_dict(result)

    @router.get("/cases", response_model=CaseList, summary="รายการกรณี / browse cases")
    def cases(
        searcher: SearcherDep,
        filters: FiltersDep,
        sort: Literal["date", "title"] = "date",
        order: Literal["asc", "desc"] | None = None,
        page: PageNo = 1,
        page_size: PageSize = None,
    ) -> dict:
        """Cases passing the filters, by date (newest first) or title (A-Z / ก-ฮ) by default."""
        order = order or ("desc" if sort == "date" else "asc")
        size = page_size or settings.page_size
        listed = webdata.list_cases(searcher.index, filters, sort, order == "desc", page, size)
        return {**listed.__dict__, "sort": sort, "order": order}

    @router.get("/cases/{case_id}", response_model=CaseDetail, summary="กรณีศึกษา / one case")
    def case(searcher: SearcherDep, case_id: str) -> dict:
        detail = webdata.case_detail(searcher.index, case_id)
        if detail is None:
            raise _not_found(case_id)
        return detail

    @router.get("/cases/{case_id}/similar", response_model=SimilarResponse, summary="กรณีคล้ายกัน")
    def similar(
        searcher: SearcherDep,
        case_id: str,
        k: Annotated[int, Query(ge=1, le=webdata.SIMILAR_MAX)] = 5,
    ) -> dict:
        """The nearest cases by their case vectors (mean of passage embeddings)."""
        found = webdata.similar_cases(searcher.index, case_id, k, searcher.vocabulary)
        if found is None:
            raise _not_found(case_id)
        return {"case_id": case_id, "similar": found}

    @router.get("/facets", response_model=CountsResponse, summary="ตัวกรองและจำนวน / facets")
    def facets(searcher: SearcherDep, filters: FiltersDep) -> dict:
        """Facet values with counts over the cases passing the filters (all cases by default)."""
        rows = [r for r in searcher.index.cases if filters.accepts(r)]
        return {"total": len(rows), "counts": count_facets(rows)}

    @router.get("/stats", response_model=CountsResponse, summary="สถิติ / statistics")
    def stats(searcher: SearcherDep) -> dict:
        """Counts of all cases by province, region, network, level, year, virtue and topic."""
        index = searcher.index
        return {"total": len(index.cases), "counts": count_facets(index.cases)}

    return router


def _not_found(case_id: str) -> HTTPException:
    shown = case_id[:80]
    return HTTPException(404, {"th": f"ไม่พบกรณีศึกษา '{shown}'", "en": f"no case '{shown}'"})


def health_router() -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/healthz", response_model=Health, responses={503: {"model": Health}})
    def healthz(request: Request) -> Health:
        """The build being served, checked by a real search; 503 when none can answer."""
        live = request.app.state.live
        try:
            searcher = searcher_of(request)
        except KmhubError as exc:
            status = "no-index" if isinstance(exc, IndexMissingError) else "failing"
            body = Health(status=status, message_th=exc.thai, message_en=exc.english)
            return JSONResponse(body.model_dump(), status_code=503)  # type: ignore[return-value]
        index = searcher.index
        m = index.manifest
        health = Health(
            status="ok",
            build=index.build_dir.name,
            case_count=m.get("case_count", 0),
            passage_count=m.get("passage_count", 0),
            encoder=m.get("encoder", {}).get("name", ""),
            built_at=m.get("built_at", ""),
            content_hash=m.get("content_hash", ""),
            kmhub_version=m.get("kmhub_version", ""),
            failed_build=live.failed,
            fallback=live.fallback,
        )
        try:
            # A real hybrid search (encoder, vectors, BM25, metadata) for a title it must find.
            probe = index.cases[0].title[:100] if index.cases else "ทดสอบ"
            health.probe_hits = searcher.search(probe, page_size=1).total
            if index.cases and health.probe_hits == 0:
                raise RuntimeError("the test search found nothing")
        except Exception as exc:  # a health check reports, it does not raise
            health.status = "failing"
            health.message_en = f"test search failed: {exc!r}"
            health.message_th = "การทดลองค้นหาไม่สำเร็จ"
            return JSONResponse(health.model_dump(), status_code=503)  # type: ignore[return-value]
        return health

    return router
