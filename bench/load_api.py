"""Load test of GET /api/search over 127.0.0.1: requests/s and latency percentiles, bounded.

By default it starts `kmhub serve` in a child process (the way it is deployed) on a free port,
waits for /healthz, runs the load from this process, and stops the server. With --url it
measures a server that is already running.

`--workers 1,2 --idle 0,300` starts `kmhub serve --workers N` for each N and measures hybrid
search with and without that many idle connections held open (each sends a header byte every
2 s and never finishes; closed ones are reopened at once), then prints one table.

`--insights on,off` starts one server per setting of KMHUB_INSIGHTS over the same index and
measures them in alternating rounds, then prints the medians side by side and the cost of
recording searches.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
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


def start_server(
    index: Path, cases: Path, extra_env: dict[str, str] | None = None, extra_args: tuple = ()
) -> tuple[subprocess.Popen, str]:
    from kmhub.web.testing import free_port

    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(extra_env or {})}
    command = [sys.executable, "-m", "kmhub", "serve", "--index", str(index), "--cases", str(cases)]
    process = subprocess.Popen(
        [*command, "--port", str(port), *extra_args],
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
    parser.add_argument(
        "--insights", default="", help="on,off: compare servers with KMHUB_INSIGHTS on and off"
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="alternating rounds (with --insights)"
    )
    parser.add_argument(
        "--workers", default="", help="1,2: compare `kmhub serve --workers N` (hybrid mode)"
    )
    parser.add_argument(
        "--idle", default="0,300", help="with --workers: idle connections held open (<= 1000)"
    )
    args = parser.parse_args()
    total = max(1, min(args.requests, 20000))
    modes = [m.strip() for m in args.modes.split(",")]
    if args.workers:
        compare_workers(args, total)
        return
    if args.insights:
        compare_insights(args, total, modes)
        return

    process = None
    base = args.url
    if base is None:
        process, base = start_server(args.index, args.cases)
    try:
        run_load(base, min(50, total), 2, "hybrid")  # warm-up, not reported
        for mode in modes:
            print(json.dumps(run_load(base, total, args.concurrency, mode)), flush=True)
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=20)


def server_cpu_seconds(pid: int) -> float:
    """User + system CPU time so far of a process and all its descendants (Linux /proc).

    `kmhub serve` answers from worker processes, so the whole family counts; threads are
    included in each process's own figure.
    """
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        parents[int(entry)] = int(fields[1])
        times[int(entry)] = (int(fields[11]) + int(fields[12])) / tick

    def descends(p: int) -> bool:
        while p > 1:
            if p == pid:
                return True
            p = parents.get(p, 0)
        return False

    return sum(t for p, t in times.items() if descends(p))


def compare_insights(args: argparse.Namespace, total: int, modes: list[str]) -> None:
    """The same load on a server per KMHUB_INSIGHTS value, rounds alternating their order.

    Besides requests/s (which other jobs on the machine disturb), it reports the server's CPU
    time per request, read from /proc after the writer thread's next batch: recording costs
    CPU there, whatever else the machine is doing.
    """
    variants = [v.strip() for v in args.insights.split(",")]
    servers: dict[str, tuple[subprocess.Popen, str]] = {}
    try:
        for variant in variants:  # one after the other: the first may have to build the index
            servers[variant] = start_server(args.index, args.cases, {"KMHUB_INSIGHTS": variant})
            run_load(servers[variant][1], min(50, total), 2, "hybrid")  # warm-up
        runs: dict[tuple[str, str], list[dict[str, object]]] = {}
        for n in range(max(1, min(args.rounds, 20))):
            order = variants if n % 2 == 0 else variants[::-1]
            for mode in modes:
                for variant in order:
                    process, base = servers[variant]
                    cpu = server_cpu_seconds(process.pid)
                    result = run_load(base, total, args.concurrency, mode)
                    time.sleep(2.5)  # let the insights writer write its batch
                    spent = server_cpu_seconds(process.pid) - cpu
                    result["server_cpu_ms_per_request"] = round(1000 * spent / total, 2)
                    result["insights"] = variant
                    print(json.dumps(result), flush=True)
                    runs.setdefault((mode, variant), []).append(result)
    finally:
        for process, _ in servers.values():
            process.terminate()
            process.wait(timeout=20)
    print_comparison(runs, modes, variants, args.concurrency)


def _median(results: list[dict[str, object]], key: str) -> float:
    return statistics.median(float(str(r[key])) for r in results)


def print_comparison(
    runs: dict[tuple[str, str], list[dict[str, object]]],
    modes: list[str],
    variants: list[str],
    concurrency: int,
) -> None:
    rounds = len(next(iter(runs.values())))
    print(f"\nmedians of {rounds} rounds, concurrency {concurrency}")
    print("| mode | insights | requests/s | p50 ms | p99 ms | server CPU ms/request | errors |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for mode in modes:
        for variant in variants:
            results = runs[(mode, variant)]
            errors = sum(int(str(r["errors"])) for r in results)
            print(
                f"| {mode} | {variant} | {_median(results, 'requests_per_second'):.1f}"
                f" | {_median(results, 'p50_ms'):.1f} | {_median(results, 'p99_ms'):.1f}"
                f" | {_median(results, 'server_cpu_ms_per_request'):.2f} | {errors} |"
            )
    if {"on", "off"} <= set(variants):
        for mode in modes:
            on, off = runs[(mode, "on")], runs[(mode, "off")]
            # Each round's two runs are adjacent in time, so their ratio cancels slow drifts.
            paired = statistics.median(
                float(str(a["requests_per_second"])) / float(str(b["requests_per_second"]))
                for a, b in zip(on, off, strict=True)
            )
            cpu = _median(on, "server_cpu_ms_per_request") / _median(
                off, "server_cpu_ms_per_request"
            )
            print(
                f"{mode}: recording costs {100 * (1 - paired):+.1f}% throughput"
                f" (median of paired rounds), {100 * (cpu - 1):+.1f}% server CPU per request"
            )


class IdleClients:
    """`count` connections to `base` that send a byte of a header now and then and never finish.

    The server closes them at its header deadline; they are opened again at once, so `count`
    stay open for the whole run, as a slow-client attack would keep them.
    """

    def __init__(self, base: str, count: int) -> None:
        parts = urlsplit(base)
        assert parts.hostname == "127.0.0.1", "load tests run against 127.0.0.1 only"
        self.address = (parts.hostname, int(parts.port or 80))
        self.count = max(0, min(count, 1000))
        self.sockets: list[socket.socket] = []
        self.reopened = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._drip, daemon=True)

    def __enter__(self) -> IdleClients:
        self.sockets = [self._open() for _ in range(self.count)]
        self._thread.start()
        return self

    def _open(self) -> socket.socket:
        sock = socket.create_connection(self.address, timeout=5)
        sock.sendall(b"G")
        return sock

    def _drip(self) -> None:
        while not self._stop.wait(2.0):
            for i, sock in enumerate(self.sockets):
                try:
                    sock.sendall(b"E")
                except OSError:
                    sock.close()
                    self.sockets[i] = self._open()
                    self.reopened += 1

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        for sock in self.sockets:
            sock.close()


def compare_workers(args: argparse.Namespace, total: int) -> None:
    """Hybrid search at `--concurrency`, per worker count, with and without idle connections."""
    counts = [int(w) for w in args.workers.split(",")]
    idles = [int(i) for i in args.idle.split(",")]
    rows = []
    for workers in counts:
        process, base = start_server(args.index, args.cases, extra_args=("--workers", str(workers)))
        try:
            run_load(base, min(100, total), 4, "hybrid")  # warm-up: every worker loaded
            for idle in idles:
                with IdleClients(base, idle) as held:
                    result = run_load(base, total, args.concurrency, "hybrid")
                result.update(workers=workers, idle=idle, idle_reopened=held.reopened)
                print(json.dumps(result), flush=True)
                rows.append(result)
        finally:
            process.terminate()
            process.wait(timeout=30)
    print(f"\nhybrid search, concurrency {args.concurrency}, {total} requests per row")
    print("| workers | idle connections | requests/s | p50 ms | p99 ms | errors |")
    print("|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['workers']} | {r['idle']} | {r['requests_per_second']} | {r['p50_ms']}"
            f" | {r['p99_ms']} | {r['errors']} |"
        )
    base_rate = {r["idle"]: float(r["requests_per_second"]) for r in rows if r["workers"] == 1}
    for r in rows:
        if r["workers"] != 1 and r["idle"] in base_rate:
            speedup = float(r["requests_per_second"]) / base_rate[r["idle"]]
            print(f"{r['workers']} workers, {r['idle']} idle: {speedup:.2f}x one worker")


if __name__ == "__main__":
    main()
