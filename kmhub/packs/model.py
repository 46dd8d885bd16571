"""Workshop packs: the pack data model, limits, and building a pack from chosen case ids."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from kmhub.cases.body import is_safe_link
from kmhub.cases.citation import Citable, cite
from kmhub.errors import KmhubError
from kmhub.index.store import SearchIndex
from kmhub.packs.questions import Question, discussion_questions
from kmhub.text import safety, vocab
from kmhub.text.dates import format_thai
from kmhub.text.thai import to_be_year

MAX_CASES = 30
MAX_TITLE_CHARS = 200
MAX_FIELD_CHARS = 200  # audience, trainer name, theme
MAX_NOTE_CHARS = 2000
MAX_ID_CHARS = 120
# The sections a trainer hands out, in the order of the handout.
PACK_SECTIONS = ("actions", "results", "lessons", "success-factors")
DEFAULT_TITLE = "ชุดกรณีศึกษาสำหรับการอบรม"


class PackError(KmhubError):
    """A pack request that cannot be made as asked (too many cases, over-long text, bad date)."""


class UnknownCasesError(PackError):
    """Some requested case ids are not in the index; `.unknown` names them."""

    def __init__(self, unknown: list[str]) -> None:
        shown = ", ".join(unknown[:10]) + (" ..." if len(unknown) > 10 else "")
        super().__init__(f"ไม่พบกรณีศึกษา: {shown}", f"unknown case ids: {shown}")
        self.unknown = unknown


@dataclass(frozen=True)
class PackMeta:
    """The cover of a pack: what the workshop is, when, for whom, and who runs it."""

    title: str = DEFAULT_TITLE
    date: dt.date | None = None
    audience: str = ""
    trainer: str = ""
    theme: str = ""  # the query a pack was suggested for; questions are built around it

    @property
    def date_th(self) -> str:
        return format_thai(self.date) if self.date else ""

    @property
    def date_en(self) -> str:
        months = (
            "January February March April May June July August September October November December"
        )
        return (
            f"{self.date.day} {months.split()[self.date.month - 1]} {self.date.year}"
            if self.date
            else ""
        )


@dataclass
class PackSection:
    key: str
    label_th: str
    label_en: str
    markdown: str  # empty when the case does not record this section
    text: str


@dataclass
class PackCase:
    """One case as printed in a pack: metadata, the handout sections, questions and a note."""

    id: str
    title: str
    title_en: str
    province: str
    region: str
    date: dt.date
    level: str
    networks: list[str]
    summary: str
    language: str
    license: str
    sections: list[PackSection]
    sources: list[dict[str, str]]
    contributors: list[dict[str, str]]
    organizations: list[str]
    questions: list[Question] = field(default_factory=list)
    note: str = ""

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def year_be(self) -> int:
        return to_be_year(self.date.year)

    @property
    def level_th(self) -> str:
        return vocab.LEVELS.get(self.level, self.level)

    @property
    def level_en(self) -> str:
        return vocab.LEVELS_EN.get(self.level, self.level)

    @property
    def networks_th(self) -> list[str]:
        return [vocab.NETWORKS.get(n, n) for n in self.networks]

    @property
    def networks_en(self) -> list[str]:
        return [vocab.NETWORKS_EN.get(n, n) for n in self.networks]


@dataclass
class Pack:
    meta: PackMeta
    cases: list[PackCase]
    generated: dt.date = field(default_factory=dt.date.today)


def _bounded(value: str, limit: int, thai: str, english: str) -> str:
    # Control characters, lone surrogates and non-characters break DOCX and PDF: dropped.
    value = safety.strip_forbidden(value or "").strip()
    if len(value) > limit:
        raise PackError(
            f"{thai}ยาวเกิน {limit} ตัวอักษร ({len(value)})",
            f"{english} is longer than {limit} characters ({len(value)})",
        )
    return value


def make_meta(
    title: str | None = None,
    date: str | dt.date | None = None,
    audience: str | None = None,
    trainer: str | None = None,
    theme: str | None = None,
) -> PackMeta:
    """Checked cover fields: lengths bounded, the date read as ISO (CE) YYYY-MM-DD."""
    when: dt.date | None = None
    if isinstance(date, dt.date):
        when = date
    elif date and date.strip():
        try:
            when = dt.date.fromisoformat(date.strip())
        except ValueError:
            raise PackError(
                f"วันที่ '{date[:30]}' ไม่ถูกต้อง ใช้รูปแบบ ค.ศ. ปปปป-ดด-วว เช่น 2026-11-25",
                f"date '{date[:30]}' is not valid; use YYYY-MM-DD (CE), e.g. 2026-11-25",
            ) from None
    return PackMeta(
        title=_bounded(title or "", MAX_TITLE_CHARS, "ชื่อชุดอบรม", "the title") or DEFAULT_TITLE,
        date=when,
        audience=_bounded(audience or "", MAX_FIELD_CHARS, "กลุ่มผู้เข้าอบรม", "the audience"),
        trainer=_bounded(trainer or "", MAX_FIELD_CHARS, "ชื่อวิทยากร", "the trainer name"),
        theme=_bounded(theme or "", MAX_FIELD_CHARS, "ประเด็น", "the theme"),
    )


def parse_ids(raw: str | list[str] | None) -> list[str]:
    """Case ids from "a,b,c" (or a list of such), without blanks or repeats, order kept."""
    parts = raw if isinstance(raw, list) else [raw or ""]
    ids: list[str] = []
    for part in parts:
        for item in part.split(","):
            item = item.strip()
            if item and item not in ids:
                ids.append(item)
    if not ids:
        raise PackError("ยังไม่ได้เลือกกรณีศึกษา", "no case ids given")
    if len(ids) > MAX_CASES:
        raise PackError(
            f"เลือกกรณีศึกษาได้ไม่เกิน {MAX_CASES} กรณีต่อชุด (ขอมา {len(ids)})",
            f"a pack holds at most {MAX_CASES} cases ({len(ids)} requested)",
        )
    too_long = [i[:40] for i in ids if len(i) > MAX_ID_CHARS]
    if too_long:
        raise UnknownCasesError(too_long)
    return ids


def check_notes(notes: dict[str, str] | None, ids: list[str]) -> dict[str, str]:
    """Trainer notes by case id; notes for cases not in the pack are dropped."""
    checked: dict[str, str] = {}
    for case_id, note in (notes or {}).items():
        if case_id in ids and isinstance(note, str) and note.strip():
            checked[case_id] = _bounded(note, MAX_NOTE_CHARS, "บันทึกของวิทยากร", "a trainer note")
    return checked


def build_pack(
    index: SearchIndex,
    ids: list[str],
    meta: PackMeta | None = None,
    notes: dict[str, str] | None = None,
) -> Pack:
    """The pack of `ids` in the given order; UnknownCasesError names every id not in the index."""
    meta = meta or PackMeta()
    if len(ids) > MAX_CASES:
        parse_ids(ids)  # raises the size message
    unknown = [i for i in ids if i not in index.case_index]
    if unknown:
        raise UnknownCasesError(unknown)
    notes = check_notes(notes, ids)
    theme = meta.theme or meta.title
    cases = []
    for case_id in ids:
        document = index.case_document(case_id)
        if document is None:  # in the case list but not in the table: a broken build
            raise UnknownCasesError([case_id])
        case = pack_case(document)
        case.note = notes.get(case_id, "")
        case.questions = discussion_questions(case, theme)
        cases.append(case)
    return Pack(meta, cases)


def pack_case(document: dict[str, Any]) -> PackCase:
    """A PackCase from a stored case document (Case.to_dict() form)."""
    by_key = {s["key"]: s for s in document.get("sections", [])}
    sections = []
    for key in PACK_SECTIONS:
        found = by_key.get(key, {})
        th, en = vocab.SECTIONS[key]
        sections.append(
            PackSection(key, th, en, found.get("markdown", "").strip(), found.get("text", ""))
        )
    sources = [
        {
            "title": str(s.get("title", "")),
            "url": str(s.get("url", "")) if is_safe_link(str(s.get("url", ""))) else "",
            "published": str(s.get("published", "")),
        }
        for s in document.get("sources", [])
    ]
    return PackCase(
        id=document["id"],
        title=document["title"],
        title_en=document.get("title_en", ""),
        province=document["province"],
        region=vocab.region_of(document["province"]) or "",
        date=dt.date.fromisoformat(document["date"]),
        level=document["level"],
        networks=list(document.get("networks", [])),
        summary=document.get("summary", ""),
        language=document.get("language", "th"),
        license=document.get("license", ""),
        sections=sections,
        sources=sources,
        contributors=[dict(c) for c in document.get("contributors", [])],
        organizations=list(document.get("organizations", [])),
    )


def citation(case: PackCase) -> str:
    """One reference line for the closing page, in both languages (kmhub.cases.citation)."""
    people = [c.get("name", "") for c in case.contributors]
    return cite(
        Citable(
            case.id,
            case.title,
            case.title_en,
            case.province,
            case.year,
            case.license,
            people,
            case.organizations,
        ),
        "both",
    )
