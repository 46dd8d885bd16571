"""The lexical index's words: how many passages and which cases contain each term."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator

import numpy as np

from kmhub.index.store import SearchIndex

CASES_CACHED = 512  # terms whose case masks are kept (10,000 cases: 5 MB); a query uses a few


class IndexVocabulary:
    """Read-only term statistics of one loaded index, safe to share between threads."""

    def __init__(self, index: SearchIndex) -> None:
        self._index = index
        self._lock = threading.Lock()
        self._cases: OrderedDict[str, np.ndarray] = OrderedDict()

    def terms(self) -> Iterator[str]:
        return iter(self._index.lexical.vocab_dict)

    def _postings(self, term: str) -> np.ndarray:
        """Ids of the passages that contain `term` (the BM25 matrix is stored by term)."""
        lexical = self._index.lexical
        token = lexical.vocab_dict.get(term)
        if token is None:
            return np.zeros(0, dtype=np.int64)
        indptr, indices = lexical.scores["indptr"], lexical.scores["indices"]
        end = indptr[token + 1] if token + 1 < len(indptr) else len(indices)
        return np.asarray(indices[indptr[token] : end])

    def passage_frequency(self, term: str) -> int:
        return len(self._postings(term))

    def cases_with(self, term: str) -> np.ndarray:
        """A boolean mask over the cases: True where `term` is in any of its passages."""
        with self._lock:
            found = self._cases.get(term)
            if found is not None:
                self._cases.move_to_end(term)
                return found
        # A scatter into a mask is linear in the postings; no sort, unlike np.unique.
        found = np.zeros(len(self._index.cases), dtype=bool)
        found[self._index.passage_cases[self._postings(term)]] = True
        with self._lock:
            self._cases[term] = found
            while len(self._cases) > CASES_CACHED:
                self._cases.popitem(last=False)
        return found

    def surfaces(self) -> dict[str, list[str]]:
        return self._index.surfaces
