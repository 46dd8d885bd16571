"""The workshop in headless Chromium: add cases, reorder, note, download, share a link."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from kmhub.settings import Settings
from kmhub.web.app import create_app
from kmhub.web.testing import background_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(fixture_index: Settings, encoder):
    """The real app served by uvicorn on 127.0.0.1 in a thread, for this module."""
    with background_server(create_app(fixture_index, encoder)) as base:
        yield base


def _order(page) -> list[str]:
    return page.eval_on_selector_all("#ws-list > li", "els => els.map(e => e.dataset.caseId)")


def test_add_reorder_download_and_share(server: str, browser, tmp_path: Path) -> None:
    from docx import Document
    from pypdf import PdfReader

    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # Add two cases from the search results.
    page.goto(f"{server}/?q=%E0%B8%87%E0%B8%B2%E0%B8%99%E0%B8%9A%E0%B8%B8%E0%B8%8D")  # งานบุญ
    buttons = page.locator("button.add-to-workshop")
    assert buttons.count() >= 2
    first, second = (buttons.nth(i).get_attribute("data-case-id") for i in range(2))
    buttons.nth(0).click()
    buttons.nth(1).click()
    assert buttons.nth(0).get_attribute("aria-pressed") == "true"

    page.goto(f"{server}/workshop")
    assert _order(page) == [first, second]
    assert page.locator("#ws-count").text_content() == "2"

    # Reorder with the buttons, then with the keyboard; focus stays on the moved case.
    page.locator("#ws-list > li").nth(0).locator(".ws-down").click()
    assert _order(page) == [second, first]
    focused = page.evaluate("document.activeElement.closest('li').dataset.caseId")
    assert focused == first
    page.keyboard.press("Enter")  # the focused button of the moved case: "up"
    assert _order(page) == [first, second]

    page.fill("#ws-title", "อบรมวิทยากรคุณธรรม รุ่นทดสอบ")
    page.fill("#ws-date", "2026-11-25")
    page.locator("#ws-list > li").nth(1).locator("textarea").fill("ใช้เปิดวงคุย 15 นาที")
    page.reload()  # everything was kept in the browser
    assert _order(page) == [first, second]
    assert page.input_value("#ws-title") == "อบรมวิทยากรคุณธรรม รุ่นทดสอบ"

    with page.expect_download() as pdf_download:
        page.click("button[data-pack-format=pdf]")
    pdf_path = tmp_path / "pack.pdf"
    pdf_download.value.save_as(pdf_path)
    assert pdf_download.value.suggested_filename.endswith(".pdf")
    text = "".join(p.extract_text() for p in PdfReader(pdf_path).pages)
    assert "อบรมวิทยากรคุณธรรม" in text.replace("\n", "") and "15" in text

    with page.expect_download() as docx_download:
        page.click("button[data-pack-format=docx]")
    docx_path = tmp_path / "pack.docx"
    docx_download.value.save_as(docx_path)
    paragraphs = [p.text for p in Document(str(docx_path)).paragraphs]
    assert "อบรมวิทยากรคุณธรรม รุ่นทดสอบ" in paragraphs

    # The share link rebuilds the same workshop in a browser that has never seen it.
    link = page.input_value("#ws-share-url")
    assert "#pack=" in link
    fresh = browser.new_context().new_page()
    fresh.goto(link)
    assert _order(fresh) == [first, second]
    assert fresh.input_value("#ws-title") == "อบรมวิทยากรคุณธรรม รุ่นทดสอบ"
    assert fresh.locator("textarea").nth(1).input_value() == "ใช้เปิดวงคุย 15 นาที"
    fresh.context.close()
    assert errors == []
    context.close()


def test_case_page_button_adds_once(server: str, browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server}/cases/fx-pattani-mosque-garden")
    button = page.locator("button.add-to-workshop")
    button.click()
    button.click()  # a second press does not add the case twice
    assert button.get_attribute("aria-pressed") == "true"
    page.goto(f"{server}/workshop")
    assert _order(page) == ["fx-pattani-mosque-garden"]
    assert page.locator("#ws-list .ws-item-title").text_content() == "มัสยิดทดสอบ สวนผักของชุมชน"
    page.locator(".ws-remove").click()
    assert _order(page) == [] and page.locator("#ws-empty").is_visible()
    context.close()


def test_print_view_renders_a4_pages(server: str, browser, tmp_path: Path) -> None:
    from PIL import Image

    ids = "fx-nan-alcohol-free-merit,fx-khonkaen-youth-volunteers,fx-chonburi-honest-company"
    page = browser.new_page(viewport={"width": 1000, "height": 1400})
    page.goto(
        f"{server}/api/pack?ids={ids}&title=%E0%B8%AD%E0%B8%9A%E0%B8%A3%E0%B8%A1%E0%B8%A7%E0%B8%B4"
        "%E0%B8%97%E0%B8%A2%E0%B8%B2%E0%B8%81%E0%B8%A3&date=2026-11-25&theme=%E0%B8%88%E0%B8%B4"
        "%E0%B8%95%E0%B8%AD%E0%B8%B2%E0%B8%AA%E0%B8%B2"
    )
    sheets = page.locator("section.sheet")
    assert sheets.count() == 2 + 3 + 1  # cover, session plan, one per case, references
    # The stylesheet applied: an A4 sheet is 210 mm (about 794 CSS px) wide on screen.
    width = sheets.first.bounding_box()["width"]
    assert 780 < width < 810
    shot = tmp_path / "pack.png"
    sheets.nth(2).screenshot(path=str(shot))
    image = Image.open(io.BytesIO(shot.read_bytes()))
    low, high = image.convert("L").getextrema()
    assert image.width > 700 and high - low > 150  # text on paper, not a blank sheet
    page.close()


def test_focus_follows_the_moved_case_to_the_top_and_the_bottom(server: str, browser) -> None:
    ids = ["fx-nan-alcohol-free-merit", "fx-chonburi-honest-company", "fx-pattani-mosque-garden"]
    first, second, third = ids
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server}/workshop")
    state = {"meta": {}, "cases": [{"id": i, "title": i, "note": ""} for i in ids]}
    page.evaluate("s => localStorage.setItem('kmhub.workshop.v1', JSON.stringify(s))", state)
    page.reload()

    def focused() -> tuple[str, str]:
        return tuple(
            page.evaluate(
                "() => { const a = document.activeElement; const li = a.closest('li');"
                " return [li ? li.dataset.caseId : a.tagName, a.className]; }"
            )
        )

    # To the top: its "up" button is now disabled, so focus goes to its "down" button.
    page.locator("#ws-list > li").nth(1).locator(".ws-up").click()
    assert _order(page) == [second, first, third]
    case, button = focused()
    assert case == second and "ws-down" in button
    # The keyboard carries on from there: down, down (to the bottom), then up again.
    page.keyboard.press("Enter")
    assert _order(page) == [first, second, third]
    assert focused() == (second, "ws-move ws-down")
    page.keyboard.press("Enter")
    assert _order(page) == [first, third, second]
    case, button = focused()
    assert case == second and "ws-up" in button  # at the bottom "down" is disabled
    page.keyboard.press("Enter")
    assert _order(page) == [first, second, third]
    assert focused() == (second, "ws-move ws-up")
    context.close()


def test_buddhist_era_date_minutes_and_weak_suggestions_apart(server: str, browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server}/workshop")
    page.fill("#ws-suggest-q", "ลดเหล้า งานบุญ")
    page.fill("#ws-suggest-n", "4")
    page.click("#ws-suggest-form button[type=submit]")
    page.wait_for_selector("#ws-suggestions li")
    shown = page.locator("#ws-suggestions li")
    assert 1 <= shown.count() < 4
    badges = page.eval_on_selector_all(
        "#ws-suggestions .ws-strength", "els => els.map(e => e.className)"
    )
    assert badges and not any("weak" in b for b in badges)
    assert page.locator("#ws-weak").is_visible()
    page.click("#ws-weak-show")
    page.wait_for_selector("#ws-weak-list li")
    weak = page.eval_on_selector_all(
        "#ws-weak-list .ws-strength", "els => els.map(e => e.className)"
    )
    assert weak and all("ws-strength-weak" in b for b in weak)
    page.click("#ws-suggest-all")  # adds the matching cases only
    assert len(_order(page)) == shown.count()

    page.fill("#ws-date", "1 สิงหาคม 2568")
    page.locator("#ws-list > li").nth(0).locator(".ws-minutes").fill("45")
    href = page.get_attribute("#ws-print", "href")
    assert "minutes=" in href and "date=" in href
    page.goto(server + href)
    text = page.locator("body").inner_text()
    assert "1 สิงหาคม พ.ศ. 2568" in text and "1 August 2025 CE" in text
    assert "0:15–1:00" in text  # the first case's 45 minutes after the 15-minute opening
    assert errors == []
    context.close()
