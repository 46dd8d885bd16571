"""A schematic tile map of Thailand for the overview: one square per province, grouped by region.

The tiles keep each province near its neighbours but are not drawn to scale; the layout is
written by hand here (no map data), and the counts come from `kmhub.search.facets`.
"""

from __future__ import annotations

from dataclasses import dataclass

from kmhub.search.facets import FacetCounts
from kmhub.text import places

TILE = 40  # side of a province square, in SVG units
GAP = 4
PITCH = TILE + GAP
COLS, ROWS = 10, 17

# Province -> (column, row, short English code). Thai tiles use the official Thai abbreviation.
LAYOUT: dict[str, tuple[int, int, str]] = {
    # North
    "เชียงราย": (3, 0, "CRI"),
    "แม่ฮ่องสอน": (1, 1, "MHS"),
    "เชียงใหม่": (2, 1, "CMI"),
    "พะเยา": (3, 1, "PYO"),
    "น่าน": (4, 1, "NAN"),
    "ลำพูน": (2, 2, "LPN"),
    "ลำปาง": (3, 2, "LPG"),
    "แพร่": (4, 2, "PRE"),
    "ตาก": (2, 3, "TAK"),
    "สุโขทัย": (3, 3, "STI"),
    "อุตรดิตถ์": (4, 3, "UTD"),
    "กำแพงเพชร": (2, 4, "KPT"),
    "พิษณุโลก": (3, 4, "PLK"),
    "พิจิตร": (3, 5, "PCT"),
    "เพชรบูรณ์": (4, 5, "PNB"),
    "อุทัยธานี": (2, 6, "UTI"),
    "นครสวรรค์": (3, 6, "NSN"),
    # Northeast
    "หนองคาย": (6, 2, "NKI"),
    "บึงกาฬ": (7, 2, "BKN"),
    "เลย": (4, 4, "LEI"),
    "อุดรธานี": (6, 3, "UDN"),
    "สกลนคร": (7, 3, "SNK"),
    "นครพนม": (8, 3, "NPM"),
    "หนองบัวลำภู": (5, 4, "NBP"),
    "ขอนแก่น": (6, 4, "KKN"),
    "กาฬสินธุ์": (7, 4, "KSN"),
    "มุกดาหาร": (8, 4, "MDH"),
    "ชัยภูมิ": (5, 5, "CPM"),
    "มหาสารคาม": (6, 5, "MKM"),
    "ร้อยเอ็ด": (7, 5, "RET"),
    "ยโสธร": (8, 5, "YST"),
    "อำนาจเจริญ": (9, 5, "ACR"),
    "นครราชสีมา": (5, 6, "NMA"),
    "บุรีรัมย์": (6, 6, "BRM"),
    "สุรินทร์": (7, 6, "SRN"),
    "ศรีสะเกษ": (8, 6, "SSK"),
    "อุบลราชธานี": (9, 6, "UBN"),
    # Central
    "ลพบุรี": (4, 6, "LRI"),
    "ชัยนาท": (2, 7, "CNT"),
    "สิงห์บุรี": (3, 7, "SBR"),
    "สระบุรี": (4, 7, "SRI"),
    "นครนายก": (5, 7, "NYK"),
    "สุพรรณบุรี": (2, 8, "SPB"),
    "อ่างทอง": (3, 8, "ATG"),
    "พระนครศรีอยุธยา": (4, 8, "AYA"),
    "นครปฐม": (2, 9, "NPT"),
    "นนทบุรี": (3, 9, "NBI"),
    "ปทุมธานี": (4, 9, "PTE"),
    "สมุทรสาคร": (2, 10, "SKN"),
    "กรุงเทพมหานคร": (3, 10, "BKK"),
    "สมุทรปราการ": (4, 10, "SPK"),
    "สมุทรสงคราม": (2, 11, "SKM"),
    # East
    "ปราจีนบุรี": (6, 7, "PRI"),
    "สระแก้ว": (7, 7, "SKW"),
    "ฉะเชิงเทรา": (5, 8, "CCO"),
    "จันทบุรี": (6, 8, "CTI"),
    "ตราด": (7, 8, "TRT"),
    "ชลบุรี": (5, 9, "CBI"),
    "ระยอง": (6, 9, "RYG"),
    # West
    "กาญจนบุรี": (1, 8, "KRI"),
    "ราชบุรี": (1, 9, "RBR"),
    "เพชรบุรี": (1, 10, "PBI"),
    "ประจวบคีรีขันธ์": (1, 11, "PKN"),
    # South
    "ชุมพร": (1, 12, "CPN"),
    "ระนอง": (0, 13, "RNG"),
    "สุราษฎร์ธานี": (1, 13, "SNI"),
    "นครศรีธรรมราช": (2, 13, "NST"),
    "พังงา": (0, 14, "PNA"),
    "กระบี่": (1, 14, "KBI"),
    "พัทลุง": (2, 14, "PLG"),
    "ภูเก็ต": (0, 15, "PKT"),
    "ตรัง": (1, 15, "TRG"),
    "สงขลา": (2, 15, "SKA"),
    "ปัตตานี": (3, 15, "PTN"),
    "สตูล": (1, 16, "STN"),
    "ยะลา": (3, 16, "YLA"),
    "นราธิวาส": (4, 16, "NWT"),
}

