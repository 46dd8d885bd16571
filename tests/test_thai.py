"""Thai text analysis: normalization, segmentation, years, and their invariants."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kmhub.index.chunking import split_passages
from kmhub.text import analysis, thai

thai_text = st.text(
    alphabet=st.sampled_from(
        list("กขคงจชซญดตถทนบปผพฟมยรลวสหอฮะัาำิีึืุู่้๊๋็์เแโใไ๐๑๒๓๔๕๖๗๘๙ 0123456789abcXYZ\u200b\n")
    ),
    max_size=80,
)


def test_thai_digits_become_ascii() -> None:
    assert thai.normalize("พ.ศ. ๒๕๖๔") == "พ.ศ. 2564"


def test_keyboard_habits_are_folded() -> None:
    assert thai.normalize("เเละ") == thai.normalize("และ")
    assert thai.normalize("นํ้า") != "" and thai.normalize("ทํา") == thai.normalize("ทำ")
    assert thai.normalize("ดี\u200bมาก") == "ดีมาก"
    assert thai.normalize("ก่่อน") == thai.normalize("ก่อน")


@given(thai_text)
def test_normalize_is_idempotent(text: str) -> None:
    once = thai.normalize(text)
    assert thai.normalize(once) == once


@given(thai_text)
def test_normalized_text_has_no_thai_digits_or_invisible_characters(text: str) -> None:
    out = thai.normalize(text)
    assert not any(ch in out for ch in "๐๑๒๓๔๕๖๗๘๙\u200b")
    assert out == out.strip() and "  " not in out


@given(st.integers(min_value=1, max_value=9999))
def test_thai_and_arabic_digits_normalize_alike(number: int) -> None:
    thai_digits = str(number).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    assert thai.normalize(thai_digits) == str(number)


def test_segmentation_drops_stopwords_and_punctuation() -> None:
    terms = analysis.terms("ชุมชนลดเหล้าในงานบุญ, และวัดเป็นศูนย์กลาง!")
    assert "ชุมชน" in terms and "เหล้า" in terms and "งานบุญ" in terms
    assert "ใน" not in terms and "และ" not in terms and "," not in terms


def test_query_and_index_analysis_agree() -> None:
    # The same words typed with Thai digits or doubled vowels must give the same terms.
    assert analysis.terms("ปี ๒๕๖๔ เเละชุมชน") == analysis.terms("ปี 2564 และชุมชน")


def test_buddhist_era_years() -> None:
    assert thai.to_ce_year(2564) == 2021
    assert thai.to_ce_year(2021) == 2021
    assert thai.to_be_year(2021) == 2564


@given(st.text(alphabet="กขคงจ ัาิ่้.!?\n", max_size=2000), st.integers(min_value=20, max_value=500))
def test_passages_are_bounded_and_lose_no_text(text: str, max_chars: int) -> None:
    passages = split_passages(text, max_chars, min_chars=max_chars // 4)
    assert "".join("".join(p.split()) for p in passages) == "".join(text.split())
    # A tail may be merged into its neighbour (25 % slack); a single word may not be cut.
    assert all(len(p) <= max_chars * 1.25 or " " not in p for p in passages)
