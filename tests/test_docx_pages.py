"""Pages as LibreOffice prints the .docx, at every length (issue 11, acceptance 1 and 2).

A realistic report gets 0 to 40 extra one-line paragraphs in 六, so that its sign-off takes
every position on its page, including the first lines of a new one; all are converted in one
LibreOffice run and every page is read with pdftotext:

- no page holds only its page number (GB/T 9704 7.5: blank pages are not numbered);
- no page holds only 署名 and 成文日期 (7.3.5.5);
- no table row's text lies on two pages (every row cantSplit).

The sign-off itself is measured from ``pdftotext -bbox``: unsealed, the date starts two
characters right of the 署名 (7.3.5.2); sealed, the date is 右空四字 and the 署名 centred over
it (7.3.5.1).

Slow: one LibreOffice conversion of about fifty documents.  Skipped without LibreOffice or
poppler-utils.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from office import OFFICE, convert

from forms.model import Paragraph
from forms.render import RenderOptions
from forms.render.context import build_context
from forms.render.docx import render_docx
from forms.render.page import A4_GBT9704
from tests.draft_factory import full_report

pytestmark = pytest.mark.slow

TOOLS = all(shutil.which(t) for t in ("pdftotext", "pdfinfo"))
EXTRA = range(41)
SIGNATURE = "某某县某某镇人民政府"
DATE = dt.date(2026, 1, 20)
#: one 字 of the sign-off (3号), and the right edge of the 版心, in PDF points
CHAR = 16.0
RIGHT_EDGE = float((A4_GBT9704.width - A4_GBT9704.right) * 72 / 254 * 10)
TOLERANCE = 0.35
NUMBER = re.compile(r"—\s*\d+\s*—")


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _report(extra: int, format_id: str = "gov2021", signature: str = SIGNATURE):
    draft = full_report(format_id)
    draft.meta.signature = signature
    draft.meta.date = DATE
    other = draft.sections[-1]
    other.before = list(other.before) + [Paragraph(f"第{n + 1}项补充说明。") for n in range(extra)]
    return draft


CASES = {
    **{f"gov2021-{n:02d}": (_report(n), False) for n in EXTRA},
    # the legacy format ends with its 统计表 attachment (a table, then the body's last paragraph)
    **{f"legacy-{n:02d}": (_report(n, "legacy"), False) for n in (0, 7, 14, 21)},
    "sign-long": (_report(0), False),
    "sign-short": (_report(0, signature="某镇"), False),
    "seal-long": (_report(0), True),
    "seal-short": (_report(0, signature="某镇"), True),
}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    if OFFICE is None or not TOOLS:
        pytest.skip("LibreOffice (libreoffice/soffice) or poppler-utils (pdftotext, pdfinfo) not installed")
    out = tmp_path_factory.mktemp("pages")
    paths = []
    for name, (draft, seal) in CASES.items():
        path = out / f"{name}.docx"
        path.write_bytes(render_docx(draft, RenderOptions(seal=seal)))
        paths.append(str(path))
    done = convert([Path(p) for p in paths], "pdf", out)
    assert done.returncode == 0, done.stderr
    return {name: out / f"{name}.pdf" for name in CASES}


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def _words(pdf: Path) -> list[list[tuple[float, float, float, str]]]:
    """Per page: (xMin, yMin, xMax, text) of every word."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for body in re.findall(r"<page [^>]*>(.*?)</page>", xml, re.S):
        words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', body)
        pages.append([(float(x0), float(y0), float(x1), w) for x0, y0, x1, w in words])
    return pages


def _row_texts(draft) -> list[str]:
    """The texts of table cells that belong to one row only (a cell down many rows may span pages)."""
    context = build_context(draft, RenderOptions())
    tables = [s["table"] for s in context["sections"] if s["table"] is not None]
    if context["attachment"] is not None:
        tables.append(context["attachment"]["table"])
    texts = set()
    for table in tables:
        for row in table["rows"]:
            for cell in row:
                text = _compact(cell["text"])
                if cell["rowspan"] == 1 and len(text) >= 6:
                    texts.add(text)
    return sorted(texts)


@pytest.mark.parametrize("name", [n for n in CASES if not n.startswith(("sign-", "seal-"))])
def test_no_page_is_blank_or_only_the_sign_off_and_no_row_is_split(pdfs, name):
    draft, _seal = CASES[name]
    pages = [_compact(NUMBER.sub("", p)) for p in _pages(pdfs[name])]
    assert len(pages) >= 3
    signoff = _compact(SIGNATURE) + "2026年1月20日"
    for number, text in enumerate(pages, start=1):
        assert text, f"page {number} prints only its number"
        assert text != signoff and text.replace("2026年1月20日", "") != "", f"page {number}: only 署名 and 成文日期"
    whole = "".join(pages)
    for text in _row_texts(draft):
        if text in whole:  # pdftotext reads the cells of a row in order; a wrapped cell may not be
            assert any(text in page for page in pages), f"{text} lies on two pages"


def test_the_sign_off_takes_every_line_of_a_page(pdfs):
    """The extra paragraphs move the sign-off through a whole page: the test above saw it everywhere."""
    places = set()
    for n in EXTRA:
        pages = _words(pdfs[f"gov2021-{n:02d}"])
        for index, words in enumerate(pages):
            ys = [y for _x0, y, _x1, w in words if w == SIGNATURE]
            if ys:
                places.add((len(pages) - index, round(ys[0])))
    lines = {y for _page, y in places}
    assert len(lines) >= 15, sorted(places)


def _signoff(pdf: Path) -> tuple[tuple[float, float], tuple[float, float]]:
    """(xMin, xMax) of the 署名 line and of the date line on the page that carries them."""
    for words in _words(pdf):
        sig = [w for w in words if w[3] in (SIGNATURE, "某镇")]
        if not sig:
            continue
        sig_y = sig[-1][1]
        below = sorted({round(w[1], 1) for w in words if w[1] > sig_y + 5})
        date_y = below[0]
        date = [w for w in words if round(w[1], 1) == date_y]
        assert _compact("".join(w[3] for w in date)) == "2026年1月20日"
        return (sig[-1][0], sig[-1][2]), (min(w[0] for w in date), max(w[2] for w in date))
    raise AssertionError("no 署名 in the PDF")


@pytest.mark.parametrize("name", ["sign-long", "sign-short"])
def test_unsealed_date_starts_two_characters_right_of_the_signature(pdfs, name):
    (s0, s1), (d0, d1) = _signoff(pdfs[name])
    assert abs((d0 - s0) / CHAR - 2) <= TOLERANCE, (s0, d0)
    # 右空二字: the longer line of the two ends two characters inside the 版心
    assert abs((RIGHT_EDGE - max(s1, d1)) / CHAR - 2) <= TOLERANCE, (s1, d1, RIGHT_EDGE)


@pytest.mark.parametrize("name", ["seal-long", "seal-short"])
def test_sealed_date_stands_four_characters_in_and_the_signature_centred_over_it(pdfs, name):
    (s0, s1), (d0, d1) = _signoff(pdfs[name])
    assert abs((RIGHT_EDGE - d1) / CHAR - 4) <= TOLERANCE, (d1, RIGHT_EDGE)
    assert abs(((s0 + s1) / 2 - (d0 + d1) / 2) / CHAR) <= TOLERANCE, (s0, s1, d0, d1)
