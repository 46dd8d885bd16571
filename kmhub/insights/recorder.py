"""The recorder: requests hand it events; a background thread writes them in batches.

A request only appends an event to a bounded queue, which never blocks and never raises.
Everything slower (normalizing, segmenting, SQLite) happens on the writer thread, and
a locked, read-only or full database costs a log line and the batch, never a response.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kmhub.insights.events import (
    Event,
    OpenEvent,
    PackEvent,
    SearchEvent,
    normalize_query,
    search_row,
)
from kmhub.insights.store import HOUR, InsightsWriter, to_hour

log = logging.getLogger("kmhub.insights")

DAY = 86400
PRUNE_EVERY = HOUR
# Typing in the search box sends a search per pause; a query that a later one extends or
# shortens within this time is a step of the same typing, not a search of its own.
SETTLE_SECONDS = 4.0


class _Marker:
    def __init__(self) -> None:
        self.done = threading.Event()


class _Flush(_Marker):
    pass


class _Stop(_Marker):
    pass


class InsightsRecorder:
    """Buffers events and writes them to `path` off the request path."""

    def __init__(
        self,
        path: Path,
        retention_days: int = 90,
        flush_seconds: float = 2.0,
        max_queued: int = 10_000,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = Path(path)
        self.retention_days = retention_days
        self.flush_seconds = flush_seconds
        self.max_queued = max_queued
        self.clock = clock
        self.dropped = 0
        self.failures = 0
        # A deque's append and popleft are atomic; the writer drains it every flush_seconds
        # instead of waking for each event, so requests never wait for it or its thread.
        self._pending: deque[Event | _Marker] = deque()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._last_error_log = -1e18

    # --- request side -------------------------------------------------------
    def record(self, event: Event) -> None:
        """Queue an event; never blocks, never raises (a full queue drops it)."""
        try:
            if len(self._pending) >= self.max_queued:
                self.dropped += 1
                return
            self._pending.append(event)
            if self._thread is None:
                self._ensure_thread()
        except Exception:  # recording must never fail a request
            self.dropped += 1

    def now(self) -> float:
        return self.clock()

    def flush(self, timeout: float = 10.0) -> bool:
        """Write everything queued so far (for tests and the /insights page); False on timeout."""
        return self._send_marker(_Flush(), timeout)

    def close(self, timeout: float = 10.0) -> None:
        """Write what is queued and stop the writer thread."""
        if self._thread is not None and self._thread.is_alive():
            self._send_marker(_Stop(), timeout)
            self._thread.join(timeout)

    def _send_marker(self, marker: _Marker, timeout: float) -> bool:
        self._ensure_thread()
        self._pending.append(marker)
        self._wake.set()
        return marker.done.wait(timeout)

    def _ensure_thread(self) -> None:
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="kmhub-insights", daemon=True
                )
                self._thread.start()

    # --- writer thread ------------------------------------------------------
    def _run(self) -> None:
        writer: InsightsWriter | None = None
        typing: list[tuple[float, SearchEvent]] = []  # live searches still settling
        last_prune = -1e18
        while True:
            self._wake.wait(self.flush_seconds)
            self._wake.clear()
            buffer: list[Event] = []
            markers: list[_Marker] = []
            while self._pending:
                item = self._pending.popleft()
                if isinstance(item, _Marker):
                    markers.append(item)
                elif isinstance(item, SearchEvent) and item.source == "live":
                    typing = _settle(typing, item)
                else:
                    buffer.append(item)
            # A flush or stop writes the typing still settling too.
            settled_before = time.monotonic() - (0 if markers else SETTLE_SECONDS)
            buffer += [e for t, e in typing if t <= settled_before]
            typing = [(t, e) for t, e in typing if t > settled_before]
            if buffer:
                writer = self._write(writer, buffer)
            if writer is not None and time.monotonic() - last_prune >= PRUNE_EVERY:
                writer = self._prune(writer)
                last_prune = time.monotonic()
            stop = any(isinstance(m, _Stop) for m in markers)
            if stop and writer is not None:
                writer.close()
            for marker in markers:
                marker.done.set()
            if stop:
                return

    def _write(self, writer: InsightsWriter | None, events: list[Event]) -> InsightsWriter | None:
        rows: dict[str, list[tuple[Any, ...]]] = {"searches": [], "opens": [], "packs": []}
        try:
            for event in events:
                hour = to_hour(event.at)
                if isinstance(event, SearchEvent):
                    rows["searches"].append(search_row(event, hour))
                elif isinstance(event, OpenEvent):
                    rows["opens"].append((hour, event.case_id, normalize_query(event.query)))
                elif isinstance(event, PackEvent):
                    rows["packs"] += [(hour, case_id) for case_id in event.case_ids]
            writer = writer or InsightsWriter(self.path)
            writer.write(rows)
            return writer
        except (sqlite3.Error, OSError) as exc:
            self._failed(f"{len(events)} events not written", exc)
        except Exception as exc:  # a bad event must not stop the thread
            self._failed(f"{len(events)} events not analysed", exc)
        if writer is not None:
            writer.close()
        return None  # reconnect next time: the database may be writable again

    def _prune(self, writer: InsightsWriter) -> InsightsWriter | None:
        try:
            writer.prune(to_hour(self.clock() - self.retention_days * DAY))
            return writer
        except sqlite3.Error as exc:
            self._failed("pruning failed", exc)
            writer.close()
            return None

    def _failed(self, what: str, exc: BaseException) -> None:
        self.failures += 1
        now = time.monotonic()
        if now - self._last_error_log >= 60:  # one line a minute at most, however busy
            self._last_error_log = now
            log.warning(
                "บันทึกข้อมูลการค้นหาไม่ได้ / insights: %s (%s: %s; %d failures so far)",
                what,
                type(exc).__name__,
                exc,
                self.failures,
            )


def _settle(
    typing: list[tuple[float, SearchEvent]], event: SearchEvent
) -> list[tuple[float, SearchEvent]]:
    """Replace the settling searches that `event` continues (same filters, prefix query)."""
    new = normalize_query(event.query)

    def continued(old: SearchEvent) -> bool:
        previous = normalize_query(old.query)
        same_filters = old.filters == event.filters and old.mode == event.mode
        return same_filters and (new.startswith(previous) or previous.startswith(new))

    return [(t, e) for t, e in typing if not continued(e)] + [(time.monotonic(), event)]
