"""Discussion questions for a pack: fixed Thai/English templates filled from a case's own text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt

from kmhub.cases.body import plain_text
from kmhub.text import vocab

if TYPE_CHECKING:
    from kmhub.packs.model import PackCase

MIN_QUESTIONS = 3
MAX_QUESTIONS = 5
QUOTE_CHARS = 110


@dataclass(frozen=True)
class Question:
    thai: str
    english: str
    source: str  # the section key the question was built from, or "theme"/"networks"/"level"


def quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """The first block of a section, shortened for quoting inside a question."""
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


# (section key, Thai template, English template), in the order the questions are asked.
SECTION_QUESTIONS = (
    (
        "actions",
        "กรณีนี้เริ่มจาก “{q}” ขั้นตอนใดที่หน่วยงานหรือชุมชนของท่านนำไปใช้กับเรื่อง “{theme}” ได้ทันที และต้องปรับอะไรบ้าง",
        "The case began with “{q}”. Which step could your organisation or community use for “{theme}” right away, and what would you adapt?",
    ),
    (
        "results",
        "ผลลัพธ์ที่ว่า “{q}” วัดหรือติดตามอย่างไร ถ้าทำในพื้นที่ของท่านจะใช้ตัวชี้วัดใด",
        "How was the result “{q}” measured or followed up? Which indicator would you use in your area?",
    ),
    (
        "lessons",
        "ท่านเห็นด้วยกับบทเรียน “{q}” หรือไม่ มีประสบการณ์ใดในเรื่อง “{theme}” ที่ยืนยันหรือแย้งบทเรียนนี้",
        "Do you agree with the lesson “{q}”? What experience of yours with “{theme}” supports or contradicts it?",
    ),
    (
        "success-factors",
        "ปัจจัยความสำเร็จ “{q}” มีอยู่แล้วในพื้นที่ของท่านหรือไม่ ถ้ายังไม่มีจะสร้างขึ้นได้อย่างไร",
        "Is the success factor “{q}” already present where you work? If not, how could it be built?",
    ),
)


def _lines(text: str) -> list[str]:
    return [line.strip(" -*•\t") for line in text.splitlines() if line.strip(" -*•\t")]


def discussion_questions(case: PackCase, theme: str) -> list[Question]:
    """Three to five questions tying the case's sections to the workshop theme.

    Each template quotes the case itself (its actions, results, lessons, success factors),
    so two cases never get the same questions; general templates top the list up to three
    when a case records few sections.
    """
    theme = " ".join(theme.split()) or "คุณธรรม"
    text = {
        s.key: "\n".join(statements(s.markdown)) or s.text for s in case.sections if s.text.strip()
    }
    questions: list[Question] = []
    for key, thai, english in SECTION_QUESTIONS:
        # Lessons are usually a list: each of the first two gets its own question.
        if key not in text:
            continue
        quoted = _lines(text[key])[:2] if key == "lessons" else [text[key]]
        for passage in quoted:
            q = quote(passage)
            questions.append(
                Question(thai.format(q=q, theme=theme), english.format(q=q, theme=theme), key)
            )
    networks = " / ".join(vocab.NETWORKS.get(n, n) for n in case.networks[:3])
    networks_en = ", ".join(vocab.NETWORKS_EN.get(n, n) for n in case.networks[:3])
    fallbacks = [
        Question(
            f"กรณีนี้ช่วยตอบโจทย์เรื่อง “{theme}” ในด้านใด และยังขาดอะไรที่ควรทำต่อ",
            f"Which part of “{theme}” does this case address, and what is still missing?",
            "theme",
        ),
        Question(
            f"ภาคี ({networks}) มีบทบาทอย่างไรในกรณีนี้ ถ้าพื้นที่ของท่านขาดภาคีนี้จะชวนใครมาแทน",
            f"What part did the partners ({networks_en}) play? If your area lacks them, who could take their place?",
            "networks",
        ),
        Question(
            f"งานนี้ทำในระดับ{case.level_th} ถ้าขยายหรือย่อขนาดให้เหมาะกับพื้นที่ของท่านต้องเปลี่ยนอะไร",
            f"This was done at {case.level_en.lower()} level. What would change if you scaled it up or down to fit your area?",
            "level",
        ),
    ]
    # The theme question always stays; the others only fill a case that records little.
    questions = questions[: MAX_QUESTIONS - 1] + fallbacks[:1]
    for extra in fallbacks[1:]:
        if len(questions) >= MIN_QUESTIONS:
            break
        questions.append(extra)
    return questions