# Where each region's name is written: an empty patch of the grid next to its tiles
# (column, row, text-anchor).
LABELS: dict[str, tuple[float, float, str]] = {
    "ภาคเหนือ": (0, 0, "start"),
    "ภาคตะวันออกเฉียงเหนือ": (5, 0.6, "start"),
    "ภาคกลาง": (3, 11, "start"),
    "ภาคตะวันออก": (8, 7.2, "start"),
    "ภาคตะวันตก": (0, 6.4, "start"),
    "ภาคใต้": (3, 13, "start"),
}

# Shading steps: (lowest count, Thai legend text, English legend text).
STEPS: tuple[tuple[int, str, str], ...] = (
    (0, "ยังไม่มี", "none yet"),
    (1, "1 กรณี", "1 case"),
    (2, "2 กรณี", "2 cases"),
    (3, "3–4 กรณี", "3–4 cases"),
    (5, "5 กรณีขึ้นไป", "5 or more"),
)


@dataclass(frozen=True)
class Tile:
    province: str
    name_en: str
    abbr_th: str
    abbr_en: str
    region: str
    count: int
    step: int
    x: int
    y: int


@dataclass(frozen=True)
class RegionRow:
    region: str
    slug: str
    cases: int
    provinces: int
    covered: int
    missing: list[str]
    label_x: float
    label_y: float
    anchor: str


@dataclass(frozen=True)
class RegionMap:
    tiles: list[Tile]
    regions: list[RegionRow]
    edges: str  # SVG path data of the borders between regions
    width: int
    height: int
    missing: int
    steps: tuple[tuple[int, str, str], ...] = STEPS


def region_slug(region: str) -> str:
    """The id of a region's block on the browse page: region-north, region-south, ..."""
    return "region-" + places.REGIONS_EN.get(region, "other").lower()


def step_of(count: int) -> int:
    """The shading step of a province with `count` cases (0 = none yet)."""
    return max(i for i, (low, _, _) in enumerate(STEPS) if count >= low)


def region_map(counts: FacetCounts) -> RegionMap:
    """Tiles, region rows and region borders for the facet counts of a set of cases."""
    per_province = {item["value"]: item["count"] for item in counts.get("province", [])}
    per_region = {item["value"]: item["count"] for item in counts.get("region", [])}
    info = places.provinces()
    tiles = []
    for name, (col, row, code) in LAYOUT.items():
        n = per_province.get(name, 0)
        tiles.append(
            Tile(
                province=name,
                name_en=info[name]["name_en"],
                abbr_th=info[name]["abbr_th"],
                abbr_en=code,
                region=info[name]["region"],
                count=n,
                step=step_of(n),
                x=col * PITCH + GAP,
                y=row * PITCH + GAP,
            )
        )
    regions = []
    for region, names in places.REGIONS.items():
        at_col, at_row, anchor = LABELS[region]
        regions.append(
            RegionRow(
                region=region,
                slug=region_slug(region),
                cases=per_region.get(region, 0),
                provinces=len(names),
                covered=sum(1 for p in names if per_province.get(p)),
                missing=[p for p in names if not per_province.get(p)],
                label_x=at_col * PITCH + GAP,
                label_y=at_row * PITCH + GAP,
                anchor=anchor,
            )
        )
    return RegionMap(
        tiles=tiles,
        regions=regions,
        edges=_region_edges(),
        width=COLS * PITCH + GAP,
        height=ROWS * PITCH + GAP,
        missing=sum(len(r.missing) for r in regions),
    )


def _region_edges() -> str:
    """Path data for every tile side that faces another region or the sea, half a gap out."""
    region_at = {(col, row): places.region_of(name) for name, (col, row, _) in LAYOUT.items()}
    half = GAP / 2
    parts = []
    for (col, row), region in sorted(region_at.items()):
        left, top = col * PITCH + half, row * PITCH + half
        right, bottom = left + PITCH, top + PITCH
        sides = {
            (0, -1): (left, top, right, top),
            (0, 1): (left, bottom, right, bottom),
            (-1, 0): (left, top, left, bottom),
            (1, 0): (right, top, right, bottom),
        }
        for (dc, dr), (x1, y1, x2, y2) in sides.items():
            other = region_at.get((col + dc, row + dr))
            # A side shared by two regions is drawn once, from the tile above or to the left.
            if other != region and (other is None or (dc, dr) in ((0, 1), (1, 0))):
                parts.append(f"M{x1:g} {y1:g}H{x2:g}" if y1 == y2 else f"M{x1:g} {y1:g}V{y2:g}")
    return "".join(parts)
