"""Places: the 77 provinces with their aliases, nicknames and regions, as cases and queries name them."""

from __future__ import annotations

from functools import cache

# Region of each province (the six-region scheme used in Thai geography teaching).
REGIONS: dict[str, list[str]] = {
    "ภาคเหนือ": [
        "เชียงราย",
        "เชียงใหม่",
        "น่าน",
        "พะเยา",
        "แพร่",
        "แม่ฮ่องสอน",
        "ลำปาง",
        "ลำพูน",
        "อุตรดิตถ์",
        "กำแพงเพชร",
        "ตาก",
        "นครสวรรค์",
        "พิจิตร",
        "พิษณุโลก",
        "เพชรบูรณ์",
        "สุโขทัย",
        "อุทัยธานี",
    ],
    "ภาคตะวันออกเฉียงเหนือ": [
        "กาฬสินธุ์",
        "ขอนแก่น",
        "ชัยภูมิ",
        "นครพนม",
        "นครราชสีมา",
        "บึงกาฬ",
        "บุรีรัมย์",
        "มหาสารคาม",
        "มุกดาหาร",
        "ยโสธร",
        "ร้อยเอ็ด",
        "เลย",
        "ศรีสะเกษ",
        "สกลนคร",
        "สุรินทร์",
        "หนองคาย",
        "หนองบัวลำภู",
        "อำนาจเจริญ",
        "อุดรธานี",
        "อุบลราชธานี",
    ],
    "ภาคกลาง": [
        "กรุงเทพมหานคร",
        "ชัยนาท",
        "นครนายก",
        "นครปฐม",
        "นนทบุรี",
        "ปทุมธานี",
        "พระนครศรีอยุธยา",
        "ลพบุรี",
        "สมุทรปราการ",
        "สมุทรสงคราม",
        "สมุทรสาคร",
        "สระบุรี",
        "สิงห์บุรี",
        "สุพรรณบุรี",
        "อ่างทอง",
    ],
    "ภาคตะวันออก": ["จันทบุรี", "ฉะเชิงเทรา", "ชลบุรี", "ตราด", "ปราจีนบุรี", "ระยอง", "สระแก้ว"],
    "ภาคตะวันตก": ["กาญจนบุรี", "ประจวบคีรีขันธ์", "เพชรบุรี", "ราชบุรี"],
    "ภาคใต้": [
        "กระบี่",
        "ชุมพร",
        "ตรัง",
        "นครศรีธรรมราช",
        "นราธิวาส",
        "ปัตตานี",
        "พังงา",
        "พัทลุง",
        "ภูเก็ต",
        "ยะลา",
        "ระนอง",
        "สงขลา",
        "สตูล",
        "สุราษฎร์ธานี",
    ],
}
REGIONS_EN = {
    "ภาคเหนือ": "North",
    "ภาคตะวันออกเฉียงเหนือ": "Northeast",
    "ภาคกลาง": "Central",
    "ภาคตะวันออก": "East",
    "ภาคตะวันตก": "West",
    "ภาคใต้": "South",
}

# Everyday names people write instead of the canonical one.
_COMMON_ALIASES = {
    "อยุธยา": "พระนครศรีอยุธยา",
    "กรุงเทพ": "กรุงเทพมหานคร",
    "กรุงเทพฯ": "กรุงเทพมหานคร",
    "กทม.": "กรุงเทพมหานคร",
    "โคราช": "นครราชสีมา",
    "นครศรีฯ": "นครศรีธรรมราช",
    "นครศรี": "นครศรีธรรมราช",
    "อุบล": "อุบลราชธานี",
    "อุดร": "อุดรธานี",
    "สุราษฎร์": "สุราษฎร์ธานี",
    "สุราษฎร์ฯ": "สุราษฎร์ธานี",
    "ประจวบ": "ประจวบคีรีขันธ์",
    "กาญจน์": "กาญจนบุรี",
    "ปากน้ำ": "สมุทรปราการ",
    "สุพรรณ": "สุพรรณบุรี",
    "พิษณุ": "พิษณุโลก",
}


@cache
def provinces() -> dict[str, dict[str, str]]:
    """Canonical Thai name -> {name_en, abbr_th, region} for the 77 provinces."""
    from pythainlp.corpus import provinces as pythainlp_provinces

    region_of = {name: region for region, names in REGIONS.items() for name in names}
    return {
        p["name_th"]: {
            "name_en": p["name_en"],
            "abbr_th": p["abbr_th"],
            "region": region_of.get(p["name_th"], ""),
        }
        for p in pythainlp_provinces(details=True)
        if isinstance(p, dict)  # details=True gives dicts; the type says str | dict
    }


