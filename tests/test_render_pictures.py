"""A picture block prints in the .docx (fitted to the 版心, centred, caption below), the .html and the .txt."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from forms.draftfile import load_draft
from forms.pictures import make_picture
from forms.render import render_docx, render_html, render_txt
from forms.render.htmlcheck import html_problems
from forms.render.pictures import fitted_size, marker

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "pictures"


def _with_picture(kind: str = "png"):
    draft = load_draft(ROOT / "forms" / "examples" / "004-boshan-2020.nianbao")
    data = (FIXTURES / f"small.{'jpg' if kind == 'jpeg' else kind}").read_bytes()
    sec = draft.section("apply")
    sec.pictures.append(make_picture(data, "图1 依申请公开办理结果", place="after", anchor=1))
    return draft, sec.pictures[0]


def test_txt_prints_the_caption_after_the_paragraph_it_follows():
    draft, _pic = _with_picture()
    text = render_txt(draft)
    first_after = draft.section("apply").after[0].text
    assert f"{first_after}\n[图] 图1 依申请公开办理结果\n" in text
    assert "NIANBAOPICTURE" not in text


@pytest.mark.parametrize("full_page", [False, True])
def test_html_embeds_the_picture_and_passes_the_allow_list(full_page):
    draft, pic = _with_picture()
    page = render_html(draft, full_page=full_page)
    assert f'src="{pic.data_uri()}"' in page
    assert marker(pic) not in page
    assert "图1 依申请公开办理结果" in page
    assert html_problems(page) == []


@pytest.mark.parametrize("kind", ["png", "jpeg", "bmp"])
def test_docx_holds_the_picture_centred_with_its_caption_below(kind):
    draft, pic = _with_picture(kind)
    doc = docx.Document(io.BytesIO(render_docx(draft)))
    shapes = doc.inline_shapes
    assert len(shapes) == 1
    paras = doc.paragraphs
    at = next(i for i, p in enumerate(paras) if p._p.xpath(".//pic:pic"))
    assert paras[at].alignment == 1  # centred
    assert paras[at + 1].text == "图1 依申请公开办理结果"
    assert paras[at + 1].style.style_id == "Caption"
    assert paras[at - 1].text == draft.section("apply").after[0].text
    blob = shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    assert doc.part.related_parts[blob].blob == pic.data
    assert not any("NIANBAOPICTURE" in p.text for p in paras)


def test_a_wide_picture_is_shrunk_to_the_156_mm_text_width_and_a_small_one_kept():
    mm = 36_000
    assert fitted_size(300 * mm, 100 * mm) == (156 * mm, 52 * mm)
    assert fitted_size(40 * mm, 30 * mm) == (40 * mm, 30 * mm)
    w, h = fitted_size(100 * mm, 400 * mm)
    assert h == 200 * mm and w == 50 * mm


def test_sections_without_pictures_render_as_before():
    draft = load_draft(ROOT / "forms" / "examples" / "004-boshan-2020.nianbao")
    assert "[图]" not in render_txt(draft)
    assert "<img" not in render_html(draft)


def test_example_000_carries_its_statistics_chart_and_prints_it_everywhere():
    draft = load_draft(ROOT / "forms" / "examples" / "000-boshan-2017.nianbao")
    (pic,) = draft.pictures()
    committed = (ROOT / "forms" / "examples" / "charts" / "000-active-channels.png").read_bytes()
    assert pic.data == committed and pic.kind == "png"
    assert pic.caption == "2017年度主动公开统计图"
    assert "[图] 2017年度主动公开统计图" in render_txt(draft)
    assert pic.data_uri() in render_html(draft)
    doc = docx.Document(io.BytesIO(render_docx(draft)))
    (shape,) = doc.inline_shapes
    assert shape.width <= 156 * 36_000
    paras = [p.text for p in doc.paragraphs]
    assert paras[paras.index("2017年度主动公开统计图") - 1] == ""  # the picture's own paragraph, then its caption


def test_the_chart_script_reads_example_000s_figures_from_its_text():
    import make_example_charts

    (chart,) = make_example_charts.charts().values()
    assert [(b.label, b.value) for b in chart.bars] == [("政府网站", 116), ("微博微信", 150), ("新闻媒体", 277)]
