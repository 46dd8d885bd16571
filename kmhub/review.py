"""Checks for contributed cases beyond one file's format, and problem output for reviewers."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from kmhub.cases import CaseFile
from kmhub.problems import Problem

FORMATS = ("text", "json", "github")


def review_problems(
    results: Sequence[CaseFile], cases_dir: Path, embeddings_encoder: str | None = None
) -> list[Problem]:
    """Template text left in place, and near-duplicates of another checked file or of cases_dir."""
    from kmhub.scaffold import template_leftovers
    from kmhub.similarity import near_duplicates

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
