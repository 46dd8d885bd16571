"""Chips of what a query was read as, in real headless Chromium: shown, removed with one
click, and working the same with JavaScript switched off."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from kmhub.web.app import create_app
from kmhub.web.testing import background_server
from tests.web_support import build_web_corpus

pytestmark = pytest.mark.browser

CHIP = "จังหวัด: นครศรีธรรมราช"


@pytest.fixture(scope="module")
def base_url(browser, tmp_path_factory: pytest.TempPathFactory, encoder) -> Iterator[str]:
    settings = build_web_corpus(tmp_path_factory.mktemp("chips"), encoder)
    with background_server(create_app(settings, encoder)) as base:
        yield base


def open_page(browser, base_url: str, javascript: bool):
    context = browser.new_context(
        base_url=base_url, viewport={"width": 1200, "height": 900}, java_script_enabled=javascript
    )
    return context, context.new_page()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_chip_shows_and_goes_with_one_click(browser, base_url: str, javascript: bool) -> None:
    context, page = open_page(browser, base_url, javascript)
    try:
        page.goto("/?q=ตลาดสะอาด+เมืองคอน")
        chip = page.locator(".chip-understood", has_text=CHIP)
        assert chip.is_visible()
        metas = page.locator(".hits:not(.hits-loose) .hit-meta").all_inner_texts()
        assert metas and all("นครศรีธรรมราช" in m for m in metas)
        chip.click()
        page.wait_for_url(re.compile(r"literal=province"))
        assert page.locator(".chip-understood", has_text=CHIP).count() == 0
        undo = page.locator(".chip-off")
        assert undo.is_visible() and "เมืองคอน" in undo.inner_text()
        undo.click()  # and back again
        page.wait_for_url(lambda url: "literal" not in url)
        assert page.locator(".chip-understood", has_text=CHIP).is_visible()
    finally:
        context.close()


def test_chips_arrive_with_live_results_while_typing(browser, base_url: str) -> None:
    context, page = open_page(browser, base_url, javascript=True)
    try:
        page.goto("/")
        page.get_by_label("คำค้น").press_sequentially("ชุมชน ภาคใต้", delay=20)
        chip = page.locator(".chip-understood", has_text="ภาค: ภาคใต้")
        chip.wait_for()
        page.wait_for_url(re.compile(r"q=%E0"))
        assert page.locator("#facet-region ~ ul").inner_text().count("ภาคใต้") == 1
    finally:
        context.close()


def test_did_you_mean_links_to_the_query_as_typed(browser, base_url: str) -> None:
    context, page = open_page(browser, base_url, javascript=False)
    try:
        page.goto("/?q=งานบุนปลอดเหล้า")
        note = page.locator(".spelling")
        assert "งานบุญปลอดเหล้า" in note.inner_text()
        note.get_by_role("link").click()
        page.wait_for_url(re.compile(r"literal=spelling"))
        assert "งานบุญปลอดเหล้า" in page.locator(".spelling").inner_text()  # still offered
    finally:
        context.close()
