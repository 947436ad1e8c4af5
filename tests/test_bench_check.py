"""How long check() takes on a full report (target: under 2 ms median; SPEC §7 allows 10 ms for a
whole edit).  Run with ``pytest tests/test_bench_check.py --benchmark-enable`` to get figures."""

from __future__ import annotations

from itertools import count

from draft_factory import fill_apply, fill_review, full_report

from forms.checks import check
from forms.model import Draft, Paragraph


def busy_report() -> Draft:
    """A gov2021 report with texts, figures in every table and last year's data."""
    draft = full_report("gov2021", level="乡镇")
    fill_apply(
        draft,
        {
            "r_granted": {"natural": 12, "business": 2},
            "r_partial": {"natural": 3},
            "r_unable_not_held": {"natural": 4, "legal_service": 1},
            "r_np_repeat": {"other": 1},
        },
        carried_over={"natural": 2},
        carried_forward={"natural": 1},
    )
    fill_review(draft, {"review_upheld": 1, "direct_pending": 1})
    for cid, n in {
        "active.normative.issued": 6,
        "active.normative.repealed": 1,
        "active.normative.in_force": 25,
    }.items():
        draft.set_value(cid, n)
    draft.section("overview").before[2] = Paragraph(
        "（二）依申请公开。全年共收到政府信息公开申请22件，上年结转2件，均依法按时答复；"
        "被申请行政复议1件，行政诉讼1件。"
    )
    # a long 总体情况 (about 1,150 characters), as counties write them
    overview = draft.section("overview").before
    overview += [Paragraph(f"第{q}季度：{p.text}") for q in "一二三" for p in overview[1:]]
    draft.last_year.carried_forward = {"natural": 2, "total": 2}
    draft.last_year.in_force = {"rules": 0, "normative": 20}
    # last year's texts: the same sentences in another order, so that only the full comparison
    # (not its quick upper bounds) tells them apart: the slow path of G6
    draft.last_year.texts = {sec.key: "".join(p.text for p in reversed(sec.before)) for sec in draft.sections}
    return draft


def test_busy_report_is_clean_apart_from_its_hint():
    draft = busy_report()
    assert [f.rule for f in check(draft)] == ["A5"]


def test_bench_check_full_report(benchmark):
    draft = busy_report()
    findings = benchmark(check, draft)
    assert [f.rule for f in findings] == ["A5"]


def test_bench_check_while_typing_in_a_section(benchmark):
    """Each round changes the 总体情况 text, so the cached G6 similarity must be computed anew."""
    draft = busy_report()
    overview = draft.section("overview").before
    keystrokes = count()

    def type_and_check():
        overview[-1] = Paragraph(overview[-1].text + str(next(keystrokes) % 10))
        return check(draft)

    findings = benchmark(type_and_check)
    assert [f.rule for f in findings] == ["A5"]


def long_prose_report(repeats: int) -> Draft:
    """A report whose 总体情况 repeats sentences that every text rule reads (G7, G11–G14)."""
    draft = busy_report()
    y = draft.meta.year
    unit = (
        "本年度共收到政府信息公开申请十二件，予以公开3件，不予公开1件，申请人主动撤回申请1件。"
        f"本报告统计期限为{y}年1月1日至{y}年12月30日。我乡高度重视，全文共七个部分。"
    )
    draft.section("overview").before = [Paragraph(unit * repeats)]
    return draft


def test_bench_check_text_rules_on_a_quarter_megabyte_of_prose(benchmark):
    # the text rules are linear in the text: 4× the text costs about 4× (not 16×) the time
    draft = long_prose_report(3000)
    findings = benchmark.pedantic(check, args=(draft,), rounds=3, iterations=1)
    assert {"G7", "G11", "G12", "G14"} <= {f.rule for f in findings}
