"""The Atom feed of new and updated cases (feedgen), for any filters search accepts."""

from __future__ import annotations

import re
import uuid
from dataclasses import asdict
from typing import Any
from urllib.parse import urlencode

from feedgen.feed import FeedGenerator

from kmhub import __version__
from kmhub.index.store import SearchIndex
from kmhub.opendata.records import Site, built_at, licence_url, selected_rows, updated_times
from kmhub.search.facets import labels
from kmhub.search.filters import Filters
from kmhub.text import places, vocab

# Entry ids are URNs derived from the case id alone, so they survive a change of host name.
ID_NAMESPACE = uuid.UUID("5b1f6c1e-64c4-4a3e-9f59-1f3d0a6e8c21")
LABELLED = ("province", "level", "network")
SITE_NAME = ("คลังความรู้จังหวัดคุณธรรม", "Moral Province Knowledge Hub")
# Characters XML 1.0 cannot hold; a case file could contain them, a feed must not.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def case_urn(case_id: str) -> str:
    """The stable Atom id of a case."""
    return uuid.uuid5(ID_NAMESPACE, "case:" + case_id).urn


def filter_params(filters: Filters) -> dict[str, Any]:
    """The active filters as query parameters, in a fixed order."""
    return {k: v for k, v in asdict(filters).items() if v not in (None, "")}


def atom_feed(
    index: SearchIndex, site: Site, filters: Filters | None = None, lang: str = "th", size: int = 50
) -> bytes:
    """The `size` most recently updated cases passing `filters`, as an Atom document."""
    checked = (filters or Filters()).checked()
    params = filter_params(checked)
    updated = updated_times(index)
    rows = sorted(selected_rows(index, checked), key=lambda r: (updated[r.id], r.id), reverse=True)
    rows = rows[: max(1, size)]
    english = lang == "en"
    query = urlencode({**params, **({"lang": "en"} if english else {})})

    feed = FeedGenerator()
    feed.id(uuid.uuid5(ID_NAMESPACE, "feed:" + urlencode(params)).urn)
    feed.title(_clean(_title(checked, english)))
    feed.subtitle(
        "New and updated case studies"
        if english
        else "กรณีศึกษาที่เพิ่มหรือปรับปรุงล่าสุด / new and updated case studies"
    )
    feed.author({"name": SITE_NAME[1] if english else SITE_NAME[0]})
    feed.link(href=site.url("/feed.xml" + ("?" + query if query else "")), rel="self")
    feed.link(href=site.url("/" + ("?" + query if query else "")), rel="alternate")
    feed.language("en" if english else "th")
    feed.generator("kmhub", version=__version__)
    feed.updated(max((updated[r.id] for r in rows), default=built_at(index)))
    for row in rows:
        doc = index.case_document(row.id) or {}
        entry = feed.add_entry(order="append")
        entry.id(case_urn(row.id))
        entry.title(_clean(row.title_en if english and row.title_en else row.title))
        entry.updated(updated[row.id])
        entry.link(
            href=site.case_url(row.id) + ("?lang=en" if english else ""),
            rel="alternate",
            type="text/html",
        )
        summary = row.summary_en if english and row.summary_en else row.summary
        entry.summary(_clean(summary))
        for person in doc.get("contributors", []):
            if person.get("name"):
                entry.author({"name": _clean(str(person["name"]))})
        licence = str(doc.get("license", ""))
        if licence:
            entry.rights(f"{licence} {licence_url(licence)}")
        for term, scheme, label in _categories(row, site, english):
            entry.category(term=_clean(term), scheme=scheme, label=_clean(label))
    return bytes(feed.atom_str(pretty=True))


def _title(filters: Filters, english: bool) -> str:
    name = SITE_NAME[1] if english else SITE_NAME[0]
    key = "label_en" if english else "label_th"
    shown = [
        labels(facet, str(value))[key] if facet in LABELLED else str(value)
        for facet, value in filter_params(filters).items()
    ]
    return name + (": " + ", ".join(shown) if shown else "")


def _categories(row: Any, site: Site, english: bool) -> list[tuple[str, str, str]]:
    province_label = places.province_en(row.province, row.province) if english else row.province
    out = [(row.province, site.url("/browse/province"), province_label)]
    networks = vocab.NETWORKS_EN if english else vocab.NETWORKS
    out += [(n, site.url("/browse/network"), networks.get(n, n)) for n in row.networks]
    out += [(t, site.url("/browse/topic"), t) for t in row.topics]
    return out


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)
