"""An edit re-checks only what it changed (results are kept by their inputs): after any sequence of
edits the findings equal those of a check from scratch, with nothing kept."""

from __future__ import annotations

import copy

from draft_factory import entered_cells, full_report, long_report
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.checks import Settings, check
from forms.checks.memo import clear_all, set_aside
from forms.model import Acknowledgement, Draft, Paragraph

SNIPPETS = [
    "全年共收到政府信息公开申请22件",
    "未收到政府信息公开申请",
    "被申请行政复议3件",
    "行政诉讼案件1件",
    "2019年",
    "本年度未收取信息处理费。",
    "工作考核、社会评议和责任追究",
    "（一）主动公开",
    "收到申请 5 件",
    "\n",
    " ",
    "。",
    "7",
]


TARGETED = ["active.rules.issued", "active.fees.amount", "active.normative.in_force", "apply.carried_over.natural"]


@st.composite
def edits(draw: st.DrawFn, draft: Draft) -> tuple:
    kind = draw(
        st.sampled_from(["insert", "delete", "paragraph", "level", "cell", "cell", "last_year", "meta", "meta", "ack"])
    )
    sec = draw(st.sampled_from(draft.sections))
    if kind in ("insert", "delete", "paragraph", "level"):
        side = draw(st.sampled_from(["before", "after"]))
        paras = getattr(sec, side)
        where = draw(st.integers(0, len(paras)))
        return (kind, sec.key, side, where, draw(st.sampled_from(SNIPPETS)), draw(st.integers(0, 400)))
    if kind == "cell":
        cells = [c for t in draft.fmt.tables.values() for c in entered_cells(draft, t)]
        # the cells the level and last year's figures bear on, often: rules P3, P4, P5, A6
        named = [c for c in TARGETED if any(c in t.cells for t in draft.fmt.tables.values())]
        cell = draw(st.sampled_from(named) if named and draw(st.booleans()) else st.sampled_from(cells))
        return (kind, cell, draw(st.sampled_from([None, 0, 1, 3, 12, 30, 5_000, 200_000])))
    if kind == "last_year":
        return (kind, sec.key, draw(st.sampled_from(["this", "other", "none", "figure"])))
    if kind == "meta":
        return (kind, draw(st.sampled_from(["乡镇", "县级人民政府", "县级政府部门"])), draw(st.integers(2018, 2025)))
    return (kind,)


def apply(draft: Draft, edit: tuple, findings: list) -> None:
    kind = edit[0]
    if kind in ("insert", "delete", "paragraph", "level"):
        _k, key, side, where, snippet, at = edit
        sec = draft.section(key)
        paras = getattr(sec, side)
        if kind == "paragraph" or not paras:
            paras.insert(where, Paragraph(snippet.strip() or "新的一段"))
            return
        i = min(where, len(paras) - 1)
        text, level = paras[i].text, paras[i].level
        pos = at % (len(text) + 1)
        if kind == "insert":
            paras[i] = Paragraph(text[:pos] + snippet + text[pos:], level)
        elif kind == "delete":
            paras[i] = Paragraph(text[:pos] + text[pos + 12 :], level)
        else:
            paras[i] = Paragraph(text, (level + 1) % 4)
    elif kind == "cell":
        draft.set_value(edit[1], edit[2])
    elif kind == "last_year":
        _k, key, what = edit
        if what == "this":
            draft.last_year.texts[key] = draft.section_text(key)
        elif what == "other":
            draft.last_year.texts[key] = "上年度工作平稳有序，政府信息公开各项制度得到落实，公开内容不断丰富。" * 2
        elif what == "none":
            draft.last_year.texts.pop(key, None)
        else:
            draft.last_year.carried_forward["natural"] = len(draft.last_year.texts) % 3
    elif kind == "meta":
        draft.meta.level, draft.meta.year = edit[1], edit[2]
    elif findings:
        f = findings[len(findings) // 2]
        draft.acknowledgements.append(Acknowledgement(f.rule, f.cells or f.fields, f.actual or "", "已核实"))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["gov2021", "gov2019", "legacy", "long"]), st.data())
