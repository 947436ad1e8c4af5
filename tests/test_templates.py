"""Templates: built-in ones ask only for declared variables; a clerk's broken folder falls back with a message."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from draft_factory import full_report
from jinja2 import meta

from forms.render import RenderOptions, export, render_html, render_txt
from forms.render import templates as tpl
from forms.render.html import HTML_FILTERS, render_html_with_warnings
from forms.render.text import TXT_FILTERS, render_txt_with_warnings
from forms.schema import format_ids, load_format

FORMATS = format_ids()
JINJA_KINDS = {"txt": TXT_FILTERS, "html": HTML_FILTERS}


def test_formats_declare_the_context_keys():
    from forms.render import build_context

    for fid in FORMATS:
        ctx = build_context(full_report(fid), RenderOptions())
        assert set(load_format(fid).template_variables) == set(ctx)


@pytest.mark.parametrize("format_id", FORMATS)
@pytest.mark.parametrize("kind", ["txt", "html"])
def test_builtin_jinja_templates_use_only_declared_variables(format_id, kind):
    path = tpl.builtin_template(format_id, kind)
    env = tpl.make_env(kind, path.parent, JINJA_KINDS[kind])
    undeclared = meta.find_undeclared_variables(env.parse(path.read_text(encoding="utf-8")))
    assert undeclared  # the check below is about something
    assert undeclared <= set(load_format(format_id).template_variables)
    assert tpl.template_problems(path, kind, format_id, JINJA_KINDS[kind]) == []


DOCX_TEMPLATES = [fid for fid in FORMATS if (tpl.builtin_dir() / fid / "report.docx").is_file()]


@pytest.mark.parametrize("format_id", DOCX_TEMPLATES)
def test_builtin_word_templates_use_only_declared_variables(format_id):
    path = tpl.builtin_template(format_id, "docx")
    assert tpl.template_problems(path, "docx", format_id) == []


def _user_folder(tmp_path: Path, format_id: str) -> Path:
    """A copy of the built-in templates of one format, as a clerk's own folder."""
    folder = tmp_path / "own"
    shutil.copytree(tpl.builtin_dir() / format_id, folder / format_id)
    return folder


def test_a_template_using_an_undeclared_variable_fails_the_check(tmp_path):
    folder = _user_folder(tmp_path, "gov2021")
    path = folder / "gov2021" / "report.txt.j2"
    path.write_text(path.read_text(encoding="utf-8") + "{{ secret_key }}\n", encoding="utf-8")
    problems = tpl.template_problems(path, "txt", "gov2021", TXT_FILTERS)
    assert len(problems) == 1 and "secret_key" in problems[0]


def test_a_user_template_is_used_when_it_is_sound(tmp_path):
    folder = _user_folder(tmp_path, "gov2021")
    path = folder / "gov2021" / "report.txt.j2"
    path.write_text(path.read_text(encoding="utf-8") + "县里的版式\n", encoding="utf-8")
    draft = full_report("gov2021")
    text, warnings = render_txt_with_warnings(draft, RenderOptions(template_dir=folder))
    assert warnings == []
    assert text == render_txt(draft) + "县里的版式\n"


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("{% for s in sections %}{{ s.title }\n", "语法"),  # does not parse
        ("{{ title | no_such_filter }}\n", "语法"),  # unknown filter
        ("{{ title }}{{ password }}\n", "password"),  # undeclared variable
        ("{{ sections.nothing_here }}\n", "填充时出错"),  # fails only when filled
        ("{{ title.__class__.__mro__ }}\n", "填充时出错"),  # the sandbox keeps Python out of reach
        ("{{ title.format.__globals__ }}\n", "填充时出错"),
    ],
)
def test_a_broken_user_template_falls_back_with_a_message(tmp_path, source, reason):
    folder = _user_folder(tmp_path, "gov2021")
    (folder / "gov2021" / "report.txt.j2").write_text(source, encoding="utf-8")
    draft = full_report("gov2021")
    text, warnings = render_txt_with_warnings(draft, RenderOptions(template_dir=folder))
    assert text == render_txt(draft)  # the built-in template's report
    assert len(warnings) == 1
    assert "已改用内置模板" in warnings[0] and reason in warnings[0]


