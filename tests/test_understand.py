"""Query understanding: provinces, nicknames, regions, years, networks and levels in a query."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kmhub.search.understand import parse_literal, understand
from kmhub.search.years import CE_YEARS
from kmhub.text import places


def found(query: str) -> list[tuple[str, str]]:
    return [(u.kind, u.value) for u in understand(query).found]


@pytest.mark.parametrize(
    ("query", "province"),
    [
        ("ชุมชนคุณธรรมโคราช", "นครราชสีมา"),
        ("องค์กรคุณธรรมใน กทม.", "กรุงเทพมหานคร"),
        ("มหาวิทยาลัยกับจังหวัดคุณธรรมสุราษฎร์ฯ", "สุราษฎร์ธานี"),
        ("ต้นแบบคุณธรรมเมืองคอน", "นครศรีธรรมราช"),
        ("วัดในจังหวัดเชียงใหม่", "เชียงใหม่"),
        ("school in Korat", "นครราชสีมา"),
        ("moral organizations in Bangkok", "กรุงเทพมหานคร"),
        ("homestay in Chiang Mai", "เชียงใหม่"),
        ("company in Chonburi", "ชลบุรี"),
        ("งดเหล้า จ.เลย", "เลย"),
        ("เมืองชาละวัน จังหวัดคุณธรรมนำร่อง", "พิจิตร"),
        ("ชุมชนคุณธรรมเมืองลุง", "พัทลุง"),
        ("ชุมชนปากน้ำโพ", "นครสวรรค์"),  # ปากน้ำ alone is a river mouth
        ("ชุมชนคุณธรรมเชียงใหม่.", "เชียงใหม่"),  # a sentence's period is not part of it
        ("โคราช...", "นครราชสีมา"),
    ],
)
def test_provinces_by_name_alias_nickname_and_english(query: str, province: str) -> None:
    assert ("province", province) in found(query)
    assert places.region_of(province)  # every province found has a region


@pytest.mark.parametrize(
    "query",
    [
        "ไม่ดีเลย",
        "ตากผ้าให้แห้ง",
        "เผยแพร่ความรู้",
        "ชุมชนลดเหล้าในงานบุญ",
        # Words spelt like a province's abbreviation without its period: นม milk, ชน people,
        # พร blessing (here a piece of a misspelt เข้าพรรษา).
        "นมโรงเรียน",
        "ชนเผ่าบนดอย",
        "งดเหล้าเข้าพรรสา",
        "ชุมชนปากน้ำ",  # a river mouth, not Samut Prakan, unless it stands alone
    ],
)
def test_everyday_words_are_not_provinces(query: str) -> None:
    assert [k for k, _ in found(query) if k == "province"] == []


@pytest.mark.parametrize(
    ("query", "province"),
    [("งานบุญที่ พร.", "แพร่"), ("ชุมชน นม.", "นครราชสีมา"), ("ไปลป.เที่ยว", "ลำปาง")],
)
def test_an_abbreviation_with_its_period_is_a_province(query: str, province: str) -> None:
    assert found(query) == [("province", province)]


@pytest.mark.parametrize(
    "query", ["อบรม 3 ชม.", "สส. ลงพื้นที่", "ผลิตภัณฑ์ อย.", "นศ. จิตอาสา", "พล.อ.ประยุทธ์"]
)
def test_everyday_abbreviations_are_provinces_only_after_changwat(query: str) -> None:
    # ชม. hour, สส. member of parliament, อย. the food and drug office, นศ. student
    assert found(query) == []


def test_an_everyday_abbreviation_after_changwat_is_a_province() -> None:
    assert found("จ.ชม.") == [("province", "เชียงใหม่")]
    assert found("จังหวัด สส.") == [("province", "สมุทรสงคราม")]
    assert ("province", "กรุงเทพมหานคร") in found("องค์กรคุณธรรมใน กทม.")  # as written


def test_a_province_is_found_on_whole_words_only() -> None:
    # ลำปาง holds the letters of no other province; a two-letter abbreviation never matches
    # inside a word (ลป is Lampang's, as in "ลป." but not in "ลปรับ").
    assert found("ชุมชนลำปาง") == [("province", "ลำปาง")]
    assert found("ลปรับปรุง") == []


@pytest.mark.parametrize(
    ("query", "region"),
    [
        ("ชุมชนคุณธรรมในภาคอีสาน", "ภาคตะวันออกเฉียงเหนือ"),
        ("ภาคตะวันออกเฉียงเหนือ", "ภาคตะวันออกเฉียงเหนือ"),
        ("ชุมชนคุณธรรมภาคเหนือ", "ภาคเหนือ"),
        ("กรณีศึกษาภาคใต้", "ภาคใต้"),
        ("องค์กรภาคตะวันออก", "ภาคตะวันออก"),
        ("alcohol-free communities in the North", "ภาคเหนือ"),
        ("moral community work in Isan", "ภาคตะวันออกเฉียงเหนือ"),
    ],
)
def test_regions(query: str, region: str) -> None:
    assert ("region", region) in found(query)


@pytest.mark.parametrize(
    "query",
    [
        "homestay in South Korea",
        "study visit from south africa",
        "history of Southern California",
        "north pole",
    ],
)
def test_a_direction_that_opens_a_name_is_not_a_region(query: str) -> None:
    assert found(query) == []


def test_a_direction_before_thailand_is_a_region() -> None:
    assert found("mosques in South Thailand") == [("region", "ภาคใต้")]
    assert found("the north east") == [("region", "ภาคตะวันออกเฉียงเหนือ")]
    # Typed in capitals throughout, a capital after the direction says nothing.
    assert found("Moral Communities In The North Of Thailand") == [("region", "ภาคเหนือ")]
    assert found("NORTH EAST HOMESTAY") == [("region", "ภาคตะวันออกเฉียงเหนือ")]
    assert found("Isan Food") == [("region", "ภาคตะวันออกเฉียงเหนือ")]  # not a direction


@pytest.mark.parametrize(
    ("query", "value"),
    [
        ("ชุมชน ปี 2565", "2022"),
        ("cases in 2021", "2021"),
        ("พ.ศ. 2560-2564", "2017-2021"),
        ("2019 to 2021", "2019-2021"),
        ("ตั้งแต่ปี 2563", "2020-"),
        ("ก่อนปี 2560", "-2016"),
        ("ปี 64", "2021"),
        ("ประชุม ต.ค. 65", "2022"),  # two digits after a month are a BE year too
        # A fiscal year runs from the October before: ปีงบประมาณ 2562 is 2018-10 to 2019-09.
        ("ปีงบประมาณ 2562", "2018-2019"),
        ("ปีงบ 62", "2018-2019"),
        ("ตั้งแต่ปีงบประมาณ 2562", "2018-"),
        ("fiscal year 2019", "2018-2019"),
        ("ปีงบ 62-64", "2018-2021"),
        ("ประชุม มี.ค. 66", "2023"),  # a month the segmenter cuts in two
        ("อบรม ต.ค 65", "2022"),  # a month without its last dot
        ("ปี 64 คน", "2021"),  # after ปี two digits are a year, whatever follows
        ("ตั้งแต่ ต.ค. 65", "2022-"),
        ("ก่อน ต.ค. 65", "-2022"),  # before October 2022 holds most of 2022
    ],
)
def test_years_in_either_era(query: str, value: str) -> None:
    assert found(query) == [("year", value)]


@pytest.mark.parametrize("query", ["งบประมาณ 50 ล้าน", "ใช้งบ 45 ล้านบาท", "ต.ค. 45 วัน"])
def test_two_digits_that_count_something_are_not_years(query: str) -> None:
    assert found(query) == []


def test_a_month_is_part_of_the_date_not_a_word_searched() -> None:
    reading = understand("ประชุม มี.ค. 66")
    assert reading.found[0].text == "มี.ค. 66" and reading.words == "ประชุม"


@given(st.integers(min_value=CE_YEARS.start, max_value=CE_YEARS.stop - 1))
def test_a_year_reads_the_same_in_both_eras(year: int) -> None:
    assert found(f"ปี {year + 543}") == found(f"ปี {year}") == [("year", str(year))]


@pytest.mark.parametrize("query", ["95 วัด", "ร้านค้า 30 ร้าน", "ศีล 5", "โทร 1200"])
def test_other_numbers_are_not_years(query: str) -> None:
    assert found(query) == []


def test_networks_and_levels_are_boosts() -> None:
    understood = understand("ภาคธุรกิจกับงานคุณธรรมระดับอำเภอ").found
    assert {(u.kind, u.value, u.how) for u in understood} == {
        ("network", "business", "boost"),
        ("level", "district", "boost"),
    }


def test_filter_words_leave_the_words_boosts_stay() -> None:
    reading = understand("ชุมชนคุณธรรมโคราช")
    assert "โคราช" not in reading.words and "ชุมชน" in reading.words
    assert reading.filter_values() == {"province": "นครราชสีมา"}


def test_literal_kinds_stay_words_and_say_so() -> None:
    reading = understand("ชุมชนคุณธรรมโคราช", parse_literal("province"))
    assert reading.filter_values() == {}
    assert reading.words == "ชุมชนคุณธรรมโคราช"
    assert [u.how for u in reading.found if u.kind == "province"] == ["literal"]


def test_literal_parsing() -> None:
    assert parse_literal("province, year") == {"province", "year"}
    assert parse_literal("all") >= {"province", "region", "year", "network", "level", "spelling"}
    assert parse_literal("nonsense") == frozenset()  # a stale link still searches


def test_labels_are_thai_and_english_with_both_eras() -> None:
    (u,) = understand("ปี 2564").found
    assert u.label_th == "ปี: พ.ศ. 2564" and u.label_en == "Year: 2021"
    (p,) = understand("โคราช").found
    assert p.label_th == "จังหวัด: นครราชสีมา" and p.label_en == "Province: Nakhon Ratchasima"
    assert (p.start, p.end, p.text) == (0, 5, "โคราช")
