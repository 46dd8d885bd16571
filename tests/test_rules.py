"""One rule per concept: the CLI, the API and the pages apply the same rule, and say so alike."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kmhub import errors
from kmhub.search import fusion
from kmhub.search.filters import Filters
from kmhub.settings import FUSION_METHODS, SEARCH_MODES, Settings
from kmhub.text import vocab
from kmhub.web.app import create_app

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def client(fixture_index: Settings, encoder) -> TestClient:
    with TestClient(create_app(fixture_index, encoder)) as test_client:
        yield test_client


def kmhub(
    *args: str, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kmhub", *args],
        capture_output=True,
        text=True,
        input=stdin,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=300,
    )


def test_year_order_is_one_rule(fixture_index: Settings, client: TestClient) -> None:
    with pytest.raises(errors.QueryError, match="year_from"):
        Filters(year_from=2566, year_to=2560).checked()
    api = client.get("/api/search", params={"q": "ชุมชน", "year_from": 2023, "year_to": 2020})
    assert api.status_code == 422 and "year_from" in api.json()["message_en"]
    page = client.get("/", params={"q": "ชุมชน", "year_from": "2566", "year_to": "2563"})
    assert page.status_code == 422 and "year_from must not be after year_to" in page.text
    cli = kmhub(
        "search",
        "ชุมชน",
        "--index",
        str(fixture_index.index_dir),
        "--year-from",
        "2566",
        "--year-to",
        "2563",
    )
    assert cli.returncode == 2 and "year_from must not be after year_to" in cli.stderr


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("KMHUB_DENSE_WEIGHT", "7", "KMHUB_DENSE_WEIGHT"),
        ("KMHUB_SEARCH_MODE", "fuzzy", "KMHUB_SEARCH_MODE"),
        ("KMHUB_PAGE_SIZE", "ten", "KMHUB_PAGE_SIZE"),
        ("KMHUB_FUSION", "bogus", "KMHUB_FUSION"),
    ],
)
def test_bad_variables_are_named_when_settings_are_built(
    variable: str, value: str, named: str
) -> None:
    with pytest.raises(errors.SettingsError) as caught:
        Settings.from_env({variable: value})
    assert named in caught.value.english and named in caught.value.thai


def test_settings_refuse_values_out_of_range() -> None:
    with pytest.raises(errors.SettingsError, match="dense_weight"):
        Settings(dense_weight=-0.1)
    with pytest.raises(errors.SettingsError, match="page_size"):
        Settings().with_(page_size=500)
    with pytest.raises(errors.SettingsError, match="translation_weight"):
        Settings(translation_weight=1.5)
    assert Settings().with_(dense_weight=1.0).dense_weight == 1.0


def test_bad_search_options_fail_in_every_mode(searcher) -> None:
    for mode in SEARCH_MODES:
        with pytest.raises(errors.QueryError, match="fusion"):
            searcher.search("ชุมชน", mode=mode, fusion_method="bogus")
        with pytest.raises(errors.QueryError, match="dense weight"):
            searcher.search("ชุมชน", mode=mode, dense_weight=5)


def test_registries_agree() -> None:
    assert set(fusion.FUSERS) == set(FUSION_METHODS)


def test_openapi_enums_come_from_the_vocabularies(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/api/search"]["get"]
    schemas = {p["name"]: p["schema"] for p in operation["parameters"]}
    assert schemas["level"]["enum"] == [*vocab.LEVELS, None]
    assert schemas["network"]["enum"] == [*vocab.NETWORKS, None]
    assert schemas["mode"]["enum"] == [*SEARCH_MODES, None]


def test_search_facets_and_facet_endpoint_agree(client: TestClient) -> None:
    searched = client.get(
        "/api/search", params={"q": "", "network": "religion", "page_size": 50}
    ).json()
    counted = client.get("/api/facets", params={"network": "religion"}).json()
    assert searched["total"] == counted["total"]
    assert set(searched["facets"]) == set(counted["counts"]) >= {"region", "topic"}
    for name, values in counted["counts"].items():
        assert searched["facets"][name] == values


def test_each_error_carries_its_status_and_exit_code(client: TestClient) -> None:
    assert errors.IndexMissingError("", "").http_status == 503
    assert errors.QueryError("", "").http_status == 422
    assert errors.CasesInvalidError("", "").exit_code == 1
    assert errors.KmhubError("", "").exit_code == 2
    assert client.get("/api/search", params={"q": "x", "province": "ไม่มีจังหวัดนี้"}).status_code == 422


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (("--version",), 0, "kmhub"),
        (("nosuch",), 2, "Usage:"),
        (("search", "q", "-k", "abc"), 2, "Usage:"),
        (("validate", "--bogus"), 2, "No such option"),
        (("search", "q", "--fusion", "bogus"), 2, "unknown fusion method"),
        (("search", "q", "--dense-weight", "5"), 2, "between 0 and 1"),
    ],
)
def test_exit_codes(fixture_index: Settings, args: tuple[str, ...], code: int, says: str) -> None:
    if args[0] == "search":
        args = (*args, "--index", str(fixture_index.index_dir))
    result = kmhub(*args)
    assert result.returncode == code, result.stderr
    assert says in result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "unexpected error" not in result.stderr


def test_end_of_input_at_a_prompt_exits_130(tmp_path: Path) -> None:
    result = kmhub("new", "--cases", str(tmp_path), stdin="")
    assert result.returncode == 130 and "aborted" in result.stderr
    assert "Traceback" not in result.stderr and list(tmp_path.iterdir()) == []


def test_invalid_case_files_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "no-front-matter.md"
    bad.write_text("ไม่มีส่วนหัว YAML\n", encoding="utf-8")
    result = kmhub("validate", str(bad))
    assert result.returncode == 1
    assert f"{bad}:1:" in result.stdout + result.stderr
