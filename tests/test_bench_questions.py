"""The English questions over the iapp development sample stay about that sample."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from kmhub.search.evaluate import load_queries
from kmhub.text import thai

from .conftest import SHARED

BENCH = Path(__file__).resolve().parents[1] / "bench"
QUESTIONS = BENCH / "iapp_english.yaml"


def test_the_questions_are_english_with_one_passage_each() -> None:
    queries = load_queries(QUESTIONS)
    assert len(queries) >= 200
    assert all(q.lang == "en" and not thai.has_thai(q.text) for q in queries)
    assert all(list(q.relevant.values()) == [2] for q in queries)
    passages = [next(iter(q.relevant)) for q in queries]
    assert len(set(passages)) == len(passages)  # one question per passage


def test_every_question_is_about_a_passage_of_the_default_sample(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = SHARED / "data" / "iapp-wiki-qa-train"
    if not (data / "passages.jsonl").is_file():
        pytest.skip("../shared/data/iapp-wiki-qa-train is not present")
    monkeypatch.syspath_prepend(str(BENCH))
    tasks = importlib.import_module("tasks")
    sampled = tasks.passage_task(data, tmp_path, 400, 13, None)
    task = tasks.over_sample(sampled, QUESTIONS, tmp_path)
    assert len(task.queries) == len(load_queries(QUESTIONS))
    assert task.cases_dir == sampled.cases_dir
