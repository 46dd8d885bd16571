"""The curators' /insights page in headless Chromium: charts drawn, no console errors, CSP kept."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from kmhub.web.app import create_app
from kmhub.web.testing import background_server
from tests.web_support import build_web_corpus, chromium

pytestmark = pytest.mark.browser
TOKEN = "browser-test-token"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, encoder) -> Iterator[str]:
    settings = build_web_corpus(tmp_path_factory.mktemp("insights-browser"), encoder)
    app = create_app(settings.with_(admin_token=TOKEN), encoder)
    with background_server(app) as base:
        for q in ("ธนาคารความดี", "ควอนตัมคอมพิวเตอร์", "การซ่อมรถยนต์", "youth volunteers"):
            httpx.get(f"{base}/api/search", params={"q": q}, timeout=30).raise_for_status()
        httpx.get(f"{base}/api/search", params={"province": "น่าน"}, timeout=30)
        httpx.get(f"{base}/cases/fx-nan-alcohol-free-merit", timeout=30)
        yield base


def test_insights_page_in_a_browser(base_url: str) -> None:
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        response = page.goto(f"{base_url}/insights?token={TOKEN}")
        assert response is not None and response.status == 200
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
        assert page.locator("h1").inner_text() == "ข้อมูลการค้นหาสำหรับผู้ดูแลคลัง"
        assert page.locator(".day-chart rect.all").count() >= 1
        assert page.locator(".gaps td a", has_text="ควอนตัมคอมพิวเตอร์").is_visible()
        # The stylesheet of the page applied (no inline styles are allowed by the CSP).
        fill = page.locator(".day-chart rect.all").first.evaluate("e => getComputedStyle(e).fill")
        assert fill == "rgb(15, 92, 85)"
        page.get_by_role("link", name="7 วัน").click()
        page.wait_for_url("**since=7d**")
        assert page.locator(".since a[aria-current]").inner_text() == "7 วัน"
        assert problems == []
        missing = page.goto(f"{base_url}/insights?token=wrong")
        assert missing is not None and missing.status == 404
