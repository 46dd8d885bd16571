"""A case's title written in the query lifts that case; of nested titles, the longest."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kmhub.index.build import build_index
from kmhub.index.encoders import UseM3Encoder
from kmhub.search import boosts
from kmhub.search.fusion import CaseHit
from kmhub.search.live import open_searcher
from kmhub.search.searcher import Searcher
from kmhub.settings import Settings

# Three cases about waste banks: one titled just that, one whose title begins with it, and one
# that says "ธนาคารขยะ" more often than either without being named so.
CASES = {
    "waste-bank": (
        "ธนาคารขยะ",
        "ชุมชนรับฝากขยะรีไซเคิลจากสมาชิกแล้วจ่ายเป็นเงินออม",
        "สมาชิกนำขวดและกระดาษมาฝากทุกวันเสาร์ เจ้าหน้าที่ชั่งน้ำหนักและบันทึกในสมุด",
    ),
    "waste-bank-school": (
        "ธนาคารขยะโรงเรียนบ้านทดสอบ",
        "นักเรียนฝากขยะแลกแต้มความดี",
        "ครูและนักเรียนคัดแยกขยะทุกเช้าก่อนเข้าแถว",
    ),
    "waste-fund": (
        "กองทุนขยะชุมชนหนองทดสอบ",
        "กองทุนที่ชาวบ้านตั้งขึ้นหลังดูงานธนาคารขยะ",
        "ชาวบ้านไปดูงานธนาคารขยะสามแห่ง ได้เรียนรู้ว่าธนาคารขยะเริ่มต้นจากการประชุมหมู่บ้าน"
        " การเริ่มต้นธนาคารขยะต้องมีคนรับผิดชอบ และธนาคารขยะต้องเริ่มต้นจากครัวเรือนต้นแบบ",
    ),
}


@pytest.fixture(scope="module")
def waste_banks(tmp_path_factory: pytest.TempPathFactory, encoder: UseM3Encoder) -> Searcher:
    root = tmp_path_factory.mktemp("titles")
    (root / "cases").mkdir()
    for case_id, (title, summary, body) in CASES.items():
        (root / "cases" / f"{case_id}.md").write_text(
            f"---\nid: {case_id}\ntitle: {title}\nprovince: ขอนแก่น\ndate: 2022-05-01\n"
            f"level: community\nnetworks: [civil-society]\nsummary: {summary}\n---\n\n"
            f"## สิ่งที่ทำ\n{body}\n",
            encoding="utf-8",
        )
    settings = Settings(cases_dir=root / "cases", index_dir=root / "index")
    build_index(settings, encoder=encoder, progress=False)
    return open_searcher(settings, encoder)


def ids(searcher: Searcher, query: str, **options: str) -> list[str]:
    return searcher.search(query, **options).case_ids()  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", ["hybrid", "lexical"])
def test_a_query_that_is_a_case_title_lists_that_case_first(
    waste_banks: Searcher, mode: str
) -> None:
    assert ids(waste_banks, "ธนาคารขยะ", mode=mode)[0] == "waste-bank"
    # Switched off, the words alone prefer the case that repeats them: the rule does the work.
    assert ids(waste_banks, "ธนาคารขยะ", mode=mode, literal="title")[0] != "waste-bank"


def test_ranking_by_meaning_alone_is_not_lifted_by_titles(waste_banks: Searcher) -> None:
    query = "ธนาคารขยะ"
    with_titles = waste_banks.search(query, mode="dense")
    without = waste_banks.search(query, mode="dense", literal="title")
    assert [(h.case_id, h.score) for h in with_titles.hits] == [
        (h.case_id, h.score) for h in without.hits
    ]


def test_of_nested_titles_only_the_longest_is_named(waste_banks: Searcher) -> None:
    cases = waste_banks.index.cases
    everyone: list[CaseHit] = [(i, -1, 1.0, {}) for i in range(len(cases))]
    named = boosts.named_by_title("ธนาคารขยะโรงเรียนบ้านทดสอบ เริ่มเมื่อไร", everyone, cases)
    assert [cases[i].id for i in named] == ["waste-bank-school"]
    # Spaces do not matter, nor does letter case in an English title.
    assert [cases[i].id for i in boosts.named_by_title("ธนาคาร ขยะ", everyone, cases)] == [
        "waste-bank"
    ]
    english = [replace(c, title_letters=(*c.title_letters, "wastebank")) for c in cases]
    named = boosts.named_by_title("How did the Waste Bank start?", everyone, english)
    assert len(named) == len(cases)


def test_a_title_shorter_than_four_letters_names_nothing(waste_banks: Searcher) -> None:
    cases = [replace(c, title_letters=("ขยะ",)) for c in waste_banks.index.cases]
    everyone: list[CaseHit] = [(i, -1, 1.0, {}) for i in range(len(cases))]
    assert boosts.named_by_title("ขยะ", everyone, cases) == set()
    assert boosts.named_by_title("ธนาคารขยะ", everyone, waste_banks.index.cases)


def test_a_case_named_by_its_title_is_a_result_not_loosely_related(waste_banks: Searcher) -> None:
    query = "ธนาคารขยะ เริ่มต้นอย่างไร"  # the waste bank holds the name, not เริ่มต้น
    named = waste_banks.search(query, mode="lexical")
    assert "waste-bank" in [h.case_id for h in named.hits]
    as_words = waste_banks.search(query, mode="lexical", literal="title")
    assert "waste-bank" in [h.case_id for h in as_words.loose]
