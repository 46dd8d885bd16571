"""Commands that make something from the index: `pack`, `serve`, `export` and `insights`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from kmhub.cli.core import CasesOpt, EncoderOpt, IndexOpt, echo_err, settings_from
from kmhub.errors import KmhubError


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
