"""CPU cost of recording searches for the insights: per stage, and through the real app.

The load test (`load_api.py --insights on,off`) measures whole servers, where other jobs on a
shared machine blur the result by more than the cost itself. CPU time does not depend on what
else the machine runs, so this measures (1) the recorder's own work per search, stage by stage,
and (2) the process CPU time (every thread, the writer's included) per `/api/search` answered
by two apps on one index, insights on and off, in alternating batches.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load_api import QUERIES  # noqa: E402
from kmhub.insights.events import (  # noqa: E402
    SearchEvent,
    normalize_query,
    search_event,
    search_row,
    understood_terms,
)
from kmhub.insights.store import InsightsWriter  # noqa: E402
from kmhub.search.filters import Filters  # noqa: E402
from kmhub.search.results import SearchResult  # noqa: E402


def per_call_us(work: Callable[[int], object], n: int = 2000, repeats: int = 5) -> float:
    """Median over `repeats` of the process time per call, in microseconds."""
    times = []
    for _ in range(repeats):
        started = time.process_time()
        for i in range(n):
            work(i)
        times.append((time.process_time() - started) / n * 1e6)
    return statistics.median(times)


def app_ab(index: Path, cases: Path, batches: int, per_batch: int) -> None:
    """Process CPU per request of the same searches on an app with insights on and one off."""
    from fastapi.testclient import TestClient

    from kmhub.settings import Settings
    from kmhub.web.app import create_app
    from kmhub.web.serve import ensure_index

    settings = Settings(cases_dir=cases, index_dir=index)
    ensure_index(settings)
    clients = {
        "on": TestClient(create_app(settings.with_(insights=True))),
        "off": TestClient(create_app(settings.with_(insights=False))),
    }
    spent: dict[str, list[float]] = {"on": [], "off": []}
    for client in clients.values():
        client.__enter__()
    try:
        for mode in ("lexical", "hybrid"):
            for client in clients.values():  # warm-up
                for q in QUERIES:
                    client.get("/api/search", params={"q": q, "mode": mode})
            spent = {"on": [], "off": []}
            for n in range(batches):
                for name in ("on", "off") if n % 2 == 0 else ("off", "on"):
                    client = clients[name]
                    started = time.process_time()
                    for i in range(per_batch):
                        client.get("/api/search", params={"q": QUERIES[i % 10], "mode": mode})
                    recorder = client.app.state.insights  # type: ignore[attr-defined]
                    if recorder is not None:
                        recorder.flush()  # the writer's work counts too
                    spent[name].append((time.process_time() - started) / per_batch * 1000)
            on, off = statistics.median(spent["on"]), statistics.median(spent["off"])
            print(
                f"| {mode} | {off:.2f} | {on:.2f} | {100 * (on / off - 1):+.1f}% |"
                f" {batches} batches of {per_batch} |"
            )
    finally:
        for client in clients.values():
            client.__exit__(None, None, None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index", type=Path, help="also compare two apps on this index")
    parser.add_argument("--cases", type=Path, default=ROOT / "cases")
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--per-batch", type=int, default=100)
    args = parser.parse_args()
    events = [SearchEvent(time.time(), q, "lexical", {}, 3, False, "api") for q in QUERIES]
    result = SearchResult("q", "lexical", 3, 1, 10, [], {}, 1.0)
    filters = Filters(province="น่าน")
    for event in events:
        search_row(event, 0)  # load the word list once

    def fresh_terms(i: int) -> object:
        understood_terms.cache_clear()  # as for a query never seen before
        return search_row(events[i % len(events)], 0)

    with tempfile.TemporaryDirectory() as tmp:
        writer = InsightsWriter(Path(tmp) / "insights.sqlite")
        batch = [search_row(events[i % len(events)], 0) for i in range(500)]
        insert = per_call_us(lambda i: writer.write({"searches": batch}), n=20) / len(batch)
        writer.close()
    rows = [
        (
            "request: build the event",
            per_call_us(lambda i: search_event(1.0, "q", filters.checked(), result, "api", 0.2)),
        ),
        ("writer: normalize the query", per_call_us(lambda i: normalize_query(QUERIES[i % 10]))),
        ("writer: row, query seen before", per_call_us(lambda i: search_row(events[i % 10], 0))),
        ("writer: row, new query (segmenting)", per_call_us(fresh_terms, n=300)),
        ("writer: SQLite insert (batch of 500)", insert),
    ]
    print("| stage | µs per search |")
    print("|---|---:|")
    for name, micros in rows:
        print(f"| {name} | {micros:.1f} |")
    if args.index:
        print("\n| mode | CPU ms/request, off | on | cost | runs |")
        print("|---|---:|---:|---:|---|")
        app_ab(args.index, args.cases, args.batches, args.per_batch)


if __name__ == "__main__":
    main()
