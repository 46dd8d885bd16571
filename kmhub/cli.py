"""The `kmhub` command line: a thin layer over the same functions the API and pages call.

Exit codes: 0 done; 1 invalid case files (validate, a strict build); 2 a usage error or one of
kmhub's own errors (kmhub.errors gives each its code); 130 interrupted (Ctrl-C, end of input).
Commands import their feature packages when they run, so `kmhub --help` starts at once.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import click
import typer

from kmhub import __version__
from kmhub.errors import CasesInvalidError, KmhubError
from kmhub.search.understand import LITERAL_KINDS
from kmhub.settings import FUSION_METHODS, SEARCH_MODES, Settings

app = typer.Typer(
    help="kmhub: คลังความรู้และบทเรียนจังหวัดคุณธรรม / moral-province lessons-learned repository",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

IndexOpt = Annotated[
    Path | None, typer.Option("--index", help="Index folder (default index/, KMHUB_INDEX).")
]
CasesOpt = Annotated[
    Path | None, typer.Option("--cases", help="Cases folder (default cases/, KMHUB_CASES).")
]
EncoderOpt = Annotated[
    str | None, typer.Option("--encoder", help="use-m3 (default) or st:<model> (KMHUB_ENCODER).")
]


def echo_err(text: str) -> None:
    typer.echo(text, err=True)


def _typer_usage_error() -> type[Exception]:
    """typer 0.29 bundles its own click, whose usage errors are not the click package's."""
    try:
        from typer._click.exceptions import ClickException
    except ImportError:  # older typer uses the click package itself
        return click.ClickException
    return ClickException


T = TypeVar("T")
USAGE_ERRORS: tuple[type[Exception], ...] = (click.ClickException, _typer_usage_error())
ABORTS: tuple[type[BaseException], ...] = (typer.Abort, click.exceptions.Abort, KeyboardInterrupt)


def settings_from(**overrides: Any) -> Settings:
    rename = {"index": "index_dir", "cases": "cases_dir"}
    return Settings.from_env(**{rename.get(k, k): v for k, v in overrides.items()})


@app.command()
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


@app.command()
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


