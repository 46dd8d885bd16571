"""Render a workshop pack: print-ready HTML (Jinja2), PDF (WeasyPrint) and DOCX (python-docx)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from kmhub.cases.body import render_html as markdown_html
from kmhub.index.store import open_index
from kmhub.packs.docx import render_docx
from kmhub.packs.model import Pack, PackError, build_pack, citation, make_meta, parse_ids
from kmhub.packs.suggest import suggest
from kmhub.search.live import open_searcher
from kmhub.settings import Settings
from kmhub.text.dates import format_thai

FORMATS = ("html", "pdf", "docx")
MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# The downloaded HTML is opened from disk or served by /api/pack: it needs its inline
# stylesheet and nothing else (no script, no remote fetch).
PACK_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)


# HarfBuzz draws SARA AM (U+0E33) as two glyphs, NIKHAHIT + SARA AA; the PDF's text layer
# can map only one of them back, so copied text lost the NIKHAHIT. Writing the two parts
# ourselves (its Unicode compatibility decomposition) looks the same and copies intact.
SARA_AM_PARTS = "\u0e4d\u0e32"
_TEXT_NODE = re.compile(r">[^<]+<")  # text between tags; attributes (links) stay untouched


@dataclass(frozen=True)
class Rendered:
    content: bytes
    media_type: str
    filename: str  # ASCII fallback name
    filename_utf8: str  # the pack title as a file name, for Content-Disposition filename*

    def content_disposition(self, inline: bool = False) -> str:
        kind = "inline" if inline else "attachment"
        return (
            f'{kind}; filename="{self.filename}"; '
            f"filename*=UTF-8''{quote(self.filename_utf8, safe='')}"
        )


def handout_environment(web_dir: Path) -> jinja2.Environment:
    """The Jinja environment of handouts; the app keeps one on `app.state.handout_jinja`."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(Path(web_dir) / "templates")),
        autoescape=True,  # titles, notes, audience: everything a user typed is escaped
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    # Case sections are Markdown; body.render_html escapes raw HTML and drops unsafe links.
    env.filters["md"] = lambda text: Markup(markdown_html(text or ""))
    return env


def render_html(pack: Pack, env: jinja2.Environment) -> str:
    """The pack as one self-contained A4 HTML document."""
    template = env.get_template("pack.html")
    return template.render(
        pack=pack,
        citations=[citation(c) for c in pack.cases],
        generated_th=format_thai(pack.generated),
    )


def render_pdf(pack: Pack, env: jinja2.Environment) -> bytes:
    """The same HTML laid out by WeasyPrint (Pango shapes and line-breaks the Thai text)."""
    try:
        # Imported here, not at the top: WeasyPrint needs Pango from the system, and HTML and
        # DOCX packs must keep working on a machine without it.
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: libpango missing
        raise PackError(
            "สร้าง PDF ไม่ได้: ยังไม่ได้ติดตั้ง WeasyPrint หรือ libpango",
            f"cannot make a PDF: WeasyPrint or libpango is not installed ({exc})",
        ) from exc
    html = _TEXT_NODE.sub(
        lambda m: m.group(0).replace("\u0e33", SARA_AM_PARTS), render_html(pack, env)
    )
    # base_url stays unset and the template references no files: nothing is fetched.
    pdf: bytes = HTML(string=html, base_url=None).write_pdf(
        pdf_identifier=b"kmhub-pack", uncompressed_pdf=False
    )
    return pdf


def file_stem(pack: Pack) -> tuple[str, str]:
    """(ASCII name, readable name) for the downloaded file."""
    day = (pack.meta.date or pack.generated).strftime("%Y%m%d")
    readable = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", pack.meta.title).strip()[:80] or "pack"
    return f"kmhub-workshop-pack-{day}", readable


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise PackError(
            f"ไม่รู้จักรูปแบบ '{fmt[:20]}' ใช้ได้: {', '.join(FORMATS)}",
            f"unknown format '{fmt[:20]}'; use {', '.join(FORMATS)}",
        )


def render(pack: Pack, fmt: str, env: jinja2.Environment) -> Rendered:
    """The pack in `fmt` (html, pdf or docx) with its media type and file names."""
    _check_format(fmt)
    if fmt == "html":
        content = render_html(pack, env).encode("utf-8")
    elif fmt == "pdf":
        content = render_pdf(pack, env)
    else:
        content = render_docx(pack)
    ascii_name, readable = file_stem(pack)
    return Rendered(content, MEDIA_TYPES[fmt], f"{ascii_name}.{fmt}", f"{readable}.{fmt}")


def write_pack(
    settings: Settings,
    out: Path,
    fmt: str,
    case_ids: str | None = None,
    query: str | None = None,
    n: int = 5,
    *,
    title: str | None = None,
    date: str | None = None,
    audience: str | None = None,
    trainer: str | None = None,
    theme: str | None = None,
) -> tuple[Pack, Path]:
    """The CLI's work: pick cases (given ids, or suggested for a query), render, write `out`."""
    if (case_ids is None) == (query is None):
        raise PackError(
            "ให้ --cases หรือ --query อย่างใดอย่างหนึ่ง", "give either --cases or --query (not both)"
        )
    _check_format(fmt)  # before the slow part: loading the index and encoder
    if query is not None:
        searcher = open_searcher(settings)
        index = searcher.index
        ids = [s.case_id for s in suggest(searcher, query, n)]
        theme = theme or query
        if not ids:
            raise PackError(f"ไม่พบกรณีสำหรับ '{query[:40]}'", f"no cases found for '{query[:40]}'")
    else:
        index = open_index(settings.index_dir, settings.encoder)
        ids = parse_ids(case_ids)
    pack = build_pack(index, ids, make_meta(title, date, audience, trainer, theme))
    rendered = render(pack, fmt, handout_environment(settings.web_dir))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(rendered.content)
    except OSError as exc:
        raise PackError(f"เขียนไฟล์ {out} ไม่ได้: {exc}", f"cannot write {out}: {exc}") from exc
    return pack, out
