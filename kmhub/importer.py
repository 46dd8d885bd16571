"""`kmhub import-news`: turn scraped news pages into draft case files for people to finish."""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kmhub import vocab
from kmhub.cases import read_case_file
from kmhub.news_clean import Article, clean_page, decode_page, has_thai
from kmhub.news_extract import Findings, extract
from kmhub.problems import KmhubError
from kmhub.thai import split_sentences
from kmhub.thaidate import EventDate, format_thai, pick_event_date

SUMMARY_MAX_CHARS = 350
TITLE_MAX_CHARS = 200
STDIN_NAME = "-"
# Opening words of what an event was, used to name an article that has no headline.
_ACTIVITY = re.compile(r"(?:ประชุม|อบรม|สัมมนา|จัดกิจกรรม|จัดงาน|ลงพื้นที่|ประกาศเจตนารมณ์|มอบ|เปิดโครงการ)")
PROMPT_RESULTS = (
    "_ให้ผู้เรียบเรียงเติม: ผลที่เกิดขึ้นจริงหลังกิจกรรม เช่น ตัวเลข การเปลี่ยนแปลง จากแหล่งที่ตรวจสอบได้ "
    "(ข่าวมักรายงานเพียงการจัดกิจกรรม) / To complete: actual results, from a source that can be checked._"
)
PROMPT_LESSONS = (
    "_ให้ผู้เรียบเรียงเติม: บทเรียนจากการพูดคุยหรือถอดบทเรียนกับผู้เกี่ยวข้อง ไม่ใช่การเดาจากข่าว "
    "/ To complete: lessons learned from the people involved, not guessed from the news._"
)


class _Dumper(yaml.SafeDumper):
    """Safe YAML without anchors: the same date in two fields is written out twice."""

    def ignore_aliases(self, data: object) -> bool:
        return True


@dataclass
class Check:
    """Something a person must check in the draft, in Thai and English."""

    thai: str
    english: str

    def __str__(self) -> str:
        return f"{self.thai} / {self.english}"


@dataclass
class ImportResult:
    """What happened to one input: the draft written (or the reason there is none)."""

    source: str
    path: Path | None = None
    case_id: str = ""
    event: EventDate | None = None
    findings: Findings | None = None
    checks: list[Check] = field(default_factory=list)
    error: KmhubError | None = None


def import_page(raw: bytes, source: str, out_dir: Path) -> ImportResult:
    """Clean one page, extract its facts and write a draft case; errors go into the result."""
    result = ImportResult(source)
    try:
        text = decode_page(raw)
        if not has_thai(text):
            raise KmhubError(
                "ไม่พบเนื้อหาภาษาไทยในหน้านี้ จึงไม่ได้สร้างร่าง",
                "no Thai article text found in this page; no draft written",
            )
        article = clean_page(text)
        if not article.paragraphs:
            raise KmhubError(
                "ไม่พบเนื้อข่าวหลังตัดส่วนประกอบของหน้าเว็บ", "no article text left after cleaning"
            )
        _extract_into(result, article)
        _write_draft(result, article, out_dir)
    except KmhubError as exc:
        result.error = exc
    except OSError as exc:  # the output folder cannot be created or written
        result.error = KmhubError(
            f"เขียนร่างลง {out_dir} ไม่ได้ ({exc.strerror})",
            f"cannot write the draft to {out_dir} ({exc.strerror})",
        )
    return result


def _extract_into(result: ImportResult, article: Article) -> None:
    lead = "\n".join(p for p in (article.headline, article.paragraphs[0]) if p)
    rest = "\n".join(article.paragraphs[1:])
    lead_end = len(article.headline) + len(article.paragraphs[0]) + 3
    result.event = pick_event_date(article.text, lead_end)
    if result.event is None:
        raise KmhubError(
            "ไม่พบวันที่ของเหตุการณ์ (วัน เดือน ปี) ในข่าว จึงไม่ได้สร้างร่าง",
            "no event date (day, month, year) found in the article; no draft written",
        )
    findings = result.findings = extract(lead, rest)
    if findings.province is None:
        raise KmhubError(
            "ไม่พบชื่อจังหวัดในข่าว จึงไม่ได้สร้างร่าง", "no province named in the article; no draft written"
        )
    add = result.checks.append
    for thai, english in zip(result.event.notes_th, result.event.notes_en, strict=True):
        add(Check(f"วันที่: {thai}", f"date: {english}"))
    guess = findings.province
    if guess.uncertain and guess.runner_up:
        add(
            Check(
                f"จังหวัด: ไม่แน่ใจ ข่าวกล่าวถึงทั้ง{guess.name}และ{guess.runner_up}",
                f"province: not sure; the article names both {guess.name} and {guess.runner_up}",
            )
        )
    elif guess.uncertain:
        add(
            Check(
                f"จังหวัด: ข่าวเอ่ยถึง{guess.name}เพียงเล็กน้อย ให้ตรวจว่าเป็นจังหวัดที่จัดกิจกรรม",
                f"province: {guess.name} is barely mentioned; check it is where the event happened",
            )
        )
    if not findings.networks:
        findings.networks = {"civil-society": []}
        add(
            Check(
                "เครือข่าย: ไม่พบคำบ่งชี้ ใส่ civil-society ไว้ก่อน",
                "networks: none found; civil-society set as a placeholder",
            )
        )
    add(
        Check(
            "เครือข่าย ระดับ และหน่วยงาน: ตรวจว่าตรงกับเนื้อข่าว",
            "networks, level and organizations: check against the article",
        )
    )
    add(
        Check(
            "ชื่อเรื่องและบทสรุป: เขียนใหม่ให้สั้นและตรงประเด็น (2–4 ประโยค)",
            "title and summary: rewrite them briefly (2-4 sentences)",
        )
    )
    add(
        Check(
            "ผลลัพธ์และบทเรียน: เติมจากผู้เกี่ยวข้อง แล้วเปลี่ยน status เป็น published",
            "results and lessons: complete them with the people involved, then set status: published",
        )
    )


