"""Words as their consonants' sounds, in Thai and in Latin letters alike ("Denver" and เดนเวอร์
are both TNWR), so that an English name meets the Thai spelling of it however either is written."""

from __future__ import annotations

import hashlib
import re

# Raise it when a rule in the code below changes (the tables are digested by `rules_id`).
RULES_VERSION = 2

# Sound classes. Aspiration and voicing are dropped, because Thai spells an English d as ด and
# a t as ต or ท, a b as บ and a p as ป or พ; f joins p because "ph" is f in English words (Philip,
# ฟิลิป) but p in romanized Thai ones (Phuket, ภูเก็ต). Vowels are left out on both sides.
_THAI_CLASSES = {
    "K": "กขฃคฅฆ",
    "N": "งณน",
    "C": "จฉชฌ",
    "S": "ซศษส",
    "Y": "ยญ",
    "T": "ฎฏฐฑฒดตถทธ",
    "P": "บปผพภฝฟ",
    "M": "ม",
    "R": "รฤ",
    "L": "ลฬฦ",
    "W": "ว",
    "H": "หฮ",
}
_OF_THAI = {letter: key for key, letters in _THAI_CLASSES.items() for letter in letters}
# ห before a sonorant only sets the tone (หมอ, หลวง); ย after ี and ว after ั are vowels (เ-ีย, -ัว).
_SONORANTS = frozenset("งญนมยรลว")
_VOWEL_AFTER = frozenset("ะาำิีึืุูั็")
_LEADING_VOWELS = frozenset("เแโใไ")
_TONES = "\u0e48\u0e49\u0e4a\u0e4b"
_THANTHAKHAT = "\u0e4c"  # the mark of a silent letter

_OF_LATIN = {
    "b": "P",
    "d": "T",
    "f": "P",
    "j": "C",
    "k": "K",
    "l": "L",
    "m": "M",
    "n": "N",
    "p": "P",
    "q": "K",
    "r": "R",
    "s": "S",
    "t": "T",
    "v": "W",
    "x": "KS",
    "z": "S",
}
# Two letters read as one sound, tried before single letters ("th" in Thai romanization is ท).
_LATIN_PAIRS = {"ch": "C", "sh": "C", "zh": "C", "th": "T", "ph": "P", "kh": "K", "ck": "K"}
_LATIN_PAIRS |= {"ng": "N", "gh": "", "qu": "KW", "rh": "R", "wh": "W"}
_VOWELS = frozenset("aeiou")
_NOT_LETTER = re.compile(r"[^a-z]")


def thai_sounds(word: str) -> str:
    """A Thai word's consonant sounds ("เจงกิสข่าน" -> "CNKSKN"), silent letters kept (เดนเวอร์
    writes the English r as ร์)."""
    classes: list[str] = []
    for i, letter in enumerate(word):
        after = word[i + 1 : i + 2]
        # The mark before, tone marks passed over: they may come either side of a vowel sign.
        before = word[:i].rstrip(_TONES)[-1:]
        if letter == "ห" and (after in _SONORANTS or after == _THANTHAKHAT):
            continue  # it sets the tone (หมอ), or it is silent (ซาราห์, Sarah)
        if (letter == "ย" and before == "ี") or (letter == "ว" and before == "ั"):
            continue
        if letter == "ญ":  # y before or after its vowel (ญาติ, ใหญ่), n closing a syllable (บุญ)
            vowel_after = word[i + 1 :].lstrip(_TONES)[:1] in _VOWEL_AFTER
            vowel_before = word[:i].rstrip("ห")[-1:] in _LEADING_VOWELS
            classes.append("Y" if vowel_after or vowel_before else "N")
            continue
        if letter in _OF_THAI:
            classes.append(_OF_THAI[letter])
    return _collapse_repeats(classes)


def latin_sounds(word: str) -> str:
    """A word in Latin letters as its consonant sounds ("Jacksonville" -> "CKSNWL")."""
    letters = _NOT_LETTER.sub("", word.lower())
    classes: list[str] = []  # an item may hold two classes: x is KS, qu KW
    i = 0
    while i < len(letters):
        pair = letters[i : i + 2]
        if pair in _LATIN_PAIRS:
            classes.append(_LATIN_PAIRS[pair])
            i += 2
            continue
        before, letter, after = letters[i - 1 : i], letters[i], letters[i + 1 : i + 2]
        if letter == "c" or letter == "g":  # soft before e, i, y: Cecil ซีซิล, George จอร์จ
            soft = after in ("e", "i", "y")
            classes.append(("S" if letter == "c" else "C") if soft else "K")
        elif letter == "y":  # a consonant only before a vowel (Kenya), else a vowel (Normandy)
            classes.append("Y" if after in _VOWELS else "")
        elif letter == "w":  # a final w is a vowel (Warsaw, วอร์ซอ)
            classes.append("W" if after else "")
        elif letter == "h":  # heard first or between vowels (Johann); not in Sarah or Bhumibol
            heard = i == 0 or (before in _VOWELS and after in _VOWELS)
            classes.append("H" if heard else "")
        elif letter not in _VOWELS:
            classes.append(_OF_LATIN.get(letter, ""))
        i += 1
    return _collapse_repeats(list("".join(classes)))


def rules_id() -> str:
    """A digest of the classes and rules above: part of a build's fingerprint and cache keys,
    so that a change of them reads every case again."""
    tables = repr((_THAI_CLASSES, _OF_LATIN, _LATIN_PAIRS, sorted(_SONORANTS), RULES_VERSION))
    return hashlib.sha256(tables.encode()).hexdigest()[:10]


def _collapse_repeats(classes: list[str]) -> str:
    """Doubled sounds as one: English writes "ll", Thai one ล."""
    out: list[str] = []
    for key in classes:
        if key and (not out or out[-1] != key):
            out.append(key)
    return "".join(out)
