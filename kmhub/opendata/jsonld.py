"""schema.org JSON-LD for a case page, serialized so that it is safe inside a <script> element.

A `<script type="application/ld+json">` block is data that browsers never run, so the
Content-Security-Policy is untouched; but its text ends at the first `</script`, so every
`<`, `>` and `&` of the (contributed) case text is written as a JSON escape.
"""

from __future__ import annotations

import json
from typing import Any

from kmhub.opendata.feed import SITE_NAME
from kmhub.opendata.records import Site, licence_url

_ESCAPES = str.maketrans(
    {
        "<": "\\u003c",
        ">": "\\u003e",
        "&": "\\u0026",
        "\u2028": "\\u2028",  # line separators end a JavaScript string; escaped everywhere
        "\u2029": "\\u2029",
    }
)


def case_jsonld(case: dict[str, Any], site: Site, updated: str = "") -> dict[str, Any]:
    """A schema.org Article for a case (the dict from `views.case_view`)."""
    url = site.case_url(case["case_id"])
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "@id": url,
        "url": url,
        "identifier": case["case_id"],
        "headline": case["title"][:110],
        "name": case["title"],
        "description": case.get("summary", ""),
        "inLanguage": case.get("language", "th"),
        "about": [*case.get("virtues", []), *case.get("topics", [])],
        "keywords": ", ".join([*case.get("virtues", []), *case.get("topics", [])]),
        "spatialCoverage": {"@type": "Place", "name": case["province"]},
        "temporalCoverage": case["date"],
        "publisher": {"@type": "Organization", "name": SITE_NAME[0], "alternateName": SITE_NAME[1]},
        "isPartOf": {"@type": "DataCatalog", "@id": site.url("/catalog.jsonld")},
    }
    if case.get("title_en"):
        data["alternateName"] = case["title_en"]
    if case.get("summary_en"):
        data["abstract"] = case["summary_en"]
    if case.get("license"):
        data["license"] = licence_url(case["license"])
    people = [c for c in case.get("contributors", []) if c.get("name")]
    if people:
        data["author"] = [_person(c) for c in people]
    if updated:
        data["dateModified"] = updated
    return data


def _person(contributor: dict[str, str]) -> dict[str, Any]:
    person: dict[str, Any] = {"@type": "Person", "name": contributor["name"]}
    if contributor.get("affiliation"):
        person["affiliation"] = {"@type": "Organization", "name": contributor["affiliation"]}
    return person


def script_json(data: Any) -> str:
    """JSON text that cannot close or confuse the <script> element it is placed in."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_ESCAPES)
