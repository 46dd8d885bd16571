"""Clean a scraped news page down to its article: headline, paragraphs, credits and links."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser

from kmhub.errors import KmhubError
from kmhub.text.dates import find_dates

# A line this long is a paragraph of its own; shorter lines are hard wraps of one paragraph.
PARAGRAPH_LINE_CHARS = 150
HEADLINE_MAX_CHARS = 250
THAI_CHAR = re.compile(r"[\u0e01-\u0e4e]")

# Whole lines that are page furniture: font-size widgets, CMS error banners, image ids, buttons.
_JUNK_LINES = [
    r"A-\s*A\s*A\+",
    r"[×xX✕]",
    r"error|warning|notice|เกิดข้อผิดพลาด|ข้อผิดพลาด",
    r"(image|photo|picture|ภาพ|รูปภาพ|รูป)(\s+(image|รูปภาพ|ภาพ))*",
    r"\[?(image|img|photo)[^\]\n]{0,40}\]?",
    r"[\w-]+\.(jpe?g|png|gif|webp)",
    r"[A-Z]{1,3}\s?\d{5,}",  # camera or CMS image ids such as "S 26763350"
    r"(?:[0-9A-F]{4,}\s+)+[0-9A-Z ]*",  # GUID-like image file names
    r"(share|tweet|like|print|email|แชร์|พิมพ์|ส่งอีเมล|อ่านต่อ|read more|ฟังวิทยุออนไลน์|ขนาดตัวอักษร)",
    r"(hits|เข้าชม|จำนวนผู้เข้าชม|views?)\s*[:：]?\s*[\d,]*(\s*ครั้ง)?",
    r"(ที่มา|แหล่งที่มา|อ้างอิง|source)\s*[:：]?\s*https?://\S+",  # kept as the source URL
    r"[\W_]+",  # a line of only dots, dashes, bullets ...
]
JUNK_LINE = re.compile(r"^(?:" + "|".join(f"(?:{p})" for p in _JUNK_LINES) + r")$", re.I)
# CMS and plugin error text, wherever it sits in a line.
ERROR_TEXT = re.compile(
    r"\[[A-Z_]*(EXCEPTION|ERROR)[A-Z_]*\].*|(fatal error|parse error|warning|notice|deprecated):\s.*\bon line\b.*"
    r"|image source is expected.*|jfolder::.*|\{load(position|module)[^}]*\}",
    re.I,
)
# Joomla-style content plugin tags: {gallery}...{/gallery}, {youtube}...{/youtube}.
PLUGIN_TAG = re.compile(
    r"\{(\w+)[^{}]*\}.*?\{/\1\}|\{/?(gallery|youtube|vimeo|sigplus)[^{}]*\}", re.S
)
# Vote and related-article boxes: everything from one of these short headings on is not article.
TAIL_MARKERS = re.compile(
    r"^(คะแนนโหวต|โหวต|ให้คะแนน|บทความที่น่าสนใจ|บทความยอดนิยม|บทความล่าสุด|ข่าวที่เกี่ยวข้อง|ข่าวล่าสุด|"
    r"ข่าวอื่น ๆ|ข่าวอื่นๆ|เรื่องที่เกี่ยวข้อง|related articles?|popular|vote|rating)\b.{0,30}$",
    re.I,
)
CREDIT_LABEL = (
    r"เขียนข่าวและถ่ายภาพ|เขียนข่าว/ถ่ายภาพ|เขียนข่าว|ถ่ายภาพ|บรรณาธิการข่าว|บรรณาธิการ|เรียบเรียง|"
    r"ผู้เขียน|ผู้สื่อข่าว|รายงาน|ข่าว|ภาพ|Photo|Text|Writer|Editor"
)
CREDIT_START = re.compile(rf"^(?:{CREDIT_LABEL})\s*[:：]", re.I)
CREDIT_PART = re.compile(
    rf"(?P<label>{CREDIT_LABEL})\s*[:：]\s*(?P<value>.*?)(?=\s+(?:{CREDIT_LABEL})\s*[:：]|$)", re.I
)
URL = re.compile(r"https?://[^\s<>\"'()]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


@dataclass
class Credit:
    role: str
    name: str
    affiliation: str = ""

    def __str__(self) -> str:
        return f"{self.role}: {self.name}" + (f" / {self.affiliation}" if self.affiliation else "")


@dataclass
class Article:
    """What is left of a page once the furniture is gone."""

    headline: str
    paragraphs: list[str]
    credits: list[Credit] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    dropped: int = 0  # lines removed as furniture, for the report

    @property
    def text(self) -> str:
        return "\n\n".join(([self.headline] if self.headline else []) + self.paragraphs)


def decode_page(raw: bytes) -> str:
    """Text of a page file; KmhubError when it is empty, binary, or not Thai-readable."""
    if not raw.strip():
        raise KmhubError("ไฟล์ว่างเปล่า", "the file is empty")
    if b"\x00" in raw[:4096]:
        raise KmhubError("ไฟล์นี้ไม่ใช่ข้อความ (ไฟล์ไบนารี)", "this is not a text file (binary data)")
    for encoding in ("utf-8-sig", "cp874"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise KmhubError(
            "อ่านไฟล์เป็น UTF-8 หรือ TIS-620 ไม่ได้", "cannot decode the file as UTF-8 or TIS-620"
        )
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t")
    if controls > max(5, len(text) // 100):
        raise KmhubError("ไฟล์นี้ไม่ใช่ข้อความ (ไฟล์ไบนารี)", "this is not a text file (binary data)")
    return text


class _TextOfHtml(HTMLParser):
    """Visible text of an HTML page with a line break at every block element."""

    BLOCKS = frozenset(
        {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "tr", "section", "article", "header"}
    )
    HIDDEN = frozenset(
        {"script", "style", "noscript", "template", "nav", "footer", "form", "title", "head"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n" if tag != "br" else "\n")
        href = dict(attrs).get("href") or "" if tag == "a" else ""
        if URL.fullmatch(href):
            # Keep link targets on lines of their own: they become the source URL.
            self.parts.append(f"\n{href}\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(page: str) -> str:
    parser = _TextOfHtml()
    parser.feed(page)
    parser.close()
    return "".join(parser.parts)


def looks_like_html(text: str) -> bool:
    return bool(re.search(r"<(html|body|p|div|br|article)\b", text[:5000], re.I))


def clean_page(text: str) -> Article:
    """Drop widgets, error banners, plugin tags, image placeholders, boxes and credits; keep
    every article sentence, with hard-wrapped lines joined into paragraphs."""
    if looks_like_html(text):
        text = html_to_text(text)
    text = html.unescape(unicodedata.normalize("NFC", text)).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = PLUGIN_TAG.sub("\n", text)
    urls = list(dict.fromkeys(u.rstrip(".,;") for u in URL.findall(text)))
    credits: list[Credit] = []
    blocks: list[list[str]] = [[]]
    dropped = 0
    for raw_line in text.split("\n"):
        line = ERROR_TEXT.sub("", raw_line)
        line = re.sub(r"[ \t\f\v]+", " ", line).strip()
        if not line:
            if raw_line.strip():
                dropped += 1
            blocks.append([])
            continue
        if TAIL_MARKERS.match(line) and any(blocks):
            dropped += 1
            break
        if JUNK_LINE.match(line) or URL.fullmatch(line):
            dropped += 1
            blocks.append([])
            continue
        if CREDIT_START.match(line) and len(line) < 400:
            credits.extend(parse_credits(line))
            dropped += 1
            blocks.append([])
            continue
        blocks[-1].append(line)
    paragraphs = [p for block in blocks for p in _join_wrapped(block)]
    headline = ""
    if len(paragraphs) > 1 and _is_headline(paragraphs[0]):
        headline = paragraphs.pop(0)
    return Article(headline, paragraphs, credits, urls, dropped)


def _join_wrapped(lines: list[str]) -> list[str]:
    paragraphs: list[str] = []
    last_line = 0  # length of the last line added: short lines are hard wraps
    for line in lines:
        starts_with_date = any(f.start < 12 for f in find_dates(line[:40]))
        wrapped = last_line < PARAGRAPH_LINE_CHARS or len(line) < 40 or line.startswith("(")
        if paragraphs and wrapped and not starts_with_date:
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
        last_line = len(line)
    return paragraphs


def _is_headline(paragraph: str) -> bool:
    # A short opening paragraph with no date in it is the page's headline.
    return len(paragraph) <= HEADLINE_MAX_CHARS and not find_dates(paragraph)


def parse_credits(line: str) -> list[Credit]:
    """ "เขียนข่าว : ชื่อ / กลุ่มงาน   ภาพ : ชื่อ" -> one Credit per label."""
    credits = []
    for match in CREDIT_PART.finditer(line):
        value = " ".join(match["value"].split()).strip(" ,;")
        if not value:
            continue
        name, _, affiliation = (part.strip() for part in value.partition("/"))
        credits.append(Credit(match["label"], name or affiliation, affiliation if name else ""))
    return credits


def has_thai(text: str) -> bool:
    return len(THAI_CHAR.findall(text)) >= 20
