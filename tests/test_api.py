"""The JSON API in-process (FastAPI TestClient) over the real fixture index."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kmhub.index.store import read_manifest
from kmhub.settings import Settings
from kmhub.web.app import create_app

HIT_FIELDS = {
    "case_id",
    "title",
    "province",
    "date",
    "level",
    "networks",
    "score",
    "section",
    "snippet",
    "snippet_html",
    "matches",
}


@pytest.fixture(scope="module")
def client(fixture_index: Settings, encoder) -> Iterator[TestClient]:
    with TestClient(create_app(fixture_index, encoder)) as c:
        yield c


def assert_bilingual_error(response, status: int) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["message_th"] and body["message_en"]
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in body["message_th"])  # really Thai
    return body


def test_healthz_summarises_the_manifest(client: TestClient, fixture_index: Settings) -> None:
    body = client.get("/healthz").json()
    manifest = read_manifest(fixture_index.index_dir)
    assert body["status"] == "ok"
    assert body["case_count"] == manifest["case_count"] == 7
    assert body["content_hash"] == manifest["content_hash"]
    assert body["encoder"] == "use-m3"


def test_thai_search_returns_the_cli_fields_and_marked_snippets(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "งานบุญปลอดเหล้า"}).json()
    assert body["total"] >= 1 and body["took_ms"] >= 0
    first = body["results"][0]
    assert set(first) >= HIT_FIELDS
    assert first["case_id"] == "fx-nan-alcohol-free-merit"
    assert "<mark>" in first["snippet_html"]
    for start, end in first["matches"]:
        assert f"<mark>{first['snippet'][start:end]}</mark>" in first["snippet_html"]
    assert {f["value"] for f in body["facets"]["province"]} >= {"น่าน"}


def test_filters_accept_aliases_and_buddhist_era_years(client: TestClient) -> None:
    by_alias = client.get("/api/search", params={"province": "Nan"}).json()
    assert [r["case_id"] for r in by_alias["results"]] == ["fx-nan-alcohol-free-merit"]
    be = client.get("/api/search", params={"year_from": 2564, "year_to": 2566}).json()
    ce = client.get("/api/search", params={"year_from": 2021, "year_to": 2023}).json()
    assert be["total"] == ce["total"] == 3
    assert all(2021 <= r["year"] <= 2023 for r in be["results"])
    religion = client.get("/api/search", params={"q": "ชุมชน", "network": "religion"}).json()
    assert religion["total"] >= 1
    assert all("religion" in r["networks"] for r in religion["results"])


def test_paging_is_bounded(client: TestClient) -> None:
    page = client.get("/api/search", params={"page_size": 2, "page": 2}).json()
    assert page["page"] == 2 and len(page["results"]) == 2 and page["pages"] == 4
    assert_bilingual_error(client.get("/api/search", params={"page_size": 51}), 422)
    assert_bilingual_error(client.get("/api/search", params={"page": 0}), 422)
    assert_bilingual_error(client.get("/api/search", params={"page": "two"}), 422)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "ก" * 501},
        {"level": "planet"},
        {"network": "army"},
        {"province": "แอตแลนติส"},
        {"mode": "magic"},
        {"year_from": 2023, "year_to": 2020},
        {"year_from": 99999},
    ],
)
def test_invalid_input_is_422_with_thai_and_english(client: TestClient, params: dict) -> None:
    body = assert_bilingual_error(client.get("/api/search", params=params), 422)
    assert body["error"] == "invalid_request"


def test_case_list_sorts_and_filters(client: TestClient) -> None:
    by_date = client.get("/api/cases").json()
    dates = [c["date"] for c in by_date["cases"]]
    assert by_date["total"] == 7 and dates == sorted(dates, reverse=True)
    by_title = client.get("/api/cases", params={"sort": "title", "page_size": 50}).json()
    titles = [c["title"].casefold() for c in by_title["cases"]]
    assert titles == sorted(titles) and by_title["order"] == "asc"
    oldest = client.get("/api/cases", params={"order": "asc", "page_size": 1}).json()
    assert oldest["cases"][0]["case_id"] == "fx-ayutthaya-goodness-bank"
    community = client.get("/api/cases", params={"level": "community"}).json()
    assert {c["case_id"] for c in community["cases"]} == {
        "fx-nan-alcohol-free-merit",
        "fx-pattani-mosque-garden",
    }
    assert_bilingual_error(client.get("/api/cases", params={"sort": "score"}), 422)


def test_case_detail_has_sections_html_and_citation(client: TestClient) -> None:
    body = client.get("/api/cases/fx-chonburi-honest-company").json()
    assert body["title_en"] == "An honest and transparent factory"
    assert body["year_be"] == 2564
    lessons = [s for s in body["sections"] if s["key"] == "lessons"]
    assert lessons and lessons[0]["label_th"] == "บทเรียน" and "<li>" in lessons[0]["html"]
    assert "fx-chonburi-honest-company" in body["citation_th"]
    assert "2564" in body["citation_th"] and "2021" in body["citation_en"]


def test_unknown_ids_are_404(client: TestClient) -> None:
    for url in ("/api/cases/no-such-case", "/api/cases/no-such-case/similar"):
        body = assert_bilingual_error(client.get(url), 404)
        assert body["error"] == "not_found" and "no-such-case" in body["message_en"]
    assert_bilingual_error(client.get("/api/nothing-here"), 404)


def test_similar_cases_are_the_nearest_others(client: TestClient) -> None:
    body = client.get("/api/cases/fx-nan-alcohol-free-merit/similar", params={"k": 3}).json()
    ids = [c["case_id"] for c in body["similar"]]
    scores = [c["score"] for c in body["similar"]]
    assert len(ids) == 3 and "fx-nan-alcohol-free-merit" not in ids
    assert scores == sorted(scores, reverse=True)
    everything = client.get("/api/cases/fx-nan-alcohol-free-merit/similar", params={"k": 20})
    assert len(everything.json()["similar"]) == 6  # all the other cases, never more
    assert_bilingual_error(
        client.get("/api/cases/fx-nan-alcohol-free-merit/similar", params={"k": 0}), 422
    )


def test_stats_and_facets_count_every_case(client: TestClient) -> None:
    stats = client.get("/api/stats").json()
    assert stats["total"] == 7
    for name in ("province", "region", "level", "year"):
        assert sum(v["count"] for v in stats["counts"][name]) == 7, name
    regions = {v["value"]: v for v in stats["counts"]["region"]}
    assert regions["ภาคใต้"]["count"] == 2 and regions["ภาคใต้"]["label_en"] == "South"
    networks = {v["value"]: v["count"] for v in stats["counts"]["network"]}
    assert networks["civil-society"] == 4 and networks["religion"] == 3
    facets = client.get("/api/facets", params={"network": "religion"}).json()
    assert facets["total"] == 3
    assert {v["value"] for v in facets["counts"]["level"]} == {"province", "community"}


def test_every_route_is_read_only(client: TestClient, fixture_index: Settings) -> None:
    before = read_manifest(fixture_index.index_dir)
    methods = {
        m
        for route in client.app.routes
        for m in getattr(route, "methods", None) or ()
        if getattr(route, "path", "").startswith(("/api", "/healthz"))
    }
    assert methods <= {"GET", "HEAD"}
    assert client.post("/api/search", json={"q": "x"}).status_code == 405
    assert client.delete("/api/cases/fx-nan-alcohol-free-merit").status_code == 405
    assert read_manifest(fixture_index.index_dir) == before


def test_security_headers_and_request_bounds(client: TestClient) -> None:
    for url in ("/api/search?q=x", "/", "/docs"):
        headers = client.get(url).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"]
    assert_bilingual_error(client.get("/api/search", params={"q": "ก" * 1000}), 414)
    big = client.post("/api/search", content=b"x" * 300_000)
    assert_bilingual_error(big, 413)


def test_openapi_docs_are_served_locally(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and "/api/search" in page.text
    assert "cdn" not in page.text.lower()
    schema = client.get("/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    assert client.get("/docs/openapi-3.0.json").json()["openapi"] == "3.0.3"  # for Swagger UI 4
    assert {"/api/search", "/api/cases", "/api/cases/{case_id}/similar", "/healthz"} <= set(
        schema["paths"]
    )


def test_missing_index_is_503_not_500(tmp_path, encoder) -> None:
    settings = Settings(cases_dir=tmp_path / "cases", index_dir=tmp_path / "index")
    with TestClient(create_app(settings, encoder)) as c:
        assert c.get("/healthz").status_code == 503
        assert_bilingual_error(c.get("/api/search", params={"q": "x"}), 503)
        assert c.get("/").status_code == 503


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.dictionaries(
        st.sampled_from(
            ["q", "mode", "province", "level", "network", "virtue", "topic", "year_from", "page"]
        ),
        st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40),
        max_size=4,
    )
)
def test_any_query_string_is_answered_never_a_500(client: TestClient, params: dict) -> None:
    for url in ("/api/search", "/api/cases", "/"):
        response = client.get(url, params=params)
        assert response.status_code in (200, 422), (url, params, response.text[:300])