def test_a_user_html_template_needs_the_report_block(tmp_path):
    folder = _user_folder(tmp_path, "gov2021")
    (folder / "gov2021" / "report.html.j2").write_text("<p>{{ title }}</p>\n", encoding="utf-8")
    draft = full_report("gov2021")
    html, warnings = render_html_with_warnings(draft, RenderOptions(template_dir=folder))
    assert html == render_html(draft)
    assert len(warnings) == 1 and "block report" in warnings[0]  # {{ title }} alone is allowed


def test_missing_folder_or_file_falls_back_and_says_so(tmp_path):
    draft = full_report("gov2021")
    _text, warnings = render_txt_with_warnings(draft, RenderOptions(template_dir=tmp_path / "nowhere"))
    assert len(warnings) == 1 and "不存在" in warnings[0]
    folder = _user_folder(tmp_path, "gov2019")  # a folder for another format only
    _text, warnings = render_txt_with_warnings(draft, RenderOptions(template_dir=folder))
    assert len(warnings) == 1 and "report.txt.j2" in warnings[0]


def test_export_reports_the_fallback_warnings(tmp_path):
    folder = _user_folder(tmp_path, "gov2021")
    (folder / "gov2021" / "report.txt.j2").write_text("{{ nope }}", encoding="utf-8")
    draft = full_report("gov2021")
    out = tmp_path / "out"
    out.mkdir()
    result = export(draft, {"txt": out / "r.txt", "html": out / "r.html"}, RenderOptions(template_dir=folder))
    assert len(result.warnings) == 1 and "nope" in result.warnings[0]
    assert (out / "r.txt").read_bytes().decode("utf-8").replace("\r\n", "\n") == render_txt(draft)


def test_a_changed_user_template_is_checked_again(tmp_path):
    folder = _user_folder(tmp_path, "gov2021")
    path = folder / "gov2021" / "report.txt.j2"
    draft = full_report("gov2021")
    options = RenderOptions(template_dir=folder)
    assert render_txt_with_warnings(draft, options)[1] == []
    path.write_text("{{ broken", encoding="utf-8")
    assert len(render_txt_with_warnings(draft, options)[1]) == 1


def test_check_template_folder_lists_every_problem(tmp_path):
    folder = _user_folder(tmp_path, "gov2021")
    assert tpl.check_template_folder(folder) == []
    (folder / "gov2021" / "report.html.j2").write_text("{{ x }}", encoding="utf-8")
    problems = tpl.check_template_folder(folder)
    assert len(problems) == 2  # the undeclared x, and the missing block report
    assert all(p.startswith("gov2021/report.html.j2") for p in problems)
    assert tpl.check_template_folder(tmp_path / "empty-and-missing")
    (tmp_path / "empty").mkdir()
    assert "子文件夹" in tpl.check_template_folder(tmp_path / "empty")[0]


