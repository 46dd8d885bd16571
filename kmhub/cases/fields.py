"""Front matter fields: the names a case may use, and `check_fields`, which checks them all."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from kmhub.cases import limits
from kmhub.cases.field_values import (
    check_choices,
    check_date,
    check_people_and_sources,
    check_province,
    shape,
)
from kmhub.errors import Problem, Severity
from kmhub.text import safety

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
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
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
                th, en = shape(data[key])
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
    check_province(data, values, report)
    check_date(data, values, report)
    check_choices(data, values, report)
    check_people_and_sources(data, values, report)
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