def test_checks_after_edits_equal_a_check_from_scratch(start, data):
    draft = long_report(3_000) if start == "long" else full_report(start)
    options = data.draw(
        st.builds(Settings, overview_limit=st.sampled_from([None, 500]), similarity=st.sampled_from([0.8, 0.3])),
        label="settings",
    )
    findings = check(draft, options)
    for _ in range(data.draw(st.integers(1, 15), label="edits")):
        apply(draft, data.draw(edits(draft), label="edit"), findings)
        findings = check(draft, options)  # reuses what the edit left unchanged
        with set_aside():
            assert findings == check(copy.deepcopy(draft), options)


def test_a_keystroke_searches_only_its_section_and_reuses_the_tables(monkeypatch):
    """The kept results are really used: after a keystroke in 总体情况 the G7 patterns search the
    paragraph typed in only, and no table rule runs again."""
    from forms.checks import figures, run

    draft = long_report(3_000)
    check(draft)
    searched: list[str] = []
    table_rules_run: list[str] = []
    compiled = figures._compiled

    class Counting:
        def __init__(self, pattern):
            self.pattern = pattern

        def finditer(self, text):
            searched.append(text)
            return self.pattern.finditer(text)

    monkeypatch.setattr(figures, "_compiled", lambda source: Counting(compiled(source)))
    for rule in ("A1", "T1", "P4"):
        real = run.RULES[rule]
        monkeypatch.setitem(
            run.RULES, rule, lambda ctx, p, rule=rule, real=real: table_rules_run.append(rule) or real(ctx, p)
        )
    para = draft.section("overview").before
    para[-1] = Paragraph(para[-1].text + "好")
    assert check(draft) == []
    # only the paragraph typed in, by the phrasings whose words it holds (the others are skipped)
    assert 0 < len(searched) <= len(draft.fmt.rules["G7"]["figures"])
    assert all("好" in t for t in searched)
    assert table_rules_run == []
    typed = len(searched)
    draft.set_value("apply.new_received.natural", 3)
    check(draft)
    assert len(searched) == typed  # a cell edit searches no text
    assert sorted(table_rules_run) == ["A1", "P4", "T1"]


def test_a_memo_forgets_the_least_recently_used_within_its_weight():
    from forms.checks.memo import Memo

    memo: Memo[str] = Memo(10, weight=len)
    computed = []

    def get(key):
        return memo.get(key, lambda: computed.append(key) or key.upper())

    assert [get("abcd"), get("efgh")] == ["ABCD", "EFGH"]
    assert get("abcd") == "ABCD"  # kept, and now the most recently used
    get("ijkl")  # 12 > 10: "efgh", used least recently, goes
    assert get("abcd") == "ABCD" and get("ijkl") == "IJKL"
    get("efgh")
    assert computed == ["abcd", "efgh", "ijkl", "efgh"]
    get("x" * 11)  # heavier than the whole memo: computed, not kept
    get("x" * 11)
    assert computed[-2:] == ["x" * 11, "x" * 11]


def test_typing_in_a_long_paragraph_keeps_a_bounded_amount_of_text(monkeypatch):
    """Each keystroke is a new paragraph text and a new section text to key results by; what is
    kept stays within each memo's bound, and the findings stay right."""
    from forms.checks import context, prose

    monkeypatch.setattr(prose._SCANS, "_max", 60_000)
    monkeypatch.setattr(context._COMPACT, "_max", 60_000)
    clear_all()  # what earlier tests left is not this test's to bound
    draft = long_report(20_000)
    para = draft.section("overview").before
    for i in range(40):
        para[3] = Paragraph(para[3].text + str(i % 10))
        check(draft)
        assert prose._SCANS._total <= 60_000 and context._COMPACT._total <= 60_000
    with set_aside():
        expected = check(copy.deepcopy(draft))
    assert check(draft) == expected
