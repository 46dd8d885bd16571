"""Case records for open data: every indexed case's metadata and summaries, with absolute links."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from kmhub.index.store import CaseRow, SearchIndex
from kmhub.search.filters import Filters
from kmhub.text import places, vocab
from kmhub.text.thai import to_be_year

# Column order of the CSV export; JSON Lines uses the same keys (lists stay lists there).
FIELDS = (
    "id",
    "title",
    "title_en",
    "summary",
    "summary_en",
    "province",
    "province_en",
    "region",
    "region_en",
    "date",
    "year",
    "year_be",
    "level",
    "level_th",
    "level_en",
    "networks",
    "virtues",
    "topics",
    "organizations",
    "contributors",
    "language",
    "license",
    "license_url",
    "url",
    "updated",
)
LIST_FIELDS = ("networks", "virtues", "topics", "organizations", "contributors")

# Licence ids written in case files (SPDX style) and the pages that define them.
LICENCE_URLS = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC-BY-NC-4.0": "https://creativecommons.org/licenses/by-nc/4.0/",
    "CC-BY-NC-SA-4.0": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
}


def licence_url(licence: str) -> str:
    """The defining page of a licence id; unknown ids point at the SPDX list entry."""
    return LICENCE_URLS.get(licence) or f"https://spdx.org/licenses/{quote(licence)}.html"


@dataclass(frozen=True)
class Site:
    """Where the site is published, so that exported links are absolute."""

    base_url: str

    def url(self, path: str = "/") -> str:
        return self.base_url.rstrip("/") + path

    def case_url(self, case_id: str) -> str:
        return self.url("/cases/" + quote(case_id))


def updated_times(index: SearchIndex) -> dict[str, str]:
    """When a build first saw each case's current content (the build time for older builds)."""
    seen = index.first_seen()
    fallback = built_at(index)
    return {row.id: seen.get(row.id, fallback) for row in index.cases}


def updated_time(index: SearchIndex, case_id: str) -> str:
    """`updated_times` of one case."""
    return index.first_seen(case_id).get(case_id) or built_at(index)


def built_at(index: SearchIndex) -> str:
    return str(index.manifest.get("built_at", "1970-01-01T00:00:00+00:00"))


def selected_rows(index: SearchIndex, filters: Filters | None = None) -> list[CaseRow]:
    """The cases passing `filters` (all by default), in id order."""
    checked = (filters or Filters()).checked()
    return sorted((r for r in index.cases if checked.accepts(r)), key=lambda r: r.id)


def case_records(
    index: SearchIndex, site: Site, filters: Filters | None = None
) -> list[dict[str, Any]]:
    """One flat record per case passing `filters`, in id order."""
    updated = updated_times(index)
    records = []
    for row in selected_rows(index, filters):
        doc = index.case_document(row.id) or {}
        records.append(_record(row, doc, updated[row.id], site))
    return records


def _record(row: CaseRow, doc: dict[str, Any], updated: str, site: Site) -> dict[str, Any]:
    licence = str(doc.get("license", ""))
    region = places.region_of(row.province)
    return {
        "id": row.id,
        "title": row.title,
        "title_en": row.title_en,
        "summary": row.summary,
        "summary_en": row.summary_en,
        "province": row.province,
        "province_en": places.province_en(row.province, ""),
        "region": region,
        "region_en": places.REGIONS_EN.get(region, ""),
        "date": row.date,
        "year": row.year,
        "year_be": to_be_year(row.year),
        "level": row.level,
        "level_th": vocab.LEVELS.get(row.level, row.level),
        "level_en": vocab.LEVELS_EN.get(row.level, row.level),
        "networks": list(row.networks),
        "virtues": list(row.virtues),
        "topics": list(row.topics),
        "organizations": [str(o) for o in doc.get("organizations", [])],
        "contributors": [str(c.get("name", "")) for c in doc.get("contributors", [])],
        "language": str(doc.get("language", "th")),
        "license": licence,
        "license_url": licence_url(licence) if licence else "",
        "url": site.case_url(row.id),
        "updated": updated,
    }
