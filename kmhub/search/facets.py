"""Facets: the one counter of cases by province, region, network, level, year, virtue and topic.

Search results, /api/facets, /api/stats, the browse pages and the overview all count here, so
they always agree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from pythainlp.util import collate

from kmhub.index.store import CaseRow
from kmhub.text import places, vocab
from kmhub.text.thai import normalize, to_be_year

FACETS = ("province", "region", "network", "level", "year", "virtue", "topic")
FacetCounts = dict[str, list[dict[str, Any]]]
SORTS = ("count", "name")  # how a long facet list may be ordered; "count" is the default


def count_facets(rows: Iterable[CaseRow]) -> FacetCounts:
    """Case counts of `rows` by province, region, network, level, year, virtue and topic."""
    by: dict[str, Counter[str]] = {k: Counter() for k in FACETS}
    for row in rows:
        by["province"][row.province] += 1
        by["region"][places.region_of(row.province) or "-"] += 1
        by["level"][row.level] += 1
        by["year"][str(row.year)] += 1
        by["network"].update(row.networks)
        by["virtue"].update(row.virtues)
        by["topic"].update(row.topics)
    result: FacetCounts = {}
    for name, counter in by.items():
        # Years in time order; other values by count, ties by value, so every view agrees.
        items = (
            sorted(counter.items()) if name == "year" else sorted(counter.items(), key=_by_count)
        )
        result[name] = [{"value": v, **labels(name, v), "count": c} for v, c in items]
    return result


def labels(facet: str, value: str) -> dict[str, str]:
    """Thai and English display labels for a facet value (values themselves stay canonical)."""
    if facet == "level":
        return {
            "label_th": vocab.LEVELS.get(value, value),
            "label_en": vocab.LEVELS_EN.get(value, value),
        }
    if facet == "network":
        return {
            "label_th": vocab.NETWORKS.get(value, value),
            "label_en": vocab.NETWORKS_EN.get(value, value),
        }
    if facet == "province":
        return {
            "label_th": value,
            "label_en": places.province_en(value, value),
        }
    if facet == "region":
        return {"label_th": value, "label_en": places.REGIONS_EN.get(value, value)}
    if facet == "year":
        return {"label_th": f"พ.ศ. {to_be_year(int(value))}", "label_en": value}
    return {"label_th": value, "label_en": value}


def _by_count(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]


def sort_items(facet: str, items: list[dict[str, Any]], by: str, lang: str = "th") -> list[dict]:
    """Facet items by count (as counted) or by name: Thai dictionary order, English A-Z, years
    in time order."""
    if by != "name":
        return list(items)
    if facet == "year":
        return sorted(items, key=lambda item: int(item["value"]))
    if lang == "en":
        return sorted(items, key=lambda item: (item["label_en"].casefold(), item["value"]))
    order = {name: i for i, name in enumerate(collate([item["label_th"] for item in items]))}
    return sorted(items, key=lambda item: order[item["label_th"]])


def search_terms(facet: str, value: str) -> str:
    """What a search within a facet list matches for one value: the value, both labels and,
    for provinces, the everyday names and abbreviations; normalized like queries."""
    names = labels(facet, value)
    words = [value, names["label_th"], names["label_en"]]
    if facet == "province":
        words += [alias for alias, name in places.province_aliases().items() if name == value]
    if facet == "year":
        words.append(str(to_be_year(int(value))))
    return " | ".join(dict.fromkeys(normalize(word) for word in words))


def filter_items(facet: str, items: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """The items whose names contain `text` (any of the names `search_terms` gives)."""
    wanted = normalize(text).strip()
    if not wanted:
        return list(items)
    return [item for item in items if wanted in search_terms(facet, item["value"])]
