"""Thai read in Latin letters, so that an English spelling of a Thai name meets the Thai text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kmhub.search.searcher import Searcher
from kmhub.text import romanize


def test_thai_words_are_romanized_by_rtgs_rules() -> None:
    assert romanize.romanized("ลำปาง") == "lampang"
    assert romanize.romanized("ดอนแก้ว") == "donkaeo"
    assert romanize.romanized("2564") == ""


def test_a_thai_name_and_its_english_spelling_share_grams() -> None:
    assert set(romanize.word_grams(["บ้าน", "ดอนแก้ว"])) >= set(romanize.query_grams("Don Kaeo"))


def test_query_grams_leave_out_function_words_and_thai() -> None:
    assert romanize.query_grams("When was the Don Kaeo model?") == romanize.query_grams(
        "Don Kaeo model"
    )
    assert romanize.query_grams("ชุมชน Don Kaeo") == romanize.query_grams("Don Kaeo")
    assert romanize.query_grams("ชุมชนคุณธรรม วัด") == []


def test_a_question_with_names_is_met_by_its_names_alone() -> None:
    # "born" and "founded" are no part of a Thai text read in Latin letters.
    names = romanize.query_grams("Don Kaeo")
    assert romanize.query_grams("When was Don Kaeo founded?") == names
    assert "ound" not in romanize.query_grams("When was Don Kaeo founded?")
    # Typed all in lower case, no word stands out as a name: every content word counts.
    assert "ound" in romanize.query_grams("when was don kaeo founded")
    assert set(names) < set(romanize.query_grams("when was don kaeo founded"))


@given(st.text(alphabet="กขคงจชดตนบปผพมยรลวสหอะาิีึืุูเแโใไ่้๊๋็์ํ abcXYZ-.", max_size=40))
def test_every_gram_is_four_latin_letters_or_three_sounds(text: str) -> None:
    for gram in romanize.text_grams(text) + romanize.query_grams(text):
        assert gram.isascii() and gram.isalpha()
        assert (len(gram), gram.islower()) in {(4, True), (romanize.SOUND_GRAM, False)}


def test_an_english_spelling_of_a_thai_village_finds_the_thai_only_case(searcher: Searcher) -> None:
    nan = searcher.index.cases[searcher.index.case_index["fx-nan-alcohol-free-merit"]]
    assert not nan.title_en and not nan.summary_en  # written in Thai only: บ้านห้วยทดสอบ
    result = searcher.search("Huai Thotsop", mode="lexical")
    assert (result.hits + result.loose)[0].case_id == nan.id
    # The words alone know no Latin spelling of it.
    assert not searcher.vocabulary.cases_with("huai").any()
