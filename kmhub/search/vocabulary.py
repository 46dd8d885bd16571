"""The lexical index's words: how many passages and which cases contain each term."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

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

    def _postings(self, term: str, lexical: Any = None) -> np.ndarray:
        """Ids of the documents of `lexical` (passages by default) that contain `term`; the
        BM25 matrix is stored by term."""
        lexical = lexical or self._index.lexical
        token = lexical.vocab_dict.get(term)
        if token is None:
            return np.zeros(0, dtype=np.int64)
        indptr, indices = lexical.scores["indptr"], lexical.scores["indices"]
        end = indptr[token + 1] if token + 1 < len(indptr) else len(indices)
        return np.asarray(indices[indptr[token] : end])

    def case_count(self) -> int:
        return len(self._index.cases)

    def passage_frequency(self, term: str) -> int:
        return len(self._postings(term))

    def cases_with(self, term: str) -> np.ndarray:
        """A boolean mask over the cases: True where the case has `term` (passages, title, topics)."""
        with self._lock:
            found = self._cases.get(term)
            if found is not None:
                self._cases.move_to_end(term)
                return found
        # The case-level index holds every passage of a case plus its title and topics.
        found = np.zeros(len(self._index.cases), dtype=bool)
        found[self._postings(term, self._index.case_lexical)] = True
        with self._lock:
            self._cases[term] = found
            while len(self._cases) > CASES_CACHED:
                self._cases.popitem(last=False)
        return found

    def surfaces(self) -> dict[str, list[str]]:
        return self._index.surfaces