def build_draft(result: ImportResult, article: Article, case_id: str) -> str:
    """Front matter and Markdown body of the draft case."""
    assert result.event is not None and result.findings is not None
    findings, date = result.findings, result.event.date
    province = findings.province.name if findings.province else ""
    source = {"title": _source_title(result.source, article)}
    if article.urls:
        source["url"] = article.urls[0]
    source["published"] = date  # type: ignore[assignment]
    data: dict[str, object] = {
        "id": case_id,
        "title": _title(article, province, date),
        "province": province,
        "date": date,
        "level": findings.level,
        "networks": list(findings.networks),
        "summary": _summary(article),
        "virtues": findings.virtues,
        "organizations": findings.organizations,
        "sources": [source],
        "status": "draft",
    }
    if result.event.uncertain:
        data["date_note"] = " ".join(result.event.notes_th)
    data = {k: v for k, v in data.items() if v not in ([], "")}
    front = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
    return "---\n" + front + _body(article, findings)


def _source_title(source: str, article: Article) -> str:
    name = "ข้อมูลจาก stdin" if source == STDIN_NAME else Path(source).name
    credits = "; ".join(str(c) for c in article.credits)
    return f"{name} — {credits}" if credits else name


def _title(article: Article, province: str, date: dt.date) -> str:
    if article.headline:
        return _clip(article.headline, TITLE_MAX_CHARS)
    # No headline: name the article after the first thing it says was done.
    for paragraph in article.paragraphs[:2]:
        match = _ACTIVITY.search(paragraph)
        if match:
            return f"{province}: {_clip(paragraph[match.start() :], 80)}"
    return f"ข่าวจังหวัดคุณธรรม {province} {format_thai(date)}"


def _summary(article: Article) -> str:
    return _clip(article.paragraphs[0], SUMMARY_MAX_CHARS)


def _clip(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a space (where Thai ends a phrase)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 3 else limit].rstrip(" ,;:") + " …"


