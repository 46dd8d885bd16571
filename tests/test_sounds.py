"""Consonant sounds: an English name and the Thai spelling of it read alike."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kmhub.index.build import build_index
from kmhub.index.encoders import UseM3Encoder
from kmhub.search import relevance
from kmhub.search.live import open_searcher
from kmhub.settings import Settings
from kmhub.text import analysis, romanize, sounds
from tests.many_cases import write_many_cases


@pytest.mark.parametrize(
    ("english", "thai"),
    [
        ("Denver", "เดนเวอร์"),  # the English r kept as ร์
        ("Harvard", "ฮาร์วาร์ด"),
        ("Jacksonville", "แจ็กสันวิลล์"),  # ck one sound, ll one letter
        ("Normandy", "นอร์มังดี"),  # a final y is a vowel
        ("Warsaw", "วอร์ซอ"),  # so is a final w
        ("Philip", "ฟิลิป"),  # ph as f
        ("Phuket", "ภูเก็ต"),  # ph as p, in Thai romanized
        ("George", "จอร์จ"),  # a soft g
        ("Kenya", "เคนยา"),
        ("Prasopsuk", "ประสพสุข"),
        ("Boondech", "บุญเดช"),  # ญ closing a syllable is n
    ],
)
def test_an_english_name_and_its_thai_spelling_sound_alike(english: str, thai: str) -> None:
    assert sounds.latin_sounds(english) == sounds.thai_sounds(thai)


def test_tone_letters_and_vowel_letters_make_no_sound() -> None:
    assert sounds.thai_sounds("หมอ") == "M"  # ห sets the tone, อ carries the vowel
    assert sounds.thai_sounds("เวียน") == "WN"  # ย of เ-ีย is a vowel
    assert sounds.thai_sounds("ทัวร์") == "TR"  # ว of -ัว is a vowel
    assert sounds.thai_sounds("ญาติ") == sounds.thai_sounds("ใหญ่") + "T" == "YT"  # ญ by its vowel
    # A tone mark between the vowel and ย or ว changes nothing, in either order of the marks.
    assert sounds.thai_sounds("เปลี่ยน") == sounds.thai_sounds("เปลียน") == "PLN"
    assert sounds.thai_sounds("ชั่ว") == "C"
    assert sounds.thai_sounds("ซาราห์") == sounds.latin_sounds("Sarah") == "SR"  # ห์ is silent
    assert sounds.latin_sounds("Bhumibol") == sounds.thai_sounds("ภูมิพล") == "PMPL"
    assert sounds.latin_sounds("Johann") == "CHN"  # an h between vowels is heard
    assert sounds.latin_sounds("Sarah") == "SR"
    assert sounds.latin_sounds("Cecil") == sounds.thai_sounds("ซีซิล") == "SL"  # soft c; s, s as one


def test_different_names_sound_different() -> None:
    assert sounds.latin_sounds("Denver") != sounds.latin_sounds("Dover")
    assert sounds.thai_sounds("เชียงใหม่") != sounds.latin_sounds("Chonburi")


def test_acronyms_and_single_grams_give_no_sounds() -> None:
    def heard(query: str) -> list[str]:
        return [gram for gram in romanize.query_grams(query) if gram.isupper()]

    assert heard("CSR Denver") == heard("Denver") == ["TNW", "NWR"]
    assert heard("CSR ขยะชุมชน") == heard("Tesla") == []  # Tesla has one gram: TSL
    assert heard("denver broncos") == []  # no capital, no name


def test_the_rules_are_part_of_the_romanizer_id(monkeypatch: pytest.MonkeyPatch) -> None:
    before = romanize.romanizer_id()
    monkeypatch.setitem(sounds._LATIN_PAIRS, "ph", "F")
    assert romanize.romanizer_id() != before


def test_an_english_name_meets_its_thai_spelling_in_sound_grams_only() -> None:
    query = set(romanize.query_grams("When did the Denver Broncos play?"))
    thai = set(romanize.word_grams(["เดนเวอร์", "บรองโกส์"]))
    shared = query & thai
    assert len(shared) >= 5
    assert all(gram.isupper() for gram in shared)  # royin reads them "denwoe", "bonongkot"


@given(st.text(alphabet="กขคงจชญดตนบปผพมยรลวสหอฮะาิีึืุูเแโใไ่้๊๋็์ํ abcghwyXYZ-.", max_size=40))
def test_every_sound_is_an_upper_case_class(text: str) -> None:
    for word in text.split():
        for key in sounds.thai_sounds(word) + sounds.latin_sounds(word):
            assert key in "KNCSYTPMRLWH"


CASE = """---
id: {id}
title: {title}
province: {province}
date: 2022-06-01
level: organization
networks: [education-youth]
summary: >-
  {summary}
