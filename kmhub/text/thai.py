"""Thai text handling below word level: normalization with a position map, eras, sentence cuts."""

from __future__ import annotations

import re
import unicodedata

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
BE_OFFSET = 543
# A year above this is read as Buddhist Era (2564 -> 2021); CE years of interest are far below.
BE_THRESHOLD = 2400

# Zero-width and formatting characters that survive copy-paste from web pages and PDFs.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
WORDLIKE = re.compile(r"[\u0e01-\u0e4e\w]", re.UNICODE)  # a token with one of these is a word
_THAI_LETTER = re.compile(r"[\u0e01-\u0e4e]")


def has_thai(text: str) -> bool:
    return _THAI_LETTER.search(text) is not None


def to_ce_year(year: int) -> int:
    """Read a year as CE, converting a Buddhist-Era year (2564 -> 2021)."""
    return year - BE_OFFSET if year > BE_THRESHOLD else year


def to_be_year(year: int) -> int:
    return year + BE_OFFSET


def normalize(text: str) -> str:
    """NFC, Thai digits to ASCII, no invisible characters, fixed vowel order, folded space/case."""
    out = normalize_mapped(unicodedata.normalize("NFC", text))[0]
    # NFC orders marks by combining class; after invisible characters are dropped it can see
    # two marks side by side for the first time, so normalize until the text stops changing.
    for _ in range(4):
        again = normalize_mapped(unicodedata.normalize("NFC", out))[0]
        if again == out:
            break
        out = again
    return out


def normalize_mapped(text: str) -> tuple[str, list[int]]:
    """The normalized text, and for each of its characters the index it came from in `text`."""
    out, where = _normalize_once(text)
    # Dropping an invisible character can bring two marks together that a second pass reorders
    # or merges; repeat until nothing changes (two passes in practice), composing the maps.
    for _ in range(4):
        again, inner = _normalize_once(out)
        if again == out:
            break
        out, where = again, [where[j] for j in inner]
    return out, where


def _normalize_once(text: str) -> tuple[str, list[int]]:
    chars, origin = _reorder(text)
    out: list[str] = []
    where: list[int] = []
    for char, i in zip(chars, origin, strict=True):
        char = char.translate(THAI_DIGITS)
        if char.isspace():
            char = " "
            if not out or out[-1] == " ":
                continue
        elif out and char == out[-1] and unicodedata.category(char) == "Mn":
            # A tone mark or vowel sign typed twice renders once; keep one so spellings match.
            continue
        for folded in char.casefold():
            out.append(folded)
            where.append(i)
    while out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


# Marks that render the same in either order, so a typist may enter them either way
# (the standard order, as pythainlp.util.reorder_vowels writes it, is vowel sign then tone).
_TONES = "\u0e48\u0e49\u0e4a\u0e4b"
_TONE_OR_THANTHAKHAT = _TONES + "\u0e4c"
_ABOVE_BELOW = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e4d\u0e47\u0e38\u0e39"
_FOLLOW = "\u0e30\u0e32\u0e33\u0e45"
_NIKHAHIT, _SARA_AA, _SARA_AM, _LAKKHANGYAO = "\u0e4d", "\u0e32", "\u0e33", "\u0e45"


def _reorder(text: str) -> tuple[list[str], list[int]]:
    """Characters in standard Thai order, each with its index in `text` (invisibles dropped).

    The rules are those of pythainlp.util.reorder_vowels, applied in its order; they move
    or merge characters within one syllable, so every output character keeps an origin.
    """
    chars = [c for c in text if ord(c) not in _INVISIBLE]
    origin = [i for i, c in enumerate(text) if ord(c) not in _INVISIBLE]
    pairs = list(zip(chars, origin, strict=True))
    pairs = _merge_sara_e(pairs)
    pairs = _swap_runs(pairs, _TONE_OR_THANTHAKHAT, _ABOVE_BELOW)
    pairs = _sara_am(pairs)
    pairs = _swap_runs(pairs, _FOLLOW, _TONES)
    pairs = [
        (_SARA_AA, i)
        if c == _LAKKHANGYAO and k > 0 and pairs[k - 1][0] not in "\u0e24\u0e26"
        else (c, i)
        for k, (c, i) in enumerate(pairs)
    ]
    return [c for c, _ in pairs], [i for _, i in pairs]


def reorder_marks(text: str) -> str:
    """`text` with Thai vowel signs and tone marks in standard order (no other change)."""
    return "".join(_reorder(text)[0])


Pairs = list[tuple[str, int]]


def _merge_sara_e(pairs: Pairs) -> Pairs:
    # Sara e typed twice is how many keyboards produce sara ae.
    out: Pairs = []
    for c, i in pairs:
        if c == "\u0e40" and out and out[-1][0] == "\u0e40":
            out[-1] = ("\u0e41", out[-1][1])
        else:
            out.append((c, i))
    return out


def _swap_runs(pairs: Pairs, first: str, second: str) -> Pairs:
    """A run of `first` characters directly followed by a run of `second` ones: second run first."""
    out: Pairs = []
    k, n = 0, len(pairs)
    while k < n:
        if pairs[k][0] not in first:
            out.append(pairs[k])
            k += 1
            continue
        j = k
        while j < n and pairs[j][0] in first:
            j += 1
        m = j
        while m < n and pairs[m][0] in second:
            m += 1
        out.extend(pairs[j:m] + pairs[k:j])
        k = m
    return out


def _sara_am(pairs: Pairs) -> Pairs:
    # Nikhahit, any tones, then sara aa: sara am typed in two keystrokes, tone in the middle.
    out: Pairs = []
    k, n = 0, len(pairs)
    while k < n:
        if pairs[k][0] == _NIKHAHIT:
            j = k + 1
            while j < n and pairs[j][0] in _TONES:
                j += 1
            if j < n and pairs[j][0] == _SARA_AA:
                out.extend(pairs[k + 1 : j])
                out.append((_SARA_AM, pairs[k][1]))
                k = j + 1
                continue
        out.append(pairs[k])
        k += 1
    return out


Span = tuple[int, int, str]  # [start, end) in the original text, and the normalized word


def split_sentences(text: str) -> list[str]:
    """Split on line breaks and the spaces Thai writing puts between sentences and clauses."""
    pieces: list[str] = []
    for line in text.splitlines():
        # Thai marks sentence ends with a space; English with punctuation followed by a space.
        for piece in re.split(r"(?<=[.!?])\s+|(?<=[\u0e01-\u0e4e])\s+(?=[\u0e01-\u0e4e])", line):
            piece = piece.strip()
            if piece:
                pieces.append(piece)
    return pieces


def split_words(text: str) -> list[str]:
    """Word-boundary pieces of a long unspaced run, keeping the exact characters."""
    from pythainlp.tokenize import word_tokenize

    return word_tokenize(text, engine="newmm", keep_whitespace=True)
