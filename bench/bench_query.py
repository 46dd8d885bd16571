"""What query understanding, typo handling and honest counts cost: search latency of this tree
against another checkout (e.g. the commit before them), on the same synthetic corpus, in one run.

Usage: python bench/bench_query.py --baseline DIR [--baseline DIR2] [--cases 10000]
    [--rounds 15] [--workdir DIR] [--build-only]

Each DIR is a checkout of kmhub to compare with (`git worktree add /tmp/base <commit>`). All
build the corpus of bench/bench_core.py; later builds reuse the first one's embeddings when
the cache format allows, so only text analysis is redone (`--build-only` stops there, so the
probes can run later on a quiet machine). The probes run alternately, baseline first, in fresh processes, so
machine noise falls on both alike. Two query lists: bench_core's, and queries that name places,
years and typos (what the new rules act on). Each query is also timed on its first run, before
any per-term cache is warm. Each probe also reports the median time to encode one query and
the process's peak RSS.
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
try:
    from kmhub.index.build import build_index
    from kmhub.index.encoders import UseM3Encoder
except ImportError:  # a checkout from before the package layout (0.1.0)
    from kmhub.build import build_index
    from kmhub.encoders import UseM3Encoder
from kmhub.settings import Settings
s = Settings(cases_dir=Path(sys.argv[1]), index_dir=Path(sys.argv[2]), encoder_threads=2)
r = build_index(s, encoder=UseM3Encoder(threads=2), progress=False)
print('{"seconds": %.1f, "passages": %d}' % (r.seconds, r.passage_count))
"""

PROBE = """
import json, sys, time, statistics
from pathlib import Path
try:
    from kmhub.search.live import open_searcher
except ImportError:  # a checkout from before the package layout (0.1.0)
    from kmhub.service import open_searcher
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
# The same queries with understanding and typo handling switched off, where the tree has them:
# what those rules cost, measured in the same process.
import inspect
if "literal" in inspect.signature(searcher.search).parameters:
    for name, queries in json.loads(sys.argv[2]).items():
        times = []
        for _ in range(rounds):
            for q in queries:
                t = time.perf_counter(); searcher.search(q, mode="hybrid", literal="all"); times.append(time.perf_counter() - t)
        out[name + ", literal"] = {"p50_ms": statistics.median(times) * 1000}
encode = []
for _ in range(rounds):
    for q in json.loads(sys.argv[2])["bench_core"]:
        t = time.perf_counter(); searcher.encoder.encode([q + " "], "query"); encode.append(time.perf_counter() - t)
out["encode"] = {"p50_ms": statistics.median(encode) * 1000}
# VmHWM, not ru_maxrss: the latter survives exec and would report the forking parent's peak.
with open("/proc/self/status") as status:
    out["rss"] = {"peak_mb": next(int(l.split()[1]) for l in status if l.startswith("VmHWM")) / 1024}
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


def _commit(tree: Path) -> str:
    out = subprocess.run(
        ["git", "-C", str(tree), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    return out.stdout.strip() or tree.name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline", type=Path, action="append", required=True)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--pairs", type=int, default=3, help="alternating probe pairs")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--build-only", action="store_true", help="Build the indexes and stop.")
    args = parser.parse_args()

    work = args.workdir or Path(tempfile.mkdtemp(prefix="kmhub-bench-query-"))
    cases = work / "cases"
    if not cases.is_dir():
        write_corpus(cases, args.cases)
    trees = {f"{tree.name} ({_commit(tree)})": tree.resolve() for tree in args.baseline}
    trees[f"this tree ({_commit(ROOT)})"] = ROOT
    indexes = {name: work / f"index-{_commit(tree)}" for name, tree in trees.items()}
    for name, tree in trees.items():
        index = indexes[name]
        if not (index / "CURRENT").is_file():
            built_before = [i for n, i in indexes.items() if (i / "cache.sqlite").is_file()]
            if built_before:  # reuse the embeddings, not the analysis
                other = built_before[0]
                index.mkdir(parents=True, exist_ok=True)
                shutil.copy(other / "cache.sqlite", index / "cache.sqlite")
            built = run(tree, BUILD, str(cases), str(index))
            print(f"# {name}: built {built['passages']} passages in {built['seconds']} s")
    if args.build_only:
        print(f"(work folder {work})")
        return
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
    names = list(trees)
    print("| queries | measure | " + " | ".join(names) + " |\n" + "|---" * (len(names) + 2) + "|")
    rows = [
        (listed, m)
        for listed in ("bench_core", "understood")
        for m in ("p50_ms", "p95_ms", "first_p50_ms")
    ]
    rows += [(f"{listed}, literal", "p50_ms") for listed in ("bench_core", "understood")]
    rows += [("encode one query", "p50_ms"), ("rss", "peak_mb")]
    for listed, measure in rows:
        key = {"encode one query": "encode"}.get(listed, listed)
        cells = [
            f"{statistics.median(s[key][measure] for s in samples[n]):.2f}"
            if key in samples[n][0]
            else "–"
            for n in names
        ]
        print(f"| {listed} | {measure} | " + " | ".join(cells) + " |")
    print("\n(`, literal`: the same queries with literal=all, understanding and typo handling off)")
    print(f"\n(work folder {work})")
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
