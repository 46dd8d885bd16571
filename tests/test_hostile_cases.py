"""Hostile and clumsy case files: each is refused (or warned) at its path:line, and never stops the rest.

Every file in tests/fixtures/hostile states what must happen to it in `# expect:` comments of its
front matter: `<severity> <text on the line> | <words of the English message>`, or `ok`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kmhub.cases import limits
from kmhub.cases.body import is_safe_link, render_html
from kmhub.cases.files import read_case_file, read_case_files
from kmhub.index.build import build_index
from kmhub.search.live import open_searcher
from kmhub.settings import Settings
from kmhub.text import safety

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
CASES = Path(__file__).parent / "fixtures" / "cases"
ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(HOSTILE.glob("*.md"))
EXPECT = re.compile(r"^# expect: (.*)$", re.M)


def expectations(path: Path) -> list[tuple[str, int, str]]:
    text = path.read_bytes().decode("utf-8", "replace")
    lines = text.split("\n")
    found = []
    for spec in EXPECT.findall(text):
        if spec == "ok":
            found.append(("ok", 0, ""))
            continue
        severity, rest = spec.split(" ", 1)
        marker, words = (part.strip() for part in rest.split("|", 1))
        line = next(
            n
            for n, text_line in enumerate(lines, 1)
            if marker in text_line and "# expect" not in text_line
        )
        found.append((severity, line, words))
    return found


def test_the_catalogue_is_large_and_each_file_says_what_it_expects() -> None:
    assert len(FILES) >= 45
    assert all(expectations(path) for path in FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_hostile_file_gets_its_message_at_its_line(path: Path) -> None:
    result = read_case_file(path)
    for severity, line, words in expectations(path):
        if severity == "ok":
            assert result.ok, [str(p) for p in result.problems]
            continue
        hits = [
            p
            for p in result.problems
            if p.severity == severity and p.line == line and words.lower() in p.english.lower()
        ]
        assert hits, f"{path.name}: want {severity} at {line} '{words}', got " + "; ".join(
            map(str, result.problems)
        )
        assert all(p.thai.strip() and p.path == str(path) for p in hits)
        if severity == "error":
            assert result.case is None


def generated(tmp_path: Path, name: str, *, title: str = "", body: str = "") -> Path:
    """A case file too big to keep in the repository, written for one test."""
    title = title or "ชาวบ้านดูแลลำน้ำ"
    body = body or "## บทเรียน\n- งานเล็กที่ทำสม่ำเสมอสร้างความไว้ใจ\n"
    path = tmp_path / f"hx-{name}.md"
    path.write_text(
        f"---\nid: hx-{name}\ntitle: {title}\nprovince: น่าน\ndate: 2022-03-15\nlevel: community\n"
        f"networks: [civil-society]\nsummary: ชาวบ้านดูแลลำน้ำร่วมกัน\n---\n\n{body}",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("name", "title", "body", "line", "words"),
    [
        ("huge-title", "ก" * 300_000, "", 1, "front matter is longer"),  # 900 KB
        ("emphasis-flood", "", "## บทเรียน\n" + "*a" * 100_000 + "\n", 10, "at most 100,000"),
        ("emphasis-runs", "", "## บทเรียน\n" + "*a* " * 1_200 + "\n", 10, "runs of * or _"),
        ("link-flood", "", "## บทเรียน\n" + "[x](https://a.example/)\n" * 20_000, 10, "at most"),
        ("many-links", "", "## บทเรียน\n" + "[x](https://a.example/)\n" * 250, 10, "links"),
        ("brackets", "", "## บทเรียน\n" + "[" * 1_500 + "\n", 10, "'['"),
        ("long-line", "", "## บทเรียน\n" + "ข" * 6_000 + "\n", 12, "line of 6,000"),
        ("deep-quotes", "", "## บทเรียน\n" + "> " * 12 + "ลึก\n", 12, "nest deeper"),
        (
            "deep-list",
            "",
            "## บทเรียน\n" + "".join("  " * i + "- x\n" for i in range(12)),
            16,
            "nest",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 30 else "",
)
def test_limits_refuse_oversized_text_with_a_clear_message(
    tmp_path: Path, name: str, title: str, body: str, line: int, words: str
) -> None:
    result = read_case_file(generated(tmp_path, name, title=title, body=body))
    assert result.case is None
    assert any(p.line == line and words in p.english for p in result.problems), [
        f"{p.line}: {p.english}" for p in result.problems
    ]


def test_bytes_that_are_not_utf8_are_refused_at_their_line(tmp_path: Path) -> None:
    # A lone surrogate written as CESU-8 bytes: no UTF-8 decoder accepts it.
    text = (HOSTILE / "hx-thai-and-english-ok.md").read_bytes()
    path = tmp_path / "hx-thai-and-english-ok.md"
    path.write_bytes(text.replace("ลำน้ำของ".encode(), b"\xed\xa0\x80", 1))
    problems = read_case_file(path).problems
    line = text[: text.index("ลำน้ำของ".encode())].count(b"\n") + 1
    assert [(p.line, "not valid UTF-8" in p.english) for p in problems] == [(line, True)]


def test_real_cases_stay_well_inside_the_limits() -> None:
    results = read_case_files([ROOT / "cases"])
    assert results and all(r.ok for r in results), [str(p) for r in results for p in r.problems]


def test_level_list_does_not_stop_validation_build_or_search_of_the_others(
    tmp_path: Path, encoder
) -> None:
    cases = tmp_path / "cases"
    shutil.copytree(CASES, cases)
    for path in FILES:
        shutil.copy(path, cases / path.name)
    good = cases / "fx-nan-alcohol-free-merit.md"
    # validate one good file: the near-duplicate check reads every other file of cases/
    run = subprocess.run(
        [sys.executable, "-m", "kmhub", "validate", str(good)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "KMHUB_CASES": str(cases), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    # validate the whole folder: every hostile file reported, no traceback, exit 1
    run = subprocess.run(
        [sys.executable, "-m", "kmhub", "validate", str(cases)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "hx-level-list.md:" in run.stdout and "hx-alias-bomb.md:" in run.stdout
    settings = Settings(cases_dir=cases, index_dir=tmp_path / "index")
    report = build_index(settings, encoder=encoder, progress=False)
    accepted = {p.stem for p in FILES if read_case_file(p).ok}
    assert report.case_count == 7 + len(accepted) - sum(
        1 for p in FILES if p.stem in accepted and "status: draft" in p.read_text("utf-8")
    )
    searcher = open_searcher(settings, encoder)
    assert searcher.search("ธนาคารความดี").hits


def test_symlinks_out_of_the_cases_folder_are_refused(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    shutil.copytree(CASES, cases)
    outside = tmp_path / "secret.md"
    shutil.copy(CASES / "fx-nan-alcohol-free-merit.md", outside)
    (cases / "fx-link.md").symlink_to(outside)
    (cases / "fx-inside.md").symlink_to(cases / "fx-nan-alcohol-free-merit.md")
    results = {Path(r.path).name: r for r in read_case_files([cases])}
    assert not results["fx-link.md"].ok
    assert "symbolic link" in results["fx-link.md"].problems[0].english
    inside = results["fx-inside.md"].problems
    assert all("symbolic link" not in p.english for p in inside)  # a link inside is no escape
    assert len([r for r in results.values() if r.ok]) == 7


def test_images_must_be_files_in_assets_beside_the_case(tmp_path: Path) -> None:
    assets = tmp_path / "assets"
    assets.mkdir()
    (assets / "river.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
    (tmp_path / "elsewhere.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (assets / "escape.png").symlink_to(tmp_path / "elsewhere.png")
    ok = generated(tmp_path, "image-ok", body="## บทเรียน\n![ลำน้ำ](assets/river.png)\n")
    assert read_case_file(ok).ok
    escaped = generated(tmp_path, "image-link", body="## บทเรียน\n![x](assets/escape.png)\n")
    assert any("not a file in assets/" in p.english for p in read_case_file(escaped).problems)
    big = assets / "big.png"
    big.write_bytes(b"\0" * (limits.MAX_IMAGE_BYTES + 1))
    large = generated(tmp_path, "image-big", body="## บทเรียน\n![x](assets/big.png)\n")
    assert any("larger than" in p.english for p in read_case_file(large).problems)


def test_rendering_shows_only_case_images_and_never_protocol_relative_links() -> None:
    html = render_html(
        "![local](assets/a.png) ![remote](http://127.0.0.1:8799/a.png) [x](//evil.example/) "
        "[y](/\\evil.example/) [z](/cases/a)"
    )
    assert '<img src="assets/a.png"' in html
    assert "127.0.0.1" not in html and "remote" in html
    assert "evil.example" not in html.split('href="')[1:] and 'href="/cases/a"' in html
    assert not is_safe_link("//evil.example") and not is_safe_link("\\\\evil.example")
    assert not is_safe_link(" /\\evil.example") and is_safe_link("/search?q=a")


def test_forbidden_characters_are_named_and_stripped() -> None:
    assert safety.first_forbidden("ab\x0ccd") == (2, "\x0c")
    assert safety.first_forbidden("ok\ud800") is not None
    assert safety.first_forbidden("ok\U0001fffe") is not None
    assert safety.first_forbidden("ชื่อ\u202eเรื่อง") is not None
    assert safety.first_forbidden("ปกติ\tและ\nขึ้นบรรทัด") is None
    assert safety.strip_forbidden("%\x01title\ud800\ufffe\u202e") == "%title"
    assert not safety.has_visible("\u200b\u200c \u2060") and safety.has_visible("ก")
    assert "surrogate" in safety.describe("\udc00")[1]
