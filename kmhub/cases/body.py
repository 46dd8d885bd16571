"""Case bodies: sections from Markdown (markdown-it-py), safety checks, and safe HTML rendering."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from kmhub.errors import Problem
from kmhub.text import vocab

SAFE_LINK = re.compile(r"^(https?:|mailto:|#|/|\./|\.\./|[^:]*$)", re.IGNORECASE)
INTRO_SECTION = "intro"
OTHER_SECTION = "other"


def _markdown() -> MarkdownIt:
    # commonmark with raw HTML off: contributed text must never inject markup into a page.
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.validateLink = is_safe_link  # type: ignore[method-assign]
    return md


def is_safe_link(url: str) -> bool:
    """Only http, https, mailto and relative links; never javascript:, data:, vbscript: ..."""
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", url)
    return bool(SAFE_LINK.match(cleaned))


@dataclass
class Section:
    key: str  # canonical key from vocab.SECTIONS, or "intro"/"other"
    heading: str  # the heading as written
    line: int  # line of the heading in the file
    markdown: str
    text: str  # plain text, one block per line


@dataclass
class ParsedBody:
    sections: list[Section] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def parse_body(markdown: str, first_line: int, path: str) -> ParsedBody:
    """Split a body into H2 sections and report unsafe markup and structure problems."""
    result = ParsedBody()

    def report(line: int, severity: str, thai: str, english: str) -> None:
        result.problems.append(Problem(path, line, severity, thai, english))  # type: ignore[arg-type]

    if not markdown.strip():
        report(first_line, "error", "เนื้อหาว่างเปล่า", "the body is empty")
        return result
    # Parse with HTML recognised so that we can find it and refuse it.
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    lines = markdown.split("\n")
    for token, offset in _walk(tokens):
        line = first_line + offset
        if token.type in ("html_block", "html_inline"):
            report(
                line,
                "error",
                "ห้ามใช้ HTML ดิบ: " + token.content.strip()[:60],
                "raw HTML is not allowed: " + token.content.strip()[:60],
            )
        if token.type in ("link_open", "image") and not is_safe_link(
            str(token.attrGet("href") or token.attrGet("src") or "")
        ):
            target = str(token.attrGet("href") or token.attrGet("src"))[:60]
            report(
                line,
                "error",
                f"ลิงก์ไม่ปลอดภัย: {target} (ใช้ได้เฉพาะ http, https, mailto)",
                f"unsafe link: {target} (only http, https and mailto are allowed)",
            )
    for token in tokens:
        if token.type == "inline" and re.search(
            r"\]\(\s*(javascript|data|vbscript):", token.content, re.I
        ):
            report(
                first_line + (token.map[0] if token.map else 0),
                "error",
                "ลิงก์ไม่ปลอดภัย (javascript:)",
                "unsafe link (javascript:)",
            )

    headings = [(i, t) for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    starts = [t.map[0] for _, t in headings if t.map] + [len(lines)]
    if starts[0] > 0:
        intro = "\n".join(lines[: starts[0]])
        if intro.strip():
            result.sections.append(Section(INTRO_SECTION, "", first_line, intro, plain_text(intro)))
    for n, (i, _token) in enumerate(headings):
        heading = tokens[i + 1].content.strip()
        start, end = starts[n], starts[n + 1]
        text_md = "\n".join(lines[start + 1 : end])
        key = vocab.section_key(heading) or OTHER_SECTION
        result.sections.append(
            Section(key, heading, first_line + start, text_md, plain_text(text_md))
        )
    _check_structure(result, first_line, report)
    return result


def _check_structure(result: ParsedBody, first_line: int, report) -> None:
    order = list(vocab.SECTIONS)
    last_index = -1
    seen: set[str] = set()
    known = " ".join(th for th, _ in vocab.SECTIONS.values())
    for section in result.sections:
        if section.key == OTHER_SECTION:
            report(
                section.line,
                "warning",
                f"ไม่รู้จักหัวข้อ '{section.heading}' หัวข้อที่ใช้ได้: {known}",
                f"unknown section heading '{section.heading}'",
            )
            continue
        if section.key == INTRO_SECTION:
            continue
        if section.key in seen:
            report(
                section.line,
                "warning",
                f"หัวข้อ '{section.heading}' ซ้ำ",
                f"section '{section.heading}' appears twice",
            )
        seen.add(section.key)
        index = order.index(section.key)
        if index < last_index:
            report(
                section.line,
                "warning",
                f"หัวข้อ '{section.heading}' อยู่ผิดลำดับ ลำดับที่ถูกคือ {known}",
                f"section '{section.heading}' is out of order",
            )
        last_index = max(last_index, index)
        if not section.text.strip():
            report(
                section.line,
                "warning",
                f"หัวข้อ '{section.heading}' ไม่มีเนื้อหา",
                f"section '{section.heading}' is empty",
            )
    if "lessons" not in seen:
        report(
            first_line,
            "warning",
            "ไม่มีหัวข้อ บทเรียน ซึ่งเป็นหัวใจของกรณีศึกษา",
            "no บทเรียน (Lessons learned) section",
        )


def _walk(tokens: list[Token], offset: int = 0):
    """Every token with the line offset of its block (inline children have no map of their own)."""
    for token in tokens:
        line = token.map[0] if token.map else offset
        yield token, line
        if token.children:
            yield from _walk(token.children, line)


def plain_text(markdown: str) -> str:
    """Readable text of Markdown: one line per block, markup and link targets dropped."""
    blocks: list[str] = []
    for token in MarkdownIt("commonmark", {"html": False}).enable("table").parse(markdown):
        if token.type == "inline":
            parts = []
            for child in token.children or []:
                if child.type in ("text", "code_inline"):
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append(" ")
            text = " ".join("".join(parts).split())
            if text:
                blocks.append(text)
        elif token.type in ("code_block", "fence"):
            blocks.append(" ".join(token.content.split()))
    return "\n".join(blocks)


def render_html(markdown: str) -> str:
    """HTML for display: raw HTML escaped, only safe links kept."""
    return _markdown().render(markdown)
