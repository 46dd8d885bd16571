"""The read-only JSON API and the app factory that joins it with the web pages."""

import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request

from kmhub import __version__, webdata
from kmhub.api_errors import install_error_handlers
from kmhub.api_models import (
    CaseDetail,
    CaseList,
    CountsResponse,
    ErrorBody,
    Health,
    SearchResponse,
    SimilarResponse,
)
from kmhub.encoders import Encoder
from kmhub.http_guard import GuardMiddleware
from kmhub.problems import IndexMissingError, QueryError
from kmhub.search import Filters, Searcher
from kmhub.service import LiveSearcher
from kmhub.settings import Settings

Mode = Literal["lexical", "dense", "hybrid"]
Level = Literal["community", "organization", "district", "province"]
Network = Literal["government", "business", "education-youth", "religion", "media", "civil-society"]
MAX_PAGE = 1000
ERRORS = {
    404: {"model": ErrorBody, "description": "ไม่พบ / not found"},
    422: {"model": ErrorBody, "description": "ข้อมูลไม่ถูกต้อง / invalid input"},
    503: {"model": ErrorBody, "description": "ยังไม่มีดัชนี / no index built yet"},
}


def searcher_of(request: Request) -> Searcher:
    """The current Searcher: LiveSearcher swaps in a new build when index/CURRENT changes."""
    live: LiveSearcher = request.app.state.live
    return live.get()


def filters_of(
    province: Annotated[
        str | None, Query(max_length=80, description="จังหวัด (ชื่อไทย ชื่อย่อ หรือชื่ออังกฤษ)")
    ] = None,
    level: Annotated[Level | None, Query(description="ระดับ / level")] = None,
    network: Annotated[Network | None, Query(description="เครือข่าย / network")] = None,
    virtue: Annotated[str | None, Query(max_length=80, description="คุณธรรม / virtue")] = None,
    topic: Annotated[str | None, Query(max_length=120, description="หัวข้อ / topic")] = None,
    year_from: Annotated[
        int | None, Query(ge=1900, le=2700, description="ปี ค.ศ. หรือ พ.ศ. / CE or BE year")
    ] = None,
    year_to: Annotated[int | None, Query(ge=1900, le=2700, description="CE or BE year")] = None,
) -> Filters:
    """Filter query parameters, checked (province aliases resolved, BE years made CE)."""
    checked = Filters(province, level, network, virtue, topic, year_from, year_to).checked()
    if checked.year_from and checked.year_to and checked.year_from > checked.year_to:
        raise QueryError("ปีเริ่มต้องไม่มากกว่าปีสิ้นสุด", "year_from must not be after year_to")
    return checked


SearcherDep = Annotated[Searcher, Depends(searcher_of)]
FiltersDep = Annotated[Filters, Depends(filters_of)]


def api_router(settings: Settings) -> APIRouter:
    """Every /api route; bounds come from the settings so one object configures everything."""
    router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)
    PageSize = Annotated[int | None, Query(ge=1, le=settings.max_page_size)]
    PageNo = Annotated[int, Query(ge=1, le=MAX_PAGE)]

    @router.get("/search", response_model=SearchResponse, summary="ค้นหา / search cases")
    def search(
        searcher: SearcherDep,
        filters: FiltersDep,
        q: Annotated[str, Query(max_length=settings.max_query_chars, description="คำค้น")] = "",
        mode: Mode | None = None,
        page: PageNo = 1,
        page_size: PageSize = None,
    ) -> dict:
        """Hybrid search (lexical + dense) with facet counts; an empty `q` lists newest first."""
        result = searcher.search(q, mode=mode, filters=filters, page=page, page_size=page_size)
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
        found = webdata.similar_cases(searcher.index, case_id, k)
        if found is None:
            raise _not_found(case_id)
        return {"case_id": case_id, "similar": found}

    @router.get("/facets", response_model=CountsResponse, summary="ตัวกรองและจำนวน / facets")
    def facets(searcher: SearcherDep, filters: FiltersDep) -> dict:
        """Facet values with counts over the cases passing the filters (all cases by default)."""
        rows = [r for r in searcher.index.cases if filters.accepts(r)]
        return {"total": len(rows), "counts": webdata.counts(rows)}

    @router.get("/stats", response_model=CountsResponse, summary="สถิติ / statistics")
    def stats(searcher: SearcherDep) -> dict:
        """Counts of all cases by province, region, network, level, year, virtue and topic."""
        index = searcher.index
        return {"total": len(index.cases), "counts": webdata.counts(index.cases)}

    return router


def _not_found(case_id: str) -> HTTPException:
    shown = case_id[:80]
    return HTTPException(404, {"th": f"ไม่พบกรณีศึกษา '{shown}'", "en": f"no case '{shown}'"})


def health_router() -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/healthz", response_model=Health, responses={503: {"model": Health}})
    def healthz(request: Request) -> Health:
        """The active index build, from its manifest; 503 while no index exists."""
        from fastapi.responses import JSONResponse

        try:
            index = searcher_of(request).index
        except IndexMissingError:
            return JSONResponse({"status": "no-index"}, status_code=503)  # type: ignore[return-value]
        m = index.manifest
        return Health(
            status="ok",
            build=index.build_dir.name,
            case_count=m.get("case_count", 0),
            passage_count=m.get("passage_count", 0),
            encoder=m.get("encoder", {}).get("name", ""),
            built_at=m.get("built_at", ""),
            content_hash=m.get("content_hash", ""),
            kmhub_version=m.get("kmhub_version", ""),
        )

    return router


def create_app(settings: Settings, encoder: Encoder | None = None) -> FastAPI:
    """A new app for these settings; all state lives on `app.state`, none in this module."""
    from kmhub import pack_api, pages  # both import searcher_of from here

    live = LiveSearcher(settings, encoder)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Load index and encoder before the first request, when there is an index.
        with contextlib.suppress(IndexMissingError):
            live.get()
        yield

    app = FastAPI(
        title="kmhub API",
        version=__version__,
        description="คลังความรู้จังหวัดคุณธรรม (อ่านอย่างเดียว) / moral-province lessons, read-only",
        docs_url=None,  # served by pages.docs_page from local files, not a CDN
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.live = live
    app.add_middleware(GuardMiddleware)
    install_error_handlers(app)
    app.include_router(health_router())
    app.include_router(api_router(settings))
    pages.install(app, settings)
    app.include_router(pack_api.router)
    return app
