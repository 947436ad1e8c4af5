"""check(): which rules run, the order of findings, acknowledgements."""

from __future__ import annotations

import datetime as dt

from draft_factory import enter_totals, fill_apply, full_report, make

from forms.checks import check
from forms.model import Acknowledgement, Paragraph
from forms.schema import load_format


def test_only_the_rules_of_the_format_run():
    for fmt in ("gov2021", "gov2019", "legacy"):
        draft = make(fmt)  # blank: every rule that can fire on an empty draft does
        draft.meta.date = dt.date(draft.meta.year, 6, 1)  # G4
        draft.last_year.carried_forward = {"natural": 1}
        rules = {f.rule for f in check(draft)}
        assert rules <= set(load_format(fmt).rules), fmt
    gov2019 = full_report("gov2019")
    gov2019.section("other").before = [Paragraph("无。")]
    assert check(gov2019) == []  # G9 is a 2021 rule
    gov2021 = full_report("gov2021")
    gov2021.section("other").before = [Paragraph("无。")]
    assert [f.rule for f in check(gov2021)] == ["G9"]


def test_findings_come_in_section_order_then_by_severity():
    draft = full_report("gov2021")
    draft.meta.date = dt.date(draft.meta.year + 1, 5, 1)  # G5 on metadata: before the sections
    fill_apply(draft, {"r_partial": {"natural": 1}}, {}, {})  # A5 hint in 三
    draft.set_value("apply.r_granted.business", 1)  # A1 error in 三
    draft.set_value("apply.carried_over.other", None)  # T2 warning in 三
    draft.section("other").before = []  # G3 error and G9 warning in 六
    draft.section("overview").before = [Paragraph("综述。")]  # G8 warning in 一
    found = [(f.rule, f.severity) for f in check(draft)]
    assert found == [
        ("G5", "warning"),
        ("G8", "warning"),
        ("A1", "error"),  # only 商业企业: the blank leaves the 其他 and 总计 columns unchecked
        ("T2", "warning"),
        ("A5", "hint"),
        ("G3", "error"),
        ("G9", "warning"),
    ]


def test_order_follows_the_drafts_own_section_order():
    draft = full_report("legacy")
    draft.section("active").before = []
    draft.section("review").before = []
    draft.sections.insert(0, draft.sections.pop(4))  # the clerk moved 复议/诉讼 first
    assert [f.fields for f in check(draft)] == [("section.review",), ("section.active",)]


def test_an_acknowledged_warning_keeps_its_note_while_the_value_stays():
    draft = full_report("gov2021")
    draft.set_value("active.rules.in_force", 6)
    [p5] = check(draft)
    assert p5.rule == "P5" and not p5.acknowledged
    draft.acknowledgements.append(Acknowledgement(p5.rule, p5.cells, p5.actual or "", "上级转来的规章"))
    [again] = check(draft)
    assert again.acknowledged and again.note == "上级转来的规章" and again.previous_note is None
    draft.set_value("active.rules.in_force", 7)
    [changed] = check(draft)
    assert not changed.acknowledged
    assert changed.previous_note == "上级转来的规章"


def test_acknowledgement_by_fields_and_hints():
    draft = full_report("gov2021")
    fill_apply(draft, {"r_partial": {"natural": 1}}, {}, {})
    draft.section("other").before = [Paragraph("无。")]
    g9 = next(f for f in check(draft) if f.rule == "G9")
    a5 = next(f for f in check(draft) if f.rule == "A5")
    draft.acknowledgements += [
        Acknowledgement("G9", g9.fields, g9.actual or "", "本镇不收费"),
        Acknowledgement("A5", a5.cells, a5.actual or "", "已核对"),
    ]
    notes = {f.rule: f.note for f in check(draft)}
    assert notes["G9"] == "本镇不收费" and notes["A5"] == "已核对"


def test_errors_cannot_be_acknowledged():
    draft = full_report("gov2021")
    enter_totals(draft, "review")
    draft.set_value("review.cases.review_total", 1)
    [r1] = check(draft)
    draft.acknowledgements.append(Acknowledgement(r1.rule, r1.cells, r1.actual or "", "照抄原文"))
    [again] = check(draft)
    assert again.severity == "error"
    assert again.note is None and again.previous_note is None


def test_an_acknowledgement_of_other_cells_does_not_apply():
    draft = full_report("gov2021")
    draft.set_value("active.rules.in_force", 6)
    draft.acknowledgements.append(Acknowledgement("P5", ("active.rules.issued",), "0、0、6", "别的"))
    [p5] = check(draft)
    assert p5.note is None and p5.previous_note is None
