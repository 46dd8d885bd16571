"""Characters that contributed or typed text must not carry: control, surrogate, non-character, bidi."""

from __future__ import annotations

import re
import unicodedata

# C0 controls except tab and newline, DEL, C1 controls. A form feed or a NUL in a case has no
# meaning for a reader and breaks DOCX (XML 1.0 refuses them) and some terminals.
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"
# Lone surrogates cannot be encoded as UTF-8: they reach us only through escapes ("\ud800").
_SURROGATE = "\ud800-\udfff"
# The 66 non-characters: U+FDD0..U+FDEF and the last two code points of every plane.
_NONCHAR = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
# Embedding, override and isolate controls reorder what a reader sees (a title that reads
# differently from what it says); Thai and English text never needs them.
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"

_FORBIDDEN = re.compile(f"[{_CONTROL}{_SURROGATE}{_NONCHAR}{BIDI_CONTROLS}]")
_FORBIDDEN_NO_BIDI = re.compile(f"[{_CONTROL}{_SURROGATE}{_NONCHAR}]")


def describe(char: str) -> tuple[str, str]:
    """Thai and English names of the kind of forbidden character `char` is."""
    code = ord(char)
    shown = f"U+{code:04X}"
    if 0xD800 <= code <= 0xDFFF:
        return f"อักขระตัวแทนเดี่ยว (surrogate) {shown}", f"lone surrogate {shown}"
    if re.match(f"[{BIDI_CONTROLS}]", char):
        return (
            f"อักขระควบคุมทิศทางข้อความ {shown}",
            f"bidirectional control character {shown} (it reorders what readers see)",
        )
    if re.match(f"[{_NONCHAR}]", char):
        return f"อักขระที่ไม่ใช่ตัวอักษร (non-character) {shown}", f"non-character {shown}"
    return f"อักขระควบคุม {shown}", f"control character {shown}"


def first_forbidden(text: str, allow_bidi: bool = False) -> tuple[int, str] | None:
    """Offset and character of the first forbidden character in `text`, or None."""
    match = (_FORBIDDEN_NO_BIDI if allow_bidi else _FORBIDDEN).search(text)
    return (match.start(), match.group()) if match else None


def strip_forbidden(text: str) -> str:
    """`text` without forbidden characters (for what a person types into a form)."""
    return _FORBIDDEN.sub("", text)


def has_visible(text: str) -> bool:
    """True when `text` shows something: not only spaces, zero-width and format characters."""
    return any(
        not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc", "Zs", "Zl", "Zp")
        for ch in text
    )
