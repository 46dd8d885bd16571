"""sitemap.xml (sitemaps.org 0.9): the site's listing pages and every case page."""

from __future__ import annotations

from lxml import etree

from kmhub.index.store import SearchIndex
from kmhub.opendata.records import Site, built_at, updated_times

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap(index: SearchIndex, site: Site, pages: list[str]) -> bytes:
    """`pages` (site paths) and every case page, cases dated by their last content change."""
    updated = updated_times(index)
    newest = max(updated.values(), default=built_at(index))
    root = etree.Element(f"{{{NS}}}urlset", nsmap={None: NS})
    for path in pages:
        _url(root, site.url(path), newest)
    for row in sorted(index.cases, key=lambda r: r.id):
        _url(root, site.case_url(row.id), updated[row.id])
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _url(root: etree._Element, loc: str, lastmod: str) -> None:
    entry = etree.SubElement(root, f"{{{NS}}}url")
    etree.SubElement(entry, f"{{{NS}}}loc").text = loc
    if lastmod:
        etree.SubElement(entry, f"{{{NS}}}lastmod").text = lastmod
