"""The text of a draft case: front matter from the findings, body from the article's paragraphs."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from kmhub.cases.limits import PLACEHOLDER_MARK
from kmhub.news.clean import Article
from kmhub.news.extract import Findings
from kmhub.text import places, vocab
from kmhub.text.dates import EventDate, format_thai
from kmhub.text.thai import split_sentences

TITLE_MAX_CHARS = 200
STDIN_NAME = "-"  # the file name that means standard input
# Opening words of what an event was, used to name an article that has no headline.
_ACTIVITY = re.compile(r"(?:ประชุม|อบรม|สัมมนา|จัดกิจกรรม|จัดงาน|ลงพื้นที่|ประกาศเจตนารมณ์|มอบ|เปิดโครงการ)")
# The summary is the editor's own words: a news paragraph copied here would be read as the
# case's lesson in every search result. The facts found are listed in the body instead.
PROMPT_SUMMARY = (
    f"{PLACEHOLDER_MARK}: บทสรุป 2–4 ประโยคด้วยคำของผู้เรียบเรียง (ใครทำอะไร ที่ไหน ได้ผลอย่างไร) "
    "ดูข้อเท็จจริงที่พบในเนื้อหาด้านล่าง / To complete: a 2-4 sentence summary in your own words;"
    " the facts found are listed below."
)
PROMPT_FACTS = (
    f"_{PLACEHOLDER_MARK}: ข้อเท็จจริงที่พบในข่าว ตรวจกับข่าวแล้วลบรายการนี้ / To complete:"
    " facts found in the article; check them, then delete this list._"
)
PROMPT_RESULTS = (
    "_ให้ผู้เรียบเรียงเติม: ผลที่เกิดขึ้นจริงหลังกิจกรรม เช่น ตัวเลข การเปลี่ยนแปลง จากแหล่งที่ตรวจสอบได้ "
    "(ข่าวมักรายงานเพียงการจัดกิจกรรม) / To complete: actual results, from a source that can be checked._"
)
PROMPT_LESSONS = (
    "_ให้ผู้เรียบเรียงเติม: บทเรียนจากการพูดคุยหรือถอดบทเรียนกับผู้เกี่ยวข้อง ไม่ใช่การเดาจากข่าว "
    "/ To complete: lessons learned from the people involved, not guessed from the news._"
)


class _Dumper(yaml.SafeDumper):
    """Safe YAML without anchors: the same date in two fields is written out twice."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def build_draft(
    article: Article, findings: Findings, event: EventDate, source_name: str, case_id: str
) -> str:
    """Front matter and Markdown body of the draft case."""
    date = event.date
    province = findings.province.name if findings.province else ""
    source = {"title": _source_title(source_name, article)}
    if article.urls:
        source["url"] = article.urls[0]
    source["published"] = date  # type: ignore[assignment]
    data: dict[str, object] = {
        "id": case_id,
        "title": _title(article, province, date),
        "province": province,
        "date": date,
        "level": findings.level,
        "networks": list(findings.networks),
        "summary": PROMPT_SUMMARY,
        "virtues": findings.virtues,
        "organizations": findings.organizations,
        "sources": [source],
        "status": "draft",
    }
    if event.uncertain:
        data["date_note"] = " ".join(event.notes_th)
    data = {k: v for k, v in data.items() if v not in ([], "")}
    front = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
    return "---\n" + front + _body(article, findings, event)


def _source_title(source: str, article: Article) -> str:
    name = "ข้อมูลจาก stdin" if source == STDIN_NAME else Path(source).name
    credits = "; ".join(str(c) for c in article.credits)
    return f"{name} — {credits}" if credits else name


def _title(article: Article, province: str, date: dt.date) -> str:
    if article.headline:
        return _clip(article.headline, TITLE_MAX_CHARS)
    # No headline: name the article after the first thing it says was done.
    for paragraph in article.paragraphs[:2]:
        match = _ACTIVITY.search(paragraph)
        if match:
            return f"{province}: {_clip(paragraph[match.start() :], 80)}"
    return f"ข่าวจังหวัดคุณธรรม {province} {format_thai(date)}"


def _clip(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a space (where Thai ends a phrase)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 3 else limit].rstrip(" ,;:") + " …"


def _found(findings: Findings, event: EventDate) -> str:
    """The facts the importer read, as a list for the editor (never a copied paragraph)."""
    province = findings.province.name if findings.province else "-"
    networks = "; ".join(
        f"{vocab.NETWORKS.get(n, n)} ({', '.join(words[:3]) or '-'})"
        for n, words in findings.networks.items()
    )
    rows = [
        ("วันที่ / date", f"{event.date.isoformat()} ({format_thai(event.date)}) จาก '{event.text}'"),
        ("จังหวัด / province", province),
        ("เครือข่าย / networks", networks or "-"),
        ("ระดับ / level", vocab.LEVELS.get(findings.level, findings.level)),
        ("หน่วยงาน / organizations", ", ".join(findings.organizations) or "-"),
        ("ผู้เข้าร่วม / participants", findings.participants[1] if findings.participants else "-"),
    ]
    return "\n".join(f"- {label}: {escape_markdown(value)}" for label, value in rows)


def _body(article: Article, findings: Findings, event: EventDate) -> str:
    paragraphs = [escape_markdown(p) for p in article.paragraphs]
    if len(paragraphs) == 1:
        # One long paragraph: its opening sentences set the scene, the rest is what was done.
        pieces = [escape_markdown(s) for s in split_sentences(article.paragraphs[0])]
        third = max(1, len(pieces) // 3)
        context, actions = [" ".join(pieces[:third])], [" ".join(pieces[third:]) or pieces[0]]
    else:
        context, actions = paragraphs[:1], paragraphs[1:]
    facts = []
    if findings.roles:
        facts.append(f"- **ผู้เกี่ยวข้อง (บทบาทตามข่าว):** {escape_markdown('; '.join(findings.roles))}")
    if findings.participants:
        facts.append(f"- **ผู้เข้าร่วม:** {escape_markdown(findings.participants[1])}")
    parts = [PROMPT_FACTS, _found(findings, event), "## บริบท", *context]
    parts += ["\n".join(facts)] if facts else []
    parts += ["## สิ่งที่ทำ", *actions, "## ผลลัพธ์", PROMPT_RESULTS, "## บทเรียน", PROMPT_LESSONS]
    return "---\n\n" + "\n\n".join(parts) + "\n"


def escape_markdown(text: str) -> str:
    """Article text as literal Markdown: no raw HTML, links, emphasis or list markers from it."""
    text = re.sub(r"([\\`*_\[\]<>#|&])", r"\\\1", text)
    # The validator refuses "](javascript:" even as text: keep "](" from ever appearing.
    text = text.replace("\\](", "\\]\\(")
    return re.sub(r"^(\s*)([-+=]|\d+[.)])", r"\1\\\2", text)


def case_id(province: str, date: dt.date, slug: str = "news") -> str:
    """ "phra-nakhon-si-ayutthaya-2021-02-23-news" from the province's English name and the date."""
    english = places.province_en(province, "thailand")
    stem = re.sub(r"[^a-z0-9]+", "-", english.lower()).strip("-")
    return f"{stem}-{date.isoformat()}-{slug}"
