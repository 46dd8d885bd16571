"""Retrieval benchmark: kmhub's search modes against two plain baselines, in one run.

    python bench/retrieval.py [--data DIR] [--sample 400] [--limit N] [--seed 13]
    python bench/retrieval.py --queries eval/queries.yaml [--cases cases]
    python bench/retrieval.py --questions bench/iapp_english.yaml  (English over the sample)
    ... [--variant "label:mode:setting=value,..."] [--json out.json] [--work DIR]
    ... [--build-setting chunk_max_chars=250]  (a build-time setting; one build per run)

Two kinds of task:
- a passage/question set (default: ../shared/data/iapp-wiki-qa-train/, see its README): a
  random sample of passages (fixed seed) becomes case files in a temporary folder, and every
  question about a sampled passage is a query with that one case relevant;
- `--queries`: a graded queries file over a cases folder (eval/queries.yaml over cases/).

The cases are indexed by the real build (kmhub.index.build) and searched by the real
Searcher, once per variant. In the same run, on the same case files, two baselines:
plain BM25 (bm25s) over newmm words with one document per case, and a min-max fusion of that
BM25 with use-m3 cosine (best paragraph of each case) at dense weight 0.2 and 0.3.

Metrics come from ir-measures: R@1, MRR@10 (RR@10), nDCG@10 with gain 2^grade - 1, on all
queries and on two random halves of them (fixed seed), so that a difference smaller than the
gap between the halves reads as noise. Δ is the paired bootstrap 95% interval of a system's
nDCG@10 minus the better baseline's.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from baselines import DEPTH, Baselines  # noqa: E402  (bench/, beside this script)
from tasks import (  # noqa: E402
    Query,
    Task,
    default_data,
    over_sample,
    passage_task,
    queries_task,
)

from kmhub.cases.files import read_case_files  # noqa: E402
from kmhub.errors import KmhubError  # noqa: E402
from kmhub.index.build import build_index  # noqa: E402
from kmhub.index.encoders import Encoder, Kind, UseM3Encoder  # noqa: E402
from kmhub.index.store import open_index  # noqa: E402
from kmhub.search.searcher import Searcher  # noqa: E402
from kmhub.settings import Settings  # noqa: E402


class QueryCache:
    """An encoder that remembers query vectors: every variant and baseline asks for the same."""

    def __init__(self, encoder: Encoder) -> None:
        self.inner, self.name, self.dim = encoder, encoder.name, encoder.dim
        self._seen: dict[str, np.ndarray] = {}

    def encode(self, texts: list[str], kind: Kind) -> np.ndarray:
        if kind != "query":
            return self.inner.encode(texts, kind)
        missing = [t for t in dict.fromkeys(texts) if t not in self._seen]
        if missing:
            for text, row in zip(missing, self.inner.encode(missing, kind), strict=True):
                self._seen[text] = row
        return np.vstack([self._seen[t] for t in texts])


# --- kmhub -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    label: str
    mode: str
    overrides: dict[str, object]


def parse_settings(text: str) -> dict[str, object]:
    """ "key=value,key=value" as settings fields (numbers are read as numbers)."""
    overrides: dict[str, object] = {}
    for pair in filter(None, text.split(",")):
        key, value = pair.split("=", 1)
        overrides[key] = yaml.safe_load(value)
    return overrides


def parse_variant(text: str) -> Variant:
    """ "label:mode:key=value,key=value" (search-time settings fields)."""
    label, mode, *rest = text.split(":")
    return Variant(label, mode, parse_settings(rest[0] if rest else ""))


DEFAULT_VARIANTS = [
    Variant("kmhub lexical", "lexical", {}),
    Variant("kmhub dense", "dense", {}),
    Variant("kmhub hybrid", "hybrid", {}),
]


def kmhub_runs(
    settings: Settings, queries: list[Query], encoder: QueryCache, variants: list[Variant]
) -> tuple[dict[str, dict[str, list[str]]], dict[str, float]]:
    index = open_index(settings.index_dir)
    runs: dict[str, dict[str, list[str]]] = {}
    timings: dict[str, float] = {}
    try:
        for v in variants:
            searcher = Searcher(index, encoder, settings.with_(**v.overrides))
            started = time.perf_counter()
            runs[v.label] = {
                # Ranked as `kmhub eval` ranks: results, then the loosely related ones.
                q.qid: searcher.search(q.text, mode=v.mode, page_size=DEPTH).case_ids()[:DEPTH]  # type: ignore[arg-type]
                for q in queries
            }
            timings[v.label] = (time.perf_counter() - started) * 1000 / max(1, len(queries))
    finally:
        index.close()
    return runs, timings


# --- metrics -----------------------------------------------------------------------------


def per_query_metrics(queries: list[Query], run: dict[str, list[str]]) -> dict[str, np.ndarray]:
    """R@1, MRR@10 and nDCG@10 (gain 2^grade - 1) per query, computed by ir-measures."""
    import ir_measures
    from ir_measures import RR, R, nDCG

    measures = {"R@1": R @ 1, "MRR@10": RR @ 10, "nDCG@10": nDCG(gains={0: 0, 1: 1, 2: 3}) @ 10}
    qrels = [
        ir_measures.Qrel(q.qid, doc, grade) for q in queries for doc, grade in q.relevant.items()
    ]
    scored = [
        ir_measures.ScoredDoc(q.qid, doc, float(DEPTH - rank))
        for q in queries
        for rank, doc in enumerate(run.get(q.qid, []))
    ]
    values: dict[str, dict[str, float]] = defaultdict(dict)
    for metric in ir_measures.iter_calc(list(measures.values()), qrels, scored):
        values[str(metric.measure)][metric.query_id] = metric.value
    # A query whose run is empty gets no row from ir-measures: it scores 0.
    return {
        name: np.array([values[str(m)].get(q.qid, 0.0) for q in queries])
        for name, m in measures.items()
    }


def bootstrap_delta(a: np.ndarray, b: np.ndarray, seed: int, rounds: int = 2000) -> tuple:
    """Mean of a - b and its paired bootstrap 95% interval."""
    rng = np.random.default_rng(seed)
    diff = a - b
    picks = rng.integers(0, len(diff), size=(rounds, len(diff)))
    means = diff[picks].mean(axis=1)
    return float(diff.mean()), float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


def report(task: Task, runs: dict[str, dict[str, list[str]]], seed: int) -> dict:
    queries = task.queries
    order = np.random.default_rng(seed).permutation(len(queries))
    halves = {"A": np.sort(order[: len(order) // 2]), "B": np.sort(order[len(order) // 2 :])}
    per = {name: per_query_metrics(queries, run) for name, run in runs.items()}
    baselines = [n for n in per if n.startswith("baseline") and "min-max" in n]
    best_base = max(baselines, key=lambda n: per[n]["nDCG@10"].mean()) if baselines else None
    rows = {}
    for name, metrics in per.items():
        row: dict[str, object] = {}
        for metric, values in metrics.items():
            row[metric] = float(values.mean())
            for half, idx in halves.items():
                row[f"{metric} {half}"] = float(values[idx].mean())
        groups: dict[str, list[int]] = defaultdict(list)
        for i, q in enumerate(queries):
            groups[f"lang:{q.lang}"].append(i)
            if q.kind:
                groups[f"kind:{q.kind}"].append(i)
        if len(groups) > 1:
            row["groups"] = {
                g: float(metrics["nDCG@10"][idx].mean()) for g, idx in sorted(groups.items())
            }
        if best_base and name != best_base:
            row["delta"] = bootstrap_delta(metrics["nDCG@10"], per[best_base]["nDCG@10"], seed)
        rows[name] = row
    return {"task": task.name, "notes": task.notes, "better_baseline": best_base, "rows": rows}


def markdown(result: dict, timings: dict[str, float]) -> str:
    metrics = ["R@1", "MRR@10", "nDCG@10"]
    cols = [f"{m}{h}" for m in metrics for h in ("", " A", " B")]
    lines = [f"### {result['task']}", "", *(f"- {n}" for n in result["notes"])]
    lines.append(f"- Δ: nDCG@10 minus {result['better_baseline']}, paired bootstrap 95% interval")
    lines += ["", "| system | " + " | ".join(cols) + " | Δ nDCG@10 | ms/query |"]
    lines.append("|---" * (len(cols) + 3) + "|")
    for name, row in result["rows"].items():
        delta = row.get("delta")
        cell = f"{delta[0]:+.3f} [{delta[1]:+.3f}, {delta[2]:+.3f}]" if delta else ""
        ms = f"{timings[name]:.1f}" if name in timings else ""
        values = " | ".join(f"{row[c]:.3f}" for c in cols)
        lines.append(f"| {name} | {values} | {cell} | {ms} |")
    groups = sorted({g for row in result["rows"].values() for g in row.get("groups", {})})
    if groups:
        lines += ["", "nDCG@10 by group:", "", "| system | " + " | ".join(groups) + " |"]
        lines.append("|---" * (len(groups) + 1) + "|")
        for name, row in result["rows"].items():
            cells = " | ".join(f"{row['groups'].get(g, float('nan')):.3f}" for g in groups)
            lines.append(f"| {name} | {cells} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="Passage/question set (passages.jsonl ...).")
    parser.add_argument("--sample", type=int, default=400, help="Passages to sample (400).")
    parser.add_argument("--limit", type=int, help="At most this many questions.")
    parser.add_argument("--queries", type=Path, help="Graded queries file instead of --data.")
    parser.add_argument(
        "--questions",
        type=Path,
        help="Graded queries over the sampled passages instead of the set's own questions"
        " (bench/iapp_english.yaml: English questions over the default sample).",
    )
    parser.add_argument("--cases", type=Path, default=ROOT / "cases")
    parser.add_argument(
        "--english-over-thai",
        action="store_true",
        help="With --queries: the English queries over the cases stripped of English fields.",
    )
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--variant", action="append", default=[], type=parse_variant)
    parser.add_argument(
        "--build-setting",
        type=parse_settings,
        default={},
        help="Settings for kmhub's build and every kmhub row, e.g. chunk_max_chars=250.",
    )
    parser.add_argument("--no-defaults", action="store_true", help="Only the --variant rows.")
    parser.add_argument("--weights", default="0.2,0.3", help="Baseline dense weights.")
    parser.add_argument("--work", type=Path, help="Keep cases and index here (reused).")
    parser.add_argument("--json", type=Path, help="Also write the result as JSON.")
    args = parser.parse_args()
    if args.questions and (args.queries or args.limit is not None):
        parser.error("--questions replaces the set's questions: not with --queries or --limit")

    work = args.work or Path(tempfile.mkdtemp(prefix="kmhub-retrieval-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        if args.queries:
            task = queries_task(args.cases, args.queries, work, args.english_over_thai)
        else:
            data = args.data or default_data()
            if data is None or not (data / "passages.jsonl").is_file():
                sys.exit("no passage/question set found: pass --data DIR")
            task = passage_task(data, work, args.sample, args.seed, args.limit)
            if args.questions:
                task = over_sample(task, args.questions, work)
        started = time.perf_counter()
        try:
            settings = Settings(cases_dir=task.cases_dir, index_dir=work / "index").with_(
                **args.build_setting
            )
        except (TypeError, ValueError, KmhubError) as error:
            sys.exit(f"--build-setting: {error}")
        if args.build_setting:
            task.notes.append(f"settings for build and search: {args.build_setting}")
        built = build_index(settings, progress=False)
        task.notes.append(
            f"build: {built.case_count} cases, {built.passage_count} passages,"
            f" {built.skipped} invalid files skipped, {time.perf_counter() - started:.0f} s"
        )
        cases = sorted(
            (r.case for r in read_case_files([task.cases_dir]) if r.case is not None),
            key=lambda c: c.id,
        )
        encoder = QueryCache(UseM3Encoder(threads=1))
        baselines = Baselines(cases, UseM3Encoder(threads=2))
        weights = [float(w) for w in args.weights.split(",") if w]
        runs: dict[str, dict[str, list[str]]] = defaultdict(dict)
        for q in task.queries:
            vector = encoder.encode([q.text], "query")[0]
            for name, ranked in baselines.runs(q.text, vector, weights).items():
                runs[name][q.qid] = ranked
        variants = ([] if args.no_defaults else DEFAULT_VARIANTS) + args.variant
        ours, timings = kmhub_runs(settings, task.queries, encoder, variants)
        runs.update(ours)
        result = report(task, dict(runs), args.seed)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(markdown(result, timings))


if __name__ == "__main__":
    main()
