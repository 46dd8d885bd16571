"""The web UI in real headless Chromium (Playwright), against a server on 127.0.0.1."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from kmhub.web.app import create_app
from kmhub.web.testing import background_server
from tests.web_support import HOSTILE_ID, build_web_corpus, live_markup

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(browser, tmp_path_factory: pytest.TempPathFactory, encoder) -> Iterator[str]:
    settings = build_web_corpus(tmp_path_factory.mktemp("browser"), encoder)
    with background_server(create_app(settings, encoder)) as base:
        yield base


@pytest.fixture
def page(browser, base_url: str):
    context = browser.new_context(base_url=base_url, viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


def test_type_thai_query_open_case_then_similar(page) -> None:
    page.goto("/")
    page.get_by_label("คำค้น").press_sequentially("งานบุญปลอดเหล้า", delay=20)
    # Results arrive while typing (no Enter): the live search replaced the list.
    first = page.locator(".hit-title a").first
    first.wait_for()
    page.wait_for_url(re.compile(r"q=%E0"))
    assert "บ้านห้วยทดสอบ" in first.inner_text()
    assert page.locator(".hit mark").count() >= 1
    first.click()
    page.wait_for_url("**/cases/fx-nan-alcohol-free-merit")
    assert "งานบุญปลอดเหล้า" in page.locator("h1").inner_text()
    assert page.locator("section.lessons h2").inner_text().strip() == "บทเรียน"
    similar = page.locator(".similar-list a")
    assert similar.count() == 5
    target = similar.first.get_attribute("href")
    similar.first.click()
    page.wait_for_url(f"**{target}")
    assert page.locator("h1").is_visible()


def test_filter_by_a_facet(page) -> None:
    page.goto("/?q=ชุมชน")
    religion = page.locator("#facet-network ~ ul a", has_text="ภาคศาสนา")
    religion.click()
    page.wait_for_url(re.compile(r"network=religion"))
    metas = page.locator(".hit-meta").all_inner_texts()
    assert metas and all("ภาคศาสนา" in meta for meta in metas)
    assert page.locator(".chips .chip").first.is_visible()  # the active filter, removable


def test_english_mode(page) -> None:
    page.goto("/cases/fx-pattani-mosque-garden")
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/cases/fx-pattani-mosque-garden")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "A mosque that grows a community garden"
    assert page.get_by_role("navigation", name="Main menu").is_visible()
    page.goto("/")  # the choice is remembered
    assert page.locator("#search-heading").inner_text().startswith("Search lessons")
    page.get_by_role("link", name="ภาษาไทย").click()
    page.wait_for_url("**/")
    assert page.locator("html").get_attribute("lang") == "th"


def test_hostile_case_renders_inert(page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"/cases/{HOSTILE_ID}")
    assert "<script>" in page.locator("h1").inner_text()  # shown as text, not run
    page.goto("/?q=ชาวบ้านรวมกลุ่มทำความดี&lang=en")
    page.wait_for_load_state("load")
    assert page.evaluate("window.xssFired") is None
    assert live_markup(page.content()) == []
    assert dialogs == []


def test_search_works_without_javascript(browser, base_url: str) -> None:
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto("/")
        tab.get_by_label("คำค้น").fill("มัสยิด")
        tab.get_by_role("button", name="ค้นหา").click()
        tab.wait_for_url(re.compile(r"q=%E0"))
        assert tab.locator(".hit-title a").first.inner_text() == "มัสยิดทดสอบ สวนผักของชุมชน"
        tab.locator(".pagination, .hit").first.wait_for()
    finally:
        context.close()


def test_keyboard_reaches_search_and_skip_link(page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    page.keyboard.press("Enter")
    page.goto("/")
    page.get_by_label("คำค้น").focus()
    page.keyboard.type("วิทยุ")
    page.keyboard.press("Enter")
    heading = page.locator("#results-heading")
    heading.wait_for()
    page.locator("#results-heading:focus").wait_for()  # focus moves to the results
    assert "วิทยุ" in heading.inner_text()


def test_phone_layout_has_no_horizontal_scroll(browser, base_url: str) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": 375, "height": 800})
    try:
        tab = context.new_page()
        for url in ("/?q=ชุมชน", "/cases/fx-nan-alcohol-free-merit", "/overview"):
            tab.goto(url)
            width = tab.evaluate("document.documentElement.scrollWidth")
            assert width <= 375, url
    finally:
        context.close()


def test_api_docs_render_from_local_files(page) -> None:
    pytest.importorskip("swagger_ui_bundle", reason="swagger-ui-bundle is not installed")
    outside: list[str] = []
    page.on("request", lambda r: None if "127.0.0.1" in r.url else outside.append(r.url))
    page.goto("/docs")
    page.locator(".opblock-summary-path", has_text="/api/search").first.wait_for()
    assert outside == []  # no CDN, no network beyond the server itself


def test_pages_load_without_console_errors_or_csp_violations(page) -> None:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    for url in ("/?q=ชุมชน", "/cases/fx-chonburi-honest-company", "/browse", "/overview"):
        page.goto(url)
        page.wait_for_load_state("load")
    assert problems == []


def test_live_search_announces_the_count_politely(page) -> None:
    page.goto("/")
    page.get_by_label("คำค้น").fill("มัสยิด")
    status = page.locator("#live-status")
    page.locator("#live-status:not(:empty)").wait_for(state="attached")
    assert "มัสยิด" in status.inner_text() and "กรณี" in status.inner_text()
    assert page.locator("#search-results").get_attribute("aria-live") is None
