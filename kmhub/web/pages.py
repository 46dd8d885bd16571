"""Server-rendered HTML pages (Jinja2): search, case, browse, overview, language switch, docs."""

import importlib.util
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from kmhub.errors import DateError, QueryError
from kmhub.search import views as webdata
from kmhub.search.facets import SORTS, count_facets, filter_items, sort_items
from kmhub.search.filters import Filters
from kmhub.search.query import SPELLING
from kmhub.search.searcher import Searcher
from kmhub.search.understand import parse_literal
from kmhub.settings import Settings
from kmhub.text import places
from kmhub.text.dates import read_year
from kmhub.web.deps import searcher_of
from kmhub.web.insights_routes import note_open, note_search
from kmhub.web.templating import (
    FILTER_KEYS,
    LANG_COOKIE,
    LANGS,
    make_environment,
    render_page,
    request_lang,
    url_with,
)
from kmhub.web.thaimap import region_map, region_slug

BROWSE_DIMENSIONS = ("province", "network", "level", "year", "virtue", "topic")
FacetText = Annotated[str, Query(max_length=120)]


def pages_router(settings: Settings) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/", response_class=HTMLResponse)
    def search_page(
        request: Request,
        q: Annotated[str, Query(max_length=settings.max_query_chars)] = "",
        mode: FacetText = "",
        page: Annotated[int, Query(ge=1, le=1000)] = 1,
        province: FacetText = "",
        level: FacetText = "",
        network: FacetText = "",
        virtue: FacetText = "",
        topic: FacetText = "",
        year_from: FacetText = "",
        year_to: FacetText = "",
        facet_sort: FacetText = "",
        region: FacetText = "",
        literal: FacetText = "",
    ) -> Response:
        searcher = searcher_of(request)
        raw = dict(
            province=province,
            level=level,
            network=network,
            virtue=virtue,
            topic=topic,
            region=region,
        )
        params = {"q": q, "mode": mode, **raw, "year_from": year_from, "year_to": year_to}
        # The facet order rides along in every link of the page; "count" is the default.
        params["facet_sort"] = facet_sort if facet_sort in SORTS[1:] else ""
        params["literal"] = literal
        params = {k: v for k, v in params.items() if v}
        context: dict[str, Any] = {"params": params, "q": q, "error": None, "result": None}
        context["understood"], context["spelling"] = [], None
        try:
            filters = Filters(
                **{k: v or None for k, v in raw.items()},
                year_from=read_year(year_from),
                year_to=read_year(year_to),
            )
            result = searcher.search(
                q, mode=mode or None, filters=filters, page=page, literal=literal or None
            )
            note_search(request, q, filters, result)
            context["result"] = webdata.result_dict(result)
            context["understood"] = understood_chips(params, result.interpreted)
            context["spelling"] = spelling_links(params, result.interpreted)
        except (QueryError, DateError) as exc:
            context["error"] = exc
        context["active"] = [(k, params[k]) for k in FILTER_KEYS if k in params]
        context["topics"], context["unfiltered"] = _related(searcher, q, context["result"])
        context["case_count"] = len(searcher.index.cases)
        status = 422 if context["error"] else 200
        partial = request.headers.get("x-kmhub-partial") == "results"
        page_or_part = "_results.html" if partial else "search.html"
        response = render_page(request, page_or_part, status, **context)
        response.headers["Vary"] = (
            "X-Kmhub-Partial"  # a cached fragment must never show as the page
        )
        return response

    @router.get("/cases/{case_id}", response_class=HTMLResponse)
    def case_page(request: Request, case_id: str) -> Response:
        searcher = searcher_of(request)
        index = searcher.index
        case = webdata.case_detail(index, case_id)
        if case is None:
            shown = case_id[:80]
            raise HTTPException(404, {"th": f"ไม่พบกรณีศึกษา '{shown}'", "en": f"no case '{shown}'"})
        similar = webdata.similar_cases(index, case_id, 5, searcher.vocabulary) or []
        note_open(request, case_id)
        return render_page(request, "case.html", case=case, similar=similar)

    @router.get("/browse", response_class=HTMLResponse)
    def browse_index(request: Request) -> Response:
        counts = count_facets(searcher_of(request).index.cases)
        return render_page(request, "browse.html", counts=counts, dims=BROWSE_DIMENSIONS)

    @router.get("/browse/{dimension}", response_class=HTMLResponse)
    def browse_dimension(
        request: Request, dimension: str, sort: FacetText = "count", facet_q: FacetText = ""
    ) -> Response:
        """All values of one facet; `facet_q` narrows the list and `sort` orders it, so a long
        list stays usable without JavaScript."""
        if dimension not in BROWSE_DIMENSIONS:
            raise HTTPException(
                404, {"th": "ไม่มีหมวดนี้", "en": f"no browse page for '{dimension[:40]}'"}
            )
        sort = sort if sort in SORTS else SORTS[0]
        cases = searcher_of(request).index.cases
        counts = count_facets(cases)
        every = counts[dimension]
        items = sort_items(
            dimension, filter_items(dimension, every, facet_q), sort, request_lang(request)
        )
        groups = _province_groups(items) if dimension == "province" else []
        return render_page(
            request,
            "browse_dimension.html",
            dimension=dimension,
            items=items,
            groups=groups,
            total=len(cases),
            values=len(every),
            sort=sort,
            facet_q=facet_q,
        )

    @router.get("/overview", response_class=HTMLResponse)
    def overview(request: Request) -> Response:
        cases = searcher_of(request).index.cases
        counts = count_facets(cases)
        return render_page(
            request, "overview.html", counts=counts, total=len(cases), map=region_map(counts)
        )

    @router.get("/lang/{code}")
    def switch_language(code: str, next: Annotated[str, Query(max_length=2000)] = "/") -> Response:
        """Remember the language in a cookie and go back; works without JavaScript."""
        if code not in LANGS:
            raise HTTPException(404, {"th": "ไม่รองรับภาษานี้", "en": "unsupported language"})
        # Only same-site paths: never an open redirect to another host.
        target = next if next.startswith("/") and not next.startswith(("//", "/\\")) else "/"
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(
            LANG_COOKIE, code, max_age=365 * 86400, httponly=True, samesite="lax", path="/"
        )
        return response

    @router.get("/docs/openapi-3.0.json")
    def docs_schema(request: Request) -> dict[str, Any]:
        """The schema relabelled for the bundled Swagger UI 4, which refuses `openapi: 3.1.x`
        although it renders this schema fine; /openapi.json itself stays truthful."""
        return {**request.app.openapi(), "openapi": "3.0.3"}

    @router.get("/docs", response_class=HTMLResponse)
    def docs(request: Request) -> Response:
        """Swagger UI from local files, plus a plain list of endpoints that needs no script."""
        schema = request.app.openapi()
        swagger = importlib.util.find_spec("swagger_ui_bundle") is not None
        return render_page(request, "docs.html", paths=schema.get("paths", {}), swagger=swagger)

    return router


