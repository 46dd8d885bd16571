"""Checks of fields with a fixed form: province, date, level, networks, status, people, sources."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

from kmhub.cases import limits
from kmhub.text import places, vocab
from kmhub.text.thai import BE_OFFSET, BE_THRESHOLD

STATUSES = ("published", "draft")
DATE_PATTERN = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# Each check_* gets `report` from check_fields: report(key, thai, english, severity="error")
# files the problem at that key's line, so these checks never handle line numbers.


def shape(value: Any) -> tuple[str, str]:
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


def check_province(data: dict[str, Any], values: dict[str, Any], report: Any) -> None:
    raw = data.get("province")
    if raw in (None, ""):
        return
    if not isinstance(raw, str):
        report("province", "'province' ต้องเป็นข้อความ", "'province' must be text")
        return
    canonical = places.canonical_province(raw)
    if canonical is None:
        close = difflib.get_close_matches(raw.strip(), list(places.provinces()), n=2, cutoff=0.6)
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


def check_date(data: dict[str, Any], values: dict[str, Any], report: Any) -> None:
    if data.get("date") in (None, ""):
        return
    if isinstance(data["date"], dict | list):
        th, en = shape(data["date"])
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


def check_choices(data: dict[str, Any], values: dict[str, Any], report: Any) -> None:
    level = data.get("level")
    if level not in (None, ""):
        if not isinstance(level, str):
            th, en = shape(level)
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


def check_people_and_sources(data: dict[str, Any], values: dict[str, Any], report: Any) -> None:
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
