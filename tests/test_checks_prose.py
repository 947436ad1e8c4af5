"""G7 over every section's prose, and G11–G14, from the phrasings of published reports —
including the ones that must stay silent."""

from __future__ import annotations

from decimal import Decimal

import pytest
from draft_factory import fill_apply, fill_review, full_report

from forms.checks import check
from forms.checks.prose import cn_number, sentence
from forms.model import Paragraph


def by_rule(draft, rule):
    return [f for f in check(draft) if f.rule == rule]


def say(draft, key, *texts, after=False):
    if key != "overview":  # the factory's overview says 未收到申请: a neutral one instead
        draft.section("overview").before = [Paragraph("本年度政务公开工作稳步推进。")]
    paras = [Paragraph(t) for t in texts]
    if after:
        draft.section(key).after = paras
    else:
        draft.section(key).before = paras


# --- Chinese numerals ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "n"),
    [("十二", 12), ("两", 2), ("二十三", 23), ("十", 10), ("一百零五", 105), ("三千", 3000), ("一万二千", 12000)],
)
def test_chinese_numerals(text, n):
    assert cn_number(text) == n


@pytest.mark.parametrize("text", ["一二", "十十", "百十百", ""])
def test_what_is_not_a_count(text):
    assert cn_number(text) is None


def test_a_long_sentence_is_quoted_around_the_figure():
    text = "甲" * 200 + "收到申请5件" + "乙" * 200 + "。"
    quote = sentence(text, 200, 206)
    assert "收到申请5件" in quote and len(quote) < 80


# --- G7 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "本年度共收到政府信息公开申请十二件，均已按期答复。",
        "全年受理依申请公开12件。",
        "本年度新收政府信息公开申请12件。",
        "收到申请人提出的政府信息公开申请共12件。",
    ],
)
def test_g7_reads_the_received_applications_in_many_phrasings(text):
    draft = full_report("gov2021")
    fill_apply(draft, {"r_granted": {"natural": 10}}, {}, {})
    say(draft, "apply", text)
    [f] = by_rule(draft, "G7")
    assert (f.expected, f.actual) == ("10", "12")
    assert f.fields == ("section.apply",)
    assert text.rstrip("。").split("，")[0][:8] in f.message  # the sentence is quoted
    assert "本年新收" in f.message  # the cell is named


@pytest.mark.parametrize(
    "text",
    [
        "本年度共收到政府信息公开申请10余件。",  # approximate: not compared
        "全年收到政府信息公开申请约20件。",
        "全年收到政府信息公开申请近二十件。",
        "全年收到政府信息公开申请20件左右。",
        "本年度新收政府信息公开申请10件。",
        "本年度收到政府信息公开申请12件（含上年结转2件）。",  # 本年新收 + 上年结转: not a contradiction
    ],
)
def test_g7_stays_silent_on_approximate_figures_and_the_sum_with_last_year(text):
    draft = full_report("gov2021")
    fill_apply(draft, {"r_granted": {"natural": 12}}, {"natural": 2}, {})
    say(draft, "overview", text)
    assert [f for f in by_rule(draft, "G7") if "收到" in f.message or "新收" in f.message] == []


def test_g7_reads_every_section_and_the_carried_figures():
    draft = full_report("gov2021")
    fill_apply(draft, {"r_granted": {"natural": 3}, "r_partial": {"natural": 1}}, {"natural": 1}, {"natural": 2})
    say(draft, "apply", "上年结转政府信息公开申请1件。予以公开3件，部分公开1件。结转下年度继续办理2件。")
    assert by_rule(draft, "G7") == []
    say(draft, "apply", "上年结转政府信息公开申请两件。予以公开五件，部分公开1件。结转下年度继续办理3件。")
    got = {(f.expected, f.actual) for f in by_rule(draft, "G7")}
    assert got == {("1", "2"), ("3", "5"), ("2", "3")}


def test_g7_reads_the_regulatory_documents_in_force():
    # a 2023 report: its text says 现行有效 12, its table 10
    draft = full_report("gov2021")
    draft.set_value("active.normative.issued", 2)
    draft.set_value("active.normative.in_force", 10)
    say(draft, "active", "本年度制发行政规范性文件2件，现行有效行政规范性文件10件。")
    assert by_rule(draft, "G7") == []
    say(draft, "active", "本年度制发行政规范性文件2件，现行有效规范性文件12件。")
    [f] = by_rule(draft, "G7")
    assert f.cells[0] == "active.normative.in_force" and (f.expected, f.actual) == ("10", "12")


def test_g7_reads_review_outcomes_and_zero_phrasings():
    draft = full_report("gov2021")
    fill_review(draft, {"review_upheld": 1})
    say(draft, "review", "本年度发生行政复议1件，复议结果维持1件。", after=True)
    assert by_rule(draft, "G7") == []
    say(draft, "review", "本年度未发生因政府信息公开引起的行政复议、行政诉讼情况。", after=True)
    [f] = by_rule(draft, "G7")
    assert f.cells[0] == "review.cases.review_total" and (f.expected, f.actual) == ("1", "0")


def test_g7_reads_fee_amounts_in_wan_or_yuan():
    draft = full_report("gov2021", level="县级政府部门")
    draft.set_value("active.fees.amount", Decimal("25.1"))
    say(draft, "active", "本年度行政事业性收费251000元。")
    assert by_rule(draft, "G7") == []
    say(draft, "active", "本年度行政事业性收费30万元。")
    [f] = by_rule(draft, "G7")
    assert (f.expected, f.actual) == ("25.1", "30")


