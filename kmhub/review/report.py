"""Checks for contributed cases beyond one file's format, and problem output for reviewers."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import yaml

from kmhub.cases.body import plain_text
from kmhub.cases.files import Case, CaseFile
from kmhub.cases.scaffold import template_text
from kmhub.errors import Problem
from kmhub.review.similarity import near_duplicates

FORMATS = ("text", "json", "github")


@cache
def _template_leftovers() -> tuple[str, frozenset[str]]:
    template = template_text()
    data = yaml.safe_load(template.split("\n---\n", 1)[0].removeprefix("---\n"))
    body = template.split("\n---\n", 1)[1]
    guidance = frozenset(line for line in plain_text(body).split("\n") if line.strip())
    return " ".join(str(data["summary"]).split()), guidance


def template_leftovers(case: Case) -> list[Problem]:
    """Warnings for text still copied from the template (its summary or its guidance lines)."""
    summary, guidance = _template_leftovers()
    problems = []
    if " ".join(case.summary.split()) == summary:
        problems.append(
            Problem(
                case.path,
                1,
                "warning",
                "บทสรุปยังเป็นข้อความจากแม่แบบ ให้เขียนบทสรุปของกรณีนี้",
                "the summary is still the template's text; write this case's own summary",
            )
        )
    for section in case.sections:
        if any(line in guidance for line in section.text.split("\n")):
            problems.append(
                Problem(
                    case.path,
                    section.line,
                    "warning",
                    f"หัวข้อ '{section.heading}' ยังมีคำแนะนำจากแม่แบบ ให้ลบออกแล้วเขียนเนื้อหาจริง",
                    f"section '{section.heading}' still holds the template's guidance; replace it",
                )
            )
    return problems


def review_problems(
    results: Sequence[CaseFile], cases_dir: Path, embeddings_encoder: str | None = None
) -> list[Problem]:
    """Template text left in place, and near-duplicates of another checked file or of cases_dir."""
    problems = [p for r in results if r.case is not None for p in template_leftovers(r.case)]
    problems.extend(near_duplicates(results, cases_dir, embeddings_encoder))
    return problems


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_problem(problem: Problem, fmt: str) -> str:
    """One problem as text (`path:line: ...`), a JSON line, or a GitHub Actions annotation."""
    if fmt == "json":
        return json.dumps(problem.as_dict(), ensure_ascii=False)
    if fmt == "github":
        # Shown on the pull request's "Files changed" tab, on the line of the problem.
        level = "error" if problem.is_error else "warning"
        return (
            f"::{level} file={_escape_property(problem.path)},line={problem.line},"
            f"title=kmhub validate::{_escape_data(f'{problem.thai} / {problem.english}')}"
        )
    return str(problem)
