"""kmhub's errors: `Problem` for a place in an input file, and one exception tree.

Every exception carries a Thai and an English message, the HTTP status the web layer answers
with and the exit code of the command line, so neither layer keeps its own mapping::

    KmhubError                 422 / exit 2   base: a request kmhub cannot carry out
    ├── QueryError             422 / exit 2   a search or filter that cannot be answered as asked
    ├── SettingsError          422 / exit 2   a bad setting or KMHUB_* variable
    ├── DateError              422 / exit 2   a date that cannot be read in either era
    ├── CasesInvalidError      422 / exit 1   a strict build met invalid case files
    ├── EncoderError           503 / exit 2   the sentence encoder cannot be loaded or used
    ├── IndexMissingError      503 / exit 2   no built index where one was expected
    └── IndexMismatchError     503 / exit 2   the index was built with another encoder or format

Feature packages subclass `KmhubError` for their own cases (`PackError`, `ImportError_` …) and
inherit its status and exit code unless they say otherwise.
"""

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

    http_status = 422
    exit_code = 2
    code = "invalid_request"  # the `error` field of a JSON error body

    def __init__(self, thai: str, english: str) -> None:
        super().__init__(f"{thai} / {english}")
        self.thai = thai
        self.english = english


class QueryError(KmhubError):
    """A search request that cannot be answered as asked (bad filter, too long, ...)."""


class SettingsError(KmhubError):
    """A setting, from a flag or a KMHUB_* variable, that kmhub cannot use."""


class DateError(KmhubError):
    """A date, typed in the Buddhist or the Common Era, that cannot be read."""


class CasesInvalidError(KmhubError):
    """A strict build met invalid cases; `problems` lists them."""

    exit_code = 1

    problems: list[Problem] = []  # noqa: RUF012 - replaced per instance by the build


class Unavailable(KmhubError):
    """Base of the errors that mean "not ready": the web layer answers 503."""

    http_status = 503
    code = "index_unavailable"


class EncoderError(Unavailable):
    """The encoder could not be loaded or used."""


class IndexMissingError(Unavailable):
    """No built index where one was expected."""


class IndexMismatchError(Unavailable):
    """The index was built with another encoder (or format) than the one configured."""


class IndexCorruptError(Unavailable):
    """A build on disk fails its checks (a file missing, truncated or changed)."""


class DiskFullError(KmhubError):
    """No space left to write (a build); what was there before is kept."""

    exit_code = 1
