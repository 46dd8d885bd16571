"""Search insights through the real app: what is recorded, what never is, and who may read it."""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from kmhub.cli import app as cli_app
from kmhub.insights.events import SearchEvent
from kmhub.insights.recorder import InsightsRecorder
from kmhub.insights.store import db_path
from kmhub.settings import Settings
from kmhub.web.app import create_app
from tests.web_support import build_web_corpus

TOKEN = "s3cret-token-for-curators"
AGENT = "kmhub-test-agent/9.9"
COOKIE_SECRET = "tracking-SECRET-4711"
ZERO = "ควอนตัมคอมพิวเตอร์"  # nothing in the fixture corpus is about it
LOOSE = "การซ่อมรถยนต์"  # found only by a weak dense match


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, encoder) -> Settings:
    return build_web_corpus(tmp_path_factory.mktemp("insights"), encoder)


def client_for(settings: Settings, encoder) -> TestClient:
    client = TestClient(
        create_app(settings, encoder), headers={"user-agent": AGENT}, cookies={"t": COOKIE_SECRET}
    )
    return client


def rows(settings: Settings, table: str) -> list[dict[str, Any]]:
    db = sqlite3.connect(db_path(settings.index_dir))
    db.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in db.execute(f"SELECT * FROM {table}")]
    finally:
        db.close()


def searches(c: TestClient) -> list[Any]:
    """A mix of searches as people make them; returns the API answers, minus timings."""
    answers = [
        c.get("/api/search", params={"q": "ธนาคารความดี"}).json(),
        c.get("/api/search", params={"q": ZERO}).json(),
        c.get("/api/search", params={"q": LOOSE}).json(),
        c.get("/api/search", params={"q": "", "province": "น่าน"}).json(),
    ]
    for answer in answers:
        answer.pop("took_ms")
    pages = [c.get("/", params={"q": "Youth  Volunteers"}), c.get("/", params={"q": ZERO})]
    return answers + [p.status_code for p in pages]


@pytest.fixture(scope="module")
def recorded(corpus: Settings, encoder, tmp_path_factory) -> Iterator[Settings]:
    settings = corpus  # insights are on by default
    with client_for(settings, encoder) as c:
        searches(c)
        c.get("/api/search", params={"q": "ธนาคารความดี", "page": 2})  # paging is no new search
        c.get("/")  # the home page is no search
        for typed in ("ธนา", "ธนาคาร", "ธนาคารความ", "ธนาคารความดี"):  # live search while typing
            c.get("/", params={"q": typed}, headers={"X-Kmhub-Partial": "results"})
        c.get(
            "/cases/fx-nan-alcohol-free-merit",
            headers={
                "referer": "http://testserver/?q=%E0%B8%87%E0%B8%B2%E0%B8%99%E0%B8%9A%E0%B8%B8%E0%B8%8D"
            },
        )
        c.get("/cases/fx-nan-alcohol-free-merit")
        c.get("/api/pack", params={"ids": "fx-nan-alcohol-free-merit,fx-pattani-mosque-garden"})
        assert c.app.state.insights.flush()
    yield settings


def test_searches_are_recorded_as_expected(recorded: Settings) -> None:
    got = rows(recorded, "searches")
    by_query = {r["query"]: r for r in got}
    assert sorted(by_query) == sorted(["ธนาคารความดี", ZERO, LOOSE, "", "youth volunteers"]), [
        r["query"] for r in got
    ]
    # The API and the page searched ZERO; the typed steps collapsed into one search.
    assert [r["query"] for r in got].count(ZERO) == 2
    assert [(r["query"], r["source"]) for r in got].count(("ธนาคารความดี", "live")) == 1
    assert len(got) == 7
    good, zero, loose = by_query["ธนาคารความดี"], by_query[ZERO], by_query[LOOSE]
    assert good["results"] > 0 and good["loose"] == 0 and good["language"] == "th"
    assert json.loads(good["terms"]) == ["ธนาคาร", "ความดี"]
    assert zero["results"] == 0 and zero["loose"] == 0
    assert loose["results"] == 0 and loose["loose"] == 1  # shown only as loosely related
    browse = by_query[""]
    assert json.loads(browse["filters"]) == {"province": "น่าน"}
    assert json.loads(browse["provinces"]) == ["น่าน"]
    assert by_query["youth volunteers"]["language"] == "en"
    now = time.time()
    for row in got:
        assert row["hour"] % 3600 == 0 and now - 7200 < row["hour"] <= now


