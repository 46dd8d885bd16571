"""Text analysis shared by index and query: normalization, stopwords, compounds, English,
synonyms and names, each rule on its own."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pythainlp.util import reorder_vowels

from kmhub.search.results import mark_terms
from kmhub.text import analysis, stopwords, synonyms, thai

# Consonants, vowel signs (above, below, following), tone marks, thanthakhat and sara e:
# enough to write every mark order a keyboard allows, in any mix.
THAI_MARKS = "กขนทมลี ัิีุู่้๊๋์ําะำเ"


@pytest.mark.parametrize(
    ("typed", "standard"),
    [("ท่ี", "ที่"), ("ก่ี", "กี่"), ("นํ้า", "น้ำ"), ("น้ํา", "น้ำ"), ("ทา่", "ท่า"), ("เเปลก", "แปลก")],
)
def test_mark_order_and_split_sara_am_normalize(typed: str, standard: str) -> None:
    assert thai.normalize(typed) == standard
    assert analysis.terms(f"บ้าน{typed}") == analysis.terms(f"บ้าน{standard}")


@given(st.text(alphabet=THAI_MARKS, max_size=40))
def test_mark_order_follows_pythainlp_rules(text: str) -> None:
    # Our own reordering keeps positions; its output must be what pythainlp writes.
    assert thai.reorder_marks(text) == reorder_vowels(text)


# A syllable as typed: consonant, then a vowel sign and a tone mark in either order, maybe a
# following vowel; a typist's order must not matter.
syllables = st.tuples(
    st.sampled_from("กขนทมล"),
    st.sampled_from(["", "ั", "ิ", "ี", "ุ", "ู"]),
    st.sampled_from(["", "่", "้", "๊", "๋"]),
    st.sampled_from(["", "า", "ะ"]),
    st.booleans(),
)


def typed(parts: list[tuple[str, str, str, str, bool]], standard: bool) -> str:
    out = []
    for consonant, vowel, tone, follow, swapped in parts:
        if standard or not swapped:
            out.append(consonant + vowel + tone + follow)
        elif vowel:
            out.append(consonant + tone + vowel + follow)  # tone typed before the vowel sign
        else:
            out.append(consonant + follow + tone)  # tone typed after the following vowel
    return "".join(out)


@given(st.lists(syllables, min_size=1, max_size=12))
def test_any_mark_order_normalizes_like_the_standard_one(parts: list) -> None:
    assert thai.normalize(typed(parts, standard=False)) == thai.normalize(
        typed(parts, standard=True)
    )


@given(st.text(alphabet=THAI_MARKS + "ABC 12\u200b", max_size=60))
def test_every_normalized_character_knows_where_it_came_from(text: str) -> None:
    normalized, origin = thai.normalize_mapped(text)
    assert len(origin) == len(normalized)
    assert all(0 <= i < len(text) for i in origin)


@given(st.lists(syllables, min_size=1, max_size=12), st.sampled_from(["", " ", "\u200b"]))
def test_word_spans_point_at_the_words_in_the_original_text(parts: list, gap: str) -> None:
    text = gap.join(typed([p], standard=False) for p in parts)
    for start, end, word in analysis.word_spans(text):
        assert 0 <= start < end <= len(text)
        assert thai.normalize(text[start:end]) == word


def test_field_words_survive_the_stopword_list() -> None:
    assert analysis.terms("หกภาคส่วน") == ["หก", "ภาค", "ส่วน"]
    for word in ("ผล", "กลุ่ม", "ร่วม", "พอเพียง", "เลย"):
        assert not stopwords.is_stopword(word), word
    for word in ("ใน", "และ", "ที่", "the", "of"):
        assert stopwords.is_stopword(word), word


def test_question_words_and_spoken_particles_are_not_terms() -> None:
    assert analysis.terms("ธนาคารขยะตั้งขึ้นปีใด") == analysis.terms("ธนาคารขยะตั้งขึ้นปี")
    assert analysis.terms("มีสมาชิกกี่คนหรอคะ") == analysis.terms("มีสมาชิกคน")
    assert analysis.terms("ราคาเท่าไรเหรอ") == ["ราคา"]
    assert analysis.terms("ธนาคารขยะตั้งอยู่ตรงไหนบ้างครับผม") == analysis.terms("ธนาคารขยะตั้งอยู่")


def test_a_compound_meets_its_parts_both_ways() -> None:
    assert "เหล้า" in analysis.terms("คนในหมู่บ้านดื่มเหล้ากันหนัก")
    assert analysis.subwords("ดื่มเหล้า") == ("ดื่ม", "เหล้า")


def test_place_names_and_syllables_are_not_split() -> None:
    assert analysis.subwords("ลำปาง") == ()  # not ลำ + ปาง
    assert analysis.subwords("ระดับ") == ()  # pieces under three characters are syllables
    assert "ปาง" not in analysis.terms("ชุมชนลำปาง")


def test_english_is_stemmed_and_stopwords_dropped() -> None:
    assert analysis.terms("companies") == analysis.terms("company")
    assert analysis.terms("the volunteers of a school") == analysis.terms("volunteer school")
    assert analysis.terms("alcohol-free") == analysis.terms("alcohol free")


@pytest.mark.parametrize(
    ("one", "other"),
    [("สุรา", "เหล้า"), ("แอลกอฮอล์", "เหล้า"), ("คอร์รัปชัน", "ทุจริต"), ("อาสาสมัคร", "จิตอาสา")],
)
def test_synonyms_are_one_term(one: str, other: str) -> None:
    assert analysis.terms(one) == analysis.terms(other)
    assert len(analysis.terms(one)) == 1  # a table word is not split into parts


def test_english_synonyms_reach_thai_terms() -> None:
    assert analysis.terms("alcohol") == analysis.terms("เหล้า")


def test_synonym_table_is_well_formed() -> None:
    seen: dict[str, int] = {}
    for number, group in enumerate(synonyms.groups()):
        assert len(group) >= 2, group
        for word in group:
            assert seen.setdefault(word, number) == number, f"{word} is in two groups"
            assert word == word.strip() and word


def test_a_name_after_a_title_stays_whole() -> None:
    text = "นายเจษฎา จิตรัตน์ รองผู้ว่าราชการจังหวัด"
    terms = analysis.terms(text)
    assert "จิตรัตน์" in terms and "จิต" not in terms and "นาย" not in terms
    # Highlighting the query word จิต marks nothing inside the surname.
    assert mark_terms(analysis.term_spans(text), analysis.terms("จิต")) == ([], [])


def test_highlight_covers_the_whole_word_a_part_matched() -> None:
    text = "คนดื่มเหล้ากันหนัก"
    ranges, found = mark_terms(analysis.term_spans(text), analysis.terms("เหล้า"))
    assert [text[a:b] for a, b in ranges] == ["ดื่มเหล้า"] and found == ["เหล้า"]


def test_analyzer_id_changes_with_the_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    before = analysis.analyzer_id()
    monkeypatch.setattr(synonyms, "GROUPS_TEXT", synonyms.GROUPS_TEXT + "\nกขค คขก\n")
    assert analysis.analyzer_id() != before


@given(st.lists(syllables, min_size=1, max_size=12), st.sampled_from(["", " ", "\u200b", ", "]))
def test_character_grams_ignore_spacing_and_mark_order(parts: list, gap: str) -> None:
    spaced = gap.join(typed([part], standard=False) for part in parts)
    assert analysis.char_grams(spaced) == analysis.char_grams(typed(parts, standard=True))


def test_character_grams_keep_thai_marks_and_fold_case() -> None:
    assert analysis.char_grams("น้ำใจ") == ["น้ำใ", "้ำใจ"]
    assert analysis.char_grams("Bear Grylls") == analysis.char_grams("beargrylls")
    assert analysis.char_grams("สั้น") == ["สั้น"] and analysis.char_grams("ดี") == []