@app.command()
def build(
    cases: CasesOpt = None,
    index: IndexOpt = None,
    encoder: EncoderOpt = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Refuse to build when any case has a problem.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """สร้างดัชนีค้นหา / Build the search index from the cases folder (invalid cases are skipped)."""
    from kmhub.index.build import build_index

    settings = settings_from(cases=cases, index=index, encoder=encoder)
    try:
        report = build_index(settings, strict=strict, progress=not quiet and sys.stderr.isatty())
    except CasesInvalidError as error:
        for problem in error.problems:
            echo_err(str(problem))
        raise
    for problem in report.problems:
        echo_err(str(problem))
    echo_err(
        f"สร้างดัชนีแล้ว: {report.case_count} กรณี {report.passage_count} ข้อความย่อย "
        f"(เข้ารหัสใหม่ {report.encoded}, ข้าม {report.skipped} ไฟล์ที่ไม่ผ่าน) ใน {report.seconds:.1f} วินาที / "
        f"built {report.case_count} cases, {report.passage_count} passages "
        f"({report.encoded} newly embedded, {report.skipped} invalid files skipped) in {report.seconds:.1f}s "
        f"-> {report.build_dir}"
    )


@app.command()
def search(
    query: Annotated[str | None, typer.Argument(help="คำค้น / the query")] = None,
    index: IndexOpt = None,
    encoder: EncoderOpt = None,
    k: Annotated[int, typer.Option("-k", help="Results per page.")] = 10,
    page: Annotated[int, typer.Option("--page", help="Page number, from 1.")] = 1,
    mode: Annotated[str | None, typer.Option("--mode", help=" | ".join(SEARCH_MODES))] = None,
    fusion: Annotated[str | None, typer.Option("--fusion", help=" | ".join(FUSION_METHODS))] = None,
    dense_weight: Annotated[
        float | None, typer.Option("--dense-weight", help="0..1, weight of the dense side.")
    ] = None,
    province: Annotated[str | None, typer.Option("--province")] = None,
    network: Annotated[str | None, typer.Option("--network")] = None,
    level: Annotated[str | None, typer.Option("--level")] = None,
    virtue: Annotated[str | None, typer.Option("--virtue")] = None,
    topic: Annotated[str | None, typer.Option("--topic")] = None,
    year_from: Annotated[
        int | None, typer.Option("--year-from", help="CE or BE (2564 = 2021).")
    ] = None,
    year_to: Annotated[int | None, typer.Option("--year-to", help="CE or BE.")] = None,
    region: Annotated[str | None, typer.Option("--region", help="ภาคเหนือ, Isan, South ...")] = None,
    literal: Annotated[
        str | None,
        typer.Option(
            "--literal",
            help=f"Kinds not to read from the query: {','.join(LITERAL_KINDS)} or all.",
        ),
    ] = None,
    batch: Annotated[
        Path | None, typer.Option("--batch", help="File with one query per line.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """ค้นหากรณีศึกษา / Search cases (hybrid by default)."""
    from kmhub.search.filters import Filters
    from kmhub.search.live import open_searcher
    from kmhub.search.searcher import SearchOptions

    if (query is None) == (batch is None):
        raise KmhubError(
            "ให้คำค้นหนึ่งคำ หรือ --batch FILE อย่างใดอย่างหนึ่ง", "give either a QUERY or --batch FILE"
        )
    settings = settings_from(index=index, encoder=encoder)
    filters = Filters(province, level, network, virtue, topic, year_from, year_to, region)
    searcher = open_searcher(settings)
    options = SearchOptions(mode, filters, page, k, fusion, dense_weight, literal)
    if batch is not None:
        try:
            lines = batch.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise KmhubError(f"อ่านไฟล์ {batch} ไม่ได้: {exc}", f"cannot read {batch}: {exc}") from exc
        for line in (q.strip() for q in lines):
            if not line:
                continue
            result = searcher.search_with(line, options)
            record = {
                "query": line,
                "results": [h.to_dict() for h in result.hits],
                "loosely_related": [h.to_dict() for h in result.loose],
                "interpreted": result.interpreted,
            }
            typer.echo(json.dumps(record, ensure_ascii=False) if as_json else _format_text(result))
        return
    result = searcher.search_with(query or "", options)
    typer.echo(
        json.dumps(result.to_dict(), ensure_ascii=False, indent=2)
        if as_json
        else _format_text(result)
    )


@app.command("eval")
def eval_(
    queries: Annotated[Path, typer.Option("--queries", help="Graded queries (YAML).")] = Path(
        "eval/queries.yaml"
    ),
    index: IndexOpt = None,
    encoder: EncoderOpt = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="JSON output, with per-query ranks.")
    ] = False,
) -> None:
    """วัดคุณภาพการค้นหา / Recall@5, MRR@10 and nDCG@10 of lexical, dense and hybrid search."""
    from kmhub.search.evaluate import render_table, run_eval

    result = run_eval(settings_from(index=index, encoder=encoder), queries)
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        typer.echo(render_table(result).rstrip())


@app.command()
def pack(
    cases: Annotated[
        str | None, typer.Option("--cases", help="Case ids in order, comma-separated.")
    ] = None,
    query: Annotated[
        str | None, typer.Option("--query", "-q", help="Theme: suggest varied cases for it.")
    ] = None,
    n: Annotated[int, typer.Option("-n", help="How many cases to suggest (with --query).")] = 5,
    title: Annotated[str | None, typer.Option("--title", help="Workshop title.")] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", help="Workshop date in either era: 2568-08-01, 2025-08-01, 1 ส.ค. 2568."
        ),
    ] = None,
    audience: Annotated[str | None, typer.Option("--audience")] = None,
    trainer: Annotated[str | None, typer.Option("--trainer")] = None,
    theme: Annotated[str | None, typer.Option("--theme", help="Theme for the questions.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="html | pdf | docx")] = "pdf",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output file.")] = None,
    weak: Annotated[
        bool, typer.Option("--weak", help="With --query: also take weak matches to reach -n.")
    ] = False,
    index: IndexOpt = None,
    encoder: EncoderOpt = None,
) -> None:
    """ชุดกรณีสำหรับอบรม / Make a workshop pack (HTML, PDF or DOCX) from ids or a theme."""
    from kmhub.web.handout import write_pack

    target = out or Path(f"workshop-pack.{fmt}")
    made, path = write_pack(
        settings_from(index=index, encoder=encoder),
        target,
        fmt,
        case_ids=cases,
        query=query,
        n=n,
        title=title,
        date=date,
        audience=audience,
        trainer=trainer,
        theme=theme,
        include_weak=weak,
    )
    listed = ", ".join(
        c.id + (f" ({c.theme_strength})" if c.theme_strength else "") for c in made.cases
    )
    echo_err(
        f"เขียนชุดอบรม {len(made.cases)} กรณีที่ {path} / wrote a {len(made.cases)}-case pack to {path}: {listed}"
    )


def _format_text(result: Any) -> str:
    from kmhub.text.thai import to_be_year
    from kmhub.text.vocab import LEVELS, SECTION_LABELS_TH

    lines = [
        f"{result.query!r}: {result.total} กรณี / cases ({result.mode}, {result.took_ms:.0f} ms)"
    ]
    understood = (result.interpreted or {}).get("found", [])
    if understood:
        chips = ", ".join(f"{u['label_th']} ({u['how']})" for u in understood)
        lines.append(f"เข้าใจว่า / understood: {chips}")
    spelling = (result.interpreted or {}).get("spelling")
    if spelling:
        lines.append(f"หมายถึง / did you mean: {spelling['query']}")
    start = (result.page - 1) * result.page_size
    hits = [*result.hits, *result.loose]
    for rank, hit in enumerate(hits, start=start + 1):
        if result.loose and hit is result.loose[0]:
            lines.append(f"เกี่ยวข้องน้อย / loosely related: {result.loose_total}")
        year = int(hit.date[:4])
        snippet = hit.snippet
        for a, b in reversed(hit.matches):
            snippet = f"{snippet[:a]}[{snippet[a:b]}]{snippet[b:]}"
        section = SECTION_LABELS_TH.get(hit.section, hit.heading or hit.section)
        lines.append(
            f"{rank}. {hit.title} — {hit.province}, {year} (พ.ศ. {to_be_year(year)}), {LEVELS[hit.level]}"
            f"  [{hit.case_id}] score={hit.score:.4f}\n   {section}: {snippet}"
        )
    return "\n".join(lines)


@app.command("import-news")
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


@app.command()
def serve(
    index: IndexOpt = None,
    cases: CasesOpt = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, max=64, help="Server processes (default: CPU cores)."),
    ] = None,
) -> None:
    """เปิดเว็บและ API ค้นหา / Serve the search API and web UI (builds the index when stale)."""
    from kmhub.web.serve import serve as run_server

    settings = settings_from(index=index, cases=cases)
    run_server(settings, host, port, sys.stderr.isatty(), workers)


@app.command()
def export(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the files into.")],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="csv | jsonl | dcat, several with commas, or all.")
    ] = "csv",
    base_url: Annotated[
        str | None,
        typer.Option("--base-url", help="Published address for links (KMHUB_PUBLIC_URL)."),
    ] = None,
    index: IndexOpt = None,
) -> None:
    """ส่งออกข้อมูลเปิด / Export case metadata and summaries: CSV, JSON Lines, DCAT catalogue."""
    from kmhub.index.store import open_index
    from kmhub.opendata.export import parse_formats, write_export
    from kmhub.opendata.records import Site

    settings = settings_from(index=index)
    formats = parse_formats(fmt)
    url = base_url or settings.public_url
    if not url:
        url = "http://127.0.0.1:8000"
        echo_err(
            f"ลิงก์ในไฟล์ชี้ไปที่ {url} ตั้ง --base-url หรือ KMHUB_PUBLIC_URL เป็นที่อยู่ที่เผยแพร่จริง / "
            f"links point at {url}; set --base-url or KMHUB_PUBLIC_URL to the published address"
        )
    written = write_export(open_index(settings.index_dir), Site(url), formats, out)
    for path in written:
        typer.echo(str(path))
    echo_err(f"เขียน {len(written)} ไฟล์ใน {out} / wrote {len(written)} files to {out}")


@app.command()
def insights(
    since: Annotated[
        str, typer.Option("--since", help="30d, 12h, 2w, or a date (CE or BE): from when.")
    ] = "30d",
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV output (UTF-8 with BOM).")] = False,
    index: IndexOpt = None,
) -> None:
    """ข้อมูลการค้นหาสำหรับผู้ดูแล / Top queries, searches in vain, asked vs held, opened, packed."""
    import time

    from kmhub.errors import IndexMissingError
    from kmhub.index.store import open_index
    from kmhub.insights.report import build_report, parse_since, report_csv, report_text
    from kmhub.insights.store import db_path

    if as_json and as_csv:
        raise KmhubError("เลือก --json หรือ --csv อย่างใดอย่างหนึ่ง", "give --json or --csv, not both")
    settings = settings_from(index=index)
    now = time.time()
    start = parse_since(since, now)
    try:
        searched = open_index(settings.index_dir)
    except IndexMissingError:
        searched = None  # the report still runs; cases held show as 0
    report = build_report(db_path(settings.index_dir), start, now, searched)
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
    elif as_csv:
        sys.stdout.write(report_csv(report))
    else:
        typer.echo(report_text(report))


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"kmhub {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True)
    ] = False,
) -> None:
    """kmhub command line."""


def main() -> None:
    """Entry point: every failure becomes a two-language message and its exit code, never a traceback."""
    try:
        # Without standalone mode click returns (not raises) the code of typer.Exit(n).
        code = app(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except KmhubError as exc:
        echo_err(f"ข้อผิดพลาด: {exc.thai}\nerror: {exc.english}")
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except USAGE_ERRORS as exc:
        exc.show()  # type: ignore[attr-defined]  # typer's usage message: "Usage: ... Try --help"
        sys.exit(2)
    except ABORTS:
        echo_err("\nยกเลิก / aborted")
        sys.exit(130)
    except Exception as exc:  # the last line of defence: a message, not a traceback
        if os.environ.get("KMHUB_DEBUG"):
            raise
        echo_err(
            f"ข้อผิดพลาดที่ไม่คาดคิด: {exc!r}\nunexpected error: {exc!r} (set KMHUB_DEBUG=1 for details)"
        )
        sys.exit(1)