def _body(article: Article, findings: Findings) -> str:
    paragraphs = [escape_markdown(p) for p in article.paragraphs]
    if len(paragraphs) == 1:
        # One long paragraph: its opening sentences set the scene, the rest is what was done.
        pieces = [escape_markdown(s) for s in split_sentences(article.paragraphs[0])]
        third = max(1, len(pieces) // 3)
        context, actions = [" ".join(pieces[:third])], [" ".join(pieces[third:]) or pieces[0]]
    else:
        context, actions = paragraphs[:1], paragraphs[1:]
    facts = []
    if findings.roles:
        facts.append(f"- **ผู้เกี่ยวข้อง (บทบาทตามข่าว):** {escape_markdown('; '.join(findings.roles))}")
    if findings.participants:
        facts.append(f"- **ผู้เข้าร่วม:** {escape_markdown(findings.participants[1])}")
    parts = ["## บริบท", *context, *(["\n".join(facts)] if facts else [])]
    parts += ["## สิ่งที่ทำ", *actions, "## ผลลัพธ์", PROMPT_RESULTS, "## บทเรียน", PROMPT_LESSONS]
    return "---\n\n" + "\n\n".join(parts) + "\n"


def escape_markdown(text: str) -> str:
    """Article text as literal Markdown: no raw HTML, links, emphasis or list markers from it."""
    text = re.sub(r"([\\`*_\[\]<>#|&])", r"\\\1", text)
    # The validator refuses "](javascript:" even as text: keep "](" from ever appearing.
    text = text.replace("\\](", "\\]\\(")
    return re.sub(r"^(\s*)([-+=]|\d+[.)])", r"\1\\\2", text)


def case_id(province: str, date: dt.date, slug: str = "news") -> str:
    """ "phra-nakhon-si-ayutthaya-2021-02-23-news" from the province's English name and the date."""
    english = vocab.provinces().get(province, {}).get("name_en", "thailand")
    stem = re.sub(r"[^a-z0-9]+", "-", english.lower()).strip("-")
    return f"{stem}-{date.isoformat()}-{slug}"


def _write_draft(result: ImportResult, article: Article, out_dir: Path) -> None:
    assert result.event is not None and result.findings and result.findings.province
    base = case_id(result.findings.province.name, result.event.date)
    out_dir.mkdir(parents=True, exist_ok=True)
    for n in range(1, 1000):
        candidate = base if n == 1 else f"{base}-{n}"
        path = out_dir / f"{candidate}.md"
        text = build_draft(result, article, candidate)
        try:
            # "x" mode: never overwrite a case file, even one written a moment ago by someone else.
            with path.open("x", encoding="utf-8") as handle:
                handle.write(text)
        except FileExistsError:
            continue
        if n > 1:
            result.checks.insert(
                0,
                Check(
                    f"มีไฟล์ {base}.md อยู่แล้ว จึงใช้ id ใหม่ {candidate} (อาจเป็นข่าวเรื่องเดียวกัน ให้พิจารณารวม)",
                    f"{base}.md already exists, so the id {candidate} was used (maybe the same event: consider merging)",
                ),
            )
        result.path, result.case_id = path, candidate
        break
    else:
        raise KmhubError(
            f"ตั้งชื่อไฟล์ใหม่สำหรับ {base} ไม่ได้", f"could not find a free file name for {base}"
        )
    checked = read_case_file(path)
    if not checked.ok:
        path.unlink()
        result.path = None
        errors = "; ".join(p.english for p in checked.problems if p.is_error)
        raise KmhubError(f"ร่างที่สร้างไม่ผ่านการตรวจ: {errors}", f"the draft did not validate: {errors}")


def run_import(
    sources: list[str], out_dir: Path, echo: Callable[[str], None], echo_err: Callable[[str], None]
) -> int:
    """Import every source ("-" is standard input); 0 when each gave a draft, else 1."""
    if out_dir.exists() and not out_dir.is_dir():
        raise KmhubError(f"{out_dir} ไม่ใช่โฟลเดอร์", f"{out_dir} is not a folder")
    failed = 0
    for source in sources:
        try:
            raw = sys.stdin.buffer.read() if source == STDIN_NAME else Path(source).read_bytes()
        except OSError as exc:
            result = ImportResult(
                source,
                error=KmhubError(
                    f"อ่านไฟล์ไม่ได้ ({exc.strerror})", f"cannot read the file ({exc.strerror})"
                ),
            )
        else:
            result = import_page(raw, source, out_dir)
        failed += result.path is None
        (echo if result.path else echo_err)(format_result(result))
    written = len(sources) - failed
    echo_err(
        f"สร้างร่าง {written} ไฟล์ ไม่สำเร็จ {failed} ไฟล์ (status: draft ยังไม่แสดงในผลค้นหา) / "
        f"{written} drafts written, {failed} inputs failed (drafts are not searched until published)"
    )
    return 1 if failed else 0


def format_result(result: ImportResult) -> str:
    """The per-file report: what was found and what a person must check."""
    if result.path is None:
        error = result.error or KmhubError("ไม่ทราบสาเหตุ", "unknown reason")
        return f"{result.source}: ไม่ได้สร้างร่าง: {error.thai}\n{result.source}: no draft: {error.english}"
    assert result.event and result.findings and result.findings.province
    found, date = result.findings, result.event.date
    province = found.province.name
    english = vocab.provinces().get(province, {}).get("name_en", "")
    lines = [
        f"{result.source} -> {result.path}",
        f"  วันที่ / date: {date.isoformat()} ({format_thai(date)}) จาก/from '{result.event.text}'",
        f"  จังหวัด / province: {province} ({english})",
        "  เครือข่าย / networks: "
        + "; ".join(f"{n} ({', '.join(words[:3]) or '-'})" for n, words in found.networks.items()),
        f"  ระดับ / level: {found.level} ({vocab.LEVELS[found.level]})",
        f"  หน่วยงาน / organizations: {', '.join(found.organizations) or '-'}",
        f"  ผู้เข้าร่วม / participants: {found.participants[1] if found.participants else '- (ข่าวไม่ระบุ / not stated)'}",
        f"  บทบาท / roles: {'; '.join(found.roles) or '-'}",
        "  ต้องตรวจ / to check:",
        *(f"   - {check}" for check in result.checks),
    ]
    return "\n".join(lines)
