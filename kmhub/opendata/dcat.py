"""A DCAT catalogue in JSON-LD that CKAN (ckanext-dcat) can harvest: one dataset per case.

Each case is a dcat:Dataset with its own licence, a landing page and two distributions
(the page and its JSON); one more dataset holds the whole collection as CSV, JSON Lines
and the Atom feed. The JSON-LD context is inline, so reading it needs no network.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from kmhub.opendata.feed import SITE_NAME
from kmhub.opendata.records import Site

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
LANGUAGES = {
    "th": "http://publications.europa.eu/resource/authority/language/THA",
    "en": "http://publications.europa.eu/resource/authority/language/ENG",
}
MEDIA = "https://www.iana.org/assignments/media-types/"
COLLECTION_ID = "kmhub-cases"


def _text(thai: str, english: str = "") -> list[dict[str, str]]:
    values = [{"@value": thai, "@language": "th"}] if thai else []
    return values + ([{"@value": english, "@language": "en"}] if english else [])


def _ref(url: str) -> dict[str, str]:
    return {"@id": url}


def _time(value: str) -> dict[str, str]:
    return {"@value": value, "@type": "xsd:dateTime"}


def _distribution(
    uid: str, title: tuple[str, str], url: str, media: str, fmt: str, licence: str
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@id": uid,
        "@type": "dcat:Distribution",
        "dct:title": _text(*title),
        "dcat:accessURL": _ref(url),
        "dcat:downloadURL": _ref(url),
        "dcat:mediaType": _ref(MEDIA + media),
        "dct:format": fmt,
    }
    if licence:
        data["dct:license"] = _ref(licence)
    return data


def catalog(records: list[dict[str, Any]], site: Site) -> dict[str, Any]:
    """The catalogue of `records` (from `case_records`) as a JSON-LD document."""
    publisher: dict[str, Any] = {
        "@id": site.url("/#publisher"),
        "@type": "foaf:Organization",
        "foaf:name": _text(*SITE_NAME),
        "foaf:homepage": _ref(site.url("/")),
    }
    modified = max((r["updated"] for r in records), default="")
    datasets = [_case_dataset(r, site, publisher["@id"]) for r in records]
    datasets.append(_collection(records, site, publisher["@id"], modified))
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@id": site.url("/catalog.jsonld"),
        "@type": "dcat:Catalog",
        "dct:title": _text(*SITE_NAME),
        "dct:description": _text(
            "กรณีศึกษาและบทเรียนจากการขับเคลื่อนจังหวัดคุณธรรม",
            "Case studies and lessons learned from Thailand's moral-province programme",
        ),
        "dct:publisher": publisher,
        "foaf:homepage": _ref(site.url("/")),
        "dct:language": [_ref(LANGUAGES["th"]), _ref(LANGUAGES["en"])],
        "dcat:dataset": datasets,
    }
    if modified:
        data["dct:modified"] = _time(modified)
    return data


def _case_dataset(record: dict[str, Any], site: Site, publisher: str) -> dict[str, Any]:
    case_id = record["id"]
    page = record["url"]
    api = site.url("/api/cases/" + quote(case_id))
    licence = record["license_url"]
    data: dict[str, Any] = {
        "@id": page + "#dataset",
        "@type": "dcat:Dataset",
        "dct:identifier": case_id,
        "dct:title": _text(record["title"], record["title_en"]),
        "dct:description": _text(record["summary"], record["summary_en"]),
        "dcat:keyword": [
            {"@value": k, "@language": "th"} for k in record["virtues"] + record["topics"]
        ],
        "dct:spatial": {
            "@type": "dct:Location",
            "skos:prefLabel": _text(record["province"], record["province_en"]),
        },
        "dct:temporal": {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": {"@value": record["date"], "@type": "xsd:date"},
            "dcat:endDate": {"@value": record["date"], "@type": "xsd:date"},
        },
        "dct:modified": _time(record["updated"]),
        "dct:language": _ref(LANGUAGES.get(record["language"], LANGUAGES["th"])),
        "dct:publisher": _ref(publisher),
        "dcat:landingPage": _ref(page),
        "dcat:distribution": [
            _distribution(
                page + "#html", ("หน้าเว็บ", "Web page"), page, "text/html", "HTML", licence
            ),
            _distribution(
                page + "#json",
                ("ข้อมูล JSON", "JSON record"),
                api,
                "application/json",
                "JSON",
                licence,
            ),
        ],
    }
    if licence:
        data["dct:license"] = _ref(licence)
    return data


def _collection(
    records: list[dict[str, Any]], site: Site, publisher: str, modified: str
) -> dict[str, Any]:
    licences = {r["license_url"] for r in records}
    # One licence for the whole table only when every case has the same one.
    shared = licences.pop() if len(licences) == 1 else ""
    uid = site.url("/catalog.jsonld#" + COLLECTION_ID)
    data: dict[str, Any] = {
        "@id": uid,
        "@type": "dcat:Dataset",
        "dct:identifier": COLLECTION_ID,
        "dct:title": _text("กรณีศึกษาจังหวัดคุณธรรมทั้งหมด", "All moral-province case studies"),
        "dct:description": _text(
            f"ข้อมูลและสรุปของกรณีศึกษา {len(records)} กรณี (ไทยและอังกฤษ) สัญญาอนุญาตตามที่ระบุในแต่ละกรณี",
            f"Metadata and summaries of {len(records)} case studies in Thai and English;"
            " each case carries its own licence.",
        ),
        "dct:publisher": _ref(publisher),
        "dcat:landingPage": _ref(site.url("/browse")),
        "dct:hasPart": [_ref(r["url"] + "#dataset") for r in records],
        "dcat:distribution": [
            _distribution(
                uid + "-csv",
                ("ตาราง CSV", "CSV table"),
                site.url("/api/export.csv"),
                "text/csv",
                "CSV",
                shared,
            ),
            _distribution(
                uid + "-jsonl",
                ("JSON Lines", "JSON Lines"),
                site.url("/api/export.jsonl"),
                "application/jsonl",
                "JSONL",
                shared,
            ),
            _distribution(
                uid + "-atom",
                ("ฟีด Atom", "Atom feed"),
                site.url("/feed.xml"),
                "application/atom+xml",
                "Atom",
                shared,
            ),
        ],
    }
    if modified:
        data["dct:modified"] = _time(modified)
    if shared:
        data["dct:license"] = _ref(shared)
    return data
