"""Open data through the real app: Atom feed, CSV/JSON Lines, DCAT catalogue, sitemap, JSON-LD."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from lxml import etree
from typer.testing import CliRunner

from kmhub.cli import app as cli_app
from kmhub.index.build import build_index
from kmhub.index.store import open_index
from kmhub.opendata.feed import atom_feed, case_urn
from kmhub.opendata.records import Site
from kmhub.opendata.tables import csv_text
from kmhub.web.app import create_app
from tests.web_support import HOSTILE_ID, build_web_corpus, live_markup

ATOM = "{http://www.w3.org/2005/Atom}"
ATOM_SCHEMA = Path(__file__).parent / "fixtures" / "atom.rng"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, encoder) -> Iterator[TestClient]:
    settings = build_web_corpus(tmp_path_factory.mktemp("opendata"), encoder)
    with TestClient(create_app(settings.with_(insights=False), encoder)) as c:
        yield c


@pytest.fixture(scope="module")
def case_ids(client: TestClient) -> list[str]:
    listed = client.get("/api/cases", params={"page_size": 50}).json()
    return sorted(c["case_id"] for c in listed["cases"])


def check_atom(body: bytes) -> etree._Element:
    """Valid against RFC 4287's schema, plus the appendix's rules a schema cannot say."""
    schema = etree.RelaxNG(etree.parse(str(ATOM_SCHEMA)))
    root = etree.fromstring(body)
    assert schema.validate(root), schema.error_log
    entries = root.findall(f"{ATOM}entry")
    feed_has_author = root.find(f"{ATOM}author") is not None
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(ids) == len(set(ids))
    for entry in entries:
        assert feed_has_author or entry.find(f"{ATOM}author") is not None
        alternates = [
            link
            for link in entry.findall(f"{ATOM}link")
            if link.get("rel", "alternate") == "alternate"
        ]
        assert len(alternates) == 1
        # atom:content is absent, so the entry must carry a summary (RFC 4287, 4.1.1.1).
        assert entry.findtext(f"{ATOM}summary")
        dt.datetime.fromisoformat(entry.findtext(f"{ATOM}updated") or "")
    return root


def test_the_schema_refuses_a_broken_feed() -> None:
    schema = etree.RelaxNG(etree.parse(str(ATOM_SCHEMA)))
    feed = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:x</id>'
        "<updated>{}</updated></feed>"
    )
    assert schema.validate(etree.fromstring(feed.format("2024-01-01T00:00:00Z")))
    assert not schema.validate(etree.fromstring(feed.format("yesterday")))
    assert not schema.validate(
        etree.fromstring(feed.replace("<id>urn:x</id>", "").format("2024-01-01T00:00:00Z"))
    )


def test_feed_is_valid_atom_with_every_case(client: TestClient, case_ids: list[str]) -> None:
    response = client.get("/feed.xml")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    root = check_atom(response.content)
    entries = root.findall(f"{ATOM}entry")
    assert sorted(e.findtext(f"{ATOM}id") for e in entries) == sorted(case_urn(i) for i in case_ids)
    hostile = next(e for e in entries if e.findtext(f"{ATOM}id") == case_urn(HOSTILE_ID))
    # Markup in a title is text in the feed, not elements.
    assert "<script>" in (hostile.findtext(f"{ATOM}title") or "")
    assert hostile.find(f".//{ATOM}title/*") is None
    link = hostile.find(f"{ATOM}link")
    assert link is not None and link.get("href") == f"http://testserver/cases/{HOSTILE_ID}"


def test_feed_filters_like_search(client: TestClient) -> None:
    root = check_atom(client.get("/feed.xml", params={"network": "religion"}).content)
    listed = client.get("/api/cases", params={"network": "religion", "page_size": 50}).json()
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == listed["total"] >= 2
    for entry in entries:
        assert "religion" in [c.get("term") for c in entry.findall(f"{ATOM}category")]
    english = check_atom(client.get("/feed.xml", params={"province": "Nan", "lang": "en"}).content)
    assert english.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert [e.findtext(f"{ATOM}id") for e in english.findall(f"{ATOM}entry")] == [
        case_urn("fx-nan-alcohol-free-merit")
    ]
    assert client.get("/feed.xml", params={"province": "Atlantis"}).status_code == 422


def test_updated_comes_from_the_build_that_first_saw_the_content(tmp_path: Path, encoder) -> None:
    settings = build_web_corpus(tmp_path, encoder)
    site = Site("https://kmhub.example")

    def updated() -> dict[str, str]:
        root = check_atom(atom_feed(open_index(settings.index_dir), site))
        return {
            e.findtext(f"{ATOM}id") or "": e.findtext(f"{ATOM}updated") or ""
            for e in root.findall(f"{ATOM}entry")
        }

    first = updated()
    # A fresh checkout gives every file a new time; the content, and so `updated`, is the same.
    for path in settings.cases_dir.iterdir():
        os.utime(path, (1.9e9, 1.9e9))
    build_index(settings, encoder=encoder, progress=False)
    assert updated() == first
    time.sleep(1.1)  # times are kept to the second
    changed = settings.cases_dir / "fx-nan-alcohol-free-merit.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n- บทเรียนเพิ่มเติม\n", "utf-8")
    build_index(settings, encoder=encoder, progress=False)
    second = updated()
    assert second.keys() == first.keys()  # ids are stable across builds
    urn = case_urn("fx-nan-alcohol-free-merit")
    assert second[urn] > first[urn]
    assert {k: v for k, v in second.items() if k != urn} == {
        k: v for k, v in first.items() if k != urn
    }


def test_csv_opens_in_excel_and_round_trips_thai(client: TestClient, case_ids: list[str]) -> None:
    response = client.get("/api/export.csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the BOM
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(r["id"] for r in rows) == case_ids
    for row in rows:
        case = client.get(f"/api/cases/{row['id']}").json()
        assert row["title"] == case["title"]
        assert row["summary"] == case["summary"]
        assert row["summary_en"] == case["summary_en"]
        assert row["topics"].split("; ") == case["topics"] or not case["topics"]
        assert row["license"] == case["license"]
    nan = next(r for r in rows if r["id"] == "fx-nan-alcohol-free-merit")
    assert nan["province"] == "น่าน" and nan["province_en"] == "Nan"
    assert int(nan["year_be"]) == int(nan["year"]) + 543
    filtered = client.get("/api/export.csv", params={"network": "religion"}).content
    assert 1 < len(filtered.decode("utf-8-sig").strip().splitlines()) < len(rows) + 1


def test_csv_cells_never_start_a_formula() -> None:
    text = csv_text([{"id": "x", "title": '=HYPERLINK("http://evil")', "topics": ["+1", "ดี"]}])
    row = next(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert row["title"] == '\'=HYPERLINK("http://evil")'
    assert row["topics"] == "'+1; ดี"


def test_jsonl_export_keeps_lists(client: TestClient, case_ids: list[str]) -> None:
    lines = client.get("/api/export.jsonl").text.splitlines()
    records = [json.loads(line) for line in lines]
    assert sorted(r["id"] for r in records) == case_ids
    assert all(isinstance(r["networks"], list) for r in records)


def test_dcat_catalogue_parses_as_rdf_with_required_properties(
    client: TestClient, case_ids: list[str]
) -> None:
    rdflib = pytest.importorskip("rdflib")
    from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

    response = client.get("/catalog.jsonld")
    assert response.headers["content-type"] == "application/ld+json"
    graph = rdflib.Graph().parse(data=response.text, format="json-ld")
    catalogs = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogs) == 1
    catalog = catalogs[0]
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCAT.dataset):
        assert graph.value(catalog, prop) is not None, prop
    assert {t.language for t in graph.objects(catalog, DCTERMS.title)} == {"th", "en"}
    assert graph.value(graph.value(catalog, DCTERMS.publisher), FOAF.name) is not None
    datasets = list(graph.objects(catalog, DCAT.dataset))
    assert set(datasets) == set(graph.subjects(RDF.type, DCAT.Dataset))
    identifiers = {str(graph.value(d, DCTERMS.identifier)) for d in datasets}
    assert identifiers == {*case_ids, "kmhub-cases"}
    for dataset in datasets:
        assert graph.value(dataset, DCTERMS.title) is not None
        assert graph.value(dataset, DCTERMS.description) is not None
        distributions = list(graph.objects(dataset, DCAT.distribution))
        assert distributions
        for dist in distributions:
            assert (dist, RDF.type, DCAT.Distribution) in graph
            assert graph.value(dist, DCAT.accessURL) is not None
            assert graph.value(dist, DCAT.mediaType) is not None
            assert graph.value(dist, DCTERMS.license) is not None  # a licence per case
    nan = next(
        d
        for d in datasets
        if str(graph.value(d, DCTERMS.identifier)) == "fx-nan-alcohol-free-merit"
    )
    licence = graph.value(nan, DCTERMS.license)
    assert str(licence) == "https://creativecommons.org/licenses/by/4.0/"
    landing = str(graph.value(nan, DCAT.landingPage))
    assert landing == "http://testserver/cases/fx-nan-alcohol-free-merit"
    assert client.get(landing.removeprefix("http://testserver")).status_code == 200


def test_sitemap_lists_every_case_page(client: TestClient, case_ids: list[str]) -> None:
    root = etree.fromstring(client.get("/sitemap.xml").content)
    assert root.tag == f"{SITEMAP}urlset"
    locs = [u.findtext(f"{SITEMAP}loc") for u in root.findall(f"{SITEMAP}url")]
    assert {f"http://testserver/cases/{i}" for i in case_ids} <= set(locs)
    assert "http://testserver/browse/province" in locs
    for url in root.findall(f"{SITEMAP}url"):
        dt.datetime.fromisoformat(url.findtext(f"{SITEMAP}lastmod") or "")
    robots = client.get("/robots.txt").text
    assert "Sitemap: http://testserver/sitemap.xml" in robots


def test_case_page_json_ld_is_data_that_cannot_break_out(client: TestClient) -> None:
    html = client.get(f"/cases/{HOSTILE_ID}").text
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    assert "<" not in blocks[0] and ">" not in blocks[0]  # so no `</script>` inside
    data = json.loads(blocks[0])
    assert data["@type"] == "Article" and data["identifier"] == HOSTILE_ID
    assert data["name"].startswith("ชุมชนทดสอบ <script>")  # the text itself survives
    assert data["url"] == f"http://testserver/cases/{HOSTILE_ID}"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert live_markup(html) == []
    assert (
        "script-src 'self'" in client.get(f"/cases/{HOSTILE_ID}").headers["content-security-policy"]
    )


def test_feed_links_on_search_and_browse_pages(client: TestClient) -> None:
    for path in ("/", "/browse", "/browse/province"):
        html = client.get(path).text
        assert 'rel="alternate" type="application/atom+xml" href="/feed.xml"' in html
        assert 'class="feed-link"><a href="/feed.xml"' in html
    filtered = client.get("/", params={"q": "วัด", "network": "religion"}).text
    assert 'href="/feed.xml?network=religion"' in filtered


def test_public_url_setting_makes_links_absolute_to_it(tmp_path: Path, encoder) -> None:
    settings = build_web_corpus(tmp_path, encoder).with_(
        public_url="https://kmhub.example/", insights=False
    )
    with TestClient(create_app(settings, encoder)) as c:
        root = check_atom(c.get("/feed.xml").content)
    link = root.find(f"{ATOM}entry/{ATOM}link")
    assert link is not None and link.get("href", "").startswith("https://kmhub.example/cases/")


def test_export_command_writes_each_format(tmp_path: Path, fixture_index) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli_app,
        [
            "export",
            "--format",
            "csv,jsonl,dcat",
            "--out",
            str(out),
            "--index",
            str(fixture_index.index_dir),
            "--base-url",
            "https://kmhub.example",
        ],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["cases.csv", "cases.jsonl", "catalog.jsonld"]
    assert (out / "cases.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    lines = (out / "cases.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(open_index(fixture_index.index_dir).cases)
    catalog = json.loads((out / "catalog.jsonld").read_text(encoding="utf-8"))
    assert catalog["@id"] == "https://kmhub.example/catalog.jsonld"
    bad = CliRunner().invoke(cli_app, ["export", "--format", "xls", "--out", str(out)])
    assert bad.exit_code != 0