def understood_chips(params: dict[str, str], interpreted: dict[str, Any] | None) -> list[dict]:
    """What the query was read as, each with the link that switches it off (or on again).

    Plain links, so a chip goes away with one click with or without JavaScript."""
    chips = []
    off = set(parse_literal(params.get("literal")))
    for u in (interpreted or {}).get("found", []):
        kinds = off ^ {u["kind"]}  # toggle this kind only
        link = url_with(params, "/", literal=",".join(sorted(kinds)) or None, page=None)
        chips.append({**u, "href": link})
    return chips


def spelling_links(params: dict[str, str], interpreted: dict[str, Any] | None) -> dict | None:
    """The corrected query, and the link to search either as typed or as corrected."""
    spelling = (interpreted or {}).get("spelling")
    if not spelling:
        return None
    off = set(parse_literal(params.get("literal")))
    if spelling["applied"]:
        kinds = ",".join(sorted(off | {SPELLING}))
        return {**spelling, "href": url_with(params, "/", literal=kinds, page=None)}
    still_off = ",".join(sorted(off - {SPELLING})) or None
    return {
        **spelling,
        "href": url_with(params, "/", q=spelling["query"], literal=still_off, page=None),
    }


def _related(searcher: Searcher, q: str, result: dict[str, Any] | None) -> tuple[list, int]:
    """For a search that found nothing: topics of what the query finds without filters
    (or the most common topics), and how many cases that unfiltered search finds."""
    if result is None or result["total"] > 0:
        return [], 0
    rows = searcher.index.cases
    unfiltered = 0
    if q.strip():
        loose = searcher.search(q, page_size=10)
        unfiltered = loose.total
        found = [rows[searcher.index.case_index[h.case_id]] for h in loose.hits]
        if found:
            return count_facets(found)["topic"][:10], unfiltered
    return count_facets(rows)["topic"][:10], unfiltered


def _province_groups(items: list[dict[str, Any]]) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """Province counts grouped by region, regions in the usual order, each with an id slug
    that links from the overview can point at."""
    by_region: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        by_region.setdefault(places.region_of(item["value"]) or "-", []).append(item)
    order = [*places.REGIONS, "-"]
    return [(r, region_slug(r), by_region[r]) for r in order if r in by_region]


def install(app: FastAPI, settings: Settings) -> None:
    """Templates, static files and the page routes, on this app only."""
    web_dir = Path(settings.web_dir)
    app.state.jinja = make_environment(web_dir)
    app.mount("/static", StaticFiles(directory=str(web_dir / "static")), name="static")
    if importlib.util.find_spec("swagger_ui_bundle") is not None:
        from swagger_ui_bundle import swagger_ui_path

        app.mount("/docs-assets", StaticFiles(directory=swagger_ui_path), name="docs-assets")
    app.include_router(pages_router(settings))
