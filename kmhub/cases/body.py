"""Case bodies: sections from Markdown (markdown-it-py), safety checks, and safe HTML rendering."""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from kmhub.cases import limits
from kmhub.errors import Problem
from kmhub.text import safety, vocab

SAFE_LINK = re.compile(r"^(https?:|mailto:|#|/|\./|\.\./|[^:]*$)", re.IGNORECASE)
INTRO_SECTION = "intro"
OTHER_SECTION = "other"


def _markdown() -> MarkdownIt:
    # commonmark with raw HTML off: contributed text must never inject markup into a page.
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.validateLink = is_safe_link  # type: ignore[method-assign]
    md.add_render_rule("image", _render_image)
    return md


def _render_image(self, tokens: list[Token], idx: int, options, env) -> str:
    # Only the case's own files are shown; anything else (a build made before images were
    # checked) becomes its caption, so a page never fetches from another host.
    token = tokens[idx]
    if str(token.attrGet("src") or "").startswith(limits.ASSETS_DIR + "/"):
        return self.image(tokens, idx, options, env)
    return html.escape(self.renderInlineAsText(token.children or [], options, env))


def is_safe_link(url: str) -> bool:
    """Only http, https, mailto and relative links; never javascript:, data:, vbscript: ...

    Protocol-relative links (//host, and /\\host, which browsers read the same way) leave
    the site as surely as http:// does, without saying so: refused too.
    """
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", url)
    if _protocol_relative(cleaned):
        return False
    return bool(SAFE_LINK.match(cleaned))


def _protocol_relative(url: str) -> bool:
    return len(url) >= 2 and url[0] in "/\\" and url[1] in "/\\"


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


