"""A workshop pack as an editable Word document (python-docx), in the bundled Thai font.

The file is made the way a careful office would make it by hand: the Thai font embedded (so it
travels), real numbered and nested lists, tables whose columns fit their content with a header
row repeated on each page, working links, and "page n / total" in the footer.
"""

from __future__ import annotations

import io
import uuid
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from markdown_it import MarkdownIt

from kmhub.packs import assets
from kmhub.packs.model import Pack, PackCase, citation, readable_url
from kmhub.text.dates import format_thai

# Thai runs (a complex script in Word) are set in the bundled Noto Sans Thai, embedded in the
# file; Latin runs in Arial, which every office has (LibreOffice maps it to Liberation Sans).
THAI_FONT = assets.FONT_NAME
LATIN_FONT = "Arial"
BODY_PT = 9.5
ACCENT = RGBColor(0x1F, 0x4E, 0x79)
MUTED = RGBColor(0x5D, 0x64, 0x72)
SIZES = {"Title": 24, "Heading 1": 14, "Heading 2": 10.5, "Heading 3": 10}
PAGE_W_MM, MARGIN_MM = 210, 16
TEXT_W_MM = PAGE_W_MM - 2 * MARGIN_MM
CHAR_MM = 1.9  # average width of a 9 pt character of the table text, for fitting columns
CELL_PAD_MM = 4.0  # both cell margins (Word and LibreOffice use about 1.9 mm each)
WORD_MM = 22.0  # Thai runs have no spaces: a "word" longer than this may wrap anywhere
OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
BULLET, DECIMAL = 9001, 9002  # our abstract numbering ids, clear of the template's own


def _fonts(rpr: Any, size: float | None = None) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attr), LATIN_FONT)
    fonts.set(qn("w:cs"), THAI_FONT)
    for theme_attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme_attr), None)
    if size is not None:
        # Thai is a complex script: Word sizes it by szCs, not sz.
        for tag in ("w:sz", "w:szCs"):
            node = rpr.find(qn(tag))
            if node is None:
                node = OxmlElement(tag)
                rpr.append(node)
            node.set(qn("w:val"), str(int(size * 2)))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:bidi"), "th-TH")


def _style(style: Any, size: float, color: RGBColor | None = None, bold: bool = False) -> None:
    style.font.size = Pt(size)
    if color is not None:
        style.font.color.rgb = color
    if bold:
        style.font.bold = True
    _fonts(style.element.get_or_add_rPr(), size)
    rpr = style.element.get_or_add_rPr()
    if bold and rpr.find(qn("w:bCs")) is None:
        rpr.append(OxmlElement("w:bCs"))  # bold for the Thai (complex-script) runs too


def _embed_font(doc: Any) -> None:
    """Embed the bundled regular and bold Thai font (obfuscated, as the format asks)."""
    font_table = doc.part.part_related_by(RT.FONT_TABLE)
    root = parse_xml(font_table.blob)
    for old in root.findall(qn("w:font")):
        if old.get(qn("w:name")) == THAI_FONT:
            root.remove(old)
    font = OxmlElement("w:font")
    font.set(qn("w:name"), THAI_FONT)
    charset = OxmlElement("w:charset")
    charset.set(qn("w:val"), "DE")  # THAI_CHARSET
    font.append(charset)
    for n, (weight, tag) in enumerate((("normal", "w:embedRegular"), ("bold", "w:embedBold"))):
        key = uuid.UUID(int=uuid.uuid5(uuid.NAMESPACE_URL, f"kmhub-{weight}").int)
        digits = key.hex.upper()
        # ECMA-376 font obfuscation: XOR the first 32 bytes with the GUID's bytes, last first.
        mask = bytes(int(digits[i : i + 2], 16) for i in range(30, -1, -2))
        data = bytearray(assets.font_bytes(weight))
        for i in range(32):
            data[i] ^= mask[i % 16]
        part = Part(
            PackURI(f"/word/fonts/kmhub-font{n + 1}.odttf"),
            OBFUSCATED_FONT,
            bytes(data),
            doc.part.package,
        )
        embed = OxmlElement(tag)
        embed.set(qn("r:id"), font_table.relate_to(part, RT.FONT))
        embed.set(qn("w:fontKey"), "{" + str(key).upper() + "}")
        font.append(embed)
    root.append(font)
    font_table._blob = serialize_part_xml(root)
    settings = doc.settings.element
    if settings.find(qn("w:embedTrueTypeFonts")) is None:
        settings.insert(0, OxmlElement("w:embedTrueTypeFonts"))


