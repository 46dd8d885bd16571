"""Case files: read, check and load `cases/<id>.md` (YAML front matter + Markdown body)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from kmhub.cases import body as case_body
from kmhub.cases import fields as case_fields
from kmhub.cases import frontmatter, limits
from kmhub.errors import Problem

MAX_FILE_BYTES = limits.MAX_FILE_BYTES
# Bump when the checks change, so a build does not reuse a file's cached result of older checks.
CHECKS_VERSION = 2
# Files in a cases folder that are never cases.
IGNORED_NAMES = {"README.md", "CONTRIBUTING.md"}


@dataclass(frozen=True)
class Source:
    title: str
    url: str = ""
    published: str = ""


@dataclass(frozen=True)
class Contributor:
    name: str
    affiliation: str = ""


@dataclass
class Case:
    """A validated case: front matter values in canonical form, plus its parsed sections."""

    id: str
    title: str
    province: str
    date: dt.date
    level: str
    networks: list[str]
    summary: str
    path: str
    title_en: str = ""
    summary_en: str = ""
    virtues: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    contributors: list[Contributor] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    date_note: str = ""
    language: str = "th"
    license: str = "CC-BY-4.0"
    status: str = "published"
    body: str = ""
    sections: list[case_body.Section] = field(default_factory=list)

    @property
    def year(self) -> int:
        return self.date.year

    def section(self, key: str) -> case_body.Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: the date as ISO text, sections with their Markdown and plain text."""
        # Shallow copies by hand: dataclasses.asdict's deep recursion dominated rebuild time.
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["date"] = self.date.isoformat()
        data["year"] = self.year
        for key in ("networks", "virtues", "topics", "organizations"):
            data[key] = list(data[key])
        data["contributors"] = [vars(c).copy() for c in self.contributors]
        data["sources"] = [vars(s).copy() for s in self.sources]
        data["sections"] = [vars(s).copy() for s in self.sections]
        return data


@dataclass
class CaseFile:
    """The outcome of reading one file: the case when it is valid, and every problem found."""

    path: str
    case: Case | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return self.case is not None


def read_case_file(path: Path, display: str | None = None) -> CaseFile:
    """Read and check one case file; never raises for bad content."""
    shown = display or str(path)
    try:
        return _read_case_file(path, shown)
    except Exception as exc:  # one file never stops the others (RecursionError included)
        return CaseFile(
            shown,
            None,
            [
                Problem(
                    shown,
                    1,
                    "error",
                    f"ตรวจไฟล์นี้ไม่ได้ ({type(exc).__name__}) ให้แจ้งผู้ดูแลพร้อมไฟล์นี้",
                    f"this file could not be checked ({exc!r}); please report it with the file",
                )
            ],
        )


