"""预览 with the clerk's own template folder: a refused template is said, never silently replaced."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_refused_html_template_is_named_in_the_preview(open_window, tmp_path):
    folder = tmp_path / "模板"
    shutil.copytree(ROOT / "templates" / "gov2021", folder / "gov2021")
    page = folder / "gov2021" / "report.html.j2"
    page.write_text(page.read_text(encoding="utf-8").replace("<body>", "<body><script>alert(1)</script>", 1), "utf-8")
    window = open_window(("预览测试镇人民政府", "乡镇", 2024, "gov2021"))
    window.settings.set_template_dir(folder)
    window.shell.go_to("preview")
    preview = window.shell.pages["preview"]
    preview.render()
    assert preview.template_note.isVisibleTo(window)
    assert "script" in preview.template_note.text() and "内置" in preview.template_note.text()
    assert "alert(1)" not in preview.browser.toHtml()
    assert "预览测试镇人民政府" in preview.browser.toPlainText()


def test_the_county_template_is_used_without_a_note(open_window):
    window = open_window(("预览测试镇人民政府", "乡镇", 2024, "gov2021"))
    window.settings.set_template_dir(ROOT / "tests" / "fixtures" / "county_templates")
    window.shell.go_to("preview")
    preview = window.shell.pages["preview"]
    preview.render()
    assert not preview.template_note.isVisibleTo(window)
