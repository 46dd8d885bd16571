"""A small, curated synonym table for the field: each group is searched as one term."""

from __future__ import annotations

import hashlib
from functools import cache

# Each line is one group; the first word is the one every other word is indexed as.
# Thai and English stand in one group when they name the same thing, so an English query
# reaches Thai text through the words as well as through meaning. English words are
# written plainly; they are stemmed when the table is loaded.
# Seeded from the synsets of pythainlp's bundled wordnet_th.db, then cut by hand to what
# means the same in moral-province work (wordnet also offers e.g. "ยา" for ยาเสพติด).
# To extend: add a line (or a word to a line), run `kmhub build`; docs/search-rules.md.
GROUPS_TEXT = """
เหล้า สุรา แอลกอฮอล์ น้ำเมา สุราเมรัย เครื่องดื่มแอลกอฮอล์ alcohol liquor
ทุจริต คอร์รัปชัน คอร์รัปชั่น คอรัปชั่น คอรัปชัน corruption
จิตอาสา อาสาสมัคร อาสา volunteer volunteering
บุหรี่ ยาสูบ ซิกาแรต tobacco cigarette smoking
ยาเสพติด สารเสพติด สิ่งเสพติด drug narcotics
ผู้สูงอายุ ผู้สูงวัย คนชรา คนเฒ่าคนแก่ ผู้เฒ่าผู้แก่ elderly
เยาวชน วัยรุ่น ยุวชน youth teenager
โรงพยาบาล รพ. โรงบาล hospital
โรงเรียน ร.ร. รร. school
มัสยิด mosque
วัด อาราม วัดวาอาราม temple
ซื่อสัตย์ สุจริต ซื่อตรง ซื่อสัตย์สุจริต honest honesty integrity
พอเพียง sufficiency sufficient
ขยะ ของเสีย เศษขยะ waste garbage rubbish trash
สิ่งแวดล้อม สภาพแวดล้อม environment environmental
พนักงาน ลูกจ้าง employee worker
บริษัท company firm
ครอบครัว family
ท่องเที่ยว tourism tourist
ตลาด market
งานศพ พิธีศพ ฌาปนกิจ funeral
การพนัน พนัน gambling
หนี้ หนี้สิน debt
ออม อดออม saving savings
โปร่งใส ความโปร่งใส transparency transparent
กตัญญู ความกตัญญู gratitude grateful
วินัย discipline
สามัคคี ความสามัคคี unity
นักเรียน student pupil
ครู อาจารย์ teacher
ศาสนา religion religious
องค์กร องค์การ organization organisation
"""


def _stem_english(word: str) -> str:
    from kmhub.text.english import stem

    return stem(word)


@cache
def groups() -> tuple[tuple[str, ...], ...]:
    """The table's groups, words in index form (English stemmed), first word first."""
    out = []
    for line in GROUPS_TEXT.strip().splitlines():
        words = [w if not w.isascii() else _stem_english(w.lower()) for w in line.split()]
        out.append(tuple(dict.fromkeys(words)))
    return tuple(out)


@cache
def canonical_map() -> dict[str, str]:
    """Every word of the table -> the first word of its group (the first group wins)."""
    table: dict[str, str] = {}
    for group in groups():
        for word in group:
            table.setdefault(word, group[0])
    return table


def canonical(term: str) -> str:
    return canonical_map().get(term, term)


@cache
def multiword_entries() -> frozenset[str]:
    """Thai table words the segmenter must keep whole (it would split e.g. จิตอาสา)."""
    return frozenset(w for g in groups() for w in g if not w.isascii())


def fingerprint() -> str:
    return hashlib.sha256(GROUPS_TEXT.encode()).hexdigest()[:12]
