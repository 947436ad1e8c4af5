"""Checks against last year's report: A6, P4, G6."""

from __future__ import annotations

import random
import re
from pathlib import Path

from draft_factory import fill_apply, full_report

from forms.checks import Settings, check
from forms.checks.crossyear import similarity_percent
from forms.model import Paragraph
from forms.schema import load_format


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


# --- what a reviewer calls copied (重复率: how much of this year's text was there last year) ----------

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def seed_paragraphs(name: str) -> list[str]:
    """The body of a published report (a seed), one paragraph a line, up to its 统计表."""
    text = (SEEDS / name).read_text(encoding="utf-8").split("附：")[0].split("统计表")[0]
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return [line for line in lines[1:] if len(line) >= 20]


ZHONGZHUANG = "001_9f9339e134f92e4c.txt"  # 中庄镇 2017
BOSHAN_TOWN = "000_cf58026e99672146.txt"  # 博山镇 2017, another town's report


def sentences(paragraphs: list[str]) -> list[str]:
    return [s for p in paragraphs for s in re.findall(r"[^。]+。?", p)]


def g6(this_year: list[str], last_year: list[str], similarity: float = 0.8):
    draft = full_report("gov2021")
    draft.section("overview").before = [Paragraph(p) for p in this_year]
    draft.last_year.texts = {"overview": "\n".join(last_year)}
    found = by_rule(draft, "G6", Settings(similarity=similarity))
    assert all(f.fields == ("section.overview",) for f in found)
    return found


def test_g6_last_years_sentences_in_another_order_are_copied():
    last = seed_paragraphs(ZHONGZHUANG)
    shuffled = sentences(last)
    random.Random(7).shuffle(shuffled)
    this = ["".join(shuffled[i : i + 4]) for i in range(0, len(shuffled), 4)]
    [f] = g6(this, last)
    assert int(f.actual.rstrip("%")) >= 95  # every sentence was there, only the order is new


def test_g6_last_year_with_new_figures_and_a_few_words_changed_is_copied():
    last = seed_paragraphs(ZHONGZHUANG)
    edits = {"2017": "2018", "170": "215", "15天": "10天", "我镇": "本镇", "进一步": "持续", "加强": "强化"}
    this = list(last)
    for old, new in edits.items():
        this = [p.replace(old, new) for p in this]
    assert this != last
    [f] = g6(this, last)
    assert int(f.actual.rstrip("%")) >= 85


def test_g6_some_of_last_years_sentences_among_new_ones_count_for_their_share():
    last = seed_paragraphs(ZHONGZHUANG)
    old = sentences(last)[::3]
    new = sentences(seed_paragraphs(BOSHAN_TOWN))
    this = [a + b for a, b in zip(old, new, strict=False)]
    share = sum(len(s) for s in old[: len(this)]) / sum(len(p) for p in this)
    assert g6(this, last) == []  # a report partly written anew is not flagged at 80%
    [f] = g6(this, last, similarity=0.1)
    assert abs(int(f.actual.rstrip("%")) - share * 100) <= 8


def test_g6_another_towns_report_is_not_copied():
    [f] = g6(seed_paragraphs(BOSHAN_TOWN), seed_paragraphs(ZHONGZHUANG), similarity=0.01)
    assert int(f.actual.rstrip("%")) <= 20  # set phrases (“政府信息公开条例” …) only
    assert g6(seed_paragraphs(BOSHAN_TOWN), seed_paragraphs(ZHONGZHUANG)) == []


def test_g6_the_outline_every_report_shares_does_not_count():
    outline = load_format("gov2021").section("overview").outline
    last = [line for pair in zip(outline, sentences(seed_paragraphs(ZHONGZHUANG)), strict=False) for line in pair]
    new = sentences(seed_paragraphs(BOSHAN_TOWN))
    # this year: the same five headings, as headings and as the opening of a paragraph, with new text
    draft_paras = [f"{h}。{s}" for h, s in zip(outline, new, strict=False)] + new[5:12]
    [f] = g6(draft_paras, last, similarity=0.01)
    assert int(f.actual.rstrip("%")) <= 20
    draft = full_report("gov2021")
    draft.section("overview").before = [Paragraph(h, 2) for h in outline] + [Paragraph(s) for s in new[:3]]
    draft.last_year.texts = {"overview": "\n".join(outline) + "\n" + "".join(new[:3])}
    [f] = by_rule(draft, "G6")  # the content is last year's: copied, headings or not
    assert f.actual == "100%"


def _copied_by_slices(paragraphs: list[str], last_text: str) -> tuple[int, int]:
    """G6's measure spelled out the slow way: a character is copied when an 8-character run
    holding it is anywhere in last year's text."""
    last = re.sub(r"\s+", "", last_text)
    runs = {last[i : i + 8] for i in range(len(last) - 7)}
    covered = total = 0
    for p in paragraphs:
        text = re.sub(r"\s+", "", p)
        if len(text) < 8:
            continue
        marked = [False] * len(text)
        for i in range(len(text) - 7):
            if text[i : i + 8] in runs:
                marked[i : i + 8] = [True] * 8
        covered += sum(marked)
        total += len(text)
    return covered, total


def test_g6_measure_counts_exactly_the_characters_in_shared_eight_character_runs():
    from forms.checks.crossyear import copied_share

    rng = random.Random(15)
    alphabet = "政府信息公开申请件年我镇依法答复" + "0123456789" + "，。"
    for _ in range(300):
        last = "".join(rng.choice(alphabet[:6]) for _ in range(rng.randrange(0, 80)))
        # this year's paragraphs: pieces of last year's text among new characters
        paragraphs = []
        for _ in range(rng.randrange(1, 4)):
            parts = []
            for _ in range(rng.randrange(1, 5)):
                if last and rng.random() < 0.6:
                    i = rng.randrange(len(last))
                    parts.append(last[i : i + rng.randrange(1, 20)])
                else:
                    parts.append("".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 12))))
            paragraphs.append(" ".join(parts))
        assert copied_share(paragraphs, last) == _copied_by_slices(paragraphs, last), (paragraphs, last)


def test_g6_characters_outside_the_basic_plane_are_compared_too():
    from forms.checks.crossyear import copied_share

    # 𠮷 (U+20BB7) is written in some place names; it must neither break nor fake the measure
    last = "𠮷家村今年主动公开政府信息一百二十条，全部按时公开。"
    assert copied_share([last], last) == (len(last.encode("utf-16-le")) // 2,) * 2
    assert copied_share(["𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷"], last)[0] == 0
