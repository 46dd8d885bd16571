"""`kmhub new`: answers are checked, files are named and valid, nothing is overwritten."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kmhub.cases.files import read_case_file
from kmhub.cases.scaffold import (
    TEMPLATE,
    ScaffoldError,
    parse_level,
    parse_networks,
    parse_province,
)
from kmhub.cli import app
from kmhub.errors import DateError, KmhubError
from kmhub.review.report import template_leftovers
from kmhub.text.dates import read_date

runner = CliRunner()
FLAGS = [
    "--title",
    "ตลาดนัดความดี: บ้านทดลองใหม่",
    "--province",
    "โคราช",
    "--date",
    "14 มีนาคม 2564",
    "--level",
    "ชุมชน",
    "--networks",
    "religion, ภาคประชาสังคม ชุมชน และครอบครัว",
]


def errors_of(path: Path) -> list[str]:
    return [str(p) for p in read_case_file(path).problems if p.is_error]


def test_flags_path_writes_a_valid_named_file(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["new", *FLAGS, "--title-en", "Good-deeds market", "--cases", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    path = tmp_path / "good-deeds-market.md"
    assert result.stdout.strip() == str(path)
    parsed = read_case_file(path)
    assert errors_of(path) == []
    case = parsed.case
    assert case is not None
    assert (case.id, case.province, case.date, case.level) == (
        "good-deeds-market",
        "นครราชสีมา",
        dt.date(2021, 3, 14),
        "community",
    )
    assert case.networks == ["religion", "civil-society"]
    assert case.title == "ตลาดนัดความดี: บ้านทดลองใหม่"  # the colon survived YAML quoting
    assert [s.heading for s in case.sections] == [
        "บริบท",
        "สิ่งที่ทำ",
        "ผลลัพธ์",
        "บทเรียน",
        "ปัจจัยความสำเร็จ",
        "ข้อเสนอแนะ",
    ]
    # Only empty-section warnings, plus the reminder that the summary is still the template's.
    warnings = [p.english for p in parsed.problems]
    assert all("is empty" in w for w in warnings) and len(warnings) == 6
    assert len(template_leftovers(case)) == 1


def test_prompt_path_asks_again_after_a_bad_answer(tmp_path: Path) -> None:
    answers = [
        "ชุมชนทดลองงดเหล้า",
        "ไม่มีจังหวัดนี้",  # refused, asked again
        "น่าน",
        "2564-02-30",  # no such day
        "๒/๑/๒๕๖๔",  # Thai digits, Buddhist Era
        "หมู่บ้าน",  # not a level
        "community",
        "religion",
        "",  # no English title
        "ชาวบ้านตกลงกันว่างานบุญจะไม่มีเหล้า",
        "",  # accept the suggested id
    ]
    result = runner.invoke(app, ["new", "--cases", str(tmp_path)], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "ไม่รู้จักจังหวัด" in result.output and "unknown province" in result.output
    assert "not a real date" in result.output
    assert "unknown level" in result.output
    path = tmp_path / "nan-2021.md"
    case = read_case_file(path).case
    assert case is not None and errors_of(path) == []
    assert case.date == dt.date(2021, 1, 2)
    assert case.summary == "ชาวบ้านตกลงกันว่างานบุญจะไม่มีเหล้า"
    assert template_leftovers(case) == []


def test_never_overwrites_and_numbers_suggested_ids(tmp_path: Path) -> None:
    base = ["new", *FLAGS, "--cases", str(tmp_path)]
    assert runner.invoke(app, base).exit_code == 0
    assert runner.invoke(app, base).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "nakhon-ratchasima-2021-2.md",
        "nakhon-ratchasima-2021.md",
    ]
    before = (tmp_path / "nakhon-ratchasima-2021.md").read_text(encoding="utf-8")
    result = runner.invoke(app, [*base, "--id", "nakhon-ratchasima-2021"])
    assert isinstance(result.exception, ScaffoldError)
    assert "will not be overwritten" in result.exception.english
    assert (tmp_path / "nakhon-ratchasima-2021.md").read_text(encoding="utf-8") == before


def test_bad_flag_is_a_clear_error_not_a_file(tmp_path: Path) -> None:
    flags = list(FLAGS)
    flags[flags.index("--networks") + 1] = "religion, football"
    result = runner.invoke(app, ["new", *flags, "--cases", str(tmp_path)])
    assert isinstance(result.exception, KmhubError)
    assert "football" in result.exception.english and "ไม่รู้จักเครือข่าย" in result.exception.thai
    assert not tmp_path.exists() or not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-03-14", dt.date(2021, 3, 14)),
        ("2564-03-14", dt.date(2021, 3, 14)),
        ("14/03/2564", dt.date(2021, 3, 14)),
        ("๑๔ มี.ค. ๒๕๖๔", dt.date(2021, 3, 14)),
        ("1 ม.ค. 2020", dt.date(2020, 1, 1)),
    ],
)
def test_dates_in_ce_or_be(text: str, expected: dt.date) -> None:
    assert read_date(text) == expected


@pytest.mark.parametrize("text", ["14-03", "2021-02-29", "เมื่อวาน"])
def test_bad_dates(text: str) -> None:
    with pytest.raises(DateError):
        read_date(text)


def test_vocabularies() -> None:
    assert parse_province("จ.อยุธยา") == "พระนครศรีอยุธยา"
    assert parse_level("District") == "district"
    assert parse_networks("media,media, ภาคการศึกษา เด็กและเยาวชน") == ["media", "education-youth"]
    with pytest.raises(ScaffoldError):
        parse_networks(" , ")


def test_template_itself_is_a_clean_case() -> None:
    parsed = read_case_file(TEMPLATE)
    assert parsed.problems == []
    assert parsed.case is not None
    # Copying the template by hand without rewriting it is caught.
    assert len(template_leftovers(parsed.case)) == 1 + len(parsed.case.sections)


def test_unfinished_new_file_fails_strict_validation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KMHUB_CASES", str(tmp_path))
    assert runner.invoke(app, ["new", *FLAGS, "--id", "unfinished"]).exit_code == 0
    path = tmp_path / "unfinished.md"
    loose = runner.invoke(app, ["validate", str(path)])
    assert loose.exit_code == 0  # only warnings: the contributor can keep working
    strict = runner.invoke(app, ["validate", "--strict", str(path)])
    assert strict.exit_code == 1
    assert "the summary is still the template's text" in strict.stdout


def test_free_case_id_looks_in_subfolders(tmp_path: Path) -> None:
    from kmhub.cases.files import free_case_id

    (tmp_path / "north").mkdir()
    (tmp_path / "north" / "nan-2021.md").write_text("x", encoding="utf-8")
    (tmp_path / "nan-2021-2.md").write_text("x", encoding="utf-8")
    assert free_case_id("nan-2021", tmp_path) == "nan-2021-3"
    assert free_case_id("nan-2022", tmp_path) == "nan-2022"
    assert free_case_id("nan-2021", tmp_path / "missing") == "nan-2021"
