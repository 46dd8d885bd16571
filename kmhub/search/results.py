"""What a search returns: its hits (a case, the passage shown, its marked words) and the page."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from kmhub.search.facets import FacetCounts


@dataclass
class Hit:
    case_id: str
    title: str
    province: str
    date: str
    level: str
    networks: list[str]
    score: float
    section: str
    snippet: str
    title_en: str = ""
    heading: str = ""
    matches: list[tuple[int, int]] = field(default_factory=list)  # [start, end) in snippet
    terms: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)  # per retriever, for explanation

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SearchResult:
    query: str
    mode: str
    total: int
    page: int
    page_size: int
    hits: list[Hit]
    facets: FacetCounts
    took_ms: float
    # Cases that share only a common word with the query, shown apart after the results.
    loose: list[Hit] = field(default_factory=list)
    loose_total: int = 0
    interpreted: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["results"] = data.pop("hits")
        data["loosely_related"] = data.pop("loose")
        return data

    def case_ids(self) -> list[str]:
        """Case ids in the order a reader meets them: results, then loosely related ones."""
        return [h.case_id for h in self.hits] + [h.case_id for h in self.loose]


def mark_terms(
    spans: list[tuple[int, int, str]], query_terms: list[str]
) -> tuple[list[tuple[int, int]], list[str]]:
    """Character ranges of a passage whose words are query terms (adjacent ones joined), and the terms."""
    wanted = set(query_terms)
    ranges: list[tuple[int, int]] = []
    found: list[str] = []
    for start, end, word in spans:
        if word not in wanted:
            continue
        if ranges and start < ranges[-1][1]:
            pass  # a compound's part shares the whole word's span: marked once
        elif ranges and ranges[-1][1] == start:
            ranges[-1] = (ranges[-1][0], end)
        else:
            ranges.append((start, end))
        if word not in found:
            found.append(word)
    return ranges, found
