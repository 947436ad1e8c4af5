"""How long rendering a full report takes (SPEC §7: .docx, .txt and .html together under 0.5 s).

Run with ``pytest tests/test_bench_render.py --benchmark-enable`` to get figures; without it each
benchmark runs once as a plain test.  Figures are recorded in docs/performance.md.
"""

from __future__ import annotations

import importlib.util

import pytest
from draft_factory import full_report

from forms.model import Draft, Paragraph
from forms.render import RenderOptions, render_html, render_txt

HAS_DOCX = importlib.util.find_spec("forms.render.docx") is not None


def full_gov2021() -> Draft:
    """A gov2021 report with a figure in every entered cell and about 3,000 characters of text."""
    draft = full_report("gov2021")
    for table in draft.fmt.tables.values():
        for i, vc in enumerate(table.entered_cells()):
            if vc.type in ("count", "signed_count"):
                draft.set_value(vc.id, i % 9 + 1)
    for sec in draft.sections:
        sec.after = [Paragraph(p.text * 3, p.level) for p in sec.before]
    return draft


def test_full_report_is_full():
    draft = full_gov2021()
    text = render_txt(draft)
    assert len(text) > 3000
    assert text.count("\t") > 300  # every cell of the three tables


def test_bench_render_txt(benchmark):
    draft = full_gov2021()
    text = benchmark(render_txt, draft, RenderOptions())
    assert text.startswith(draft.effective_title())


def test_bench_render_html(benchmark):
    draft = full_gov2021()
    html = benchmark(render_html, draft, RenderOptions())
    assert html.count("<table") == 3


@pytest.mark.skipif(not HAS_DOCX, reason="the Word renderer (forms/render/docx.py) has not landed")
def test_bench_render_all_three(benchmark):
    from forms.render import render_docx

    draft = full_gov2021()
    options = RenderOptions()

    def all_three():
        return render_docx(draft, options), render_txt(draft, options), render_html(draft, options, full_page=True)

    docx, txt, html = benchmark(all_three)
    assert docx[:2] == b"PK" and txt and html


@pytest.mark.skipif(not HAS_DOCX, reason="the Word renderer (forms/render/docx.py) has not landed")
def test_bench_render_all_three_from_a_county_folder(benchmark):
    """A clerk's own folder: each template runs under the time limit (trace function), HTML and Word checked."""
    from pathlib import Path

    from forms.render import render_docx
    from forms.render.html import render_html_with_warnings

    draft = full_gov2021()
    options = RenderOptions(template_dir=Path(__file__).resolve().parent / "fixtures" / "county_templates")
    assert render_html_with_warnings(draft, options)[1] == []  # checked once (cached): only filling is timed

    def all_three():
        return render_docx(draft, options), render_txt(draft, options), render_html(draft, options, full_page=True)

    docx, txt, html = benchmark(all_three)
    assert "某某县人民政府办公室" in txt and "某某县人民政府办公室" in html and docx[:2] == b"PK"
