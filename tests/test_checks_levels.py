"""The levels of SPEC §2 and the rules each triggers (forms/levels.json), and the fixes of
warnings that were wrong on real reports: G8 before 2019, P7 on a zero amount, P3 on 万元 with
many decimals, G4 on a 成文日期 equal to the period's end."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from draft_factory import full_report

from forms.catalog import LEVELS
from forms.checks import check
from forms.draftfile import load_draft, save_draft
from forms.levels import LEVELS_FILE, level, triggers
from forms.model import Paragraph
from forms.values import Amount

SPEC_LEVELS = [
    "乡镇",
    "街道",
    "县级人民政府",
    "县级政府部门",
    "设区的市级人民政府",
    "设区的市级政府部门",
    "省级人民政府（办公厅）",
    "省级政府部门",
    "开发区/新区/综合实验区管委会",
    "其他",
]
OLD_LEVELS = ["乡镇", "街道", "县级人民政府", "县级政府部门", "其他"]


def by_rule(draft, rule):
    return [f for f in check(draft) if f.rule == rule]


def test_the_levels_are_spec_s_and_their_rules_are_data_beside_them():
    assert list(LEVELS) == SPEC_LEVELS
    data = json.loads(LEVELS_FILE.read_text(encoding="utf-8"))
    assert [d["name"] for d in data["levels"]] == SPEC_LEVELS
    for d in data["levels"]:
        assert set(d["triggers"]) <= {"G8", "P5", "P3"}, d["name"]


@pytest.mark.parametrize("name", OLD_LEVELS)
def test_a_draft_with_an_old_level_name_still_loads(tmp_path, name):
    draft = full_report("gov2021", level=name)
    path = tmp_path / "old.nianbao"
    save_draft(draft, path)
    assert load_draft(path).meta.level == name


def test_a_short_spelling_of_a_level_loads_as_the_level(tmp_path):
    path = tmp_path / "renamed.nianbao"
    save_draft(full_report("gov2021"), path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["meta"]["level"] = "开发区管委会"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert load_draft(path).meta.level == "开发区/新区/综合实验区管委会"


@pytest.mark.parametrize("name", ["设区的市级人民政府", "省级人民政府（办公厅）"])
def test_city_and_province_governments_are_governments(name):
    draft = full_report("gov2021", level=name)
    draft.section("overview").before = [Paragraph("本年度政务公开工作稳步推进。")]
    assert [f.rule for f in by_rule(draft, "G8")] == ["G8"]  # 条例第五十条 applies to 各级人民政府
    draft.meta.date = dt.date(draft.meta.year + 1, 3, 20)
    assert by_rule(draft, "G5") == []  # due by 3月31日 like the county government


@pytest.mark.parametrize("name", ["设区的市级政府部门", "省级政府部门", "开发区/新区/综合实验区管委会"])
def test_departments_and_zones_are_not_asked_for_article_50_and_are_due_in_january(name):
    draft = full_report("gov2021", level=name)
    draft.section("overview").before = [Paragraph("本年度政务公开工作稳步推进。")]
    assert by_rule(draft, "G8") == []
    draft.meta.date = dt.date(draft.meta.year + 1, 3, 20)
    assert [f.rule for f in by_rule(draft, "G5")] == ["G5"]


def test_a_development_zone_has_no_power_to_make_regulations():
    draft = full_report("gov2021", level="开发区/新区/综合实验区管委会")
    draft.set_value("active.rules.in_force", 2)
    assert [f.rule for f in by_rule(draft, "P5")] == ["P5"]
    draft.meta.level = "设区的市级人民政府"  # 设区的市 governments make 规章
    assert by_rule(draft, "P5") == []


def test_p3_threshold_grows_with_the_level():
    limits = [Decimal(str(triggers(n, "P3")["limit"])) for n in ("乡镇", "县级政府部门", "省级政府部门")]
    assert limits == sorted(limits) and len(set(limits)) == 3
    draft = full_report("gov2021", level="省级政府部门")
    draft.set_value("active.fees.amount", Decimal(500000))
    assert by_rule(draft, "P3") == []
    draft.meta.level = "乡镇"
    assert [f.rule for f in by_rule(draft, "P3")] == ["P3"]


def test_an_unknown_level_reads_as_other():
    assert level("不存在的层级") == level("其他")


# --- warnings that were wrong ---------------------------------------------------------------


def test_g8_is_silent_for_reports_under_the_2007_regulations():
    draft = full_report("legacy", level="乡镇")  # a 2017 report: no 第五十条 yet
    draft.section(draft.sections[0].key).before = [Paragraph("本年度政府信息公开工作有序开展。")]
    assert by_rule(draft, "G8") == []
    draft = full_report("gov2019", level="乡镇")
    draft.section("overview").before = [Paragraph("本年度政府信息公开工作有序开展。")]
    assert [f.rule for f in by_rule(draft, "G8")] == ["G8"]


def test_p7_is_silent_on_a_zero_amount_without_unit():
    draft = full_report("gov2019")
    draft.set_value("active.procurement.amount", Amount(Decimal(0), None))
    assert by_rule(draft, "P7") == []
    draft.set_value("active.procurement.amount", Amount(Decimal("12.5"), None))
    assert [f.rule for f in by_rule(draft, "P7")] == ["P7"]


def test_p3_is_silent_on_wan_yuan_with_more_decimals_than_yuan_have():
    # a 县级政府部门 printing 158394.123456 万元: six decimals cannot be 元 (分 is the second)
    draft = full_report("gov2021", level="县级政府部门")
    draft.set_value("active.fees.amount", Decimal("158394.123456"))
    assert by_rule(draft, "P3") == []
    draft.set_value("active.fees.amount", Decimal("158394.12"))
    assert [f.rule for f in by_rule(draft, "P3")] == ["P3"]


def test_g4_does_not_say_before_for_a_date_on_the_period_s_last_day():
    draft = full_report("gov2021")
    draft.meta.date = dt.date(draft.meta.year, 12, 31)
    [f] = by_rule(draft, "G4")
    assert "早于" not in f.message and "就是" in f.message
    draft.meta.date = dt.date(draft.meta.year, 12, 30)
    [f] = by_rule(draft, "G4")
    assert "早于" in f.message


def test_draft_format_doc_lists_every_level_with_its_rules():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "draft-format.md").read_text(encoding="utf-8")
    for name in LEVELS:
        lv = level(name)
        row = next(line for line in doc.splitlines() if line.startswith(f"| `{name}` |"))
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[1] == ("yes" if "G8" in lv.triggers else "—"), name
        assert cells[2] == ("yes" if "P5" in lv.triggers else "—"), name
        assert cells[3] == str(lv.triggers["P3"]["limit"]), name
        assert cells[4] == f"{lv.deadline[0]}月{lv.deadline[1]}日", name


def test_main_new_offers_the_levels(tmp_path, capsys):
    from forms.cli import main

    out = tmp_path / "zone.nianbao"
    code = main(
        [
            "new",
            "-o",
            str(out),
            "--org",
            "某某经济开发区管委会",
            "--year",
            "2023",
            "--level",
            "开发区/新区/综合实验区管委会",
        ]
    )
    assert code == 0
    assert load_draft(out).meta.level == "开发区/新区/综合实验区管委会"
    assert main(["new", "-o", str(tmp_path / "x.nianbao"), "--org", "x", "--year", "2023", "--level", "村委会"]) == 2
    assert "设区的市级人民政府" in capsys.readouterr().err
