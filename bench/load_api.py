"""Load test of GET /api/search over 127.0.0.1: requests/s and latency percentiles, bounded.

By default it starts `kmhub serve` in a child process (the way it is deployed) on a free port,
waits for /healthz, runs the load from this process, and stops the server. With --url it
measures a server that is already running.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUERIES = [
    "ธนาคารความดี",
    "เยาวชนจิตอาสา",
    "งานบุญปลอดเหล้า",
    "ชุมชนคุณธรรมพอเพียง",
    "องค์กรคุณธรรม สุจริต",
    "วัด ประชา รัฐ สร้างสุข",
    "ครอบครัวอบอุ่น",
    "youth volunteers",
    "honest business",
    "วินัย ใส่ใจส่วนรวม",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def run_load(base: str, total: int, concurrency: int, mode: str) -> dict[str, object]:
    host = urlsplit(base)
    latencies: list[float] = []
    errors: list[str] = []
    counter = iter(range(total))
    lock = threading.Lock()

    def worker() -> None:
        conn = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                break
            params = {"q": QUERIES[n % len(QUERIES)], "mode": mode}
            started = time.perf_counter()
            try:
                conn.request("GET", "/api/search?" + urlencode(params))
                response = conn.getresponse()
                body = response.read()
                elapsed = time.perf_counter() - started
                if response.status != 200 or b'"results"' not in body:
                    errors.append(f"{response.status}")
                with lock:
                    latencies.append(elapsed * 1000)
            except (OSError, http.client.HTTPException) as exc:
                errors.append(repr(exc))
                conn.close()
                conn = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    return {
        "mode": mode,
        "requests": len(latencies),
        "errors": len(errors),
        "concurrency": concurrency,
        "seconds": round(seconds, 2),
        "requests_per_second": round(len(latencies) / seconds, 1),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p90_ms": round(percentile(latencies, 90), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "max_ms": round(max(latencies), 1),
        "mean_ms": round(statistics.fmean(latencies), 1),
    }


def start_server(index: Path, cases: Path) -> tuple[subprocess.Popen, str]:
    from kmhub.web.testing import free_port

    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "kmhub", "serve", "--index", str(index), "--cases", str(cases)]
    process = subprocess.Popen(
        [*command, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600  # a first build of the real cases may take a while
    while time.monotonic() < deadline and process.poll() is None:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return process, base
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit("the server did not start / เซิร์ฟเวอร์ไม่เริ่มทำงาน")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", help="measure this running server instead of starting one")
    parser.add_argument("--index", type=Path, default=ROOT / "index")
    parser.add_argument("--cases", type=Path, default=ROOT / "cases")
    parser.add_argument("--requests", type=int, default=1000, help="per mode (bounded: <= 20000)")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--modes", default="hybrid,lexical", help="comma-separated search modes")
    args = parser.parse_args()
    total = max(1, min(args.requests, 20000))

    process = None
    base = args.url
    if base is None:
        process, base = start_server(args.index, args.cases)
    try:
        run_load(base, min(50, total), 2, "hybrid")  # warm-up, not reported
        for mode in args.modes.split(","):
            print(json.dumps(run_load(base, total, args.concurrency, mode.strip())), flush=True)
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=20)


if __name__ == "__main__":
    main()
