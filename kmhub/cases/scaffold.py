"""`kmhub new`: check a contributor's answers and write a new case file from the template."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Protocol, TypeVar

import yaml

from kmhub.cases.fields import ID_PATTERN, REQUIRED
from kmhub.cases.files import free_case_id
from kmhub.errors import KmhubError
from kmhub.text import dates as thaidate
from kmhub.text import places, vocab

TEMPLATE = Path(__file__).parent / "template" / "case.md"
# Fields `kmhub new` fills in; every other field of the template is written commented out.
REQUIRED_ANSWERS = ("title", "province", "date", "level", "networks")
T = TypeVar("T")


class ScaffoldError(KmhubError):
    """An answer to `kmhub new` that cannot be used as given."""


@dataclass
class Answers:
    title: str
    province: str
    date: dt.date
    level: str
    networks: list[str]
    title_en: str = ""
    case_id: str = ""
    summary: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def parse_title(text: str) -> str:
    title = " ".join(text.split())
    if not title:
        raise ScaffoldError("ต้องมีชื่อกรณีศึกษา", "a title is required")
    return title


def parse_province(text: str) -> str:
    """The canonical Thai province name for a name, alias or English name."""
    canonical = places.canonical_province(text)
    if canonical is None:
        raise ScaffoldError(
            f"ไม่รู้จักจังหวัด '{text}' ให้ใช้ชื่อภาษาไทยของจังหวัด เช่น ลำปาง",
            f"unknown province '{text}'; use the Thai name of one of the 77 provinces",
        )
    return canonical


def _choice(text: str, labels: dict[str, str], labels_en: dict[str, str]) -> str | None:
    wanted = " ".join(text.split()).casefold()
    for key in labels:
        if wanted in (key, labels[key].casefold(), labels_en[key].casefold()):
            return key
    return None


def parse_level(text: str) -> str:
    key = _choice(text, vocab.LEVELS, vocab.LEVELS_EN)
    if key is None:
        options = ", ".join(f"{k} ({v})" for k, v in vocab.LEVELS.items())
        raise ScaffoldError(
            f"ไม่รู้จักระดับ '{text}' ใช้: {options}", f"unknown level '{text}'; use {options}"
        )
    return key


def parse_networks(text: str) -> list[str]:
    """Network keys from a comma-separated list of keys or Thai/English labels."""
    keys: list[str] = []
    for item in (p for p in re.split(r"[,;]", text) if p.strip()):
        key = _choice(item, vocab.NETWORKS, vocab.NETWORKS_EN)
        if key is None:
            options = ", ".join(vocab.NETWORKS)
            raise ScaffoldError(
                f"ไม่รู้จักเครือข่าย '{item.strip()}' ใช้: {options}",
                f"unknown network '{item.strip()}'; use {options}",
            )
        if key not in keys:
            keys.append(key)
    if not keys:
        raise ScaffoldError("ต้องมีเครือข่ายอย่างน้อยหนึ่งเครือข่าย", "at least one network is required")
    return keys


def parse_id(text: str) -> str:
    case_id = text.strip().removesuffix(".md")
    if not ID_PATTERN.match(case_id):
        raise ScaffoldError(
            f"id '{case_id}' ใช้ได้เฉพาะ a-z 0-9 และ - เช่น lampang-temple-market",
            f"id '{case_id}' may only use lowercase a-z, 0-9 and '-', e.g. lampang-temple-market",
        )
    return case_id


def slug(text: str, max_words: int = 6) -> str:
    words = re.findall(r"[a-z0-9]+", text.casefold())
    return "-".join(words[:max_words])


def suggest_id(answers: Answers, cases_dir: Path) -> str:
    """An id from the English title, else province and year; numbered when the name is taken."""
    province_en = places.province_en(answers.province)
    base = slug(answers.title_en) or f"{slug(province_en) or 'case'}-{answers.date.year}"
    return free_case_id(base, cases_dir)


@dataclass
class _Block:
    key: str
    comments: list[str]
    lines: list[str]


def _template_parts(text: str) -> tuple[list[_Block], list[str]]:
    """The template's front-matter blocks (comments + field lines) and its section headings."""
    lines = text.split("\n")
    end = lines.index("---", 1)
    blocks: list[_Block] = []
    pending: list[str] = []
    for line in lines[1:end]:
        match = re.match(r"^([a-z_]+):", line)
        if match:
            blocks.append(_Block(match.group(1), pending, [line]))
            pending = []
        elif line.startswith("#") or not line.strip() or not blocks:
            pending.append(line)
        else:  # continuation of the current field (indented value or list item)
            blocks[-1].lines.append(line)
    headings = [line for line in lines[end + 1 :] if line.startswith("## ")]
    return blocks, headings