def _numbering(doc: Any) -> Any:
    """Bullet and decimal list definitions, three levels deep; returns the numbering element."""
    numbering = doc.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    for abstract_id, kind in ((BULLET, "bullet"), (DECIMAL, "decimal")):
        abstract = OxmlElement("w:abstractNum")
        abstract.set(qn("w:abstractNumId"), str(abstract_id))
        for level in range(3):
            lvl = OxmlElement("w:lvl")
            lvl.set(qn("w:ilvl"), str(level))
            for tag, value in (
                ("w:start", "1"),
                ("w:numFmt", kind),
                ("w:lvlText", "•◦▪"[level] if kind == "bullet" else f"%{level + 1}."),
                ("w:lvlJc", "left"),
            ):
                node = OxmlElement(tag)
                node.set(qn("w:val"), value)
                lvl.append(node)
            ppr = OxmlElement("w:pPr")
            ind = OxmlElement("w:ind")
            ind.set(qn("w:left"), str(360 * (level + 1)))
            ind.set(qn("w:hanging"), "280")
            ppr.append(ind)
            lvl.append(ppr)
            abstract.append(lvl)
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
    return numbering


class _Lists:
    """Gives each list its own numbering instance, so every numbered list starts at 1."""

    def __init__(self, doc: Any) -> None:
        self.numbering = _numbering(doc)
        self.next_id = 9100

    def new(self, ordered: bool) -> int:
        self.next_id += 1
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), str(self.next_id))
        abstract = OxmlElement("w:abstractNumId")
        abstract.set(qn("w:val"), str(DECIMAL if ordered else BULLET))
        num.append(abstract)
        for level in range(3):
            override = OxmlElement("w:lvlOverride")
            override.set(qn("w:ilvl"), str(level))
            start = OxmlElement("w:startOverride")
            start.set(qn("w:val"), "1")
            override.append(start)
            num.append(override)
        self.numbering.append(num)
        return self.next_id


def _list_item(paragraph: Any, num_id: int, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(min(level, 2)))
    num = OxmlElement("w:numId")
    num.set(qn("w:val"), str(num_id))
    num_pr.append(ilvl)
    num_pr.append(num)
    ppr.append(num_pr)


