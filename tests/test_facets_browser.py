"""Long facet lists and the overview map at ninety cases, in real headless Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from kmhub.web.app import create_app
from kmhub.web.testing import background_server
from tests.many_cases import LEFT_OUT, build_many_cases

pytestmark = pytest.mark.browser

# Collects CSP violations the page reports, from before any page script runs.
CSP_WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@pytest.fixture(scope="module")
def base_url(browser, tmp_path_factory: pytest.TempPathFactory, encoder) -> Iterator[str]:
    settings = build_many_cases(tmp_path_factory.mktemp("many-browser"), encoder)
    with background_server(create_app(settings, encoder)) as base:
        yield base


@pytest.fixture
def page(browser, base_url: str):
    context = browser.new_context(base_url=base_url, viewport={"width": 1200, "height": 900})
    context.add_init_script(CSP_WATCH)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: problems.append(str(e)))
    yield tab
    assert problems == []
    context.close()


def test_browse_find_box_narrows_as_one_types(page) -> None:
    page.goto("/browse/province")
    rows = page.locator("#browse-list li[data-terms]")
    assert rows.count() == 62
    page.get_by_label("ค้นหาชื่อจังหวัด").press_sequentially("โคราช", delay=20)
    visible = page.locator("#browse-list li[data-terms]:visible")
    assert visible.all_inner_texts()[0].startswith("นครราชสีมา") and visible.count() == 1
    assert page.locator("#region-northeast").is_visible()
    assert not page.locator("#region-south").is_visible()  # regions with no match fold away
    assert page.locator("#facet-status").inner_text() == "แสดง 1 จาก 62 รายการ"
    assert page.url.endswith("/browse/province")  # narrowed in place, no page load
    page.get_by_label("ค้นหาชื่อจังหวัด").fill("ไม่มีจังหวัดนี้")
    assert page.locator("[data-facet-none]").is_visible()
    page.get_by_label("ค้นหาชื่อจังหวัด").fill("")
    assert visible.count() == 62
    page.get_by_role("link", name="ชื่อ ก–ฮ").click()
    page.wait_for_url(re.compile(r"sort=name"))
    first = page.locator("#region-north li .bar-label").first.inner_text()
    assert first == "กำแพงเพชร"
    assert page.evaluate("window.__csp") == []


def test_search_sidebar_filter_box_survives_live_search(page) -> None:
    page.goto("/")
    box = page.get_by_label("ค้นหาในจังหวัด")
    assert box.is_visible()  # shown once the script runs
    box.fill("chiang")
    matches = page.locator("#facet-body-province li:visible")
    assert matches.count() == 2  # of 62 provinces, two are "Chiang ..."
    assert all("เชียง" in text for text in matches.all_inner_texts())
    details = page.locator("#facet-body-province details")
    assert details.get_attribute("open") is not None
    assert not details.locator("summary").is_visible()  # "More (n)" steps aside while narrowing
    box.fill("")
    assert details.get_attribute("open") is None and details.locator("summary").is_visible()
    assert page.locator("#facet-body-province li:visible").count() == 8
    # A new search replaces the sidebar; the new box works the same way.
    page.get_by_label("คำค้น").fill("ธนาคารความดี")
    page.wait_for_url(re.compile(r"q=%E0"))
    page.locator("#results-heading").filter(has_text="ธนาคารความดี").wait_for()
    again = page.get_by_label("ค้นหาในจังหวัด")
    again.fill("นคร")
    shown = page.locator("#facet-body-province li:visible").all_inner_texts()
    assert shown and all("นคร" in text for text in shown)
    page.locator("#facet-body-province li:visible a").first.click()
    page.wait_for_url(re.compile(r"province=%E0"))
    assert page.locator(".chips .chip").first.is_visible()
    assert page.evaluate("window.__csp") == []


def test_overview_map_is_an_image_with_text_beside_it(page, browser, base_url: str) -> None:
    page.goto("/overview")
    image = page.get_by_role("img", name=re.compile("แผนผังจังหวัดของประเทศไทย"))
    assert image.is_visible()
    assert page.locator(".region-map .tile").count() == 77
    table = page.get_by_role("table")
    assert table.get_by_role("rowheader").count() == 6
    missing = page.locator(".missing-list dd").all_inner_texts()
    assert sorted(n.strip() for dd in missing for n in dd.split(",")) == sorted(LEFT_OUT)
    assert page.evaluate("window.__csp") == []
    phone = browser.new_context(base_url=base_url, viewport={"width": 375, "height": 800})
    try:
        tab = phone.new_page()
        for url in ("/overview", "/browse/province", "/"):
            tab.goto(url)
            assert tab.evaluate("document.documentElement.scrollWidth") <= 375, url
    finally:
        phone.close()


def test_long_lists_work_without_javascript(browser, base_url: str) -> None:
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto("/browse/province")
        tab.get_by_label("ค้นหาชื่อจังหวัด").fill("เชียง")
        tab.get_by_role("button", name="ค้นหา").click()
        tab.wait_for_url(re.compile(r"facet_q="))
        labels = tab.locator("#browse-list .bar-label").all_inner_texts()
        assert sorted(labels) == ["เชียงราย", "เชียงใหม่"]
        tab.goto("/")
        assert not tab.locator("input.facet-filter").first.is_visible()  # no dead box
        tab.locator("#facet-body-province summary").click()
        assert tab.locator("#facet-body-province li").count() == 62
        tab.get_by_role("link", name="ชื่อ", exact=True).click()
        tab.wait_for_url(re.compile(r"facet_sort=name"))
        first = tab.locator("#facet-body-province .facet-value").first.inner_text()
        assert first == "กระบี่"
    finally:
        context.close()