def test_opens_and_packs_are_recorded(recorded: Settings) -> None:
    opens = rows(recorded, "opens")
    assert sorted((r["case_id"], r["query"]) for r in opens) == [
        ("fx-nan-alcohol-free-merit", ""),
        ("fx-nan-alcohol-free-merit", "งานบุญ"),
    ]
    packs = rows(recorded, "packs")
    assert sorted(r["case_id"] for r in packs) == [
        "fx-nan-alcohol-free-merit",
        "fx-pattani-mosque-garden",
    ]


def test_nothing_identifying_is_stored(recorded: Settings) -> None:
    path = db_path(recorded.index_dir)
    stored = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    for secret in (AGENT, COOKIE_SECRET, "testclient", "127.0.0.1", "testserver"):
        assert secret.encode() not in stored
    columns = {
        table: [r[1] for r in sqlite3.connect(path).execute(f"PRAGMA table_info({table})")]
        for table in ("searches", "opens", "packs")
    }
    assert not any(
        word in name
        for names in columns.values()
        for name in names
        for word in ("ip", "agent", "cookie", "session")
    )


def test_disabled_setting_writes_nothing(tmp_path: Path, encoder) -> None:
    settings = build_web_corpus(tmp_path, encoder).with_(insights=False)
    with client_for(settings, encoder) as c:
        assert c.app.state.insights is None
        searches(c)
        c.get("/cases/fx-nan-alcohol-free-merit")
    assert not db_path(settings.index_dir).exists()
    assert Settings.from_env({"KMHUB_INSIGHTS": "off"}).insights is False


def test_locked_or_unwritable_database_never_changes_a_search(
    tmp_path: Path, encoder, caplog: pytest.LogCaptureFixture
) -> None:
    settings = build_web_corpus(tmp_path, encoder)
    with client_for(settings.with_(insights=False), encoder) as c:
        expected = searches(c)
    # Locked: another process holds the write lock for the whole run.
    path = db_path(settings.index_dir)
    holder = sqlite3.connect(path)
    holder.execute("CREATE TABLE IF NOT EXISTS searches (x)")
    holder.execute("BEGIN EXCLUSIVE")
    caplog.set_level(logging.WARNING, logger="kmhub.insights")
    try:
        with client_for(settings, encoder) as c:
            assert searches(c) == expected
            assert c.app.state.insights.flush()
            assert c.app.state.insights.failures >= 1
    finally:
        holder.rollback()
        holder.close()
    assert any("insights" in r.getMessage() for r in caplog.records)
    # Unwritable: the database path is a folder, so SQLite cannot open it at all.
    path.unlink()
    path.mkdir()
    with client_for(settings, encoder) as c:
        assert searches(c) == expected
        assert c.app.state.insights.flush()
        assert c.app.state.insights.failures >= 1


def test_old_records_are_pruned(tmp_path: Path) -> None:
    path = tmp_path / "insights.sqlite"
    now = time.time()

    def event(at: float, query: str) -> SearchEvent:
        return SearchEvent(at, query, "hybrid", {}, 3, False, "api")

    old = InsightsRecorder(path, clock=lambda: now - 100 * 86400)
    old.record(event(now - 100 * 86400, "ร้อยวันก่อน"))
    old.record(event(now - 10 * 86400, "สิบวันก่อน"))
    old.close()
    fresh = InsightsRecorder(path, retention_days=90)
    fresh.record(event(now, "วันนี้"))
    fresh.close()
    db = sqlite3.connect(path)
    assert sorted(q for (q,) in db.execute("SELECT query FROM searches")) == ["วันนี้", "สิบวันก่อน"]


