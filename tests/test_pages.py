"""Server-rendered pages in-process: content, language, and hostile text rendered inert."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from starlette.requests import Request

from kmhub.search import views as webdata
from kmhub.web.app import create_app
from kmhub.web.pages import render_page
from tests.web_support import HOSTILE_ID, build_web_corpus, hostile_document, live_markup


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, encoder) -> Iterator[TestClient]:
    settings = build_web_corpus(tmp_path_factory.mktemp("web"), encoder)
    with TestClient(create_app(settings, encoder)) as c:
        yield c


def test_search_page_renders_results_without_javascript(client: TestClient) -> None:
    page = client.get("/", params={"q": "งานบุญปลอดเหล้า"})
    assert page.status_code == 200
    html = page.text
    assert 'href="/cases/fx-nan-alcohol-free-merit"' in html
    assert "<mark>" in html
    assert "2019 (พ.ศ. 2562)" in html
    assert 'class="add-to-workshop" data-case-id="fx-nan-alcohol-free-merit"' in html
    assert '<script src="/static/workshop.js" defer></script>' in html
    assert 'href="/workshop"' in html and "ชุดอบรม / Workshop" in html
    assert 'label for="q"' in html  # the search box has a visible label


def test_partial_results_for_live_search(client: TestClient) -> None:
    part = client.get("/", params={"q": "มัสยิด"}, headers={"X-Kmhub-Partial": "results"})
    assert part.status_code == 200
    assert "<html" not in part.text and "fx-pattani-mosque-garden" in part.text
    assert part.headers["vary"] == "X-Kmhub-Partial"


def test_facet_links_filter_and_can_be_removed(client: TestClient) -> None:
    html = client.get("/", params={"q": "ชุมชน", "network": "religion"}).text
    assert 'aria-current="true"' in html  # the selected facet value is marked
    hits = re.findall(r'<li class="hit">', html)
    assert 1 <= len(hits) <= 3
    assert 'href="/?q=%E0%B8%8A%E0%B8%B8%E0%B8%A1%E0%B8%8A%E0%B8%99"' in html  # clear filters


def test_nothing_found_page_helps(client: TestClient) -> None:
    html = client.get("/", params={"q": "ชุมชน", "province": "น่าน", "level": "province"}).text
    assert "ไม่พบกรณีที่ตรงกับคำค้น" in html
    assert "ลองเอาตัวกรองออก" in html and "หัวข้อที่เกี่ยวข้อง" in html
    assert "/?topic=" in html
    assert "โดยไม่ใช้ตัวกรอง" in html  # the same words without filters do find cases


def test_bad_filter_on_the_page_is_422_with_a_message(client: TestClient) -> None:
    page = client.get("/", params={"q": "x", "year_from": "สองพัน"})
    assert page.status_code == 422
    assert "ไม่ถูกต้อง" in page.text and "is not a year" in page.text
    # Superscript digits pass str.isdigit() but not int(): still a 422, never a 500.
    assert client.get("/", params={"year_to": "2¹"}).status_code == 422


def test_english_mode_shows_english_titles_and_labels(client: TestClient) -> None:
    html = client.get("/cases/fx-pattani-mosque-garden", params={"lang": "en"}).text
    assert '<html lang="en">' in html
    assert "A mosque that grows a community garden" in html
    assert "Lessons learned" in html and "Cite this case" in html
    thai = client.get("/cases/fx-pattani-mosque-garden").text
    assert '<html lang="th">' in thai and "อ้างอิงกรณีนี้" in thai


def test_language_switch_sets_a_cookie_and_never_leaves_the_site(client: TestClient) -> None:
    r = client.get("/lang/en", params={"next": "/browse"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/browse"
    assert "kmhub_lang=en" in r.headers["set-cookie"]
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        r = client.get("/lang/th", params={"next": target}, follow_redirects=False)
        assert r.headers["location"] == "/"
    client.cookies.clear()


def test_case_page_sets_off_lessons_and_lists_similar(client: TestClient) -> None:
    html = client.get("/cases/fx-nan-alcohol-free-merit").text
    assert 'class="case-section section-lessons lessons"' in html
    assert html.count('class="similar-list"') == 1 and html.count('href="/cases/fx-') >= 5
    assert "คลังความรู้จังหวัดคุณธรรม. (2562)" in html


def test_browse_and_overview_pages(client: TestClient) -> None:
    for url in ("/browse", "/browse/province", "/browse/year", "/overview"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert '<svg class="bar"' in page.text
    assert "ภาคใต้" in client.get("/browse/province").text
    assert client.get("/browse/galaxy").status_code == 404
    assert client.get("/cases/nope").status_code == 404


def test_hostile_text_in_allowed_fields_is_escaped(client: TestClient) -> None:
    pages = [
        client.get(f"/cases/{HOSTILE_ID}").text,
        client.get(f"/cases/{HOSTILE_ID}", params={"lang": "en"}).text,
        client.get("/", params={"q": "ชาวบ้านรวมกลุ่มทำความดี"}).text,
    ]
    for html in pages:
        assert HOSTILE_ID in html
        assert live_markup(html) == []
    assert "&lt;script&gt;window.xssFired=1&lt;/script&gt;" in pages[0]
    api = client.get("/api/search", params={"q": "ชาวบ้านรวมกลุ่มทำความดี"}).json()
    hostile = next(r for r in api["results"] if r["case_id"] == HOSTILE_ID)
    assert "<script" not in hostile["snippet_html"] and "<img" not in hostile["snippet_html"]


def test_raw_html_and_javascript_links_render_inert(client: TestClient) -> None:
    # Such a body never passes validation; the display path must defuse it all the same.
    view = webdata.case_view(hostile_document())
    scope = {"type": "http", "path": "/cases/x", "query_string": b"", "headers": []}
    request = Request({**scope, "app": client.app})
    html = render_page(request, "case.html", case=view, similar=[]).body.decode()
    assert live_markup(html) == []
    assert 'href="https://example.org/"' in html  # safe links still work
    assert "&lt;script&gt;window.xssFired=7&lt;/script&gt;" in html
    assert "&lt;img" in html and "&lt;i&gt;org&lt;/i&gt;" in html
    for section in view["sections"]:
        assert live_markup(section["html"]) == []
    # The checker itself notices live markup, so the assertions above can fail.
    assert live_markup('<p><img src=x onerror="y"><a href="javascript:z">a</a></p>') != []
