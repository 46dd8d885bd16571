"""The pull-request path: unsafe contributed markup is refused, the workflow and docs hold up."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from kmhub.cases.files import read_case_file
from kmhub.cli import app
from kmhub.errors import Problem
from kmhub.review.report import format_problem

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()

HEAD = """---
id: {id}
title: กรณีทดสอบความปลอดภัย
province: ลำปาง
date: 2022-05-01
level: community
networks: [civil-society]
summary: ชุมชนทดสอบเขียนเนื้อหาที่มีส่วนที่ไม่ปลอดภัยปนมา
---

## บริบท
ย่อหน้าแรกปกติ

## บทเรียน
"""
# Line 15 of every file below is the line after the บทเรียน heading (HEAD has 14 lines).
UNSAFE_LINE = 15


def write_case(folder: Path, case_id: str, lesson: str) -> Path:
    path = folder / f"{case_id}.md"
    path.write_text(HEAD.format(id=case_id) + lesson + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("case_id", "lesson", "english"),
    [
        ("script-tag", "<script>alert(1)</script>", "raw HTML is not allowed: <script>"),
        (
            "img-onerror",
            'ภาพ <img src=x onerror="alert(1)"> ในบรรทัด',
            "raw HTML is not allowed: <img",
        ),
        ("js-link", "- อ่าน [x](javascript:alert(1)) ต่อ", "unsafe link"),
    ],
)
def test_validate_rejects_unsafe_markup_on_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case_id: str, lesson: str, english: str
) -> None:
    path = write_case(tmp_path, case_id, lesson)
    monkeypatch.setenv("KMHUB_CASES", str(tmp_path / "none"))  # compare with nothing else
    result = runner.invoke(app, ["validate", "--json", str(path)])
    assert result.exit_code == 1
    problems = [json.loads(line) for line in result.stdout.splitlines()]
    errors = [p for p in problems if p["severity"] == "error"]
    assert errors, problems
    assert all(p["line"] == UNSAFE_LINE for p in errors)
    assert any(english in p["message_en"] for p in errors)
    assert all(p["message_th"] for p in errors)  # Thai message too
    # An invalid file is not a case: nothing of it can reach an index.
    assert read_case_file(path).case is None


def test_safe_markdown_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_case(
        tmp_path, "safe-links", "- ดู [รายงาน](https://example.org/r) และ 2 < 3 เขียนได้"
    )
    monkeypatch.setenv("KMHUB_CASES", str(tmp_path / "none"))
    result = runner.invoke(app, ["validate", "--strict", str(path)])
    assert result.exit_code == 0, result.output


def test_github_annotations_escape_their_syntax() -> None:
    problem = Problem("cases/a,b.md", 7, "error", "ผิด: 100%", "bad\nline: 100%")
    text = format_problem(problem, "github")
    assert text.startswith("::error file=cases/a%2Cb.md,line=7,title=kmhub validate::")
    assert text.endswith("ผิด: 100%25 / bad%0Aline: 100%25")
    assert "\n" not in text
    assert json.loads(format_problem(problem, "json"))["line"] == 7


def test_validate_format_github_via_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_case(tmp_path, "script-tag", "<script>x</script>")
    monkeypatch.setenv("KMHUB_CASES", str(tmp_path / "none"))
    result = runner.invoke(app, ["validate", "--format", "github", str(path)])
    assert result.exit_code == 1
    assert f"::error file={path},line={UNSAFE_LINE}," in result.stdout


def load_workflow(name: str) -> dict:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def test_cases_workflow_validates_changed_files_and_runs_tests() -> None:
    workflow = load_workflow("cases.yml")
    assert "pull_request" in workflow["on"]
    runs = {
        job: "\n".join(s.get("run", "") for s in spec["steps"])
        for job, spec in workflow["jobs"].items()
    }
    assert "kmhub validate --strict" in runs["validate"]
    assert "git diff --name-only" in runs["validate"] and "cases/" in runs["validate"]
    assert "scripts/test.sh" in runs["tests"]  # which runs ruff and python -m pytest
    uses = [s.get("uses", "") for s in workflow["jobs"]["validate"]["steps"]]
    assert any(u.startswith("actions/upload-artifact") for u in uses)


def test_comment_workflow_posts_without_running_pr_code() -> None:
    workflow = load_workflow("cases-comment.yml")
    assert workflow["on"]["workflow_run"]["workflows"] == ["cases"]
    steps = workflow["jobs"]["comment"]["steps"]
    uses = [s.get("uses", "") for s in steps]
    assert not any(u.startswith("actions/checkout") for u in uses)
    assert any(u.startswith("actions/github-script") for u in uses)
    assert "createComment" in steps[-1]["with"]["script"]


def test_contributing_example_is_a_valid_case(tmp_path: Path) -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for needed in (
        'pip install -e ".[dev]"',
        "kmhub new",
        "kmhub validate --strict",
        "python -m pytest",
        "kmhub import-news",
        "docs/import-news.md",
    ):
        assert needed in text
    assert text.index("## ภาษาไทย") < text.index("## English")
    example = re.search(r"```markdown\n(.*?)```", text, re.S)
    assert example is not None
    body = example.group(1)
    case_id = re.search(r"^id: (\S+)$", body, re.M).group(1)  # type: ignore[union-attr]
    path = tmp_path / f"{case_id}.md"
    path.write_text(body, encoding="utf-8")
    parsed = read_case_file(path)
    assert parsed.case is not None and parsed.problems == []


def test_pull_request_template_has_the_checklist() -> None:
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert text.count("- [ ]") >= 6
    assert "kmhub validate --strict" in text
