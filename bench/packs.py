"""Time workshop packs: HTML, DOCX and PDF of 5 and 30 real cases, in one run (medians).

Usage: python bench/packs.py [--repeat 5] [--index DIR] [--libreoffice]

The index of cases/ is built once into --index (a temporary folder by default). Each timing
covers building the pack from the index and rendering it; the first render of each format is
a warm-up and is not counted. --libreoffice also converts each DOCX to PDF to count its pages.
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kmhub.index.build import build_index  # noqa: E402
from kmhub.index.store import current_build, open_index  # noqa: E402
from kmhub.packs.model import build_pack, make_meta  # noqa: E402
from kmhub.settings import Settings  # noqa: E402
from kmhub.web.handout import handout_environment, render  # noqa: E402

FORMATS = ("html", "docx", "pdf")
SIZES = (5, 30)


def pdf_pages(content: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)


def docx_pages(content: bytes) -> int | None:
    """Pages of the DOCX as LibreOffice lays it out (None when soffice is missing)."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "pack.docx"
        source.write_bytes(content)
        try:
            subprocess.run(
                [
                    "soffice",
                    f"-env:UserInstallation=file://{tmp}/profile",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    tmp,
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=300,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return pdf_pages((Path(tmp) / "pack.pdf").read_bytes())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=Path, default=ROOT / "cases")
    parser.add_argument("--index", type=Path, default=None, help="default: a temporary folder")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--libreoffice", action="store_true", help="count DOCX pages too")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(cases_dir=args.cases, index_dir=args.index or Path(tmp) / "index")
        if current_build(settings.index_dir) is None:
            build_index(settings, progress=False)
        index = open_index(settings.index_dir, settings.encoder)
        ids = sorted(row.id for row in index.cases)
        if len(ids) < max(SIZES):
            sys.exit(f"need at least {max(SIZES)} cases, found {len(ids)}")
        env = handout_environment(settings.web_dir)
        meta = make_meta("อบรมวิทยากรส่งเสริมคุณธรรม", "2026-11-25", "ครู", "วิทยากร", "ชุมชน")
        rows = []
        for size in SIZES:
            chosen = ids[:size]
            for fmt in FORMATS:
                times = []
                content = b""
                for i in range(args.repeat + 1):
                    started = time.perf_counter()
                    content = render(build_pack(index, chosen, meta), fmt, env).content
                    if i:  # the first run warms caches (templates, fonts) and is not counted
                        times.append(time.perf_counter() - started)
                pages: int | None = None
                if fmt == "pdf":
                    pages = pdf_pages(content)
                elif fmt == "docx" and args.libreoffice:
                    pages = docx_pages(content)
                rows.append(
                    {
                        "cases": size,
                        "format": fmt,
                        "median_s": round(statistics.median(times), 3),
                        "min_s": round(min(times), 3),
                        "kib": round(len(content) / 1024, 1),
                        "pages": pages,
                    }
                )
                print(json.dumps(rows[-1]), file=sys.stderr)

    print(f"machine: {platform.processor() or platform.machine()}, {platform.python_version()}")
    print(f"runs per cell: {args.repeat} (after one warm-up)\n")
    print("| cases | format | median s | min s | KiB | pages |")
    print("|---:|---|---:|---:|---:|---:|")
    for r in rows:
        pages = "" if r["pages"] is None else r["pages"]
        print(
            f"| {r['cases']} | {r['format']} | {r['median_s']} | {r['min_s']} | {r['kib']} | {pages} |"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
