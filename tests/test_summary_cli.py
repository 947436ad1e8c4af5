"""``main.py summary`` and ``main.py package`` (SPEC §6), in process and in a subprocess without Qt."""

from __future__ import annotations

import subprocess
import sys

import pytest
from summary_county import make_county, unit_draft
from test_cli import CJK, ROOT, run

from forms.draftfile import load_draft, save_draft
from forms.summary.package import read_package
from forms.summary.roster import save_roster


def test_summary_writes_the_draft_the_own_draft_and_the_workbook(tmp_path, capsys):
    import openpyxl

    county = make_county(tmp_path / "units")
    roster = tmp_path / "县.roster.json"
    save_roster(county.roster, roster)
    out, own, xlsx = tmp_path / "全县.nianbao", tmp_path / "本级.nianbao", tmp_path / "全县.xlsx"
    code, _out, err = run(
        [
            "summary",
            county.folder,
            "-o",
            out,
            "--own",
            own,
            "--xlsx",
            xlsx,
            "--roster",
            roster,
            "--org",
            "某某县人民政府",
        ],
        capsys,
    )
    assert code == 0, err
    whole, mine = load_draft(out), load_draft(own)
    assert whole.meta.org == "某某县人民政府" and whole.meta.year == 2023
    natural = "apply.new_received.natural"
    units = list(county.summed.values())
    assert whole.value(natural) == sum(d.value(natural) for d in units)
    assert mine.value(natural) == sum(d.value(natural) for d in units if d.meta.level not in ("乡镇", "街道"))
    for name in county.left_out:
        assert name in err
    assert "未报送：县卫生健康局" in err
    assert openpyxl.load_workbook(xlsx).sheetnames[0] == "单位"


def test_summary_with_nothing_to_sum_says_so(tmp_path, capsys):
    (tmp_path / "a.docx").write_bytes(b"PK\x03\x04")
    code, _out, err = run(["summary", tmp_path, "-o", tmp_path / "s.nianbao"], capsys)
    assert code == 2
    assert "没有可以汇总" in err and "损坏" in err  # the importer's reason for the broken .docx
    assert not (tmp_path / "s.nianbao").exists()


def test_summary_refuses_a_bad_roster(tmp_path, capsys):
    save_draft(unit_draft("甲镇人民政府", "乡镇", 1), tmp_path / "a.nianbao")
    (tmp_path / "r.txt").write_text("甲镇人民政府\t省级\n", encoding="utf-8")
    code, _out, err = run(
        ["summary", tmp_path / "a.nianbao", "-o", tmp_path / "s.nianbao", "--roster", tmp_path / "r.txt"], capsys
    )
    assert code == 2 and "层级" in err


def test_package_subcommand(tmp_path, capsys):
    draft = unit_draft("甲镇人民政府", "乡镇", 1)
    save_draft(draft, tmp_path / "甲镇.nianbao")
    code, _out, err = run(["package", tmp_path / "甲镇.nianbao", "-o", tmp_path / "甲镇.zip"], capsys)
    assert code == 0, err
    assert read_package(tmp_path / "甲镇.zip").draft.meta.org == "甲镇人民政府"
    code, _out, err = run(["package", tmp_path / "missing.nianbao", "-o", tmp_path / "x.zip"], capsys)
    assert code == 2 and CJK.search(err)


@pytest.mark.slow
def test_summary_runs_without_qt(tmp_path):
    save_draft(unit_draft("甲镇人民政府", "乡镇", 1), tmp_path / "a.nianbao")
    code = (
        "import sys\n"
        "from forms.cli import main\n"
        f"rc = main(['summary', {str(tmp_path)!r}, '-o', {str(tmp_path / 's.nianbao')!r},"
        f" '--xlsx', {str(tmp_path / 's.xlsx')!r}])\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "assert rc == 0 and not bad, (rc, bad)\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
    done = subprocess.run([sys.executable, "main.py", "summary", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0 and "汇总" in done.stdout
