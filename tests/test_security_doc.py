"""docs/security.md gives every limit with the value the code enforces."""

from __future__ import annotations

from pathlib import Path

import pytest

from kmhub.cases import limits
from kmhub.web import connections, guard, renders, serve

DOC = (Path(__file__).resolve().parents[1] / "docs" / "security.md").read_text(encoding="utf-8")
CASE_LIMITS = [n for n in dir(limits) if n.startswith(("MAX_", "SUMMARY_WARN"))]
SERVER_LIMITS = [
    (connections, "HEADER_TIMEOUT"),
    (connections, "BODY_TIMEOUT"),
    (connections, "MAX_CONNECTIONS"),
    (guard, "MAX_IN_FLIGHT"),
    (guard, "MAX_URL_BYTES"),
    (guard, "MAX_BODY_BYTES"),
    (serve, "KEEP_ALIVE_SECONDS"),
    (serve, "GRACEFUL_SECONDS"),
    (renders, "RENDER_SLOTS"),
    (renders, "RENDER_TIMEOUT"),
    (renders, "RETRY_AFTER"),
    (renders, "RENDER_MEMORY"),
    (renders, "RENDER_NICE"),
]


@pytest.mark.parametrize(
    ("module", "name"), [(limits, n) for n in CASE_LIMITS] + SERVER_LIMITS, ids=lambda v: str(v)
)
def test_each_limit_is_documented_with_its_value(module, name: str) -> None:
    assert f"| `{name}` | {getattr(module, name)} |" in DOC, f"docs/security.md: {name}"


def test_the_doc_names_the_tests_that_exist() -> None:
    root = Path(__file__).parent
    for name in ("test_hostile_cases", "test_index_faults", "test_server_hostile"):
        assert f"tests/{name}.py" in DOC and (root / f"{name}.py").is_file()