def test_g7_is_not_fooled_by_not_disclosed():
    draft = full_report("gov2021")
    fill_apply(draft, {"r_granted": {"natural": 2}, "r_deny_secret": {"natural": 1}}, {}, {})
    say(draft, "apply", "予以公开2件，不予公开1件。")
    assert by_rule(draft, "G7") == []


# --- G11 -----------------------------------------------------------------------------------


def test_g11_a_period_that_ends_on_the_30th():
    draft = full_report("gov2021")
    y = draft.meta.year
    draft.preface = [Paragraph(f"本报告中所列数据的统计期限为{y}年1月1日至{y}年12月30日。")]
    [f] = by_rule(draft, "G11")
    assert f.fields == ("preface",) and f"{y}年12月30日" in f.actual


@pytest.mark.parametrize(
    "text",
    [
        "本年度报告中所列数据统计期限为{y}年1月1日至12月31日。",  # 上海 2022: the end without its year
        "本报告中所列数据的统计期限自{y}年1月1日起，至{y}年12月31日止。",
        "本报告中所列数据的统计时限自{y}年1月1日至{y}年12月31日。",
        "{y}年1月1日至6月30日，开展政务公开专项检查。",  # not the statistics' period
    ],
)
def test_g11_stays_silent_on_the_calendar_year_and_on_other_date_ranges(text):
    draft = full_report("gov2021")
    y = draft.meta.year
    draft.preface = [Paragraph(text.format(y=y))]
    draft.section("overview").before = [Paragraph(text.format(y=y))]
    assert by_rule(draft, "G11") == []


def test_g11_another_year_in_a_section_while_the_preface_is_g4_s():
    draft = full_report("gov2021")
    y = draft.meta.year
    draft.preface = [Paragraph(f"本报告中所列数据的统计期限为{y - 1}年1月1日至{y - 1}年12月31日。")]
    assert by_rule(draft, "G11") == [] and [f.rule for f in by_rule(draft, "G4")] == ["G4"]
    say(draft, "overview", f"本报告统计期限为{y - 1}年1月1日至{y - 1}年12月31日。")
    [f] = by_rule(draft, "G11")
    assert f.fields == ("section.overview",)


# --- G12 -----------------------------------------------------------------------------------


def test_g12_a_preface_copied_from_the_pre_2019_outline():
    draft = full_report("gov2021")
    draft.preface = [
        Paragraph(
            "全文包括基本工作情况、主动公开政府信息情况、依申请公开政府信息情况（含不予公开、收费及减免）、"
            "因政府信息公开申请行政复议和提起行政诉讼情况、存在问题及工作打算等七部分组成。"
        )
    ]
    got = {f.actual for f in by_rule(draft, "G12")}
    assert got == {"收费及减免", "7个部分"}


@pytest.mark.parametrize(
    "text",
    [
        "全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
        "政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六个部分。",
        "培训分三个部分进行，全体干部参加。",  # not about the report
    ],
)
def test_g12_stays_silent_on_the_six_part_outline(text):
    draft = full_report("gov2021")
    draft.preface = [Paragraph(text)]
    assert by_rule(draft, "G12") == []


# --- G13 -----------------------------------------------------------------------------------


def test_g13_a_township_word_in_a_town_s_report():
    draft = full_report("gov2021")
    draft.meta.org = "博山镇人民政府"
    say(draft, "overview", "有效确保乡政府信息管理系统的正常运行。")
    [f] = by_rule(draft, "G13")
    assert f.actual == "乡政府" and "有效确保乡政府" in f.message


def test_g13_another_town_named_in_the_text():
    draft = full_report("gov2021")
    draft.meta.org = "博山镇人民政府"
    say(draft, "overview", "池上镇人民政府高度重视政府信息公开工作。")
    [f] = by_rule(draft, "G13")
    assert "池上镇人民政府" in f.actual


@pytest.mark.parametrize(
    "text",
    [
        "博山镇人民政府高度重视政府信息公开工作。",
        "全镇各村均设立了公开栏，我镇按时完成了乡镇政府信息公开目录编制。",
        "县政府对各乡镇政府信息公开工作进行考核。",
        "推进全乡村振兴领域信息公开。",
    ],
)
def test_g13_stays_silent_on_the_body_s_own_kind(text):
    draft = full_report("gov2021")
    draft.meta.org = "博山镇人民政府"
    say(draft, "overview", text)
    assert by_rule(draft, "G13") == []


def test_g13_reads_only_township_level_reports():
    draft = full_report("gov2021", level="县级人民政府")
    draft.meta.org = "某某县人民政府"
    say(draft, "overview", "指导池上镇人民政府、李家乡人民政府做好年度报告。")
    assert by_rule(draft, "G13") == []


# --- G14 -----------------------------------------------------------------------------------


def test_g14_withdrawn_applications_mentioned_but_not_counted():
    draft = full_report("gov2021")
    fill_apply(draft, {"r_granted": {"natural": 2}}, {}, {})
    say(draft, "apply", "其中，申请人主动撤回申请1件。")
    [f] = by_rule(draft, "G14")
    assert f.severity == "hint" and f.cells[0] == "apply.r_other_other.total"
    assert "apply.r_other_other.natural" in f.cells  # the cell the clerk fills
    assert "主动撤回申请" in f.message
    fill_apply(draft, {"r_granted": {"natural": 1}, "r_other_other": {"natural": 1}}, {}, {})
    assert by_rule(draft, "G14") == []


@pytest.mark.parametrize(
    "text", ["本年度无撤回申请的情况。", "没有申请人撤回申请。", "依法撤销违法行政行为，推进依法行政。"]
)
def test_g14_stays_silent_when_there_were_none(text):
    draft = full_report("gov2019")
    say(draft, "apply", text)
    assert by_rule(draft, "G14") == []
