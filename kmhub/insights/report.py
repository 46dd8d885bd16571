"""The curators' report: top queries, searches that found nothing or little, asked vs held."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

from kmhub.errors import KmhubError
from kmhub.index.store import SearchIndex
from kmhub.insights.store import open_reader, to_hour
from kmhub.search.facets import count_facets, labels
from kmhub.text.dates import read_date
from kmhub.text.thai import to_be_year

TOP = 20
MAX_DAYS = 366  # columns of the per-day chart
_SPAN = re.compile(r"(\d+)\s*([hdw])")
_SECONDS = {"h": 3600, "d": 86400, "w": 7 * 86400}


def parse_since(text: str, now: float) -> float:
    """`30d`, `12h`, `2w`, or a date in either era (2021-03-14, 14/03/2564): epoch seconds."""
    span = _SPAN.fullmatch(text.strip().lower())
    if span:
        return now - int(span.group(1)) * _SECONDS[span.group(2)]
    try:
        day = read_date(text)
    except KmhubError:
        raise KmhubError(
            f"อ่านช่วงเวลา '{text[:30]}' ไม่ได้ ใช้เช่น 30d, 12h หรือ 2021-03-14",
            f"cannot read '{text[:30]}' as a time; use e.g. 30d, 12h or 2021-03-14",
        ) from None
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp()


def build_report(db: Path, since: float, now: float, index: SearchIndex | None) -> dict[str, Any]:
    """Everything the CLI and /insights show, for events from `since` to `now`."""
    start = to_hour(since)
    conn = open_reader(db)
    try:
        searches = _rows(
            conn,
            "SELECT query, provinces, network, results, loose, hour FROM searches WHERE hour >= ?",
            start,
        )
        opens = _rows(conn, "SELECT case_id FROM opens WHERE hour >= ?", start)
        packs = _rows(conn, "SELECT case_id FROM packs WHERE hour >= ?", start)
    finally:
        if conn is not None:
            conn.close()
    titles = {r.id: r.title for r in index.cases} if index else {}
    held = count_facets(index.cases) if index else {"province": [], "network": []}
    return {
        "since": _iso(since),
        "until": _iso(now),
        "searches": len(searches),
        "zero_results": sum(1 for s in searches if s[3] == 0),
        "loose_only": sum(1 for s in searches if s[4]),
        "top_queries": _top_queries(searches),
        "gaps": _gaps(searches),
        "provinces": _asked_vs_held(
            Counter(p for s in searches for p in json.loads(s[1])), held["province"], "province"
        ),
        "networks": _asked_vs_held(
            Counter(s[2] for s in searches if s[2]), held["network"], "network"
        ),
        "opened": _cases(Counter(r[0] for r in opens), titles),
        "packed": _cases(Counter(r[0] for r in packs), titles),
        "per_day": _per_day(searches, since, now),
    }


def _rows(conn: sqlite3.Connection | None, sql: str, start: int) -> list[tuple[Any, ...]]:
    if conn is None:
        return []
    try:
        return conn.execute(sql, (start,)).fetchall()
    except sqlite3.Error as exc:
        raise KmhubError(
            f"อ่านฐานข้อมูลการค้นหาไม่ได้: {exc}", f"cannot read the insights database: {exc}"
        ) from exc


def _top_queries(searches: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    by: dict[str, list[int]] = {}
    for query, _, _, results, _, _ in searches:
        if query:
            by.setdefault(query, []).append(results)
    ranked = sorted(by.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:TOP]
    return [
        {"query": q, "count": len(r), "zero": sum(1 for n in r if n == 0), "results": max(r)}
        for q, r in ranked
    ]


def _gaps(searches: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Queries that found nothing or only loosely related cases: the lessons to write next."""
    by: dict[str, dict[str, Any]] = {}
    for query, _, _, results, loose, hour in searches:
        if not query or (results > 0 and not loose):
            continue
        item = by.setdefault(query, {"query": query, "count": 0, "zero": 0, "loose": 0, "last": 0})
        item["count"] += 1
        item["loose" if loose else "zero"] += 1  # loose: only loosely related cases shown
        item["last"] = max(item["last"], hour)
    ranked = sorted(by.values(), key=lambda g: (-g["count"], -g["last"], g["query"]))[:TOP]
    return [{**g, "last": _iso(g["last"])} for g in ranked]


