"""Pictures of a real 5-case pack, PDF and Word, into docs/screenshots/ (pack-pdf-*.png, pack-docx-*.png).

Usage: python bench/pack_screenshots.py [--index DIR] [--out docs/screenshots]

The PDF is kmhub's own; the DOCX is converted by LibreOffice (soffice) as a reader would open it.
Pages are turned into PNG with pdftoppm (poppler-utils).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kmhub.index.build import build_index  # noqa: E402
from kmhub.index.store import current_build, open_index  # noqa: E402
from kmhub.packs.model import build_pack, make_meta  # noqa: E402
from kmhub.packs.suggest import match_strengths  # noqa: E402
from kmhub.search.live import open_searcher  # noqa: E402
from kmhub.settings import Settings  # noqa: E402
from kmhub.web.handout import handout_environment, render  # noqa: E402

FIVE = [
    "ayutthaya-moral-province-year2-business-academic-networks",
    "bangkok-baan-mankong-youth-researchers-moral-market",
    "buriram-9-dee-pracharat-moral-assembly-2559",
    "chiang-rai-khon-dee-sri-chiang-rai-club",
    "pathumthani-95-temples-wat-pracha-rat-sang-suk",
]
THEME = "ชุมชนคุณธรรม"


def png(pdf: Path, page: int, target: Path) -> None:
    stem = target.with_suffix("")
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "80",
            "-png",
            "-singlefile",
            "-f",
            str(page),
            "-l",
            str(page),
            str(pdf),
            str(stem),
        ],
        check=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=Path, default=ROOT / "cases")
    parser.add_argument("--index", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--keep", type=Path, default=None, help="also keep the PDF and DOCX here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        settings = Settings(cases_dir=args.cases, index_dir=args.index or work / "index")
        if current_build(settings.index_dir) is None:
            build_index(settings, progress=False)
        searcher = open_searcher(settings)
        meta = make_meta(
            "อบรมวิทยากรส่งเสริมคุณธรรม รุ่นที่ 1", "2568-08-01", "ครูและผู้นำชุมชน", "วิทยากร", THEME
        )
        pack = build_pack(
            open_index(settings.index_dir),
            FIVE,
            meta,
            strengths=match_strengths(searcher, THEME, FIVE),
        )
        env = handout_environment(settings.web_dir)
        pdf, docx = work / "pack.pdf", work / "pack.docx"
        pdf.write_bytes(render(pack, "pdf", env).content)
        docx.write_bytes(render(pack, "docx", env).content)
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{work}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work / "lo"),
                str(docx),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        args.out.mkdir(parents=True, exist_ok=True)
        word = work / "lo" / "pack.pdf"
        for name, source, page in (
            ("pack-pdf-plan.png", pdf, 2),
            ("pack-pdf-case.png", pdf, 3),
            ("pack-docx-plan.png", word, 2),
            ("pack-docx-case.png", word, 3),
        ):
            png(source, page, args.out / name)
            print(args.out / name)
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for source, name in ((pdf, "pack.pdf"), (docx, "pack.docx"), (word, "pack-docx.pdf")):
                (args.keep / name).write_bytes(source.read_bytes())


if __name__ == "__main__":
    main()
