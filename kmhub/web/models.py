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


class UnderstoodOut(BaseModel):
    kind: str = Field(description="province | region | year | network | level")
    value: str = Field(description='Canonical value; years in CE: "2021", "2019-2021", "2020-".')
    text: str = Field(description="The words of the query it was read from.")
    start: int
    end: int
    how: str = Field(description="filter | boost | literal | overridden | unmatched")
    label_th: str
    label_en: str


class SpellingOut(BaseModel):
    original: str
    query: str = Field(description="The query with unknown words replaced.")
    changes: list[dict[str, str]]
    applied: bool = Field(description="Whether the search used the corrected words.")


class Interpreted(BaseModel):
    query: str
    words: str = Field(description="What was searched as words (understood filters removed).")
    terms: list[str] = []
    found: list[UnderstoodOut] = []
    spelling: SpellingOut | None = None


class SearchResponse(BaseModel):
    query: str
    mode: str
    total: int
    page: int
    page_size: int
    pages: int
    took_ms: float
    results: list[SearchHit] = Field(description="The results; `total` counts these.")
    facets: dict[str, list[FacetValue]] = Field(description="Counts over the results.")
    loosely_related: list[SearchHit] = Field(
        default_factory=list,
        description="เกี่ยวข้องน้อย: cases sharing only a common word, after the last page.",
    )
    loose_total: int = 0
    interpreted: Interpreted | None = Field(
        default=None, description="What the query was read as: chips, corrected spelling."
    )


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
    score: float = Field(
        description="Half the cosine of the two case vectors, half the share of key words held."
    )


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
