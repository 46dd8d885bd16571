"""Problems found in input files: where, how bad, and what to do, in Thai and English."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]
_LABEL = {"error": "ข้อผิดพลาด/error", "warning": "คำเตือน/warning"}


@dataclass(frozen=True, order=True)
class Problem:
    """One message about one place in one file; `str()` gives `path:line: ...`."""

    path: str
    line: int
    severity: Severity
    thai: str
    english: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {_LABEL[self.severity]}: {self.thai} / {self.english}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "severity": self.severity,
            "message_th": self.thai,
            "message_en": self.english,
        }


class KmhubError(Exception):
    """Base of kmhub's own errors: carries a Thai and an English message for the user."""

    def __init__(self, thai: str, english: str) -> None:
        super().__init__(f"{thai} / {english}")
        self.thai = thai
        self.english = english


class IndexMissingError(KmhubError):
    """No built index where one was expected."""


class IndexMismatchError(KmhubError):
    """The index was built with another encoder (or format) than the one configured."""


class EncoderError(KmhubError):
    """The encoder could not be loaded or used."""


class QueryError(KmhubError):
    """A search request that cannot be answered as asked (bad filter, too long, ...)."""


class CasesInvalidError(KmhubError):
    """A strict build met invalid cases; `problems` lists them."""

    problems: list[Problem] = []  # noqa: RUF012 - replaced per instance by the build
