"""Open a searcher for the configured index, and keep it current when a new build appears."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from kmhub.errors import IndexCorruptError, IndexMismatchError, IndexMissingError, KmhubError
from kmhub.index.encoders import Encoder, load_encoder
from kmhub.index.integrity import newest_intact_build
from kmhub.index.store import BUILDS_DIR, CURRENT_FILE, open_index
from kmhub.search.searcher import Searcher
from kmhub.settings import Settings

log = logging.getLogger("kmhub.search")


def open_searcher(
    settings: Settings, encoder: Encoder | None = None, build: Path | None = None
) -> Searcher:
    """Load the active index (or `build`), checking its encoder first, then the encoder."""
    index = open_index(settings.index_dir, settings.encoder, build)
    searcher = Searcher(
        index, encoder or load_encoder(settings.encoder, settings.encoder_threads), settings
    )
    searcher.warm_up()
    return searcher


class LiveSearcher:
    """Hands out a Searcher and swaps in a new one when `index/CURRENT` names another build.

    A new build that fails its checks is not swapped in: the current Searcher goes on
    serving, and `status()` (shown by /healthz) and the log say why. Without a current
    Searcher, a damaged active build gives way to the newest intact one, with a warning.
    Requests already holding the old Searcher finish on it (it is all in memory).
    """

    def __init__(self, settings: Settings, encoder: Encoder | None = None) -> None:
        self.settings = settings
        self._encoder = encoder
        self._lock = threading.Lock()
        self._searcher: Searcher | None = None
        self._build_name: str | None = None  # the name CURRENT had when we last loaded
        self.failed: dict[str, str] | None = None  # the build we refused, and why
        self.fallback: str | None = None  # set while serving another build than CURRENT's

    def _pointer(self) -> str | None:
        try:
            return (
                (Path(self.settings.index_dir) / CURRENT_FILE).read_text(encoding="utf-8").strip()
            )
        except OSError:
            return None

    def get(self) -> Searcher:
        name = self._pointer()
        current = self._searcher
        if current is not None and name == self._build_name:
            return current
        with self._lock:
            name = self._pointer()
            if self._searcher is not None and name == self._build_name:
                return self._searcher
            encoder = self._encoder or (self._searcher.encoder if self._searcher else None)
            try:
                fresh = open_searcher(self.settings, encoder)
            except (IndexCorruptError, IndexMismatchError, IndexMissingError) as exc:
                self._build_name = name  # not retried until CURRENT changes again
                self.failed = {"build": name or "", "th": exc.thai, "en": exc.english}
                if self._searcher is not None:
                    log.warning("kept build %s: %s", self._searcher.index.build_dir.name, exc)
                    return self._searcher
                fresh = self._fall_back(encoder, exc)
            else:
                self.failed, self.fallback = None, None
                self._build_name = name
            old, self._searcher = self._searcher, fresh
            if old is not None:
                old.index.release()  # its build may now be removed by the next cleanup
            return fresh

    def _fall_back(self, encoder: Encoder | None, exc: KmhubError) -> Searcher:
        builds = Path(self.settings.index_dir) / BUILDS_DIR
        intact = newest_intact_build(builds, skip=self._build_name)
        if intact is None:
            raise exc
        log.warning("serving the older intact build %s: %s", intact.name, exc)
        self.fallback = intact.name
        return open_searcher(self.settings, encoder, build=intact)