def _hyperlink(paragraph: Any, url: str, text: str) -> None:
    """A clickable link (an external relationship), underlined in the accent colour."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True))
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), str(ACCENT))
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    rpr.append(color)
    rpr.append(underline)
    run.append(rpr)
    node = OxmlElement("w:t")
    node.set(qn("xml:space"), "preserve")
    node.text = text
    run.append(node)
    link.append(run)
    paragraph._p.append(link)


def _muted(paragraph: Any, text: str, size: float = BODY_PT - 1.5) -> None:
    run = paragraph.add_run(text)
    run.font.color.rgb = MUTED
    run.font.size = Pt(size)
    _fonts(run._r.get_or_add_rPr(), size)


def _heading(doc: Any, thai: str, english: str, level: int, new_page: bool = False) -> Any:
    heading = doc.add_heading(thai, level=level)
    heading.paragraph_format.keep_with_next = True
    heading.paragraph_format.page_break_before = new_page
    if english:
        _muted(heading, f"  {english}")
    return heading


def _field(run: Any, code: str) -> None:
    for tag, text in (("begin", None), (None, code), ("end", None)):
        if tag:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), tag)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _footer(section: Any, title: str) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = 2  # right
    _muted(paragraph, f"{title} · หน้า ", 8)
    run = paragraph.add_run()
    run.font.size = Pt(8)
    _field(run, "PAGE")
    _muted(paragraph, " / ", 8)
    run = paragraph.add_run()
    run.font.size = Pt(8)
    _field(run, "NUMPAGES")


def fit_widths(columns: list[list[str]], total_mm: float, min_mm: float = 10.0) -> list[float]:
    """Column widths (mm) that fit their content and add up to `total_mm`.

    A column is as wide as its longest line when everything fits; otherwise each column keeps
    its narrowest sensible width (its longest unbreakable word, at most WORD_MM) and the rest of
    the width is shared in proportion to how much more each column would want, the way a
    browser lays out a table: a short "#" stays narrow and long titles get the room.
    """
    natural, floor = [], []
    for cells in columns:
        lines = [line for cell in cells for line in (cell or " ").splitlines()] or [" "]
        natural.append(max(len(line) for line in lines) * CHAR_MM + CELL_PAD_MM)
        words = [w for line in lines for w in line.split()] or [" "]
        longest = max(len(w) for w in words) * CHAR_MM + CELL_PAD_MM
        floor.append(max(min_mm, min(longest, WORD_MM)))
    natural = [max(n, f) for n, f in zip(natural, floor, strict=True)]
    if sum(natural) <= total_mm:
        widths = list(natural)
        widest = max(range(len(widths)), key=lambda i: widths[i])
        widths[widest] += total_mm - sum(widths)
    elif sum(floor) >= total_mm:
        widths = [f * total_mm / sum(floor) for f in floor]
    else:
        share = (total_mm - sum(floor)) / (sum(natural) - sum(floor))
        widths = [f + (n - f) * share for n, f in zip(natural, floor, strict=True)]
    return [round(w, 2) for w in widths]


def _table(
    doc: Any, header: list[str], rows: list[list[str]], widths: list[float] | None = None
) -> Any:
    """A fixed-layout table as wide as the text, columns fitted, the header repeated."""
    columns = [[h, *(r[i] for r in rows)] for i, h in enumerate(header)]
    widths = widths or fit_widths(columns, TEXT_W_MM)
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(int(sum(widths) * 56.7)))
    width.set(qn("w:type"), "dxa")
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    tbl_pr.append(width)
    for column, mm in zip(table.columns, widths, strict=True):
        column.width = Mm(mm)
    for r, values in enumerate([header, *rows]):
        row = table.rows[r]
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if r == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))  # repeated at the top of each page
        for cell, text, mm in zip(row.cells, values, widths, strict=True):
            cell.width = Mm(mm)
            paragraph = cell.paragraphs[0]
            for n, line in enumerate(text.splitlines() or [""]):
                if n == 0:
                    run = paragraph.add_run(line)
                    run.bold = r == 0 or None
                else:
                    _muted(paragraph, "\n" + line, 8)
            for p in cell.paragraphs:
                p.paragraph_format.space_after = Pt(0)
                for run in p.runs:
                    if run.font.size is None:
                        run.font.size = Pt(9)
    return table


def _markdown(doc: Any, markdown: str, lists: _Lists) -> None:
    """Markdown blocks as Word paragraphs: real (nested, numbered) lists, emphasis, links."""
    tokens = MarkdownIt("commonmark", {"html": False}).enable("table").parse(markdown)
    open_lists: list[int] = []  # numbering ids of the lists we are inside
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            open_lists.append(lists.new(token.type == "ordered_list_open"))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            open_lists.pop()
        elif token.type == "inline":
            paragraph = doc.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(2)
            if open_lists:
                _list_item(paragraph, open_lists[-1], len(open_lists) - 1)
            bold = italic = False
            href = ""
            for child in token.children or []:
                if child.type in ("strong_open", "strong_close"):
                    bold = child.type == "strong_open"
                elif child.type in ("em_open", "em_close"):
                    italic = child.type == "em_open"
                elif child.type == "link_open":
                    href = str(child.attrGet("href") or "")
                elif child.type == "link_close":
                    href = ""
                elif child.type in ("text", "code_inline"):
                    if href.startswith(("http://", "https://", "mailto:")):
                        _hyperlink(paragraph, href, child.content)
                    else:
                        run = paragraph.add_run(child.content)
                        run.bold, run.italic = bold or None, italic or None
                elif child.type in ("softbreak", "hardbreak"):
                    paragraph.add_run(" ")
        elif token.type in ("fence", "code_block"):
            doc.add_paragraph(token.content.strip())


def _cover(doc: Any, pack: Pack) -> None:
    meta = pack.meta
    kicker = doc.add_paragraph()
    kicker.paragraph_format.space_before = Pt(60)
    run = kicker.add_run("ชุดกรณีศึกษาสำหรับวิทยากรส่งเสริมคุณธรรม")
    run.bold = True
    _muted(kicker, "  Case pack for moral-promoter trainers")
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
    _table(doc, facts[0], facts[1:], [45.0, TEXT_W_MM - 45.0])
    foot = doc.add_paragraph()
    foot.paragraph_format.space_before = Pt(24)
    _muted(foot, f"คลังความรู้จังหวัดคุณธรรม · จัดทำเมื่อ {format_thai(pack.generated)}")


def _plan(doc: Any, pack: Pack, lists: _Lists) -> None:
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
    _table(doc, header, rows)
    total = doc.add_paragraph()
    total.add_run(f"รวม {pack.total_minutes} นาที").bold = True
    _muted(total, f"  {pack.total_minutes} minutes in all")
    if pack.comparisons:
        _heading(doc, "คำถามเปรียบเทียบระหว่างกรณี (ช่วงสรุป)", "Questions across the cases", 2)
        _questions(doc, pack.comparisons, lists)


def _questions(doc: Any, questions: list[Any], lists: _Lists) -> None:
    num_id = lists.new(ordered=True)
    for question in questions:
        paragraph = doc.add_paragraph(question.thai)
        paragraph.paragraph_format.space_after = Pt(3)
        paragraph.paragraph_format.keep_together = True
        _list_item(paragraph, num_id, 0)
        paragraph.add_run().add_break()
        _muted(paragraph, question.english)


def _case(doc: Any, n: int, total: int, case: PackCase, lists: _Lists) -> None:
    _heading(doc, f"กรณีที่ {n}: {case.title}", case.title_en, 1, new_page=True)
    meta = doc.add_paragraph()
    _muted(
        meta,
        f"{case.province} · {case.level_th} ({case.level_en}) · {case.year} / พ.ศ. {case.year_be}"
        f" · {' · '.join(case.networks_th)} · กรณีที่ {n} จาก {total} · {case.minutes} นาที",
    )
    doc.add_paragraph(case.summary)
    missing = []
    for section in case.sections:
        if section.markdown:
            _heading(doc, section.label_th, section.label_en, 2)
            _markdown(doc, section.markdown, lists)
        else:
            missing.append(section)
    if missing:
        _muted(
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
    _muted(sources, f"แหล่งที่มา / Sources · รหัสกรณี {case.id}")
    num_id = lists.new(ordered=False)
    for source in case.sources:
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.keep_with_next = True
        _list_item(paragraph, num_id, 0)
        if source["url"]:
            _hyperlink(paragraph, source["url"], source["title"] or readable_url(source["url"]))
            if source["title"]:
                _muted(paragraph, f"  {readable_url(source['url'])}", 8)
        else:
            paragraph.add_run(source["title"])
        if source["published"]:
            _muted(paragraph, f" ({source['published']})", 8)
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
    _muted(title, "  Trainer's notes")
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
    _style(doc.styles["Normal"], BODY_PT)
    normal = doc.styles["Normal"].paragraph_format
    normal.space_after = Pt(3)
    # Noto Sans Thai's own line gap is generous (room for stacked marks); 1.4 lines of the body
    # size keeps every mark and matches the PDF's line height, so the two run to similar lengths.
    normal.line_spacing = Pt(BODY_PT * 1.4)
    for name, size in SIZES.items():
        _style(doc.styles[name], size, ACCENT, bold=True)
    props = doc.core_properties
    props.title = pack.meta.title
    props.author = pack.meta.trainer or "kmhub"
    props.subject = pack.meta.theme
    props.language = "th-TH"
    _footer(section, pack.meta.title)
    _embed_font(doc)
    lists = _Lists(doc)
    _cover(doc, pack)
    _plan(doc, pack, lists)
    for n, case in enumerate(pack.cases, start=1):
        _case(doc, n, len(pack.cases), case, lists)
    _heading(doc, "อ้างอิง", "References", 1, new_page=True)
    num_id = lists.new(ordered=True)
    for case in pack.cases:
        paragraph = doc.add_paragraph(citation(case))
        _list_item(paragraph, num_id, 0)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
