"""Thai date finding: a table of written forms, plan periods, event-date choice, and properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kmhub.text.dates import (
    MONTHS_ABBR,
    MONTHS_FULL,
    find_dates,
    format_thai,
    month_number,
    parse_thai_date,
    pick_event_date,
)

TO_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")

WRITTEN = [
    ("วันที่ 23 กุมภาพันธ์ 2564", dt.date(2021, 2, 23)),
    ("วันนี้ (19 ม.ค.66) เวลา 09.30 น.", dt.date(2023, 1, 19)),
    ("13 พฤศจิกายน 2563 นายสมมุติ", dt.date(2020, 11, 13)),
    ("๕ มีนาคม ๒๕๖๖", dt.date(2023, 3, 5)),
    ("1 ม.ค. 2567", dt.date(2024, 1, 1)),
    ("วันอังคารที่ 3 มีนาคม พ.ศ. 2563", dt.date(2020, 3, 3)),
    ("4 มีนาคม ค.ศ. 2021", dt.date(2021, 3, 4)),
    ("31 ธ.ค.65", dt.date(2022, 12, 31)),
    ("12 กรกฏาคม 2565", dt.date(2022, 7, 12)),  # ฏ for ฎ, a common slip
    ("7 ก.ย 65", dt.date(2022, 9, 7)),  # last dot left out
    ("เมื่อ 2 มิ.ย. ๖๔", dt.date(2021, 6, 2)),
    ("ประชุมเมื่อ 23/02/2564", dt.date(2021, 2, 23)),
    ("29 ก.พ. 2567", dt.date(2024, 2, 29)),  # 2024 is a leap year
]

NOT_DATES = [
    "แผนปฏิบัติการด้านการส่งเสริมคุณธรรมแห่งชาติ ระยะที่ 2 พ.ศ.2566-2570",
    "แผนแม่บท ฉบับที่ 1 (พ.ศ. 2559 - 2564)",
    "1 มกราคม 2566-2570",  # a plan period even with a day in front
    "29 ก.พ. 2566",  # 2023 has no 29 February
    "31 เมษายน 2564",
    "ห้องประชุม 2 ชั้น 4 อาคาร 4",
    "ปีงบประมาณ 2566 (ปีที่ 2)",
    "เวลา 09.30 น.",
    "",
]


@pytest.mark.parametrize(("text", "expected"), WRITTEN)
def test_written_forms_parse_to_ce_dates(text: str, expected: dt.date) -> None:
    assert parse_thai_date(text) == expected


@pytest.mark.parametrize("text", NOT_DATES)
def test_plan_periods_years_and_impossible_days_are_not_dates(text: str) -> None:
    assert find_dates(text) == []
    assert pick_event_date(text) is None


@pytest.mark.parametrize(("name", "number"), [("กุมภาพันธ์", 2), ("ก.พ.", 2), ("มี.ค", 3), ("ธค", 12)])
def test_month_names_full_and_abbreviated(name: str, number: int) -> None:
    assert month_number(name) == number


def test_found_date_keeps_position_and_original_thai_digits() -> None:
    text = "ข่าววันที่ ๒๓ ก.พ. ๒๕๖๔ ที่ศาลากลาง"
    [found] = find_dates(text)
    assert found.text == "๒๓ ก.พ. ๒๕๖๔"
    assert text[found.start : found.end].strip() == found.text
    assert found.kind == "labelled"


def test_event_date_prefers_the_lead_and_todays_form() -> None:
    lead = "ต่อจากวันที่ 2 มกราคม 2566 วันนี้ (19 ม.ค.66) จังหวัดจัดประชุม"
    rest = "และจะประชุมอีกครั้ง 5 กุมภาพันธ์ 2566"
    event = pick_event_date(f"{lead}\n{rest}", lead_end=len(lead))
    assert event is not None
    assert event.date == dt.date(2023, 1, 19)
    assert event.others == [dt.date(2023, 1, 2), dt.date(2023, 2, 5)]
    assert event.uncertain and "วันที่อื่น" in event.notes_th[0]


def test_single_clear_date_is_not_uncertain() -> None:
    event = pick_event_date("วันที่ 23 กุมภาพันธ์ 2564 ศูนย์คุณธรรมจัดประชุม")
    assert event is not None and not event.uncertain


def test_missing_year_is_taken_from_the_article_and_flagged() -> None:
    text = "เมื่อวันที่ 5 มีนาคม ชุมชนจัดกิจกรรม ภายใต้แผนงานปี 2566"
    event = pick_event_date(text)
    assert event is not None
    assert event.date == dt.date(2023, 3, 5)
    assert event.uncertain and "ไม่ระบุปี" in event.notes_th[0]


def test_date_outside_the_lead_is_flagged() -> None:
    lead = "ชุมชนจัดกิจกรรมตักบาตร"
    event = pick_event_date(f"{lead}\nกิจกรรมจัดเมื่อ 3 มี.ค. 2566", lead_end=len(lead))
    assert event is not None and event.date == dt.date(2023, 3, 3)
    assert any("ย่อหน้าแรก" in note for note in event.notes_th)


# Each style renders a CE date the way Thai news pages write it, always with a BE year.
STYLES = {
    "full": lambda d: f"{d.day} {MONTHS_FULL[d.month - 1]} {d.year + 543}",
    "abbr": lambda d: f"{d.day} {MONTHS_ABBR[d.month - 1]} {d.year + 543}",
    "abbr-2digit": lambda d: f"{d.day} {MONTHS_ABBR[d.month - 1]}{(d.year + 543) % 100:02d}",
    "labelled": lambda d: f"วันที่ {d.day} {MONTHS_FULL[d.month - 1]} พ.ศ. {d.year + 543}",
    "today": lambda d: f"วันนี้ ({d.day} {MONTHS_ABBR[d.month - 1]}{(d.year + 543) % 100:02d})",
    "numeric": lambda d: f"{d.day:02d}/{d.month:02d}/{d.year + 543}",
}
# Two-digit BE years are read as 25xx, i.e. CE 1957-2056.
dates = st.dates(min_value=dt.date(1960, 1, 1), max_value=dt.date(2056, 12, 31))


@settings(max_examples=300, deadline=None)
@given(date=dates, style=st.sampled_from(sorted(STYLES)), thai_digits=st.booleans())
def test_any_date_in_any_style_parses_back(date: dt.date, style: str, thai_digits: bool) -> None:
    text = STYLES[style](date)
    if thai_digits:
        text = text.translate(TO_THAI_DIGITS)
    assert parse_thai_date(f"ศูนย์คุณธรรมจัดประชุม {text} ณ ศาลากลาง") == date


@settings(max_examples=200, deadline=None)
@given(date=dates, style=st.sampled_from(sorted(STYLES)))
def test_thai_digits_read_the_same_as_arabic_digits(date: dt.date, style: str) -> None:
    text = STYLES[style](date)
    arabic = [(f.date, f.start, f.end) for f in find_dates(text)]
    thai = [(f.date, f.start, f.end) for f in find_dates(text.translate(TO_THAI_DIGITS))]
    assert arabic == thai != []


@given(date=dates, abbreviated=st.booleans())
def test_format_thai_round_trips(date: dt.date, abbreviated: bool) -> None:
    assert parse_thai_date(format_thai(date, abbreviated)) == date


@given(text=st.text(max_size=300))
def test_arbitrary_text_never_raises(text: str) -> None:
    found = find_dates(text)
    assert all(isinstance(f.date, dt.date) for f in found)
    event = pick_event_date(text)
    assert event is None or isinstance(event.date, dt.date)
