"""The whole-report checks G1–G5 and G7–G10."""

from __future__ import annotations

import datetime as dt

import pytest
from draft_factory import fill_apply, fill_review, full_report

from forms.checks import Settings, check
from forms.model import Paragraph, SectionText
from forms.schema import load_format


def by_rule(draft, rule, settings=None):
    return [f for f in check(draft, settings) if f.rule == rule]


def test_a_complete_report_has_no_findings():
    for fmt in ("gov2021", "gov2019", "legacy"):
        assert check(full_report(fmt)) == [], fmt


# --- G1 --------------------------------------------------------------------------------------


def test_g1_format_does_not_fit_the_year():
    draft = full_report("gov2019")
    draft.meta.year = 2022
    draft.meta.date = dt.date(2023, 1, 10)
    [f] = by_rule(draft, "G1")
    assert f.severity == "error" and f.fields == ("meta.year",)
    assert f.expected == load_format("gov2021").name
    assert f.actual == load_format("gov2019").name
    assert f.expected in f.message


def test_g1_not_raised_in_range():
    draft = full_report("legacy")
    draft.meta.year = 2008
    assert by_rule(draft, "G1") == []


# --- G2 --------------------------------------------------------------------------------------


def test_g2_preface_cites_the_other_notice():
    draft = full_report("gov2021")
    assert by_rule(draft, "G2") == []  # the default 前言 cites the right notice
    old = load_format("gov2019").notice
    draft.preface = [Paragraph(f"本报告根据《中华人民共和国政府信息公开条例》和（{old}）要求编制。")]
    [f] = by_rule(draft, "G2")
    assert f.fields == ("preface",) and f.actual == old
    assert f.expected == load_format("gov2021").notice


# --- G3 --------------------------------------------------------------------------------------


def test_g3_missing_and_empty_sections():
    draft = full_report("gov2021")
    draft.sections = [s for s in draft.sections if s.key != "problems"]
    draft.section("overview").before = [Paragraph("   ")]
    draft.section("review").before = []
    draft.table("review").values.clear()  # a table section: empty only with no text and no figures
    draft.section("apply").before = []  # text gone but the table is filled: not empty
    found = [f.fields for f in by_rule(draft, "G3")]
    assert found == [("section.overview",), ("section.review",), ("section.problems",)]
    assert all(f.severity == "error" for f in by_rule(draft, "G3"))


def test_g3_legacy_items_must_be_covered():
    draft = full_report("legacy")
    fees = draft.section("fees")
    draft.sections.remove(fees)
    [f] = by_rule(draft, "G3")
    assert f.fields == ("item.fees",)
    assert load_format("legacy").items[2].title in f.message
    # the clerk's own section may cover the item under another title
    draft.sections.append(SectionText("my_fees", title="四、收费情况", before=[Paragraph("未收费。")], items=["fees"]))
    assert by_rule(draft, "G3") == []
    draft.section("my_fees").before = []
    [f] = by_rule(draft, "G3")
    assert f.fields == ("section.my_fees",) and "四、收费情况" in f.message


def test_g3_legacy_optional_sections_may_stay_empty():
    draft = full_report("legacy")
    draft.section("overview").before = []
    draft.section("other").before = []
    assert by_rule(draft, "G3") == []


# --- G4 --------------------------------------------------------------------------------------


def test_g4_title_year():
    draft = full_report("gov2021")
    draft.title = f"测试镇人民政府{draft.meta.year - 1}年政府信息公开工作年度报告"
    [f] = by_rule(draft, "G4")
    assert f.fields == ("title",) and f.actual == str(draft.meta.year - 1)


def test_g4_period_in_the_preface():
    draft = full_report("gov2021")
    y = draft.meta.year
    draft.preface = [Paragraph(f"本报告中所列数据的统计期限为{y}年1月1日至{y - 1}年12月31日。")]
    [f] = by_rule(draft, "G4")
    assert f.fields == ("preface",) and f.actual == str(y - 1)


def test_g4_date_before_the_period_ends():
    draft = full_report("gov2021")
    draft.meta.date = dt.date(draft.meta.year, 12, 31)
    [f] = by_rule(draft, "G4")
    assert f.fields == ("meta.date",)
    draft.meta.date = dt.date(draft.meta.year + 1, 1, 1)
    assert by_rule(draft, "G4") == []


def test_g4_paragraph_starting_with_another_year():
    draft = full_report("gov2021")
    y = draft.meta.year
    draft.section("problems").after = [
        Paragraph(f"{y + 1}年，我镇将继续加强政务公开工作。"),  # next year's plans: fine
        Paragraph(f"{y - 2}年，我镇开展了专项整治。"),
    ]
    [f] = by_rule(draft, "G4")
    assert f.fields == ("section.problems",) and f.actual == str(y - 2)


