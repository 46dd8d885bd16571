"""The PDF pack on any machine: the bundled Thai font, copyable Thai, no fetching, no Pango."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from PIL import Image

from kmhub.index.store import open_index
from kmhub.packs import assets
from kmhub.packs.model import build_pack, make_meta
from kmhub.settings import Settings
from kmhub.web.handout import bundled_fetcher, handout_environment, render, render_pdf

ROOT = Path(__file__).resolve().parents[1]
IDS = "fx-nan-alcohol-free-merit,fx-chonburi-honest-company"
TITLE = "อบรมผู้นำชุมชนรุ่นที่ 1 ผู้ใหญ่บ้าน"
# Only DejaVu, as on a server without fonts-noto-core or any Thai font.
DEJAVU_ONLY = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>/usr/share/fonts/truetype/dejavu</dir>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""


def _tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is missing: install poppler-utils (scripts/test.sh does)"
    return found


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKD", text))


def _kmhub(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kmhub", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env=env,
    )


def _env(**extra: str) -> dict[str, str]:
    import os

    return {**os.environ, **extra}


def test_pdf_embeds_the_bundled_font_where_the_system_has_no_thai_font(
    fixture_index: Settings, tmp_path: Path
) -> None:
    assert Path("/usr/share/fonts/truetype/dejavu").is_dir(), "needs fonts-dejavu-core"
    config = tmp_path / "fonts.conf"
    config.write_text(DEJAVU_ONLY.format(cache=tmp_path / "fc-cache"), encoding="utf-8")
    listed = subprocess.run(
        ["fc-list", ":lang=th"],
        capture_output=True,
        text=True,
        env=_env(FONTCONFIG_FILE=str(config)),
    )
    assert listed.stdout.strip() == "", "the limited fontconfig must know no Thai font"
    out = tmp_path / "pack.pdf"
    done = _kmhub(
        "pack",
        "--cases",
        IDS,
        "--title",
        TITLE,
        "--format",
        "pdf",
        "--out",
        str(out),
        "--index",
        str(fixture_index.index_dir),
        env=_env(FONTCONFIG_FILE=str(config)),
    )
    assert done.returncode == 0, done.stderr
    fonts = subprocess.run([_tool("pdffonts"), str(out)], capture_output=True, text=True).stdout
    embedded = [line.split()[0] for line in fonts.splitlines()[2:]]
    assert any(name.endswith("+kmhub-Noto-Sans-Thai") for name in embedded), fonts
    assert any(name.endswith("+kmhub-Noto-Sans-Thai-Bold") for name in embedded), fonts
    assert all(line.split()[-4] == "yes" for line in fonts.splitlines()[2:]), "all embedded"
    cover = subprocess.run(
        [_tool("pdftotext"), "-f", "1", "-l", "1", str(out), "-"], capture_output=True, text=True
    ).stdout
    # pdftotext writes SARA AM as its two parts; apart from that the title comes back as typed.
    assert unicodedata.normalize("NFKD", TITLE) in unicodedata.normalize("NFKD", cover), cover


def test_cover_and_footer_copy_out_as_clean_thai(fixture_index: Settings) -> None:
    index = open_index(fixture_index.index_dir)
    meta = make_meta(TITLE, "2568-08-01", "ครูและผู้นำชุมชน", "วิทยากร ผู้ช่วย", "")
    pdf = render_pdf(
        build_pack(index, IDS.split(","), meta), handout_environment(Settings().web_dir)
    )
    path = Path(fixture_index.index_dir).parent / "copy.pdf"
    path.write_bytes(pdf)
    pages = subprocess.run(
        [_tool("pdftotext"), str(path), "-"], capture_output=True, text=True
    ).stdout.split("\f")
    cover = unicodedata.normalize("NFKD", pages[0])
    for typed in (TITLE, "ครูและผู้นำชุมชน", "วิทยากร ผู้ช่วย", "ผู้เข้าอบรม", "1 สิงหาคม พ.ศ. 2568"):
        assert unicodedata.normalize("NFKD", typed) in cover, typed
    # The footer of every page after the cover: the title and "หน้า n / total".
    total = len([p for p in pages if p.strip()])
    for n, page in enumerate(pages[1:total], start=2):
        text = unicodedata.normalize("NFKD", page)
        assert unicodedata.normalize("NFKD", TITLE) in text, n
        assert f"หน้า {n} / {total}" in text, n


def test_pdf_fetcher_opens_only_bundled_files(tmp_path: Path) -> None:
    import weasyprint

    fetcher = bundled_fetcher(weasyprint)
    font = assets.font_path("normal")
    assert fetcher.fetch(font.as_uri()).read() == font.read_bytes()
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the PDF", encoding="utf-8")
    for url in (
        secret.as_uri(),
        (assets.FONT_DIR / ".." / ".." / "settings.py").as_uri(),  # climbs out of the folder
        "http://127.0.0.1:9/x.png",
        "https://example.invalid/font.ttf",
        "data:image/png;base64,iVBORw0KGgo=",
        "file://otherhost" + str(font),
    ):
        with pytest.raises(ValueError, match="not fetched"):
            fetcher.fetch(url)
    # End to end: a picture named by a file URL is not drawn into the PDF.
    picture = tmp_path / "dot.png"
    Image.new("RGB", (8, 8), "red").save(picture)
    html = (
        f'<p>ภาพ</p><img src="{picture.as_uri()}"><link rel="stylesheet" href="{secret.as_uri()}">'
    )
    plain = weasyprint.HTML(string=html).write_pdf(uncompressed_pdf=True)
    assert b"/Subtype /Image" in plain  # what an unrestricted renderer does
    guarded = weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf(uncompressed_pdf=True)
    assert b"/Subtype /Image" not in guarded


def test_without_pango_pdf_says_how_to_install_and_html_docx_still_work(
    fixture_index: Settings, tmp_path: Path
) -> None:
    # Unloadable stand-ins first on the library path: the same failure as a machine without
    # libpango (dlopen fails), with nothing else changed.
    broken = tmp_path / "no-pango"
    broken.mkdir()
    for name in ("libgobject-2.0.so.0", "libpango-1.0.so.0", "libpangoft2-1.0.so.0"):
        (broken / name).write_text("not a library", encoding="utf-8")
    env = _env(LD_LIBRARY_PATH=str(broken))
    index = str(fixture_index.index_dir)
    out = tmp_path / "pack.pdf"
    done = _kmhub(
        "pack", "--cases", IDS, "--format", "pdf", "--out", str(out), "--index", index, env=env
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "WeasyPrint could not" not in done.stdout
    assert "apt-get install -y libpango-1.0-0 libpangoft2-1.0-0" in done.stderr
    assert "สร้าง PDF ไม่ได้" in done.stderr and "HTML" in done.stderr and "DOCX" in done.stderr
    assert not out.exists()
    for fmt in ("html", "docx"):
        target = tmp_path / f"pack.{fmt}"
        made = _kmhub(
            "pack", "--cases", IDS, "--format", fmt, "--out", str(target), "--index", index, env=env
        )
        assert made.returncode == 0, made.stderr
        assert target.stat().st_size > 5000


def test_html_pack_carries_the_font_and_allows_only_it(fixture_index: Settings) -> None:
    index = open_index(fixture_index.index_dir)
    rendered = render(
        build_pack(index, IDS.split(",")), "html", handout_environment(Settings().web_dir)
    )
    html = rendered.content.decode("utf-8")
    assert html.count("@font-face") == 2 and "data:font/ttf;base64," in html
    assert "file:" not in html and "http://" not in html.split("<body>")[0]
    assert len(rendered.content) < 400_000


def test_served_pdf_without_pango_is_a_503_that_says_how_to_install(
    fixture_index: Settings, tmp_path: Path
) -> None:
    import httpx

    from tests.server_support import serve_process

    broken = tmp_path / "no-pango"
    broken.mkdir()
    for name in ("libgobject-2.0.so.0", "libpango-1.0.so.0", "libpangoft2-1.0.so.0"):
        (broken / name).write_text("not a library", encoding="utf-8")
    with serve_process(
        fixture_index.cases_dir, fixture_index.index_dir, env={"LD_LIBRARY_PATH": str(broken)}
    ) as served:
        pdf = httpx.get(
            f"{served.base}/api/pack", params={"ids": IDS, "format": "pdf"}, timeout=120
        )
        assert pdf.status_code == 503, pdf.text
        body = pdf.json()
        assert body["error"] == "pdf_unavailable"
        assert "libpango-1.0-0" in body["message_en"] and "DOCX" in body["message_en"]
        assert "สร้าง PDF ไม่ได้" in body["message_th"]
        docx = httpx.get(
            f"{served.base}/api/pack", params={"ids": IDS, "format": "docx"}, timeout=120
        )
        assert docx.status_code == 200 and docx.content[:2] == b"PK"
        html = httpx.get(f"{served.base}/api/pack", params={"ids": IDS}, timeout=120)
        assert html.status_code == 200 and "kmhub Noto Sans Thai" in html.text
