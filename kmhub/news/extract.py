"""Facts a news article states: province, networks, organizations, participants, roles, level."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from pythainlp.tokenize import word_tokenize

from kmhub.text import places, vocab
from kmhub.text.stopwords import general as stopwords
from kmhub.text.thai import THAI_DIGITS

THAI = "\u0e01-\u0e4e"
# Province names that are also everyday words ("เลย" = at all, "แพร่" inside "เผยแพร่"):
# counted only after "จังหวัด"/"จ.", never bare.
_AMBIGUOUS_BARE = {"เลย", "แพร่", "ตาก", "น่าน", "ตรัง", "ตราด", "สตูล", "ยะลา", "ระนอง", "พังงา"}
_PREFIX = r"(?:วัฒนธรรมจังหวัด|จังหวัด|จ\.\s?|สวจ\.\s?)"
# A temple, but not "วัดผล" (to measure) or "ตัวชี้วัด" (indicator).
_TEMPLE = rf"(?<![{THAI}])วัด(?!ผล|ความ|ประเมิน|ได้|และ)"


@cache
def _province_names() -> dict[str, str]:
    """Thai spellings (canonical and aliases) -> canonical name."""
    names = {name: name for name in places.provinces()}
    for alias, name in places.province_aliases().items():
        if re.match(rf"[{THAI}]{{3,}}", alias) and not alias.endswith("."):
            names.setdefault(alias, name)
    return names


@cache
def _name_pattern() -> str:
    return "|".join(re.escape(n) for n in sorted(_province_names(), key=len, reverse=True))


@dataclass
class ProvinceGuess:
    name: str
    score: float
    runner_up: str = ""
    runner_up_score: float = 0.0

    @property
    def uncertain(self) -> bool:
        return self.score < 4 or self.runner_up_score >= self.score / 2


def find_province(lead: str, rest: str) -> ProvinceGuess | None:
    """The province the article is about: "จังหวัดX", "จ.X", culture office of X count most,
    bare names little; mentions in the headline and first paragraph count double."""
    scores: dict[str, float] = defaultdict(float)
    names = _province_names()
    prefixed = re.compile(rf"{_PREFIX}\s?({_name_pattern()})")
    bare = re.compile(rf"({_name_pattern()})")
    for text, weight in ((lead, 2.0), (rest, 1.0)):
        covered: set[int] = set()
        for match in prefixed.finditer(text):
            scores[names[match[1]]] += 3 * weight
            covered.update(range(match.start(1), match.end(1)))
        for match in bare.finditer(text):
            if match.start() in covered or match[1] in _AMBIGUOUS_BARE:
                continue
            scores[names[match[1]]] += weight
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda item: -item[1])[:2]
    guess = ProvinceGuess(ranked[0][0], ranked[0][1])
    if len(ranked) > 1:
        guess.runner_up, guess.runner_up_score = ranked[1]
    return guess


# network -> (strong keywords: one is enough, weak keywords: two different ones are needed)
NETWORK_RULES: dict[str, tuple[list[str], list[str]]] = {
    "government": (
        ["เครือข่ายภาครัฐ", "ภาครัฐ", "วัฒนธรรมจังหวัด", "ผู้ว่าราชการจังหวัด", "ศาลากลาง",
         "สำนักงานจังหวัด", "นายอำเภอ", "ที่ว่าการอำเภอ", "องค์การบริหารส่วน", "เทศบาล",
         "กระทรวง", r"สวจ\."],
        ["ส่วนราชการ", "หน่วยงานราชการ", "ข้าราชการ", "หน่วยงานภาครัฐ"],
    ),
    "business": (
        ["ภาคธุรกิจ", "ธุรกิจเอกชน", "ภาคเอกชน", "บริษัท", "หอการค้า", "สภาอุตสาหกรรม",
         "ห้างหุ้นส่วน", "ผู้ประกอบการ", "สถานประกอบการ", r"บมจ\.", r"บจก\."],
        ["ธนาคาร", "โรงแรม", "ร้านค้า", "โรงงาน", "พนักงาน"],
    ),
    "education-youth": (
        ["มหาวิทยาลัย", "ภาคการศึกษา", "โรงเรียน", "(?<!มหา)วิทยาลัย", "สถาบันการศึกษา", r"มทร\.",
         r"มรภ\.", "เขตพื้นที่การศึกษา", "นักเรียน", "นักศึกษา", "เยาวชน"],
        ["ครู", "อาจารย์", "ภาควิชาการ", "สถานศึกษา", "เด็ก"],
    ),
    "religion": (
        ["ภาคศาสนา", "เครือข่ายศาสนา", "พระสงฆ์", "พระภิกษุ", "คณะสงฆ์", "เจ้าคณะ", "เจ้าอาวาส",
         "พระครู", "พระอธิการ", "มัสยิด", "โบสถ์", "คริสตจักร", "อิหม่าม", _TEMPLE],
        ["ศาสนา", "ธรรมะ", "บวช", "ศีล"],
    ),
    "media": (
        ["สื่อมวลชน", "ภาคสื่อ", "เครือข่ายสื่อ", "สถานีวิทยุ", "วิทยุชุมชน", "หนังสือพิมพ์",
         "สถานีโทรทัศน์", "นักข่าว", "ประชาสัมพันธ์จังหวัด", "กรมประชาสัมพันธ์"],
        ["สื่อออนไลน์", "โทรทัศน์", "เพจ", "สื่อสาร"],
    ),
    "civil-society": (
        ["ภาคประชาสังคม", "ประชาสังคม", "มูลนิธิ", "สมาคม", "ผู้นำชุมชน", "ผู้ใหญ่บ้าน", "กำนัน",
         "หมู่บ้าน", "ชาวบ้าน", "อาสาสมัคร", r"อสม\.", "ชุมชนคุณธรรม", "วิสาหกิจชุมชน"],
        ["ชุมชน", "ครอบครัว", "ประชาชน", "จิตอาสา"],
    ),
}  # fmt: skip


def find_networks(text: str) -> dict[str, list[str]]:
    """Networks the article involves, each with the words that showed it (for the report)."""
    found: dict[str, list[str]] = {}
    for network, (strong, weak) in NETWORK_RULES.items():
        strong_hits = [_shown(k) for k in strong if re.search(k, text)]
        weak_hits = [_shown(k) for k in weak if re.search(k, text)]
        if strong_hits or len(weak_hits) >= 2:
            found[network] = strong_hits + weak_hits
    return found


def _shown(keyword: str) -> str:
    # The keyword as a reader would write it: no look-arounds or escapes.
    return re.sub(r"\(\?<?[!=][^)]*\)", "", keyword).replace("\\", "")


_NAME = r"[^\s,()“”\"']{2,60}"
# Thai runs words together: a name ends where a verb or function word starts.
_NAME_ENDS = {
    "จัด", "กล่าว", "ร่วม", "ลง", "มา", "ได้", "เป็น", "ทบทวน", "ชวน", "มอบ", "เปิด", "นำ",
    "จังหวัด", "อำเภอ", "ตำบล",  # the place comes after the name: "โรงเรียนบ้านนาจังหวัดสกลนคร"
}  # fmt: skip
# A temple named as an organization, also right after "กับ", "ที่", "ของ", "ณ".
_TEMPLE_NAME = rf"(?:(?<![{THAI}])|(?<=กับ)|(?<=ที่)|(?<=ของ)|(?<=ณ))วัด(?!ผล|ความ|ประเมิน|ได้|และ)"


def _trim_name(prefix: str, rest: str, ends: set[str] | None = None) -> str:
    """`prefix` + `rest` cut before its first verb or function word ("" if nothing is left)."""
    kept: list[str] = []
    for word in word_tokenize(rest, engine="newmm"):
        if ends is not None and word in ends:
            break
        if ends is None and (word in _NAME_ENDS or (word in stopwords() and word != "บ้าน")):
            break
        kept.append(word)
    name = "".join(kept)
    return prefix + name if len(name) >= 2 else ""


def find_organizations(text: str) -> list[str]:
    """Named organizations: the Moral Center, provincial offices, universities, companies,
    schools, temples, foundations, local governments; first mention order, no repeats."""
    provinces = _province_names()
    fixed = [
        (r"ศูนย์คุณธรรม(?:\s*\(องค์การมหาชน\))?", lambda m: "ศูนย์คุณธรรม (องค์การมหาชน)"),
        (
            rf"(?:สำนักงานวัฒนธรรมจังหวัด|สวจ\.\s?)({_name_pattern()})",
            lambda m: f"สำนักงานวัฒนธรรมจังหวัด{provinces[m[1]]}",
        ),
        (rf"สำนักงานจังหวัด({_name_pattern()})", lambda m: f"สำนักงานจังหวัด{provinces[m[1]]}"),
        # Companies are named up to "จำกัด"; without it the name's end cannot be told.
        (
            r"(?:บริษัท|บมจ\.|บจก\.)\s?[^,()]{2,60}?\s?จำกัด(?:\s*\(มหาชน\))?",
            lambda m: " ".join(m[0].split()),
        ),
    ]
    found: list[tuple[int, str]] = []
    for pattern, canonical in fixed:
        found += [(m.start(), canonical(m)) for m in re.finditer(pattern, text)]
    prefixes = (
        r"มหาวิทยาลัย|โรงเรียน|มูลนิธิ|สมาคม|สถานีวิทยุ|วิสาหกิจชุมชน|เทศบาล(?:ตำบล|เมือง|นคร)"
        rf"|องค์การบริหารส่วน(?:ตำบล|จังหวัด)|{_TEMPLE_NAME}"
    )
    for match in re.finditer(rf"({prefixes})({_NAME})(?:\s+(วิทยาเขต)({_NAME}))?", text):
        name = _trim_name(match[1], match[2])
        if name and match[3]:
            name += " " + _trim_name(match[3], match[4])
        if name.strip():
            found.append((match.start(), name.strip()))
    return list(dict.fromkeys(name for _, name in sorted(found)))


_PARTICIPANTS = re.compile(
    r"(?P<pre>(?:(?:กว่า|ประมาณ|เกือบ|ราว|จำนวน|รวม|ทั้งสิ้น|ทั้งหมด)\s*)*)"
    r"(?P<n>\d[\d,]*)\s*(?P<unit>คน|ราย|ท่าน|รูป)"
)
_PARTICIPANT_CONTEXT = re.compile(r"ร่วม|ผู้ผ่าน|ผู้เข้า|จำนวน|รวม|ทั้งสิ้น")


def find_participants(text: str) -> tuple[int, str] | None:
    """The number of participants the article states ("กว่า 30 คน" -> (30, "กว่า 30 คน"))."""
    ascii_text = text.translate(THAI_DIGITS)
    best: tuple[int, str] | None = None
    for match in _PARTICIPANTS.finditer(ascii_text):
        context = ascii_text[max(0, match.start() - 60) : match.end() + 20]
        if not _PARTICIPANT_CONTEXT.search(context):
            continue
        count = int(match["n"].replace(",", ""))
        phrase = " ".join(match[0].split())
        if best is None or count > best[0]:
            best = (count, phrase)
    return best


_HONORIFIC = r"(?:นางสาว|นาง|นาย|ดร\.|ผศ\.|รศ\.|ศ\.|ว่าที่ร้อยตรี|พระครู|พระมหา|พระอธิการ)"
ROLE_STARTS = (
    "รอง", "ผู้", "หัวหน้า", "ประธาน", "วัฒนธรรม", "นายก", "นายอำเภอ", "ปลัด", "อธิการบดี",
    "คณบดี", "วิทยากร", "เจ้าหน้าที่", "กำนัน", "เจ้าอาวาส", "ครู", "อาจารย์", "ที่ปรึกษา",
    "กรรมการ", "เลขาธิการ", "นักวิชาการ", "พัฒนาการ", "ศึกษาธิการ", "แกนนำ", "ตัวแทน", "อิหม่าม",
)  # fmt: skip
# Title, given name, surname (monks have none), then a role word: the role is kept, the name not.
_ROLE_ENDS = {"เล่า", "ว่า", "กล่าว", "เป็น", "ได้", "ให้"}
_PERSON_ROLE = re.compile(
    rf"(?<!\.){_HONORIFIC}\s?(?P<first>[{THAI}][^\s,]*)(?:\s+(?P<last>[^\s,]+))?\s+"
    rf"(?P<role>(?:{'|'.join(ROLE_STARTS)})[^\s,]*)"
)


def find_roles(text: str) -> list[str]:
    """The roles people play ("รองผู้ว่าราชการจังหวัดหนองคาย (ประธาน)"), without their names."""
    roles: list[str] = []
    for match in _PERSON_ROLE.finditer(text):
        if match["first"].startswith(("ก", "อำเภอ")) and match[0].startswith("นาย"):
            continue  # "นายกเทศมนตรี", "นายอำเภอ" are titles, not a name
        role = _trim_name("", match["role"].strip(".,;:"), _ROLE_ENDS)
        if not role:
            continue
        # "... เป็นประธานเปิดการประชุม" right after the role: this person chaired the event.
        if re.match(r"\s*(?:เป็น)?ประธาน(?!คณะ)", text[match.end() :]) and "ประธาน" not in role:
            role += " (ประธาน)"
        roles.append(role)
    return list(dict.fromkeys(roles))


def guess_level(headline_and_lead: str) -> str:
    """community / organization / district / province from what the opening talks about."""
    text = headline_and_lead
    if re.search(r"ชุมชนคุณธรรม|หมู่บ้าน|ชุมชนบ้าน|ชาวบ้าน", text):
        return "community"
    if re.search(r"องค์กรคุณธรรม|บริษัท|โรงเรียน|" + _TEMPLE, text) and "จังหวัดคุณธรรม" not in text:
        return "organization"
    if re.search(r"อำเภอคุณธรรม|อำเภอ\S+คุณธรรม", text) and "จังหวัดคุณธรรม" not in text:
        return "district"
    return "province"


def find_virtues(text: str) -> list[str]:
    """Suggested virtue words that the article itself names."""
    return [v for v in vocab.SUGGESTED_VIRTUES if v in text]


@dataclass
class Findings:
    """Everything extracted from one article, with the evidence shown to the person checking."""

    province: ProvinceGuess | None
    networks: dict[str, list[str]] = field(default_factory=dict)
    organizations: list[str] = field(default_factory=list)
    participants: tuple[int, str] | None = None
    roles: list[str] = field(default_factory=list)
    level: str = "province"
    virtues: list[str] = field(default_factory=list)


def extract(lead: str, rest: str) -> Findings:
    """All facts of an article, given its headline + first paragraph and the remaining text."""
    text = f"{lead}\n{rest}"
    return Findings(
        province=find_province(lead, rest),
        networks=find_networks(text),
        organizations=find_organizations(text),
        participants=find_participants(text),
        roles=find_roles(text),
        level=guess_level(lead),
        virtues=find_virtues(text),
    )
