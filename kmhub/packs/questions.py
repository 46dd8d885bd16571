"""Discussion questions for a pack, quoting each case's own lessons, success factors and results.

No text generation: fixed Thai/English question forms (compare, apply, what would fail, what to
measure) are filled with the statements of a case that carry a lesson. Statements that report
an event instead (a date, a time, a ceremony, a list of officials or places) are never quoted.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt

from kmhub.cases.body import plain_text
from kmhub.text import vocab
from kmhub.text.dates import MONTHS_ABBR, MONTHS_FULL, find_dates

if TYPE_CHECKING:
    from kmhub.packs.model import PackCase

MIN_QUESTIONS = 3
MAX_QUESTIONS = 5
QUOTE_CHARS = 110
MIN_STATEMENT_CHARS = 25

_MONTHS = "|".join(re.escape(m) for m in (*MONTHS_FULL, *MONTHS_ABBR))
# A statement opening with one of these reports an event (when, what ceremony), not a lesson.
EVENT_OPENING = re.compile(
    r"^\s*(?:"
    r"[\d๐-๙]"  # a number: a date, a time, a count
    r"|(?:ใน|เมื่อ|ตั้งแต่|ช่วง)?(?:วันที่|วัน(?:จันทร์|อังคาร|พุธ|พฤหัสบดี|ศุกร์|เสาร์|อาทิตย์))"
    r"|เมื่อ|ณ\s|เวลา|ช่วงเช้า|ช่วงบ่าย|ช่วงเย็น|ภาคเช้า|ภาคบ่าย"
    r"|(?:ใน)?(?:ปี|พ\.\s?ศ\.|ค\.\s?ศ\.)\s?[\d๐-๙]"
    rf"|(?:{_MONTHS})"
    r"|(?:งาน)?พิธี|มีพิธี|จัดพิธี|เปิดงาน|กล่าวเปิด|กล่าวรายงาน|ประธาน(?:ใน|เปิด)|มอบ|ลงนาม|ถวาย"
    r")"
)
TIME_OF_DAY = re.compile(r"[\d๐-๙]{1,2}[.:][\d๐-๙]{2}\s*น\.|เวลา\s*[\d๐-๙]|โมง")
# A year ("ปี 2556", "พ.ศ. 2562") dates the statement: an award or an event, not a lesson.
YEAR_NAMED = re.compile(r"(?:ปี|พ\.\s?ศ\.|ค\.\s?ศ\.)\s?(?:งบประมาณ\s?)?(?:พ\.\s?ศ\.\s?)?[\d๐-๙]{4}")
# Officials' titles and place abbreviations: two or more make a roll-call or an address.
_TITLES = re.compile(
    r"นาย(?!ก)|นาง|นางสาว|ดร\.|ผู้ว่าราชการ|รองผู้ว่า|นายอำเภอ|ผู้อำนวยการ|พระครู|ศ\.|รศ\.|ผศ\."
)
_PLACES = re.compile(r"(?:^|\s)(?:ต|อ|จ)\.\s?\S")
# "From what the news reports, ..." only says where a lesson came from: quote what follows.
_HEDGE = re.compile(
    r"^(?:จากที่\S{0,20}?(?:รายงาน|เล่า|อธิบาย\S{0,12}|ระบุ|กล่าว)|จากผลวิจัย|จากผลการศึกษา"
    r"|(?:แหล่งข่าว|ข่าว|บทความ|แหล่งที่มา)(?:ระบุ|รายงาน|กล่าว|มอง)ว่า)\s*[,:]?\s*"
)


@dataclass(frozen=True)
class Question:
    thai: str
    english: str
    source: str  # the section key the question was built from, or theme/compare/networks/level


def quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """The first block of a text, shortened for quoting inside a question."""
    first = next((line.strip(" -*•\t") for line in text.splitlines() if line.strip()), "")
    first = " ".join(first.split())
    if len(first) <= limit:
        return first
    cut = first[:limit]
    # Thai has no spaces between words, so a space is a safe place to cut when there is one.
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + "…"


def statements(markdown: str) -> list[str]:
    """Paragraphs and list items of a section, without headings and without lead-in lines
    (a paragraph directly followed by a list, such as "**Round 1** (meeting room)")."""
    tokens = MarkdownIt("commonmark", {"html": False}).parse(markdown)
    found = []
    for i, token in enumerate(tokens):
        if token.type != "inline" or i == 0 or tokens[i - 1].type == "heading_open":
            continue
        after = tokens[i + 2].type if i + 2 < len(tokens) else ""
        inside_list = token.level > 1
        if not inside_list and after in ("bullet_list_open", "ordered_list_open"):
            continue
        text = plain_text(token.content)
        if text:
            found.append(text)
    return found


def reports_an_event(text: str) -> bool:
    """True for a statement about when or where something happened, or who attended."""
    return bool(
        EVENT_OPENING.match(text)
        or TIME_OF_DAY.search(text)
        or YEAR_NAMED.search(text)
        or find_dates(text)
        or len(_TITLES.findall(text)) >= 2
        or len(_PLACES.findall(text)) >= 2
    )


def lesson_statements(markdown: str) -> list[str]:
    """The statements of a section worth quoting: hedges dropped, events and fragments left out."""
    kept = []
    for statement in statements(markdown):
        text = _HEDGE.sub("", " ".join(statement.split()))
        # A "label: value" line ("ระดับชุมชน: ...") names something; it teaches nothing.
        if len(text) < MIN_STATEMENT_CHARS or re.match(r"^[^\s:]{1,25}:", text):
            continue
        if not reports_an_event(text):
            kept.append(text)
    return kept


# Question forms: (form, Thai, English). Each case uses its own rotation of the variants, so
# neighbouring cases of a pack do not read alike.
FORMS: dict[str, tuple[tuple[str, str], ...]] = {
    "compare": (
        (
            "บทเรียน “{q}” เหมือนหรือต่างจากสิ่งที่ท่านพบในพื้นที่ของท่านอย่างไร",
            "How does the lesson “{q}” compare with what you have seen where you work?",
        ),
        (
            "ท่านเห็นด้วยกับบทเรียน “{q}” หรือไม่ มีประสบการณ์ใดที่ยืนยันหรือแย้งบทเรียนนี้",
            "Do you agree with the lesson “{q}”? What experience of yours supports or contradicts it?",
        ),
    ),
    "apply": (
        (
            "ถ้านำแนวทาง “{q}” ไปใช้ในหน่วยงานหรือชุมชนของท่าน จะเริ่มจากอะไร และต้องปรับอะไรบ้าง",
            "If you used “{q}” in your own organisation or community, where would you start and what would you adapt?",
        ),
        (
            "ในพื้นที่ของท่าน ใครควรเป็นผู้ลงมือก่อน ถ้าจะทำให้ “{q}” เกิดขึ้นจริง",
            "Where you work, who would have to act first to make “{q}” happen?",
        ),
    ),
    "fail": (
        (
            "ถ้าขาด “{q}” งานนี้จะสะดุดตรงไหน และในพื้นที่ของท่านมีอะไรที่อาจทำให้ไม่สำเร็จ",
            "Without “{q}”, where would this work have stalled? What could make it fail in your area?",
        ),
        (
            "อะไรอาจทำให้ “{q}” ใช้ไม่ได้ในพื้นที่ของท่าน และจะป้องกันอย่างไร",
            "What could stop “{q}” from working in your area, and how would you prevent it?",
        ),
    ),
    "measure": (
        (
            "ผลลัพธ์ “{q}” จะวัดหรือติดตามอย่างไร ถ้าทำในพื้นที่ของท่านจะใช้ตัวชี้วัดใด",
            "How would you measure or follow up the result “{q}”? Which indicator would you use in your area?",
        ),
        (
            "ถ้าอีกหนึ่งปีต้องรายงานว่า “{q}” เกิดขึ้นจริง ท่านจะเก็บหลักฐานอะไร",
            "If in a year you had to show that “{q}” really happened, what evidence would you collect?",
        ),
    ),
}
# (section, form) in the order questions are asked; lessons carry most, so they appear twice.
PLAN = (
    ("lessons", "compare"),
    ("success-factors", "fail"),
    ("results", "measure"),
    ("lessons", "apply"),
    ("lessons", "fail"),
)


def _ask(form: str, q: str, source: str, turn: int) -> Question:
    variants = FORMS[form]
    thai, english = variants[turn % len(variants)]
    return Question(thai.format(q=q), english.format(q=q), source)


def discussion_questions(case: PackCase, theme: str = "", turn: int = 0) -> list[Question]:
    """Three to five questions quoting the case; the theme only when given (a matching case).

    `turn` (the case's place in the pack) rotates the wording between cases.
    """
    turn += zlib.crc32(case.id.encode("utf-8"))
    pools = {s.key: lesson_statements(s.markdown) for s in case.sections if s.markdown}
    used: dict[str, int] = {}
    questions: list[Question] = []
    theme = " ".join(theme.split())
    budget = MAX_QUESTIONS - (1 if theme else 0)
    for key, form in PLAN:
        pool = pools.get(key, [])
        position = used.get(key, 0)
        if position >= len(pool) or len(questions) >= budget:
            continue
        used[key] = position + 1
        questions.append(_ask(form, quote(pool[position]), key, turn + len(questions)))
    if theme:
        questions.append(
            Question(
                f"กรณีนี้ช่วยตอบโจทย์เรื่อง “{theme}” ในด้านใด และยังขาดอะไรที่ควรทำต่อ",
                f"Which part of “{theme}” does this case address, and what is still missing?",
                "theme",
            )
        )
    networks = " / ".join(vocab.NETWORKS.get(n, n) for n in case.networks[:3])
    networks_en = ", ".join(vocab.NETWORKS_EN.get(n, n) for n in case.networks[:3])
    fallbacks = [
        Question(
            f"งานนี้ทำในระดับ{case.level_th} ถ้าขยายหรือย่อขนาดให้เหมาะกับพื้นที่ของท่านต้องเปลี่ยนอะไร",
            f"This was done at {case.level_en.lower()} level. What would change if you scaled it up or down to fit your area?",
            "level",
        ),
    ]
    if networks:
        fallbacks.insert(
            0,
            Question(
                f"ภาคี ({networks}) มีบทบาทอย่างไรในกรณีนี้ ถ้าพื้นที่ของท่านขาดภาคีนี้จะชวนใครมาแทน",
                f"What part did the partners ({networks_en}) play? If your area lacks them, who could take their place?",
                "networks",
            ),
        )
    for extra in fallbacks:
        if len(questions) >= MIN_QUESTIONS:
            break
        questions.append(extra)
    return questions


def comparison_questions(cases: list[PackCase]) -> list[Question]:
    """One or two questions across the cases of a pack: a pack is a set, not a pile."""
    if len(cases) < 2:
        return []
    # The two cases that differ most (level, province, networks) make the clearest contrast.
    best = (-1.0, 0, 1)
    for i, a in enumerate(cases):
        for j in range(i + 1, len(cases)):
            b = cases[j]
            union = set(a.networks) | set(b.networks)
            overlap = len(set(a.networks) & set(b.networks)) / len(union) if union else 1.0
            distance = (a.level != b.level) + (a.province != b.province) + (1 - overlap)
            if distance > best[0]:
                best = (distance, i, j)
    _, i, j = best
    a, b = cases[i], cases[j]
    out = [
        Question(
            f"เทียบกรณีที่ {i + 1} “{a.title}” ({a.province}, {a.level_th}) กับกรณีที่ {j + 1} “{b.title}” "
            f"({b.province}, {b.level_th}): ใครเป็นผู้เริ่ม ใช้วิธีต่างกันอย่างไร และแบบใดเหมาะกับพื้นที่ของท่านมากกว่า",
            f"Compare case {i + 1}, “{a.title_en or a.title}” ({a.level_en.lower()}), with case {j + 1}, "
            f"“{b.title_en or b.title}” ({b.level_en.lower()}): who started each, how do their methods differ, "
            "and which fits your area better?",
            "compare",
        )
    ]
    # A partner network that several cases share: how did its role differ between them?
    counts: dict[str, list[int]] = {}
    for n, case in enumerate(cases, start=1):
        for network in case.networks:
            counts.setdefault(network, []).append(n)
    # The least common network that still joins two cases makes the sharpest comparison.
    shared = min(
        ((k, v) for k, v in counts.items() if len(v) >= 2),
        key=lambda item: (len(item[1]), item[1][0]),
        default=None,
    )
    if shared:
        network, numbers = shared
        listed = ", ".join(str(n) for n in numbers[:4]) + (" …" if len(numbers) > 4 else "")
        out.append(
            Question(
                f"กรณีที่ {listed} มีภาคี{vocab.NETWORKS.get(network, network)}ร่วมด้วยกัน "
                "บทบาทของภาคีนี้ในแต่ละกรณีต่างกันอย่างไร และอะไรที่ทำซ้ำได้ในทุกพื้นที่",
                f"Cases {listed} all involve {vocab.NETWORKS_EN.get(network, network).lower()}. "
                "How did their part differ from case to case, and what could be repeated anywhere?",
                "compare",
            )
        )
    return out
