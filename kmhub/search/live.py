"""Open a searcher for the configured index, and keep it current when a new build appears."""

from __future__ import annotations

import threading
from pathlib import Path

from kmhub.index.encoders import Encoder, load_encoder
from kmhub.index.store import CURRENT_FILE, open_index
from kmhub.search.searcher import Searcher
from kmhub.settings import Settings


def open_searcher(settings: Settings, encoder: Encoder | None = None) -> Searcher:
    """Load the active index (checking its encoder first), then the encoder."""
    index = open_index(settings.index_dir, settings.encoder)
    searcher = Searcher(
        index, encoder or load_encoder(settings.encoder, settings.encoder_threads), settings
    )
    searcher.warm_up()
    return searcher


class LiveSearcher:
    """Hands out a Searcher and swaps in a new one when `index/CURRENT` names another build.

    Requests already holding the old Searcher finish on it; the old build stays on disk
    (kmhub keeps the previous build) until a later build removes it.
    """

    def __init__(self, settings: Settings, encoder: Encoder | None = None) -> None:
        self.settings = settings
        self._encoder = encoder
        self._lock = threading.Lock()
        self._searcher: Searcher | None = None
        self._build_name: str | None = None

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
            if self._searcher is None or self._pointer() != self._build_name:
                encoder = self._encoder or (self._searcher.encoder if self._searcher else None)
                fresh = open_searcher(self.settings, encoder)
                self._searcher, self._build_name = fresh, fresh.index.build_dir.name
            return self._searcher
