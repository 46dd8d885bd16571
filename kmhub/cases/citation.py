"""The one citation rule: how a case is cited on its page, in the API and in handouts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kmhub.text.thai import to_be_year

HUB_TH = "คลังความรู้จังหวัดคุณธรรม"
HUB_EN = "Moral Province Knowledge Hub"


@dataclass(frozen=True)
class Citable:
    """What a citation needs of a case, whichever view (row, detail, pack) holds it."""

    case_id: str
    title: str
    title_en: str
    province: str
    year: int
    license: str
    people: Sequence[str] = ()  # contributors' names
    organizations: Sequence[str] = ()


def cite(case: Citable, lang: str) -> str:
    """One reference line in Thai (`th`), English (`en`) or both side by side (`both`)."""
    people = ", ".join(p for p in case.people if p)
    if lang == "en":
        who = people or HUB_EN
        title = case.title_en or case.title
        return (
            f"{who} ({case.year}). {title}. {case.province}, Thailand. "
            f"kmhub case {case.case_id}, {case.license}."
        )
    if lang == "th":
        who = people or HUB_TH
        return (
            f"{who}. ({to_be_year(case.year)}). {case.title}. จังหวัด{case.province}. "
            f"กรณีศึกษา kmhub รหัส {case.case_id} สัญญาอนุญาต {case.license}."
        )
    # Handouts: one line for a Thai room that may quote it in English too.
    who = people or ", ".join(case.organizations) or f"{HUB_TH} (kmhub)"
    title = case.title + (f" ({case.title_en})" if case.title_en else "")
    return (
        f"{who}. ({case.year}/พ.ศ. {to_be_year(case.year)}). {title}. {case.province}. "
        f"รหัสกรณี / case id: {case.case_id}. สัญญาอนุญาต / licence: {case.license}."
    )
