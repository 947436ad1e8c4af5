"""The Word reports as LibreOffice prints them: Chinese fonts (never a Japanese fallback), page
counts, page numbers on the outer side.

Slow: one LibreOffice conversion of all the examples (a few seconds).  Skipped where LibreOffice
or poppler-utils are not installed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from office import OFFICE, convert

from forms.draftjson import from_dict
from forms.render import RenderOptions
from forms.render.docx import render_docx
from tests.draft_factory import full_report

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "forms" / "examples"
TOOLS = all(shutil.which(t) for t in ("pdffonts", "pdfinfo", "pdftotext"))

#: page counts as LibreOffice lays the examples out with the Noto CJK fallback fonts (4, 8, 9, 5
#: and 4 pages), with one page of slack either way for other fonts and versions
PAGES = {"000": (3, 5), "001": (7, 9), "002": (8, 10), "003": (4, 6), "004": (3, 5), "full": (3, 5)}
#: families able to print Chinese (the Noto CJK collection names every face "…CJKjp" in its CFF
#: table, so the face cannot be told from the PDF; a Japanese-only fallback can)
CJK = re.compile(
    r"NotoS(ans|erif)CJK|SourceHan|Sim(Sun|Hei|Kai|Fang)|FangSong|KaiTi|FZ|WenQuanYi|DroidSansFallback|AR ?PL"
)
LATIN = re.compile(r"Liberation|DejaVu|TimesNewRoman|Times|Arial|OpenSymbol")
JAPANESE = re.compile(r"Mincho|MS-?Gothic|IPA|Takao|VL-?Gothic|Meiryo|Yu(Gothic|Mincho)|HiraKaku|HiraMin", re.I)


def _drafts():
    drafts = {path.name[:3]: from_dict(json.loads(path.read_text("utf-8"))) for path in EXAMPLES.glob("*.nianbao")}
    drafts["full"] = full_report("gov2021")
    return drafts


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    if OFFICE is None or not TOOLS:
        pytest.skip("LibreOffice (libreoffice/soffice) or poppler-utils (pdffonts, pdfinfo, pdftotext) not installed")
    out = tmp_path_factory.mktemp("pdf")
    docx = []
    for name, draft in _drafts().items():
        path = out / f"{name}.docx"
        path.write_bytes(render_docx(draft, RenderOptions()))
        docx.append(str(path))
    done = convert([Path(p) for p in docx], "pdf", out)
    assert done.returncode == 0, done.stderr
    return {Path(p).stem: Path(p).with_suffix(".pdf") for p in docx}


def _fonts(pdf: Path) -> list[str]:
    lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
    return [line.split()[0].split("+", 1)[-1] for line in lines[2:] if line.strip()]


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


@pytest.mark.parametrize("name", sorted(PAGES))
def test_chinese_text_is_set_in_chinese_fonts(pdfs, name):
    fonts = _fonts(pdfs[name])
    assert any(CJK.search(f) for f in fonts), fonts
    assert not [f for f in fonts if JAPANESE.search(f)]
    assert not [f for f in fonts if not (CJK.search(f) or LATIN.search(f))], fonts


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_count(pdfs, name):
    low, high = PAGES[name]
    assert low <= _pages(pdfs[name]) <= high


def test_page_numbers_sit_right_on_odd_and_left_on_even_pages(pdfs):
    pdf = pdfs["full"]
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = re.findall(r"<page width=\"([\d.]+)\".*?</page>", html, re.S)
    bodies = re.findall(r"<page [^>]*>(.*?)</page>", html, re.S)
    assert len(bodies) == _pages(pdf) >= 2
    for number, (width, body) in enumerate(zip(pages, bodies, strict=True), start=1):
        words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>', body)
        x, y, _ = next(w for w in reversed(words) if w[2] == str(number))
        assert float(y) > 0.85 * 842  # below the type area
        if number % 2:
            assert float(x) > float(width) * 0.75
        else:
            assert float(x) < float(width) * 0.25


def test_the_title_and_tables_print(pdfs):
    text = subprocess.run(["pdftotext", str(pdfs["004"]), "-"], capture_output=True, text=True, check=True).stdout
    text = re.sub(r"\s+", "", text)  # pdftotext spaces Latin runs and breaks lines
    assert "博山镇2020年度政府信息公开工作年度报告" in text
    assert "359.3万元" in text and "法人或其他组织" in text and "—1—" in text
