"""English words in index form: lower case, Snowball-stemmed (PyStemmer, as bm25s uses)."""

from __future__ import annotations

import re
from functools import cache

# Pieces of a Latin-script token: "alcohol-free" is alcohol + free, "5ส" stays whole elsewhere.
LATIN_PIECE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


@cache
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


@cache
def stem(word: str) -> str:
    """The stem of one lower-case English word ("companies" and "company" -> "compani")."""
    if word.isdigit():
        return word
    return str(_stemmer().stemWord(word))
