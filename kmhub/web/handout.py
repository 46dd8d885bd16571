"""Render a workshop pack: print-ready HTML (Jinja2), PDF (WeasyPrint) and DOCX (python-docx)."""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit
from urllib.request import url2pathname

import jinja2
from markupsafe import Markup

from kmhub.cases.body import render_html as markdown_html
from kmhub.index.store import open_index
from kmhub.packs import assets
from kmhub.packs.docx import render_docx
from kmhub.packs.model import (
    Pack,
    PackError,
    build_pack,
    citation,
    make_meta,
    parse_ids,
    readable_url,
)
from kmhub.packs.suggest import match_strengths, suggest
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
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
# The one command that installs what WeasyPrint needs from Debian.
PANGO_INSTALL = "sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0"


class PdfUnavailableError(PackError):
    """WeasyPrint or its system libraries (Pango) are missing: no PDF, but HTML and DOCX work."""

    http_status = 503
    code = "pdf_unavailable"

    def __init__(self, detail: str) -> None:
        super().__init__(
            "สร้าง PDF ไม่ได้ เพราะเครื่องนี้ยังไม่มีไลบรารี Pango ที่ WeasyPrint ใช้ "
            f"ติดตั้งด้วยคำสั่ง: {PANGO_INSTALL} ระหว่างนี้ดาวน์โหลดเป็น HTML หรือ Word (DOCX) ได้ตามปกติ",
            f"cannot make a PDF: the Pango libraries WeasyPrint needs are missing ({detail[:160]}). "
            f"Install them with: {PANGO_INSTALL}. HTML and Word (DOCX) packs still work.",
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


def render_html(pack: Pack, env: jinja2.Environment, for_pdf: bool = False) -> str:
    """The pack as one self-contained A4 HTML document, in the bundled Thai font.

    The downloaded HTML carries the font as data: URLs; the PDF's HTML points at the font
    files inside the package, which the PDF fetcher alone may open.
    """
    template = env.get_template("pack.html")
    faces = [
        (
            assets.font_path(weight).as_uri() if for_pdf else assets.font_data_url(weight),
            weight,
        )
        for weight in assets.FONT_FILES
    ]
    return template.render(
        pack=pack,
        citations=[citation(c) for c in pack.cases],
        generated_th=format_thai(pack.generated),
        font_family=assets.FONT_FAMILY,
        font_faces=faces,
        shown_url=readable_url,
    )


@cache
def pdf_engine() -> Any:
    """The weasyprint module, or PdfUnavailableError when Pango cannot be loaded."""
    # Imported here, not at the top: WeasyPrint needs Pango from the system, and HTML and
    # DOCX packs must keep working on a machine without it. On failure WeasyPrint prints a
    # help text to stdout, which would land in the middle of CLI output: it is kept back.
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            import weasyprint
    except (ImportError, OSError) as exc:  # OSError: libpango or libgobject missing
        raise PdfUnavailableError(str(exc)) from exc
    return weasyprint


def bundled_fetcher(weasyprint: Any) -> Any:
    """A URL fetcher that opens only the files shipped in kmhub/packs/fonts/, nothing else.

    No network, no data: URLs, no file outside the package: a case that links an image or a
    stylesheet cannot make the PDF renderer fetch anything.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    root = assets.FONT_DIR

    class BundledOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                raise ValueError(f"not fetched (only bundled files): {url[:80]}")
            path = Path(url2pathname(parts.path)).resolve()
            if not path.is_relative_to(root) or not path.is_file():
                raise ValueError(f"not fetched (outside the bundled files): {url[:80]}")
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": "font/ttf"})

    return BundledOnly(timeout=1, allowed_protocols=("file",), allow_redirects=False)


def render_pdf(pack: Pack, env: jinja2.Environment) -> bytes:
    """The same HTML laid out by WeasyPrint (Pango shapes and line-breaks the Thai text)."""
    weasyprint = pdf_engine()
    html = _TEXT_NODE.sub(
        lambda m: m.group(0).replace("\u0e33", SARA_AM_PARTS), render_html(pack, env, True)
    )
    document = weasyprint.HTML(string=html, url_fetcher=bundled_fetcher(weasyprint)).render()
    content: bytes = document.write_pdf(pdf_identifier=b"kmhub-pack", uncompressed_pdf=False)
    # The bundled font must have set the text: otherwise Thai fell back to whatever the
    # system has (boxes, on a server without Thai fonts), and no such PDF leaves kmhub.
    families = {font.family for font in document.fonts.values()}
    if assets.FONT_FAMILY not in families:
        raise PackError(
            "PDF ไม่ได้ใช้ฟอนต์ไทยที่มากับ kmhub (ข้อความไทยจะแสดงผิด) จึงไม่ได้สร้างไฟล์",
            f"the PDF did not use the bundled Thai font (fonts used: {', '.join(sorted(families))[:120]}); no file was written",
        )
    return content


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
    include_weak: bool = False,
) -> tuple[Pack, Path]:
    """The CLI's work: pick cases (given ids, or suggested for a query), render, write `out`."""
    if (case_ids is None) == (query is None):
        raise PackError(
            "ให้ --cases หรือ --query อย่างใดอย่างหนึ่ง", "give either --cases or --query (not both)"
        )
    _check_format(fmt)  # before the slow part: loading the index and encoder
    meta = make_meta(title, date, audience, trainer, theme or query)  # bad dates fail early
    strengths: dict[str, str] = {}
    if query is not None:
        searcher = open_searcher(settings)
        index = searcher.index
        picked = suggest(searcher, query, n, include_weak=include_weak)
        ids = [s.case_id for s in picked]
        if not ids:
            raise PackError(
                f"ไม่พบกรณีที่ตรงกับ '{query[:40]}'", f"no case matches '{query[:40]}' well enough"
            )
        strengths = match_strengths(searcher, meta.theme, ids)
    else:
        ids = parse_ids(case_ids)
        if meta.theme:  # the theme enters questions only where search says the case matches
            searcher = open_searcher(settings)
            index = searcher.index
            strengths = match_strengths(searcher, meta.theme, ids)
        else:
            index = open_index(settings.index_dir, settings.encoder)
    pack = build_pack(index, ids, meta, strengths=strengths)
    rendered = render(pack, fmt, handout_environment(settings.web_dir))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(rendered.content)
    except OSError as exc:
        raise PackError(f"เขียนไฟล์ {out} ไม่ได้: {exc}", f"cannot write {out}: {exc}") from exc
    return pack, out
