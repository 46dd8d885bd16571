"""Workshop packs: MMR selection, the pack model and its limits, questions, and the CLI."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kmhub.cases.files import read_case_files
from kmhub.index.build import build_index
from kmhub.index.store import open_index
from kmhub.packs.model import (
    DEFAULT_MINUTES,
    MAX_CASES,
    MAX_TITLE_CHARS,
    PackError,
    UnknownCasesError,
    build_pack,
    make_meta,
    pack_case,
    parse_ids,
)
from kmhub.packs.questions import (
    EVENT_OPENING,
    MAX_QUESTIONS,
    MIN_QUESTIONS,
    discussion_questions,
    lesson_statements,
    quote,
    reports_an_event,
    statements,
)
from kmhub.packs.suggest import match_strengths, mmr, strength, suggest
from kmhub.search.live import open_searcher
from kmhub.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[1]
# Three Khon Kaen school-volunteer cases (one in the shared fixtures, two here) are near-copies
# for a workshop; a Chiang Rai youth case is relevant too but ranks below them.
PACK_CASES = FIXTURES / "pack_cases"


@pytest.fixture(scope="module")
def varied_searcher(tmp_path_factory: pytest.TempPathFactory, encoder):
    """A Searcher over the fixture corpus plus the pack fixtures (built once for this module)."""
    root = tmp_path_factory.mktemp("pack-corpus")
    cases = root / "cases"
    shutil.copytree(FIXTURES / "cases", cases)
    for path in PACK_CASES.glob("fx-*.md"):
        shutil.copy(path, cases / path.name)
    settings = Settings(cases_dir=cases, index_dir=root / "index")
    report = build_index(settings, encoder=encoder, progress=False, strict=True)
    assert report.case_count == 10
    return open_searcher(settings, encoder)


def test_mmr_prefers_a_different_case_over_a_near_copy() -> None:
    vectors = np.array([[1, 0], [0.99, 0.141], [0, 1]], dtype=np.float64)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    relevance = np.array([1.0, 0.95, 0.7])
    similarity = vectors @ vectors.T
    assert mmr(relevance, similarity, 2, lam=1.0) == [0, 1]  # relevance only: the copy
    assert mmr(relevance, similarity, 2, lam=0.6) == [0, 2]
    assert mmr(relevance, similarity, 5, lam=0.6) == [0, 2, 1]  # never more than there are


def test_suggestions_say_how_well_they_match_and_keep_weak_ones_apart(varied_searcher) -> None:
    # The three Khon Kaen cases use the word; the Chiang Rai case only carries it as a tag.
    picked = suggest(varied_searcher, "จิตอาสา", 4)
    assert len(picked) == 3 and {s.strength for s in picked} <= {"strong", "related"}
    assert picked[0].strength == "strong"
    assert "fx-chiangrai-youth-forest-guardians" not in {s.case_id for s in picked}
    with_weak = suggest(varied_searcher, "จิตอาสา", 4, include_weak=True)
    assert [s.strength == "weak" for s in with_weak] == [False, False, False, True]
    # The weak pick is a case sharing little of the theme (which one depends on the pool).
    assert with_weak[-1].case_id not in {s.case_id for s in picked}
    assert with_weak[0].case_id == varied_searcher.search("จิตอาสา").hits[0].case_id
    strengths = match_strengths(
        varied_searcher, "จิตอาสา", ["fx-khonkaen-youth-volunteers", "fx-nan-alcohol-free-merit"]
    )
    assert strengths == {
        "fx-khonkaen-youth-volunteers": "strong",
        "fx-nan-alcohol-free-merit": "weak",
    }


def test_match_strength_rule() -> None:
    assert strength(1.0, 1.0) == "strong"
    assert strength(0.9, 0.7) == "related"
    # Close in fused rank but sharing only a common word with the theme: weak.
    assert strength(0.9, 0.15) == "weak"
    assert strength(0.5, 1.0) == "weak"
    assert strength(0.95, None) == "strong"  # no candidate shares a word: rank alone decides


def test_suggest_refuses_bad_requests(searcher) -> None:
    with pytest.raises(PackError, match="theme"):
        suggest(searcher, "  ", 3)
    with pytest.raises(PackError, match="between 1 and 30"):
        suggest(searcher, "จิตอาสา", MAX_CASES + 1)


def test_pack_keeps_order_sections_notes_and_sources(fixture_index: Settings) -> None:
    index = open_index(fixture_index.index_dir)
    ids = ["fx-nan-alcohol-free-merit", "fx-chiangmai-community-radio"]
    meta = make_meta("อบรมวิทยากร", "2026-11-25", "ครู", "วิทยากร ก", "ลดเหล้า")
    pack = build_pack(index, ids, meta, {"fx-nan-alcohol-free-merit": "เปิดวง 15 นาที"})
    assert [c.id for c in pack.cases] == ids
    nan = pack.cases[0]
    assert nan.note == "เปิดวง 15 นาที" and pack.cases[1].note == ""
    assert (nan.year, nan.year_be, nan.province) == (2019, 2562, "น่าน")
    sections = {s.key: s for s in nan.sections}
    assert "ศีลข้อห้า" in sections["actions"].markdown
    assert sections["success-factors"].markdown == ""  # not recorded, shown as such
    assert meta.date_th == "25 พฤศจิกายน พ.ศ. 2569" and meta.date_en == "25 November 2026 CE"


@pytest.mark.parametrize(
    "typed", ["2568-08-01", "2025-08-01", "1 สิงหาคม 2568", "1 ส.ค. 68", "๑/๘/๒๕๖๘", "01/08/2568"]
)
def test_workshop_date_in_either_era(typed: str) -> None:
    meta = make_meta(date=typed)
    assert meta.date == dt.date(2025, 8, 1)
    assert meta.date_th == "1 สิงหาคม พ.ศ. 2568" and meta.date_en == "1 August 2025 CE"


@pytest.mark.parametrize("typed", ["พรุ่งนี้", "3111-08-01", "0001-01-01", "2568-02-30", "1 สิงหาคม"])
def test_nonsense_dates_are_refused_in_both_languages(typed: str) -> None:
    with pytest.raises(PackError) as caught:
        make_meta(date=typed)
    assert "วันที่อบรม" in caught.value.thai and "workshop date" in caught.value.english
    assert typed[:10] in caught.value.english


def test_session_plan_minutes(fixture_index: Settings) -> None:
    index = open_index(fixture_index.index_dir)
    ids = ["fx-nan-alcohol-free-merit", "fx-chiangmai-community-radio"]
    pack = build_pack(index, ids, minutes={"fx-chiangmai-community-radio": "45", "other": 9})
    assert [c.minutes for c in pack.cases] == [DEFAULT_MINUTES, 45]
    plan = pack.plan()
    assert [r.case_no for r in plan] == [0, 1, 2, 0]
    assert plan[2].span == f"{(15 + DEFAULT_MINUTES) // 60}:{(15 + DEFAULT_MINUTES) % 60:02d}–1:30"
    assert pack.total_minutes == 15 + DEFAULT_MINUTES + 45 + 20
    for bad in ("0", "abc", "1000", 2.5):
        with pytest.raises(PackError, match="minutes for fx-nan"):
            build_pack(index, ids, minutes={"fx-nan-alcohol-free-merit": bad})


def test_questions_quote_the_case_and_bring_the_theme_only_where_it_matches(
    fixture_index: Settings,
) -> None:
    index = open_index(fixture_index.index_dir)
    ids = [c.id for c in index.cases]
    matching = {"fx-chonburi-honest-company": "strong", "fx-nan-alcohol-free-merit": "weak"}
    pack = build_pack(index, ids, make_meta(theme="ความซื่อสัตย์"), strengths=matching)
    for case in pack.cases:
        assert MIN_QUESTIONS <= len(case.questions) <= MAX_QUESTIONS, case.id
        with_theme = [q for q in case.questions if "ความซื่อสัตย์" in q.thai]
        assert bool(with_theme) == (case.id == "fx-chonburi-honest-company"), case.id
        assert len({q.thai for q in case.questions}) == len(case.questions)
    nan = next(c for c in pack.cases if c.id == "fx-nan-alcohol-free-merit")
    lessons = [q for q in nan.questions if q.source == "lessons"]
    assert "กติกาที่ชุมชนเขียนเองมีพลังกว่าคำสั่งจากภายนอก" in lessons[0].thai
    # Several forms, not one template repeated.
    openings = {q.thai.split("“")[0] for c in pack.cases for q in c.questions}
    assert len(openings) >= 5
    # A pack is a set: one or two questions compare its cases with each other.
    assert 1 <= len(pack.comparisons) <= 2
    assert "กรณีที่" in pack.comparisons[0].thai and "Compare case" in pack.comparisons[0].english


def test_event_statements_are_never_quoted() -> None:
    markdown = (
        "- วันที่ 4 ธันวาคม 2561 เวลาบ่ายสามโมง มีพิธีมอบปัจจัยแก่วัดในหมู่บ้าน\n"
        "- พิธีเปิดโดยนายอำเภอและนายกเทศมนตรี ณ ศาลาการเปรียญ\n"
        "- เมื่อปี 2562 ชุมชนได้รับรางวัลชุมชนคุณธรรมต้นแบบ\n"
        "- ผู้ร่วมงานมีนายสมชาย ใจดี นางสมศรี มีสุข และ ดร.สมหมาย\n"
        "- บ้านโนนบุรี ต.โนนบุรี อ.สหัสขันธ์ จ.กาฬสินธุ์\n"
        "- จากที่แหล่งข่าวรายงาน กติกาที่ชาวบ้านร่วมกันเขียนเองทำให้ทุกคนถือปฏิบัติได้นานกว่าคำสั่ง\n"
    )
    assert lesson_statements(markdown) == ["กติกาที่ชาวบ้านร่วมกันเขียนเองทำให้ทุกคนถือปฏิบัติได้นานกว่าคำสั่ง"]


def test_questions_over_the_real_cases_quote_lessons_not_events() -> None:
    cases = [f.case for f in read_case_files([ROOT / "cases"]) if f.case is not None]
    assert len(cases) >= 30
    packed = [pack_case(case.to_dict()) for case in cases]
    quoted_anything = 0
    for n, case in enumerate(packed):
        questions = discussion_questions(case, "", n)
        assert MIN_QUESTIONS <= len(questions) <= MAX_QUESTIONS, case.id
        for q in questions:
            for quoted in re.findall(r"“([^”]+)”", q.thai):
                quoted_anything += 1
                assert not reports_an_event(quoted), (case.id, quoted)
                assert not EVENT_OPENING.match(quoted), (case.id, quoted)
    assert quoted_anything >= 2 * len(packed)  # the questions do quote the cases
    assert any(
        q.source == "results" for n, c in enumerate(packed) for q in discussion_questions(c, "", n)
    )


def test_questions_quote_statements_not_headings_or_lead_ins() -> None:
    markdown = "**วงที่ 1** (ห้องประชุม)\n\n- ผู้ร่วมวงมี **ครู** และผู้ปกครอง\n\n### ย่อย\nย่อหน้าหลังหัวข้อ"
    assert statements(markdown) == ["ผู้ร่วมวงมี ครู และผู้ปกครอง", "ย่อหน้าหลังหัวข้อ"]


def test_quote_cuts_long_text() -> None:
    assert quote("- สั้น ๆ\nบรรทัดสอง") == "สั้น ๆ"
    long = "ก" * 300
    assert quote(long).endswith("…") and len(quote(long)) <= 111


def test_bad_input_is_refused_with_clear_messages(fixture_index: Settings) -> None:
    index = open_index(fixture_index.index_dir)
    with pytest.raises(UnknownCasesError) as caught:
        build_pack(index, ["fx-nan-alcohol-free-merit", "no-such-case", "other-missing"])
    assert caught.value.unknown == ["no-such-case", "other-missing"]
    assert "no-such-case" in caught.value.thai and "other-missing" in caught.value.english
    with pytest.raises(PackError, match="at most 30"):
        parse_ids(",".join(f"c{i}" for i in range(MAX_CASES + 1)))
    with pytest.raises(PackError, match="no case ids"):
        parse_ids(" , ,")
    assert parse_ids("a, b,a,,c") == ["a", "b", "c"]
    with pytest.raises(PackError, match="title is longer than 200"):
        make_meta(title="ก" * (MAX_TITLE_CHARS + 1))
    with pytest.raises(PackError, match="workshop date"):
        make_meta(date="25/13/2569")
    with pytest.raises(PackError, match="trainer note"):
        build_pack(
            index, ["fx-nan-alcohol-free-merit"], None, {"fx-nan-alcohol-free-merit": "x" * 2001}
        )


def _kmhub(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kmhub", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


def test_cli_writes_a_pack_and_names_unknown_ids(fixture_index: Settings, tmp_path: Path) -> None:
    from docx import Document

    out = tmp_path / "pack.docx"
    index = str(fixture_index.index_dir)
    done = _kmhub(
        "pack",
        "--cases",
        "fx-nan-alcohol-free-merit,fx-chonburi-honest-company",
        "--title",
        "ชุดทดสอบ",
        "--format",
        "docx",
        "--out",
        str(out),
        "--index",
        index,
    )
    assert done.returncode == 0, done.stderr
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "ชุดทดสอบ" in text and "บ้านห้วยทดสอบ งานบุญปลอดเหล้า" in text
    bad = _kmhub(
        "pack",
        "--cases",
        "fx-nan-alcohol-free-merit,ghost-case",
        "--out",
        str(tmp_path / "x.pdf"),
        "--index",
        index,
    )
    assert bad.returncode == 2
    assert "ghost-case" in bad.stderr and "Traceback" not in bad.stderr
    assert not (tmp_path / "x.pdf").exists()
    both = _kmhub("pack", "--index", index)
    assert both.returncode == 2 and "--cases" in both.stderr


def test_cli_suggests_for_a_query(fixture_index: Settings, tmp_path: Path) -> None:
    out = tmp_path / "pack.html"
    args = ["pack", "--query", "งานบุญ ชุมชน", "-n", "3", "--format", "html", "--out", str(out)]
    done = _kmhub(*args, "--index", str(fixture_index.index_dir))
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    # Only cases that match the theme: the others share just the common word ชุมชน, weak.
    assert html.count('class="sheet case"') == 1
    assert "บ้านห้วยทดสอบ งานบุญปลอดเหล้า" in html and "“งานบุญ ชุมชน”" in html
    assert "(strong)" in done.stderr and "(weak)" not in done.stderr
    padded = _kmhub(*args, "--weak", "--index", str(fixture_index.index_dir))
    assert padded.returncode == 0, padded.stderr
    assert out.read_text(encoding="utf-8").count('class="sheet case"') == 3
    assert "(weak)" in padded.stderr


def test_cli_reads_a_buddhist_era_date(fixture_index: Settings, tmp_path: Path) -> None:
    out = tmp_path / "pack.html"
    common = ["pack", "--cases", "fx-nan-alcohol-free-merit", "--format", "html", "--out", str(out)]
    done = _kmhub(*common, "--date", "2568-08-01", "--index", str(fixture_index.index_dir))
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert "1 สิงหาคม พ.ศ. 2568" in html and "1 August 2025 CE" in html and "3111" not in html
    bad = _kmhub(*common, "--date", "32 สิงหาคม 2568", "--index", str(fixture_index.index_dir))
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "วันที่อบรม" in bad.stderr and "workshop date" in bad.stderr
