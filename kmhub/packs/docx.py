"""A workshop pack as an editable Word document (python-docx), in the Thai office font."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from markdown_it import MarkdownIt

from kmhub.packs.model import Pack, PackCase, citation
from kmhub.text.dates import format_thai

# TH Sarabun New is the font Thai government offices write in (16 pt body text); Word
# substitutes another Thai font where it is missing.
FONT = "TH Sarabun New"
BODY_PT = 16
ACCENT = RGBColor(0x1F, 0x4E, 0x79)
MUTED = RGBColor(0x5D, 0x64, 0x72)
SIZES = {"Title": 30, "Heading 1": 22, "Heading 2": 18, "Heading 3": 16}


def _set_font(style: Any, size: int, color: RGBColor | None = None) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    if color is not None:
        style.font.color.rgb = color
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for theme_attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme_attr), None)
    # Thai is a complex script: Word sizes it by szCs, not sz.
    size_cs = rpr.find(qn("w:szCs"))
    if size_cs is None:
        size_cs = OxmlElement("w:szCs")
        rpr.append(size_cs)
    size_cs.set(qn("w:val"), str(size * 2))


def _setup(doc: Any, pack: Pack) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    _set_font(doc.styles["Normal"], BODY_PT)
    _set_font(doc.styles["List Bullet"], BODY_PT)
    for name, size in SIZES.items():
        _set_font(doc.styles[name], size, ACCENT)
    props = doc.core_properties
    props.title = pack.meta.title
    props.author = pack.meta.trainer or "kmhub"
    props.subject = pack.meta.theme
    props.language = "th-TH"
    _page_number_footer(section)


def _page_number_footer(section: Any) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = 1  # centred
    run = paragraph.add_run()
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), tag)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _muted(paragraph: Any, text: str) -> None:
    run = paragraph.add_run(text)
    run.font.color.rgb = MUTED
    run.font.size = Pt(BODY_PT - 2)


def _heading(doc: Any, thai: str, english: str, level: int) -> None:
    heading = doc.add_heading(thai, level=level)
    if english:
        _muted(heading, f"  {english}")


def _markdown(doc: Any, markdown: str) -> None:
    """Markdown blocks as Word paragraphs: lists as list styles, emphasis kept, links as text."""
    tokens = MarkdownIt("commonmark", {"html": False}).enable("table").parse(markdown)
    # Ordered lists are numbered by hand: Word's "List Number" would count on from the
    # previous list anywhere in the document.
    lists: list[list[int]] = []  # per open list: [ordered?, items so far]
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append([token.type == "ordered_list_open", 0])
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "inline":
            if lists and lists[-1][0]:
                lists[-1][1] += 1
                paragraph = doc.add_paragraph(f"{lists[-1][1]}. ")
                paragraph.paragraph_format.left_indent = Mm(6 * len(lists))
                paragraph.paragraph_format.first_line_indent = Mm(-6)
            else:
                paragraph = doc.add_paragraph(style="List Bullet" if lists else None)
            bold = italic = False
            href = ""
            for child in token.children or []:
                if child.type in ("strong_open", "strong_close"):
                    bold = child.type == "strong_open"
                elif child.type in ("em_open", "em_close"):
                    italic = child.type == "em_open"
                elif child.type == "link_open":
                    href = str(child.attrGet("href") or "")
                elif child.type == "link_close" and href:
                    _muted(paragraph, f" ({href})")
                    href = ""
                elif child.type in ("text", "code_inline"):
                    run = paragraph.add_run(child.content)
                    run.bold, run.italic = bold or None, italic or None
                elif child.type in ("softbreak", "hardbreak"):
                    paragraph.add_run(" ")
        elif token.type in ("fence", "code_block"):
            doc.add_paragraph(token.content.strip())


def _cover(doc: Any, pack: Pack) -> None:
    meta = pack.meta
    kicker = doc.add_paragraph()
    run = kicker.add_run("ชุดกรณีศึกษาสำหรับวิทยากรส่งเสริมคุณธรรม")
    run.bold = True
    _muted(kicker, "  Case pack for moral-promoter trainers")
    doc.add_paragraph(meta.title, style="Title")
    if meta.theme:
        doc.add_paragraph(f"ประเด็น / Theme: {meta.theme}")
    date = f"{meta.date_th} ({meta.date_en})" if meta.date else ""
    facts = [
        ("วันที่อบรม / Date", date),
        ("ผู้เข้าอบรม / Audience", meta.audience),
        ("วิทยากร / Trainer", meta.trainer),
        ("จำนวนกรณี / Cases", str(len(pack.cases))),
    ]
    table = doc.add_table(rows=0, cols=2, style="Table Grid")
    for name, value in facts:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(name).bold = True
        cells[1].text = value
    foot = doc.add_paragraph()
    _muted(foot, f"คลังความรู้จังหวัดคุณธรรม · จัดทำเมื่อ {format_thai(pack.generated)}")


def _overview(doc: Any, pack: Pack) -> None:
    _heading(doc, "ภาพรวมกรณีศึกษา", "Overview of the cases", 1)
    headers = ["#", "กรณี / Case", "จังหวัด / Province", "ระดับ / Level", "เครือข่าย / Networks"]
    table = doc.add_table(rows=1, cols=6, style="Table Grid")
    for cell, text in zip(table.rows[0].cells, [*headers, "ปี / Year"], strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for n, case in enumerate(pack.cases, start=1):
        values = [
            str(n),
            case.title,
            case.province,
            f"{case.level_th} ({case.level_en})",
            ", ".join(case.networks_th),
            f"{case.year} (พ.ศ. {case.year_be})",
        ]
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text


def _case(doc: Any, n: int, total: int, case: PackCase) -> None:
    _heading(doc, f"กรณีที่ {n}: {case.title}", case.title_en, 1)
    meta = doc.add_paragraph()
    _muted(
        meta,
        f"{case.province} · {case.level_th} ({case.level_en}) · {case.year} / พ.ศ. {case.year_be}"
        f" · {' · '.join(case.networks_th)} · กรณีที่ {n} จาก {total}",
    )
    _heading(doc, "สรุป", "Summary", 2)
    doc.add_paragraph(case.summary)
    for section in case.sections:
        _heading(doc, section.label_th, section.label_en, 2)
        if section.markdown:
            _markdown(doc, section.markdown)
        else:
            _muted(doc.add_paragraph(), "กรณีนี้ไม่ได้บันทึกหัวข้อนี้ / not recorded for this case")
    _heading(doc, "คำถามชวนคิด", "Discussion questions", 2)
    for i, question in enumerate(case.questions, start=1):
        paragraph = doc.add_paragraph(f"{i}. {question.thai}")
        paragraph.paragraph_format.left_indent = Mm(6)
        paragraph.paragraph_format.first_line_indent = Mm(-6)
        paragraph.add_run().add_break()
        _muted(paragraph, question.english)
    _heading(doc, "บันทึกของวิทยากร", "Trainer's note", 2)
    box = doc.add_table(rows=1, cols=1, style="Table Grid").rows[0].cells[0]
    box.text = case.note or "\n\n\n"
    _heading(doc, "แหล่งที่มา", "Sources", 3)
    for source in case.sources:
        text = source["title"] + (f" ({source['published']})" if source["published"] else "")
        paragraph = doc.add_paragraph(text, style="List Bullet")
        if source["url"]:
            _muted(paragraph, f" {source['url']}")
    _muted(doc.add_paragraph(), f"รหัสกรณี / case id: {case.id}")


def _page_break(doc: Any) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def render_docx(pack: Pack) -> bytes:
    """The whole pack as .docx bytes: cover, overview, one part per case, references."""
    doc = Document()
    _setup(doc, pack)
    _cover(doc, pack)
    _page_break(doc)
    _overview(doc, pack)
    for n, case in enumerate(pack.cases, start=1):
        _page_break(doc)
        _case(doc, n, len(pack.cases), case)
    _page_break(doc)
    _heading(doc, "อ้างอิง", "References", 1)
    for i, case in enumerate(pack.cases, start=1):
        doc.add_paragraph(f"[{i}] {citation(case)}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