def test_a_damaged_word_template_is_a_problem_not_a_crash(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(b"not a zip file")
    problems = tpl.template_problems(path, "docx", "gov2021")
    assert len(problems) == 1 and ".docx" in problems[0]


def test_builtin_folder_is_found_next_to_the_package_or_in_the_bundle(tmp_path, monkeypatch):
    assert (tpl.builtin_dir() / "gov2021" / "report.txt.j2").is_file()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert tpl.builtin_dir() == tmp_path / "templates"
    tpl.set_builtin_dir(tmp_path / "elsewhere")
    try:
        assert tpl.builtin_dir() == tmp_path / "elsewhere"
    finally:
        tpl.set_builtin_dir(None)


def test_a_missing_builtin_template_is_a_clear_error(tmp_path):
    from forms.render import ExportError

    tpl.set_builtin_dir(tmp_path)
    try:
        with pytest.raises(tpl.TemplateMissingError, match="重新安装"):
            render_txt(full_report("gov2021"))
        with pytest.raises(ExportError, match="重新安装"):
            export(full_report("gov2021"), {"txt": tmp_path / "r.txt"})
        assert not (tmp_path / "r.txt").exists()
    finally:
        tpl.set_builtin_dir(None)


# --- a county's own folder, and what every template may see -----------------------------------

COUNTY = Path(__file__).resolve().parent / "fixtures" / "county_templates"


def test_a_county_template_folder_with_letterhead_and_other_fonts_works(tmp_path):
    from docx import Document

    from forms.render.fonts import template_fonts

    assert tpl.check_template_folder(COUNTY) == []
    draft = full_report("gov2021")
    targets = {kind: tmp_path / f"r.{kind}" for kind in ("docx", "txt", "html")}
    result = export(draft, targets, RenderOptions(template_dir=COUNTY))
    assert result.warnings == []
    doc = Document(str(targets["docx"]))
    assert doc.paragraphs[0].text == "某某县人民政府办公室"  # the letterhead, above the title
    assert doc.paragraphs[1].text.replace("\n", "") == draft.effective_title()
    assert len(doc.tables) == 3  # the tables still land where the template puts them
    fonts = template_fonts(targets["docx"])
    assert "仿宋" in fonts and "华文中宋" in fonts and "仿宋_GB2312" not in fonts
    page = targets["html"].read_text(encoding="utf-8")
    assert "某某县人民政府办公室" in page and 'src="data:image/png;base64,' in page
    text = targets["txt"].read_bytes().decode("utf-8").replace("\r\n", "\n")
    assert text.splitlines()[1] == "某某县人民政府办公室"
    assert text.replace("某某县人民政府办公室\n", "", 1) == render_txt(draft)


@pytest.mark.parametrize("format_id", FORMATS)
def test_the_builtin_web_pages_pass_the_allow_list(format_id):
    from forms.render.htmlcheck import html_problems

    draft = full_report(format_id)
    assert html_problems(render_html(draft, full_page=True)) == []
    assert html_problems(render_html(draft)) == []


def _plain(value) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or type(value) in (str, int, bool)


@pytest.mark.parametrize("format_id", FORMATS)
def test_the_context_is_plain_data(format_id):
    from forms.render import build_context

    assert _plain(build_context(full_report(format_id), RenderOptions()))


def test_a_user_template_may_include_and_import_its_own_files(tmp_path):
    folder = _user_folder(tmp_path, "gov2021")
    fmt = folder / "gov2021"
    (fmt / "parts").mkdir()
    (fmt / "parts" / "head.j2").write_text("县里的抬头：{{ org }}\n", encoding="utf-8")
    (fmt / "macros.j2").write_text("{% macro shout(t) %}【{{ t }}】{% endmacro %}", encoding="utf-8")
    source = (fmt / "report.txt.j2").read_text(encoding="utf-8")
    head = "{% import 'macros.j2' as m %}{% include 'parts/head.j2' %}{{ m.shout(year) }}\n"
    (fmt / "report.txt.j2").write_text(head + source, encoding="utf-8")
    draft = full_report("gov2021")
    text, warnings = render_txt_with_warnings(draft, RenderOptions(template_dir=folder))
    assert warnings == []
    # the built-in template starts with {#- …: its comment swallows the line break before it
    assert text == f"县里的抬头：{draft.meta.org}\n【{draft.meta.year}】" + render_txt(draft)


def test_a_refused_template_is_named_in_the_folder_check_and_at_export(tmp_path):
    folder = _user_folder(tmp_path, "gov2021")
    path = folder / "gov2021" / "report.html.j2"
    path.write_text(path.read_text(encoding="utf-8").replace("</h1>", "</h1><script>x()</script>"), encoding="utf-8")
    problems = tpl.check_template_folder(folder)
    assert len(problems) == 1 and "<script>" in problems[0] and "模板第" in problems[0]
    result = export(full_report("gov2021"), {"html": tmp_path / "r.html"}, RenderOptions(template_dir=folder))
    assert len(result.warnings) == 1 and "<script>" in result.warnings[0] and "已改用内置模板" in result.warnings[0]
    assert "<script>" not in (tmp_path / "r.html").read_text(encoding="utf-8")
