"""What query understanding, typo handling and honest counts cost: search latency of this tree
against another checkout (e.g. the commit before them), on the same synthetic corpus, in one run.

Usage: python bench/bench_query.py --baseline DIR [--cases 10000] [--rounds 15] [--workdir DIR]

DIR is a checkout of kmhub to compare with (`git worktree add /tmp/base <commit>`). Both build
the corpus of bench/bench_core.py; the second build reuses the first one's embeddings, so only
text analysis is redone. The probes run alternately, baseline first, in fresh processes, so
machine noise falls on both alike. Two query lists: bench_core's, and queries that name places,
years and typos (what the new rules act on). Each query is also timed on its first run, before
any per-term cache is warm.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_core import QUERIES, write_corpus  # noqa: E402

UNDERSTOOD = [
    "ชุมชนคุณธรรมโคราช",
    "วัดในภาคอีสาน",
    "งานบุญปลอดเหล้า ปี 2564",
    "โรงพญาบาลคุณธรรม",
    "ท่องเทียวชุมชน",
    "alcohol-free communities in the North",
    "youth voluntere project",
    "คนในหมู่บ้านดื่มเหล้ากันหนัก ทำอย่างไรดี",
]

BUILD = """
import sys
from pathlib import Path
from kmhub.index.build import build_index
from kmhub.index.encoders import UseM3Encoder
from kmhub.settings import Settings
s = Settings(cases_dir=Path(sys.argv[1]), index_dir=Path(sys.argv[2]), encoder_threads=2)
r = build_index(s, encoder=UseM3Encoder(threads=2), progress=False)
print('{"seconds": %.1f, "passages": %d}' % (r.seconds, r.passage_count))
"""

PROBE = """
import json, sys, time, statistics
from pathlib import Path
from kmhub.search.live import open_searcher
from kmhub.settings import Settings
searcher = open_searcher(Settings(index_dir=Path(sys.argv[1]), encoder_threads=1))
rounds = int(sys.argv[3])
out = {}
for name, queries in json.loads(sys.argv[2]).items():
    first = []
    for q in queries:  # the first run of each query: per-term caches still cold
        t = time.perf_counter(); searcher.search(q, mode="hybrid"); first.append(time.perf_counter() - t)
    times = []
    for _ in range(rounds):
        for q in queries:
            t = time.perf_counter(); searcher.search(q, mode="hybrid"); times.append(time.perf_counter() - t)
    times.sort()
    out[name] = {
        "p50_ms": statistics.median(times) * 1000,
        "p95_ms": times[int(len(times) * 0.95) - 1] * 1000,
        "first_p50_ms": statistics.median(first) * 1000,
    }
print(json.dumps(out))
"""


def run(tree: Path, code: str, *args: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=tree,
        env=env,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline", type=Path, required=True)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--pairs", type=int, default=3, help="alternating probe pairs")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()

    work = args.workdir or Path(tempfile.mkdtemp(prefix="kmhub-bench-query-"))
    cases = work / "cases"
    if not cases.is_dir():
        write_corpus(cases, args.cases)
    trees = {"baseline": args.baseline.resolve(), "this tree": ROOT}
    indexes = {name: work / f"index-{i}" for i, name in enumerate(trees)}
    for name, tree in trees.items():
        index = indexes[name]
        if not (index / "CURRENT").is_file():
            other = next(i for n, i in indexes.items() if n != name)
            if (other / "cache.sqlite").is_file():  # reuse the embeddings, not the analysis
                index.mkdir(parents=True, exist_ok=True)
                shutil.copy(other / "cache.sqlite", index / "cache.sqlite")
            built = run(tree, BUILD, str(cases), str(index))
            print(f"# {name}: built {built['passages']} passages in {built['seconds']} s")
    lists = json.dumps({"bench_core": QUERIES, "understood": UNDERSTOOD}, ensure_ascii=False)
    samples: dict[str, list[dict]] = {name: [] for name in trees}
    for _ in range(args.pairs):
        for name, tree in trees.items():
            samples[name].append(run(tree, PROBE, str(indexes[name]), lists, str(args.rounds)))

    print(
        f"# machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"# {args.cases} synthetic cases, hybrid mode, {args.pairs} alternating probe pairs,")
    print(f"# each {args.rounds} rounds over the list; medians over the pairs\n")
    print(
        "| queries | measure | baseline (ms) | this tree (ms) | added (ms) |\n|---|---|---|---|---|"
    )
    for listed in ("bench_core", "understood"):
        for measure in ("p50_ms", "p95_ms", "first_p50_ms"):
            base = statistics.median(s[listed][measure] for s in samples["baseline"])
            mine = statistics.median(s[listed][measure] for s in samples["this tree"])
            print(f"| {listed} | {measure[:-3]} | {base:.2f} | {mine:.2f} | {mine - base:+.2f} |")
    print(f"\n(work folder {work})")
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
