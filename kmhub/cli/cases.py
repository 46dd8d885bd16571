"""Commands for case files: `validate`, `new` (and its prompt) and `import-news`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import click
import typer

from kmhub.cli.core import CasesOpt, echo_err, settings_from
from kmhub.errors import KmhubError

T = TypeVar("T")


def validate(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Case files or folders (default: cases/).")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Problems as JSON lines.")] = False,
    fmt: Annotated[
        str, typer.Option("--format", help="text | json | github (Actions annotations).")
    ] = "text",
    embeddings: Annotated[
        bool, typer.Option("--embeddings", help="Also compare cases by meaning (slower).")
    ] = False,
) -> None:
    """ตรวจไฟล์กรณีศึกษา / Check case files and report every problem as path:line."""
    from kmhub.cases.files import read_case_files
    from kmhub.review.report import FORMATS, format_problem, review_problems

    if fmt not in FORMATS:
        raise KmhubError(f"ไม่รู้จักรูปแบบ '{fmt}'", f"unknown format '{fmt}'; use {', '.join(FORMATS)}")
    settings = settings_from()
    results = read_case_files(paths or [settings.cases_dir])
    extra = review_problems(results, settings.cases_dir, settings.encoder if embeddings else None)
    problems = sorted([p for r in results for p in r.problems] + extra)
    for problem in problems:
        typer.echo(format_problem(problem, "json" if as_json else fmt))
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    echo_err(
        f"ตรวจ {len(results)} ไฟล์: ข้อผิดพลาด {errors} คำเตือน {warnings} / "
        f"checked {len(results)} files: {errors} errors, {warnings} warnings"
    )
    if errors or (strict and warnings):
        raise typer.Exit(1)


def new(
    title: Annotated[str | None, typer.Option("--title", help="Thai title.")] = None,
    province: Annotated[str | None, typer.Option("--province", help="Province (Thai).")] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="2021-03-14, 2564-03-14 or 14/03/2564.")
    ] = None,
    level: Annotated[
        str | None, typer.Option("--level", help="community | organization | district | province")
    ] = None,
    networks: Annotated[
        str | None, typer.Option("--networks", help="Comma-separated, e.g. religion,civil-society.")
    ] = None,
    title_en: Annotated[str | None, typer.Option("--title-en", help="English title.")] = None,
    summary: Annotated[str | None, typer.Option("--summary", help="Two to four sentences.")] = None,
    case_id: Annotated[str | None, typer.Option("--id", help="File name without .md.")] = None,
    cases: CasesOpt = None,
) -> None:
    """เริ่มไฟล์กรณีศึกษาใหม่ / Start a new case file from the template (asks for what is missing)."""
    from kmhub.cases.scaffold import collect_answers, write_case

    cases_dir = settings_from(cases=cases).cases_dir
    given = dict(
        title=title,
        province=province,
        date=date,
        level=level,
        networks=networks,
        title_en=title_en,
        summary=summary,
        case_id=case_id,
    )
    path = write_case(collect_answers(given, cases_dir, ask), cases_dir)
    typer.echo(str(path))
    echo_err(
        f"สร้าง {path} แล้ว เขียนเนื้อหาแต่ละหัวข้อ แล้วตรวจด้วย kmhub validate --strict {path} / "
        f"created {path}; fill in each section, then run kmhub validate --strict {path}"
    )


def ask(label: str, parse: Callable[[str], T], default: str | None = None) -> T:
    """Prompt until `parse` accepts the answer; its Thai/English message explains a refusal."""

    def check(text: str) -> T:
        try:
            return parse(text)
        except KmhubError as exc:
            raise click.UsageError(f"{exc.thai} / {exc.english}") from exc

    answer: T = click.prompt(label, default=default, value_proc=check, show_default=bool(default))
    return answer


def import_news(
    files: Annotated[list[str], typer.Argument(help="News page files; - reads standard input.")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Folder for the drafts (default: cases/).")
    ] = None,
) -> None:
    """นำเข้าข่าวเป็นร่างกรณีศึกษา / Import news pages as draft cases (status: draft)."""
    from kmhub.cases.files import read_case_files
    from kmhub.news.importer import run_import
    from kmhub.review.similarity import near_duplicates

    folder = out or settings_from().cases_dir
    before = set(folder.rglob("*.md")) if folder.is_dir() else set()
    code = run_import(files, folder, typer.echo, echo_err)
    # A draft of a story the folder already holds: say so now, not at review time.
    drafts = sorted(set(folder.rglob("*.md")) - before) if folder.is_dir() else []
    for problem in near_duplicates(read_case_files(drafts), folder) if drafts else []:
        echo_err(str(problem))
    raise typer.Exit(code)
