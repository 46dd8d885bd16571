"""What search does with what it understood: filters and boosts from the query, corrected
typos, compound parts, honest counts, the region filter, and the same in the API and CLI."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from kmhub.cli import app
from kmhub.errors import QueryError
from kmhub.search.filters import Filters
from kmhub.search.searcher import Searcher
from kmhub.settings import Settings
from kmhub.text import places
from kmhub.web.app import create_app


def kinds(result) -> dict[str, str]:
    return {u["kind"]: u["how"] for u in result.interpreted["found"]}


def test_a_nickname_in_the_query_filters_by_province(searcher: Searcher) -> None:
    result = searcher.search("ตลาดสะอาด เมืองคอน")
    assert kinds(result) == {"province": "filter"}
    assert result.hits and {h.province for h in result.hits} == {"นครศรีธรรมราช"}
    assert "เมืองคอน" not in result.interpreted["words"]


def test_a_region_in_the_query_filters_by_region(searcher: Searcher) -> None:
    result = searcher.search("ชุมชน ภาคใต้")
    shown = result.hits + result.loose
    assert shown and {places.region_of(h.province) for h in shown} == {"ภาคใต้"}
    assert [f["value"] for f in result.facets["region"]] == ["ภาคใต้"]


def test_a_year_alone_lists_that_years_cases(searcher: Searcher) -> None:
    result = searcher.search("ปี 2564")
    assert result.total >= 1 and all(h.date.startswith("2021") for h in result.hits)


def test_switched_off_understanding_searches_the_words(searcher: Searcher) -> None:
    result = searcher.search("ตลาดสะอาด เมืองคอน", literal="province")
    assert kinds(result) == {"province": "literal"}
    assert result.interpreted["words"] == "ตลาดสะอาด เมืองคอน"


def test_an_explicit_filter_wins_over_the_words(searcher: Searcher) -> None:
    result = searcher.search("ตลาดสะอาด เมืองคอน", filters=Filters(province="น่าน"))
    assert kinds(result) == {"province": "overridden"}
    assert all(h.province == "น่าน" for h in result.hits + result.loose)


def test_a_filter_no_case_passes_is_shown_but_not_applied(searcher: Searcher) -> None:
    result = searcher.search("ปี 2030 ชุมชน")
    assert kinds(result) == {"year": "unmatched"} and result.total > 0


def test_a_place_or_year_no_case_has_is_still_searched_as_words(searcher: Searcher) -> None:
    result = searcher.search("ปี 2030 ชุมชน")
    assert "2030" in result.interpreted["words"] and "2030" in result.interpreted["terms"]
    # ...but a result need not hold it: cases with ชุมชน are still results.
    assert result.total > 0 and all("2030" not in h.terms for h in result.hits)


def test_region_filter_by_thai_english_or_alias(searcher: Searcher) -> None:
    for name in ("ภาคใต้", "South", "ปักษ์ใต้"):
        result = searcher.search("", filters=Filters(region=name))
        assert result.total == 2, name  # Pattani and Nakhon Si Thammarat
    with pytest.raises(QueryError):
        searcher.search("", filters=Filters(region="Mars"))


def test_counts_are_honest(searcher: Searcher) -> None:
    # ชุมชน is in most cases; a case that has only it is not a result of this query.
    result = searcher.search("ชุมชนงานบุญเหล้า")
    assert [h.case_id for h in result.hits] == ["fx-nan-alcohol-free-merit"]
    assert result.total == 1 and result.loose_total == len(result.loose) >= 1
    assert sum(f["count"] for f in result.facets["level"]) == result.total
    assert not {h.case_id for h in result.hits} & {h.case_id for h in result.loose}


def test_loosely_related_cases_come_after_the_last_page(searcher: Searcher) -> None:
    first = searcher.search("ชุมชน", page_size=2)
    assert first.total > 2 and first.loose == []
    last = searcher.search("ชุมชน", page_size=2, page=-(-first.total // 2))
    assert last.loose and len(last.loose) <= 2


def test_a_typo_is_corrected_from_the_index_words(searcher: Searcher) -> None:
    result = searcher.search("งานบุนปลอดเหล้า")
    spelling = result.interpreted["spelling"]
    assert spelling["query"] == "งานบุญปลอดเหล้า" and spelling["applied"]
    assert result.hits[0].case_id == "fx-nan-alcohol-free-merit"


def test_a_long_question_with_one_unknown_word_is_not_rewritten(searcher: Searcher) -> None:
    # Its other words find the case, so "บุน" (a name, perhaps) is offered a correction only.
    query = "งานบวช งานศพ และงานบุญไม่มีสุราและเบียร์ ตำบลบุน"
    result = searcher.search(query)
    spelling = result.interpreted["spelling"]
    assert spelling["changes"] == [{"from": "บุน", "to": "บุญ"}] and spelling["applied"] is False
    assert result.interpreted["words"] == query
    assert result.hits[0].case_id == "fx-nan-alcohol-free-merit"


def test_a_typo_kept_as_typed_still_offers_the_correction(searcher: Searcher) -> None:
    result = searcher.search("งานบุนปลอดเหล้า", literal="spelling")
    assert result.interpreted["spelling"]["applied"] is False
    assert result.interpreted["words"] == "งานบุนปลอดเหล้า"


def test_real_words_absent_from_the_cases_are_not_typos(searcher: Searcher) -> None:
    assert searcher.search("xyz การบินอวกาศ").interpreted["spelling"] is None


def test_a_compound_no_case_uses_is_searched_by_its_parts(searcher: Searcher) -> None:
    result = searcher.search("ดื่มเหล้า", mode="lexical")
    assert "เหล้า" in result.interpreted["terms"]
    assert result.hits[0].case_id == "fx-nan-alcohol-free-merit"


def test_synonyms_find_the_same_case(searcher: Searcher) -> None:
    # The case says สุราและเบียร์ and เหล้า; a query for แอลกอฮอล์ is the same term.
    ids = [h.case_id for h in searcher.search("แอลกอฮอล์", mode="lexical").hits]
    assert ids[:1] == ["fx-nan-alcohol-free-merit"]


def test_api_returns_the_interpreted_block(fixture_index: Settings, encoder) -> None:
    with TestClient(create_app(fixture_index, encoder)) as client:
        data = client.get("/api/search", params={"q": "ตลาดสะอาด เมืองคอน"}).json()
        (province,) = data["interpreted"]["found"]
        assert province["value"] == "นครศรีธรรมราช" and province["how"] == "filter"
        assert province["label_en"] == "Province: Nakhon Si Thammarat"
        assert "loosely_related" in data and data["total"] == len(data["results"])
        off = client.get("/api/search", params={"q": "ตลาดสะอาด เมืองคอน", "literal": "all"})
        assert off.json()["interpreted"]["found"][0]["how"] == "literal"
        south = client.get("/api/search", params={"region": "ภาคใต้"}).json()
        assert south["total"] == 2
        bad = client.get("/api/search", params={"q": "วัด", "region": "Mars"})
        assert bad.status_code == 422 and "ภาค" in bad.json()["message_th"]


def test_cli_json_shows_what_was_understood(fixture_index: Settings) -> None:
    out = CliRunner().invoke(
        app, ["search", "ตลาด เมืองคอน", "--index", str(fixture_index.index_dir), "--json"]
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["interpreted"]["found"][0]["value"] == "นครศรีธรรมราช"
    literal = CliRunner().invoke(
        app,
        ["search", "ตลาด เมืองคอน", "--index", str(fixture_index.index_dir), "--literal", "all"],
    )
    assert literal.exit_code == 0 and "literal" in literal.output


def test_similar_cases_weigh_shared_key_words(searcher: Searcher) -> None:
    from kmhub.search.views import similar_cases

    similar = similar_cases(searcher.index, "fx-nan-alcohol-free-merit", 6, searcher.vocabulary)
    assert similar is not None and "fx-nan-alcohol-free-merit" not in [
        c["case_id"] for c in similar
    ]
    assert [c["score"] for c in similar] == sorted((c["score"] for c in similar), reverse=True)
