"""The pack endpoints on the real app: each format opens, text is escaped, bad input is refused."""

from __future__ import annotations

import io
import json
import re
import unicodedata

import html5lib
import pytest
from fastapi.testclient import TestClient

from kmhub.settings import Settings
from kmhub.web.app import create_app

IDS = "fx-nan-alcohol-free-merit,fx-chonburi-honest-company,fx-pattani-mosque-garden"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def client(fixture_index: Settings, encoder) -> TestClient:
    with TestClient(create_app(fixture_index, encoder)) as test_client:
        yield test_client


def _flat(text: str) -> str:
    # PDF text comes back with line breaks of the layout and SARA AM as its two parts.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKD", text))


def test_html_pack_is_valid_escaped_and_complete(client: TestClient) -> None:
    notes = json.dumps({"fx-chonburi-honest-company": "บันทึก " + HOSTILE}, ensure_ascii=False)
    response = client.get(
        "/api/pack",
        params={
            "ids": IDS,
            "title": "ชุด " + HOSTILE,
            "date": "2026-11-25",
            "notes": notes,
            "audience": "ครู",
            "trainer": "วิทยากร ข",
            "theme": "ความซื่อสัตย์",
        },
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src" not in response.headers["content-security-policy"]
    assert response.headers["content-disposition"].startswith("inline")
    html = response.text
    html5lib.HTMLParser(strict=True).parse(html)  # raises on any parse error
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "onerror=alert(1)&gt;" in html
    assert html.count('class="sheet case"') == 3
    for text in (
        "บ้านห้วยทดสอบ งานบุญปลอดเหล้า",
        "25 พฤศจิกายน พ.ศ. 2569",
        "25 November 2026 CE",
        "พ.ศ. 2562",
        "คำถามชวนคิด",
        "บันทึกของวิทยากร",
        "อ้างอิง",
        "ภาคประชาสังคม ชุมชน และครอบครัว",
    ):
        assert text in html, text
    # Order is the order asked for.
    assert html.index("บ้านห้วยทดสอบ") < html.index("บริษัทตัวอย่างการผลิต") < html.index("มัสยิดทดสอบ")


def test_pdf_pack_keeps_thai_text(client: TestClient) -> None:
    from pypdf import PdfReader

    response = client.get(
        "/api/pack", params={"ids": IDS, "format": "pdf", "title": "ชุดอบรมคุณธรรม"}
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("attachment")
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 2 + 3  # cover, session plan, a page per case (references follow)
    text = _flat("\n".join(page.extract_text() for page in reader.pages))
    for expected in (
        "ชุดอบรมคุณธรรม",
        "บ้านห้วยทดสอบงานบุญปลอดเหล้า",
        "สิ่งที่ทำ",
        "ปัจจัยความสำเร็จ",
        "ผู้ใหญ่บ้านเรียกประชุมประชาคมจนได้กติกาหมู่บ้าน",
        "กรณีที่3",
    ):
        assert _flat(expected) in text, expected


def test_docx_pack_opens_in_python_docx(client: TestClient) -> None:
    from docx import Document
    from docx.oxml.ns import qn

    response = client.post(
        "/api/pack",
        json={
            "ids": IDS.split(","),
            "format": "docx",
            "title": "ชุด Word",
            "notes": {"fx-pattani-mosque-garden": "ยาว " * 450},
        },
    )
    assert response.status_code == 200, response.text
    assert "filename*=UTF-8''" in response.headers["content-disposition"]
    document = Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in document.paragraphs]
    assert "ชุด Word" in paragraphs
    assert any(p.startswith("กรณีที่ 1: บ้านห้วยทดสอบ") for p in paragraphs)
    refs = [p for p in document.paragraphs if "fx-pattani-mosque-garden" in p.text]
    assert refs and refs[-1]._p.pPr.find(qn("w:numPr")) is not None  # a numbered reference
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert any(
        "ยาว ยาว" in c and c.startswith("บันทึกของวิทยากร") for c in cells
    )  # the long note, by POST
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:cs")) == "Noto Sans Thai"  # Thai runs: the embedded font
    assert document.core_properties.title == "ชุด Word"


@pytest.mark.parametrize(
    ("params", "status", "words"),
    [
        ({"ids": "fx-nan-alcohol-free-merit,ghost-one,ghost-two"}, 404, ["ghost-one", "ghost-two"]),
        ({"ids": ",".join(f"c{i}" for i in range(31))}, 422, ["30"]),
        ({"ids": "fx-nan-alcohol-free-merit", "title": "ก" * 201}, 422, ["200"]),
        ({"ids": "fx-nan-alcohol-free-merit", "date": "พรุ่งนี้"}, 422, ["workshop date"]),
        ({"ids": "fx-nan-alcohol-free-merit", "date": "3111-08-01"}, 422, ["3111-08-01"]),
        (
            {"ids": "fx-nan-alcohol-free-merit", "minutes": '{"fx-nan-alcohol-free-merit": 0}'},
            422,
            ["minutes"],
        ),
        ({"ids": "fx-nan-alcohol-free-merit", "minutes": "[30]"}, 422, ["JSON"]),
        ({"ids": "fx-nan-alcohol-free-merit", "notes": "[1]"}, 422, ["JSON"]),
        ({"ids": "fx-nan-alcohol-free-merit", "format": "odt"}, 422, ["format"]),
        ({"ids": ""}, 422, ["no case ids"]),
        ({"ids": "fx-nan-alcohol-free-merit," + "x" * 130}, 404, ["x" * 40]),
    ],
)
def test_bad_requests_get_two_language_messages(
    client: TestClient, params: dict[str, str], status: int, words: list[str]
) -> None:
    response = client.get("/api/pack", params=params)
    assert response.status_code == status
    body = response.json()
    assert body["message_th"] and body["message_en"]
    message = body["message_en"] + " " + json.dumps(body["detail"])
    for word in words:
        assert word in message


def test_post_unknown_ids_is_404(client: TestClient) -> None:
    response = client.post("/api/pack", json={"ids": ["nobody-here"], "format": "pdf"})
    assert response.status_code == 404 and "nobody-here" in response.json()["message_th"]


def test_suggest_endpoint(client: TestClient) -> None:
    response = client.get("/api/pack/suggest", params={"q": "งานบุญ ชุมชน", "n": 4})
    assert response.status_code == 200
    data = response.json()
    ids = [c["case_id"] for c in data["cases"]]
    assert ids[0] == "fx-nan-alcohol-free-merit" and len(ids) == len(set(ids))
    assert data["weak"] == []  # weak matches only when asked for
    assert {"province", "year_be", "relevance", "rank", "strength"} <= set(data["cases"][0])
    assert {c["strength"] for c in data["cases"]} <= {"strong", "related"}
    # Asked for, the weak ones come apart, and together they make up the number.
    padded = client.get("/api/pack/suggest", params={"q": "งานบุญ ชุมชน", "n": 4, "weak": "true"})
    weak = padded.json()["weak"]
    assert weak and {c["strength"] for c in weak} == {"weak"}
    assert len(padded.json()["cases"]) + len(weak) == 4
    assert not {c["case_id"] for c in weak} & set(ids)
    # A narrow theme gets only the cases that match it, never padding.
    narrow = client.get("/api/pack/suggest", params={"q": "ลดเหล้า งานบุญ", "n": 4}).json()
    narrow_ids = [c["case_id"] for c in narrow["cases"]]
    assert 1 <= len(narrow_ids) < 4 and narrow_ids[0] == "fx-nan-alcohol-free-merit"
    assert client.get("/api/pack/suggest", params={"q": "x", "n": 31}).status_code == 422
    empty = client.get("/api/pack/suggest", params={"q": " "})
    assert empty.status_code == 422 and "theme" in empty.json()["message_en"]


def test_pack_reads_dates_in_either_era_and_minutes(client: TestClient) -> None:
    for typed in ("2568-08-01", "2025-08-01", "1 สิงหาคม 2568"):
        html = client.get(
            "/api/pack", params={"ids": "fx-nan-alcohol-free-merit", "date": typed}
        ).text
        assert "1 สิงหาคม พ.ศ. 2568" in html and "1 August 2025 CE" in html, typed
        assert "3111" not in html
    body = {
        "ids": ["fx-nan-alcohol-free-merit", "fx-pattani-mosque-garden"],
        "format": "html",
        "date": "๑ ส.ค. ๒๕๖๘",
        "minutes": {"fx-pattani-mosque-garden": 50},
        "theme": "ลดเหล้า งานบุญ",
    }
    response = client.post("/api/pack", json=body)
    assert response.status_code == 200, response.text
    html = response.text
    assert "1 สิงหาคม พ.ศ. 2568" in html
    assert "กำหนดการ" in html and "0:45–1:35" in html  # 15 opening + 30, then 50 minutes
    # The theme enters the questions of the matching case only.
    nan, pattani = html.split('id="case-2"')
    assert "ลดเหล้า งานบุญ" in nan.split('id="case-1"')[1]
    assert "ลดเหล้า งานบุญ" not in pattani.split('class="questions"')[1].split("</ol>")[0]


def test_workshop_page(client: TestClient) -> None:
    response = client.get("/workshop")
    assert response.status_code == 200
    html = response.text
    html5lib.HTMLParser(strict=False).parse(html)
    assert "<script>" not in html  # the site CSP allows only /static scripts
    for needle in (
        'id="ws-list"',
        "/static/workshop.js",
        "/static/workshop.css",
        "/static/workshop-page.js",
        'data-pack-format="pdf"',
    ):
        assert needle in html, needle
    for asset in ("workshop.js", "workshop-page.js", "workshop.css"):
        assert client.get(f"/static/{asset}").status_code == 200, asset
