"""Plausibility of table figures: A5, A7, P2, P3, P5, P7."""

from __future__ import annotations

from decimal import Decimal

from draft_factory import enter_totals, fill_apply, full_report

from forms.checks import check
from forms.model import Paragraph
from forms.values import Amount


def by_rule(draft, rule):
    return [f for f in check(draft) if f.rule == rule]


def test_a5_hints_once_when_partial_disclosures_are_counted():
    draft = full_report("gov2021")
    assert by_rule(draft, "A5") == []
    fill_apply(draft, {"r_partial": {"research": 2}}, {}, {})
    [f] = by_rule(draft, "A5")
    assert f.severity == "hint"
    assert "apply.r_partial.research" in f.cells
    assert all(c.startswith("apply.r_partial.") for c in f.cells)


def test_a7_when_unpaid_fees_are_counted_but_not_explained():
    draft = full_report("gov2021")
    fill_apply(draft, {"r_other_unpaid_fee": {"natural": 1}}, {}, {})
    draft.section("other").before = [Paragraph("本年度没有其他需要报告的事项。")]
    [f] = by_rule(draft, "A7")
    assert f.severity == "warning"
    assert f.fields == ("section.other",)
    assert "apply.r_other_unpaid_fee.total" in f.cells and "apply.r_other_unpaid_fee.natural" in f.cells
    assert f.actual == "1"
    draft.section("other").before = [Paragraph("本年度向1名申请人发出信息处理费收费通知，申请人逾期未缴纳。")]
    assert by_rule(draft, "A7") == []


def test_a7_not_raised_when_the_row_is_zero():
    draft = full_report("gov2021")
    draft.section("other").before = [Paragraph("无。")]
    assert by_rule(draft, "A7") == []


def test_p2_when_items_would_fall_below_zero():
    draft = full_report("gov2019")
    draft.set_value("active.penalty.prev_items", 5)
    draft.set_value("active.penalty.delta", -5)
    assert by_rule(draft, "P2") == []
    draft.set_value("active.penalty.delta", -8)
    [f] = by_rule(draft, "P2")
    assert f.cells == ("active.penalty.prev_items", "active.penalty.delta")
    assert f.actual == "-3" and "-3" in f.message


def test_p3_money_that_looks_like_yuan():
    draft = full_report("gov2021")  # a 乡镇: a government level, limit 1000 万元
    draft.set_value("active.fees.amount", Decimal("999.5"))
    assert by_rule(draft, "P3") == []
    draft.set_value("active.fees.amount", Decimal(251000))
    [f] = by_rule(draft, "P3")
    assert f.cells == ("active.fees.amount",)
    assert f.actual == "251000" and "25.1" in f.message


def test_p3_limit_is_higher_for_other_levels():
    draft = full_report("gov2021", level="县级政府部门")
    draft.set_value("active.fees.amount", Decimal(5000))
    assert by_rule(draft, "P3") == []
    draft.set_value("active.fees.amount", Decimal(100000))
    assert len(by_rule(draft, "P3")) == 1


def test_p5_regulations_for_a_township():
    draft = full_report("gov2021")
    assert by_rule(draft, "P5") == []
    draft.set_value("active.rules.in_force", 6)
    [f] = by_rule(draft, "P5")
    assert "active.rules.in_force" in f.cells
    draft.meta.level = "县级政府部门"
    assert by_rule(draft, "P5") == []


def test_p7_amount_without_unit():
    draft = full_report("gov2019")
    draft.set_value("active.procurement.amount", Amount(Decimal("359.3"), "万元"))
    assert by_rule(draft, "P7") == []
    draft.set_value("active.procurement.amount", Amount(Decimal("359.3"), None))
    [f] = by_rule(draft, "P7")
    assert f.cells == ("active.procurement.amount",) and f.actual == "359.3"


def test_table_rules_use_entered_totals_when_switched():
    draft = full_report("gov2021")
    enter_totals(draft, "apply")
    draft.section("other").before = [Paragraph("无。")]
    draft.set_value("apply.r_other_unpaid_fee.total", 2)  # a typed total, not backed by its row
    [f] = by_rule(draft, "A7")
    assert f.cells == ("apply.r_other_unpaid_fee.total",)
