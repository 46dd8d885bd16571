"""Search over the fixture corpus: Thai keywords, paraphrases, English, filters, facets, CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from kmhub.cli import app
from kmhub.errors import QueryError
from kmhub.search import fusion, retrievers
from kmhub.search.filters import Filters
from kmhub.search.searcher import Searcher
from kmhub.settings import Settings


def top_ids(searcher: Searcher, query: str, n: int = 1, **kwargs) -> list[str]:
    return [h.case_id for h in searcher.search(query, **kwargs).hits[:n]]


def order_ids(searcher: Searcher, query: str, n: int, **kwargs) -> list[str]:
    """The ranked order a reader meets: results, then the loosely related."""
    return searcher.search(query, page_size=n, **kwargs).case_ids()[:n]


@pytest.mark.parametrize("mode", ["lexical", "dense", "hybrid"])
def test_thai_keyword_finds_the_case_in_every_mode(searcher: Searcher, mode: str) -> None:
    assert top_ids(searcher, "ชุมชนลดเหล้าในงานบุญ", mode=mode) == ["fx-nan-alcohol-free-merit"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("หมู่บ้านเลิกดื่มสุราในพิธีทางศาสนา", "fx-nan-alcohol-free-merit"),
        ("พนักงานบริษัทไม่รับสินบน", "fx-chonburi-honest-company"),
        ("เด็กนักเรียนช่วยเหลือคนแก่", "fx-khonkaen-youth-volunteers"),
    ],
)
def test_paraphrase_finds_the_case_by_meaning(
    searcher: Searcher, query: str, expected: str
) -> None:
    assert expected in top_ids(searcher, query, n=2, mode="dense")
    assert top_ids(searcher, query) == [expected]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "village bans alcohol at funerals and merit-making ceremonies",
            "fx-nan-alcohol-free-merit",
        ),
        ("how to get young people to volunteer", "fx-khonkaen-youth-volunteers"),
        ("sorting waste in a fresh market", "fx-nakhonsi-clean-market-district"),
    ],
)
def test_english_query_finds_thai_cases(searcher: Searcher, query: str, expected: str) -> None:
    assert top_ids(searcher, query) == [expected]


def test_result_carries_snippet_section_and_marked_terms(searcher: Searcher) -> None:
    hit = searcher.search("ธนาคารความดี", mode="lexical").hits[0]
    assert hit.case_id == "fx-ayutthaya-goodness-bank"
    assert hit.province == "พระนครศรีอยุธยา" and hit.date == "2016-07-24" and hit.level == "province"
    assert hit.section in {"summary", "context", "actions", "results", "lessons"}
    assert hit.matches
    marked = [hit.snippet[a:b] for a, b in hit.matches]
    assert any("ธนาคาร" in m or "ความดี" in m for m in marked)
    assert hit.score > 0 and "lexical" in hit.scores


def test_filters_narrow_results(searcher: Searcher) -> None:
    everything = searcher.search("ชุมชน", mode="hybrid")
    religion = searcher.search("ชุมชน", filters=Filters(network="religion"))
    assert 0 < religion.total < everything.total
    assert all("religion" in h.networks for h in religion.hits)
    assert top_ids(searcher, "ชุมชน", n=5, filters=Filters(province="โคราช")) == []
    assert top_ids(searcher, "ชุมชน", n=5, filters=Filters(province="น่าน")) == [
        "fx-nan-alcohol-free-merit"
    ]
    levels = searcher.search("", filters=Filters(level="organization"))
    assert {h.level for h in levels.hits} == {"organization"} and levels.total == 3


def test_years_accept_buddhist_and_common_era(searcher: Searcher) -> None:
    be = searcher.search("", filters=Filters(year_from=2562, year_to=2563))
    ce = searcher.search("", filters=Filters(year_from=2019, year_to=2020))
    assert [h.case_id for h in be.hits] == [h.case_id for h in ce.hits]
    assert sorted(h.date[:4] for h in ce.hits) == ["2019", "2020"]


def test_bad_filters_raise_query_errors(searcher: Searcher) -> None:
    for filters in (Filters(province="Atlantis"), Filters(level="planet"), Filters(network="army")):
        with pytest.raises(QueryError):
            searcher.search("ชุมชน", filters=filters)
    with pytest.raises(QueryError):
        searcher.search("ก" * 1000)
    with pytest.raises(QueryError):
        searcher.search("ชุมชน", mode="magic")  # type: ignore[arg-type]


def test_pagination_and_facets(searcher: Searcher) -> None:
    first = searcher.search("", page=1, page_size=3)
    second = searcher.search("", page=2, page_size=3)
    assert first.total == 7 and len(first.hits) == 3 and len(second.hits) == 3
    assert not {h.case_id for h in first.hits} & {h.case_id for h in second.hits}
    dates = [h.date for h in first.hits + second.hits]
    assert dates == sorted(dates, reverse=True)
    facets = {f["value"]: f["count"] for f in first.facets["province"]}
    assert sum(facets.values()) == 7
    assert {f["value"]: f["count"] for f in first.facets["network"]}["religion"] == 3
    assert {f["value"]: f["count"] for f in first.facets["year"]}["2021"] == 1


def test_cli_search_json_contract(fixture_index: Settings) -> None:
    result = CliRunner().invoke(
        app,
        ["search", "งานบุญปลอดเหล้า", "--index", str(fixture_index.index_dir), "--json", "-k", "2"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    first = data["results"][0]
    for key in (
        "case_id",
        "title",
        "province",
        "date",
        "level",
        "networks",
        "score",
        "section",
        "snippet",
    ):
        assert key in first
    assert first["case_id"] == "fx-nan-alcohol-free-merit"
    assert 1 <= len(data["results"]) <= 2 and "facets" in data and "total" in data
    # What was understood and what is only loosely related travel with the results.
    assert "interpreted" in data and "loosely_related" in data and "loose_total" in data


def test_cli_batch_prints_one_json_line_per_query_in_order(
    fixture_index: Settings, tmp_path: Path
) -> None:
    queries = tmp_path / "queries.txt"
    queries.write_text("ธนาคารความดี\n\nwaste sorting at the market\nวิทยุชุมชน\n", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kmhub",
            "search",
            "--batch",
            str(queries),
            "--json",
            "-k",
            "1",
            "--index",
            str(fixture_index.index_dir),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["query"] for line in lines] == [
        "ธนาคารความดี",
        "waste sorting at the market",
        "วิทยุชุมชน",
    ]
    assert [line["results"][0]["case_id"] for line in lines] == [
        "fx-ayutthaya-goodness-bank",
        "fx-nakhonsi-clean-market-district",
        "fx-chiangmai-community-radio",
    ]


def test_cli_errors_are_messages_not_tracebacks(fixture_index: Settings, tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "kmhub", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    missing = run("search", "ชุมชน", "--index", str(tmp_path / "none"))
    assert (
        missing.returncode == 2
        and "kmhub build" in missing.stderr
        and "Traceback" not in missing.stderr
    )
    mismatch = run(
        "search", "ชุมชน", "--index", str(fixture_index.index_dir), "--encoder", "st:other"
    )
    assert (
        mismatch.returncode == 2
        and "use-m3" in mismatch.stderr
        and "Traceback" not in mismatch.stderr
    )
    bad = run("search", "ชุมชน", "--index", str(fixture_index.index_dir), "--province", "Atlantis")
    assert bad.returncode == 2 and "Atlantis" in bad.stderr and "Traceback" not in bad.stderr


def test_a_query_about_nothing_in_the_corpus_finds_nothing(searcher: Searcher) -> None:
    # Dense search ranks every passage; the similarity floor keeps noise out of the results.
    result = searcher.search("xyz การบินอวกาศ", mode="hybrid")
    assert result.total == 0 and result.hits == []
    assert searcher.search("xyz การบินอวกาศ", mode="dense", dense_weight=None).total == 0


@pytest.mark.parametrize(
    "query", ["young people volunteering in the community", "ชุมชน ความดี เยาวชน"]
)
def test_dense_weight_moves_hybrid_toward_the_dense_ranking(searcher: Searcher, query: str) -> None:
    lexical = order_ids(searcher, query, n=10, mode="lexical")
    dense = order_ids(searcher, query, n=10, mode="dense")
    assert lexical != dense[: len(lexical)]  # the two sides disagree, so a swap would show
    # All weight on one side reproduces that side's order; with the weights swapped, it would not.
    assert order_ids(searcher, query, n=10, mode="hybrid", dense_weight=1.0) == dense
    all_lexical = order_ids(searcher, query, n=10, mode="hybrid", dense_weight=0.0)
    assert all_lexical[: len(lexical)] == lexical


def test_snippet_is_the_passage_that_matches_the_words(searcher: Searcher) -> None:
    hit = searcher.search("วิทยุชุมชน", mode="hybrid").hits[0]
    assert hit.case_id == "fx-chiangmai-community-radio"
    assert "วิทยุ" in hit.terms and hit.matches
    # A query no word of which is in a case shows its best dense passage, or its summary.
    english = searcher.search("young people volunteering in the community", mode="dense").hits
    assert all(h.snippet for h in english)


@pytest.mark.parametrize("query", ["วัดเป็นศูนย์กลางชุมชน", "ชุมชน วัด", "ความซื่อสัตย์ องค์กร"])
def test_character_grams_rerank_but_add_no_case(searcher: Searcher, query: str) -> None:
    words_only = Searcher(searcher.index, searcher.encoder, searcher.settings.with_(gram_weight=0))
    blended = searcher.search(query, mode="lexical")
    plain = words_only.search(query, mode="lexical")
    assert {h.case_id for h in blended.hits + blended.loose} == {
        h.case_id for h in plain.hits + plain.loose
    }
    # Grams are evidence of their own: the blended scores are not the words' scores.
    assert [h.score for h in blended.hits] != [h.score for h in plain.hits]


def test_a_query_too_short_for_a_gram_is_scored_by_its_words(searcher: Searcher) -> None:
    words_only = Searcher(searcher.index, searcher.encoder, searcher.settings.with_(gram_weight=0))
    for query in ("วัด", "ครู"):
        assert [(h.case_id, h.score) for h in searcher.search(query, mode="lexical").hits] == [
            (h.case_id, h.score) for h in words_only.search(query, mode="lexical").hits
        ], query


def test_a_spoken_question_particle_does_not_make_the_answer_loose(searcher: Searcher) -> None:
    # หรอ is in no case; counted as a key word it outweighed งานบุญ.
    result = searcher.search("งานบุญหรอครับ", mode="lexical")
    assert [h.case_id for h in result.hits[:1]] == ["fx-nan-alcohol-free-merit"]


def test_a_case_beyond_the_dense_candidates_gets_its_own_cosine(searcher: Searcher) -> None:
    # Scored 0 for being past the cut-off, a case the words found lost to every case dense had seen.
    index, settings = searcher.index, searcher.settings
    vector = retrievers.query_vector(searcher.encoder, "young people volunteering in the community")
    every = settings.with_(candidates=index.vectors.ntotal)
    exact, _ = fusion.best_per_case(
        retrievers.dense_passages(index, vector, every, None), index.passage_cases
    )
    nearest, _ = fusion.best_per_case(
        retrievers.dense_passages(index, vector, settings.with_(candidates=1), None),
        index.passage_cases,
    )
    assert len(nearest[0]) == 1 < len(exact[0])
    all_cases = np.arange(len(index.case_passages_start) - 1)
    filled = retrievers.with_dense_scores_of(index, vector, nearest, all_cases, settings)
    assert filled[0].tolist() == exact[0].tolist()  # the same cases, best first
    np.testing.assert_allclose(filled[1], exact[1], atol=1e-4)
