"""Thai dates in news text: find them, read them as CE dates, and pick the event date."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from kmhub.errors import DateError
from kmhub.text.thai import BE_OFFSET, THAI_DIGITS, to_ce_year

MONTHS_FULL = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
MONTHS_ABBR = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Typed dates outside these Common-Era years are slips (a BE year converted twice, a lost digit).
PLAUSIBLE_YEARS = (1900, 2200)
# Spellings seen in real pages besides the standard ones (ฏ for ฎ is a common slip).
_MONTH_VARIANTS = {"กรกฏาคม": 7, "กุมภาพันธ": 2}

_DOTTED = r"\.?\s?".join


def _abbr_pattern(abbr: str) -> str:
    # "มี.ค." is also typed "มี.ค" or "มีค.": every dot is optional, a space after one is allowed.
    return _DOTTED(re.escape(part) for part in abbr.strip(".").split(".")) + r"\.?"


_MONTH_LOOKUP: dict[str, int] = {name: i + 1 for i, name in enumerate(MONTHS_FULL)}
_MONTH_LOOKUP.update(_MONTH_VARIANTS)
_MONTH_ALTS = sorted(_MONTH_LOOKUP, key=len, reverse=True)
_MONTH_RE = "|".join([re.escape(m) for m in _MONTH_ALTS] + [_abbr_pattern(a) for a in MONTHS_ABBR])
_ERA = r"(?P<era>พ\.?\s?ศ\.?|ค\.?\s?ศ\.?)"
DATE_RE = re.compile(
    rf"(?<!\d)(?P<day>\d{{1,2}})\s*(?P<month>{_MONTH_RE})\s*(?:{_ERA}\s*)?(?P<year>\d{{4}}|\d{{2}})?(?!\d)"
)
NUMERIC_RE = re.compile(
    r"(?<![\d/])(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4}|\d{2})(?![\d/])"
)
# A year range such as "พ.ศ. 2566-2570" names a plan period, never the day something happened.
YEAR_RANGE_RE = re.compile(r"\d{4}\s*[-–—]\s*\d{4}")
YEAR_RE = re.compile(r"(?:พ\.\s?ศ\.|ปี(?:งบประมาณ)?)\s*(?P<year>25\d\d)(?!\s*[-–—]\s*\d)(?!\d)")
_TODAY_BEFORE = re.compile(r"วันนี้\s*\(\s*$")
_LABEL_BEFORE = re.compile(r"(?:วันที่|เมื่อ|วัน\S{2,9}ที่|ประจำวันที่)\s*$")


@dataclass(frozen=True)
class FoundDate:
    """One date expression in a text: where it is, what it says, and how it was written."""

    date: dt.date
    text: str
    start: int
    end: int
    kind: str  # "today" (วันนี้ (...)), "labelled" (วันที่ ...), "plain", or "numeric"
    year_given: bool = True


@dataclass
class EventDate:
    """The date chosen for the event, and why a person should check it (empty when clear)."""

    date: dt.date
    text: str
    notes_th: list[str] = field(default_factory=list)
    notes_en: list[str] = field(default_factory=list)
    others: list[dt.date] = field(default_factory=list)

    @property
    def uncertain(self) -> bool:
        return bool(self.notes_th)


def month_number(name: str) -> int | None:
    """1-12 for a full or abbreviated Thai month name (dots and spaces optional), else None."""
    cleaned = re.sub(r"[\s.]", "", name)
    if cleaned in _MONTH_LOOKUP:
        return _MONTH_LOOKUP[cleaned]
    for i, abbr in enumerate(MONTHS_ABBR):
        if cleaned == abbr.replace(".", ""):
            return i + 1
    return None


def ce_year(year_text: str, era: str | None = None) -> int | None:
    """A CE year from written digits: 4-digit BE (2564) or CE, 2-digit BE (64 -> 2564 -> 2021)."""
    year = int(year_text.translate(THAI_DIGITS))
    is_ce = bool(era) and era.replace(".", "").replace(" ", "") == "คศ"  # type: ignore[union-attr]
    if len(year_text) == 2:
        # Thai news abbreviates the Buddhist-Era year: "66" is 2566.
        return 2000 + year if is_ce else 2500 + year - BE_OFFSET
    if is_ce:
        return year
    if year > 2400:
        return year - BE_OFFSET
    return year if 1900 <= year <= 2200 else None


def _make_date(year: int | None, month: int, day: int) -> dt.date | None:
    if year is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str, default_year: int | None = None) -> list[FoundDate]:
    """Every day-month(-year) date in `text`, in order; `default_year` (CE) fills a missing year."""
    # Thai digits map one to one onto ASCII, so positions stay the same.
    ascii_text = text.translate(THAI_DIGITS)
    found: list[FoundDate] = []
    for match in DATE_RE.finditer(ascii_text):
        month = month_number(match["month"])
        if month is None or (
            match["year"] and YEAR_RANGE_RE.match(ascii_text, match.start("year"))
        ):
            continue
        year = ce_year(match["year"], match["era"]) if match["year"] else default_year
        date = _make_date(year, month, int(match["day"]))
        if date is not None:
            kind = _kind(ascii_text, match.start())
            found.append(
                FoundDate(
                    date,
                    text[match.start() : match.end()].strip(),
                    match.start(),
                    match.end(),
                    kind,
                    bool(match["year"]),
                )
            )
    for match in NUMERIC_RE.finditer(ascii_text):
        date = _make_date(ce_year(match["year"]), int(match["month"]), int(match["day"]))
        if date is not None:
            found.append(
                FoundDate(
                    date, text[match.start() : match.end()], match.start(), match.end(), "numeric"
                )
            )
    return sorted(found, key=lambda f: f.start)


def _kind(text: str, start: int) -> str:
    before = text[max(0, start - 20) : start]
    if _TODAY_BEFORE.search(before):
        return "today"
    return "labelled" if _LABEL_BEFORE.search(before) else "plain"


def parse_thai_date(text: str) -> dt.date | None:
    """The date written in `text` (e.g. "23 ก.พ. 64", "วันที่ ๒๓ กุมภาพันธ์ ๒๕๖๔"), or None."""
    found = [f for f in find_dates(text) if f.year_given]
    return found[0].date if found else None


def common_year(text: str) -> int | None:
    """The CE year most often named as "ปี 2564" / "พ.ศ. 2564" (not plan periods), or None."""
    years = Counter(int(m["year"]) for m in YEAR_RE.finditer(text.translate(THAI_DIGITS)))
    return years.most_common(1)[0][0] - BE_OFFSET if years else None


def pick_event_date(text: str, lead_end: int | None = None) -> EventDate | None:
    """The event date of an article: a date in the lead paragraph, written "วันนี้ (...)" or
    "วันที่ ..." first; with notes when the choice is not clear-cut. None when there is none."""
    found = find_dates(text)
    guessed_year = False
    if not found:
        year = common_year(text)
        found = find_dates(text, default_year=year) if year else []
        guessed_year = bool(found)
    if not found:
        return None
    lead_end = len(text) if lead_end is None else lead_end
    in_lead = [f for f in found if f.start < lead_end]
    pool = in_lead or found
    rank = {"today": 0, "labelled": 1, "plain": 2, "numeric": 3}
    best = min(pool, key=lambda f: (rank[f.kind], f.start))
    event = EventDate(best.date, best.text)
    event.others = sorted({f.date for f in found} - {best.date})

    def note(thai: str, english: str) -> None:
        event.notes_th.append(thai)
        event.notes_en.append(english)

    if guessed_year or not best.year_given:
        note(
            f"ข่าวไม่ระบุปีของวันที่ '{best.text}' จึงใช้ปีที่ข่าวกล่าวถึง ({best.date.year + BE_OFFSET})",
            f"'{best.text}' has no year; the year the article names ({best.date.year}) was used",
        )
    if not in_lead:
        note(
            "วันที่ไม่ได้อยู่ในย่อหน้าแรกของข่าว อาจไม่ใช่วันจัดกิจกรรม",
            "the date is not in the first paragraph and may not be the day of the event",
        )
    if best.kind == "numeric":
        note(
            f"วันที่เขียนเป็นตัวเลขล้วน ('{best.text}') ให้ตรวจว่าวันและเดือนไม่สลับกัน",
            f"the date is all digits ('{best.text}'); check that day and month are not swapped",
        )
    if event.others:
        listed = ", ".join(d.isoformat() for d in event.others[:5])
        note(
            f"ข่าวมีวันที่อื่นด้วย ({listed}) ให้ตรวจว่าเลือกวันจัดกิจกรรมถูกต้อง",
            f"the article names other dates too ({listed}); check the event date",
        )
    return event


def format_thai(date: dt.date, abbreviated: bool = False) -> str:
    """A CE date written the Thai way with a BE year: "23 กุมภาพันธ์ 2564" or "23 ก.พ. 2564"."""
    names = MONTHS_ABBR if abbreviated else MONTHS_FULL
    return f"{date.day} {names[date.month - 1]} {date.year + BE_OFFSET}"


def read_date(text: str) -> dt.date:
    """The one reader of typed dates: 2021-03-14, 2564-03-14, 14/3/2564 or 14 มีนาคม 2564.

    Buddhist-Era years are converted, so the result is always a Common-Era date.
    """
    cleaned = " ".join(text.translate(THAI_DIGITS).split())
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", cleaned)
    if iso is None:
        # Day-month-year forms, Thai month names and two-digit BE years.
        date = parse_thai_date(cleaned)
        if date is None:
            shown = text[:30]
            raise DateError(
                f"อ่านวันที่ '{shown}' ไม่ได้ ใช้รูปแบบ 2021-03-14 หรือ 14/03/2564",
                f"cannot read the date '{shown}'; write 2021-03-14 or 14/03/2564",
            )
        return date
    year, month, day = (int(g) for g in iso.groups())
    try:
        date = dt.date(to_ce_year(year), month, day)
    except ValueError as exc:
        shown = text[:30]
        raise DateError(f"ไม่มีวันที่ '{shown}' ในปฏิทิน", f"'{shown}' is not a real date") from exc
    low, high = PLAUSIBLE_YEARS
    if not low <= date.year <= high:
        shown = text[:30]
        raise DateError(
            f"ปีของวันที่ '{shown}' อยู่นอกช่วง ค.ศ. {low}–{high} (พ.ศ. {low + BE_OFFSET}–{high + BE_OFFSET})",
            f"the year of '{shown}' is outside {low}–{high} CE ({low + BE_OFFSET}–{high + BE_OFFSET} BE)",
        )
    return date


def read_year(text: str) -> int | None:
    """A typed year in either era as a Common-Era year; None for blank text."""
    cleaned = text.strip().translate(THAI_DIGITS)
    if not cleaned:
        return None
    # isdigit() accepts superscripts such as '¹' that int() refuses; only ASCII digits are years.
    if not (cleaned.isascii() and cleaned.isdigit()) or not 1900 <= int(cleaned) <= 2700:
        raise DateError(f"ปี '{text[:20]}' ไม่ถูกต้อง", f"'{text[:20]}' is not a year")
    return to_ce_year(int(cleaned))
