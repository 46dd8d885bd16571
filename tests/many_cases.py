"""A generated corpus of ninety short cases over sixty provinces, for pages at full scale."""

from __future__ import annotations

from pathlib import Path

from kmhub.index.build import build_index
from kmhub.index.encoders import Encoder
from kmhub.settings import Settings
from kmhub.text import places

# Fifteen provinces are left without a case, so the overview has something to list.
LEFT_OUT = frozenset(
    {
        "แม่ฮ่องสอน",
        "พะเยา",
        "บึงกาฬ",
        "มุกดาหาร",
        "อำนาจเจริญ",
        "ยโสธร",
        "สิงห์บุรี",
        "อ่างทอง",
        "สมุทรสงคราม",
        "ตราด",
        "สระแก้ว",
        "เพชรบุรี",
        "สตูล",
        "ระนอง",
        "พังงา",
    }
)
CASES = 90

# (title words, summary, level, network, virtue, topic): small variations of everyday work.
THEMES = [
    (
        "ธนาคารความดี",
        "ชาวบ้านบันทึกความดีแล้วแลกเป็นของใช้ในครัวเรือน",
        "community",
        "civil-society",
        "จิตอาสา",
        "ธนาคารความดี",
    ),
    (
        "โรงเรียนสุจริต",
        "นักเรียนดูแลร้านค้าซื่อสัตย์ไม่มีคนขาย",
        "organization",
        "education-youth",
        "สุจริต",
        "ร้านค้าซื่อสัตย์",
    ),
    (
        "วัดปลอดเหล้า",
        "วัดและชุมชนจัดงานบุญโดยไม่มีเครื่องดื่มแอลกอฮอล์",
        "community",
        "religion",
        "พอเพียง",
        "งานบุญปลอดเหล้า",
    ),
    (
        "อำเภอคุณธรรม",
        "อำเภอรวมหน่วยงานจัดตลาดสะอาดและลดขยะ",
        "district",
        "government",
        "วินัย",
        "การจัดการขยะ",
    ),
    (
        "บริษัทโปร่งใส",
        "บริษัทเปิดเผยการจัดซื้อและให้พนักงานแจ้งเรื่องไม่ชอบมาพากล",
        "organization",
        "business",
        "ซื่อสัตย์",
        "ต่อต้านการทุจริต",
    ),
    (
        "วิทยุชุมชน",
        "สถานีวิทยุชุมชนเล่าเรื่องคนทำดีในจังหวัดทุกสัปดาห์",
        "province",
        "media",
        "ใส่ใจส่วนรวม",
        "สื่อสร้างสรรค์",
    ),
]


def many_provinces() -> list[str]:
    """The provinces of the corpus in a fixed order: every province but LEFT_OUT, then the
    first ones again until there are CASES cases (so counts differ)."""
    covered = [p for names in places.REGIONS.values() for p in names if p not in LEFT_OUT]
    return [covered[i % len(covered)] for i in range(CASES)]


def write_many_cases(folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    provinces = many_provinces()
    for i, province in enumerate(provinces):
        words, summary, level, network, virtue, topic = THEMES[i % len(THEMES)]
        year = 2012 + i % 13
        text = f"""---
id: mc-{i:03d}
title: {words}{province} กรณีที่ {i + 1}
province: {province}
date: {year}-0{1 + i % 9}-15
level: {level}
networks: [{network}]
summary: >-
  {summary} ที่จังหวัด{province}
virtues: [{virtue}]
topics: [{topic}]
---

## สิ่งที่ทำ
คณะทำงานใน{province}ประชุมทุกเดือนและแบ่งงานกันตามความถนัด

## บทเรียน
- งานต่อเนื่องได้เมื่อคนในพื้นที่เป็นเจ้าของเรื่องเอง
"""
        (folder / f"mc-{i:03d}.md").write_text(text, encoding="utf-8")
    return provinces


def build_many_cases(root: Path, encoder: Encoder) -> Settings:
    """The generated corpus built into `root/index`."""
    write_many_cases(root / "cases")
    settings = Settings(cases_dir=root / "cases", index_dir=root / "index")
    build_index(settings, encoder=encoder, progress=False)
    return settings
