"""A1 (每一列：第一项加第二项之和，等于第三项加第四项之和), A2, A3 and R1–R3."""

from __future__ import annotations

import pytest
from draft_factory import enter_totals, fill_apply, fill_review, full_report

from forms.checks import check
from forms.values import Invalid

ARITHMETIC = {"A1", "A2", "A3", "R1", "R2", "R3"}


def arithmetic(draft):
    return [f for f in check(draft) if f.rule in ARITHMETIC]


# --- the acceptance case ------------------------------------------------------------------


def test_acceptance_computed_totals_raise_a1_in_the_column_and_the_total_column():
    draft = full_report("gov2019")
    draft.set_value("apply.r_granted.natural", 1)
    findings = arithmetic(draft)
    table = draft.fmt.tables["apply"]
    assert [f.rule for f in findings] == ["A1", "A1"]
    for f, col in zip(findings, ("natural", "total"), strict=True):
        assert f.message.startswith(f"“{table.column_label(f'apply.new_received.{col}')}”列")
    for f in findings:
        assert "apply.r_granted.natural" in f.cells
        assert f.severity == "error"
        assert (f.expected, f.actual) == ("0", "1")
        assert "第一项加第二项之和，等于第三项加第四项之和" in f.message


def test_acceptance_entered_totals_raise_a2_for_the_row_and_a3_for_the_column():
    draft = full_report("gov2019")
    enter_totals(draft, "apply")
    draft.set_value("apply.r_granted.natural", 1)
    findings = arithmetic(draft)
    assert [(f.rule, f.cells[0]) for f in findings] == [
        ("A2", "apply.r_granted.total"),
        ("A3", "apply.r_total.natural"),
    ]
    a2, a3 = findings
    assert set(a2.cells) == {c.id for c in draft.fmt.tables["apply"].data_row_cells("r_granted")}
    assert "apply.r_granted.natural" in a3.cells and "apply.r_deny_secret.natural" in a3.cells
    assert all((f.expected, f.actual) == ("1", "0") for f in findings)


# --- A1 ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["gov2021", "gov2019"])
def test_a1_holds_for_a_balanced_table(fmt):
    draft = full_report(fmt)
    fill_apply(
        draft,
        {"r_granted": {"natural": 5, "business": 1}, "r_partial": {"natural": 2}},
        carried_over={"natural": 3},
        carried_forward={"natural": 1, "business": 2},
    )
    assert arithmetic(draft) == []
    assert draft.value("apply.new_received.natural") == 5 + 2 + 1 - 3


def test_a1_names_the_column_and_quotes_both_sums():
    draft = full_report("gov2021")
    draft.set_value("apply.new_received.business", 4)
    draft.set_value("apply.carried_forward.business", 1)
    [col, total] = arithmetic(draft)
    label = draft.fmt.tables["apply"].column_label("apply.new_received.business")
    assert col.message.startswith(f"“{label}”列")
    assert (col.expected, col.actual) == ("4", "1")
    assert "apply.new_received.business" in col.cells and "apply.carried_forward.business" in col.cells
    # the 总计 column is computed: the finding names the entered cells behind it
    assert "apply.new_received.business" in total.cells and "apply.new_received.total" in total.cells


def test_a1_skips_a_column_with_a_blank_or_invalid_cell():
    draft = full_report("gov2021")
    draft.set_value("apply.new_received.natural", 7)
    draft.set_value("apply.r_np_repeat.natural", None)  # a leaf of （七）总计 / 自然人
    assert arithmetic(draft) == []
    draft.set_value("apply.r_np_repeat.natural", Invalid("x"))
    assert arithmetic(draft) == []
    draft.set_value("apply.r_np_repeat.natural", 0)
    assert {f.rule for f in arithmetic(draft)} == {"A1"}


def test_a1_on_entered_totals_uses_the_entered_figures():
    draft = full_report("gov2021")
    enter_totals(draft, "apply")
    draft.set_value("apply.r_total.other", 2)
    findings = arithmetic(draft)
    a1 = [f for f in findings if f.rule == "A1"]
    assert len(a1) == 1 and a1[0].cells == (
        "apply.new_received.other",
        "apply.carried_over.other",
        "apply.r_total.other",
        "apply.carried_forward.other",
    )
    assert {f.rule for f in findings} == {"A1", "A2", "A3"}