---

## สิ่งที่ทำ
{body}

## บทเรียน
- ทำต่อเนื่องจนเป็นนิสัย
"""


def test_an_english_name_finds_the_case_that_spells_it_in_thai(
    tmp_path: Path, encoder: UseM3Encoder
) -> None:
    cases = tmp_path / "cases"
    write_many_cases(cases)  # ninety more: a share is only a share among enough cases
    written = [
        (
            "sd-waldorf",
            "โรงเรียนวอลดอร์ฟปลูกจิต",
            "เชียงราย",
            "ครูสอนตามแนวคิดวอลดอร์ฟของรูดอล์ฟ สไตเนอร์",
            "เด็กเรียนผ่านงานศิลปะ งานสวน และนิทาน ผู้ปกครองมาเรียนรู้แนวทางวอลดอร์ฟทุกเดือน",
        ),
        (
            "sd-market",
            "ตลาดนัดสีเขียว",
            "ลำพูน",
            "ผู้ค้าในตลาดงดใช้ถุงพลาสติก",
            "ตลาดขายผักปลอดสารทุกวันเสาร์ ผู้ค้าตกลงกติกาเรื่องความสะอาดร่วมกัน",
        ),
        (
            "sd-library",
            "ห้องสมุดชุมชน",
            "พะเยา",
            "อาสาสมัครอ่านหนังสือให้เด็กฟังทุกเย็น",
            "ชาวบ้านบริจาคหนังสือและจัดมุมอ่านหนังสือในศาลาวัด",
        ),
    ]
    for case_id, title, province, summary, body in written:
        text = CASE.format(id=case_id, title=title, province=province, summary=summary, body=body)
        (cases / f"{case_id}.md").write_text(text, encoding="utf-8")
    settings = Settings(cases_dir=cases, index_dir=tmp_path / "index")
    build_index(settings, encoder=encoder, progress=False)
    searcher = open_searcher(settings, encoder)

    for query in ("Waldorf", "Which school follows the ideas of Rudolf Steiner?"):
        result = searcher.search(query, mode="lexical")
        assert [hit.case_id for hit in result.hits + result.loose][:1] == ["sd-waldorf"], query
    # RTGS reads วอลดอร์ฟ as "woladop": no 4-gram of "waldorf"; the sounds are what met.
    assert not set(romanize.query_grams("Waldorf")) & set(analysis.grams_of("woladop"))


def test_a_name_met_in_latin_grams_is_a_result_at_a_lower_share() -> None:
    # A foreign name spelled in Thai meets its sounds, not its RTGS letters: about half its grams.
    ranked = [(0, 0, 0.4, {"lexical": 0.4}), (1, 1, 0.3, {"lexical": 0.3})]
    latin = np.array([relevance.LATIN_KEY_SHARE, relevance.LATIN_KEY_SHARE - 0.1])
    results, loose = relevance.split(ranked, relevance.latin_held(latin), clear_dense=1.0)
    assert [hit[0] for hit in results] == [0] and [hit[0] for hit in loose] == [1]
    assert relevance.LATIN_KEY_SHARE < relevance.KEY_WORD_SHARE