def _read_case_file(path: Path, shown: str) -> CaseFile:
    problems: list[Problem] = []

    def fail(line: int, thai: str, english: str) -> CaseFile:
        problems.append(Problem(shown, line, "error", thai, english))
        return CaseFile(shown, None, problems)

    try:
        raw = path.read_bytes()
    except OSError as exc:
        return fail(1, f"อ่านไฟล์ไม่ได้ ({exc.strerror})", f"cannot read the file ({exc.strerror})")
    if len(raw) > MAX_FILE_BYTES:
        return fail(
            1,
            f"ไฟล์ใหญ่เกิน 1 MB ({len(raw):,} ไบต์) แยกเป็นหลายกรณีหรือตัดเนื้อหาที่ไม่จำเป็น",
            f"file is larger than 1 MB ({len(raw):,} bytes); split it or trim it",
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(
            Problem(
                shown,
                1,
                "error",
                "ไฟล์ขึ้นต้นด้วย BOM ให้บันทึกเป็น UTF-8 แบบไม่มี BOM",
                "file starts with a byte-order mark (BOM); save it as UTF-8 without BOM",
            )
        )
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return fail(
            line,
            f"ไฟล์ไม่ใช่ UTF-8 (ไบต์ที่ตำแหน่ง {exc.start}) ให้บันทึกใหม่เป็น UTF-8",
            f"file is not valid UTF-8 (byte offset {exc.start}); re-save it as UTF-8",
        )
    text = text.replace("\r\n", "\n")

    split = frontmatter.split(text, shown)
    problems.extend(split.problems)
    if split.data is None:
        return CaseFile(shown, None, problems)
    checked = case_fields.check_fields(split.data, split.lines, shown, Path(shown).stem)
    problems.extend(checked.problems)
    parsed = case_body.parse_body(split.body, split.body_line, shown, path.parent)
    problems.extend(parsed.problems)
    summary_line = split.lines.get("summary", 1)
    problems.extend(_placeholders(split.body, split.body_line, shown, checked.values, summary_line))
    if any(p.is_error for p in problems):
        return CaseFile(shown, None, problems)
    values = checked.values
    case = Case(
        path=shown,
        body=split.body,
        sections=parsed.sections,
        contributors=[Contributor(**c) for c in values.pop("contributors", [])],
        sources=[Source(**s) for s in values.pop("sources", [])],
        **values,
    )
    return CaseFile(shown, case, problems)


def _placeholders(
    text: str, first_line: int, shown: str, values: dict[str, Any], summary_line: int
) -> list[Problem]:
    """The editor's prompts left by import-news: an error once the case is published."""
    draft = values.get("status") == "draft"
    found = []
    summary = values.get("summary", "")
    if limits.PLACEHOLDER_MARK in summary:
        found.append(summary_line)
    found += [
        first_line + n for n, line in enumerate(text.split("\n")) if limits.PLACEHOLDER_MARK in line
    ]
    return [
        Problem(
            shown,
            line,
            "warning" if draft else "error",
            f"ยังมีข้อความให้ผู้เรียบเรียงเติม ({limits.PLACEHOLDER_MARK}…) ให้เขียนเนื้อหาจริงแทน",
            "an import-news placeholder is still here; replace it with the real text",
        )
        for line in found
    ]


def iter_case_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Markdown files named directly, and every `*.md` below named folders, in a stable order."""
    for path in paths:
        if path.is_dir():
            for found in sorted(path.rglob("*.md")):
                if found.name not in IGNORED_NAMES and not found.name.startswith((".", "_")):
                    yield found
        else:
            yield path


def free_case_id(base: str, cases_dir: Path) -> str:
    """`base`, or `base-2`, `base-3`, ...: the first id no file anywhere under `cases_dir` uses."""
    taken = {p.stem for p in cases_dir.rglob(f"{base}*.md")} if cases_dir.is_dir() else set()
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def read_case_files(
    paths: Iterable[Path], read: Callable[[Path], CaseFile] | None = None
) -> list[CaseFile]:
    """Read every case under `paths` (with `read`, e.g. a caching reader), then check duplicate ids."""
    read = read or read_case_file
    results = []
    for path, root in _paths_with_roots(paths):
        if root is not None and _escapes(path, root):
            results.append(
                CaseFile(
                    str(path),
                    None,
                    [
                        Problem(
                            str(path),
                            1,
                            "error",
                            f"ไฟล์นี้เป็นลิงก์ (symlink) ไปยังไฟล์นอกโฟลเดอร์ {root} ซึ่งไม่อนุญาต",
                            f"a symbolic link to a file outside {root} is not allowed",
                        )
                    ],
                )
            )
            continue
        if not path.exists():
            results.append(
                CaseFile(
                    str(path),
                    None,
                    [Problem(str(path), 1, "error", "ไม่พบไฟล์หรือโฟลเดอร์", "no such file or folder")],
                )
            )
            continue
        results.append(read(path))
    _mark_duplicate_ids(results)
    return results


def _paths_with_roots(paths: Iterable[Path]) -> Iterator[tuple[Path, Path | None]]:
    for path in paths:
        root = path if path.is_dir() else None
        for found in iter_case_paths([path]):
            yield found, root


def _escapes(path: Path, root: Path) -> bool:
    """True for a symbolic link (or a file under one) that leads outside `root`."""
    try:
        return not path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a link loop
        return True


def _mark_duplicate_ids(results: list[CaseFile]) -> None:
    # New CaseFile objects rather than edits: a reader may cache the ones it returned.
    first_seen: dict[str, CaseFile] = {}
    for i, result in enumerate(results):
        if result.case is None:
            continue
        other = first_seen.setdefault(result.case.id, result)
        if other is not result:
            duplicate = Problem(
                result.path,
                1,
                "error",
                f"id '{result.case.id}' ซ้ำกับไฟล์ {other.path}",
                f"id '{result.case.id}' is already used by {other.path}",
            )
            results[i] = CaseFile(result.path, None, [*result.problems, duplicate])
