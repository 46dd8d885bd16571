"""Workshop packs: the pack data model, limits, and building a pack from chosen case ids."""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from kmhub.cases.body import is_safe_link
from kmhub.cases.citation import Citable, cite
from kmhub.errors import DateError, KmhubError
from kmhub.index.store import SearchIndex
from kmhub.packs.questions import Question, comparison_questions, discussion_questions
from kmhub.text import places, safety, vocab
from kmhub.text.dates import MONTHS_EN, format_thai, read_date
from kmhub.text.thai import to_be_year

MAX_CASES = 30
MAX_TITLE_CHARS = 200
MAX_FIELD_CHARS = 200  # audience, trainer name, theme
MAX_NOTE_CHARS = 2000
MAX_ID_CHARS = 120
# Minutes of the session plan: each case gets DEFAULT_MINUTES unless the trainer sets its own.
DEFAULT_MINUTES = 30
MIN_MINUTES, MAX_MINUTES = 5, 240
OPENING_MINUTES = 15  # welcome and the workshop's question
CLOSING_MINUTES = 20  # comparing the cases and what each participant takes home
URL_SHOWN_CHARS = 90
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
        """The date with its Buddhist-Era year: "1 สิงหาคม พ.ศ. 2568"."""
        if not self.date:
            return ""
        day, month, year = format_thai(self.date).split()
        return f"{day} {month} พ.ศ. {year}"

    @property
    def date_en(self) -> str:
        """The date with its Common-Era year: "1 August 2025 CE"."""
        if not self.date:
            return ""
        return f"{self.date.day} {MONTHS_EN[self.date.month - 1]} {self.date.year} CE"


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
    minutes: int = DEFAULT_MINUTES
    theme_strength: str = ""  # strong / related / weak for the pack's theme; "" without a theme

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


@dataclass(frozen=True)
class PlanRow:
    """One line of the session plan: minutes from the start, and what happens."""

    start: int
    end: int
    thai: str
    english: str
    case_no: int = 0  # the case's number in the pack, 0 for the opening and the closing

    @property
    def span(self) -> str:
        return f"{_clock(self.start)}–{_clock(self.end)}"


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


@dataclass
class Pack:
    meta: PackMeta
    cases: list[PackCase]
    generated: dt.date = field(default_factory=dt.date.today)
    comparisons: list[Question] = field(default_factory=list)  # questions across the cases

    def plan(self) -> list[PlanRow]:
        """The session plan (กำหนดการ): opening, each case for its minutes, closing."""
        rows = [
            PlanRow(
                0,
                OPENING_MINUTES,
                "เปิดการอบรม ทำความรู้จัก และตั้งโจทย์ร่วมกัน",
                "Opening: introductions and the workshop's question",
            )
        ]
        for n, case in enumerate(self.cases, start=1):
            start = rows[-1].end
            rows.append(PlanRow(start, start + case.minutes, case.title, case.title_en, n))
        start = rows[-1].end
        rows.append(
            PlanRow(
                start,
                start + CLOSING_MINUTES,
                "เปรียบเทียบกรณี สรุปสิ่งที่จะนำไปใช้",
                "Comparing the cases; what each of us takes home",
            )
        )
        return rows

    @property
    def total_minutes(self) -> int:
        return self.plan()[-1].end


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
    """Checked cover fields: lengths bounded, the date typed in either era (text.dates.read_date)."""
    when: dt.date | None = None
    if isinstance(date, dt.date):
        when = date
    elif date and date.strip():
        try:
            when = read_date(date)
        except DateError as exc:
            raise PackError(
                f"วันที่อบรม: {exc.thai} เช่น 2568-08-01, 2025-08-01 หรือ 1 สิงหาคม 2568",
                f"workshop date: {exc.english}, e.g. 2568-08-01, 2025-08-01 or 1 สิงหาคม 2568",
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


def check_minutes(minutes: dict[str, Any] | None, ids: list[str]) -> dict[str, int]:
    """Session minutes by case id, each a whole number from MIN_MINUTES to MAX_MINUTES."""
    checked: dict[str, int] = {}
    for case_id, value in (minutes or {}).items():
        if case_id not in ids or value in (None, ""):
            continue
        try:
            number = int(str(value).strip())
        except ValueError:
            number = -1
        if not MIN_MINUTES <= number <= MAX_MINUTES:
            raise PackError(
                f"เวลาของกรณี {case_id[:40]} ต้องเป็นจำนวนนาที {MIN_MINUTES}–{MAX_MINUTES} (ได้ '{str(value)[:10]}')",
                f"minutes for {case_id[:40]} must be a whole number from {MIN_MINUTES} to {MAX_MINUTES} (got '{str(value)[:10]}')",
            )
        checked[case_id] = number
    return checked


def build_pack(
    index: SearchIndex,
    ids: list[str],
    meta: PackMeta | None = None,
    notes: dict[str, str] | None = None,
    minutes: dict[str, Any] | None = None,
    strengths: dict[str, str] | None = None,
) -> Pack:
    """The pack of `ids` in the given order; UnknownCasesError names every id not in the index.

    `strengths` is each case's match with the theme (packs.suggest.match_strengths); the theme
    enters a case's questions only where it is strong or related.
    """
    meta = meta or PackMeta()
    if len(ids) > MAX_CASES:
        parse_ids(ids)  # raises the size message
    unknown = [i for i in ids if i not in index.case_index]
    if unknown:
        raise UnknownCasesError(unknown)
    notes = check_notes(notes, ids)
    times = check_minutes(minutes, ids)
    strengths = strengths or {}
    cases = []
    for n, case_id in enumerate(ids):
        document = index.case_document(case_id)
        if document is None:  # in the case list but not in the table: a broken build
            raise UnknownCasesError([case_id])
        case = pack_case(document)
        case.note = notes.get(case_id, "")
        case.minutes = times.get(case_id, DEFAULT_MINUTES)
        case.theme_strength = strengths.get(case_id, "weak") if meta.theme else ""
        matches = case.theme_strength in ("strong", "related")
        case.questions = discussion_questions(case, meta.theme if matches else "", n)
        cases.append(case)
    return Pack(meta, cases, comparisons=comparison_questions(cases))


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
        region=places.region_of(document["province"]) or "",
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


def readable_url(url: str, limit: int = URL_SHOWN_CHARS) -> str:
    """A link as a reader can read it: Thai host names and paths decoded, no scheme, shortened.

    Only for display; the link itself keeps the real URL.
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    with contextlib.suppress(UnicodeError, ValueError):
        host = host.encode("ascii").decode("idna")  # xn--... labels back to Thai
    path = unquote(parts.path, errors="replace").rstrip("/")
    query = f"?{unquote(parts.query, errors='replace')}" if parts.query else ""
    shown = (host.removeprefix("www.") + path + query) or url
    if parts.scheme == "mailto":
        shown = unquote(parts.path)
    return shown if len(shown) <= limit else shown[: limit - 1].rstrip() + "…"


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
