"""Word building blocks: real lists, links, page-number fields, fitted tables, Markdown."""

from __future__ import annotations

from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from markdown_it import MarkdownIt

from kmhub.packs.docx_style import ACCENT, TEXT_W_MM, add_muted

CHAR_MM = 1.9  # average width of a 9 pt character of the table text, for fitting columns
CELL_PAD_MM = 4.0  # both cell margins (Word and LibreOffice use about 1.9 mm each)
WORD_MM = 22.0  # Thai runs have no spaces: a "word" longer than this may wrap anywhere
BULLET, DECIMAL = 9001, 9002  # our abstract numbering ids, clear of the template's own


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


class Lists:
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


def as_list_item(paragraph: Any, num_id: int, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(min(level, 2)))
    num = OxmlElement("w:numId")
    num.set(qn("w:val"), str(num_id))
    num_pr.append(ilvl)
    num_pr.append(num)
    ppr.append(num_pr)


def add_hyperlink(paragraph: Any, url: str, text: str) -> None:
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


def add_footer(section: Any, title: str) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = 2  # right
    add_muted(paragraph, f"{title} · หน้า ", 8)
    run = paragraph.add_run()
    run.font.size = Pt(8)
    _field(run, "PAGE")
    add_muted(paragraph, " / ", 8)
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


def add_table(
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
                    add_muted(paragraph, "\n" + line, 8)
            for p in cell.paragraphs:
                p.paragraph_format.space_after = Pt(0)
                for run in p.runs:
                    if run.font.size is None:
                        run.font.size = Pt(9)
    return table


def add_markdown(doc: Any, markdown: str, lists: Lists) -> None:
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
                as_list_item(paragraph, open_lists[-1], len(open_lists) - 1)
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
                        add_hyperlink(paragraph, href, child.content)
                    else:
                        run = paragraph.add_run(child.content)
                        run.bold, run.italic = bold or None, italic or None
                elif child.type in ("softbreak", "hardbreak"):
                    paragraph.add_run(" ")
        elif token.type in ("fence", "code_block"):
            doc.add_paragraph(token.content.strip())
