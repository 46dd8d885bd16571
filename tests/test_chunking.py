"""Cases into passages: sections from Markdown, bounded length, title + summary first."""

from __future__ import annotations

from pathlib import Path

from kmhub.cases.files import read_case_file
from kmhub.index.chunking import chunk_case

from .conftest import FIXTURE_CASES

ROOT = Path(__file__).resolve().parents[1]


def test_passages_know_their_case_and_section() -> None:
    case = read_case_file(FIXTURE_CASES / "fx-nan-alcohol-free-merit.md").case
    assert case is not None
    passages = chunk_case(case, max_chars=80, min_chars=20)
    assert passages[0].section == "summary" and passages[0].text.startswith(case.title)
    assert {p.case_id for p in passages} == {case.id}
    assert [p.section for p in passages if p.section != "summary"][:1] == ["context"]
    assert {"context", "actions", "results", "lessons"} <= {p.section for p in passages}
    assert all(len(p.text) <= 100 for p in passages[1:])
    # The title gives short passages their topic for the encoder, but not for the snippet.
    lesson = next(p for p in passages if p.section == "lessons")
    assert lesson.embed_text(case.title).startswith(case.title) and not lesson.text.startswith(
        case.title
    )


def test_english_title_and_summary_become_a_passage() -> None:
    case = read_case_file(FIXTURE_CASES / "fx-chonburi-honest-company.md").case
    assert case is not None
    summaries = [p.text for p in chunk_case(case, 400, 120) if p.section == "summary"]
    assert len(summaries) == 2 and summaries[1].startswith("An honest and transparent factory")


def test_english_headings_are_section_aliases() -> None:
    case = read_case_file(FIXTURE_CASES / "fx-pattani-mosque-garden.md").case
    assert case is not None
    assert [s.key for s in case.sections] == ["context", "actions", "lessons"]
