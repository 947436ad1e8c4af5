"""The command line: ``new`` and ``check`` (and ``render``'s options), in process and without Qt."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from forms.checks import check
from forms.cli import build_parser, main
from forms.draftfile import load_draft, save_draft
from forms.draftjson import SCHEMA_VERSION, to_dict
from forms.model import new_draft
from tests.draft_factory import full_report

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")


def run(argv, capsys):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def draft_2020_file(tmp_path: Path) -> Path:
    d = new_draft("gov2019", "博山镇人民政府", 2020, "街道")
    d.set_value("apply.carried_forward.natural", 2)
    d.set_value("apply.carried_forward.business", 1)
    path = tmp_path / "2020.nianbao"
    save_draft(d, path)
    return path


def bad_files(tmp_path: Path) -> dict[str, Path]:
    good = tmp_path / "good.nianbao"
    save_draft(full_report("gov2021"), good)
    data = good.read_bytes()
    doc = json.loads(data)
    files = {
        "truncated": data[: len(data) * 2 // 3],
        "foreign json": b'{"hello": "world"}',
        "docx": b"PK\x03\x04" + bytes(100),
        "newer": json.dumps(dict(doc, schema_version=SCHEMA_VERSION + 1)).encode(),
        "unknown format": json.dumps(dict(doc, format="gov2099")).encode(),
        "wrong types": json.dumps(dict(doc, meta=dict(doc["meta"], year="二〇二五"))).encode(),
    }
    out = {}
    for name, content in files.items():
        p = tmp_path / f"{name.replace(' ', '_')}.nianbao"
        p.write_bytes(content)
        out[name] = p
    return out


# --- new ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("year", "fid"), [(2025, "gov2021"), (2020, "gov2019"), (2015, "legacy")])
def test_new_makes_an_empty_draft_in_the_format_of_its_year(tmp_path, capsys, year, fid):
    out = tmp_path / "a.nianbao"
    code, _out, err = run(["new", "-o", out, "--org", "博山镇人民政府", "--year", year], capsys)
    assert code == 0 and "已新建草稿" in err
    d = load_draft(out)
    assert (d.format_id, d.meta.year, d.meta.org, d.meta.level) == (fid, year, "博山镇人民政府", "乡镇")
    assert to_dict(d) == to_dict(new_draft(fid, "博山镇人民政府", year))


def test_new_with_level_and_an_explicit_format_that_does_not_fit_the_year_warns(tmp_path, capsys):
    out = tmp_path / "a.nianbao"
    argv = ["new", "-o", out, "--org", "某县", "--year", 2025, "--level", "县级人民政府", "--format", "gov2019"]
    code, _out, err = run(argv, capsys)
    assert code == 0 and "不适用于 2025 年度" in err
    d = load_draft(out)
    assert (d.format_id, d.meta.level) == ("gov2019", "县级人民政府")


def test_new_never_overwrites_an_existing_file(tmp_path, capsys):
    out = tmp_path / "a.nianbao"
    out.write_bytes(b"clerk's work")
    code, _out, err = run(["new", "-o", out, "--org", "某镇", "--year", 2025], capsys)
    assert code == 2 and "已存在" in err
    assert out.read_bytes() == b"clerk's work"


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--org", "某镇"], "--year"),
        (["--year", "2025"], "--org"),
        (["--org", "某镇", "--year", "20x5"], "四位数字"),
        (["--org", "某镇", "--year", "2025", "--level", "省级"], "无效"),
        (["--org", "某镇", "--year", "2025", "--format", "gov2030"], "无效"),
        (["--org", "  ", "--year", "2025"], "不能为空"),
        (["--org", "某镇", "--year", "1999"], "不在 2000–2100 之间"),
        (["--org", "某镇", "--year", "3000"], "不在 2000–2100 之间"),
        (["--org", "某镇", "--year", "2025", "--copy-texts"], "--from"),
    ],
)
def test_new_explains_bad_arguments_in_chinese(tmp_path, capsys, argv, words):
    out = tmp_path / "a.nianbao"
    code, _out, err = run(["new", "-o", out, *argv], capsys)
    assert code == 2
    assert words in err and CJK.search(err)
    assert not out.exists()


def test_new_from_a_2020_draft_starts_2021_in_the_2021_format_with_last_years_figures(tmp_path, capsys):
    last = draft_2020_file(tmp_path)
    last_bytes = last.read_bytes()
    out = tmp_path / "2021.nianbao"
    code, _out, err = run(["new", "-o", out, "--from", last], capsys)
    assert code == 0, err
    d = load_draft(out)
    assert (d.format_id, d.meta.year, d.meta.org, d.meta.level) == ("gov2021", 2021, "博山镇人民政府", "街道")
    assert d.last_year.carried_forward == {"natural": 2, "business": 1, "total": 3}
    assert last.read_bytes() == last_bytes
    # typing this year's 上年结转 differently from last year's 结转 is flagged (A6)
    d.set_value("apply.carried_over.natural", 4)
    assert any(f.rule == "A6" and "last_year.carried_forward.natural" in f.fields for f in check(d))


def test_new_from_with_overrides_and_copied_texts(tmp_path, capsys):
    last = tmp_path / "2021.nianbao"
    src = full_report("gov2021")
    src.meta.year = 2021
    save_draft(src, last)
    out = tmp_path / "2023.nianbao"
    argv = ["new", "-o", out, "--from", last, "--org", "新名称", "--year", 2023, "--level", "其他", "--copy-texts"]
    code, _out, err = run(argv, capsys)
    assert code == 0, err
    d = load_draft(out)
    assert (d.meta.org, d.meta.year, d.meta.level) == ("新名称", 2023, "其他")
    assert d.section("overview").before == src.section("overview").before
    assert d.last_year.texts["overview"] == src.section_text("overview")


def test_new_from_an_unreadable_draft_exits_2_and_leaves_it_alone(tmp_path, capsys):
    for name, path in bad_files(tmp_path).items():
        data = path.read_bytes()
        out = tmp_path / f"next-{path.stem}.nianbao"
        code, _out, err = run(["new", "-o", out, "--from", path], capsys)
        assert code == 2 and CJK.search(err), name
        assert path.read_bytes() == data and not out.exists()


def test_new_into_a_missing_folder_exits_2_with_a_chinese_message(tmp_path, capsys):
    code, _out, err = run(["new", "-o", tmp_path / "无" / "a.nianbao", "--org", "某镇", "--year", 2025], capsys)
    assert code == 2 and "不存在" in err


# --- check -------------------------------------------------------------------------------


def test_check_a_clean_draft_exits_0(tmp_path, capsys):
    path = tmp_path / "ok.nianbao"
    save_draft(full_report("gov2021"), path)
    code, out, _err = run(["check", path], capsys)
    assert code == 0
    assert "没有发现问题" in out


def _draft_with_an_error(tmp_path: Path):
    d = full_report("gov2021")
    d.set_value("apply.new_received.natural", 5)
    path = tmp_path / "bad.nianbao"
    save_draft(d, path)
    return d, path


def test_check_lists_errors_in_chinese_and_exits_1(tmp_path, capsys):
    d, path = _draft_with_an_error(tmp_path)
    code, out, _err = run(["check", path], capsys)
    assert code == 1
    findings = check(d)
    a1 = next(f for f in findings if f.rule == "A1")
    assert f"错误 A1：{a1.message}" in out
    assert d.fmt.cell_name("apply.new_received.natural") in out
    assert f"应为：{a1.expected}" in out and f"实为：{a1.actual}" in out
    g7 = next(f for f in findings if f.rule == "G7")
    assert f"警告 G7：{g7.message}" in out
    assert d.section_title(d.section("overview")) in out.split("警告 G7", 1)[1]
    errors = sum(f.severity == "error" for f in findings)
    assert f"共 {len(findings)} 条：错误 {errors} 条" in out


def test_check_names_the_cells_of_a_total_rule_not_every_cell_behind_the_totals(tmp_path, capsys):
    d, path = _draft_with_an_error(tmp_path)
    a1 = next(f for f in check(d) if f.rule == "A1" and "apply.r_total.natural" in f.cells)
    assert "apply.r_granted.natural" in a1.cells  # the finding lists the entered cells behind （七）总计 …
    _code, out, _err = run(["check", path], capsys)
    block = out.split(f"错误 A1：{a1.message}", 1)[1].split("\n错误", 1)[0].split("\n警告", 1)[0]
    cells_line = next(line for line in block.splitlines() if line.startswith("  单元格："))
    # … but the reader is shown the four cells of the rule
    assert re.findall(r"（(apply\.[a-z_.]+)）", cells_line) == [
        "apply.new_received.natural",
        "apply.carried_over.natural",
        "apply.r_total.natural",
        "apply.carried_forward.natural",
    ]


def test_check_shortens_a_long_list_of_blank_cells(tmp_path, capsys):
    path = tmp_path / "empty.nianbao"
    d = new_draft("gov2021", "某镇", 2025)
    save_draft(d, path)
    t2 = next(f for f in check(d) if f.rule == "T2" and f.cells[0].startswith("apply."))
    _code, out, _err = run(["check", path], capsys)
    assert f"……等 {len(t2.cells)} 个单元格" in out
    assert t2.cells[0] in out and t2.cells[-1] not in out


def test_check_json_lists_every_finding_with_its_fields(tmp_path, capsys):
    d, path = _draft_with_an_error(tmp_path)
    code, out, _err = run(["check", path, "--json"], capsys)
    assert code == 1
    listed = json.loads(out)
    expected = [
        {
            "rule": f.rule,
            "severity": f.severity,
            "message": f.message,
            "cells": list(f.cells),
            "fields": list(f.fields),
            "expected": f.expected,
            "actual": f.actual,
            "note": f.note,
        }
        for f in check(d)
    ]
    assert listed == expected and any(x["severity"] == "error" for x in listed)


def test_check_json_of_a_clean_draft_is_an_empty_list(tmp_path, capsys):
    path = tmp_path / "ok.nianbao"
    save_draft(full_report("gov2019"), path)
    code, out, _err = run(["check", path, "--json"], capsys)
    assert (code, json.loads(out)) == (0, [])


def test_check_shows_an_acknowledged_warning_with_its_note(tmp_path, capsys):
    from forms.model import Acknowledgement

    d = full_report("gov2021")
    d.set_value("active.fees.amount", 251000)  # looks like 元, not 万元 (P3)
    [p3] = [f for f in check(d) if f.rule == "P3"]
    d.acknowledgements.append(Acknowledgement("P3", p3.cells or p3.fields, p3.actual or "", "确为万元"))
    path = tmp_path / "ack.nianbao"
    save_draft(d, path)
    code, out, _err = run(["check", path], capsys)
    assert code == 0 and "确为万元" in out
    code, out, _err = run(["check", path, "--json"], capsys)
    assert next(x for x in json.loads(out) if x["rule"] == "P3")["note"] == "确为万元"


def test_check_of_unreadable_input_exits_2_with_a_chinese_message_and_leaves_the_file(tmp_path, capsys):
    cases = bad_files(tmp_path)
    cases["missing"] = tmp_path / "nope.nianbao"
    for name, path in cases.items():
        data = path.read_bytes() if path.exists() else None
        for extra in ([], ["--json"]):
            code, out, err = run(["check", path, *extra], capsys)
            assert code == 2, name
            assert CJK.search(err) and out == "", name
        assert (path.read_bytes() if path.exists() else None) == data


# --- render options, help ----------------------------------------------------------------


def test_render_accepts_the_options_of_spec_6():
    outputs = ["--docx", "a.docx", "--txt", "a.txt", "--html", "a.html"]
    args = build_parser().parse_args(
        ["render", "a.nianbao", *outputs, "--encoding", "gb18030", "--newline", "lf", "--seal", "--allow-errors"]
    )
    assert (args.command, args.draft, args.docx, args.txt, args.html) == (
        "render",
        "a.nianbao",
        "a.docx",
        "a.txt",
        "a.html",
    )
    assert (args.encoding, args.newline, args.seal, args.allow_errors) == ("gb18030", "lf", True, True)
    defaults = build_parser().parse_args(["render", "a.nianbao"])
    assert (defaults.encoding, defaults.newline, defaults.seal, defaults.allow_errors) == (
        "utf-8",
        "crlf",
        False,
        False,
    )


def test_help_is_chinese(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：main.py") and "新建草稿" in out and "检查草稿" in out
    assert main(["check", "-h"]) == 0
    assert "以 JSON 列表输出检查结果" in capsys.readouterr().out


# --- without Qt --------------------------------------------------------------------------

NO_QT = """
import runpy, sys

