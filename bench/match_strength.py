"""Measure the match-strength rule of pack suggestions on the graded queries (eval/queries.yaml).

Usage: python bench/match_strength.py [--index DIR] [--queries eval/queries.yaml]

For every query, the candidates of a suggestion (the search pool) get a strength from
kmhub.packs.suggest.strength. A judged grade of 2 should be strong, 1 or 2 shown (strong or
related), everything unjudged weak. Thresholds are searched on the even-numbered queries and
reported on the odd-numbered ones, next to the values in use, in one run.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kmhub.index.build import build_index  # noqa: E402
from kmhub.index.store import current_build  # noqa: E402
from kmhub.packs import suggest as rule  # noqa: E402
from kmhub.search.live import open_searcher  # noqa: E402
from kmhub.settings import Settings  # noqa: E402


def f1(predicted: list[bool], gold: list[bool]) -> tuple[float, float, float]:
    tp = sum(p and g for p, g in zip(predicted, gold, strict=True))
    fp = sum(p and not g for p, g in zip(predicted, gold, strict=True))
    fn = sum(g and not p for p, g in zip(predicted, gold, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return round(float(score), 3), round(float(precision), 3), round(float(recall), 3)


def candidates(settings: Settings, queries: list[dict]) -> list[dict]:
    searcher = open_searcher(settings)
    rows = []
    for n, q in enumerate(queries):
        hits, relevance, _ = rule._pool(searcher, q["query"])
        lexical = np.array([h.scores.get("lexical", 0.0) for h in hits])
        top = lexical.max() if len(hits) else 0.0
        for h, rel, lex in zip(hits, relevance, lexical, strict=True):
            rows.append(
                {
                    "query": n,
                    "grade": q.get("relevant", {}).get(h.case_id, 0),
                    "relevance": float(rel),
                    "lexical": float(lex / top) if top > 0 else None,
                }
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=Path, default=ROOT / "cases")
    parser.add_argument("--index", type=Path, default=None)
    parser.add_argument("--queries", type=Path, default=ROOT / "eval" / "queries.yaml")
    args = parser.parse_args()
    queries = [
        q for q in yaml.safe_load(args.queries.read_text(encoding="utf-8")) if q.get("relevant")
    ]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(cases_dir=args.cases, index_dir=args.index or Path(tmp) / "index")
        if current_build(settings.index_dir) is None:
            build_index(settings, progress=False)
        rows = candidates(settings, queries)
    train = [r for r in rows if r["query"] % 2 == 0]
    test = [r for r in rows if r["query"] % 2 == 1]

    def passes(r: dict, rel: float, lex: float) -> bool:
        return r["relevance"] >= rel and (1.0 if r["lexical"] is None else r["lexical"]) >= lex

    grid = list(itertools.product(np.arange(0.5, 1.0, 0.05), np.arange(0.1, 1.01, 0.05)))
    print(f"{len(queries)} graded queries, {len(rows)} candidates; tune on even, report on odd\n")
    print(
        "| target | thresholds (relevance, lexical share) | F1 / P / R tune | F1 / P / R held out |"
    )
    print("|---|---|---|---|")
    for name, gold, used in (
        (
            "strong = grade 2",
            lambda r: r["grade"] == 2,
            (rule.STRONG_RELEVANCE, rule.STRONG_LEXICAL),
        ),
        (
            "shown = grade ≥ 1",
            lambda r: r["grade"] >= 1,
            (rule.RELATED_RELEVANCE, rule.RELATED_LEXICAL),
        ),
    ):
        best = max(grid, key=lambda t: f1([passes(r, *t) for r in train], [gold(r) for r in train]))
        for label, t in (("best on tune", best), ("in use", used)):
            tune = f1([passes(r, *t) for r in train], [gold(r) for r in train])
            held = f1([passes(r, *t) for r in test], [gold(r) for r in test])
            print(f"| {name} ({label}) | {t[0]:.2f}, {t[1]:.2f} | {tune} | {held} |")
    strengths = [rule.strength(r["relevance"], r["lexical"]) for r in test]
    print("\nheld-out candidates by strength and grade:")
    for s in rule.STRENGTHS:
        grades = [r["grade"] for r, x in zip(test, strengths, strict=True) if x == s]
        print(
            f"  {s:8} n={len(grades):4}  grade 2: {grades.count(2):3}  grade 1: {grades.count(1):3}  unjudged: {grades.count(0):4}"
        )


if __name__ == "__main__":
    main()
