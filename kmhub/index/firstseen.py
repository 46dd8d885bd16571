"""When a build first saw each case's current content: kept per content hash in the build cache.

File times say nothing in a git checkout (a clone sets them all to the clone's time), so
feeds and exports date a case by the first build that met its current file content.
"""

from __future__ import annotations

import sqlite3

from kmhub.index.cache import BuildCache, text_hash

KIND = "first_seen"
TABLE = "first_seen"


def stamp_first_seen(
    cache: BuildCache, digests: dict[str, str], now: str
) -> dict[str, tuple[str, str]]:
    """case id -> (content hash, first time seen); content new to the cache is stamped `now`."""
    keys = {case_id: text_hash(f"{case_id}\0{digest}") for case_id, digest in digests.items()}
    known = cache.get_objects(KIND, list(keys.values()))
    fresh = {key: now for key in keys.values() if key not in known}
    cache.put_objects(KIND, fresh)
    return {
        case_id: (digests[case_id], known.get(key) or fresh[key]) for case_id, key in keys.items()
    }


def write_first_seen(db: sqlite3.Connection, seen: dict[str, tuple[str, str]]) -> None:
    """Store the stamps in a build's metadata database (committed by the caller)."""
    db.execute(f"CREATE TABLE {TABLE} (case_id TEXT PRIMARY KEY, content_hash TEXT, seen_at TEXT)")
    db.executemany(
        f"INSERT INTO {TABLE} VALUES (?, ?, ?)",
        [(case_id, digest, at) for case_id, (digest, at) in sorted(seen.items())],
    )
