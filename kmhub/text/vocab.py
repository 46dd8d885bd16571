"""Controlled vocabularies: levels, networks, sections, virtues (places are in kmhub.text.places)."""

from __future__ import annotations

LEVELS: dict[str, str] = {
    "community": "ชุมชน",
    "organization": "องค์กร",
    "district": "อำเภอ",
    "province": "จังหวัด",
}

NETWORKS: dict[str, str] = {
    "government": "ภาครัฐ",
    "business": "ภาคธุรกิจเอกชน",
    "education-youth": "ภาคการศึกษา เด็กและเยาวชน",
    "religion": "ภาคศาสนา",
    "media": "ภาคสื่อมวลชน",
    "civil-society": "ภาคประชาสังคม ชุมชน และครอบครัว",
}

NETWORKS_EN: dict[str, str] = {
    "government": "Government",
    "business": "Business",
    "education-youth": "Education and youth",
    "religion": "Religion",
    "media": "Media",
    "civil-society": "Civil society, community and family",
}

LEVELS_EN: dict[str, str] = {
    "community": "Community",
    "organization": "Organization",
    "district": "District",
    "province": "Province",
}

# Canonical section key -> (Thai heading, English heading), in the order cases should use.
SECTIONS: dict[str, tuple[str, str]] = {
    "context": ("บริบท", "Context"),
    "actions": ("สิ่งที่ทำ", "What was done"),
    "results": ("ผลลัพธ์", "Results"),
    "lessons": ("บทเรียน", "Lessons learned"),
    "success-factors": ("ปัจจัยความสำเร็จ", "Success factors"),
    "recommendations": ("ข้อเสนอแนะ", "Recommendations"),
}
# Passages made from front matter rather than a body section.
SUMMARY_SECTION = "summary"
SECTION_LABELS_TH = {"summary": "สรุป", **{k: v[0] for k, v in SECTIONS.items()}}
SECTION_LABELS_EN = {"summary": "Summary", **{k: v[1] for k, v in SECTIONS.items()}}

SUGGESTED_VIRTUES = [
    "พอเพียง",
    "วินัย",
    "สุจริต",
    "จิตอาสา",
    "กตัญญู",
    "ใส่ใจส่วนรวม",
    "สามัคคี",
    "รับผิดชอบ",
    "ซื่อสัตย์",
    "เอื้อเฟื้อ",
]


def section_key(heading: str) -> str | None:
    """Canonical section key for a Thai or English heading (case and spacing ignored)."""
    wanted = " ".join(heading.split()).casefold()
    for key, (thai, english) in SECTIONS.items():
        if wanted in (thai.casefold(), english.casefold()):
            return key
    return None


# Words that name a network or a level in a query (applied as a gentle boost, never a filter).
NETWORK_WORDS: dict[str, str] = {
    "ภาครัฐ": "government",
    "หน่วยงานรัฐ": "government",
    "หน่วยงานราชการ": "government",
    "ภาคราชการ": "government",
    "government": "government",
    "public sector": "government",
    "ภาคธุรกิจ": "business",
    "ภาคเอกชน": "business",
    "องค์กรธุรกิจ": "business",
    "business": "business",
    "private sector": "business",
    "ภาคการศึกษา": "education-youth",
    "สถานศึกษา": "education-youth",
    "education": "education-youth",
    "ภาคศาสนา": "religion",
    "องค์กรศาสนา": "religion",
    "religious": "religion",
    "ภาคสื่อมวลชน": "media",
    "สื่อมวลชน": "media",
    "media": "media",
    "ภาคประชาสังคม": "civil-society",
    "ภาคประชาชน": "civil-society",
    "civil society": "civil-society",
}
LEVEL_WORDS: dict[str, str] = {
    "ระดับชุมชน": "community",
    "ชุมชนคุณธรรม": "community",
    "moral community": "community",
    "community level": "community",
    "ระดับองค์กร": "organization",
    "องค์กรคุณธรรม": "organization",
    "moral organization": "organization",
    "ระดับอำเภอ": "district",
    "อำเภอคุณธรรม": "district",
    "district level": "district",
    "ระดับจังหวัด": "province",
    "province level": "province",
    "provincial level": "province",
}
