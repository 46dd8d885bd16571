"""The Word pack: fitted columns, repeated header, real lists, links, page numbers, the font."""

from __future__ import annotations

import io
import uuid
import zipfile

from docx import Document
from docx.oxml.ns import qn

from kmhub.index.store import open_index
from kmhub.packs import assets
from kmhub.packs.docx import render_docx
from kmhub.packs.docx_blocks import fit_widths
from kmhub.packs.docx_style import TEXT_W_MM
from kmhub.packs.model import Pack, build_pack, make_meta, pack_case
from kmhub.settings import Settings

IDS = ["fx-nan-alcohol-free-merit", "fx-chonburi-honest-company", "fx-pattani-mosque-garden"]
NESTED = """1. ประชุมประชาคมหมู่บ้าน
   - ผู้ใหญ่บ้านเปิดวง
   - ชาวบ้านเสนอกติกา
2. เขียนกติกาเป็นลายลักษณ์อักษร
3. ติดประกาศที่ศาลากลางบ้าน

- ข้อสังเกตแรก [ดูเอกสาร](https://example.org/%E0%B8%81%E0%B8%95%E0%B8%B4%E0%B8%81%E0%B8%B2)
- ข้อสังเกตที่สอง
"""


def _crafted_case():
    return pack_case(
        {
            "id": "docx-lists",
            "title": "กรณีทดสอบรายการซ้อน",
            "province": "น่าน",
            "date": "2020-05-01",
            "level": "community",
            "networks": ["civil-society"],
            "summary": "สรุปสั้น ๆ ของกรณีทดสอบ",
            "sections": [{"key": "actions", "markdown": NESTED, "text": NESTED}],
            "sources": [
                {
                    "title": "ข่าวชุมชน",
                    "url": "https://xn--o3cdbr1ab9cle2ccb.com/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7",
                }
            ],
        }
    )


def _widths(table) -> list[int]:
    return [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]


def test_columns_fit_their_content_and_the_header_repeats(fixture_index: Settings) -> None:
    index = open_index(fixture_index.index_dir)
    doc = Document(io.BytesIO(render_docx(build_pack(index, IDS, make_meta("ชุด Word")))))
    plan = next(t for t in doc.tables if t.rows[0].cells[0].text == "เวลา")
    widths = _widths(plan)
    assert len(set(widths)) >= 4, widths  # not six equal columns
    number, title = widths[2], widths[3]
    assert number < title / 3  # "#" is narrow, the case title gets the room
    assert sum(widths) <= TEXT_W_MM * 56.7 + 5  # twips: as wide as the text, no wider
    assert plan._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    header = plan.rows[0]._tr.trPr
    assert header.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr.find(qn("w:tblHeader")) is None for r in plan.rows[1:])


def test_fit_widths_keeps_short_columns_short() -> None:
    widths = fit_widths([["#", "1", "12"], ["กรณี", "ชื่อกรณียาวมาก" * 8], ["ปี", "2025"]], 170)
    assert abs(sum(widths) - 170) < 0.1
    assert widths[0] < 15 and widths[2] < 20 and widths[1] > 120


def test_lists_are_real_nested_and_numbered_links_work() -> None:
    pack = Pack(make_meta("รายการ"), [_crafted_case()])
    content = render_docx(pack)
    doc = Document(io.BytesIO(content))
    items = {}
    for p in doc.paragraphs:
        num = p._p.pPr.find(qn("w:numPr")) if p._p.pPr is not None else None
        if num is not None:
            items[p.text] = (
                int(num.find(qn("w:ilvl")).get(qn("w:val"))),
                num.find(qn("w:numId")).get(qn("w:val")),
            )
    assert items["ประชุมประชาคมหมู่บ้าน"][0] == 0 and items["ผู้ใหญ่บ้านเปิดวง"][0] == 1
    assert items["ประชุมประชาคมหมู่บ้าน"][1] == items["ติดประกาศที่ศาลากลางบ้าน"][1]
    assert items["ผู้ใหญ่บ้านเปิดวง"][1] != items["ประชุมประชาคมหมู่บ้าน"][1]
    assert not any(text.startswith(("1. ", "2. ")) for text in items)  # no typed numbers
    numbering = doc.part.numbering_part.element
    formats = {}
    for num in numbering.findall(qn("w:num")):
        abstract = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        formats[num.get(qn("w:numId"))] = abstract
    kinds = {}
    for abstract in numbering.findall(qn("w:abstractNum")):
        lvl = abstract.find(qn("w:lvl"))
        kinds[abstract.get(qn("w:abstractNumId"))] = lvl.find(qn("w:numFmt")).get(qn("w:val"))
    assert kinds[formats[items["ประชุมประชาคมหมู่บ้าน"][1]]] == "decimal"
    assert kinds[formats[items["ข้อสังเกตแรก ดูเอกสาร"][1]]] == "bullet"
    # Links are hyperlinks to the real URL; the text shows it readable.
    targets = {r.target_ref for r in doc.part.rels.values() if r.is_external}
    assert "https://example.org/%E0%B8%81%E0%B8%95%E0%B8%B4%E0%B8%81%E0%B8%B2" in targets
    assert any(t.startswith("https://xn--o3cdbr1ab9cle2ccb.com/") for t in targets)
    body = doc.element.body.xml
    assert body.count("<w:hyperlink ") >= 2
    assert (
        "ข่าว" in "".join(p.text for p in doc.paragraphs)
        and "%E0" not in body.split("<w:hyperlink")[0]
    )


def test_page_numbers_and_the_embedded_thai_font(fixture_index: Settings) -> None:
    index = open_index(fixture_index.index_dir)
    content = render_docx(build_pack(index, IDS, make_meta("ชุดฟอนต์")))
    doc = Document(io.BytesIO(content))
    footer = doc.sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    fonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:cs")) == assets.FONT_NAME == "Noto Sans Thai"
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        table = package.read("word/fontTable.xml").decode("utf-8")
        assert 'w:name="Noto Sans Thai"' in table and "w:embedRegular" in table
        embedded = [n for n in package.namelist() if n.startswith("word/fonts/")]
        assert len(embedded) == 2
        key = table.split('w:fontKey="{')[1].split("}")[0]
        data = bytearray(package.read(embedded[0]))
    digits = uuid.UUID(key).hex.upper()
    mask = bytes(int(digits[i : i + 2], 16) for i in range(30, -1, -2))
    for i in range(32):
        data[i] ^= mask[i % 16]
    assert bytes(data) == assets.font_bytes("normal")  # de-obfuscates to the bundled file
