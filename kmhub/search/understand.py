"""What a query names besides its words: provinces, regions, years, networks and levels.

Each is found on whole words of the query (the same segmentation as search), so "โคราช"
in "ชุมชนคุณธรรมโคราช" is found but "ลำปาง" never yields "ปาง". Places and years become
filters, networks and levels a gentle boost; every one can be switched off by its kind.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from typing import Any

from kmhub.search import years
from kmhub.text import analysis, bilingual, places, thai, vocab

KINDS = ("province", "region", "year", "network", "level")
# Not kinds of word found, but they can be switched off the same way: typo correction, and a
# case's title written in the query lifting that case (kmhub.search.boosts).
SPELLING = "spelling"
TITLE = "title"
LITERAL_KINDS = (*KINDS, SPELLING, TITLE)
# How each kind changes the search: a filter keeps only matching cases, a boost lifts them.
HOW = {
    "province": "filter",
    "region": "filter",
    "year": "filter",
    "network": "boost",
    "level": "boost",
}
LABELS = {
    "province": ("จังหวัด", "Province"),
    "region": ("ภาค", "Region"),
    "year": ("ปี", "Year"),
    "network": ("เครือข่าย", "Network"),
    "level": ("ระดับ", "Level"),
}
# Words typed before a place that belong to it ("จังหวัดเลย").
PROVINCE_PREFIXES = frozenset({"จังหวัด", "จ.", "เมือง", "province"})
# English directions, which open names too (South Korea, Southern California).
DIRECTIONS = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western"}
    | {"northeast", "northeastern"}
)
LONGEST_PHRASE = 4  # words


@dataclass(frozen=True)
class Understood:
    kind: str
    value: str  # canonical: province or region name, network or level key, or CE years:
    # "2021", "2019-2021", "2020-" (from 2020 on) or "-2016" (up to 2016)
    text: str  # as typed in the query
    start: int
    end: int
    how: str  # filter | boost | literal (switched off) | overridden (an explicit filter wins)
    label_th: str
    label_en: str

    @property
    def years(self) -> tuple[int | None, int | None]:
        first, dash, last = self.value.partition("-")
        start = int(first) if first else None
        return start, (int(last) if last else None) if dash else start


@dataclass
class Interpretation:
    query: str
    found: list[Understood] = field(default_factory=list)
    # Every place in the query a filter was read from, repeats included: (start, end, kind, value).
    filter_spans: list[tuple[int, int, str, str]] = field(default_factory=list)

    @property
    def words(self) -> str:
        """The query without the places and years read from it as filters: what is searched
        as words (one switched off, or matching no case, leaves its words in)."""
        return self.without("filter", "overridden")

    def without(self, *hows: str) -> str:
        """The query with the filter phrases understood in one of these ways cut out."""
        cut_kinds = {(u.kind, u.value) for u in self.found if u.how in hows}
        cuts = [(s, e) for s, e, kind, value in self.filter_spans if (kind, value) in cut_kinds]
        if not cuts:
            return self.query
        kept, position = [], 0
        for start, end in sorted(cuts):
            kept.append(self.query[position:start])
            position = max(position, end)
        kept.append(self.query[position:])
        return " ".join(" ".join(kept).split())

    def with_how(self, old: str, new: str) -> Interpretation:
        """The same reading with every item applied as `old` now marked `new`."""
        found = [replace(u, how=new) if u.how == old else u for u in self.found]
        return Interpretation(self.query, found, self.filter_spans)

    def applied(self, how: str) -> list[Understood]:
        return [u for u in self.found if u.how == how]

    def filter_values(self) -> dict[str, Any]:
        """Filter fields to add (province, region, year_from, year_to) from what was found."""
        values: dict[str, Any] = {}
        for u in self.applied("filter"):
            if u.kind == "year":
                # Two years in one query ("2019 และ 2021") widen the span to cover both.
                first, last = u.years
                if first is not None:
                    values["year_from"] = min(values.get("year_from", first), first)
                if last is not None:
                    values["year_to"] = max(values.get("year_to", last), last)
            else:
                values.setdefault(u.kind, u.value)
        return values

    def boosts(self) -> list[tuple[str, str]]:
        return [(u.kind, u.value) for u in self.applied("boost")]

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "words": self.words, "found": [asdict(u) for u in self.found]}


def parse_literal(raw: str | list[str] | None) -> frozenset[str]:
    """Kinds to leave as typed, from "province,year", a list of them, or "all" (unknown
    names are ignored: a stale link must not break a search)."""
    if not raw:
        return frozenset()
    items = [raw] if isinstance(raw, str) else raw
    kinds = {k.strip() for item in items for k in item.split(",") if k.strip()}
    return frozenset(LITERAL_KINDS) if "all" in kinds else frozenset(kinds & set(LITERAL_KINDS))


@cache
def _phrases() -> dict[tuple[str, ...], tuple[str, str]]:
    """Word sequence (as the segmenter cuts it) -> (kind, canonical value)."""
    table: dict[tuple[str, ...], tuple[str, str]] = {}

    def add(phrase: str, kind: str, value: str) -> None:
        key = _key(phrase)
        if key:
            table.setdefault(key, (kind, value))

    for name in places.provinces():
        add(name, "province", name)
    for alias, name in places.province_aliases().items():
        # A bare two-letter abbreviation ("ลป") would match inside words; only "ลป." counts.
        if not alias.isascii() and len(alias) <= 3 and not alias.endswith("."):
            continue
        add(alias, "province", name)
    for alias, region in places.REGION_ALIASES.items():
        add(alias, "region", region)
    for region in places.REGIONS:
        add(region, "region", region)
    for words, key in vocab.NETWORK_WORDS.items():
        add(words, "network", key)
    for words, key in vocab.LEVEL_WORDS.items():
        add(words, "level", key)
    return table


@cache
def _dotted_aliases() -> frozenset[str]:
    """Province aliases written with a final period (พร., กทม.): the period is part of them."""
    return frozenset(a for a in places.province_aliases() if a.endswith(".") and not a.isascii())


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(w for _, _, w in _pieces(phrase))


def _pieces(text: str) -> list[thai.Span]:
    """Segmented words, Latin tokens cut at hyphens and the like ("Chiang-Mai"), and a Thai
    word keeping the period typed right after it."""
    out: list[thai.Span] = []
    for start, end, word in analysis.word_spans(text):
        if word.isascii() and not word.endswith("."):
            out.extend(
                (start + m.start(), start + m.end(), m.group())
                for m in re.finditer(r"[a-z0-9]+", word)
            )
        elif text[end : end + 1] == "." and word + "." in _dotted_aliases():
            # word_spans leaves out the period after some abbreviations ("พร." -> "พร"), and
            # without it an abbreviation is an everyday word (พร blessing, นม milk, ชน people).
            out.append((start, end + 1, word + "."))
        else:
            out.append((start, end, word))
    return out


def understand(query: str, literal: frozenset[str] = frozenset()) -> Interpretation:
    """Find places, regions, years, networks and levels in `query` (kinds in `literal` are
    reported as switched off and stay plain words)."""
    pieces = _pieces(query)
    words = [w for _, _, w in pieces]
    found: list[Understood] = []
    spans: list[tuple[int, int, str, str]] = []
    i = 0
    while i < len(pieces):
        match = _phrase_at(words, i)
        if match is not None:
            length, kind, value = match
            prefixed = kind == "province" and i > 0 and words[i - 1] in PROVINCE_PREFIXES
            first = i - 1 if prefixed else i
        else:
            year = years.year_at(query, pieces, i)
            if year is None:
                i += 1
                continue
            (first, length, value), kind = year, "year"
        if _means_something_else(query, pieces, kind, i, length, prefixed=first < i):
            i += 1
            continue
        start, end = pieces[first][0], pieces[i + length - 1][1]
        how = "literal" if kind in literal else HOW[kind]
        th, en = _labels(kind, value)
        found.append(Understood(kind, value, query[start:end], start, end, how, th, en))
        if how == "filter":  # a filter says it all; boosted and literal words stay words
            spans.append((start, end, kind, value))
        i += length
    return Interpretation(query, _one_per_value(found), spans)


def _one_per_value(found: list[Understood]) -> list[Understood]:
    seen: set[tuple[str, str]] = set()
    out = []
    for u in found:
        if (u.kind, u.value) not in seen:
            seen.add((u.kind, u.value))
            out.append(u)
    return out


def _phrase_at(words: list[str], i: int) -> tuple[int, str, str] | None:
    table = _phrases()
    for length in range(min(LONGEST_PHRASE, len(words) - i), 0, -1):
        hit = table.get(tuple(words[i : i + length]))
        if hit:
            return length, hit[0], hit[1]
    return None


def _means_something_else(
    query: str, pieces: list[thai.Span], kind: str, i: int, length: int, prefixed: bool
) -> bool:
    """Whether the place found at piece i is an everyday word here: a province name that is a
    word too (เลย, ตาก) unless after จังหวัด/จ. or standing alone, an abbreviation that is an
    everyday one too (ชม. hour) unless after จังหวัด/จ., an English direction opening a name."""
    word = pieces[i][2]
    if kind == "province" and not prefixed and length == 1:
        if word in places.AMBIGUOUS_PROVINCE_WORDS:
            return not _stands_alone(query, pieces[i])
        return word in places.EVERYDAY_ABBREVIATIONS
    return kind == "region" and _opens_a_name(query, pieces, i + length)


def _opens_a_name(query: str, pieces: list[thai.Span], after: int) -> bool:
    """Whether the English direction ending before piece `after` opens a name: South Africa,
    the north pole (WordNet compounds), Southern California (a capitalized word after it, in a
    query not typed in capitals throughout), but not South Thailand."""
    if after >= len(pieces) or after == 0 or pieces[after - 1][2] not in DIRECTIONS:
        return False
    direction, (start, _, word) = pieces[after - 1][2], pieces[after]
    if not word.isalpha() or not word.isascii() or word in {"thailand", "thai"}:
        return False
    if bilingual.translatable_lemma(f"{direction}_{word}") is not None:
        return True
    # In "Moral Communities In The North" or "NORTH EAST HOMESTAY" capitals say nothing.
    typed_lower = any(query[s].islower() for s, _, w in pieces if w.isascii() and w.isalpha())
    return typed_lower and query[start].isupper()


def _stands_alone(query: str, piece: thai.Span) -> bool:
    start, end, _ = piece
    before = query[start - 1] if start > 0 else " "
    after = query[end] if end < len(query) else " "
    return not before.strip() and not after.strip()


def _labels(kind: str, value: str) -> tuple[str, str]:
    th, en = LABELS[kind]
    if kind == "province":
        return f"{th}: {value}", f"{en}: {places.province_en(value, value)}"
    if kind == "region":
        return f"{th}: {value}", f"{en}: {places.REGIONS_EN.get(value, value)}"
    if kind == "year":
        first, dash, last = value.partition("-")
        be = {y: str(thai.to_be_year(int(y))) for y in (first, last) if y}
        if dash and not last:
            return f"{th}: ตั้งแต่ พ.ศ. {be[first]}", f"{en}: {first} onwards"
        if dash and not first:
            return f"{th}: ถึง พ.ศ. {be[last]}", f"{en}: up to {last}"
        shown_th = "–".join(be[y] for y in (first, last) if y)
        return f"{th}: พ.ศ. {shown_th}", f"{en}: {value.replace('-', '–')}"
    if kind == "network":
        return f"{th}: {vocab.NETWORKS[value]}", f"{en}: {vocab.NETWORKS_EN[value]}"
    return f"{th}: {vocab.LEVELS[value]}", f"{en}: {vocab.LEVELS_EN[value]}"
