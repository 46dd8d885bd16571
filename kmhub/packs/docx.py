"""A workshop pack as an editable Word document (python-docx), in the bundled Thai font.

The file is made the way a careful office would make it by hand: the Thai font embedded (so it
travels), real numbered and nested lists, tables whose columns fit their content with a header
row repeated on each page, working links, and "page n / total" in the footer. This module lays
out the sections (cover, plan, cases, references); `docx_style` holds the fonts and the look,
`docx_blocks` the lists, links, fields, tables and Markdown they are built from.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.shared import Mm, Pt

from kmhub.packs.docx_blocks import (
    Lists,
    add_footer,
    add_hyperlink,
    add_markdown,
    add_table,
    as_list_item,
)
from kmhub.packs.docx_style import (
    ACCENT,
    BODY_PT,
    MARGIN_MM,
    PAGE_W_MM,
    SIZES,
    TEXT_W_MM,
    add_muted,
    embed_font,
    set_style,
)
from kmhub.packs.model import Pack, PackCase, citation, readable_url
from kmhub.text.dates import format_thai


def _heading(doc: Any, thai: str, english: str, level: int, new_page: bool = False) -> Any:
    heading = doc.add_heading(thai, level=level)
    heading.paragraph_format.keep_with_next = True
    heading.paragraph_format.page_break_before = new_page
    if english:
        add_muted(heading, f"  {english}")
    return heading


def _cover(doc: Any, pack: Pack) -> None:
    meta = pack.meta
    kicker = doc.add_paragraph()
    kicker.paragraph_format.space_before = Pt(60)
    run = kicker.add_run("ชุดกรณีศึกษาสำหรับวิทยากรส่งเสริมคุณธรรม")
    run.bold = True
    add_muted(kicker, "  Case pack for moral-promoter trainers")
    doc.add_paragraph(meta.title, style="Title")
    if meta.theme:
        doc.add_paragraph(f"ประเด็น / Theme: {meta.theme}")
    blank = "…" * 20
    facts = [
        ["วันที่อบรม / Date", f"{meta.date_th} ({meta.date_en})" if meta.date else blank],
        ["ผู้เข้าอบรม / Audience", meta.audience or blank],
        ["วิทยากร / Trainer", meta.trainer or blank],
        [
            "จำนวนกรณี / Cases",
            f"{len(pack.cases)} กรณี · {pack.total_minutes} นาที ({pack.total_minutes} minutes)",
        ],
    ]
    add_table(doc, facts[0], facts[1:], [45.0, TEXT_W_MM - 45.0])
    foot = doc.add_paragraph()
    foot.paragraph_format.space_before = Pt(24)
    add_muted(foot, f"คลังความรู้จังหวัดคุณธรรม · จัดทำเมื่อ {format_thai(pack.generated)}")


def _plan(doc: Any, pack: Pack, lists: Lists) -> None:
    _heading(doc, "กำหนดการและภาพรวมกรณี", "Session plan and the cases", 1, new_page=True)
    header = ["เวลา", "นาที", "#", "กรณี / Case", "จังหวัด · ระดับ · ปี", "เครือข่าย / Networks"]
    rows = []
    for row in pack.plan():
        if row.case_no:
            c = pack.cases[row.case_no - 1]
            rows.append(
                [
                    row.span,
                    str(c.minutes),
                    str(row.case_no),
                    c.title + (f"\n{c.title_en}" if c.title_en else ""),
                    f"{c.province}\n{c.level_th} · {c.year} (พ.ศ. {c.year_be})",
                    ", ".join(c.networks_th),
                ]
            )
        else:
            rows.append(
                [row.span, str(row.end - row.start), "", f"{row.thai}\n{row.english}", "", ""]
            )
    add_table(doc, header, rows)
    total = doc.add_paragraph()
    total.add_run(f"รวม {pack.total_minutes} นาที").bold = True
    add_muted(total, f"  {pack.total_minutes} minutes in all")
    if pack.comparisons:
        _heading(doc, "คำถามเปรียบเทียบระหว่างกรณี (ช่วงสรุป)", "Questions across the cases", 2)
        _questions(doc, pack.comparisons, lists)


def _questions(doc: Any, questions: list[Any], lists: Lists) -> None:
    num_id = lists.new(ordered=True)
    for question in questions:
        paragraph = doc.add_paragraph(question.thai)
        paragraph.paragraph_format.space_after = Pt(3)
        paragraph.paragraph_format.keep_together = True
        as_list_item(paragraph, num_id, 0)
        paragraph.add_run().add_break()
        add_muted(paragraph, question.english)


def _case(doc: Any, n: int, total: int, case: PackCase, lists: Lists) -> None:
    _heading(doc, f"กรณีที่ {n}: {case.title}", case.title_en, 1, new_page=True)
    meta = doc.add_paragraph()
    add_muted(
        meta,
        f"{case.province} · {case.level_th} ({case.level_en}) · {case.year} / พ.ศ. {case.year_be}"
        f" · {' · '.join(case.networks_th)} · กรณีที่ {n} จาก {total} · {case.minutes} นาที",
    )
    doc.add_paragraph(case.summary)
    missing = []
    for section in case.sections:
        if section.markdown:
            _heading(doc, section.label_th, section.label_en, 2)
            add_markdown(doc, section.markdown, lists)
        else:
            missing.append(section)
    if missing:
        add_muted(
            doc.add_paragraph(),
            "ไม่ได้บันทึก: "
            + ", ".join(s.label_th for s in missing)
            + " / not recorded: "
            + ", ".join(s.label_en for s in missing),
        )
    _heading(doc, "คำถามชวนคิด", "Discussion questions", 2)
    _questions(doc, case.questions, lists)
    sources = doc.add_paragraph()
    sources.paragraph_format.keep_with_next = True
    add_muted(sources, f"แหล่งที่มา / Sources · รหัสกรณี {case.id}")
    num_id = lists.new(ordered=False)
    for source in case.sources:
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.keep_with_next = True
        as_list_item(paragraph, num_id, 0)
        if source["url"]:
            add_hyperlink(paragraph, source["url"], source["title"] or readable_url(source["url"]))
            if source["title"]:
                add_muted(paragraph, f"  {readable_url(source['url'])}", 8)
        else:
            paragraph.add_run(source["title"])
        if source["published"]:
            add_muted(paragraph, f" ({source['published']})", 8)
    # The notes box carries its own heading, so the two never part at a page end.
    box = doc.add_table(rows=1, cols=1)
    box.style = doc.styles["Table Grid"]
    box.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    cell = box.rows[0].cells[0]
    cell.width = Mm(TEXT_W_MM)
    title = cell.paragraphs[0]
    run = title.add_run("บันทึกของวิทยากร")
    run.bold = True
    run.font.color.rgb = ACCENT
    add_muted(title, "  Trainer's notes")
    lines = case.note.splitlines() if case.note else []
    for line in [*lines, *([""] * max(0, 3 - len(lines)))]:
        cell.add_paragraph(line)


def render_docx(pack: Pack) -> bytes:
    """The whole pack as .docx bytes: cover, session plan, one part per case, references."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_W_MM), Mm(297)
    section.left_margin = section.right_margin = Mm(MARGIN_MM)
    section.top_margin, section.bottom_margin = Mm(14), Mm(14)
    set_style(doc.styles["Normal"], BODY_PT)
    normal = doc.styles["Normal"].paragraph_format
    normal.space_after = Pt(3)
    # Noto Sans Thai's own line gap is generous (room for stacked marks); 1.4 lines of the body
    # size keeps every mark and matches the PDF's line height, so the two run to similar lengths.
    normal.line_spacing = Pt(BODY_PT * 1.4)
    for name, size in SIZES.items():
        set_style(doc.styles[name], size, ACCENT, bold=True)
    props = doc.core_properties
    props.title = pack.meta.title
    props.author = pack.meta.trainer or "kmhub"
    props.subject = pack.meta.theme
    props.language = "th-TH"
    add_footer(section, pack.meta.title)
    embed_font(doc)
    lists = Lists(doc)
    _cover(doc, pack)
    _plan(doc, pack, lists)
    for n, case in enumerate(pack.cases, start=1):
        _case(doc, n, len(pack.cases), case, lists)
    _heading(doc, "อ้างอิง", "References", 1, new_page=True)
    num_id = lists.new(ordered=True)
    for case in pack.cases:
        paragraph = doc.add_paragraph(citation(case))
        as_list_item(paragraph, num_id, 0)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
