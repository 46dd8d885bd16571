"""The index folder's builds: one build at a time, CURRENT switched atomically, old builds removed."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kmhub.errors import KmhubError
from kmhub.index import integrity, store


@contextmanager
def exclusive_build(index_dir: Path) -> Iterator[None]:
    """One build at a time per index folder (a second one would remove the first's work)."""
    import fcntl

    with open(index_dir / ".build.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise KmhubError(
                f"มีการสร้างดัชนีใน {index_dir} อยู่แล้ว รอให้เสร็จก่อน",
                f"another build of {index_dir} is running; wait for it to finish",
            ) from None
        yield


def switch_current(index_dir: Path, build: Path) -> None:
    """Point CURRENT at `build`, atomically."""
    # os.replace is atomic: a reader sees either the old name or the new one, never neither.
    pointer = index_dir / store.CURRENT_FILE
    tmp = index_dir / f".{store.CURRENT_FILE}.{os.getpid()}"
    try:
        with tmp.open("w", encoding="utf-8") as handle:
            handle.write(build.name + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, pointer)
    finally:
        tmp.unlink(missing_ok=True)


def remove_unfinished(index_dir: Path, builds: Path) -> None:
    """Remove what a killed build left: its temporary folder and pointer file."""
    # Under the build lock nothing else writes these: any found were left by a killed build.
    for leftover in builds.glob(".tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for pointer in index_dir.glob(f".{store.CURRENT_FILE}.*"):
        pointer.unlink(missing_ok=True)


def remove_old_builds(builds: Path, keep: set[str]) -> None:
    """Remove every finished build except `keep` (the new and the previous) and held ones.

    A build renamed but never switched to (its process was killed) is removed too: only
    what CURRENT names, or named a moment ago, can be in use.
    """
    for folder in builds.iterdir():
        if folder.name in keep or folder.name.startswith(".") or not folder.is_dir():
            continue
        if integrity.is_held(folder):
            continue  # a server or a search still reads it; a later build removes it
        shutil.rmtree(folder, ignore_errors=True)
