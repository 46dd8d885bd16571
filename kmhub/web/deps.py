"""Request dependencies shared by the API and the pages: the live searcher and checked filters."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Query, Request

from kmhub.search.filters import Filters
from kmhub.search.live import LiveSearcher
from kmhub.search.searcher import Searcher
from kmhub.search.understand import LITERAL_KINDS
from kmhub.settings import SEARCH_MODES
from kmhub.text import vocab
from kmhub.web.models import ErrorBody

MAX_PAGE = 1000
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "ไม่พบ / not found"},
    422: {"model": ErrorBody, "description": "ข้อมูลไม่ถูกต้อง / invalid input"},
    503: {"model": ErrorBody, "description": "ยังไม่มีดัชนี / no index built yet"},
}
# What the server itself may answer on any operation, always with the same JSON body.
SERVER_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "คำขอ HTTP ผิดรูปแบบ / malformed HTTP request"},
    404: {"model": ErrorBody, "description": "ไม่พบ / not found"},
    405: {"model": ErrorBody, "description": "วิธีเรียกไม่รองรับ (ดู Allow) / method not allowed"},
    408: {"model": ErrorBody, "description": "ส่งคำขอช้าเกินไป / request not received in time"},
    413: {"model": ErrorBody, "description": "เนื้อหาคำขอใหญ่เกิน / request body too large"},
    414: {"model": ErrorBody, "description": "URL ยาวเกิน / URL too long"},
    422: {"model": ErrorBody, "description": "ข้อมูลไม่ถูกต้อง / invalid input"},
    500: {"model": ErrorBody, "description": "ข้อผิดพลาดภายใน (Connection: close)"},
    503: {"model": ErrorBody, "description": "ไม่พร้อมหรือมีผู้ใช้มาก (Retry-After) / busy"},
}


def enum_of(values: Any) -> dict[str, Any]:
    """OpenAPI `enum` for an optional parameter whose values come from a registry (vocab, modes).

    The enum sits beside the schema's `anyOf: [string, null]`, so it lists null too.
    """
    return {"enum": [*values, None]}


def searcher_of(request: Request) -> Searcher:
    """The current Searcher: LiveSearcher swaps in a new build when index/CURRENT changes."""
    live: LiveSearcher = request.app.state.live
    return live.get()


def filters_of(
    province: Annotated[
        str | None, Query(max_length=80, description="จังหวัด (ชื่อไทย ชื่อย่อ หรือชื่ออังกฤษ)")
    ] = None,
    level: Annotated[
        str | None,
        Query(max_length=40, description="ระดับ / level", json_schema_extra=enum_of(vocab.LEVELS)),
    ] = None,
    network: Annotated[
        str | None,
        Query(
            max_length=40,
            description="เครือข่าย / network",
            json_schema_extra=enum_of(vocab.NETWORKS),
        ),
    ] = None,
    virtue: Annotated[str | None, Query(max_length=80, description="คุณธรรม / virtue")] = None,
    topic: Annotated[str | None, Query(max_length=120, description="หัวข้อ / topic")] = None,
    year_from: Annotated[
        int | None, Query(ge=1900, le=2700, description="ปี ค.ศ. หรือ พ.ศ. / CE or BE year")
    ] = None,
    year_to: Annotated[int | None, Query(ge=1900, le=2700, description="CE or BE year")] = None,
    region: Annotated[
        str | None,
        Query(max_length=40, description="ภาค / region (ภาคเหนือ, ภาคอีสาน, North, Isan ...)"),
    ] = None,
) -> Filters:
    """Filter query parameters, checked by `Filters.checked` (the one place of query rules)."""
    return Filters(province, level, network, virtue, topic, year_from, year_to, region).checked()


LiteralParam = Annotated[
    str | None,
    Query(
        max_length=80,
        description="ไม่ตีความคำเหล่านี้ / kinds to leave as plain words:"
        f" {','.join(LITERAL_KINDS)} or all",
    ),
]


ModeParam = Annotated[
    str | None,
    Query(
        max_length=20,
        description="lexical | dense | hybrid",
        json_schema_extra=enum_of(SEARCH_MODES),
    ),
]
SearcherDep = Annotated[Searcher, Depends(searcher_of)]
FiltersDep = Annotated[Filters, Depends(filters_of)]