@cache
def template_text() -> str:
    return TEMPLATE.read_text(encoding="utf-8")


def _scalar(value: str) -> str:
    # Plain YAML when it reads back as the same text, otherwise a JSON string (valid YAML).
    try:
        plain_ok = yaml.safe_load(value) == value and "#" not in value
    except yaml.YAMLError:
        plain_ok = False
    return value if plain_ok else json.dumps(value, ensure_ascii=False)


def render_case(answers: Answers, template: str | None = None) -> str:
    """The text of a new case file: answered fields filled, the rest commented out, headings in place."""
    blocks, headings = _template_parts(template or template_text())
    values = {
        "id": answers.case_id,
        "title": _scalar(answers.title),
        "title_en": _scalar(answers.title_en) if answers.title_en else "",
        "province": answers.province,
        "date": answers.date.isoformat(),
        "level": answers.level,
        "networks": "[" + ", ".join(answers.networks) + "]",
        "summary": ">-\n  " + " ".join(answers.summary.split()) if answers.summary else "",
    }
    out = ["---"]
    for n, block in enumerate(blocks):
        comments = block.comments
        if n == 0 and "" in comments:  # the template's own header is not for the new file
            comments = comments[len(comments) - comments[::-1].index("") :]
        out.extend(comments)
        if values.get(block.key):
            out.append(f"{block.key}: {values[block.key]}")
        elif block.key in REQUIRED:  # the template's placeholder; validate flags it until replaced
            out.extend(block.lines)
        else:  # kept as a commented-out example the contributor can switch on
            out.extend("# " + line for line in block.lines)
    out.append("---")
    for heading in headings:
        out.extend(["", heading, ""])
    return "\n".join(out).rstrip("\n") + "\n"


def write_case(answers: Answers, cases_dir: Path) -> Path:
    """Write cases_dir/<id>.md; refuse to touch an existing file."""
    answers.case_id = answers.case_id or suggest_id(answers, cases_dir)
    path = cases_dir / f"{answers.case_id}.md"
    cases_dir.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(render_case(answers))
    except FileExistsError as exc:
        raise ScaffoldError(
            f"มีไฟล์ {path} อยู่แล้ว จะไม่เขียนทับ ให้เลือก id อื่นด้วย --id",
            f"{path} already exists and will not be overwritten; choose another --id",
        ) from exc
    return path


class Asker(Protocol):
    """Asks for one answer until `parse` accepts it (the command line prompts; tests script it)."""

    def __call__(self, label: str, parse: Callable[[str], T], default: str | None = None) -> T: ...


def collect_answers(given: dict[str, str | None], cases_dir: Path, ask: Asker) -> Answers:
    """Answers from flags; anything missing is asked for (and then the optional fields too)."""
    interactive = any(not given.get(key) for key in REQUIRED_ANSWERS)

    def answer(key: str, label: str, parse: Callable[[str], T]) -> T:
        text = given.get(key)
        return parse(text) if text else ask(label, parse)

    answers = Answers(
        title=answer("title", "ชื่อกรณีศึกษา (ภาษาไทย) / title", parse_title),
        province=answer("province", "จังหวัด / province", parse_province),
        date=answer(
            "date", "วันที่ (ค.ศ. หรือ พ.ศ.) / date (CE or BE), e.g. 2021-03-14", thaidate.read_date
        ),
        level=answer("level", f"ระดับ / level [{', '.join(vocab.LEVELS)}]", parse_level),
        networks=answer(
            "networks",
            f"เครือข่าย คั่นด้วย , / networks, comma-separated [{', '.join(vocab.NETWORKS)}]",
            parse_networks,
        ),
    )
    answers.title_en = " ".join((given.get("title_en") or "").split())
    answers.summary = " ".join((given.get("summary") or "").split())
    if given.get("case_id"):
        answers.case_id = parse_id(given["case_id"] or "")
    if interactive:
        if not answers.title_en:
            answers.title_en = ask("ชื่อภาษาอังกฤษ (เว้นว่างได้) / English title (optional)", str, "")
        if not answers.summary:
            answers.summary = ask("บทสรุป (เว้นว่างได้) / summary (optional)", str, "")
        if not answers.case_id:
            answers.case_id = ask(
                "id (ชื่อไฟล์ / file name)", parse_id, suggest_id(answers, cases_dir)
            )
    return answers