# --- G5 --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "last_ok", "late"),
    [("乡镇", (1, 31), (2, 1)), ("县级人民政府", (3, 31), (4, 1))],
)
def test_g5_default_deadline_by_level(level, last_ok, late):
    draft = full_report("gov2021", level=level)
    y = draft.meta.year + 1
    draft.meta.date = dt.date(y, *last_ok)
    assert by_rule(draft, "G5") == []
    draft.meta.date = dt.date(y, *late)
    [f] = by_rule(draft, "G5")
    assert f.fields == ("meta.date",)
    assert "以县级政府信息公开工作主管部门通知为准" in f.message


def test_g5_deadline_from_the_settings():
    draft = full_report("gov2021")
    draft.meta.date = dt.date(draft.meta.year + 1, 1, 20)
    assert by_rule(draft, "G5") == []
    [f] = by_rule(draft, "G5", Settings(deadline=(1, 15)))
    assert f.expected == f"{draft.meta.year + 1}年1月15日"


# --- G7 --------------------------------------------------------------------------------------


def test_g7_figure_quoted_in_the_text():
    draft = full_report("gov2021")
    fill_apply(draft, {"r_granted": {"natural": 3}}, {}, {})
    draft.section("overview").before = [Paragraph("全年共收到政府信息公开申请3件，均按时答复。")]
    assert by_rule(draft, "G7") == []
    draft.section("overview").before = [Paragraph("全年共收到政府信息公开申请5件，均按时答复。")]
    [f] = by_rule(draft, "G7")
    assert f.fields == ("section.overview",)
    assert (f.expected, f.actual) == ("3", "5")
    assert "apply.new_received.total" in f.cells and "apply.new_received.natural" in f.cells


def test_g7_no_applications_said_while_the_table_has_some():
    draft = full_report("gov2021")  # its overview says 未收到政府信息公开申请
    assert by_rule(draft, "G7") == []
    fill_apply(draft, {"r_granted": {"natural": 2}}, {}, {})
    [f] = by_rule(draft, "G7")
    assert (f.expected, f.actual) == ("2", "0")


def test_g7_lawsuits_add_two_groups():
    draft = full_report("gov2019")
    fill_review(draft, {"direct_upheld": 1, "after_pending": 1})
    draft.section("review").after = [Paragraph("本年度发生行政诉讼2件。")]
    assert by_rule(draft, "G7") == []
    draft.section("review").after = [Paragraph("本年度发生行政诉讼1件。")]
    [f] = by_rule(draft, "G7")
    assert f.expected == "2" and "review.cases.direct_upheld" in f.cells


def test_g7_not_raised_while_the_table_has_blanks():
    draft = full_report("gov2021")
    draft.set_value("apply.new_received.other", None)
    draft.section("overview").before = [Paragraph("全年共收到政府信息公开申请5件。")]
    assert by_rule(draft, "G7") == []


# --- G8, G9, G10 -------------------------------------------------------------------------------


def test_g8_government_reports_must_mention_assessment():
    draft = full_report("gov2021")
    draft.section("overview").before = [Paragraph("开展了工作考核。")]
    [f] = by_rule(draft, "G8")
    words = load_format("gov2021").rules["G8"]["words"]
    assert f.actual.endswith("、".join(words[1:])) and words[0] not in f.actual
    draft.meta.level = "县级政府部门"
    assert by_rule(draft, "G8") == []


def test_g9_other_matters_must_mention_the_fee():
    draft = full_report("gov2021")
    assert by_rule(draft, "G9") == []
    draft.section("other").before = [Paragraph("无。")]
    [f] = by_rule(draft, "G9")
    assert f.fields == ("section.other",)


def test_g10_overview_length_from_the_settings():
    draft = full_report("gov2021")
    length = len("".join(draft.section_text("overview").split()))
    assert by_rule(draft, "G10") == []  # off by default
    assert by_rule(draft, "G10", Settings(overview_limit=length)) == []
    [f] = by_rule(draft, "G10", Settings(overview_limit=length - 1))
    assert (f.expected, f.actual) == (str(length - 1), str(length))


def test_g4_and_g7_read_texts_pasted_with_spaces_around_numbers():
    draft = full_report("gov2021")
    y = draft.meta.year
    fill_apply(draft, {"r_granted": {"natural": 3}}, {}, {})
    draft.section("overview").before = [Paragraph(f"{y - 3} 年，全年共收到政府信息公开申请 4 件。")]
    draft.preface = [Paragraph(f"本报告中所列数据的统计期限为 {y - 1} 年 1 月 1 日至 {y} 年 12 月 31 日。")]
    found = {(f.rule, f.fields, f.actual) for f in check(draft) if f.rule in ("G4", "G7")}
    assert found == {
        ("G4", ("preface",), str(y - 1)),
        ("G4", ("section.overview",), str(y - 3)),
        ("G7", ("section.overview",), "4"),
    }


def test_g5_deadline_that_does_not_exist_is_the_end_of_its_month():
    draft = full_report("gov2021")
    y = draft.meta.year + 1
    draft.meta.date = dt.date(y, 3, 1)
    [f] = by_rule(draft, "G5", Settings(deadline=(2, 30)))
    assert f.expected == f"{y}年2月{29 if y % 4 == 0 else 28}日"
