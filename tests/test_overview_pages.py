"""The overview map and long facet lists at ninety cases, rendered in-process without JavaScript."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from html import unescape

import pytest
from fastapi.testclient import TestClient

from kmhub.text import places
from kmhub.web import thaimap
from kmhub.web.app import create_app
from tests.many_cases import LEFT_OUT, build_many_cases, many_provinces
from tests.web_support import live_markup


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, encoder) -> Iterator[TestClient]:
    settings = build_many_cases(tmp_path_factory.mktemp("many"), encoder)
    with TestClient(create_app(settings, encoder)) as c:
        yield c


def _between(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end, html.index(start))]


def _bar_labels(html: str) -> list[str]:
    return [unescape(x) for x in re.findall(r'class="bar-label" href="[^"]*">([^<]+)</a>', html)]


def test_every_province_has_one_tile_and_regions_are_connected() -> None:
    assert set(thaimap.LAYOUT) == set(places.provinces())
    cells = [(col, row) for col, row, _ in thaimap.LAYOUT.values()]
    assert len(set(cells)) == 77
    assert all(0 <= c < thaimap.COLS and 0 <= r < thaimap.ROWS for c, r in cells)
    assert len({code for *_, code in thaimap.LAYOUT.values()}) == 77
    for region, names in places.REGIONS.items():
        # Each region is one block of touching squares, so its outline is one shape.
        todo = {thaimap.LAYOUT[name][:2] for name in names}
        seen, stack = set(), [next(iter(todo))]
        while stack:
            c, r = stack.pop()
            if (c, r) in seen or (c, r) not in todo:
                continue
            seen.add((c, r))
            stack += [(c + 1, r), (c - 1, r), (c, r + 1), (c, r - 1)]
        assert seen == todo, region
    assert [thaimap.step_of(n) for n in (0, 1, 2, 3, 4, 5, 40)] == [0, 1, 2, 3, 3, 4, 4]


def test_overview_map_regions_and_missing_provinces(client: TestClient) -> None:
    page = client.get("/overview")
    assert page.status_code == 200
    html = page.text
    svg = _between(html, '<svg class="region-map"', "</svg>")
    assert 'role="img"' in svg and 'aria-labelledby="map-title map-desc"' in svg
    title = re.search(r'<title id="map-title">([^<]+)</title>', svg)
    desc = re.search(r'<desc id="map-desc">([^<]+)</desc>', svg)
    assert title and "แผนผัง" in title.group(1)
    assert desc and f"ยังไม่มีกรณี {len(LEFT_OUT)} จังหวัด" in desc.group(1)
    assert svg.count('<g class="tile step-') == 77
    per_province = Counter(many_provinces())
    # Provinces listed first in the corpus have two cases; the others one; LEFT_OUT none.
    assert "<title>เชียงราย (Chiang Rai): 2 กรณี</title>" in svg
    assert f"<title>สงขลา (Songkhla): {per_province['สงขลา']} กรณี</title>" in svg
    assert "<title>สตูล (Satun): ยังไม่มีกรณี</title>" in svg
    assert svg.count('<g class="tile step-0">') == len(LEFT_OUT)

    # The text beside the map: a row per region with cases and provinces covered.
    per_region = Counter(places.region_of(p) for p in many_provinces())
    for region, names in places.REGIONS.items():
        covered = len([n for n in names if n not in LEFT_OUT])
        row = re.search(
            rf'<th scope="row"><a href="/browse/province#region-\w+">{region}</a></th>'
            r'<td class="num">(\d+)</td><td class="num">(\d+) จาก (\d+)</td>',
            html,
        )
        assert row, region
        assert row.groups() == (str(per_region[region]), str(covered), str(len(names)))
    missing = _between(html, 'id="missing-h"', "</section>")
    listed = {
        name.strip() for dd in re.findall(r"<dd>(.*?)</dd>", missing) for name in dd.split(",")
    }
    assert listed == set(LEFT_OUT)
    assert f"{len(LEFT_OUT)} จาก 77" in missing
    # The CSP allows no inline style and no inline script: the page uses neither.
    assert " style=" not in html and "<style" not in html
    assert live_markup(html) == []


def test_overview_in_english(client: TestClient) -> None:
    html = client.get("/overview", params={"lang": "en"}).text
    assert "Map of the regions" in html and "(schematic, not to scale)" in html
    assert (
        '<text class="tile-abbr" x="' in html and ">CMI</text>" in html and ">ชม</text>" not in html
    )
    missing = _between(html, 'id="missing-h"', "</section>")
    assert "Satun" in missing and "Mae Hong Son" in missing and "สตูล" not in missing
    assert '<a href="/browse/province#region-northeast">Northeast</a>' in html


def test_browse_find_within_a_facet_without_javascript(client: TestClient) -> None:
    korat = client.get("/browse/province", params={"facet_q": "โคราช"}).text
    assert _bar_labels(korat) == ["นครราชสีมา"]  # an everyday name finds the province
    assert 'name="facet_q" type="search" value="โคราช"' in korat
    assert "แสดง 1 จาก 62 รายการ" in korat
    chiang = client.get("/browse/province", params={"facet_q": "CHIANG", "lang": "en"}).text
    assert sorted(_bar_labels(chiang)) == ["Chiang Mai", "Chiang Rai"]
    assert "90 cases in all, across 62 provinces" in chiang and "Showing 2 of 62" in chiang
    years = client.get("/browse/year", params={"facet_q": "2560"}).text
    assert _bar_labels(years) == ["2017 (พ.ศ. 2560)"]  # a Buddhist-era year finds its year
    nothing = client.get("/browse/topic", params={"facet_q": "ไม่มีคำนี้"}).text
    assert _bar_labels(nothing) == []
    assert re.search(r"<p class=\"notice facet-none\" data-facet-none>", nothing)
    assert client.get("/browse/topic", params={"facet_q": "x" * 121}).status_code == 422


def test_browse_sort_by_name_or_count(client: TestClient) -> None:
    by_name = client.get("/browse/province", params={"sort": "name"}).text
    north = _between(by_name, 'id="region-north"', "</section>")
    # Thai dictionary order: leading vowels (เ แ) do not decide the place.
    assert _bar_labels(north) == [
        "กำแพงเพชร", "เชียงราย", "เชียงใหม่", "ตาก", "นครสวรรค์", "น่าน", "พิจิตร", "พิษณุโลก",
        "เพชรบูรณ์", "แพร่", "ลำปาง", "ลำพูน", "สุโขทัย", "อุตรดิตถ์", "อุทัยธานี",
    ]  # fmt: skip
    assert re.search(r'href="/browse/province\?sort=name" aria-current="true"', by_name)
    english = client.get("/browse/province", params={"sort": "name", "lang": "en"}).text
    north_en = _bar_labels(_between(english, 'id="region-north"', "</section>"))
    assert north_en[:4] == ["Chiang Mai", "Chiang Rai", "Kamphaeng Phet", "Lampang"]

    by_count = client.get("/browse/province").text
    assert re.search(r'href="/browse/province" aria-current="true"', by_count)
    northeast = _between(by_count, 'id="region-northeast"', "</section>")
    counts = [int(n) for n in re.findall(r'class="bar-count">(\d+)<', northeast)]
    assert counts == sorted(counts, reverse=True) and counts[0] == 2 and counts[-1] == 1
    ones = {p for p, n in Counter(many_provinces()).items() if n == 1}
    assert set(_bar_labels(northeast)[-counts.count(1) :]) <= ones
    # An unknown order falls back to counts instead of failing.
    assert _bar_labels(client.get("/browse/province", params={"sort": "x"}).text) == _bar_labels(
        by_count
    )


def test_search_sidebar_sorts_and_lists_every_value_without_javascript(client: TestClient) -> None:
    html = client.get("/").text
    body = _between(html, 'id="facet-body-province"', "</section>")
    links = re.findall(r'<li data-terms="[^"]*">\s*<a href="/\?province=', body)
    assert len(links) == 62  # eight shown, the rest in a plain <details> list
    assert "<details>" in body
    box = re.search(r'<input type="search" class="facet-filter"[^>]*>', html)
    assert box and " hidden " in box.group(0)  # no dead box without JavaScript
    assert re.search(r'data-terms="นครราชสีมา \| nakhon ratchasima \| โคราช', html)

    by_name = client.get("/", params={"facet_sort": "name"}).text
    first = re.findall(
        r'<span class="facet-value">([^<]+)</span>',
        _between(by_name, 'id="facet-body-province"', "<details>"),
    )
    assert first == [
        "กระบี่", "กรุงเทพมหานคร", "กาญจนบุรี", "กาฬสินธุ์", "กำแพงเพชร", "ขอนแก่น", "จันทบุรี",
        "ฉะเชิงเทรา",
    ]  # fmt: skip
    krabi = re.search(
        r'href="(/\?[^"]*province=%E0%B8%81%E0%B8%A3%E0%B8%B0%E0%B8%9A[^"]*)"', by_name
    )
    assert krabi and "facet_sort=name" in krabi.group(1)  # the order rides along in links
    assert re.search(r'href="/\?facet_sort=name" aria-current="true"', by_name)
    assert 'name="facet_sort" value="name"' in by_name  # the live search keeps the order
