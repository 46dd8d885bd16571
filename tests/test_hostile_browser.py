"""The hostile catalogue in headless Chromium: no script runs and nothing is fetched from
elsewhere, with the Content-Security-Policy enforced and with it bypassed."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from kmhub.cases.files import read_case_file
from kmhub.index.build import build_index
from kmhub.settings import Settings
from kmhub.web.app import create_app
from kmhub.web.testing import background_server
from tests.web_support import HOSTILE_CASE, HOSTILE_ID, chromium

pytestmark = pytest.mark.browser

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
CASES = Path(__file__).parent / "fixtures" / "cases"
PAYLOAD = "<script>window.xssFired=90</script><img src=x onerror=window.xssFired=91>"
# Every payload in the catalogue assigns window.xssFired or calls a dialog: both are counted.
TRAP = """
window.__hits = [];
Object.defineProperty(window, 'xssFired', {set(v) { window.__hits.push(v); }, get() {}});
for (const name of ['alert', 'confirm', 'prompt']) {
  window[name] = (...a) => { window.__hits.push(name); };
}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, encoder) -> Iterator[tuple[str, list[str]]]:
    root = tmp_path_factory.mktemp("hostile-browser")
    shutil.copytree(CASES, root / "cases")
    (root / "cases" / f"{HOSTILE_ID}.md").write_text(HOSTILE_CASE, encoding="utf-8")
    for path in HOSTILE.glob("*.md"):  # every file of the catalogue; the refused are skipped
        shutil.copy(path, root / "cases" / path.name)
    settings = Settings(cases_dir=root / "cases", index_dir=root / "index")
    build_index(settings, encoder=encoder, progress=False)
    accepted = [HOSTILE_ID] + [
        p.stem for p in HOSTILE.glob("*.md") if read_case_file(p).ok and "draft" not in p.stem
    ]
    with background_server(create_app(settings, encoder)) as base:
        yield base, accepted


def pages(accepted: list[str]) -> list[str]:
    notes = quote(json.dumps({accepted[0]: PAYLOAD}))
    ids = ",".join(accepted)
    found = [f"/cases/{case_id}" for case_id in accepted]
    found += [
        "/",
        f"/?q={quote(PAYLOAD)}",
        "/?q=" + quote("ชุมชน"),
        "/browse",
        "/overview",
        "/workshop",
        f"/api/pack?ids={ids}&format=html&title={quote(PAYLOAD)}&notes={notes}",
        f"/api/pack?ids={ids}&format=html&theme={quote(PAYLOAD)}&download=false",
        f"/cases/{quote(PAYLOAD)}",
    ]
    return found


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["csp-on", "csp-off"])
def test_no_script_from_contributed_or_typed_text_runs(site, bypass_csp: bool) -> None:
    base, accepted = site
    assert len(accepted) >= 2, accepted
    elsewhere: list[str] = []
    hits: list[object] = []
    loads = 0
    with chromium() as browser:
        context = browser.new_context(base_url=base, bypass_csp=bypass_csp)
        context.add_init_script(TRAP)

        def route(request_route) -> None:
            if urlsplit(request_route.request.url).hostname != "127.0.0.1":
                elsewhere.append(request_route.request.url)
                request_route.abort()
            else:
                request_route.continue_()

        context.route("**/*", route)
        page = context.new_page()
        page.on("dialog", lambda dialog: (hits.append(dialog.message), dialog.dismiss()))
        for path in pages(accepted):
            page.goto(path, wait_until="load")
            page.wait_for_timeout(150)  # let any handler that could fire, fire
            # hover and focus everything: on* attributes would run now
            page.evaluate(
                "for (const el of document.querySelectorAll('*')) {"
                " el.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));"
                " el.dispatchEvent(new FocusEvent('focus')); }"
            )
            hits.extend(page.evaluate("window.__hits"))
            loads += 1
        context.close()
    assert loads == len(pages(accepted))
    assert hits == [], hits
    assert elsewhere == [], elsewhere
