"""CPU cost of recording one search for the insights, stage by stage (process time, medians).

The load test (`load_api.py --insights on,off`) measures the whole server, where other jobs on
a shared machine blur a few percent; this measures the recorder's own work per search:
what the request does (build the event), and what the writer thread does later (normalize,
segment, serialize, insert).
"""

from __future__ import annotations

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
from kmhub.search.searcher import Filters, SearchResult  # noqa: E402


def per_call_us(work: Callable[[int], object], n: int = 2000, repeats: int = 5) -> float:
    """Median over `repeats` of the process time per call, in microseconds."""
    times = []
    for _ in range(repeats):
        started = time.process_time()
        for i in range(n):
            work(i)
        times.append((time.process_time() - started) / n * 1e6)
    return statistics.median(times)


def main() -> None:
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


if __name__ == "__main__":
    main()
