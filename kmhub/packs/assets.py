"""Files that ship with packs: the Thai font (Noto Sans Thai, OFL) that PDF and DOCX embed."""

from __future__ import annotations

import base64
from functools import cache
from pathlib import Path

from kmhub.packs.model import PackError

FONT_DIR = Path(__file__).resolve().parent / "fonts"
# The family name handouts ask for. It differs from the installed "Noto Sans Thai" on purpose:
# the bundled files are always the ones used, whatever fonts the system has.
FONT_FAMILY = "kmhub Noto Sans Thai"
FONT_NAME = "Noto Sans Thai"  # the name inside the font files (what pdffonts and Word show)
FONT_FILES = {"normal": "NotoSansThai-Regular.ttf", "bold": "NotoSansThai-Bold.ttf"}
FONT_LICENCE = "OFL.txt"


def font_path(weight: str) -> Path:
    """The bundled font file of `weight` ("normal" or "bold"); PackError when it is missing."""
    path = FONT_DIR / FONT_FILES[weight]
    if not path.is_file():
        raise PackError(
            f"ไม่พบฟอนต์ไทยที่มากับ kmhub ({path}) ให้ติดตั้ง kmhub ใหม่",
            f"the Thai font that ships with kmhub is missing ({path}); reinstall kmhub",
        )
    return path


@cache
def font_bytes(weight: str) -> bytes:
    return font_path(weight).read_bytes()


@cache
def font_data_url(weight: str) -> str:
    """The font as a data: URL, for the self-contained HTML pack."""
    return "data:font/ttf;base64," + base64.b64encode(font_bytes(weight)).decode("ascii")
