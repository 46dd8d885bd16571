"""What one search, case view or pack tells curators; nothing that identifies a person."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from kmhub.search.filters import Filters
from kmhub.search.results import SearchResult
from kmhub.text import analysis, places, thai

_THAI = re.compile("[\u0e00-\u0e7f]")
_LATIN = re.compile("[A-Za-z]")


@dataclass(frozen=True)
class SearchEvent:
    """A search as the request saw it; the writer thread derives the rest."""

    at: float  # seconds since the epoch; stored only to the hour
    query: str
    mode: str
    filters: dict[str, Any]
    total: int
    loose: bool
    source: str  # "page", "live" (typed in the search box) or "api"


@dataclass(frozen=True)
class OpenEvent:
    at: float
    case_id: str
    query: str  # the search the case page was opened from, when the page came from one


@dataclass(frozen=True)
class PackEvent:
    at: float
    case_ids: tuple[str, ...]


Event = SearchEvent | OpenEvent | PackEvent


def search_event(
    at: float, query: str, filters: Filters, result: SearchResult, source: str, loose_below: float
) -> SearchEvent:
    """The event of one search; cheap, since it runs on the request path."""
    active = {k: v for k, v in asdict(filters).items() if v not in (None, "")}
    return SearchEvent(
        at, query, result.mode, active, result.total, is_loose(result, loose_below), source
    )


def is_loose(result: SearchResult, loose_below: float) -> bool:
    """Results found, but the best passage shown is only weakly similar by meaning.

    A best dense cosine under 0.2 marked 1 of the 61 evaluation queries and 145 of 196
    off-topic questions (docs/api.md); lexical-only searches have no cosine and are never loose.
    """
    if result.total == 0:  # nothing counted as a result, only loosely related cases
        return bool(result.loose)
    if not result.hits:
        return False
    cosines = [h.scores["dense"] for h in result.hits if "dense" in h.scores]
    if not cosines and result.mode == "lexical":
        return False
    return max(cosines, default=0.0) < loose_below


def normalize_query(query: str) -> str:
    """The grouping form of a query: kmhub's Thai normalization (NFC, digits, case, spaces)."""
    return thai.normalize(query).strip()


def query_language(query: str) -> str:
    has_thai, has_latin = bool(_THAI.search(query)), bool(_LATIN.search(query))
    if has_thai and has_latin:
        return "mixed"
    return "th" if has_thai else "en" if has_latin else ""


def asked_provinces(filters: dict[str, Any], terms: list[str]) -> list[str]:
    """Provinces a search asked for: its province filter, and province names among its terms."""
    found = [filters["province"]] if filters.get("province") else []
    for term in terms:
        # Two-letter province abbreviations are too easily ordinary syllables.
        province = places.canonical_province(term) if len(term) >= 3 else None
        if province and province not in found:
            found.append(province)
    return found


@lru_cache(maxsize=4096)
def understood_terms(normalized: str) -> tuple[str, ...]:
    """The terms search makes of a query; cached, as people repeat the same queries."""
    return tuple(analysis.terms(normalized)) if normalized else ()


def search_row(event: SearchEvent, hour: int) -> tuple[Any, ...]:
    """The stored row of a search (the slower analysis happens here, off the request path)."""
    normalized = normalize_query(event.query)
    terms = list(understood_terms(normalized))
    return (
        hour,
        normalized,
        query_language(normalized),
        event.mode,
        json.dumps(event.filters, ensure_ascii=False, sort_keys=True),
        json.dumps(asked_provinces(event.filters, terms), ensure_ascii=False),
        str(event.filters.get("network") or ""),
        json.dumps(terms, ensure_ascii=False),
        event.total,
        int(event.loose),
        event.source,
    )