@cache
def province_aliases() -> dict[str, str]:
    """Alias (Thai abbreviation, everyday name, English name; lower-cased) -> canonical name."""
    aliases = dict(_COMMON_ALIASES) | PROVINCE_NICKNAMES
    for name, info in provinces().items():
        aliases[info["abbr_th"]] = name
        aliases[info["abbr_th"] + "."] = name
        aliases[info["name_en"].lower()] = name
        aliases[info["name_en"].lower().replace(" ", "")] = name  # "Chon Buri" is often "Chonburi"
    return aliases


def canonical_province(value: str) -> str | None:
    """The canonical spelling of a province name or alias, or None when unknown."""
    text = " ".join(value.split())
    for prefix in ("จังหวัด", "จ."):
        if text.startswith(prefix):
            text = text[len(prefix) :].strip()
    if text in provinces():
        return text
    return province_aliases().get(text) or province_aliases().get(text.lower())


def canonical_region(value: str) -> str | None:
    """The canonical name of a region from its Thai or English name or an alias, or None."""
    text = " ".join(value.split())
    if text in REGIONS:
        return text
    english = {name.casefold(): region for region, name in REGIONS_EN.items()}
    return (
        REGION_ALIASES.get(text)
        or REGION_ALIASES.get(text.casefold())
        or english.get(text.casefold())
    )


def province_en(province: str, default: str = "") -> str:
    """The English name of a canonical province, or `default`."""
    return provinces().get(province, {}).get("name_en", default)


def region_of(province: str) -> str:
    return provinces().get(province, {}).get("region", "")


# Nicknames and short forms met in queries, beyond the everyday names above.
PROVINCE_NICKNAMES = {
    "เมืองคอน": "นครศรีธรรมราช",
    "เมืองย่าโม": "นครราชสีมา",
    "กทม": "กรุงเทพมหานคร",
    "บางกอก": "กรุงเทพมหานคร",
    "กรุงเก่า": "พระนครศรีอยุธยา",
    "แปดริ้ว": "ฉะเชิงเทรา",
    "เมืองสองแคว": "พิษณุโลก",
    "เมืองสามหมอก": "แม่ฮ่องสอน",
    "เมืองดอกบัว": "อุบลราชธานี",
    "เมืองรถม้า": "ลำปาง",
    "เมืองน้ำดำ": "กาฬสินธุ์",
    "เมืองดอกคูน": "ขอนแก่น",
    "เมืองสามอ่าว": "ประจวบคีรีขันธ์",
    "เมืองชล": "ชลบุรี",
    "เมืองลพ": "ลพบุรี",
    "อุบลฯ": "อุบลราชธานี",
    "อุดรฯ": "อุดรธานี",
    "สุพรรณฯ": "สุพรรณบุรี",
    "ประจวบฯ": "ประจวบคีรีขันธ์",
    "เมืองชาละวัน": "พิจิตร",
    "เมืองพระร่วง": "สุโขทัย",
    "เมืองกล้วยไข่": "กำแพงเพชร",
    "ชากังราว": "กำแพงเพชร",
    "ปากน้ำโพ": "นครสวรรค์",
    "เมืองลับแล": "อุตรดิตถ์",
    "หริภุญชัย": "ลำพูน",
    "นครพิงค์": "เชียงใหม่",
    "เมืองมะขามหวาน": "เพชรบูรณ์",
    "เมืองโอ่ง": "ราชบุรี",
    "เมืองกาญจน์": "กาญจนบุรี",
    "เมืองเพชร": "เพชรบุรี",
    "เมืองนนท์": "นนทบุรี",
    "เมืองสามโคก": "ปทุมธานี",
    "ละโว้": "ลพบุรี",
    "เมืองจันท์": "จันทบุรี",
    "เมืองช้าง": "สุรินทร์",
    "เมืองบั้งไฟ": "ยโสธร",
    "ตักสิลานคร": "มหาสารคาม",
    "เมืองลุง": "พัทลุง",
    "ไข่มุกอันดามัน": "ภูเก็ต",
    "korat": "นครราชสีมา",
    "khorat": "นครราชสีมา",
    "bkk": "กรุงเทพมหานคร",
    "krung thep": "กรุงเทพมหานคร",
    "ayutthaya": "พระนครศรีอยุธยา",
    "ayuthaya": "พระนครศรีอยุธยา",
    "nakhon si": "นครศรีธรรมราช",
    "surat": "สุราษฎร์ธานี",
    "ubon": "อุบลราชธานี",
    "udon": "อุดรธานี",
    "phang nga": "พังงา",
}
# Province abbreviations that are everyday abbreviations too (pythainlp's dictionary lists the
# first 21 as words; พล. opens military ranks, พล.อ.): a province only after จังหวัด, จ. or
# เมือง ("จ.ชม."). กทม. is Bangkok as written.
EVERYDAY_ABBREVIATIONS = frozenset(
    {
        "ชม.",  # ชั่วโมง hour
        "ตร.",  # ตำรวจ police
        "นน.",  # น้ำหนัก weight
        "นพ.",  # นายแพทย์, a doctor's title
        "นศ.",  # นักศึกษา student
        "ปท.",
        "พช.",  # พัฒนาชุมชน community development
        "พท.",
        "ภก.",  # เภสัชกร pharmacist
        "มส.",  # มหาเถรสมาคม the Sangha council
        "รบ.",
        "รอ.",  # ร้อยเอก captain
        "ศก.",  # เศรษฐกิจ economy
        "สค.",
        "สต.",  # สิบตรี corporal
        "สน.",  # สถานีตำรวจนครบาล police station
        "สป.",  # สำนักงานปลัด
        "สส.",  # สมาชิกสภาผู้แทนราษฎร member of parliament
        "อจ.",  # อาจารย์ teacher
        "อต.",
        "อย.",  # สำนักงานคณะกรรมการอาหารและยา the food and drug office
        "พล.",  # พลเอก general (พล.อ.), พลตำรวจ ...
    }
)
# Province names that are also everyday words ("ไม่เลย", "ตากผ้า", "เผยแพร่"): in free text
# they name the province only after จังหวัด/จ. or as a word standing alone between spaces.
AMBIGUOUS_PROVINCE_WORDS = frozenset(
    {"เลย", "ตาก", "แพร่", "กระบี่", "น่าน", "ปากน้ำ", "nan", "tak"}  # ปากน้ำ: a river mouth
)

