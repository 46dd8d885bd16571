"""Workshop packs: MMR selection, the pack model and its limits, questions, and the CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kmhub.index.build import build_index
from kmhub.index.store import open_index
from kmhub.packs.model import (
    MAX_CASES,
    MAX_TITLE_CHARS,
    PackError,
    UnknownCasesError,
    build_pack,
    make_meta,
    parse_ids,
)
from kmhub.packs.questions import MIN_QUESTIONS, quote, statements
from kmhub.packs.suggest import mmr, suggest
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


def test_suggestion_spans_more_provinces_than_the_top_by_score(varied_searcher) -> None:
    n = 3
    for query in ("จิตอาสา", "นักเรียนจิตอาสา"):
        top = varied_searcher.search(query, page_size=n).hits
        picked = suggest(varied_searcher, query, n)
        top_provinces = {h.province for h in top}
        picked_provinces = {s.province for s in picked}
        assert top_provinces == {"ขอนแก่น"}, (
            "the fixture is meant to crowd the top with one province"
        )
        assert len(picked) == n and len({s.case_id for s in picked}) == n
        assert len(picked_provinces) > len(top_provinces)
        assert picked[0].case_id == top[0].case_id  # the best match still leads
        assert "fx-chiangrai-youth-forest-guardians" in {s.case_id for s in picked}


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
    assert meta.date_th == "25 พฤศจิกายน 2569" and meta.date_en == "25 November 2026"


def test_questions_quote_the_case_and_the_theme(fixture_index: Settings) -> None:
    index = open_index(fixture_index.index_dir)
    ids = [c.id for c in index.cases]
    pack = build_pack(index, ids, make_meta(theme="ความซื่อสัตย์"))
    for case in pack.cases:
        assert len(case.questions) >= MIN_QUESTIONS, case.id
        assert any("ความซื่อสัตย์" in q.thai for q in case.questions)
    nan = next(c for c in pack.cases if c.id == "fx-nan-alcohol-free-merit")
    lessons = [q for q in nan.questions if q.source == "lessons"]
    assert "กติกาที่ชุมชนเขียนเองมีพลังกว่าคำสั่งจากภายนอก" in lessons[0].thai
    assert len({q.thai for q in nan.questions}) == len(nan.questions)


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
    with pytest.raises(PackError, match="YYYY-MM-DD"):
        make_meta(date="25/11/2569")
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
    done = _kmhub(
        "pack",
        "--query",
        "งานบุญ ชุมชน",
        "-n",
        "3",
        "--format",
        "html",
        "--out",
        str(out),
        "--index",
        str(fixture_index.index_dir),
    )
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert html.count('class="sheet case"') == 3
    assert "บ้านห้วยทดสอบ งานบุญปลอดเหล้า" in html and "“งานบุญ ชุมชน”" in html
