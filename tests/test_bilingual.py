"""English query words read in Thai: WordNet 3.0 senses and the Thai WordNet's lemmas."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kmhub.search import retrievers
from kmhub.search.searcher import Searcher
from kmhub.text import bilingual, thai


def test_inflected_english_words_find_their_wordnet_lemma() -> None:
    assert bilingual.translatable_lemma("companies") == "company"
    assert bilingual.translatable_lemma("children") == "child"  # an exception list entry
    assert bilingual.translatable_lemma("women") == "woman"
    # The first rule of WordNet's order that it knows wins: not rat, hop, not.
    assert bilingual.translatable_lemma("rates") == "rate"
    assert bilingual.translatable_lemma("hoped") == "hope"
    assert bilingual.translatable_lemma("notes") == "note"
    assert bilingual.translatable_lemma("boxes") == "box"
    assert bilingual.translatable_lemma("qzxv") is None


def test_common_english_words_have_their_thai_words() -> None:
    assert "ฝรั่ง" in bilingual.thai_words("guava")
    assert "ของหวาน" in bilingual.thai_words("dessert")
    assert "วิทยุ" in bilingual.thai_terms("radio")
    # Only the first senses: "family" as a taxon (วงศ์) is its sixth of eight.
    assert "ครอบครัว" in bilingual.thai_words("family")
    assert "วงศ์" not in bilingual.thai_words("family")


def test_words_wordnet_knows_together_are_read_together() -> None:
    joined = bilingual.compounds([(0, "radio"), (1, "station"), (3, "village")])
    assert joined == ["radio_station", "village"]
    # Not next to each other as typed ("radio Tokyo station"): two words.
    assert bilingual.compounds([(0, "radio"), (2, "station")]) == ["radio", "station"]


def test_only_the_content_words_of_an_english_query_are_translated() -> None:
    translations = bilingual.query_translations("What is the radio station of the village?")
    assert len(translations) == 2  # radio station, village; the function words are left out
    assert "หมู่บ้าน" in translations[1]
    assert bilingual.query_translations("งานบุญ radio") == []  # a Thai query is read in Thai
    # Names are the romanized grams' part, unless every word is capitalized (a typed title).
    assert bilingual.query_translations("the radio of Huai Thotsop") == [
        bilingual.thai_terms("radio")
    ]
    assert len(bilingual.query_translations("Community Radio")) == 2
    # A name WordNet knows is translated like any word.
    assert "โตเกียว" in bilingual.query_translations("the radio of Tokyo")[1]
    assert bilingual.query_translations("which qzxv") == [()]  # a word with no translation


def test_letters_beyond_english_and_possessives_are_not_misread() -> None:
    # Not "na" (sodium) and "m" from naïve and Möbius, nor "s" (sulphur) from children's.
    assert bilingual.query_translations("naïve Möbius") == []
    children = bilingual.query_translations("children's radio")
    assert len(children) == 2 and "เด็ก" in children[0]
    assert not any("กำมะถัน" in terms for terms in children)
    assert bilingual.query_translations("alcohol-free")[0] == bilingual.thai_terms("alcohol")


def test_an_english_word_reaches_a_thai_only_case_through_its_translation(
    searcher: Searcher,
) -> None:
    radio = searcher.index.cases[searcher.index.case_index["fx-chiangmai-community-radio"]]
    assert not radio.title_en and not radio.summary_en  # written in Thai only: วิทยุชุมชน
    assert not searcher.vocabulary.cases_with("radio").any()  # no case has the English word
    query = "radio programmes about good people"
    found = searcher.search(query, mode="lexical")
    # Found by translation alone, it is listed as loosely related: a translation is not a key word.
    assert not found.hits and found.loose[0].case_id == radio.id
    untranslated = Searcher(
        searcher.index, searcher.encoder, searcher.settings.with_(translation_weight=0)
    ).search(query, mode="lexical")
    assert radio.id not in [h.case_id for h in untranslated.hits + untranslated.loose]


def test_a_word_no_case_holds_in_translation_lowers_the_share(searcher: Searcher) -> None:
    index = searcher.index
    radio = index.case_index["fx-chiangmai-community-radio"]
    alone = retrievers.translated_share(index, [("วิทยุ",)], None)
    with_unheard = retrievers.translated_share(index, [("วิทยุ",), ("qzxv",)], None)
    assert alone[radio] > with_unheard[radio] > 0
    assert alone.argmax() == radio
    assert not retrievers.translated_share(index, [("qzxv",)], None).any()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHRSTW '’-.,!?0123éöก", max_size=60))
def test_any_typed_text_is_read_safely(text: str) -> None:
    translations = bilingual.query_translations(text)
    if thai.has_thai(text):
        assert translations == []
    for terms in translations:
        assert all(thai.has_thai(term) for term in terms)  # index terms of Thai words only
