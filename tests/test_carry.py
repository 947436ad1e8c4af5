"""Next year's draft: the year and format move on, last year's figures and texts are kept for the checks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from forms.carry import next_year_draft
from forms.checks import check
from forms.draftjson import to_dict
from forms.model import Paragraph, new_draft
from forms.values import Invalid


def draft_2020():
    """A 2020 report in the 2019 format with a filled 结转 row and texts."""
    d = new_draft("gov2019", "博山镇人民政府", 2020, "街道")
    d.meta.date = dt.date(2021, 1, 25)
    d.meta.signature = "博山镇人民政府"
    d.meta.contact.phone = "0533-4180000"
    d.title = "博山镇人民政府2020年政府信息公开工作年度报告（修订）"
    d.preface = [Paragraph("去年的前言。")]
    d.section("overview").before = [Paragraph("2020年工作概况。"), Paragraph("（一）制度", 2)]
    d.section("apply").after = [Paragraph("表后说明。")]
    d.section("problems").before = [Paragraph("问题一。")]
    d.set_value("apply.carried_forward.natural", 2)
    d.set_value("apply.carried_forward.business", 1)
    d.set_value("apply.carried_forward.research", 0)
    d.set_value("apply.carried_forward.other", Invalid("两件"))
    d.set_value("apply.new_received.natural", 9)
    d.set_value("active.rules.made", 1)
    return d


def draft_2021():
    d = new_draft("gov2021", "某县民政局", 2021, "县级政府部门")
    d.set_value("active.rules.in_force", 3)
    d.set_value("active.normative.in_force", 11)
    d.set_value("active.normative.issued", 2)
    d.set_value("apply.carried_forward.natural", 0)
    return d


def test_year_period_and_format_move_on():
    new = next_year_draft(draft_2020())
    assert (new.meta.year, new.format_id) == (2021, "gov2021")
    assert new.meta.period == (dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert (new.meta.org, new.meta.level) == ("博山镇人民政府", "街道")
    assert new.meta.date == dt.date(2022, 1, 25)  # the 成文日期 chosen last year, a year on
    assert new.meta.contact.phone == "0533-4180000" and new.meta.signature == "博山镇人民政府"
    assert new.title is None and new.preface is None
    assert new.effective_title() == new.default_title() and "2021" in new.effective_title()
    assert [s.key for s in new.sections] == [s.key for s in new.fmt.sections]
    # last year's texts are not copied: the sections hold only the format's outline headings
    outline = {s.key: [Paragraph(h, 2) for h in s.outline] for s in new.fmt.sections}
    assert all(s.before == outline[s.key] and not s.after for s in new.sections)
    assert all(not t.values for t in new.tables.values())


def test_last_years_carried_forward_row_is_kept_per_column_with_its_total():
    new = next_year_draft(draft_2020())
    # the blank and the unreadable figure are not carried, nor is 总计: a sum over an unreadable
    # figure is blank (SPEC §3), so last year's report printed no total there
    assert new.last_year.carried_forward == {"natural": 2, "business": 1, "research": 0}
    assert new.last_year.in_force == {}  # the 2019 format has no 现行有效件数


def test_an_entered_total_is_carried_as_entered():
    last = draft_2021()
    last.table("apply").entered_totals = True
    last.set_value("apply.carried_forward.total", 5)
    assert next_year_draft(last).last_year.carried_forward == {"natural": 0, "total": 5}


def test_in_force_figures_come_from_a_2021_format_draft():
    new = next_year_draft(draft_2021())
    assert new.last_year.in_force == {"rules": 3, "normative": 11}
    assert new.last_year.carried_forward == {"natural": 0, "total": 0}


def test_last_years_texts_are_kept_by_section_but_not_copied():
    last = draft_2020()
    new = next_year_draft(last)
    assert new.last_year.texts == {
        "overview": "2020年工作概况。\n（一）制度",
        "apply": "表后说明。",
        "problems": "问题一。",
    }
    # last year's texts are not copied: the sections hold only the format's outline headings
    outline = {s.key: [Paragraph(h, 2) for h in s.outline] for s in new.fmt.sections}
    assert all(s.before == outline[s.key] and not s.after for s in new.sections)


def test_copy_texts_copies_title_preface_and_section_texts():
    last = draft_2020()
    new = next_year_draft(last, copy_texts=True)
    assert new.title == last.title and new.preface == last.preface
    assert new.section("overview").before == last.section("overview").before
    assert new.section("apply").after == last.section("apply").after
    new.section("overview").before[0].text = "改过"
    assert last.section("overview").before[0].text == "2020年工作概况。"  # a copy, not shared


def test_explicit_org_year_level_and_format_win():
    new = next_year_draft(draft_2020(), org="博山街道办事处", year=2022, level="乡镇", format_id="gov2019")
    assert (new.meta.org, new.meta.year, new.meta.level, new.format_id) == ("博山街道办事处", 2022, "乡镇", "gov2019")
    assert new.meta.signature == ""  # the old organisation's 署名 does not fit the new name


def test_legacy_to_legacy_with_copy_texts_keeps_the_clerks_own_sections():
    last = new_draft("legacy", "某镇", 2016)
    last.sections[0].title = "一、概述（自拟）"
    last.sections.append(last.sections.pop(1))
    last.sections[-1].before = [Paragraph("主动公开。")]
    new = next_year_draft(last, copy_texts=True)
    assert new.format_id == "legacy" and new.meta.year == 2017
    assert [(s.key, s.title) for s in new.sections] == [(s.key, s.title) for s in last.sections]
    assert new.last_year.carried_forward == {} and new.last_year.in_force == {}


def test_legacy_2018_moves_on_to_the_2019_format():
    last = new_draft("legacy", "某镇", 2018)
    last.set_value("stats.s01.value", 5)
    new = next_year_draft(last)
    assert new.format_id == "gov2019"
    assert new.last_year.carried_forward == {}


def test_a_new_draft_whose_carried_over_row_differs_raises_a6():
    new = next_year_draft(draft_2020())
    new.set_value("apply.carried_over.natural", 2)
    new.set_value("apply.carried_over.business", 1)
    new.set_value("apply.carried_over.research", 0)
    assert [f for f in check(new) if f.rule == "A6"] == []
    new.set_value("apply.carried_over.natural", 5)
    a6 = [f for f in check(new) if f.rule == "A6"]
    natural = [f for f in a6 if "last_year.carried_forward.natural" in f.fields]
    assert len(natural) == 1
    assert (natural[0].expected, natural[0].actual) == ("2", "5")
    assert "apply.carried_over.natural" in natural[0].cells


def test_carried_values_survive_a_save(tmp_path):
    from forms.draftfile import load_draft, save_draft

    new = next_year_draft(draft_2021())
    new.last_year.in_force["rules"] = 3
    save_draft(new, tmp_path / "n.nianbao")
    again = load_draft(tmp_path / "n.nianbao")
    assert to_dict(again)["last_year"] == to_dict(new)["last_year"]
    assert isinstance(again.last_year.in_force["rules"], int)
    assert Decimal(again.last_year.carried_forward["total"]) == 0


def test_the_date_moves_on_by_the_years_between_and_none_stays_none():
    last = draft_2020()
    last.meta.date = dt.date(2020, 2, 29)
    assert next_year_draft(last, year=2022).meta.date == dt.date(2022, 2, 28)
    last.meta.date = None
    assert next_year_draft(last).meta.date is None
