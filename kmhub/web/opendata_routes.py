"""Open-data routes: the Atom feed, CSV and JSON Lines exports, the DCAT catalogue, the sitemap."""

from __future__ import annotations

import json
from typing import Any, Literal

import jinja2
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import PlainTextResponse, Response
from markupsafe import Markup

from kmhub.opendata.dcat import catalog
from kmhub.opendata.feed import atom_feed
from kmhub.opendata.jsonld import case_jsonld, script_json
from kmhub.opendata.records import Site, case_records, updated_time
from kmhub.opendata.sitemap import sitemap
from kmhub.opendata.tables import csv_text, jsonl_text
from kmhub.settings import Settings
from kmhub.web.deps import FiltersDep, searcher_of
from kmhub.web.pages import BROWSE_DIMENSIONS

FEED_TYPE = "application/atom+xml; charset=utf-8"
# Cached briefly by browsers and harvesters; a new build shows within five minutes.
CACHE = {"cache-control": "public, max-age=300"}


def site_of(request: Request) -> Site:
    """Links point at KMHUB_PUBLIC_URL when set, else at the address the request came to."""
    settings: Settings = request.app.state.settings
    return Site(settings.public_url or str(request.base_url))


def opendata_router(settings: Settings) -> APIRouter:
    router = APIRouter(tags=["open data"])

    @router.get(
        "/feed.xml",
        summary="ฟีด Atom กรณีใหม่และที่ปรับปรุง / Atom feed of new and updated cases",
        response_class=Response,
        responses={200: {"content": {"application/atom+xml": {}}}},
    )
    def feed(request: Request, filters: FiltersDep, lang: Literal["th", "en"] = "th") -> Response:
        """The newest cases first, filtered like search (province, network, topic, ...)."""
        index = searcher_of(request).index
        body = atom_feed(index, site_of(request), filters, lang, settings.feed_size)
        return Response(body, media_type=FEED_TYPE, headers=CACHE)

    @router.get(
        "/api/export.csv",
        summary="ส่งออกตาราง CSV / export as CSV",
        response_class=Response,
        responses={200: {"content": {"text/csv": {}}}},
    )
    def export_csv(request: Request, filters: FiltersDep) -> Response:
        """Case metadata and Thai/English summaries; UTF-8 with a BOM so that Excel reads Thai."""
        records = case_records(searcher_of(request).index, site_of(request), filters)
        return Response(
            csv_text(records).encode("utf-8"),
            media_type="text/csv; charset=utf-8",
            headers={**CACHE, "content-disposition": 'attachment; filename="kmhub-cases.csv"'},
        )

    @router.get(
        "/api/export.jsonl",
        summary="ส่งออก JSON Lines / export as JSON Lines",
        response_class=Response,
        responses={200: {"content": {"application/jsonl": {}}}},
    )
    def export_jsonl(request: Request, filters: FiltersDep) -> Response:
        """The CSV's records, one JSON object per line, lists kept as lists."""
        records = case_records(searcher_of(request).index, site_of(request), filters)
        return Response(
            jsonl_text(records).encode("utf-8"),
            media_type="application/jsonl; charset=utf-8",
            headers=CACHE,
        )

    @router.get(
        "/catalog.jsonld",
        summary="แคตตาล็อก DCAT (JSON-LD) / DCAT catalogue",
        response_class=Response,
        responses={200: {"content": {"application/ld+json": {}}}},
    )
    def dcat_catalog(request: Request) -> Response:
        """A dcat:Catalog with one dcat:Dataset per case, for CKAN harvesting (ckanext-dcat)."""
        site = site_of(request)
        records = case_records(searcher_of(request).index, site)
        body = json.dumps(catalog(records, site), ensure_ascii=False, indent=1)
        return Response(body.encode("utf-8"), media_type="application/ld+json", headers=CACHE)

    @router.get("/sitemap.xml", include_in_schema=False)
    def sitemap_xml(request: Request) -> Response:
        pages = ["/", "/browse", *(f"/browse/{d}" for d in BROWSE_DIMENSIONS), "/overview"]
        body = sitemap(searcher_of(request).index, site_of(request), pages)
        return Response(body, media_type="application/xml", headers=CACHE)

    @router.get("/robots.txt", include_in_schema=False)
    def robots(request: Request) -> Response:
        site = site_of(request)
        lines = ["User-agent: *", "Disallow: /insights", f"Sitemap: {site.url('/sitemap.xml')}"]
        return PlainTextResponse("\n".join(lines) + "\n", headers=CACHE)

    return router


@jinja2.pass_context
def case_jsonld_tag(ctx: Any, case: dict[str, Any]) -> Markup:
    """The schema.org JSON-LD <script> block of a case page (data only: never executed)."""
    request: Request = ctx["request"]
    updated = updated_time(searcher_of(request).index, case["case_id"])
    data = script_json(case_jsonld(case, site_of(request), updated))
    return Markup(f'<script type="application/ld+json">{data}</script>')


def install(app: FastAPI, settings: Settings) -> None:
    """The routes, and the JSON-LD helper for the case page (after `pages.install`)."""
    app.include_router(opendata_router(settings))
    app.state.jinja.globals["case_jsonld"] = case_jsonld_tag
