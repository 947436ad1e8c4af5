"""Long titles in the .docx break where GB/T 9704 7.3.1 wants: words whole, lines balanced."""

from __future__ import annotations

import io
import json
from fractions import Fraction
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from forms.draftjson import from_dict
from forms.render import RenderOptions, render_docx
from forms.render.docx import title_lines

ROOT = Path(__file__).resolve().parents[1]
LINE = Fraction(19)  # 2号 characters on a 156 mm line, less the slack for Latin digits


def test_a_title_that_fits_is_left_alone():
    assert title_lines("博山镇2020年政府信息公开工作年度报告", "博山镇", LINE) == "博山镇2020年政府信息公开工作年度报告"


def test_a_long_title_breaks_after_the_organisation():
    title = "某某县某某镇人民政府2025年政府信息公开工作年度报告"
    assert title_lines(title, "某某县某某镇人民政府", LINE) == "某某县某某镇人民政府\n2025年政府信息公开工作年度报告"


def test_an_attachment_title_breaks_after_the_organisation_not_before_the_last_character():
    title = "2017年度中庄镇政府信息公开工作情况统计表"
    assert title_lines(title, "中庄镇", LINE) == "2017年度中庄镇\n政府信息公开工作情况统计表"


def test_a_clerks_own_title_breaks_before_the_year_when_the_organisation_is_not_in_it():
    title = "中共某某县委某某工作委员会办公室2025年政府信息公开工作年度报告"
    assert title_lines(title, "某某镇", LINE) == "中共某某县委某某工作委员会办公室\n2025年政府信息公开工作年度报告"


def test_no_break_that_leaves_a_line_too_long_and_a_typed_break_is_kept():
    title = "某" * 25 + "2025年" + "报" * 25
    assert title_lines(title, "", LINE) == title
    assert title_lines("甲\n乙" * 20, "", LINE) == "甲\n乙" * 20


def paragraph_lines(doc, style_name):
    out = []
    for p in doc.paragraphs:
        if p.style.name == style_name:
            parts, line = [], ""
            for el in p._p.iter():
                if el.tag == qn("w:t"):
                    line += el.text or ""
                elif el.tag == qn("w:br"):
                    parts.append(line)
                    line = ""
            out.append([*parts, line])
    return out


def test_the_example_attachment_title_is_on_two_balanced_lines():
    path = next((ROOT / "forms" / "examples").glob("001-*.nianbao"))
    draft = from_dict(json.loads(path.read_text(encoding="utf-8")))
    doc = Document(io.BytesIO(render_docx(draft, RenderOptions())))
    [lines] = paragraph_lines(doc, "AttachmentTitle") or paragraph_lines(doc, "附件标题")
    assert lines == ["2017年度中庄镇", "政府信息公开工作情况统计表"]
