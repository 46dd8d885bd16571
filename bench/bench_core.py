"""Benchmark the core on a synthetic Thai corpus: build, rebuild, load, query latency, memory.

Usage: python bench/bench_core.py [--cases 10000] [--queries 200] [--workdir DIR]

The corpus is generated (every case is marked synthetic) into a temporary folder, never into
cases/. Each measurement that depends on BLAS threads runs in its own process.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PLACES = ["บ้านหนองบัว", "บ้านดอนแก้ว", "บ้านท่าช้าง", "บ้านโคกสูง", "ชุมชนริมน้ำ", "บ้านนาดี", "บ้านป่าตาล"]
ACTORS = [
    "เจ้าอาวาส",
    "ผู้ใหญ่บ้าน",
    "ครูโรงเรียน",
    "กลุ่มเยาวชน",
    "อาสาสมัครสาธารณสุข",
    "นายอำเภอ",
    "ผู้จัดการบริษัท",
    "สถานีวิทยุชุมชน",
]
ACTIONS = [
    "ชวนชาวบ้านทำความสะอาดวัดทุกวันพระ",
    "ตั้งกติกาให้งานบุญและงานศพปลอดเหล้า",
    "จัดตลาดนัดความดีให้ทุกคนนำผลผลิตมาแลกเปลี่ยน",
    "ตั้งกองทุนออมทรัพย์เพื่อช่วยเหลือครอบครัวที่ลำบาก",
    "พานักเรียนไปเยี่ยมผู้สูงอายุที่อยู่ลำพัง",
    "เปิดช่องทางแจ้งเบาะแสการทุจริตในองค์กร",
    "ปลูกผักปลอดสารพิษแบ่งปันให้เพื่อนบ้าน",
    "แยกขยะและทำปุ๋ยหมักจากเศษอาหาร",
    "สวดมนต์ข้ามปีร่วมกันที่ลานวัด",
    "อบรมพนักงานเรื่องความซื่อสัตย์ทุกไตรมาส",
]
RESULTS = [
    "ค่าใช้จ่ายของครัวเรือนลดลงอย่างเห็นได้ชัด",
    "คนรุ่นใหม่เข้ามาเป็นจิตอาสามากขึ้น",
    "ความขัดแย้งในหมู่บ้านลดลง",
    "หน่วยงานอื่นมาศึกษาดูงานต่อเนื่อง",
    "พนักงานไว้วางใจผู้บริหารมากขึ้น",
]
LESSONS = [
    "ผู้นำต้องทำให้เห็นเป็นแบบอย่างก่อน",
    "กติกาที่ชุมชนร่วมกันเขียนมีพลังมากกว่าคำสั่ง",
    "การยกย่องคนทำดีในที่สาธารณะทำให้คนอยากทำตาม",
    "บ้าน วัด และโรงเรียนต้องทำงานไปด้วยกัน",
    "ความพอเพียงเริ่มจากการทำบัญชีครัวเรือน",
]
QUERIES = [
    "ชุมชนลดเหล้าในงานบุญ",
    "วัดเป็นศูนย์กลางชุมชน",
    "องค์กรธุรกิจส่งเสริมคุณธรรมพนักงาน",
    "how to get young people to volunteer",
    "ตลาดนัดความดี",
    "การจัดการขยะในชุมชน",
    "anti-corruption in companies",
    "กองทุนช่วยเหลือครอบครัว",
]
PROVINCES = ["น่าน", "ชลบุรี", "ขอนแก่น", "นครศรีธรรมราช", "เชียงใหม่", "พระนครศรีอยุธยา", "ปัตตานี", "ลำปาง"]
NETWORKS = ["government", "business", "education-youth", "religion", "media", "civil-society"]
LEVELS = ["community", "organization", "district", "province"]


def paragraph(rng: random.Random, pool: list[str], n: int) -> str:
    return " ".join(f"{rng.choice(ACTORS)}{rng.choice(PLACES)}{rng.choice(pool)}" for _ in range(n))


def write_corpus(folder: Path, count: int, seed: int = 7) -> None:
    """Write `count` synthetic cases; every one says it is synthetic in its id and title."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        case_id = f"synthetic-{i:05d}"
        networks = rng.sample(NETWORKS, rng.randint(1, 2))
        text = f"""---
id: {case_id}
title: กรณีสังเคราะห์ {i} {rng.choice(PLACES)}
province: {rng.choice(PROVINCES)}
date: {rng.randint(2012, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}
level: {rng.choice(LEVELS)}
networks: [{", ".join(networks)}]
summary: ข้อมูลสังเคราะห์เพื่อวัดความเร็ว {paragraph(rng, ACTIONS, 2)}
---

## บริบท
{paragraph(rng, ACTIONS, 4)}

## สิ่งที่ทำ
{paragraph(rng, ACTIONS, 8)}

## ผลลัพธ์
{paragraph(rng, RESULTS, 4)}

## บทเรียน
{paragraph(rng, LESSONS, 5)}
"""
        (folder / f"{case_id}.md").write_text(text, encoding="utf-8")