# --- A2, A3, R1–R3 ---------------------------------------------------------------------------


def test_sums_are_not_checked_while_totals_are_computed():
    draft = full_report("gov2021")
    draft.set_value("apply.r_granted.total", 99)  # a stale typed total is ignored while computed
    draft.set_value("review.cases.review_total", 5)
    assert arithmetic(draft) == []


def test_a2_and_a3_are_not_reported_where_a_cell_is_blank():
    draft = full_report("gov2021")
    enter_totals(draft, "apply")
    draft.set_value("apply.r_granted.natural", 1)
    draft.set_value("apply.r_granted.business", None)
    assert [f.rule for f in arithmetic(draft)] == ["A3"]
    # a blank entered total beside figures is an error of its sum (SPEC §3), named once
    draft.set_value("apply.r_total.natural", None)
    [f] = arithmetic(draft)
    assert (f.rule, f.cells[0], f.actual) == ("A3", "apply.r_total.natural", "")


def test_a_blank_printed_total_beside_figures_is_an_error_naming_the_total_and_its_inputs():
    # as published: 总计 left blank on a row that holds figures, and the （七）总计 row blank
    draft = full_report("gov2021")
    fill_apply(draft, {"r_granted": {"natural": 5, "business": 1}}, {}, {})
    enter_totals(draft, "apply")
    draft.set_value("apply.r_granted.total", None)
    findings = [f for f in arithmetic(draft) if f.cells[0] == "apply.r_granted.total"]
    [f] = findings
    table = draft.fmt.tables["apply"]
    assert (f.rule, f.severity, f.expected, f.actual) == ("A2", "error", "6", "")
    assert table.cell_name("apply.r_granted.total") in f.message
    assert table.column_label("apply.r_granted.natural") in f.message
    assert set(f.cells) == {c.id for c in table.data_row_cells("r_granted")}


def test_a_blank_total_beside_blank_inputs_is_only_a_blank():
    draft = full_report("gov2021")
    enter_totals(draft, "apply")
    for c in draft.fmt.tables["apply"].data_row_cells("r_granted"):
        draft.set_value(c.id, None)
    assert not [f for f in arithmetic(draft) if "apply.r_granted.total" == f.cells[0]]


def test_a_blank_review_total_beside_figures_is_an_r_error():
    draft = full_report("gov2021")
    fill_review(draft, {"review_upheld": 2})
    enter_totals(draft, "review")
    draft.set_value("review.cases.review_total", None)
    [f] = arithmetic(draft)
    assert (f.rule, f.cells[0], f.expected) == ("R1", "review.cases.review_total", "2")


def test_a3_checks_the_corner_against_its_column_too():
    draft = full_report("gov2021")
    enter_totals(draft, "apply")
    draft.set_value("apply.r_partial.total", 3)
    findings = arithmetic(draft)
    assert [(f.rule, f.cells[0]) for f in findings] == [("A2", "apply.r_partial.total"), ("A3", "apply.r_total.total")]
    assert set(findings[0].cells) & set(findings[1].cells) == {"apply.r_partial.total"}


@pytest.mark.parametrize(
    ("rule", "group"),
    [("R1", "review"), ("R2", "direct"), ("R3", "after")],
)
def test_r_rules_check_each_group_on_entered_totals(rule, group):
    draft = full_report("gov2021")
    fill_review(draft, {f"{group}_upheld": 2, f"{group}_pending": 1})
    enter_totals(draft, "review")
    assert arithmetic(draft) == []
    draft.set_value(f"review.cases.{group}_corrected", 4)
    [f] = arithmetic(draft)
    assert f.rule == rule
    assert f.cells[0] == f"review.cases.{group}_total"
    assert f"review.cases.{group}_corrected" in f.cells and len(f.cells) == 5
    assert (f.expected, f.actual) == ("7", "3")
    assert "7" in f.message and "3" in f.message
