"""YAML front matter: split it from the body, keep line numbers, check every field."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from kmhub.cases import limits
from kmhub.errors import Problem, Severity
from kmhub.text import safety, vocab
from kmhub.text.thai import BE_OFFSET, BE_THRESHOLD

REQUIRED = ("id", "title", "province", "date", "level", "networks", "summary")
OPTIONAL = (
    "title_en",
    "summary_en",
    "virtues",
    "topics",
    "organizations",
    "contributors",
    "sources",
    "date_note",
    "language",
    "license",
    "status",
)
STATUSES = ("published", "draft")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_PATTERN = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
SUMMARY_MAX_CHARS = limits.SUMMARY_WARN_CHARS
TEXT_FIELDS = (
    "id",
    "title",
    "summary",
    "title_en",
    "summary_en",
    "date_note",
    "language",
    "license",
)


class _Loader(yaml.SafeLoader):
    """Safe loader that keeps dates as text, so impossible or Buddhist-Era dates reach our checks."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Split:
    data: dict[str, Any] | None
    lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    problems: list[Problem] = field(default_factory=list)


def split(text: str, path: str) -> Split:
    """Separate the front matter from the body; parse it, recording each key's line."""
    lines = text.split("\n")

    def error(line: int, thai: str, english: str) -> Split:
        return Split(None, problems=[Problem(path, line, "error", thai, english)])

    if not lines or lines[0].strip() != "---":
        return error(
            1,
            "ไม่พบส่วนหัว YAML: บรรทัดแรกต้องเป็น ---",
            "missing front matter: the first line must be ---",
        )
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        return error(1, "ส่วนหัว YAML ไม่มี --- ปิดท้าย", "front matter is not closed by a --- line")
    yaml_text = "\n".join(lines[1:end])
    if len(yaml_text) > limits.MAX_FRONT_MATTER_CHARS:
        return error(
            1,
            f"ส่วนหัว YAML ยาวเกิน {limits.MAX_FRONT_MATTER_CHARS:,} ตัวอักษร",
            f"front matter is longer than {limits.MAX_FRONT_MATTER_CHARS:,} characters",
        )
    try:
        refused = _refuse_yaml_features(yaml_text)
        if refused is not None:
            return error(*refused)
        node = yaml.compose(yaml_text, Loader=_Loader)
        data = yaml.load(yaml_text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return error(line, f"YAML ไม่ถูกต้อง: {reason}", f"invalid YAML: {reason}")
    if not isinstance(data, dict) or node is None:
        return error(
            2, "ส่วนหัว YAML ต้องเป็นชุด key: value", "front matter must be a key: value mapping"
        )
    result = Split(data, body="\n".join(lines[end + 1 :]), body_line=end + 2)
    seen: set[str] = set()
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 2
        if isinstance(value_node, yaml.SequenceNode):  # sources[0].url: the line of that item
            for i, item in enumerate(value_node.value):
                if isinstance(item, yaml.MappingNode):
                    for sub_key, _ in item.value:
                        result.lines[f"{key}[{i}].{sub_key.value}"] = sub_key.start_mark.line + 2
        if key in seen:
            result.problems.append(
                Problem(path, line, "error", f"ฟิลด์ '{key}' ซ้ำ", f"field '{key}' appears twice")
            )
        seen.add(key)
        result.lines.setdefault(key, line)
    return result


def _refuse_yaml_features(yaml_text: str) -> tuple[int, str, str] | None:
    """Line and reason when the YAML uses anchors, aliases or deep nesting; None when plain.

    Read from the event stream, before any value is built: an alias bomb of a few KB
    expands to gigabytes only when it is constructed, and deep nesting overflows the
    recursive composer.
    """
    depth = 0
    for event in yaml.parse(yaml_text, Loader=_Loader):
        line = event.start_mark.line + 2 if event.start_mark is not None else 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            return (
                line,
                "ห้ามใช้ anchor และ alias ของ YAML (&ชื่อ, *ชื่อ) ให้เขียนค่าออกมาตรง ๆ",
                "YAML anchors and aliases (&name, *name) are not allowed; write the value out",
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limits.MAX_YAML_DEPTH:
                return (
                    line,
                    f"ค่าซ้อนกันลึกเกิน {limits.MAX_YAML_DEPTH} ชั้น",
                    f"values nest deeper than {limits.MAX_YAML_DEPTH} levels",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def _shape(value: Any) -> tuple[str, str]:
    """Thai and English names of what a YAML value is, for messages."""
    if isinstance(value, dict):
        return "ชุด key: value", "a mapping"
    if isinstance(value, list):
        return "รายการ", "a list"
    if isinstance(value, bool):
        return "ค่าจริง/เท็จ", "true/false"
    if isinstance(value, int | float):
        return "ตัวเลข", "a number"
    return "ข้อความ", "text"


def _walk_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_walk_strings(k), *_walk_strings(v))]
    if isinstance(value, list):
        return [s for item in value for s in _walk_strings(item)]
    return []


@dataclass
class Checked:
    values: dict[str, Any]
    problems: list[Problem]


def check_fields(data: dict[str, Any], lines: dict[str, int], path: str, stem: str) -> Checked:
    """Check types and vocabularies; return canonical values (province, CE date) and problems."""
    problems: list[Problem] = []
    values: dict[str, Any] = {}

    def report(key: str, thai: str, english: str, severity: Severity = "error") -> None:
        # A nested key (sources[0].url) falls back to its field's line, then to line 1 (the
        # front matter's first line) when the key is missing altogether.
        line = lines.get(key) or lines.get(key.split("[")[0], 1)
        problems.append(Problem(path, line, severity, thai, english))

    for key in data:
        if key not in REQUIRED and key not in OPTIONAL:
            guess = difflib.get_close_matches(str(key), REQUIRED + OPTIONAL, n=1)
            hint_th = f" หมายถึง '{guess[0]}' หรือไม่" if guess else ""
            hint_en = f"; did you mean '{guess[0]}'?" if guess else ""
            report(key, f"ไม่รู้จักฟิลด์ '{key}'{hint_th}", f"unknown field '{key}'{hint_en}")
    for key in REQUIRED:
        if data.get(key) in (None, "", []):
            report(key, f"ขาดฟิลด์ที่ต้องมี '{key}'", f"missing required field '{key}'")

    for key, value in data.items():
        for text in _walk_strings(value):
            bad = safety.first_forbidden(text)
            if bad is not None:
                thai, english = safety.describe(bad[1])
                report(key, f"'{key}' มี{thai} ให้ลบออก", f"'{key}' contains a {english}; remove it")
                break
    for key in TEXT_FIELDS:
        if key in data and data[key] is not None:
            if isinstance(data[key], str):
                values[key] = " ".join(data[key].split())
            else:
                th, en = _shape(data[key])
                report(key, f"'{key}' ต้องเป็นข้อความ ไม่ใช่{th}", f"'{key}' must be text, not {en}")
    for key in ("virtues", "topics", "organizations"):
        if data.get(key) is not None:
            items = data[key]
            if isinstance(items, list) and all(isinstance(i, str) for i in items):
                values[key] = [" ".join(i.split()) for i in items if i.strip()]
            else:
                report(key, f"'{key}' ต้องเป็นรายการข้อความ", f"'{key}' must be a list of text items")
    _check_lengths(data, values, report)

    case_id = values.get("id")
    if case_id is not None:
        if not ID_PATTERN.match(case_id):
            report(
                "id",
                f"id '{case_id}' ใช้ได้เฉพาะ a-z 0-9 และ -",
                f"id '{case_id}' may only use lowercase a-z, 0-9 and '-'",
            )
        elif case_id != stem:
            report(
                "id",
                f"id '{case_id}' ไม่ตรงกับชื่อไฟล์ '{stem}.md'",
                f"id '{case_id}' does not match the file name '{stem}.md'",
            )
    summary = values.get("summary", "")
    if len(summary) > SUMMARY_MAX_CHARS:
        report(
            "summary",
            f"บทสรุปยาวเกินไป ({len(summary)} ตัวอักษร) ควรมี 2–4 ประโยค ไม่เกิน {SUMMARY_MAX_CHARS} ตัวอักษร",
            f"summary is too long ({len(summary)} characters); keep it to 2-4 sentences",
            "warning",
        )
    _check_title(values, report)
    _check_province(data, values, report)
    _check_date(data, values, report)
    _check_choices(data, values, report)
    _check_people_and_sources(data, values, report)
    return Checked(values, problems)


def _check_lengths(data: dict[str, Any], values: dict[str, Any], report: Any) -> None:
    bounds = {"title": limits.MAX_TITLE_CHARS, "title_en": limits.MAX_TITLE_CHARS}
    bounds |= {"summary": limits.MAX_SUMMARY_CHARS, "summary_en": limits.MAX_SUMMARY_CHARS}
    names = {"title": ("ชื่อเรื่อง", "title"), "summary": ("บทสรุป", "summary")}
    for key, value in list(values.items()):
        bound = bounds.get(key, limits.MAX_FIELD_CHARS)
        if isinstance(value, str) and len(value) > bound:
            th, en = names.get(key.removesuffix("_en"), (f"'{key}'", f"'{key}'"))
            report(
                key,
                f"{th}ยาวเกินไป ({len(value):,} ตัวอักษร ไม่เกิน {bound:,})",
                f"{en} is too long ({len(value):,} characters; at most {bound:,})",
            )
            del values[key]
    for key in ("virtues", "topics", "organizations", "contributors", "sources"):
        items = data.get(key)
        if isinstance(items, list) and len(items) > limits.MAX_LIST_ITEMS:
            report(
                key,
                f"'{key}' มีเกิน {limits.MAX_LIST_ITEMS} รายการ",
                f"'{key}' has more than {limits.MAX_LIST_ITEMS} items",
            )
            values.pop(key, None)
        for item in values.get(key, []):
            if isinstance(item, str) and len(item) > limits.MAX_FIELD_CHARS:
                report(
                    key,
                    f"รายการใน '{key}' ยาวเกิน {limits.MAX_FIELD_CHARS} ตัวอักษร",
                    f"an item of '{key}' is longer than {limits.MAX_FIELD_CHARS} characters",
                )
                values.pop(key, None)
                break


def _check_title(values: dict[str, Any], report: Any) -> None:
    for key in ("title", "title_en"):
        title = values.get(key)
        if title is None:
            continue
        if safety.first_forbidden(title) is None and not safety.has_visible(title):
            report(
                key,
                f"'{key}' ไม่มีตัวอักษรที่มองเห็นได้ (มีแต่อักขระความกว้างศูนย์หรือช่องว่าง)",
                f"'{key}' has no visible text (only zero-width or space characters)",
            )
            del values[key]


def _check_province(data: dict[str, Any], values: dict[str, Any], report: Any) -> None:
    raw = data.get("province")
    if raw in (None, ""):
        return
    if not isinstance(raw, str):
        report("province", "'province' ต้องเป็นข้อความ", "'province' must be text")
        return
    canonical = vocab.canonical_province(raw)
    if canonical is None:
        close = difflib.get_close_matches(raw.strip(), list(vocab.provinces()), n=2, cutoff=0.6)
        hint = f" ({' / '.join(close)}?)" if close else ""
        report(
            "province",
            f"ไม่รู้จักจังหวัด '{raw}'{hint}",
            f"unknown province '{raw}'{hint}; use the Thai name of one of the 77 provinces",
        )
        return
    if canonical != raw:
        report(
            "province",
            f"'{raw}' คือจังหวัด '{canonical}' ให้ใช้ชื่อมาตรฐานนี้",
            f"'{raw}' is read as '{canonical}'; write the canonical name",
            "warning",
        )
    values["province"] = canonical


def parse_iso_date(raw: Any) -> tuple[dt.date | None, str, str]:
    """A CE date from `YYYY-MM-DD` text, or None with a Thai and an English reason."""
    text = str(raw).strip()
    match = DATE_PATTERN.match(text)
    if not match:
        return None, f"วันที่ '{text}' ต้องอยู่ในรูป YYYY-MM-DD", f"date '{text}' must be YYYY-MM-DD"
    year, month, day = (int(g) for g in match.groups())
    if year > BE_THRESHOLD:
        ce = f"{year - BE_OFFSET:04d}-{month:02d}-{day:02d}"
        return (
            None,
            f"ปี {year} เป็นพุทธศักราช ให้เขียนเป็นคริสต์ศักราช: {ce}",
            f"{year} is a Buddhist-Era year; write the Common Era date {ce}",
        )
    try:
        return dt.date(year, month, day), "", ""
    except ValueError:
        return None, f"ไม่มีวันที่ {text} ในปฏิทิน", f"{text} is not a real date"


def _check_date(data: dict[str, Any], values: dict[str, Any], report: Any) -> None:
    if data.get("date") in (None, ""):
        return
    if isinstance(data["date"], dict | list):
        th, en = _shape(data["date"])
        report(
            "date",
            f"'date' ต้องเป็นวันที่ YYYY-MM-DD ไม่ใช่{th}",
            f"'date' must be a date (YYYY-MM-DD), not {en}",
        )
        return
    date, thai, english = parse_iso_date(data["date"])
    if date is None:
        report("date", thai, english)
    elif date > dt.date.today() + dt.timedelta(days=366):
        report("date", f"วันที่ {date} อยู่ในอนาคต", f"date {date} is in the future", "warning")
        values["date"] = date
    else:
        values["date"] = date


def _check_choices(data: dict[str, Any], values: dict[str, Any], report: Any) -> None:
    level = data.get("level")
    if level not in (None, ""):
        if not isinstance(level, str):
            th, en = _shape(level)
            allowed = ", ".join(vocab.LEVELS)
            report(
                "level",
                f"'level' ต้องเป็นคำเดียว ไม่ใช่{th} ใช้: {allowed}",
                f"'level' must be one word, not {en}; use {allowed}",
            )
        elif level in vocab.LEVELS:
            values["level"] = level
        else:
            allowed = ", ".join(vocab.LEVELS)
            report(
                "level",
                f"ระดับ '{level}' ไม่ถูกต้อง ใช้: {allowed}",
                f"unknown level '{level}'; use {allowed}",
            )
    networks = data.get("networks")
    if networks not in (None, "", []):
        if not isinstance(networks, list) or not all(isinstance(n, str) for n in networks):
            report("networks", "'networks' ต้องเป็นรายการ", "'networks' must be a list")
        else:
            unknown = [n for n in networks if n not in vocab.NETWORKS]
            if unknown:
                allowed = ", ".join(vocab.NETWORKS)
                report(
                    "networks",
                    f"ไม่รู้จักเครือข่าย {unknown} ใช้: {allowed}",
                    f"unknown network {unknown}; use {allowed}",
                )
            else:
                values["networks"] = list(dict.fromkeys(networks))
    status = data.get("status")
    if status is not None:
        if isinstance(status, str) and status in STATUSES:
            values["status"] = status
        else:
            report(
                "status",
                f"สถานะ '{status}' ต้องเป็น published หรือ draft",
                f"status '{status}' must be published or draft",
            )


def _check_people_and_sources(data: dict[str, Any], values: dict[str, Any], report: Any) -> None:
    specs = {
        "contributors": (("name",), ("affiliation",)),
        "sources": (("title",), ("url", "published", "http_only")),
    }
    for key, (required, optional) in specs.items():
        items = data.get(key)
        if items is None:
            continue
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            report(
                key, f"'{key}' ต้องเป็นรายการของ key: value", f"'{key}' must be a list of mappings"
            )
            continue
        clean = []
        for n, item in enumerate(items):
            extra = set(item) - set(required) - set(optional)
            missing = [k for k in required if not item.get(k)]
            wrong = [k for k, v in item.items() if v is not None and not isinstance(v, str | int)]
            if wrong and not (extra or missing):
                report(
                    key,
                    f"ค่า {wrong} ใน '{key}' ต้องเป็นข้อความ",
                    f"the value of {wrong} in '{key}' must be text",
                )
                continue
            if extra or missing:
                report(
                    key,
                    f"รายการใน '{key}' ต้องมี {list(required)} และอาจมี {list(optional)}",
                    f"each '{key}' item needs {list(required)} and may have {list(optional)}",
                )
                continue
            entry = {k: str(item.get(k) or "").strip() for k in (*required, *optional)}
            # http_only: true says the page has no https address; a note for this check only.
            http_only = entry.pop("http_only", "").lower() in ("true", "yes")
            if key == "sources" and len(entry["url"]) > limits.MAX_URL_CHARS:
                report(
                    f"{key}[{n}].url",
                    f"URL ยาวเกิน {limits.MAX_URL_CHARS:,} ตัวอักษร",
                    f"source URL is longer than {limits.MAX_URL_CHARS:,} characters",
                )
            if key == "sources":
                if entry["url"] and not re.match(r"^https?://", entry["url"], re.I):
                    report(
                        key,
                        f"URL ต้องขึ้นต้นด้วย http:// หรือ https:// ({entry['url']})",
                        f"source URL must start with http:// or https:// ({entry['url']})",
                    )
                elif re.match(r"^http://", entry["url"], re.I) and not http_only:
                    report(
                        f"{key}[{n}].url",
                        f"ใช้ https:// แทน http:// ถ้าแหล่งข้อมูลรองรับ หรือเขียน http_only: true ถ้าไม่มี ({entry['url'][:80]})",
                        f"use https:// rather than http:// where the source offers it, or write http_only: true when it does not ({entry['url'][:80]})",
                        "warning",
                    )
                if entry["published"]:
                    date, thai, english = parse_iso_date(entry["published"])
                    if date is None:
                        report(key, f"วันที่เผยแพร่: {thai}", f"published: {english}")
            clean.append(entry)
        values[key] = clean