def parse_body(
    markdown: str, first_line: int, path: str, base_dir: Path | None = None
) -> ParsedBody:
    """Split a body into H2 sections and report unsafe markup and structure problems."""
    result = ParsedBody()

    def report(line: int, severity: str, thai: str, english: str) -> None:
        result.problems.append(Problem(path, line, severity, thai, english))  # type: ignore[arg-type]

    if not markdown.strip():
        report(first_line, "error", "เนื้อหาว่างเปล่า", "the body is empty")
        return result
    if not _within_limits(markdown, first_line, report):
        return result  # parsing an oversized body is the cost the limits are there to avoid
    # Parse with HTML recognised so that we can find it and refuse it.
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    lines = markdown.split("\n")
    links, deep = 0, False
    for token, offset in _walk(tokens):
        line = first_line + offset
        if token.type in ("html_block", "html_inline"):
            report(
                line,
                "error",
                "ห้ามใช้ HTML ดิบ: " + token.content.strip()[:60],
                "raw HTML is not allowed: " + token.content.strip()[:60],
            )
        if token.type == "image":
            links += 1
            _check_image(str(token.attrGet("src") or ""), base_dir, line, report)
        elif token.type == "link_open":
            links += 1
            href = str(token.attrGet("href") or "")
            if _protocol_relative(re.sub(r"[\x00-\x20\x7f]", "", href)):
                report(
                    line,
                    "error",
                    f"ลิงก์แบบไม่ระบุโปรโตคอล {href[:60]} ให้เขียน https:// ให้ครบ",
                    f"protocol-relative link {href[:60]}; write the full https:// address",
                )
            elif not is_safe_link(href):
                report(
                    line,
                    "error",
                    f"ลิงก์ไม่ปลอดภัย: {href[:60]} (ใช้ได้เฉพาะ http, https, mailto)",
                    f"unsafe link: {href[:60]} (only http, https and mailto are allowed)",
                )
        if token.nesting == 1 and token.level > limits.MAX_NESTING and not deep:
            deep = True
            report(
                line,
                "error",
                f"รายการหรือข้อความอ้างอิงซ้อนกันลึกเกิน {limits.MAX_NESTING} ชั้น",
                f"lists or quotes nest deeper than {limits.MAX_NESTING} levels",
            )
    if links > limits.MAX_LINKS:
        report(
            first_line,
            "error",
            f"มีลิงก์และรูป {links:,} รายการ เกิน {limits.MAX_LINKS}",
            f"{links:,} links and images; at most {limits.MAX_LINKS}",
        )
    for token in tokens:
        if token.type == "inline" and re.search(
            r"\]\(\s*(javascript|data|vbscript):", html.unescape(token.content), re.I
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
            hint = _heading_hint(section.heading)
            hint_th = f" หมายถึง '{hint[0]}' หรือไม่" if hint else ""
            hint_en = f"; did you mean '{hint[1]}' ({hint[0]})?" if hint else ""
            report(
                section.line,
                "warning",
                f"ไม่รู้จักหัวข้อ '{section.heading}'{hint_th} หัวข้อที่ใช้ได้: {known}",
                f"unknown section heading '{section.heading}'{hint_en}",
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


def _heading_hint(heading: str) -> tuple[str, str] | None:
    """The (Thai, English) section a mistyped or shortened heading most likely means."""
    wanted = " ".join(heading.split()).casefold()
    for thai, english in vocab.SECTIONS.values():
        if wanted and (english.casefold().startswith(wanted) or thai.startswith(wanted)):
            return thai, english
    names = {n.casefold(): pair for pair in vocab.SECTIONS.values() for n in pair}
    close = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.6)
    return names[close[0]] if close else None


def _within_limits(markdown: str, first_line: int, report) -> bool:
    """Size, line length, characters and markup counts, checked before any parsing."""
    ok = True
    if len(markdown) > limits.MAX_BODY_CHARS:
        report(
            first_line,
            "error",
            f"เนื้อหายาว {len(markdown):,} ตัวอักษร เกิน {limits.MAX_BODY_CHARS:,} ให้แยกเป็นหลายกรณี",
            f"the body has {len(markdown):,} characters; at most {limits.MAX_BODY_CHARS:,} (split it)",
        )
        return False
    reported = 0
    for n, line in enumerate(markdown.split("\n")):
        if len(line) > limits.MAX_LINE_CHARS:
            ok = False
            report(
                first_line + n,
                "error",
                f"บรรทัดยาว {len(line):,} ตัวอักษร เกิน {limits.MAX_LINE_CHARS:,}",
                f"line of {len(line):,} characters; at most {limits.MAX_LINE_CHARS:,}",
            )
        bad = safety.first_forbidden(line)
        if bad is not None and reported < 5:
            reported += 1
            ok = False
            thai, english = safety.describe(bad[1])
            report(first_line + n, "error", f"พบ{thai} ให้ลบออก", f"found a {english}; remove it")
    counts = {
        "emphasis": (len(re.findall(r"[*_]+", markdown)), limits.MAX_EMPHASIS_RUNS),
        "brackets": (markdown.count("["), limits.MAX_BRACKETS),
    }
    names = {"emphasis": ("เครื่องหมาย * หรือ _", "runs of * or _"), "brackets": ("วงเล็บ [", "'['")}
    for key, (count, bound) in counts.items():
        if count > bound:
            ok = False
            th, en = names[key]
            report(
                first_line,
                "error",
                f"มี{th} {count:,} ที่ เกิน {bound:,}",
                f"{count:,} {en} (emphasis and links); at most {bound:,}",
            )
    return ok


def _check_image(src: str, base_dir: Path | None, line: int, report) -> None:
    """An image must be a file in assets/ beside the case: nothing is fetched from elsewhere."""
    shown = src[:60]
    rule_th = f"รูปต้องเป็นไฟล์ในโฟลเดอร์ {limits.ASSETS_DIR}/ ข้างไฟล์กรณี เช่น ![คำอธิบาย](assets/รูป.png)"
    rule_en = f"an image must be a file in {limits.ASSETS_DIR}/ beside the case, e.g. ![caption](assets/photo.png)"
    relative = Path(src)
    if (
        not src
        or re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I)
        or _protocol_relative(src)
        or relative.is_absolute()
        or not src.startswith(limits.ASSETS_DIR + "/")
        or ".." in relative.parts
        or relative.suffix.lower() not in limits.IMAGE_SUFFIXES
    ):
        report(line, "error", f"รูป {shown}: {rule_th}", f"image {shown}: {rule_en}")
        return
    if base_dir is None:
        return  # text without a file (a draft being built): the form is all that can be checked
    assets = (base_dir / limits.ASSETS_DIR).resolve()
    target = (base_dir / relative).resolve()
    if not target.is_relative_to(assets) or not target.is_file():
        report(
            line,
            "error",
            f"ไม่พบไฟล์รูป {shown} ใน {limits.ASSETS_DIR}/",
            f"image {shown} is not a file in {limits.ASSETS_DIR}/",
        )
    elif target.stat().st_size > limits.MAX_IMAGE_BYTES:
        report(
            line,
            "error",
            f"รูป {shown} ใหญ่เกิน {limits.MAX_IMAGE_BYTES // 1_000_000} MB",
            f"image {shown} is larger than {limits.MAX_IMAGE_BYTES // 1_000_000} MB",
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
