"""T1 (a value that does not fit its cell) and T2 (blank is not zero)."""

from __future__ import annotations

from decimal import Decimal

from draft_factory import enter_totals, fill_zeros, full_report, make

from forms.checks import check
from forms.values import Amount, Invalid


def by_rule(findings, rule):
    return [f for f in findings if f.rule == rule]


# --- T1 ---------------------------------------------------------------------------------


def test_t1_reports_an_invalid_value_with_its_raw_text():
    draft = full_report("gov2021")
    draft.set_value("apply.r_granted.natural", Invalid("三件"))
    [f] = by_rule(check(draft), "T1")
    assert f.severity == "error"
    assert f.cells == ("apply.r_granted.natural",)
    assert f.actual == "三件"
    assert "三件" in f.message and draft.fmt.cell_name("apply.r_granted.natural") in f.message


def test_t1_reports_wrong_sign_and_wrong_type():
    draft = full_report("gov2019")
    draft.set_value("apply.r_partial.business", -2)  # a count cannot be negative
    draft.set_value("active.permit.decisions", Decimal("1.5"))  # nor a fraction
    draft.set_value("active.procurement.amount", Amount(Decimal(-3), "元"))
    found = {f.cells[0]: f.actual for f in by_rule(check(draft), "T1")}
    assert found == {
        "apply.r_partial.business": "-2",
        "active.permit.decisions": "1.5",
        "active.procurement.amount": "-3元",
    }


def test_t1_accepts_valid_values_of_every_type():
    draft = full_report("gov2019")
    draft.set_value("active.permit.delta", -8)  # 本年增/减 may be negative
    draft.set_value("active.procurement.amount", Amount(Decimal("359.3"), "万元"))
    draft.set_value("apply.r_granted.natural", 12)
    assert by_rule(check(draft), "T1") == []


def test_t1_reports_invalid_last_year_figures_as_fields():
    draft = full_report("gov2021")
    draft.last_year.carried_forward["natural"] = Invalid("两件")
    draft.last_year.in_force["rules"] = -1
    found = {f.fields: f.actual for f in by_rule(check(draft), "T1")}
    assert found == {("last_year.carried_forward.natural",): "两件", ("last_year.in_force.rules",): "-1"}


# --- T2 ---------------------------------------------------------------------------------


def test_t2_lists_the_blank_entered_cells_of_each_table():
    draft = full_report("gov2021")
    draft.set_value("apply.r_granted.natural", None)
    draft.set_value("apply.carried_forward.other", None)
    draft.set_value("review.cases.after_pending", None)
    findings = by_rule(check(draft), "T2")
    assert [f.cells for f in findings] == [
        ("apply.r_granted.natural", "apply.carried_forward.other"),
        ("review.cases.after_pending",),
    ]
    assert all(f.severity == "warning" for f in findings)
    assert "空白不等于0" in findings[0].message and "空白填0" in findings[0].message


def test_t2_does_not_count_computed_totals_but_does_on_entered_totals():
    draft = make("gov2021")
    fill_zeros(draft)
    assert by_rule(check(draft), "T2") == []  # computed totals are never typed
    draft.table("apply").entered_totals = True
    [f] = by_rule(check(draft), "T2")
    table = draft.fmt.tables["apply"]
    assert set(f.cells) == {vc.id for vc in table.cells.values() if vc.computed}


def test_t2_skips_a_table_left_out_of_the_report():
    draft = full_report("legacy")
    stats = draft.fmt.attachment["table"]
    draft.table(stats).values.clear()
    draft.table(stats).included = False
    assert by_rule(check(draft), "T2") == []
    draft.table(stats).included = True
    [f] = by_rule(check(draft), "T2")
    assert len(f.cells) == len(draft.fmt.tables[stats].cells)


def test_t2_on_entered_totals_after_switching():
    draft = full_report("gov2019")
    enter_totals(draft, "review")
    assert by_rule(check(draft), "T2") == []
    draft.set_value("review.cases.review_total", None)
    [f] = by_rule(check(draft), "T2")
    assert f.cells == ("review.cases.review_total",)
