"""Sweep fusion and chunking settings against eval/queries.yaml; print a Markdown report.

    python bench/tune_fusion.py [--queries eval/queries.yaml] [--cases cases] [--out results.json]

Each chunking setting needs its own index (built into a temporary folder with the real
encoder); fusion settings are then swept on that index without rebuilding. To guard against
fitting 60 queries, every row also shows nDCG@10 on the odd- and even-numbered halves of the
queries: a setting worth adopting is good on both halves, and its neighbours are good too.
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kmhub.index.build import build_index
from kmhub.index.encoders import Encoder, Kind, UseM3Encoder
from kmhub.index.store import open_index
from kmhub.search.evaluate import Query, load_queries, score_ranking
from kmhub.search.searcher import Searcher
from kmhub.settings import Settings

CHUNKINGS = [(400, 120), (250, 80), (300, 100), (600, 150), (800, 200)]
FUSIONS = ["calibrated", "score", "rrf"]
DENSE_WEIGHTS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]
RRF_KS = [5, 10, 20, 30, 60, 100]
CANDIDATES = [50, 200]


class QueryCache:
    """The real encoder, remembering query vectors: a sweep asks for the same queries often."""

    def __init__(self, encoder: Encoder) -> None:
        self.inner = encoder
        self.name = encoder.name
        self.dim = encoder.dim
        self._seen: dict[str, np.ndarray] = {}

    def encode(self, texts: list[str], kind: Kind) -> np.ndarray:
        if kind != "query":
            return self.inner.encode(texts, kind)
        missing = [t for t in texts if t not in self._seen]
        if missing:
            for text, row in zip(missing, self.inner.encode(missing, kind), strict=True):
                self._seen[text] = row
        return np.vstack([self._seen[t] for t in texts])


def measure(searcher: Searcher, queries: list[Query], mode: str, **options: object) -> dict:
    """Mean metrics over all queries, plus nDCG@10 on each half and per language."""
    rows = []
    for query in queries:
        hits = searcher.search(query.text, mode=mode, page_size=10, **options).hits  # type: ignore[arg-type]
        rows.append(score_ranking([h.case_id for h in hits], query.relevant))
    result = {k: float(np.mean([r[k] for r in rows])) for k in rows[0]}
    ndcg = np.array([r["ndcg@10"] for r in rows])
    result["ndcg_odd"] = float(ndcg[0::2].mean())
    result["ndcg_even"] = float(ndcg[1::2].mean())
    english = np.array([q.lang == "en" for q in queries])
    result["ndcg_th"] = float(ndcg[~english].mean())
    result["ndcg_en"] = float(ndcg[english].mean()) if english.any() else float("nan")
    return result


def sweep(cases: Path, queries: list[Query], encoder: QueryCache, work: Path) -> list[dict]:
    records = []
    for max_chars, min_chars in CHUNKINGS:
        settings = Settings(
            cases_dir=cases,
            index_dir=work / f"index-{max_chars}-{min_chars}",
            chunk_max_chars=max_chars,
            chunk_min_chars=min_chars,
        )
        started = time.perf_counter()
        report = build_index(settings, encoder=encoder, progress=False)
        print(
            f"built {max_chars}/{min_chars}: {report.passage_count} passages"
            f" in {time.perf_counter() - started:.0f}s",
            file=sys.stderr,
        )
        index = open_index(settings.index_dir)
        base = {"chunk_max_chars": max_chars, "chunk_min_chars": min_chars}
        for mode in ("lexical", "dense"):
            searcher = Searcher(index, encoder, settings)
            records.append({**base, "mode": mode, **measure(searcher, queries, mode)})
        for fusion, weight, rrf_k, candidates in itertools.product(
            FUSIONS, DENSE_WEIGHTS, RRF_KS, CANDIDATES
        ):
            if fusion != "rrf" and rrf_k != RRF_KS[0]:
                continue  # rrf_k plays a part in rank fusion only
            tuned = settings.with_(rrf_k=rrf_k, candidates=candidates)
            searcher = Searcher(index, encoder, tuned)
            metrics = measure(
                searcher, queries, "hybrid", fusion_method=fusion, dense_weight=weight
            )
            records.append(
                {
                    **base,
                    "mode": "hybrid",
                    "fusion": fusion,
                    "dense_weight": weight,
                    "rrf_k": rrf_k if fusion == "rrf" else None,
                    "candidates": candidates,
                    **metrics,
                }
            )
        index.close()
    return records


def markdown(records: list[dict], top: int = 15) -> str:
    columns = ["recall@5", "mrr@10", "ndcg@10", "ndcg_odd", "ndcg_even", "ndcg_th", "ndcg_en"]
    head = "| chunk | mode | fusion | dense_weight | rrf_k | candidates | " + " | ".join(columns)
    lines = [head + " |", "|" + "---|" * (6 + len(columns))]

    def row(r: dict) -> str:
        cells = [
            f"{r['chunk_max_chars']}/{r['chunk_min_chars']}",
            r["mode"],
            r.get("fusion") or "",
            "" if r.get("dense_weight") is None else f"{r['dense_weight']:.1f}",
            "" if r.get("rrf_k") is None else str(r["rrf_k"]),
            "" if r.get("candidates") is None else str(r["candidates"]),
            *(f"{r[c]:.3f}" for c in columns),
        ]
        return "| " + " | ".join(cells) + " |"

    singles = [r for r in records if r["mode"] != "hybrid"]
    hybrids = sorted((r for r in records if r["mode"] == "hybrid"), key=lambda r: -r["ndcg@10"])
    lines.extend(row(r) for r in singles)
    lines.append("")
    lines.append(f"Best {top} hybrid settings by nDCG@10:")
    lines.append("")
    lines.extend([head + " |", "|" + "---|" * (6 + len(columns))])
    lines.extend(row(r) for r in hybrids[:top])
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, default=Path("eval/queries.yaml"))
    parser.add_argument("--cases", type=Path, default=Path("cases"))
    parser.add_argument("--out", type=Path, help="Also write every measurement as JSON.")
    args = parser.parse_args()
    queries = load_queries(args.queries)
    encoder = QueryCache(UseM3Encoder(threads=2))
    work = Path(tempfile.mkdtemp(prefix="kmhub-tune-"))
    try:
        records = sweep(args.cases, queries, encoder, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.out:
        args.out.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    print(markdown(records))


if __name__ == "__main__":
    main()
