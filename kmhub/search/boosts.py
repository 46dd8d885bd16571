"""What lifts a case above its fused score: a network or level the query names, or the
case's own title written in the query."""

from __future__ import annotations

from collections.abc import Collection

from kmhub.index.store import CaseRow
from kmhub.search.fusion import CaseHit
from kmhub.text import analysis

# Fused score multiplier for each thing the query names about a case.
BOOST = 1.25
# A title shorter than this many letters ("ไต", "Tea") is a word, not a name.
MIN_TITLE_LETTERS = 4


def named_by_title(query: str, ranked: list[CaseHit], cases: list[CaseRow]) -> set[int]:
    """The ranked cases whose whole title (Thai or English) the query holds; of nested titles
    (เคโรโระ, เคโรโระ ขบวนการอ๊บอ๊บป่วนโลก) only the longest counts, as the query names that one."""
    letters = analysis.gram_letters(query)
    longest: dict[int, int] = {}
    for case, *_ in ranked:
        held = [
            len(title)
            for title in cases[case].title_letters
            if len(title) >= MIN_TITLE_LETTERS and title in letters
        ]
        if held:
            longest[case] = max(held)
    top = max(longest.values(), default=0)
    return {case for case, length in longest.items() if length == top}


def apply_boosts(
    ranked: list[CaseHit],
    boosts: list[tuple[str, str]],
    cases: list[CaseRow],
    named: Collection[int],
) -> list[CaseHit]:
    """Lift the cases of a named network or level, and the cases `named` by title, keeping
    the order among the rest."""
    if not (boosts or named) or not ranked:
        return ranked

    def lifted(hit: CaseHit) -> CaseHit:
        row = cases[hit[0]]
        hits = sum(
            (kind == "network" and value in row.networks)
            or (kind == "level" and row.level == value)
            for kind, value in boosts
        ) + (hit[0] in named)
        return (hit[0], hit[1], hit[2] * BOOST**hits, hit[3]) if hits else hit

    out = [lifted(h) for h in ranked]
    out.sort(key=lambda h: -h[2])  # stable: equal scores keep their order
    return out
