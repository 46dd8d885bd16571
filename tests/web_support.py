"""Helpers for the API, serve and browser tests: a corpus with hostile text, and its index."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from kmhub.index.build import build_index
from kmhub.index.encoders import Encoder
from kmhub.settings import Settings
from kmhub.web.testing import CHROMIUM, CHROMIUM_ARGS

FIXTURE_CASES = Path(__file__).parent / "fixtures" / "cases"


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium driven by Playwright; skips the test where either is missing."""
    import pytest

    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


HOSTILE_ID = "fx-hostile-markup"

# Markup typed as plain text in fields that validation accepts as text: it must show as text.
HOSTILE_CASE = """---
id: fx-hostile-markup
title: ชุมชนทดสอบ <script>window.xssFired=1</script> ความปลอดภัย
title_en: Test <img src=x onerror="window.xssFired=2"> community
province: ลำปาง
date: 2021-06-01
level: community
networks: [civil-society]
summary: >-
  ชาวบ้านรวมกลุ่มทำความดี ข้อความ <script>window.xssFired=3</script> และ
  <img src=x onerror="window.xssFired=4"> เป็นเพียงตัวอักษร
summary_en: Villagers <script>window.xssFired=5</script> do good together.
virtues: [จิตอาสา]
topics: [ทดสอบความปลอดภัย]
sources:
  - title: แหล่งข่าว <b onmouseover="window.xssFired=6">ตัวหนา</b>
    url: https://example.org/news?a=1&b=<x>
---

## บทเรียน
- ชาวบ้านเรียนรู้ว่าการทำความดีร่วมกันต้องสม่ำเสมอ เพราะ 1 < 2 & 3 > 2
"""

# A stored document as build would keep it, but with what validation refuses in a body:
# raw HTML, an event-handler attribute and a javascript: link. Rendering must defuse them.
HOSTILE_BODY = (
    "## บทเรียน\n\n"
    "<script>window.xssFired=7</script>\n\n"
    '<img src="x" onerror="window.xssFired=8">\n\n'
    "- [กดที่นี่](javascript:window.xssFired=9) และ [ลิงก์ดี](https://example.org/)\n"
    '- <a href="javascript:alert(1)">raw link</a>\n'
)


def hostile_document() -> dict[str, object]:
    return {
        "id": "fx-raw-html",
        "title": "กรณี <script>window.xssFired=10</script>",
        "title_en": "",
        "province": "น่าน",
        "date": "2022-01-01",
        "year": 2022,
        "level": "community",
        "networks": ["religion"],
        "summary": 'สรุป <img src=x onerror="window.xssFired=11">',
        "summary_en": "",
        "virtues": [],
        "topics": [],
        "organizations": ["<i>org</i>"],
        "contributors": [{"name": "<script>x</script>", "affiliation": ""}],
        "sources": [{"title": "bad", "url": "javascript:alert(1)", "published": ""}],
        "language": "th",
        "license": "CC-BY-4.0",
        "body": HOSTILE_BODY,
        "sections": [
            {"key": "lessons", "heading": "บทเรียน", "line": 1, "markdown": HOSTILE_BODY[12:]}
        ],
    }


def build_web_corpus(root: Path, encoder: Encoder) -> Settings:
    """The fixture cases plus the hostile-text case, built into `root/index`."""
    cases = root / "cases"
    shutil.copytree(FIXTURE_CASES, cases)
    (cases / f"{HOSTILE_ID}.md").write_text(HOSTILE_CASE, encoding="utf-8")
    settings = Settings(cases_dir=cases, index_dir=root / "index")
    build_index(settings, encoder=encoder, progress=False)
    return settings


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        # A JSON-LD block is data the browser never runs; any other inline script is live.
        data_block = values.get("type") == "application/ld+json"
        if tag == "script" and not data_block and not (values.get("src") or "").startswith("/"):
            self.problems.append("inline <script>")
        if tag in ("iframe", "object", "embed", "img"):
            self.problems.append(f"<{tag}>")  # the templates use none of these
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name}= on <{tag}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                self.problems.append(f"{name}={value}")


def live_markup(html: str) -> list[str]:
    """What in `html` could run script: inline scripts, on* handlers, javascript: URLs."""
    inspector = _Inspector()
    inspector.feed(html)
    return inspector.problems
