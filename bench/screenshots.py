"""Screenshots of the web UI (search, case, overview map, English mode, phone) into docs/screenshots/."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kmhub.settings import Settings  # noqa: E402
from kmhub.web.app import create_app  # noqa: E402
from kmhub.web.serve import ensure_index  # noqa: E402
from kmhub.web.testing import CHROMIUM, CHROMIUM_ARGS, background_server  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=Path, default=ROOT / "cases")
    parser.add_argument("--index", type=Path, default=None, help="default: a temporary folder")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--query", default="เยาวชนจิตอาสา ภาคเหนือ", help="shows a chip")
    parser.add_argument("--only", choices=["all", "overview"], default="all")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(cases_dir=args.cases, index_dir=args.index or Path(tmp) / "index")
        ensure_index(settings)
        args.out.mkdir(parents=True, exist_ok=True)
        with background_server(create_app(settings)) as base, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                if args.only == "all":
                    shoot(browser, base, args.out, args.query)
                shoot_overview(browser, base, args.out)
            finally:
                browser.close()


def shoot(browser, base: str, out: Path, query: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 1300})
    page.goto(f"{base}/?q={query}")
    page.screenshot(path=str(out / "search.png"))
    first = page.locator(".hit-title a").first.get_attribute("href")
    page.goto(base + str(first))
    page.screenshot(path=str(out / "case.png"), full_page=True)
    page.goto(f"{base}/?q=youth+volunteers&lang=en")
    page.screenshot(path=str(out / "search-en.png"))
    page.goto(base + str(first) + "?lang=en")
    page.screenshot(path=str(out / "case-en.png"), full_page=True)
    phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    phone.goto(f"{base}/?q={query}")
    phone.screenshot(path=str(out / "search-phone.png"))
    print(f"screenshots written to {out}")


def shoot_overview(browser, base: str, out: Path) -> None:
    """The overview with its region map, desktop and phone, Thai and English; and a long
    facet list narrowed by the find box."""
    page = browser.new_page(viewport={"width": 1280, "height": 1300})
    page.goto(f"{base}/overview")
    page.screenshot(path=str(out / "overview.png"), full_page=True)
    page.goto(f"{base}/overview?lang=en")
    page.screenshot(path=str(out / "overview-en.png"), full_page=True)
    page.goto(f"{base}/browse/province")
    page.get_by_label("ค้นหาชื่อจังหวัด").fill("นคร")
    page.screenshot(path=str(out / "browse-province-find.png"))
    phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    phone.goto(f"{base}/overview")
    phone.screenshot(path=str(out / "overview-phone.png"), full_page=True)
    print(f"overview screenshots written to {out}")


if __name__ == "__main__":
    main()