def _asked_vs_held(
    asked: Counter[str], held: list[dict[str, Any]], facet: str
) -> list[dict[str, Any]]:
    held_by = {item["value"]: item["count"] for item in held}
    values = sorted(set(asked) | set(held_by), key=lambda v: (-asked[v], -held_by.get(v, 0), v))
    return [
        {"value": v, **labels(facet, v), "asked": asked[v], "held": held_by.get(v, 0)}
        for v in values
        if asked[v]
    ][:TOP]


def _cases(counter: Counter[str], titles: dict[str, str]) -> list[dict[str, Any]]:
    ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]
    return [{"case_id": c, "title": titles.get(c, ""), "count": n} for c, n in ranked]


def _per_day(searches: list[tuple[Any, ...]], since: float, now: float) -> list[dict[str, Any]]:
    """Searches and searches in vain for every day of the period, days without any as 0."""
    days: dict[str, list[int]] = {}
    first = dt.datetime.fromtimestamp(since, dt.UTC).date()
    last = dt.datetime.fromtimestamp(now, dt.UTC).date()
    span = min((last - first).days, MAX_DAYS - 1)
    for offset in range(span, -1, -1):
        days[(last - dt.timedelta(days=offset)).isoformat()] = [0, 0]
    for _, _, _, results, loose, hour in searches:
        day = dt.datetime.fromtimestamp(hour, dt.UTC).date().isoformat()
        if day in days:
            days[day][0] += 1
            days[day][1] += int(results == 0 or bool(loose))
    return [{"day": d, "searches": n, "gaps": g} for d, (n, g) in days.items()]


def _iso(at: float) -> str:
    return dt.datetime.fromtimestamp(at, dt.UTC).isoformat(timespec="seconds")


def report_csv(report: dict[str, Any]) -> str:
    """The report as one CSV table (section, value, label, count, extra), with a BOM for Excel."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["section", "value", "label", "count", "zero", "loose", "held"])
    for q in report["top_queries"]:
        writer.writerow(["top_query", q["query"], "", q["count"], q["zero"], "", ""])
    for g in report["gaps"]:
        writer.writerow(["gap", g["query"], "", g["count"], g["zero"], g["loose"], ""])
    for facet in ("provinces", "networks"):
        for p in report[facet]:
            writer.writerow([facet[:-1], p["value"], p["label_en"], p["asked"], "", "", p["held"]])
    for name in ("opened", "packed"):
        for c in report[name]:
            writer.writerow([name, c["case_id"], c["title"], c["count"], "", "", ""])
    return out.getvalue()


def report_text(report: dict[str, Any]) -> str:
    """The report for a terminal, Thai headings with English beside them."""
    since = dt.datetime.fromisoformat(report["since"])
    lines = [
        f"ข้อมูลการค้นหาตั้งแต่ {since.date()} (พ.ศ. {to_be_year(since.year)}) / search insights since {since.date()}",
        f"ค้นหา {report['searches']} ครั้ง ไม่พบผล {report['zero_results']} พบแต่ผลที่เกี่ยวข้องน้อย {report['loose_only']} / "
        f"{report['searches']} searches, {report['zero_results']} found nothing, {report['loose_only']} only loosely related",
        "",
        "คำค้นยอดนิยม / top queries",
    ]
    lines += [
        f"  {q['count']:>5}  {q['query']}  (ไม่พบ/zero {q['zero']})" for q in report["top_queries"]
    ] or ["  -"]
    lines += ["", "ค้นแล้วไม่พบหรือพบน้อย: บทเรียนที่ควรเขียนต่อ / searched in vain: lessons to write next"]
    lines += [
        f"  {g['count']:>5}  {g['query']}  (ไม่พบ/zero {g['zero']}, เกี่ยวข้องน้อย/loose {g['loose']})"
        for g in report["gaps"]
    ] or ["  -"]
    for key, thai, english in (
        ("provinces", "จังหวัด", "provinces"),
        ("networks", "เครือข่าย", "networks"),
    ):
        lines += ["", f"{thai}ที่ถูกค้น เทียบกับกรณีที่มี / {english} asked for vs cases held"]
        lines += [
            f"  {p['asked']:>5} / {p['held']:<4} {p['label_th']} ({p['label_en']})"
            for p in report[key]
        ] or ["  -"]
    for key, thai, english in (
        ("opened", "กรณีที่ถูกเปิดอ่านมากที่สุด", "most opened cases"),
        ("packed", "กรณีที่ถูกใส่ชุดอบรมมากที่สุด", "most packed cases"),
    ):
        lines += ["", f"{thai} / {english}"]
        lines += [f"  {c['count']:>5}  {c['case_id']}  {c['title']}" for c in report[key]] or [
            "  -"
        ]
    return "\n".join(lines)
