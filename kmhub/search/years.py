"""Years read from a query: either era, ranges, from / up to, fiscal years, a month before it.

Works on the query's pieces (kmhub.search.understand segments them) and gives CE values:
"2021", "2019-2021", "2020-" (from 2020 on) or "-2016" (up to 2016).
"""

from __future__ import annotations

from kmhub.text import dates, thai

# Words typed before a year that belong to it ("ปี 2564", "in 2021").
YEAR_PREFIXES = frozenset({"ปี", "พ.ศ.", "พ.ศ", "ค.ศ.", "ค.ศ", "year", "in", "from"})
RANGE_WORDS = frozenset({"-", "–", "ถึง", "to", "until", "จนถึง"})
FROM_WORDS = frozenset({"ตั้งแต่", "since", "หลัง", "after"})
UNTIL_WORDS = frozenset({"ก่อน", "before", "until", "จนถึง"})
# A fiscal year (ปีงบประมาณ 2562) runs from October of the year before: 2018-10 to 2019-09.
FISCAL_WORDS = frozenset({"ปีงบประมาณ", "งบประมาณ", "งบ", "fiscal"})
# After these, two digits are a Buddhist-Era year: ปี 64, พ.ศ. 64, ปีงบ 62; after a month too
# (ต.ค. 65, ตุลาคม 65, with or without its dots), unless a count follows. Not after งบ alone:
# "งบ 50 ล้าน" is an amount.
YEAR_WORDS = frozenset({"ปี", "พ.ศ.", "พ.ศ", "ปีงบ", "ปีงบประมาณ"})
MONTHS = frozenset(dates.MONTHS_FULL) | {m.replace(".", "") for m in dates.MONTHS_ABBR}
# Two digits after a month and before one of these count something: "ต.ค. 45 วัน", "ตุลาคม 50 คน".
COUNTED = frozenset({"วัน", "คน", "ราย", "ครั้ง", "แห่ง", "ล้าน", "บาท", "ชั่วโมง", "นาที", "%"})
# A bare number is a year only in these spans (CE or BE); "95 วัด" or "30 ร้าน" never are.
CE_YEARS = range(1990, 2041)
BE_YEARS = range(CE_YEARS.start + thai.BE_OFFSET, CE_YEARS.stop + thai.BE_OFFSET)


def year_at(query: str, pieces: list[thai.Span], i: int) -> tuple[int, int, str] | None:
    """The year read at piece i, as (first piece it covers, pieces from i, CE value): the
    words before it that belong to it (ปี, a month, ปีงบประมาณ, ตั้งแต่ …) are covered too."""
    words = [w for _, _, w in pieces]
    found = _number_at(query, pieces, words, i)
    if found is None:
        return None
    length, value = found
    month = _month_before(words, i)
    first = i - month
    if first > 0 and words[first - 1] in YEAR_PREFIXES:
        first -= 1
    fiscal = first > 0 and words[first - 1] in FISCAL_WORDS
    if fiscal:
        first -= 1
        if first > 0 and words[first - 1] in YEAR_PREFIXES:  # ปี งบ 62
            first -= 1
    if first > 0 and words[first - 1] in FROM_WORDS | UNTIL_WORDS:
        first -= 1
        if "-" not in value:
            value = _open_range(words[first], int(value), within_year=month > 0)
    return first, length, _fiscal(value) if fiscal else value


def _number_at(
    query: str, pieces: list[thai.Span], words: list[str], i: int
) -> tuple[int, str] | None:
    """A year, or a range of two ("2560-2564", "2019 to 2021"), starting at piece i."""
    first = _as_year(words, i)
    if first is None:
        return None
    for length in (2, 3):  # "2560 - 2564" has no piece for the dash; "2560 ถึง 2564" has one
        if i + length - 1 >= len(pieces):
            break
        between = query[pieces[i][1] : pieces[i + length - 1][0]].strip()
        last = _as_year(words, i + length - 1, after_year=True)
        if last is not None and last >= first and between in RANGE_WORDS:
            return length, f"{first}-{last}"
    return 1, str(first)


def _as_year(words: list[str], i: int, after_year: bool = False) -> int | None:
    """The CE year word i names: 4 digits in range, or "64" straight after ปี, พ.ศ., a month
    or ปีงบ (2564), or after another year (2562-64), unless a count follows (ต.ค. 45 วัน)."""
    word = words[i]
    if not word.isdigit():
        return None
    number = int(word)
    if len(word) == 2 and (after_year or _short_year_here(words, i)):
        number += 2500
    if number in BE_YEARS:
        return number - thai.BE_OFFSET
    return number if number in CE_YEARS and len(word) == 4 else None


def _written_before(words: list[str], i: int) -> list[str]:
    """The piece before piece i, and the two before it joined: the segmenter cuts some words
    before a year in two (มี.|ค., ปี|งบ)."""
    return [words[i - 1], *([words[i - 2] + words[i - 1]] if i > 1 else [])] if i else []


def _month_before(words: list[str], i: int) -> int:
    """How many pieces before piece i spell a month (ต.ค., or มี.|ค.), 0 for none."""
    for count, written in enumerate(_written_before(words, i), start=1):
        if written.replace(".", "") in MONTHS:
            return count
    return 0


def _short_year_here(words: list[str], i: int) -> bool:
    if YEAR_WORDS.intersection(_written_before(words, i)):
        return True  # ปี 64 คน… is still the year 2564
    counted = i + 1 < len(words) and words[i + 1] in COUNTED
    return not counted and _month_before(words, i) > 0


def _fiscal(value: str) -> str:
    """Calendar years of a fiscal-year value: its first year starts the October before."""
    first, dash, last = value.partition("-")
    if not first:
        return value  # up to a fiscal year: it ends in September of that year
    return f"{int(first) - 1}-{last if dash else first}"


def _open_range(word: str, year: int, within_year: bool = False) -> str:
    """From or up to a year; "before 2022" ends in 2021, but "before October 2022" in 2022."""
    shift = 0 if within_year else 1
    if word in UNTIL_WORDS:
        return f"-{year - shift if word in {'ก่อน', 'before'} else year}"
    return f"{year + shift if word in {'หลัง', 'after'} else year}-"
