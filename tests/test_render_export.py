"""Writing report files: atomic, with Chinese messages; and the ``render`` command around it."""

from __future__ import annotations

import errno
import importlib.util
import os
import stat
from pathlib import Path

import pytest
from draft_factory import full_report

from forms.cli import main
from forms.draftfile import load_draft, save_draft
from forms.render import ExportError, RenderOptions, export, render_html, render_txt

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_004 = next((ROOT / "forms" / "examples").glob("004-*.nianbao"))


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_export_writes_each_requested_file(tmp_path):
    draft = load_draft(EXAMPLE_004)
    targets = {"txt": tmp_path / "报告.txt", "html": tmp_path / "报告.html"}
    result = export(draft, targets, RenderOptions(encoding="gb18030", newline="lf"))
    assert result.written == [targets["txt"], targets["html"]]
    assert result.warnings == []
    assert targets["txt"].read_bytes() == render_txt(draft).encode("gb18030")
    assert targets["html"].read_text(encoding="utf-8") == render_html(draft, full_page=True)
    assert _files(tmp_path) == ["报告.html", "报告.txt"]  # no temporary file left


def test_export_default_is_utf8_with_crlf(tmp_path):
    draft = load_draft(EXAMPLE_004)
    export(draft, {"txt": tmp_path / "r.txt"})
    data = (tmp_path / "r.txt").read_bytes()
    assert data == render_txt(draft).replace("\n", "\r\n").encode("utf-8")


def test_missing_folder(tmp_path):
    target = tmp_path / "没有的文件夹" / "r.txt"
    with pytest.raises(ExportError) as info:
        export(full_report(), {"txt": target})
    message = str(info.value)
    assert "没有的文件夹" in message and "不存在" in message
    assert not target.parent.exists()


def test_read_only_target_is_left_alone(tmp_path):
    target = tmp_path / "r.txt"
    target.write_bytes(b"old")
    target.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        with pytest.raises(ExportError, match="只读"):
            export(full_report(), {"txt": target})
        assert target.read_bytes() == b"old"
        assert _files(tmp_path) == ["r.txt"]
    finally:
        target.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_file_open_in_word_gives_a_retry_message_and_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "r.txt"
    target.write_bytes(b"old")

    def refuse(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(ExportError) as info:
        export(full_report(), {"txt": target})
    message = str(info.value)
    assert "Word" in message and "WPS" in message and "关闭" in message and "重试" in message
    assert target.read_bytes() == b"old"
    assert _files(tmp_path) == ["r.txt"]


def test_disk_full(tmp_path, monkeypatch):
    def full(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(ExportError, match="磁盘空间不足"):
        export(full_report(), {"html": tmp_path / "r.html"})
    assert _files(tmp_path) == []


def test_a_later_failure_names_the_files_already_written(tmp_path):
    ok = tmp_path / "r.txt"
    bad = tmp_path / "missing" / "r.html"
    with pytest.raises(ExportError) as info:
        export(full_report(), {"txt": ok, "html": bad})
    assert ok.is_file() and str(ok) in str(info.value)


def test_two_outputs_to_one_file_are_refused(tmp_path):
    with pytest.raises(ExportError, match="同一个文件"):
        export(full_report(), {"txt": tmp_path / "r", "html": tmp_path / "r"})
    assert _files(tmp_path) == []


# --- the render command ---------------------------------------------------------------------


def _a1_error_draft(tmp_path: Path) -> Path:
    draft = load_draft(EXAMPLE_004)
    draft.set_value("apply.new_received.natural", 5)  # 一 + 二 no longer equals （七） + 四
    path = tmp_path / "a1.nianbao"
    save_draft(draft, path)
    return path


def test_render_refuses_a_draft_with_errors_and_writes_nothing(tmp_path, capsys):
    draft = _a1_error_draft(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    code = main(["render", str(draft), "--txt", str(out / "r.txt"), "--html", str(out / "r.html")])
    err = capsys.readouterr().err
    assert code == 1
    assert _files(out) == []
    assert "A1" in err and "--allow-errors" in err and "Traceback" not in err


def test_render_with_allow_errors_writes_the_report(tmp_path, capsys):
    draft = _a1_error_draft(tmp_path)
    txt = tmp_path / "r.txt"
    code = main(["render", str(draft), "--txt", str(txt), "--allow-errors", "--encoding", "gb18030", "--newline", "lf"])
    err = capsys.readouterr().err
    assert code == 0
    assert txt.read_bytes() == render_txt(load_draft(draft)).encode("gb18030")
    assert str(txt) in err and "错误" in err


def test_render_of_a_clean_draft(tmp_path, capsys):
    html = tmp_path / "r.html"
    assert main(["render", str(EXAMPLE_004), "--html", str(html)]) == 0
    assert html.read_text(encoding="utf-8") == render_html(load_draft(EXAMPLE_004), full_page=True)
    assert "已生成" in capsys.readouterr().err


def test_render_without_outputs_or_with_a_bad_draft(tmp_path, capsys):
    assert main(["render", str(EXAMPLE_004)]) == 2
    assert "--txt" in capsys.readouterr().err
    bad = tmp_path / "bad.nianbao"
    bad.write_text("{ not json", encoding="utf-8")
    assert main(["render", str(bad), "--txt", str(tmp_path / "r.txt")]) == 2
    err = capsys.readouterr().err
    assert err.strip() and "Traceback" not in err
    assert not (tmp_path / "r.txt").exists()


def test_render_that_cannot_write_exits_2_with_the_message(tmp_path, capsys):
    target = tmp_path / "nowhere" / "r.txt"
    assert main(["render", str(EXAMPLE_004), "--txt", str(target)]) == 2
    err = capsys.readouterr().err
    assert "不存在" in err and "Traceback" not in err


@pytest.mark.skipif(importlib.util.find_spec("forms.render.docx") is None, reason="the Word renderer has not landed")
def test_render_docx_warns_about_missing_fonts(tmp_path, capsys, monkeypatch):
    import forms.render

    monkeypatch.setattr(forms.render, "missing_fonts", lambda options: ["方正小标宋简体", "仿宋_GB2312"])
    docx = tmp_path / "r.docx"
    assert main(["render", str(EXAMPLE_004), "--docx", str(docx)]) == 0
    assert docx.read_bytes()[:2] == b"PK"
    err = capsys.readouterr().err
    assert "方正小标宋简体、仿宋_GB2312" in err and "警告" in err


def test_the_fragment_and_the_full_page_are_two_files(tmp_path):
    from forms.render.export import file_name

    draft = full_report("gov2021")
    names = {kind: tmp_path / file_name("年报", kind) for kind in ("html", "html_fragment")}
    assert names["html"].name == "年报.html" and names["html_fragment"].name == "年报（网页片段）.html"
    export(draft, names)
    page = names["html"].read_text("utf-8")
    fragment = names["html_fragment"].read_text("utf-8")
    assert page.lstrip().startswith("<!DOCTYPE html>") and "<head>" in page
    assert "<html" not in fragment and "<head>" not in fragment and "<style>" not in fragment
    # what the page's style sheet says, the fragment says on its elements
    assert "font-family:黑体" in fragment and "font-family:方正小标宋简体" in fragment


def test_seal_without_a_signature_is_explained_in_the_warnings(tmp_path):

    draft = full_report("gov2021")
    draft.meta.signature = ""
    result = export(draft, {"docx": tmp_path / "a.docx"}, RenderOptions(seal=True))
    assert any("没有填写署名" in w for w in result.warnings)
    assert not export(draft, {"docx": tmp_path / "b.docx"}, RenderOptions()).warnings
