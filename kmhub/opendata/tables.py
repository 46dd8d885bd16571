"""CSV for spreadsheets (UTF-8 with a byte-order mark, so Excel reads Thai) and JSON Lines."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from kmhub.opendata.records import FIELDS, LIST_FIELDS

BOM = "\ufeff"
LIST_SEPARATOR = "; "
# A cell starting with one of these is run as a formula by spreadsheet programs; case text
# is contributed, so such cells get a leading apostrophe, which spreadsheets hide.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(records: list[dict[str, Any]]) -> str:
    """The records as CSV: a BOM, a header row of FIELDS, list fields joined with '; '."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for record in records:
        writer.writerow([_cell(record.get(name, ""), name) for name in FIELDS])
    return out.getvalue()


def _cell(value: Any, name: str) -> str:
    text = LIST_SEPARATOR.join(value) if name in LIST_FIELDS else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def jsonl_text(records: list[dict[str, Any]]) -> str:
    """One JSON object per line, Thai kept as text."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
