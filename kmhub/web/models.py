"""Pydantic response models of the JSON API (they also document it in /docs)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ErrorBody(BaseModel):
    error: str = Field(description="Short machine-readable code, e.g. invalid_request, not_found.")
    message_th: str
    message_en: str
    detail: list[dict[str, Any]] = Field(default_factory=list)


class FacetValue(BaseModel):
    value: str
    count: int
    label_th: str = ""
    label_en: str = ""


class SearchHit(BaseModel):
    case_id: str
    title: str
    title_en: str = ""
    province: str
    date: str
    year: int
    year_be: int
    level: str
    networks: list[str]
    score: float
    section: str
    section_label_th: str
    section_label_en: str
    heading: str = ""
    snippet: str
    snippet_html: str = Field(description="The snippet HTML-escaped, matched words in <mark>.")
    matches: list[list[int]] = Field(description="[start, end) character spans in snippet.")
    terms: list[str] = []
    scores: dict[str, float] = {}


class SearchResponse(BaseModel):
    query: str
    mode: str
    total: int
    page: int
    page_size: int
    pages: int
    took_ms: float
    results: list[SearchHit]
    facets: dict[str, list[FacetValue]]


class CaseSummary(BaseModel):
    case_id: str
    title: str
    title_en: str = ""
    province: str
    region: str
    date: str
    year: int
    year_be: int
    level: str
    networks: list[str]
    virtues: list[str]
    topics: list[str]
    summary: str
    summary_en: str = ""


class SimilarCase(CaseSummary):
    score: float = Field(description="Cosine similarity of the two case vectors.")


class CaseList(BaseModel):
    total: int
    page: int
    page_size: int
    sort: str
    order: str
    cases: list[CaseSummary]


class SectionOut(BaseModel):
    key: str
    heading: str
    label_th: str
    label_en: str
    markdown: str
    html: str = Field(
        description="Safe HTML: raw HTML escaped, only http/https/mailto/relative links."
    )


class CaseDetail(CaseSummary):
    """A whole case: the browse fields plus the body, sources and a citation."""

    date_note: str = ""
    organizations: list[str]
    contributors: list[dict[str, str]]
    sources: list[dict[str, str]]
    language: str
    license: str
    sections: list[SectionOut]
    html: str
    citation_th: str
    citation_en: str


class SimilarResponse(BaseModel):
    case_id: str
    similar: list[SimilarCase]


class CountsResponse(BaseModel):
    total: int
    counts: dict[str, list[FacetValue]]


class Health(BaseModel):
    status: str = Field(description="ok | no-index | failing (503)")
    build: str = ""
    case_count: int = 0
    passage_count: int = 0
    encoder: str = ""
    built_at: str = ""
    content_hash: str = ""
    kmhub_version: str = ""
    probe_hits: int = Field(default=0, description="hits of the test search behind this answer")
    failed_build: dict[str, str] | None = Field(
        default=None,
        description="a newer build that failed its checks and is not served: build, th, en",
    )
    fallback: str | None = Field(
        default=None, description="the older intact build served while CURRENT names a damaged one"
    )
    message_th: str = ""
    message_en: str = ""