class NoQt:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6"):
            raise ImportError("PySide6 is not installed here")
        return None

sys.meta_path.insert(0, NoQt())
sys.argv = ["main.py", *sys.argv[1:]]
runpy.run_path("main.py", run_name="__main__")
"""


def _no_qt(args, tmp_path):
    env = dict(os.environ, NIANBAO_DATA_DIR=str(tmp_path / "data"), PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-c", NO_QT, *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


@pytest.mark.slow
def test_new_and_check_run_where_pyside6_cannot_be_imported(tmp_path):
    blocked = subprocess.run(
        [sys.executable, "-c", NO_QT.replace('runpy.run_path("main.py", run_name="__main__")', "import PySide6")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert blocked.returncode != 0 and "PySide6 is not installed here" in blocked.stderr  # the blocker works
    last = draft_2020_file(tmp_path)
    new = _no_qt(["new", "-o", tmp_path / "2021.nianbao", "--from", last], tmp_path)
    assert new.returncode == 0, new.stderr
    assert "已新建草稿" in new.stderr
    checked = _no_qt(["check", tmp_path / "2021.nianbao", "--json"], tmp_path)
    assert checked.returncode in (0, 1), checked.stderr
    assert isinstance(json.loads(checked.stdout), list)
    human = _no_qt(["check", tmp_path / "2021.nianbao"], tmp_path)
    assert human.returncode == checked.returncode and "共 " in human.stdout
    broken = tmp_path / "broken.nianbao"
    broken.write_bytes((tmp_path / "2021.nianbao").read_bytes()[:100])
    bad = _no_qt(["check", broken], tmp_path)
    assert bad.returncode == 2 and "已损坏" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.slow
def test_check_json_is_utf8_even_on_a_gbk_console(tmp_path):
    path = tmp_path / "a.nianbao"
    save_draft(new_draft("gov2021", "某镇", 2025), path)
    env = dict(os.environ, PYTHONIOENCODING="gbk")
    argv = [sys.executable, "main.py", "check", str(path), "--json"]
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True)
    assert done.returncode == 1
    listed = json.loads(done.stdout.decode("utf-8"))
    assert any(CJK.search(x["message"]) for x in listed)


def test_check_exits_1_on_a_report_with_blank_printed_totals(tmp_path, capsys):
    # a published report reproduced as printed: figures in the rows, 总计 left blank
    from tests.draft_factory import enter_totals

    d = full_report("gov2021")
    d.set_value("apply.r_granted.natural", 3)
    d.set_value("apply.new_received.natural", 3)
    enter_totals(d, "apply")
    for row in ("r_granted", "new_received"):
        d.set_value(f"apply.{row}.total", None)
    path = tmp_path / "blank_totals.nianbao"
    save_draft(d, path)
    code, out, _err = run(["check", path], capsys)
    assert code == 1
    for row in ("r_granted", "new_received"):
        name = d.fmt.cell_name(f"apply.{row}.total")
        assert re.search(rf"错误 A2：“{re.escape(name)}”是空的", out)
    # and render refuses to publish it without --allow-errors
    code, _out, _err = run(["render", path, "--txt", tmp_path / "r.txt"], capsys)
    assert code == 1 and not (tmp_path / "r.txt").exists()


def test_seal_without_signature_says_why_nothing_changed(tmp_path, capsys):
    draft = full_report("gov2021")
    draft.meta.signature = ""
    path = tmp_path / "a.nianbao"
    save_draft(draft, path)
    plain, sealed = tmp_path / "plain.docx", tmp_path / "sealed.docx"
    assert run(["render", str(path), "--docx", str(plain), "--allow-errors"], capsys)[0] == 0
    code, _out, err = run(["render", str(path), "--docx", str(sealed), "--seal", "--allow-errors"], capsys)
    assert code == 0
    assert "没有填写署名" in err and "加盖印章" in err
    draft.meta.signature = "某某镇人民政府"
    save_draft(draft, path)
    assert "没有填写" not in run(["render", str(path), "--docx", str(sealed), "--seal", "--allow-errors"], capsys)[2]
