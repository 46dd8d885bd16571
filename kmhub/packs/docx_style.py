"""The look of the Word pack: fonts, sizes, colours, page geometry and the embedded Thai font."""

from __future__ import annotations

import uuid
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from kmhub.packs import assets

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
OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"


def set_fonts(rpr: Any, size: float | None = None) -> None:
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


def set_style(style: Any, size: float, color: RGBColor | None = None, bold: bool = False) -> None:
    style.font.size = Pt(size)
    if color is not None:
        style.font.color.rgb = color
    if bold:
        style.font.bold = True
    set_fonts(style.element.get_or_add_rPr(), size)
    rpr = style.element.get_or_add_rPr()
    if bold and rpr.find(qn("w:bCs")) is None:
        rpr.append(OxmlElement("w:bCs"))  # bold for the Thai (complex-script) runs too


def embed_font(doc: Any) -> None:
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


def add_muted(paragraph: Any, text: str, size: float = BODY_PT - 1.5) -> None:
    run = paragraph.add_run(text)
    run.font.color.rgb = MUTED
    run.font.size = Pt(size)
    set_fonts(run._r.get_or_add_rPr(), size)
