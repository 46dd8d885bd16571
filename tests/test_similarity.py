"""Near-duplicate warnings: a retold case is caught, distinct cases are left alone, quickly."""

from __future__ import annotations

import shutil
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from kmhub.cases.files import read_case_files
from kmhub.cli import app
from kmhub.index.encoders import UseM3Encoder
from kmhub.review import similarity

FIXTURES = Path(__file__).parent / "fixtures" / "cases"
REAL_CASES = Path(__file__).resolve().parents[1] / "cases"

# The fixture story of Ban Huai Thotsop (fx-nan-alcohol-free-merit) told again in other words,
# as a second contributor who read the same news might write it.
RETOLD = """---
id: nan-huai-thotsop-no-liquor
title: งานบุญไม่มีเหล้าที่บ้านห้วยทดสอบ
province: น่าน
date: 2019-12-01
level: community
networks: [religion, civil-society]
summary: >-
  บ้านห้วยทดสอบตั้งกติกาว่างานศพ งานบวช และงานบุญประจำปีจะไม่เลี้ยงเหล้าและเบียร์
  โดยเจ้าอาวาสกับผู้ใหญ่บ้านเป็นคนเริ่ม เจ้าภาพแต่ละครัวเรือนจึงประหยัดเงินได้มาก
---

## บริบท
หมู่บ้านในหุบเขาราวสองร้อยหลังคาเรือน แต่ก่อนงานบุญทุกงานต้องมีเหล้า เจ้าภาพจึงเป็นหนี้ และมักมีการทะเลาะกัน

## สิ่งที่ทำ
ทุกวันพระเจ้าอาวาสเทศน์เรื่องศีลห้า ผู้ใหญ่บ้านเปิดเวทีประชาคมจนได้กติกาของหมู่บ้าน
เจ้าภาพที่จัดงานไม่มีเหล้าได้เกียรติบัตรและเงินช่วยจากกองทุนหมู่บ้าน

## บทเรียน
- กติกาที่ชาวบ้านร่วมกันเขียนได้ผลกว่าคำสั่งจากข้างนอก
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES, tmp_path / "cases")
    return tmp_path / "cases"


def write_retold(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "nan-huai-thotsop-no-liquor.md"
    path.write_text(RETOLD, encoding="utf-8")
    return path


def test_new_file_is_compared_with_the_cases_folder(corpus: Path, tmp_path: Path) -> None:
    new = write_retold(tmp_path / "incoming")
    problems = similarity.near_duplicates(read_case_files([new]), corpus)
    assert len(problems) == 1
    problem = problems[0]
    assert problem.severity == "warning" and problem.path == str(new)
    assert "fx-nan-alcohol-free-merit.md" in problem.english
    assert "fx-nan-alcohol-free-merit.md" in problem.thai
    score = float(problem.english.split("text similarity ")[1][:4])
    assert similarity.SAME_PROVINCE_THRESHOLD <= score <= 1.0


def test_validate_reports_it_and_strict_fails(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new = write_retold(tmp_path / "incoming")
    monkeypatch.setenv("KMHUB_CASES", str(corpus))
    result = CliRunner().invoke(app, ["validate", "--strict", "--json", str(new)])
    assert result.exit_code == 1
    assert "very similar to" in result.stdout and "fx-nan-alcohol-free-merit" in result.stdout
    # Without --strict the warning does not block.
    assert CliRunner().invoke(app, ["validate", str(new)]).exit_code == 0


def test_each_pair_once_when_both_files_are_checked(corpus: Path) -> None:
    write_retold(corpus)
    problems = similarity.near_duplicates(read_case_files([corpus]), corpus)
    # Both files are in the checked set: one warning, on the later file, naming the earlier.
    assert len(problems) == 1
    assert problems[0].path.endswith("nan-huai-thotsop-no-liquor.md")
    assert "fx-nan-alcohol-free-merit.md" in problems[0].english


def test_distinct_fixture_cases_raise_nothing() -> None:
    assert similarity.near_duplicates(read_case_files([FIXTURES]), FIXTURES) == []


def test_tfidf_rows_are_unit_and_cosines_behave() -> None:
    docs = [Counter(a=2, b=1), Counter(a=2, b=1), Counter(c=1, d=3), Counter(a=1, c=1)]
    matrix = similarity.tfidf_matrix(docs)
    sims = matrix @ matrix.T
    assert sims[0, 1] == pytest.approx(1.0, abs=1e-6)  # the same text
    assert sims[0, 2] == pytest.approx(0.0)  # nothing shared
    assert 0.0 < sims[0, 3] < 1.0
    # A feature of one document only ("d") has no column but still weighs in the norm.
    assert matrix.shape == (4, 3)
    assert np.linalg.norm(matrix[2]) < 1.0


def test_real_corpus_is_fast_and_has_no_near_duplicates() -> None:
    results = read_case_files([REAL_CASES])
    if sum(r.ok for r in results) < 10:
        pytest.skip("the real cases are not there yet")
    similarity.features("คุณธรรม")  # load the word list outside the timing
    timings = []
    for _ in range(3):  # CPU time, best of three: other work on a shared machine only adds to it
        started = time.process_time()
        problems = similarity.near_duplicates(results, REAL_CASES)
        timings.append(time.process_time() - started)
    assert problems == [], [str(p) for p in problems]
    assert min(timings) < 1.0, timings


@pytest.mark.slow
def test_embedding_bar_separates_a_copy_from_other_cases(
    corpus: Path, encoder: UseM3Encoder
) -> None:
    # The same case twice (one copy under another id) is above the embedding bar, others not.
    source = (corpus / "fx-pattani-mosque-garden.md").read_text(encoding="utf-8")
    copy = corpus.parent / "incoming" / "pattani-garden-copy.md"
    copy.parent.mkdir()
    copy.write_text(source.replace("fx-pattani-mosque-garden", "pattani-garden-copy"), "utf-8")
    cases = [r.case for r in read_case_files([copy, corpus]) if r.case]
    vectors = similarity.case_embeddings(cases, encoder.name)
    pairs = similarity.similar_pairs(cases[:1], cases[1:], vectors)
    assert [(p.other.id, p.method) for p in pairs] == [("fx-pattani-mosque-garden", "text")]
    scores = vectors[0] @ vectors[1:].T
    assert scores.max() >= similarity.EMBEDDING_THRESHOLD
    assert np.sort(scores)[-2] < similarity.EMBEDDING_THRESHOLD


def test_embedding_branch_catches_what_text_misses(corpus: Path) -> None:
    cases = [r.case for r in read_case_files([corpus]) if r.case]
    vectors = np.eye(len(cases), dtype=np.float32)
    vectors[1] = vectors[0]  # pretend two cases mean the same thing in different words
    pairs = similarity.similar_pairs(
        cases[1:2], [cases[0], *cases[2:]], np.vstack([vectors[1], vectors[0], vectors[2:]])
    )
    assert [(p.case.id, p.other.id, p.method) for p in pairs] == [
        (cases[1].id, cases[0].id, "embedding")
    ]
    assert "embedding similarity 1.00" in similarity.pair_problem(pairs[0]).english
