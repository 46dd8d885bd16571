"""`kmhub export`: case records as CSV, JSON Lines or a DCAT catalogue, written into a folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

from kmhub.errors import KmhubError
from kmhub.index.store import SearchIndex
from kmhub.opendata.dcat import catalog
from kmhub.opendata.records import Site, case_records
from kmhub.opendata.tables import csv_text, jsonl_text

FILE_NAMES = {"csv": "cases.csv", "jsonl": "cases.jsonl", "dcat": "catalog.jsonld"}


def parse_formats(text: str) -> list[str]:
    """`csv`, `jsonl`, `dcat`, several joined by commas, or `all`."""
    wanted = list(FILE_NAMES) if text.strip() == "all" else [f.strip() for f in text.split(",")]
    unknown = [f for f in wanted if f not in FILE_NAMES]
    if unknown or not wanted:
        raise KmhubError(
            f"ไม่รู้จักรูปแบบ '{', '.join(unknown) or text}' ใช้ csv, jsonl, dcat หรือ all",
            f"unknown format '{', '.join(unknown) or text}'; use csv, jsonl, dcat or all",
        )
    return list(dict.fromkeys(wanted))


def render(fmt: str, index: SearchIndex, site: Site) -> str:
    """One export format as text."""
    records = case_records(index, site)
    if fmt == "csv":
        return csv_text(records)
    if fmt == "jsonl":
        return jsonl_text(records)
    return json.dumps(catalog(records, site), ensure_ascii=False, indent=2) + "\n"


def write_export(index: SearchIndex, site: Site, formats: list[str], out_dir: Path) -> list[Path]:
    """Write each format into `out_dir` (created); each file appears whole or not at all."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for fmt in formats:
            target = out_dir / FILE_NAMES[fmt]
            tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            tmp.write_text(render(fmt, index, site), encoding="utf-8", newline="")
            os.replace(tmp, target)
            written.append(target)
        return written
    except OSError as exc:
        raise KmhubError(
            f"เขียนไฟล์ใน {out_dir} ไม่ได้: {exc.strerror}",
            f"cannot write to {out_dir}: {exc.strerror}",
        ) from exc
