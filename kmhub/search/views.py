"""What the API and the web pages show, computed once from a loaded index (no HTTP here)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

import numpy as np

from kmhub.cases.body import render_html
from kmhub.cases.citation import Citable, cite
from kmhub.index.store import CaseRow, SearchIndex
from kmhub.search import relevance
from kmhub.search.filters import Filters
from kmhub.search.results import Hit, SearchResult
from kmhub.search.vocabulary import IndexVocabulary
from kmhub.text import analysis, places, vocab
from kmhub.text.thai import to_be_year

SIMILAR_MAX = 20


def snippet_html(snippet: str, matches: list[tuple[int, int]] | list[list[int]]) -> str:
    """The snippet HTML-escaped, with each matched span wrapped in <mark>; safe to insert as HTML."""
    parts: list[str] = []
    position = 0
    for start, end in sorted((int(a), int(b)) for a, b in matches):
        if start < position or end <= start or end > len(snippet):
            continue  # overlapping or out-of-range spans are ignored rather than trusted
        parts.append(escape(snippet[position:start]))
        parts.append(f"<mark>{escape(snippet[start:end])}</mark>")
        position = end
    parts.append(escape(snippet[position:]))
    return "".join(parts)


def hit_dict(hit: Hit) -> dict[str, Any]:
    """A search hit as the API returns it: the CLI's JSON fields plus display helpers."""
    data = hit.to_dict()
    data["matches"] = [list(span) for span in hit.matches]
    data["snippet_html"] = snippet_html(hit.snippet, hit.matches)
    data["year"] = int(hit.date[:4])
    data["year_be"] = to_be_year(data["year"])
    data["section_label_th"] = vocab.SECTION_LABELS_TH.get(hit.section, hit.heading or hit.section)
    data["section_label_en"] = vocab.SECTION_LABELS_EN.get(hit.section, hit.heading or hit.section)
    return data


def result_dict(result: SearchResult) -> dict[str, Any]:
    data = result.to_dict()
    data["results"] = [hit_dict(h) for h in result.hits]
    data["loosely_related"] = [hit_dict(h) for h in result.loose]
    data["pages"] = max(1, -(-result.total // result.page_size))
    return data


def row_dict(row: CaseRow) -> dict[str, Any]:
    """Browse-list form of a case: metadata without the body."""
    return {
        "case_id": row.id,
        "title": row.title,
        "title_en": row.title_en,
        "province": row.province,
        "region": places.region_of(row.province),
        "date": row.date,
        "year": row.year,
        "year_be": to_be_year(row.year),
        "level": row.level,
        "networks": list(row.networks),
        "virtues": list(row.virtues),
        "topics": list(row.topics),
        "summary": row.summary,
        "summary_en": row.summary_en,
    }


@dataclass
class CaseList:
    total: int
    page: int
    page_size: int
    cases: list[dict[str, Any]]


def list_cases(
    index: SearchIndex,
    filters: Filters,
    sort: str = "date",
    descending: bool = True,
    page: int = 1,
    page_size: int = 20,
) -> CaseList:
    checked = filters.checked()
    rows = [r for r in index.cases if checked.accepts(r)]
    if sort == "title":
        rows.sort(key=lambda r: (r.title.casefold(), r.id), reverse=descending)
    else:
        rows.sort(key=lambda r: (r.date, r.id), reverse=descending)
    window = rows[(page - 1) * page_size : page * page_size]
    return CaseList(len(rows), page, page_size, [row_dict(r) for r in window])


# Similar cases mix meaning (case vectors) with shared key words (title, summary, topics):
# the mean of all passage vectors blurs a case, while its topics say what it is about.
SIMILAR_WORD_SHARE = 0.5


def similar_cases(
    index: SearchIndex, case_id: str, k: int = 5, vocabulary: IndexVocabulary | None = None
) -> list[dict[str, Any]] | None:
    """Nearest cases by meaning and by the share of this case's key words they hold, or None
    if the case is unknown; `score` is the mix of the two, each in [0, 1]."""
    idx = index.case_index.get(case_id)
    if idx is None:
        return None
    vectors = np.asarray(index.case_vectors, dtype=np.float32)
    cosine = vectors @ vectors[idx]
    row = index.cases[idx]
    vocabulary = vocabulary or IndexVocabulary(index)
    text = " ".join([row.title, row.summary, *row.topics])
    weights = relevance.key_words(analysis.terms(text), vocabulary, len(index.cases))
    shared = relevance.coverage(np.arange(len(index.cases)), weights, vocabulary)
    scores = (1 - SIMILAR_WORD_SHARE) * cosine + SIMILAR_WORD_SHARE * shared
    scores[idx] = -np.inf  # never the case itself
    order = np.argsort(-scores, kind="stable")[: max(0, min(k, len(index.cases) - 1))]
    return [{**row_dict(index.cases[i]), "score": round(float(scores[i]), 4)} for i in order]


def case_detail(index: SearchIndex, case_id: str) -> dict[str, Any] | None:
    """The whole case for display: metadata, sections with safe HTML, citation text."""
    doc = index.case_document(case_id)
    return None if doc is None else case_view(doc)


def case_view(doc: dict[str, Any]) -> dict[str, Any]:
    """Display form of a stored case document (`Case.to_dict()`); section HTML is made safe here."""
    sections = []
    for s in doc.get("sections", []):
        key = s.get("key", "")
        sections.append(
            {
                "key": key,
                "heading": s.get("heading", ""),
                "label_th": vocab.SECTION_LABELS_TH.get(key, s.get("heading", "")),
                "label_en": vocab.SECTION_LABELS_EN.get(key, s.get("heading", "")),
                "markdown": s.get("markdown", ""),
                "html": render_html(s.get("markdown", "")),
            }
        )
    year = int(doc["year"])
    return {
        "case_id": doc["id"],
        "title": doc["title"],
        "title_en": doc.get("title_en", ""),
        "province": doc["province"],
        "region": places.region_of(doc["province"]),
        "date": doc["date"],
        "date_note": doc.get("date_note", ""),
        "year": year,
        "year_be": to_be_year(year),
        "level": doc["level"],
        "networks": doc.get("networks", []),
        "virtues": doc.get("virtues", []),
        "topics": doc.get("topics", []),
        "organizations": doc.get("organizations", []),
        "contributors": doc.get("contributors", []),
        "sources": doc.get("sources", []),
        "summary": doc.get("summary", ""),
        "summary_en": doc.get("summary_en", ""),
        "language": doc.get("language", "th"),
        "license": doc.get("license", ""),
        "sections": sections,
        "html": render_html(doc.get("body", "")),
        "citation_th": cite_case(doc, "th"),
        "citation_en": cite_case(doc, "en"),
    }


def cite_case(doc: dict[str, Any], lang: str) -> str:
    """The citation of a stored case document (kmhub.cases.citation decides the wording)."""
    people = [c.get("name", "") for c in doc.get("contributors", [])]
    return cite(
        Citable(
            doc["id"],
            doc["title"],
            doc.get("title_en", ""),
            doc["province"],
            int(doc["year"]),
            doc.get("license", ""),
            people,
        ),
        lang,
    )
