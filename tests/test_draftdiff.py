"""What a recovery would change, in lines the clerk reads before choosing to recover."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

import pytest

from forms.draftdiff import differences, table_name
from forms.draftjson import from_dict, to_dict
from forms.model import Acknowledgement, Paragraph, SectionText
from forms.values import Amount, Invalid
from tests.draft_factory import full_report, make

CELL = "apply.new_received.natural"


def section_title(draft, key):
    return draft.fmt.section(key).title


def test_the_same_content_has_no_differences():
    draft = full_report("gov2021")
    assert differences(draft, draft) == []
    assert differences(draft, from_dict(to_dict(draft))) == []  # a copy read back from its document


@pytest.mark.parametrize("format_id", ["gov2021", "gov2019", "legacy"])
def test_every_format_reads_its_own_full_report_back_unchanged(format_id):
    draft = full_report(format_id)
    assert differences(copy.deepcopy(draft), draft) == []


def test_a_changed_cell_is_named_by_the_format_with_both_values():
    old = make()
    old.set_value(CELL, 5)
    new = copy.deepcopy(old)
    new.set_value(CELL, 8)
    fmt = old.fmt
    table = table_name(fmt, "apply")
    assert table == section_title(old, "apply")  # the section the table stands in
    assert differences(old, new) == [f"表格“{table}”：“{fmt.cell_name(CELL)}” 5 → 8"]


def test_a_blank_cell_prints_as_blank_never_as_zero():
    old, new = make(), make()
    new.set_value(CELL, 3)
    [line] = differences(old, new)
    assert line.endswith("（空白） → 3")
    [line] = differences(new, old)
    assert line.endswith("3 → （空白）")
    new.set_value(CELL, 0)
    [line] = differences(old, new)
    assert line.endswith("（空白） → 0")


def test_values_print_as_the_report_prints_them():
    old, new = make("gov2019"), make("gov2019")
    money = next(c for c in old.fmt.tables["active"].cells.values() if c.type == "amount_unit")
    old.set_value(money.id, Amount(Decimal("359.30"), "万元"))
    new.set_value(money.id, Invalid("约三百万"))
    [line] = differences(old, new)
    assert line.endswith("359.3万元 → 约三百万")


def test_cells_are_listed_in_the_order_of_the_table():
    old, new = make(), make()
    cells = list(old.fmt.tables["apply"].cells)[:3]
    for i, cid in enumerate(reversed(cells)):
        new.set_value(cid, i + 1)
    lines = differences(old, new)
    assert [old.fmt.cell_name(c) in line for c, line in zip(cells, lines, strict=True)] == [True] * 3


def test_a_changed_text_names_its_section():
    old = make()
    new = copy.deepcopy(old)
    new.section("problems").before = [Paragraph("存在的问题。")]
    assert differences(old, new) == [f"“{section_title(old, 'problems')}”的文字有改动"]
    old.section("problems").before = [Paragraph("（一）问题")]
    new = copy.deepcopy(old)
    new.section("problems").before = [Paragraph("（一）问题", 2)]  # the same words made a heading
    assert differences(old, new) == [f"“{section_title(old, 'problems')}”的文字有改动"]


def test_basic_details_title_and_preface():
    old = make()
    new = copy.deepcopy(old)
    new.meta.date = dt.date(2026, 1, 5)
    new.meta.org = "另一个镇人民政府"
    new.meta.contact.phone = "0533-1234567"
    new.title = "自拟标题"
    new.preface = [Paragraph("自己写的前言。")]
    lines = differences(old, new)
    assert "基本信息：成文日期 （空白） → 2026年1月5日" in lines
    assert f"基本信息：机关名称 {old.meta.org} → 另一个镇人民政府" in lines
    assert "基本信息：电话 （空白） → 0533-1234567" in lines
    assert f"报告标题 “{old.effective_title()}” → “自拟标题”" in lines
    assert "前言的文字有改动" in lines
    assert len(lines) == 5


def test_switches_last_year_and_acknowledgements_are_mentioned():
    old = make()
    new = copy.deepcopy(old)
    new.table("apply").entered_totals = True
    new.last_year.texts["overview"] = "去年的总体情况。"
    new.acknowledgements.append(Acknowledgement("A2", (CELL,), "3", "已核实"))
    lines = differences(old, new)
    table = table_name(old.fmt, "apply")
    assert lines == [
        f"表格“{table}”的合计改为手工填写",
        "“上年数据”有改动",
        "已确认的检查提示有改动（0 条 → 1 条）",
    ]


def test_legacy_sections_added_removed_and_retitled():
    old = make("legacy")
    new = copy.deepcopy(old)
    fees = new.section("fees")
    new.sections.remove(fees)
    new.section("other").title = "七、其他事项"
    new.sections.append(SectionText(key="extra-1", title="八、新加的章节", before=[Paragraph("内容")]))
    new.table("stats").included = not old.table("stats").included
    lines = differences(old, new)
    assert f"章节标题 “{section_title(old, 'other')}” → “七、其他事项”" in lines
    assert "新增章节“八、新加的章节”" in lines
    assert f"删去了章节“{section_title(old, 'fees')}”" in lines
    assert any(line.startswith(f"表格“{table_name(old.fmt, 'stats')}”改为") for line in lines)
    assert table_name(old.fmt, "stats") == old.fmt.attachment["label"]


def test_beyond_the_limit_the_rest_is_counted():
    old, new = make(), make()
    cells = [c.id for c in old.fmt.tables["apply"].entered_cells()][:20]
    for cid in cells:
        new.set_value(cid, 1)
    lines = differences(old, new)
    assert len(lines) == 13 and lines[-1] == "另有 8 处改动"
    assert all("→" in line for line in lines[:12])
    assert differences(old, new, limit=20) == differences(old, new, limit=100)
    assert len(differences(old, new, limit=20)) == 20
    assert differences(old, new, limit=3)[-1] == "另有 17 处改动"


def test_another_format_is_said_first_and_cells_are_not_compared():
    old = make("gov2019", year=2020)
    new = make("gov2021", year=2020)
    new.set_value(CELL, 4)
    lines = differences(old, new)
    assert lines == [f"报告格式不同：{old.fmt.name} → {new.fmt.name}"]
