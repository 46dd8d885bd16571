"""scripts/check_copies.py on small case and excerpt folders written here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "check_copies.py"

EXCERPT = """url: https://example.org/news/7
title: ชาวบ้านหนองตัวอย่างร่วมกันปลูกป่าชายเลนริมคลอง
---
เช้าวันเสาร์ ชาวบ้านหนองตัวอย่างกว่าสองร้อยคนพร้อมใจกันนำกล้าโกงกางมาปลูกตลอดแนวคลองหลังหมู่บ้าน
โดยมีเจ้าอาวาสวัดหนองตัวอย่างเป็นผู้นำสวดให้พรก่อนเริ่มงาน และครูพานักเรียนมาช่วยจดบันทึกจำนวนต้นไม้
กลุ่มออมทรัพย์สัจจะสะสมทรัพย์เพื่อการผลิตบ้านหนองตัวอย่างเป็นผู้ออกค่ากล้าไม้ทั้งหมด
"""

HEAD = """---
id: nong-tua-yang
title: ป่าชายเลนของบ้านหนองตัวอย่าง
sources:
  - title: ชาวบ้านหนองตัวอย่างร่วมกันปลูกป่าชายเลนริมคลอง
    url: https://example.org/news/7
---

## บริบท

"""

OWN_WORDS = "ชาวบ้านราวสองร้อยคนไปปลูกโกงกางริมคลอง เจ้าอาวาสให้พร และนักเรียนช่วยนับต้นกล้า\n"
COPIED = "เช้าวันเสาร์ ชาวบ้านหนองตัวอย่างกว่าสองร้อยคนพร้อมใจกันนำกล้าโกงกางมาปลูก\n"
GROUP = "กลุ่มออมทรัพย์สัจจะสะสมทรัพย์เพื่อการผลิตบ้านหนองตัวอย่าง"


def make_tree(tmp_path: Path, body: str) -> tuple[Path, Path]:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "001_mangrove.txt").write_text(EXCERPT, encoding="utf-8")
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "nong-tua-yang.md").write_text(HEAD + body, encoding="utf-8")
    return sources, cases


def run(*args: Path | str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_own_words_pass(tmp_path: Path) -> None:
    sources, cases = make_tree(tmp_path, OWN_WORDS)
    result = run(cases, "--sources", sources, "--allowlist", tmp_path / "none.txt")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no copied runs" in result.stdout


def test_copied_sentence_fails_with_file_and_line(tmp_path: Path) -> None:
    sources, cases = make_tree(tmp_path, OWN_WORDS + COPIED)
    result = run(cases, "--sources", sources, "--allowlist", tmp_path / "none.txt")
    assert result.returncode == 1
    case = cases / "nong-tua-yang.md"
    copied_line = case.read_text(encoding="utf-8").splitlines().index(COPIED.strip()) + 1
    assert f"{case}:{copied_line}:" in result.stdout
    assert "001_mangrove.txt" in result.stdout


def test_respacing_does_not_hide_a_copy(tmp_path: Path) -> None:
    respaced = " ".join(COPIED.replace(" ", ""))  # a space between every character
    sources, cases = make_tree(tmp_path, OWN_WORDS + respaced + "\n")
    result = run(cases, "--sources", sources, "--allowlist", tmp_path / "none.txt")
    assert result.returncode == 1


def test_short_shared_phrase_is_not_a_copy(tmp_path: Path) -> None:
    # 39 characters in common with the excerpt, one short of the limit.
    shared = "ชาวบ้านหนองตัวอย่างกว่าสองร้อยคนพร้อมใจ"
    assert len(shared) == 39
    sources, cases = make_tree(tmp_path, OWN_WORDS + shared + "ไปที่คลอง\n")
    result = run(cases, "--sources", sources, "--allowlist", tmp_path / "none.txt")
    assert result.returncode == 0, result.stdout


def test_allowlisted_name_passes_only_when_listed(tmp_path: Path) -> None:
    body = OWN_WORDS + f"ค่ากล้าไม้มาจาก{GROUP}\n"
    sources, cases = make_tree(tmp_path, body)
    unlisted = run(cases, "--sources", sources, "--allowlist", tmp_path / "none.txt")
    assert unlisted.returncode == 1
    allowlist = tmp_path / "allow.txt"
    allowlist.write_text(f"# names\n\n{GROUP}\n", encoding="utf-8")
    listed = run(cases, "--sources", sources, "--allowlist", allowlist)
    assert listed.returncode == 0, listed.stdout


def test_allowlisted_name_does_not_cover_copied_text_beside_it(tmp_path: Path) -> None:
    before = "และครูพานักเรียนมาช่วยจดบันทึกจำนวนต้นไม้"  # the excerpt's words just before the name
    body = OWN_WORDS + before + GROUP + "เป็นผู้ออกค่ากล้า\n"
    sources, cases = make_tree(tmp_path, body)
    allowlist = tmp_path / "allow.txt"
    allowlist.write_text(GROUP + "\n", encoding="utf-8")
    result = run(cases, "--sources", sources, "--allowlist", allowlist)
    assert result.returncode == 1
    assert before in result.stdout
    assert GROUP not in result.stdout


def test_missing_sources_folder_skips(tmp_path: Path) -> None:
    _sources, cases = make_tree(tmp_path, OWN_WORDS + COPIED)
    result = run(cases, "--sources", tmp_path / "absent")
    assert result.returncode == 0
    assert "skipped" in result.stdout
