"""Checks against last year's report: A6, P4, G6."""

from __future__ import annotations

from draft_factory import fill_apply, full_report

from forms.checks import Settings, check
from forms.checks.crossyear import similarity_percent
from forms.model import Paragraph


def by_rule(draft, rule, settings=None):
    return [f for f in check(draft, settings) if f.rule == rule]


def test_a6_carried_over_must_match_last_years_carried_forward():
    draft = full_report("gov2021")
    fill_apply(draft, {"r_granted": {"natural": 4}}, carried_over={"natural": 2}, carried_forward={})
    draft.last_year.carried_forward = {"natural": 2, "business": 0}
    assert by_rule(draft, "A6") == []
    draft.last_year.carried_forward["natural"] = 3
    draft.last_year.carried_forward["total"] = 3
    found = {f.fields: f for f in by_rule(draft, "A6")}
    assert set(found) == {("last_year.carried_forward.natural",), ("last_year.carried_forward.total",)}
    natural = found[("last_year.carried_forward.natural",)]
    assert natural.cells == ("apply.carried_over.natural",)
    assert (natural.expected, natural.actual) == ("3", "2")
    assert "apply.carried_over.natural" in found[("last_year.carried_forward.total",)].cells


def test_a6_not_raised_without_last_year_figures_or_with_blanks():
    draft = full_report("gov2021")
    draft.set_value("apply.carried_over.natural", 2)
    assert by_rule(draft, "A6") == []
    draft.last_year.carried_forward = {"natural": 0}
    assert len(by_rule(draft, "A6")) == 1
    draft.set_value("apply.carried_over.natural", None)
    assert by_rule(draft, "A6") == []


def test_p4_in_force_follows_last_year():
    draft = full_report("gov2021")
    draft.set_value("active.normative.issued", 5)
    draft.set_value("active.normative.repealed", 2)
    draft.set_value("active.normative.in_force", 13)
    draft.last_year.in_force = {"normative": 10}
    assert by_rule(draft, "P4") == []
    draft.set_value("active.normative.in_force", 15)
    [f] = by_rule(draft, "P4")
    assert f.cells == ("active.normative.in_force", "active.normative.issued", "active.normative.repealed")
    assert f.fields == ("last_year.in_force.normative",)
    assert (f.expected, f.actual) == ("13", "15")


def test_p4_needs_all_four_figures():
    draft = full_report("gov2021")
    draft.set_value("active.rules.in_force", 3)
    assert by_rule(draft, "P4") == []  # no last-year figure
    draft.last_year.in_force = {"rules": 1}
    assert len(by_rule(draft, "P4")) == 1
    draft.set_value("active.rules.issued", None)
    assert by_rule(draft, "P4") == []


LAST = (
    "本年度，我镇认真贯彻落实政府信息公开条例，围绕中心工作，加强组织领导，完善制度建设，"
    "拓宽公开渠道，主动公开政府信息，依法办理依申请公开，全面提升政务公开工作水平。"
)


def test_g6_a_section_copied_from_last_year():
    draft = full_report("gov2021")
    draft.section("problems").before = [Paragraph(LAST.replace("本年度", "今年"))]
    draft.last_year.texts = {"problems": LAST}
    [f] = by_rule(draft, "G6")
    assert f.fields == ("section.problems",)
    assert f.severity == "warning"
    assert int(f.actual.rstrip("%")) >= 80


def test_g6_not_raised_for_new_text_short_text_or_a_lower_setting():
    draft = full_report("gov2021")
    draft.last_year.texts = {"problems": LAST, "other": "无。"}
    draft.section("other").before = [Paragraph("无。")]  # both short
    assert by_rule(draft, "G6") == []  # problems was rewritten
    draft.section("problems").before = [Paragraph(LAST[:60] + "今年重点加强了基层政务公开标准化规范化建设。")]
    partial = similarity_percent(
        draft.section_text("problems"), LAST, 0.0
    )  # the plain ratio, to set the threshold around it
    assert partial is not None
    assert by_rule(draft, "G6", Settings(similarity=(partial + 1) / 100)) == []
    assert len(by_rule(draft, "G6", Settings(similarity=(partial - 1) / 100))) == 1


def test_similarity_is_cached():
    a, b = LAST, LAST[::-1]
    similarity_percent.cache_clear()
    similarity_percent(a, b, 0.8)
    similarity_percent(a, b, 0.8)
    assert similarity_percent.cache_info().hits == 1
