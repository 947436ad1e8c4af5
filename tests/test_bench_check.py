"""How long check() takes: on a full report (target: under 2 ms median; SPEC §7 allows 10 ms for a
whole edit), and on county-length reports whose 总体情况 has 1k–50k characters with a similar
last-year text (issue 15: under 50 ms at 50k, growing no faster than the text).  Run with
``pytest tests/test_bench_check.py --benchmark-enable`` to get figures."""

from __future__ import annotations

from itertools import count

import pytest
from draft_factory import fill_apply, fill_review, full_report, long_report

from forms.checks import check
from forms.checks.context import Context
from forms.checks.findings import Settings
from forms.checks.memo import clear_all
from forms.checks.run import RULES
from forms.model import Draft, Paragraph

SIZES = [1_000, 5_000, 20_000, 50_000]


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
    # last year's texts: the same paragraphs in another order, which G6 rightly calls copied
    draft.last_year.texts = {sec.key: "".join(p.text for p in reversed(sec.before)) for sec in draft.sections}
    return draft


EXPECTED = [("G6", "section.overview"), ("A5", ""), ("G6", "section.problems")]


def rules_of(findings):
    return [(f.rule, f.fields[0] if f.fields else "") for f in findings]


def test_busy_report_has_its_hint_and_the_copied_sections():
    assert rules_of(check(busy_report())) == EXPECTED


def test_bench_check_full_report(benchmark):
    draft = busy_report()
    findings = benchmark(check, draft)
    assert rules_of(findings) == EXPECTED


def test_bench_check_while_typing_in_a_section(benchmark):
    """Each round changes the 总体情况 text (a new number at the end of its last paragraph), so its
    checks must be computed anew."""
    draft = busy_report()
    overview = draft.section("overview").before
    last = overview[-1].text
    keystrokes = count()

    def type_and_check():
        overview[-1] = Paragraph(f"{last}{next(keystrokes)}")
        return check(draft)

    findings = benchmark(type_and_check)
    assert rules_of(findings) == EXPECTED


def print_figures(benchmark, label: str) -> None:
    stats = getattr(getattr(benchmark, "stats", None), "stats", None)
    if stats is not None and getattr(stats, "data", None):
        print(f"\n{label}: median {stats.median * 1000:.2f} ms, max {stats.max * 1000:.2f} ms")


@pytest.mark.parametrize("chars", SIZES)
def test_bench_check_long_report(benchmark, chars):
    """check() of a report never checked before: each round has a new last-year text and a new last
    paragraph, so nothing of 总体情况 can come from a cache (what opening the report costs)."""
    draft = long_report(chars)
    overview = draft.section("overview").before
    last_text = draft.last_year.texts["overview"]
    rounds = count()

    def a_report_never_seen():  # untimed: letting go of the last round's memos is not checking
        n = next(rounds)
        draft.last_year.texts["overview"] = f"{last_text}{n}"
        overview[-1] = Paragraph(f"{overview[-1].text[:-1]}{n % 10}")
        clear_all()  # the paragraphs' kept scans too: this is a report opened for the first time

    findings = benchmark.pedantic(lambda: check(draft), setup=a_report_never_seen, rounds=15, warmup_rounds=1)
    print_figures(benchmark, f"check() of a {chars:,}-character 总体情况, nothing cached")
    assert findings == []


@pytest.mark.parametrize("chars", SIZES)
def test_bench_check_keystroke_in_long_report(benchmark, chars):
    """One character added to a paragraph of 总体情况, then check(): what each keystroke costs."""
    draft = long_report(chars)
    overview = draft.section("overview").before
    middle = len(overview) // 2
    keystrokes = count()

    def keystroke():
        overview[middle] = Paragraph(overview[middle].text + str(next(keystrokes) % 10))
        return check(draft)

    findings = benchmark.pedantic(keystroke, rounds=100, warmup_rounds=3)
    print_figures(benchmark, f"keystroke + check() in a {chars:,}-character 总体情况")
    assert findings == []


TEXT_RULES = ["A7", "G2", "G3", "G4", "G6", "G7", "G8", "G9", "G10", "G11", "G12", "G13", "G14"]


@pytest.mark.parametrize("chars", [5_000, 50_000])
@pytest.mark.parametrize("rule", TEXT_RULES)
def test_bench_text_rule_on_long_text(benchmark, rule, chars):
    """Each rule that reads the texts, alone, on a fresh context, a last-year text and a 总体情况
    never seen before (no cache helps): compare the 5k and 50k figures to see how it grows."""
    draft = long_report(chars)
    overview = draft.section("overview").before
    params = draft.fmt.rules.get(rule, {"section": "overview", "words": ["信息处理费"], "cells": []})
    settings = Settings(overview_limit=1000)
    last_text = draft.last_year.texts["overview"]
    rounds = count()

    def a_text_never_seen():  # untimed: the rule's kept per-paragraph scans go too
        n = next(rounds)
        draft.last_year.texts["overview"] = f"{last_text}{n}"
        overview[-1] = Paragraph(f"{overview[-1].text[:-1]}{n % 10}")
        clear_all()

    def run_rule():
        return list(RULES[rule](Context(draft, settings), params))

    findings = benchmark.pedantic(run_rule, setup=a_text_never_seen, rounds=10, warmup_rounds=1)
    print_figures(benchmark, f"{rule} on a {chars:,}-character 总体情况")
    assert [f.rule for f in findings] == (["G10"] if rule == "G10" else [])


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
    findings = benchmark.pedantic(lambda: check(draft), setup=clear_all, rounds=3, iterations=1)
    assert {"G7", "G11", "G12", "G14"} <= {f.rule for f in findings}
