"""Every bad input of the case format gets a clear Thai + English message at the right line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kmhub.cases.files import read_case_file, read_case_files
from kmhub.cli import app

GOOD = """---
id: {id}
title: ชุมชนทดสอบการตรวจไฟล์
province: {province}
date: {date}
level: community
networks: [civil-society]
summary: ชุมชนทดสอบร่วมกันดูแลวัด ผู้ใหญ่บ้านเป็นแบบอย่าง
---

## บริบท
หมู่บ้านริมแม่น้ำ

## บทเรียน
- ผู้นำต้องทำก่อน
"""


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def good(case_id: str = "ok-case", province: str = "น่าน", date: str = "2021-02-23") -> str:
    return GOOD.format(id=case_id, province=province, date=date)


def problems_of(path: Path) -> list[str]:
    return [str(p) for p in read_case_file(path).problems]


def test_a_good_case_has_no_problems(tmp_path: Path) -> None:
    result = read_case_file(write(tmp_path, "ok-case.md", good()))
    assert result.problems == []
    assert result.case is not None
    assert result.case.province == "น่าน"
    assert result.case.date.isoformat() == "2021-02-23"
    assert [s.key for s in result.case.sections] == ["context", "lessons"]


@pytest.mark.parametrize(
    ("name", "text", "line", "thai", "english"),
    [
        ("no-fm.md", "# หัวเรื่อง\nเนื้อหา\n", 1, "ไม่พบส่วนหัว YAML", "missing front matter"),
        ("unclosed.md", "---\nid: unclosed\n", 1, "ไม่มี --- ปิดท้าย", "not closed"),
        (
            "bad-yaml.md",
            good("bad-yaml").replace("level: community", "level: [community"),
            7,
            "YAML ไม่ถูกต้อง",
            "invalid YAML",
        ),
        (
            "missing.md",
            good("missing").replace("level: community\n", ""),
            1,
            "ขาดฟิลด์ที่ต้องมี 'level'",
            "missing required field 'level'",
        ),
        (
            "unknown.md",
            good("unknown").replace("level:", "colour: red\nlevel:"),
            6,
            "ไม่รู้จักฟิลด์ 'colour'",
            "unknown field 'colour'",
        ),
        (
            "typo.md",
            good("typo").replace("summary:", "sumary: x\nsummary:"),
            8,
            "หมายถึง 'summary'",
            "did you mean 'summary'",
        ),
        (
            "types.md",
            good("types").replace("networks: [civil-society]", "networks: civil-society"),
            7,
            "ต้องเป็นรายการ",
            "must be a list",
        ),
        (
            "province.md",
            good("province", province="เมืองในนิทาน"),
            4,
            "ไม่รู้จักจังหวัด",
            "unknown province",
        ),
        ("be-year.md", good("be-year", date="2564-02-23"), 5, "พุทธศักราช", "2021-02-23"),
        (
            "impossible.md",
            good("impossible", date="2021-02-30"),
            5,
            "ไม่มีวันที่ 2021-02-30",
            "not a real date",
        ),
        ("not-iso.md", good("not-iso", date="23/02/2021"), 5, "YYYY-MM-DD", "YYYY-MM-DD"),
        ("wrong-id.md", good("another-id"), 2, "ไม่ตรงกับชื่อไฟล์", "does not match the file name"),
        ("Bad_Id.md", good("Bad_Id"), 2, "a-z 0-9", "lowercase"),
        (
            "empty-body.md",
            good("empty-body").split("## บริบท")[0],
            10,
            "เนื้อหาว่างเปล่า",
            "body is empty",
        ),
        (
            "level.md",
            good("level").replace("level: community", "level: village"),
            6,
            "ระดับ 'village'",
            "unknown level",
        ),
        (
            "network.md",
            good("network").replace("[civil-society]", "[army]"),
            7,
            "ไม่รู้จักเครือข่าย",
            "unknown network",
        ),
        (
            "html.md",
            good("html").replace("หมู่บ้านริมแม่น้ำ", "ดู <img src=x onerror=alert(1)>"),
            12,
            "HTML ดิบ",
            "raw HTML",
        ),
        (
            "js-link.md",
            good("js-link").replace("หมู่บ้านริมแม่น้ำ", "[คลิก](javascript:alert(1))"),
            12,
            "ลิงก์ไม่ปลอดภัย",
            "unsafe link",
        ),
        (
            "dup-key.md",
            good("dup-key").replace("level: community", "level: community\nlevel: district"),
            7,
            "ซ้ำ",
            "appears twice",
        ),
    ],
)
def test_bad_input_is_reported_with_line_and_both_languages(
    tmp_path: Path, name: str, text: str, line: int, thai: str, english: str
) -> None:
    path = write(tmp_path, name, text)
    result = read_case_file(path)
    errors = [p for p in result.problems if p.is_error]
    assert result.case is None
    assert errors, result.problems
    matching = [p for p in errors if thai in p.thai and english in p.english]
    assert matching, [str(p) for p in errors]
    assert matching[0].line == line
    assert str(matching[0]).startswith(f"{path}:{line}: ")


def test_non_utf8_bytes_name_the_line(tmp_path: Path) -> None:
    raw = good("latin").encode("utf-8").replace("หมู่บ้านริมแม่น้ำ".encode(), b"caf\xe9")
    messages = problems_of(write(tmp_path, "latin.md", raw))
    assert len(messages) == 1
    assert ":12: " in messages[0] and "UTF-8" in messages[0]


def test_bom_is_an_error_but_the_rest_is_still_checked(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.md", b"\xef\xbb\xbf" + good("bom", province="xx").encode())
    messages = problems_of(path)
    assert any("BOM" in m for m in messages)
    assert any("unknown province" in m for m in messages)


def test_oversized_file_is_refused_without_parsing(tmp_path: Path) -> None:
    path = write(tmp_path, "huge.md", good("huge") + "ก" * 400_000)
    messages = problems_of(path)
    assert len(messages) == 1 and "1 MB" in messages[0]


def test_alias_province_is_accepted_with_the_canonical_name(tmp_path: Path) -> None:
    result = read_case_file(write(tmp_path, "alias.md", good("alias", province="โคราช")))
    assert result.case is not None and result.case.province == "นครราชสีมา"
    assert [p.severity for p in result.problems] == ["warning"]
    assert "นครราชสีมา" in result.problems[0].thai


def test_warnings_missing_lessons_order_and_long_summary(tmp_path: Path) -> None:
    text = good("warn").replace("## บทเรียน\n- ผู้นำต้องทำก่อน\n", "")
    text = text.replace("## บริบท", "## ผลลัพธ์\nดีขึ้น\n\n## บริบท")
    text = text.replace("summary: ชุมชนทดสอบ", "summary: " + "ยาว" * 400 + " ชุมชนทดสอบ")
    result = read_case_file(write(tmp_path, "warn.md", text))
    assert result.case is not None
    warnings = " ".join(p.english for p in result.problems if p.severity == "warning")
    assert "Lessons learned" in warnings
    assert "out of order" in warnings
    assert "too long" in warnings


def test_duplicate_ids_across_files_name_the_other_file(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    write(tmp_path / "a", "same-id.md", good("same-id"))
    write(tmp_path / "b", "same-id.md", good("same-id"))
    results = read_case_files([tmp_path])
    assert sum(r.ok for r in results) == 1
    duplicate = [p for r in results for p in r.problems]
    assert len(duplicate) == 1 and "a/same-id.md" in duplicate[0].english


def test_cli_exit_codes_and_strict(tmp_path: Path) -> None:
    runner = CliRunner()
    write(tmp_path, "ok-case.md", good())
    assert runner.invoke(app, ["validate", str(tmp_path)]).exit_code == 0
    write(tmp_path, "alias.md", good("alias", province="กทม."))
    relaxed = runner.invoke(app, ["validate", str(tmp_path)])
    assert relaxed.exit_code == 0 and "กรุงเทพมหานคร" in relaxed.output
    assert runner.invoke(app, ["validate", "--strict", str(tmp_path)]).exit_code == 1
    write(tmp_path, "broken.md", "not a case")
    broken = runner.invoke(app, ["validate", str(tmp_path)])
    assert broken.exit_code == 1
    assert f"{tmp_path / 'broken.md'}:1: " in broken.output


def test_no_input_crashes_the_cli(tmp_path: Path) -> None:
    junk = {
        "binary.md": bytes(range(256)) * 4,
        "empty.md": b"",
        "only-dashes.md": b"---\n---\n",
        "list.md": b"---\n- a\n- b\n---\nbody\n",
        "tabs.md": b"---\nid:\t[\n---\n",
        "nested.md": b"---\nid: nested\ntitle: {a: b}\nsummary: [1, 2]\ndate: 2021-13-01\n---\nx\n",
    }
    for name, data in junk.items():
        write(tmp_path, name, data)
    result = CliRunner().invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    for name in junk:
        assert f"{tmp_path / name}:" in result.output


def test_http_sources_warn_unless_marked_http_only(tmp_path: Path) -> None:
    source = "summary: ชุมชนทดสอบร่วมกันดูแลวัด ผู้ใหญ่บ้านเป็นแบบอย่าง\nsources:\n  - title: หน้าข่าว\n    url: {url}\n"
    summary = "summary: ชุมชนทดสอบร่วมกันดูแลวัด ผู้ใหญ่บ้านเป็นแบบอย่าง\n"
    http = good("http-src").replace(summary, source.format(url="http://example.org/a"))
    path = write(tmp_path, "http-src.md", http)
    warned = [p for p in read_case_file(path).problems if "http_only" in p.english]
    assert len(warned) == 1 and warned[0].severity == "warning"
    write(
        tmp_path, "http-src.md", http.replace("url: http://", "http_only: true\n    url: http://")
    )
    result = read_case_file(path)
    assert result.problems == [] and result.case is not None
    assert result.case.sources[0].url == "http://example.org/a"