# How people name the six regions (the Northeast is usually อีสาน; the deep South is in ภาคใต้).
REGION_ALIASES: dict[str, str] = {
    "ภาคเหนือ": "ภาคเหนือ",
    "ล้านนา": "ภาคเหนือ",
    "ภาคอีสาน": "ภาคตะวันออกเฉียงเหนือ",
    "อีสาน": "ภาคตะวันออกเฉียงเหนือ",
    "ภาคตะวันออกเฉียงเหนือ": "ภาคตะวันออกเฉียงเหนือ",
    "ตะวันออกเฉียงเหนือ": "ภาคตะวันออกเฉียงเหนือ",
    "ภาคกลาง": "ภาคกลาง",
    "ภาคตะวันออก": "ภาคตะวันออก",
    "ภาคตะวันตก": "ภาคตะวันตก",
    "ภาคใต้": "ภาคใต้",
    "ปักษ์ใต้": "ภาคใต้",
    "ชายแดนใต้": "ภาคใต้",
    "ชายแดนภาคใต้": "ภาคใต้",
    "the north": "ภาคเหนือ",
    "north": "ภาคเหนือ",
    "northern": "ภาคเหนือ",
    "northern thailand": "ภาคเหนือ",
    "isan": "ภาคตะวันออกเฉียงเหนือ",
    "isaan": "ภาคตะวันออกเฉียงเหนือ",
    "esan": "ภาคตะวันออกเฉียงเหนือ",
    "northeast": "ภาคตะวันออกเฉียงเหนือ",
    "north east": "ภาคตะวันออกเฉียงเหนือ",
    "northeastern": "ภาคตะวันออกเฉียงเหนือ",
    "the northeast": "ภาคตะวันออกเฉียงเหนือ",
    "the north east": "ภาคตะวันออกเฉียงเหนือ",
    "central thailand": "ภาคกลาง",
    "central region": "ภาคกลาง",
    "central plains": "ภาคกลาง",
    "the east": "ภาคตะวันออก",
    "eastern thailand": "ภาคตะวันออก",
    "eastern region": "ภาคตะวันออก",
    "the west": "ภาคตะวันตก",
    "western thailand": "ภาคตะวันตก",
    "western region": "ภาคตะวันตก",
    "the south": "ภาคใต้",
    "south": "ภาคใต้",
    "southern": "ภาคใต้",
    "southern thailand": "ภาคใต้",
    "deep south": "ภาคใต้",
}