def run_json(code: str, *args: str) -> dict:
    """Run a measurement in a fresh interpreter and read the JSON it prints last."""
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


ENCODER_PROBE = """
import json, sys, time, statistics
from kmhub.index.encoders import UseM3Encoder
threads = int(sys.argv[1])
enc = UseM3Encoder(threads=threads)
enc.encode(["อุ่นเครื่อง"], "query")
queries = sys.argv[2].split("|")
times = []
for _ in range(25):
    for q in queries:
        t = time.perf_counter(); enc.encode([q], "query"); times.append(time.perf_counter() - t)
batch = ["ผู้ใหญ่บ้านชวนชาวบ้านทำความสะอาดวัดทุกวันพระ และตั้งกติกาให้งานบุญปลอดเหล้า " * 4] * 256
t = time.perf_counter(); enc.encode(batch, "passage"); rate = len(batch) / (time.perf_counter() - t)
print(json.dumps({"threads": threads, "query_p50_ms": statistics.median(times) * 1000, "passages_per_s": rate}))
"""

SEARCH_PROBE = """
import json, sys, time, statistics
from pathlib import Path
t0 = time.perf_counter()
from kmhub.search.live import open_searcher
from kmhub.settings import Settings
settings = Settings(index_dir=Path(sys.argv[1]), encoder_threads=int(sys.argv[3]))
searcher = open_searcher(settings)
load_s = time.perf_counter() - t0
queries = sys.argv[2].split("|")
rounds = int(sys.argv[4])
out = {"load_s": load_s}
for mode in ("lexical", "dense", "hybrid"):
    times = []
    for _ in range(rounds):
        for q in queries:
            t = time.perf_counter(); searcher.search(q, mode=mode); times.append(time.perf_counter() - t)
    times.sort()
    out[mode] = {"p50_ms": statistics.median(times) * 1000, "p95_ms": times[int(len(times) * 0.95) - 1] * 1000}
# VmHWM, not ru_maxrss: the latter survives exec and would report the forking parent's peak.
with open("/proc/self/status") as status:
    out["peak_rss_mb"] = next(int(l.split()[1]) for l in status if l.startswith("VmHWM")) / 1024
print(json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument(
        "--rounds", type=int, default=25, help="passes over the query list per mode"
    )
    parser.add_argument("--threads", default="1,2,4", help="encoder BLAS thread counts to compare")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()

    from kmhub.index.build import build_index
    from kmhub.index.encoders import UseM3Encoder
    from kmhub.settings import Settings

    work = args.workdir or Path(tempfile.mkdtemp(prefix="kmhub-bench-"))
    cases, index = work / "cases", work / "index"
    shutil.rmtree(work, ignore_errors=True)
    write_corpus(cases, args.cases)
    queries = "|".join(QUERIES)
    print(
        f"# machine: {platform.processor() or platform.machine()}, {platform.python_version()}, synthetic cases: {args.cases}"
    )

    print(
        "\n| encoder threads | query encode p50 (ms) | batch encode (passages/s) |\n|---|---|---|"
    )
    for threads in args.threads.split(","):
        probe = run_json(ENCODER_PROBE, threads, queries)
        print(f"| {threads} | {probe['query_p50_ms']:.2f} | {probe['passages_per_s']:.0f} |")

    settings = Settings(cases_dir=cases, index_dir=index, encoder_threads=2)
    encoder = UseM3Encoder(threads=2)
    full = build_index(settings, encoder=encoder, progress=False)
    edited = cases / "synthetic-00003.md"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace(
            "## บทเรียน\n", "## บทเรียน\nแก้ไขหนึ่งบรรทัดเพื่อวัดการสร้างซ้ำ "
        ),
        encoding="utf-8",
    )
    rebuild = build_index(settings, encoder=encoder, progress=False)
    probe = run_json(SEARCH_PROBE, str(index), queries, "1", str(args.rounds))

    rows = [
        ("cases / passages", f"{full.case_count} / {full.passage_count}"),
        ("full build (s)", f"{full.seconds:.1f}"),
        ("full build (passages/s)", f"{full.passage_count / full.seconds:.0f}"),
        (
            "rebuild after one edited case (s)",
            f"{rebuild.seconds:.2f} ({rebuild.seconds / full.seconds:.1%} of full; {rebuild.encoded} passages re-embedded)",
        ),
        ("index load incl. encoder (s)", f"{probe['load_s']:.2f}"),
        *[
            (f"{m} search p50 / p95 (ms)", f"{probe[m]['p50_ms']:.1f} / {probe[m]['p95_ms']:.1f}")
            for m in ("lexical", "dense", "hybrid")
        ],
        ("peak RSS of the search process (MB)", f"{probe['peak_rss_mb']:.0f}"),
    ]
    print("\n| measure | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    print(f"\n(median of {args.rounds} x {len(QUERIES)} queries per mode; work folder {work})")
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
