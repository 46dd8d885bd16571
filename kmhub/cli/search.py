"""Commands for the index and search: `build`, `search` (and its text output) and `eval`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from kmhub.cli.core import CasesOpt, EncoderOpt, IndexOpt, echo_err, settings_from
from kmhub.errors import CasesInvalidError, KmhubError
from kmhub.search.understand import LITERAL_KINDS
from kmhub.settings import FUSION_METHODS, SEARCH_MODES


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
