"""import-news: seed pages and synthetic pages become valid drafts; bad input fails cleanly."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kmhub.cases.body import render_html
from kmhub.cases.fields import ID_PATTERN
from kmhub.cases.files import Case, read_case_file
from kmhub.news.clean import clean_page
from kmhub.news.draft import case_id
from kmhub.news.extract import find_organizations, find_province
from kmhub.news.importer import ImportResult, import_page, run_import
from kmhub.text import places

NEWS = Path(__file__).parent / "fixtures" / "news"
ROOT = Path(__file__).resolve().parents[1]
# Page furniture that must never reach a draft's body.
JUNK = ["A- A A+", "SIGPLUS", "Image source", "{gallery", "gallery}", "Error", "ข้อผิดพลาด",
        "คะแนนโหวต", "บทความที่น่าสนใจ", "บทความยอดนิยม", "ฟังวิทยุออนไลน์", "image",
        "เขียนข่าว", "ถ่ายภาพ :", "S 2", "F5CE88A3", "ข่าว :", "ภาพ :", "×"]  # fmt: skip


def imported(path: Path, out: Path) -> tuple[ImportResult, Case]:
    result = import_page(path.read_bytes(), str(path), out)
    assert result.error is None, result.error
    assert result.path is not None and result.path.parent == out
    checked = read_case_file(result.path)
    assert not [p for p in checked.problems if p.is_error], checked.problems
    assert checked.case is not None and checked.case.status == "draft"
    return result, checked.case


def assert_clean_body(case: Case) -> None:
    for junk in JUNK:
        assert junk not in case.body, junk
    assert case.section("results") is not None and case.section("lessons") is not None
    assert "_ให้ผู้เรียบเรียงเติม" in case.section("lessons").markdown  # a prompt, not invented lessons


SEEDS = [
    ("000_f44166692f68afbd.txt", dt.date(2021, 2, 23), "พระนครศรีอยุธยา"),
    ("001_a1df8ca72c0ec0c8.txt", dt.date(2021, 2, 23), "พระนครศรีอยุธยา"),
    ("002_eac84d096f1496e8.txt", dt.date(2020, 11, 13), "สุราษฎร์ธานี"),
    ("003_5aac8c6db5e163ab.txt", dt.date(2023, 1, 19), "หนองคาย"),
    ("004_658083437dbf4f3d.txt", dt.date(2022, 2, 18), "อุดรธานี"),
]


@pytest.mark.parametrize(("name", "date", "province"), SEEDS)
def test_seed_page_imports_to_a_valid_draft(
    seeds_dir: Path, tmp_path: Path, name: str, date: dt.date, province: str
) -> None:
    _, case = imported(seeds_dir / name, tmp_path)
    assert (case.date, case.province) == (date, province)
    assert_clean_body(case)
    assert case.sources[0].title.startswith(name)
    assert case.sources[0].published == date.isoformat()
    assert "ศูนย์คุณธรรม (องค์การมหาชน)" in case.organizations
    assert case.id.startswith(case_id(province, date))


def test_all_seeds_in_one_run_never_overwrite(seeds_dir: Path, tmp_path: Path) -> None:
    lines: list[str] = []
    code = run_import(
        [str(p) for p in sorted(seeds_dir.iterdir())], tmp_path, lines.append, lines.append
    )
    assert code == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    # 000 and 001 report the same day in the same province: the second gets a suffix, and says so.
    assert "phra-nakhon-si-ayutthaya-2021-02-23-news.md" in names
    assert "phra-nakhon-si-ayutthaya-2021-02-23-news-2.md" in names
    assert len(names) == 5
    assert any("ใช้ id ใหม่" in line and "already exists" in line for line in lines)


def test_synthetic_page_with_junk_thai_digits_and_plan_period(tmp_path: Path) -> None:
    result, case = imported(NEWS / "nan-temple-community.txt", tmp_path)
    assert case.id == "nan-2023-03-05-news"
    assert case.date == dt.date(2023, 3, 5)  # from Thai digits, not from the plan period 2566-2570
    assert case.province == "น่าน"  # the headline's province, not แพร่ mentioned in passing
    assert case.level == "community"
    assert {"religion", "civil-society", "education-youth"} <= set(case.networks)
    assert "วัดดอนแก้ว" in case.organizations
    assert case.date_note == ""
    assert_clean_body(case)
    # Every sentence of the article survives, the plan period included.
    for sentence in [
        "จัดกิจกรรมตักบาตรข้าวเหนียวและเดินเก็บขยะรอบหมู่บ้าน",
        "ตามแผนปฏิบัติการด้านการส่งเสริมคุณธรรม พ.ศ. 2566-2570 ของจังหวัด",
        "ผู้ใหญ่บ้านเล่าว่าชุมชนเริ่มจากครอบครัวไม่กี่หลัง แล้วชวนกันมาเรื่อย ๆ",
        "ปีนี้มีคณะศึกษาดูงานจากจังหวัดแพร่มาเรียนรู้ด้วย",
        "ภายในงานมีผู้เข้าร่วมกิจกรรมรวมจำนวน ๑๒๐ คน",
    ]:
        assert sentence in case.body
    assert case.title.startswith("ชุมชนบ้านดอนแก้ว จังหวัดน่าน")
    # Credits are source metadata, not body text.
    assert "สมใจ ใจดี" in case.sources[0].title and "มานะ รักถิ่น" in case.sources[0].title
    assert "สมใจ" not in case.body
    assert result.findings is not None and result.findings.participants == (120, "รวมจำนวน 120 คน")
    assert "เจ้าอาวาสวัดดอนแก้ว (ประธาน)" in result.findings.roles
    assert "พระครูสุนทรธรรมวงศ์ เจ้าอาวาส" not in "".join(result.findings.roles)


def test_synthetic_company_page_with_boxes_and_url(tmp_path: Path) -> None:
    result, case = imported(NEWS / "chonburi-company-abbr.txt", tmp_path)
    assert (case.date, case.province, case.level) == (dt.date(2022, 9, 7), "ชลบุรี", "organization")
    assert {"business", "government"} <= set(case.networks)
    assert case.organizations[:2] == ["บริษัท ทะเลใส ขนส่ง จำกัด", "สำนักงานวัฒนธรรมจังหวัดชลบุรี"]
    assert case.sources[0].url == "https://example.org/news/chonburi-2565-09"
    assert "ข่าวอื่นที่ไม่เกี่ยวกับเรื่องนี้" not in case.body  # the related-articles box is gone
    assert set(case.virtues) == {"ซื่อสัตย์", "รับผิดชอบ"}
    assert result.findings is not None and result.findings.participants == (85, "กว่า 85 คน")
    assert_clean_body(case)


def test_html_page_keeps_article_and_drops_script_and_navigation(tmp_path: Path) -> None:
    _, case = imported(NEWS / "khonkaen-university.html", tmp_path)
    assert (case.date, case.province) == (dt.date(2021, 12, 12), "ขอนแก่น")
    assert case.title == "นักศึกษามหาวิทยาลัยขอนแก่นจัดค่ายจิตอาสาซ่อมโรงเรียน"
    assert "education-youth" in case.networks
    assert "มหาวิทยาลัยขอนแก่น" in case.organizations
    assert case.sources[0].url == "https://example.org/kku/volunteer-camp"
    for gone in ("var hits", "color: red", "หน้าแรก", "สงวนลิขสิทธิ์"):
        assert gone not in case.body
    assert "เด็ก ๆ \\& ครู" in case.body  # entity decoded, then escaped as literal Markdown


def test_unsure_date_is_noted_in_the_draft(tmp_path: Path) -> None:
    result, case = imported(NEWS / "surin-two-dates.txt", tmp_path)
    assert (case.date, case.province, case.level) == (dt.date(2024, 2, 14), "สุรินทร์", "district")
    assert "2024-01-20" in case.date_note
    assert "media" in case.networks and "government" in case.networks
    assert any("2024-01-20" in check.english for check in result.checks)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "the file is empty"),
        (b"  \n\n ", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ((NEWS / "english-only.txt").read_bytes(), "no Thai article text"),
        ((NEWS / "no-date-plan.txt").read_bytes(), "no event date"),
        ("ข่าวประชาสัมพันธ์ทั่วไป วันที่ 3 มีนาคม 2566 มีการประชุมเรื่องงบประมาณ".encode(), "no province"),
    ],
)
def test_bad_input_gives_a_clear_reason_and_no_file(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    result = import_page(content, "page.txt", tmp_path)
    assert result.path is None and result.error is not None
    assert reason in result.error.english and result.error.thai
    assert list(tmp_path.iterdir()) == []


def test_existing_case_file_is_never_overwritten(tmp_path: Path) -> None:
    taken = tmp_path / "nan-2023-03-05-news.md"
    taken.write_text("someone's work\n", encoding="utf-8")
    (tmp_path / "2566").mkdir()
    (tmp_path / "2566" / "nan-2023-03-05-news-2.md").write_text("another id\n", encoding="utf-8")
    result, case = imported(NEWS / "nan-temple-community.txt", tmp_path)
    assert case.id == "nan-2023-03-05-news-3"  # ids are unique across subfolders too
    assert taken.read_text(encoding="utf-8") == "someone's work\n"
    assert "nan-2023-03-05-news-3" in str(result.checks[0])


def test_article_markup_is_escaped_not_rendered(tmp_path: Path) -> None:
    page = (
        "วันที่ 9 ส.ค. 2565 โรงเรียนบ้านนาจังหวัดสกลนคร จัดกิจกรรม <img src=x onerror=alert(1)> "
        "[คลิก](javascript:alert(1)) และ *เน้น* ร่วมกับชุมชน\n\n# ไม่ใช่หัวข้อ\n- ไม่ใช่รายการ"
    )
    result = import_page(page.encode(), "page.txt", tmp_path)
    assert result.path is not None, result.error
    case = read_case_file(result.path).case
    assert case is not None and case.province == "สกลนคร"
    html = render_html(case.section("context").markdown + "\n\n" + case.section("actions").markdown)
    assert "<img" not in html and "&lt;img src=x" in html  # shown as text, never as markup
    assert "<a " not in html and "<em>" not in html
    assert "<h1>" not in html and "ไม่ใช่หัวข้อ" in html


def test_province_of_the_headline_outweighs_provinces_named_later() -> None:
    lead = "ชุมชนบ้านนา จ.น่าน จัดกิจกรรม"
    rest = "คณะดูงานจากจังหวัดแพร่ จังหวัดแพร่ และเชียงใหม่ มาเรียนรู้ เผยแพร่ผลงาน"
    guess = find_province(lead, rest)
    assert guess is not None and guess.name == "น่าน" and guess.runner_up == "แพร่"
    assert guess.uncertain  # 6 against 6: a person must choose
    barely = find_province("ชุมชนจัดงานบุญ", "แล้วไปดูงานที่เชียงใหม่")
    assert barely is not None and barely.name == "เชียงใหม่" and barely.uncertain
    assert find_province("ชุมชนจัดงานบุญ", "เผยแพร่ผลงานเลย") is None  # แพร่, เลย: words, not provinces


def test_organization_names_stop_where_the_sentence_goes_on() -> None:
    text = (
        "โรงเรียนบ้านนาจังหวัดสกลนครจัดงาน ร่วมกับวัดป่าสามัคคีและมูลนิธิในพื้นที่ "
        "บริษัท ข้าวดี ไทย จำกัด (มหาชน) และ สวจ.อยุธยา ใช้ตัวชี้วัดผล"
    )
    assert find_organizations(text) == [
        "โรงเรียนบ้านนา",
        "วัดป่าสามัคคี",
        "บริษัท ข้าวดี ไทย จำกัด (มหาชน)",
        "สำนักงานวัฒนธรรมจังหวัดพระนครศรีอยุธยา",
    ]


def test_clean_page_joins_wraps_and_reads_every_credit() -> None:
    page = (
        "A- A A+\nพาดหัวข่าวสั้น ๆ\n\nวันที่ 1 มีนาคม 2566 บรรทัดที่ถูกตัด\nกลางประโยค\n"
        "{youtube}abc{/youtube}\n"
        "ข่าว : ก ใจดี      ภาพ : ข ใจงาม / ฝ่ายภาพ   บรรณาธิการข่าว : ค ใจเย็น\n"
        "คะแนนโหวต :\nข่าวอื่นท้ายหน้า\n"
    )
    article = clean_page(page)
    assert article.headline == "พาดหัวข่าวสั้น ๆ"
    assert article.paragraphs == ["วันที่ 1 มีนาคม 2566 บรรทัดที่ถูกตัด กลางประโยค"]
    assert [(c.role, c.name, c.affiliation) for c in article.credits] == [
        ("ข่าว", "ก ใจดี", ""),
        ("ภาพ", "ข ใจงาม", "ฝ่ายภาพ"),
        ("บรรณาธิการข่าว", "ค ใจเย็น", ""),
    ]


def test_tis620_page_is_read(tmp_path: Path) -> None:
    text = (NEWS / "nan-temple-community.txt").read_text(encoding="utf-8")
    raw = text.replace("×", "x").encode("cp874")  # TIS-620 has no multiplication sign
    result = import_page(raw, "nan.txt", tmp_path)
    assert result.event is not None and result.event.date == dt.date(2023, 3, 5)
    assert result.path is not None


@pytest.mark.parametrize("province", sorted(places.provinces()))
def test_every_province_gives_a_valid_id(province: str) -> None:
    assert ID_PATTERN.match(case_id(province, dt.date(2021, 2, 23)))


def test_case_id_example() -> None:
    assert (
        case_id("พระนครศรีอยุธยา", dt.date(2021, 2, 23)) == "phra-nakhon-si-ayutthaya-2021-02-23-news"
    )


def _kmhub(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "kmhub", *args],
        input=stdin,
        capture_output=True,
        env=env,
        timeout=300,
    )


def test_cli_imports_good_files_and_exits_nonzero_for_bad_ones(tmp_path: Path) -> None:
    out = tmp_path / "drafts"
    run = _kmhub(
        "import-news", str(NEWS / "no-date-plan.txt"), str(NEWS / "surin-two-dates.txt"),
        str(tmp_path / "missing.txt"), "--out", str(out),
    )  # fmt: skip
    stdout, stderr = run.stdout.decode(), run.stderr.decode()
    assert run.returncode == 1
    assert [p.name for p in out.iterdir()] == ["surin-2024-02-14-news.md"]
    assert "จังหวัด / province: สุรินทร์ (Surin)" in stdout and "ต้องตรวจ / to check:" in stdout
    assert "no event date" in stderr and "ไม่พบวันที่" in stderr
    assert "cannot read the file" in stderr and "Traceback" not in stderr


def test_cli_reads_standard_input(tmp_path: Path) -> None:
    run = _kmhub(
        "import-news",
        "-",
        "--out",
        str(tmp_path),
        stdin=(NEWS / "nan-temple-community.txt").read_bytes(),
    )
    assert run.returncode == 0, run.stderr.decode()
    case = read_case_file(tmp_path / "nan-2023-03-05-news.md").case
    assert case is not None and case.sources[0].title.startswith("ข้อมูลจาก stdin")
