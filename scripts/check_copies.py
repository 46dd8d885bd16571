"""Find text copied from the source excerpts into case files.

Every case file (front matter and body) is compared with every excerpt in the sources folder.
A run of at least --min characters (default 40) that a case shares with an excerpt is reported
as `path:line: ...`, unless an entry of the allow-list (proper names, titles, slogans) covers it.
Whitespace is ignored, so re-spacing a copied sentence does not hide it.

Exit status: 0 when nothing is found or the sources folder is absent (the check is skipped),
1 when a copied run is found, 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = REPO.parent / "shared" / "sources"
DEFAULT_ALLOWLIST = REPO / "scripts" / "copy_allowlist.txt"
DEFAULT_CASES = REPO / "cases"
MASK = "\x00"  # never occurs in a source, so masked characters never match

# Spellings that differ only in encoding or typography count as the same character.
_SAME = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " "})


@dataclass
class Normalized:
    text: str  # whitespace removed, typography unified
    offsets: list[int]  # offset in the original text of each character of `text`


def normalize(original: str) -> Normalized:
    """Drop whitespace and unify look-alike characters, keeping a map back to the original."""
    source = original.translate(_SAME)
    chars: list[str] = []
    offsets: list[int] = []
    i = 0
    while i < len(source):
        char = source[i]
        # NIKHAHIT + SARA AA is how some pages write SARA AM.
        if char == "\u0e4d" and source[i + 1 : i + 2] == "\u0e32":
            chars.append("\u0e33")
            offsets.append(i)
            i += 2
            continue
        if not char.isspace():
            chars.append(char)
            offsets.append(i)
        i += 1
    return Normalized("".join(chars), offsets)


def excerpt_parts(text: str) -> tuple[str, str]:
    """(title from the header, excerpt body) of a source file: header lines, `---`, body."""
    head, sep, body = text.partition("\n---\n")
    if not sep:
        return "", text
    title = ""
    for line in head.splitlines():
        if line.startswith("title:"):
            title = line[len("title:") :].strip()
    return title, body


def read_allowlist(path: Path | None) -> list[str]:
    if path is None or not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.strip()
        if entry and not entry.startswith("#"):
            entries.append(entry)
    return entries


def build_windows(sources: list[Path], size: int) -> dict[str, str]:
    """Every `size`-character window of every excerpt body -> the name of the first excerpt."""
    windows: dict[str, str] = {}
    for path in sources:
        _title, body = excerpt_parts(path.read_text(encoding="utf-8"))
        text = normalize(body).text
        for start in range(len(text) - size + 1):
            windows.setdefault(text[start : start + size], path.name)
    return windows


def mask(text: str, phrases: list[str]) -> str:
    """Blank out every occurrence of an allowed phrase so no run can pass through it."""
    chars = list(text)
    for phrase in phrases:
        if not phrase:
            continue
        start = text.find(phrase)
        while start != -1:
            chars[start : start + len(phrase)] = MASK * len(phrase)
            start = text.find(phrase, start + 1)
    return "".join(chars)


@dataclass
class Run:
    line: int
    length: int
    source: str
    excerpt: str


def citation_titles(case_text: str) -> list[str]:
    """Titles of cited pages in the front matter (`- title:` items): a citation quotes its title."""
    head = case_text.split("\n---", 1)[0] if case_text.startswith("---") else ""
    titles = []
    for line in head.splitlines():
        match = re.match(r"^\s+(?:-\s+)?title:\s*(.+)$", line)
        if match:
            titles.append(match.group(1).strip().strip("'\""))
    return titles


def find_runs(case_text: str, windows: dict[str, str], allowed: list[str], size: int) -> list[Run]:
    """Maximal runs of at least `size` characters shared with an excerpt and not inside an allowed phrase."""
    norm = normalize(case_text)
    own = [normalize(title).text for title in citation_titles(case_text)]
    allowed = sorted([*allowed, *own], key=len, reverse=True)
    text = mask(norm.text, allowed)
    runs: list[Run] = []
    start = 0
    last = len(text) - size
    while start <= last:
        source = windows.get(text[start : start + size])
        if source is None:
            start += 1
            continue
        end = start + size
        # Extend while the next window is shared too (with any excerpt).
        while end < len(text) and text[end - size + 1 : end + 1] in windows:
            end += 1
        if any(text[start:end] in phrase for phrase in allowed):
            # Part of a name or title, quoted as it is (e.g. an award named after its title).
            start = end
            continue
        first, final = norm.offsets[start], norm.offsets[end - 1]
        line = case_text.count("\n", 0, first) + 1
        excerpt = " ".join(case_text[first : final + 1].split())
        runs.append(Run(line, end - start, source, excerpt))
        start = end
    return runs


def case_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.rglob("*.md")) if path.is_dir() else [path])
    return files


def shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "cases", nargs="*", type=Path, help="case files or folders (default: cases/)"
    )
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES)
    parser.add_argument("--allowlist", type=Path, default=DEFAULT_ALLOWLIST)
    parser.add_argument("--min", type=int, default=40, dest="size")
    args = parser.parse_args(argv)
    if args.size < 1:
        parser.error("--min must be at least 1")

    if not args.sources.is_dir():
        print(
            f"ไม่พบโฟลเดอร์แหล่งที่มา {args.sources} จึงข้ามการตรวจข้อความซ้ำ / "
            f"sources folder {args.sources} not found: copy check skipped"
        )
        return 0
    sources = sorted(args.sources.glob("*.txt"))
    files = case_files(args.cases or [DEFAULT_CASES])
    missing = [f for f in files if not f.is_file()]
    if missing:
        print(f"ไม่พบไฟล์ / file not found: {missing[0]}", file=sys.stderr)
        return 2

    windows = build_windows(sources, args.size)
    # Titles of the excerpts may be cited as they are, like the names in the allow-list.
    allowed = [normalize(entry).text for entry in read_allowlist(args.allowlist)]
    allowed += [normalize(excerpt_parts(p.read_text(encoding="utf-8"))[0]).text for p in sources]
    allowed.sort(key=len, reverse=True)

    found = 0
    for path in files:
        for run in find_runs(path.read_text(encoding="utf-8"), windows, allowed, args.size):
            found += 1
            print(
                f"{shown(path)}:{run.line}: ข้อความซ้ำกับแหล่งที่มา {run.length} ตัวอักษร / "
                f"{run.length}-character run copied from {run.source}: {run.excerpt}"
            )
    if found:
        print(
            f"พบข้อความที่คัดลอกมา {found} แห่ง ให้เรียบเรียงใหม่ด้วยคำของตนเอง "
            f"หรือเพิ่มชื่อเฉพาะลงใน {shown(args.allowlist)} / "
            f"{found} copied run(s): rewrite them, or allow-list real proper names",
            file=sys.stderr,
        )
        return 1
    print(
        f"ตรวจ {len(files)} ไฟล์กับแหล่งที่มา {len(sources)} ไฟล์: ไม่พบข้อความที่คัดลอกมา / "
        f"checked {len(files)} case files against {len(sources)} excerpts: no copied runs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
