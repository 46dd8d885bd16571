"""Screenshot of the curators' /insights page after a realistic mix of searches.

Builds the cases into a temporary index, serves it with a temporary admin token, replays the
evaluation queries (found), the out-of-domain ones (kind: ood; searched in vain, some twice), a few
province filters, case views and packs over HTTP, then writes docs/screenshots/insights.png.
"""

from __future__ import annotations

import argparse
import secrets
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

import httpx
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kmhub.settings import Settings  # noqa: E402
from kmhub.web.app import create_app  # noqa: E402
from kmhub.web.serve import ensure_index  # noqa: E402
from kmhub.web.testing import CHROMIUM, CHROMIUM_ARGS, background_server  # noqa: E402


def replay(base: str) -> None:
    """Searches, views and packs as a day of use might bring them (bounded: ~120 requests)."""
    graded = yaml.safe_load((ROOT / "eval" / "queries.yaml").read_text(encoding="utf-8"))
    found = [q["query"] for q in graded if q.get("kind") != "ood"]
    missed = [q["query"] for q in graded if q.get("kind") == "ood"]
    with httpx.Client(base_url=base, timeout=60) as http:
        for i, query in enumerate(found[:60]):
            http.get("/api/search", params={"q": query})
            if i % 7 == 0:  # some queries are asked again
                http.get("/api/search", params={"q": query})
        for i, query in enumerate(missed):
            for _ in range(1 + (i % 3)):
                http.get("/api/search", params={"q": query})
        for province in ("น่าน", "ลำปาง", "เชียงราย", "ยะลา", "ยะลา", "สตูล"):
            http.get("/api/search", params={"province": province})
        hits = http.get("/api/search", params={"q": "ชุมชนลดเหล้าในงานบุญ"}).json()["results"]
        ids = [h["case_id"] for h in hits[:4]]
        for n, case_id in enumerate(ids):
            for _ in range(len(ids) - n):
                http.get(
                    f"/cases/{case_id}",
                    headers={"referer": f"{base}/?{urlencode({'q': 'ลดเหล้า'})}"},
                )
        http.get("/api/pack", params={"ids": ",".join(ids[:3])})
        http.get("/api/pack", params={"ids": ids[0]})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=Path, default=ROOT / "cases")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    token = secrets.token_urlsafe(16)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(cases_dir=args.cases, index_dir=Path(tmp) / "index")
        ensure_index(settings)
        app = create_app(settings.with_(admin_token=token))
        with background_server(app) as base, sync_playwright() as pw:
            replay(base)
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 1000})
                page.goto(f"{base}/insights?token={token}")
                args.out.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(args.out / "insights.png"), full_page=True)
            finally:
                browser.close()
    print(f"wrote {args.out / 'insights.png'}")


if __name__ == "__main__":
    main()
