"""The insights database: SQLite beside the index, written in batches, pruned by age."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

DB_NAME = "insights.sqlite"
HOUR = 3600
SCHEMA = """
CREATE TABLE IF NOT EXISTS searches (
    hour INTEGER NOT NULL,      -- seconds since the epoch, rounded down to the hour (UTC)
    query TEXT NOT NULL,        -- normalized query; '' for browsing by filters only
    language TEXT NOT NULL,     -- th | en | mixed | ''
    mode TEXT NOT NULL,
    filters TEXT NOT NULL,      -- JSON object of the active filters
    provinces TEXT NOT NULL,    -- JSON list of provinces asked for (filter or query words)
    network TEXT NOT NULL,
    terms TEXT NOT NULL,        -- JSON list of the terms the query was understood as
    results INTEGER NOT NULL,
    loose INTEGER NOT NULL,     -- 1 when the results were only loosely related
    source TEXT NOT NULL        -- page | live | api
);
CREATE INDEX IF NOT EXISTS searches_hour ON searches(hour);
CREATE TABLE IF NOT EXISTS opens (
    hour INTEGER NOT NULL, case_id TEXT NOT NULL, query TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS opens_hour ON opens(hour);
CREATE TABLE IF NOT EXISTS packs (hour INTEGER NOT NULL, case_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS packs_hour ON packs(hour);
"""
TABLES = ("searches", "opens", "packs")


def db_path(index_dir: Path) -> Path:
    return Path(index_dir) / DB_NAME


def to_hour(at: float) -> int:
    return int(at) // HOUR * HOUR


class InsightsWriter:
    """One connection used by the recorder's thread only."""

    def __init__(self, path: Path, busy_timeout: float = 0.5) -> None:
        self._db = sqlite3.connect(path, timeout=busy_timeout)
        self._db.execute("PRAGMA journal_mode=WAL")  # reports read while the server writes
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)

    def write(self, rows: Mapping[str, Sequence[tuple[Any, ...]]]) -> None:
        """Insert rows per table in one transaction."""
        with self._db:
            for table, values in rows.items():
                if values:
                    marks = ",".join("?" * len(values[0]))
                    self._db.executemany(f"INSERT INTO {table} VALUES ({marks})", values)

    def prune(self, before_hour: int) -> int:
        with self._db:
            return sum(
                self._db.execute(f"DELETE FROM {t} WHERE hour < ?", (before_hour,)).rowcount
                for t in TABLES
            )

    def close(self) -> None:
        self._db.close()


def open_reader(path: Path) -> sqlite3.Connection | None:
    """A read-only connection, or None when nothing was recorded yet."""
    if not path.is_file():
        return None
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
