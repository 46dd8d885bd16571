"""The editor's path: import-news drafts that must be rewritten, duplicates named, a clean EOF."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kmhub.cases.files import read_case_file
from kmhub.cases.limits import PLACEHOLDER_MARK
from kmhub.news.clean import clean_page, decode_page

ROOT = Path(__file__).resolve().parents[1]
PAGE = Path(__file__).parent / "fixtures" / "news" / "khonkaen-university.html"


def kmhub(
    *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kmhub", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=180,
    )


def test_import_news_writes_a_summary_placeholder_and_the_facts_found(tmp_path: Path) -> None:
    run = kmhub("import-news", str(PAGE), "--out", str(tmp_path))
    assert run.returncode == 0, run.stderr
    [draft] = tmp_path.glob("*.md")
    case = read_case_file(draft).case
    assert case is not None
    article = clean_page(decode_page(PAGE.read_bytes()))
    first = " ".join(article.paragraphs[0].split())
    assert PLACEHOLDER_MARK in case.summary
    assert first[:40] not in case.summary  # never the page's paragraph, copied
    text = draft.read_text(encoding="utf-8")
    assert "- วันที่ / date: 2021-12-12" in text and "- จังหวัด / province: ขอนแก่น" in text
    # the placeholders keep the draft out of a strict check, and out of publication
    strict = kmhub("validate", "--strict", str(draft))
    assert strict.returncode == 1 and "placeholder" in strict.stdout
    draft.write_text(text.replace("status: draft", "status: published"), encoding="utf-8")
    published = kmhub("validate", str(draft))
    assert published.returncode == 1 and "import-news placeholder" in published.stdout


def test_import_news_warns_when_the_story_is_already_a_case(tmp_path: Path) -> None:
    assert kmhub("import-news", str(PAGE), "--out", str(tmp_path)).returncode == 0
    again = kmhub("import-news", str(PAGE), "--out", str(tmp_path))
    assert again.returncode == 0
    assert "very similar to" in again.stderr and "คล้ายกับ" in again.stderr
    assert len(list(tmp_path.glob("*.md"))) == 2


def test_kmhub_new_exits_cleanly_at_end_of_input(tmp_path: Path) -> None:
    run = kmhub("new", "--cases", str(tmp_path / "cases"), stdin="")
    assert run.returncode == 130
    assert "aborted" in run.stderr and "ยกเลิก" in run.stderr
    assert "Traceback" not in run.stderr and "unexpected" not in run.stderr
    assert not (tmp_path / "cases").exists() or not list((tmp_path / "cases").glob("*.md"))
