"""The Jinja2 environment of the web UI: autoescaping, Thai/English helpers, URL helpers."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from markupsafe import Markup

from kmhub.cases.body import is_safe_link
from kmhub.search import facets
from kmhub.search import views as webdata
from kmhub.text import vocab
from kmhub.text.thai import to_be_year

LANGS = ("th", "en")
LANG_COOKIE = "kmhub_lang"
FILTER_KEYS = (
    "province",
    "region",
    "level",
    "network",
    "virtue",
    "topic",
    "year_from",
    "year_to",
)


def request_lang(request: Request) -> str:
    """`?lang=` wins, then the cookie set by /lang/<code>, then Thai."""
    for value in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if value in LANGS:
            return value
    return "th"


@jinja2.pass_context
def t(ctx: Any, thai: str, english: str) -> str:
    """The Thai or the English text, by the page's language."""
    return english if ctx.get("lang") == "en" else thai


@jinja2.pass_context
def label(ctx: Any, facet: str, value: Any) -> str:
    names = facets.labels(facet, str(value))
    return names["label_en"] if ctx.get("lang") == "en" else names["label_th"]


@jinja2.pass_context
def section_label(ctx: Any, key: str, heading: str = "") -> str:
    table = vocab.SECTION_LABELS_EN if ctx.get("lang") == "en" else vocab.SECTION_LABELS_TH
    return table.get(key, heading or key)


@jinja2.pass_context
def facet_sorted(ctx: Any, facet: str, items: list[dict[str, Any]], by: str = "count") -> list:
    """A facet list ordered by count or by name in the page's language."""
    return facets.sort_items(facet, items, by, ctx.get("lang", "th"))


def years(year: int | str) -> str:
    """A CE year shown with its Buddhist-era year: 2021 (พ.ศ. 2564)."""
    y = int(year)
    return f"{y} (พ.ศ. {to_be_year(y)})"


def url_with(params: dict[str, Any], path: str = "/", **changes: Any) -> str:
    """`path` with `params` updated by `changes`; None or "" drops a parameter."""
    merged = {**params, **changes}
    query = {k: v for k, v in merged.items() if v not in (None, "")}
    return path + ("?" + urlencode(query) if query else "")


def safe_href(url: str) -> str:
    """A source link only when it is http(s) (or mailto); anything else is not linked."""
    return url if url and is_safe_link(url) and ":" in url else ""


def percent(count: int, biggest: int) -> float:
    return round(100.0 * count / biggest, 1) if biggest else 0.0


def make_environment(web_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(web_dir / "templates")),
        autoescape=True,  # every value placed in a page is escaped unless marked safe
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.ChainableUndefined,
    )
    env.globals.update(
        t=t,
        label=label,
        section_label=section_label,
        url_with=url_with,
        safe_href=safe_href,
        percent=percent,
        facet_sorted=facet_sorted,
        facet_terms=facets.search_terms,
        LEVELS=vocab.LEVELS,
        NETWORKS=vocab.NETWORKS,
    )
    env.filters.update(
        years=years,
        be=lambda y: to_be_year(int(y)),
        snippet_html=lambda text, matches: Markup(webdata.snippet_html(text, matches)),
    )
    return env


def base_context(request: Request) -> dict[str, Any]:
    """What every page (ours or a neighbour's using render_page) needs from the layout."""
    lang = request_lang(request)
    # Where the language switch returns to; without `lang=`, which would override the choice.
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    here = request.url.path + ("?" + urlencode(kept) if kept else "")
    return {
        "request": request,
        "lang": lang,
        "other_lang": "en" if lang == "th" else "th",
        "here": here,
        "nav": [
            ("/", "ค้นหา", "Search"),
            ("/browse", "เลือกดู", "Browse"),
            ("/overview", "ภาพรวม", "Overview"),
            (
                "/workshop",
                "ชุดอบรม / Workshop",
                "ชุดอบรม / Workshop",
            ),  # label agreed with the workshop feature
            ("/docs", "API", "API"),
        ],
    }


def render_page(
    request: Request, template_name: str, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """Render `web/templates/<template_name>` (which may extend "base.html") with the site layout.

    The layout's context (language, navigation, `t(thai, english)`) is added; `context`
    values are autoescaped like everything else.
    """
    env = request.app.state.jinja
    html = env.get_template(template_name).render({**base_context(request), **context})
    return HTMLResponse(html, status_code=status_code)


def render_error(request: Request, status: int, thai_text: str, english: str) -> Response:
    try:
        return render_page(request, "error.html", status, status=status, th=thai_text, en=english)
    except Exception:  # a broken template must not hide the original error
        return PlainTextResponse(f"{status}: {thai_text} / {english}", status_code=status)