def same_page(html: str) -> str:
    return re.sub(r'next=[^"]*"', "", html)


def test_insights_page_needs_the_token(corpus: Settings, encoder) -> None:
    unknown = TestClient(create_app(corpus, encoder)).get("/no-such-page")
    with TestClient(create_app(corpus, encoder)) as c:  # no token configured: never served
        for params in ({}, {"token": ""}, {"token": TOKEN}):
            response = c.get("/insights", params=params)
            assert response.status_code == 404
            # The same page as any unknown address (but for the language link back to it).
            assert same_page(response.text) == same_page(unknown.text)
    with TestClient(create_app(corpus.with_(admin_token=TOKEN), encoder)) as c:
        for params in ({}, {"token": "wrong"}, {"token": TOKEN[:-1]}, {"token": TOKEN + "x"}):
            assert c.get("/insights", params=params).status_code == 404
        assert c.get("/insights", headers={"authorization": "Bearer nope"}).status_code == 404
        page = c.get("/insights", params={"token": TOKEN})
        assert page.status_code == 200
        assert "ข้อมูลการค้นหาสำหรับผู้ดูแลคลัง" in page.text
        assert page.headers["cache-control"] == "no-store"
        assert page.headers["referrer-policy"] == "no-referrer"
        assert "script-src 'self'" in page.headers["content-security-policy"]
        bearer = c.get(
            "/insights", params={"format": "json"}, headers={"authorization": f"Bearer {TOKEN}"}
        )
        assert bearer.status_code == 200 and "gaps" in bearer.json()
    assert "Disallow: /insights" in c.get("/robots.txt").text


def test_report_groups_searches_in_vain(recorded: Settings, encoder) -> None:
    with TestClient(create_app(recorded.with_(admin_token=TOKEN), encoder)) as c:
        report = c.get("/insights", params={"token": TOKEN, "format": "json"}).json()
        html = c.get("/insights", params={"token": TOKEN}).text
    gaps = {g["query"]: g for g in report["gaps"]}
    assert gaps[ZERO]["count"] >= 2 and gaps[ZERO]["zero"] == gaps[ZERO]["count"]
    assert gaps[LOOSE]["loose"] >= 1
    assert "ธนาคารความดี" not in gaps
    top = [q["query"] for q in report["top_queries"]]
    assert top[0] in (ZERO, "ธนาคารความดี")
    provinces = {p["value"]: p for p in report["provinces"]}
    assert provinces["น่าน"]["asked"] >= 1 and provinces["น่าน"]["held"] == 1
    assert report["opened"][0] == {
        "case_id": "fx-nan-alcohol-free-merit",
        "title": "บ้านห้วยทดสอบ งานบุญปลอดเหล้า",
        "count": report["opened"][0]["count"],
    }
    assert {p["case_id"] for p in report["packed"]} == {
        "fx-nan-alcohol-free-merit",
        "fx-pattani-mosque-garden",
    }
    assert ZERO in html and 'class="day-chart"' in html


def test_insights_command(recorded: Settings) -> None:
    args = ["insights", "--index", str(recorded.index_dir), "--since", "30d"]
    text = CliRunner().invoke(cli_app, args)
    assert text.exit_code == 0, text.output
    assert ZERO in text.output and "lessons to write next" in text.output
    as_json = json.loads(CliRunner().invoke(cli_app, [*args, "--json"]).output)
    assert as_json["searches"] >= 7
    as_csv = CliRunner().invoke(cli_app, [*args, "--csv"]).output
    assert as_csv.startswith("\ufeffsection,value")
    assert f"gap,{ZERO}," in as_csv
    future = CliRunner().invoke(cli_app, [*args[:-1], "2700-01-01", "--json"])
    assert json.loads(future.output)["searches"] == 0  # BE 2700 = CE 2157: nothing yet
