"""Search filters: the one place that checks a province, level, network, region or year range
and decides whether a case passes."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from kmhub.errors import QueryError
from kmhub.index.store import CaseRow
from kmhub.text import places, thai, vocab


@dataclass(frozen=True)
class Filters:
    province: str | None = None
    level: str | None = None
    network: str | None = None
    virtue: str | None = None
    topic: str | None = None
    year_from: int | None = None  # CE or BE; BE is converted
    year_to: int | None = None
    region: str | None = None  # ภาคเหนือ ... or North, Isan ...

    def checked(self) -> Filters:
        """The same filters in canonical form, or QueryError naming the bad value."""
        province = self.province
        if province:
            province = places.canonical_province(province)
            if province is None:
                raise QueryError(
                    f"ไม่รู้จักจังหวัด '{self.province}'", f"unknown province '{self.province}'"
                )
        if self.level and self.level not in vocab.LEVELS:
            raise QueryError(
                f"ไม่รู้จักระดับ '{self.level}'",
                f"unknown level '{self.level}'; use {', '.join(vocab.LEVELS)}",
            )
        if self.network and self.network not in vocab.NETWORKS:
            raise QueryError(
                f"ไม่รู้จักเครือข่าย '{self.network}'",
                f"unknown network '{self.network}'; use {', '.join(vocab.NETWORKS)}",
            )
        region = self.region
        if region:
            region = places.canonical_region(region)
            if region is None:
                raise QueryError(
                    f"ไม่รู้จักภาค '{self.region}'",
                    f"unknown region '{self.region}'; use {', '.join(places.REGIONS)}",
                )
        year_from = thai.to_ce_year(self.year_from) if self.year_from else None
        year_to = thai.to_ce_year(self.year_to) if self.year_to else None
        if year_from and year_to and year_from > year_to:
            raise QueryError("ปีเริ่มต้องไม่มากกว่าปีสิ้นสุด", "year_from must not be after year_to")
        return Filters(
            province or None,
            self.level or None,
            self.network or None,
            (self.virtue or "").strip() or None,
            (self.topic or "").strip() or None,
            year_from,
            year_to,
            region or None,
        )

    def accepts(self, c: CaseRow) -> bool:
        """Whether a case passes these (already checked) filters."""
        return (
            (self.province is None or c.province == self.province)
            and (self.level is None or c.level == self.level)
            and (self.network is None or self.network in c.networks)
            and (self.virtue is None or self.virtue in c.virtues)
            and (self.topic is None or self.topic in c.topics)
            and (self.year_from is None or c.year >= self.year_from)
            and (self.year_to is None or c.year <= self.year_to)
            and (self.region is None or places.region_of(c.province) == self.region)
        )

    def active(self) -> bool:
        return any(v not in (None, "") for v in asdict(self).values())
