"""Words as their consonants' sounds, in Thai and in Latin letters alike ("Denver" and เดนเวอร์
are both TNWR), so that an English name meets the Thai spelling of it however either is written."""

from __future__ import annotations

import re

# Part of the romanizer's id (kmhub.text.romanize): a change of the classes below redoes a
# build's cached readings.
RULES_VERSION = 1

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
_TONES = frozenset("\u0e48\u0e49\u0e4a\u0e4b")

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
    keys: list[str] = []
    for i, letter in enumerate(word):
        after = word[i + 1 : i + 2]
        before = word[i - 1 : i]
        if letter == "ห" and after in _SONORANTS:
            continue
        if (letter == "ย" and before == "ี") or (letter == "ว" and before == "ั"):
            continue
        if letter == "ญ":  # ญ is y before its vowel (ญาติ), n at a syllable's end (บุญ)
            rest = word[i + 1 :].lstrip("".join(_TONES))
            keys.append("Y" if rest[:1] in _VOWEL_AFTER else "N")
            continue
        key = _OF_THAI.get(letter)
        if key:
            keys.append(key)
    return _single(keys)


def latin_sounds(word: str) -> str:
    """A word in Latin letters as its consonant sounds ("Jacksonville" -> "CKSNWL")."""
    letters = _NOT_LETTER.sub("", word.lower())
    keys: list[str] = []
    i = 0
    while i < len(letters):
        pair = letters[i : i + 2]
        if pair in _LATIN_PAIRS:
            keys.append(_LATIN_PAIRS[pair])
            i += 2
            continue
        letter, after = letters[i], letters[i + 1 : i + 2]
        if letter == "c" or letter == "g":  # soft before e, i, y: Cecil ซีซิล, George จอร์จ
            soft = after in ("e", "i", "y")
            keys.append(("S" if letter == "c" else "C") if soft else "K")
        elif letter == "y":  # a consonant only before a vowel (Kenya), else a vowel (Normandy)
            keys.append("Y" if after in _VOWELS else "")
        elif letter == "w":  # a final w is a vowel (Warsaw, วอร์ซอ)
            keys.append("W" if after else "")
        elif letter == "h":  # heard at the start and between vowels only (Sarah, ซาราห์: no h)
            keys.append("H" if i == 0 or after in _VOWELS else "")
        elif letter not in _VOWELS:
            keys.append(_OF_LATIN.get(letter, ""))
        i += 1
    return _single(list("".join(keys)))


def _single(keys: list[str]) -> str:
    """Doubled sounds as one: English writes "ll", Thai one ล."""
    out: list[str] = []
    for key in keys:
        if key and (not out or out[-1] != key):
            out.append(key)
    return "".join(out)
