"""Retrieval evaluation: graded queries, Recall@5, MRR@10 and nDCG@10 per search mode and kind."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from rich.console import Console
from rich.table import Table

from kmhub.errors import KmhubError
from kmhub.search.live import open_searcher
from kmhub.settings import SEARCH_MODES, Settings

if TYPE_CHECKING:
    from kmhub.search.searcher import Searcher

MODES = SEARCH_MODES
METRICS = ("recall@5", "mrr@10", "ndcg@10")
DEPTH = 10  # results looked at per query: the first page a user sees
# What a query tests; `ood` (out of domain) queries have no relevant case and should find nothing.
KINDS = ("topic", "nickname", "region", "year", "network", "typo", "colloquial", "english", "ood")
OOD = "ood"


class EvalError(KmhubError):
    """A queries file that cannot be used for evaluation."""


@dataclass(frozen=True)
class Query:
    text: str
    relevant: dict[str, int]  # case id -> grade: 2 = exactly this, 1 = related
    line: int
    lang: str = "th"
    kind: str = "topic"


@dataclass
class ModeReport:
    mode: str
    metrics: dict[str, float]  # means over the graded queries
    per_query: list[dict[str, object]] = field(default_factory=list)
    groups: dict[str, dict[str, float]] = field(default_factory=dict)  # "kind:x", "lang:y"
    ood: dict[str, float] = field(default_factory=dict)


def recall_at_k(ranked: Sequence[str], relevant: dict[str, int], k: int = 5) -> float:
    """Share of the relevant cases found in the top k, out of as many as could fit there.

    Dividing by min(k, |relevant|) gives a perfect ranking 1.0 even when more than k cases
    are relevant, so the number reads the same for broad and narrow queries.
    """
    wanted = {c for c, g in relevant.items() if g > 0}
    if not wanted:
        return 0.0
    found = sum(1 for c in ranked[:k] if c in wanted)
    return found / min(k, len(wanted))


def reciprocal_rank(ranked: Sequence[str], relevant: dict[str, int], k: int = 10) -> float:
    """1 / rank of the first relevant case (grade 1 or 2) within the top k, else 0."""
    for rank, case_id in enumerate(ranked[:k], start=1):
        if relevant.get(case_id, 0) > 0:
            return 1.0 / rank
    return 0.0


def dcg(gains: Iterable[float]) -> float:
    return sum(g / math.log2(rank + 1) for rank, g in enumerate(gains, start=1))


def ndcg_at_k(ranked: Sequence[str], relevant: dict[str, int], k: int = 10) -> float:
    """nDCG with gain 2^grade - 1, so an exact match (3) counts three times a related one (1)."""
    gains = [2 ** relevant.get(c, 0) - 1 for c in ranked[:k]]
    ideal = sorted((2**g - 1 for g in relevant.values() if g > 0), reverse=True)[:k]
    best = dcg(ideal)
    return dcg(gains) / best if best > 0 else 0.0


def score_ranking(ranked: Sequence[str], relevant: dict[str, int]) -> dict[str, float]:
    return {
        "recall@5": recall_at_k(ranked, relevant, 5),
        "mrr@10": reciprocal_rank(ranked, relevant, DEPTH),
        "ndcg@10": ndcg_at_k(ranked, relevant, DEPTH),
    }


def load_queries(path: Path) -> list[Query]:
    """Queries from YAML: a list of {query, relevant: {case id: 1 or 2}, lang, kind}.

    An empty `relevant` marks an out-of-domain query (kind `ood`): no case answers it.
    """
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise EvalError(
            f"อ่านไฟล์คำค้น {path} ไม่ได้: {exc}", f"cannot read queries {path}: {exc}"
        ) from exc
    if not isinstance(data, list) or node is None or not data:
        raise EvalError(
            f"{path}: ต้องเป็นรายการของ query/relevant", f"{path}: must be a list of query/relevant"
        )
    queries = []
    for item, item_node in zip(data, node.value, strict=True):
        line = item_node.start_mark.line + 1
        relevant = item.get("relevant") if isinstance(item, dict) else None
        query = item.get("query") if isinstance(item, dict) else None
        if (
            not isinstance(query, str)
            or not query.strip()
            or not isinstance(relevant, dict)
            or not all(isinstance(g, int) and g in (1, 2) for g in relevant.values())
        ):
            raise EvalError(
                f"{path}:{line}: แต่ละรายการต้องมี query (ข้อความ) และ relevant (id: 1 หรือ 2)",
                f"{path}:{line}: each item needs query (text) and relevant (case id: 1 or 2)",
            )
        kind = str(item.get("kind") or (OOD if not relevant else "topic"))
        if kind not in KINDS or (kind == OOD) != (not relevant):
            raise EvalError(
                f"{path}:{line}: kind ต้องเป็นหนึ่งใน {', '.join(KINDS)}"
                f" และ relevant ว่างได้เฉพาะ kind: {OOD}",
                f"{path}:{line}: kind must be one of {', '.join(KINDS)},"
                f" and relevant is empty exactly when kind is {OOD}",
            )
        queries.append(
            Query(
                query.strip(),
                {str(k): v for k, v in relevant.items()},
                line,
                str(item.get("lang", "th")),
                kind,
            )
        )
    return queries


def check_case_ids(queries: Sequence[Query], known: Iterable[str], path: Path) -> None:
    """Refuse queries that name cases the index does not have (a typo or a removed case)."""
    known_ids = set(known)
    unknown = [(q.line, c) for q in queries for c in q.relevant if c not in known_ids]
    if unknown:
        listed = "\n".join(f"  {path}:{line}: {case_id}" for line, case_id in unknown)
        raise EvalError(
            f"ไฟล์คำค้นอ้างถึง id ที่ไม่มีในดัชนี {len(unknown)} รายการ (สะกดผิด หรือยังไม่ได้ build ใหม่):\n{listed}",
            f"the queries name {len(unknown)} case id(s) the index does not have "
            f"(a typo, or the index needs kmhub build):\n{listed}",
        )


def evaluate(
    searcher: Searcher, queries: Sequence[Query], modes: Sequence[str] = MODES
) -> list[ModeReport]:
    """Run every query in every mode; average the metrics over graded queries, by kind and language.

    Out-of-domain queries are not averaged in: what counts for them is how often they find
    nothing at all (`ood["no_results"]`).
    """
    graded = [q for q in queries if q.relevant]
    reports = []
    for mode in modes:
        report = ModeReport(mode, dict.fromkeys(METRICS, 0.0))
        groups: dict[str, list[float]] = {}
        totals: list[int] = []
        for query in queries:
            result = searcher.search(query.text, mode=mode, page_size=DEPTH)
            ranked = result.case_ids()[:DEPTH]  # results, then the loosely related
            row: dict[str, object] = {"query": query.text, "kind": query.kind, "ranked": ranked}
            if not query.relevant:
                totals.append(result.total)
                report.per_query.append({**row, "total": result.total})
                continue
            scores = score_ranking(ranked, query.relevant)
            for name, value in scores.items():
                report.metrics[name] += value / len(graded)
            for group in (f"kind:{query.kind}", f"lang:{query.lang}"):
                groups.setdefault(group, []).append(scores["ndcg@10"])
            report.per_query.append({**row, **scores})
        report.groups = {
            g: {"queries": len(v), "ndcg@10": sum(v) / len(v)} for g, v in sorted(groups.items())
        }
        if totals:
            report.ood = {
                "queries": len(totals),
                "no_results": sum(t == 0 for t in totals) / len(totals),
                "mean_total": sum(totals) / len(totals),
            }
        reports.append(report)
    return reports


def run_eval(
    settings: Settings, queries_path: Path, searcher: Searcher | None = None
) -> dict[str, Any]:
    """Evaluate the index of `settings` on a queries file; JSON-ready result."""

    queries = load_queries(queries_path)
    searcher = searcher or open_searcher(settings)
    check_case_ids(queries, searcher.index.case_index, queries_path)
    reports = evaluate(searcher, queries)
    graded = [q for q in queries if q.relevant]
    return {
        "queries": len(graded),
        "queries_en": sum(q.lang == "en" for q in graded),
        "queries_ood": len(queries) - len(graded),
        "cases": len(searcher.index.cases),
        "encoder": searcher.index.encoder_name,
        "settings": {
            k: getattr(searcher.settings, k)
            for k in (
                "fusion",
                "dense_weight",
                "rrf_k",
                "candidates",
                "chunk_max_chars",
                "chunk_min_chars",
            )
        },
        "modes": {r.mode: {k: round(v, 4) for k, v in r.metrics.items()} for r in reports},
        "groups": {
            r.mode: {g: {k: round(v, 4) for k, v in d.items()} for g, d in r.groups.items()}
            for r in reports
        },
        "ood": {r.mode: {k: round(v, 4) for k, v in r.ood.items()} for r in reports if r.ood},
        "per_query": {r.mode: r.per_query for r in reports},
    }


def render_table(result: dict[str, Any]) -> str:
    """The metrics as text tables (rich): modes as rows, then nDCG@10 per kind and language."""

    header = (
        f"{result['queries']} คำค้น / queries ({result['queries_en']} English), "
        f"{result['cases']} กรณี / cases, {result['encoder']}"
    )
    table = Table()
    table.add_column("โหมด / mode")
    for name in METRICS:
        label = f"{name} (capped*)" if name.startswith("recall") else name
        table.add_column(label, justify="right")
    for mode, metrics in result["modes"].items():
        table.add_row(mode, *(f"{metrics[name]:.3f}" for name in METRICS))
    modes = list(result["modes"])
    by_group = Table(title="nDCG@10 ตามชนิดคำค้น / by kind and language")
    by_group.add_column("กลุ่ม / group")
    by_group.add_column("n", justify="right")
    for mode in modes:
        by_group.add_column(mode, justify="right")
    first = result["groups"][modes[0]] if modes else {}
    for group, values in first.items():
        cells = [f"{result['groups'][m][group]['ndcg@10']:.3f}" for m in modes]
        by_group.add_row(group, str(values["queries"]), *cells)
    if result.get("ood"):
        ood = result["ood"]
        cells = [f"{ood[m]['no_results']:.0%}" for m in modes]
        label = f"{OOD}: ไม่พบผล / share finding nothing"
        by_group.add_row(label, str(ood[modes[0]]["queries"]), *cells)
    console = Console(width=110, record=True, force_terminal=False)
    with console.capture() as capture:
        console.print(table)
        console.print(
            "* recall@5 หารด้วย min(5, จำนวนที่เกี่ยวข้อง) / divided by min(5, relevant):"
            " a perfect first page scores 1.0"
        )
        console.print(by_group)
    return f"{header}\n{capture.get()}"
