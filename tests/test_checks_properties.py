"""Properties of the arithmetic checks on generated drafts whose tables add up.

1. A balanced draft (computed or entered totals) raises none of A1–A3, R1–R3.
2. After one entered cell changes, every finding that was not there before names that cell.
3. With entered totals, the new findings of a changed application cell meet in that cell only.
"""

from __future__ import annotations

from draft_factory import (
    applicant_columns,
    enter_totals,
    entered_cells,
    fill_apply,
    fill_review,
    fill_zeros,
    make,
    result_rows,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.checks import check
from forms.model import Draft
from forms.schema import load_format
from forms.values import Amount, Invalid

ARITHMETIC = {"A1", "A2", "A3", "R1", "R2", "R3"}
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def balanced_drafts(draw: st.DrawFn) -> Draft:
    fmt = load_format(draw(st.sampled_from(["gov2021", "gov2019"])))
    cols = applicant_columns(fmt)
    rows = result_rows(fmt)
    draft = fill_zeros(make(fmt.id))
    results: dict[str, dict[str, int]] = {}
    for row, col, n in draw(
        st.lists(st.tuples(st.sampled_from(rows), st.sampled_from(cols), st.integers(1, 40)), max_size=15)
    ):
        results.setdefault(row, {})[col] = n
    per_column = st.dictionaries(st.sampled_from(cols), st.integers(0, 25))
    fill_apply(draft, results, draw(per_column), draw(per_column))
    review_cols = [vc.col_key for vc in fmt.tables["review"].entered_cells()]
    fill_review(draft, draw(st.dictionaries(st.sampled_from(review_cols), st.integers(0, 9))))
    if draw(st.booleans()):
        enter_totals(draft, "apply")
        enter_totals(draft, "review")
    return draft


def _changeable(draft: Draft) -> list[str]:
    fmt = draft.fmt
    return entered_cells(draft, fmt.tables["apply"]) + entered_cells(draft, fmt.tables["review"])


@SETTINGS
@given(balanced_drafts())
def test_balanced_drafts_raise_no_arithmetic_error(draft):
    assert [f for f in check(draft) if f.rule in ARITHMETIC] == []


@SETTINGS
@given(balanced_drafts(), st.data())
def test_every_new_finding_names_the_changed_cell(draft, data):
    cell = data.draw(st.sampled_from(_changeable(draft)), label="cell")
    old = draft.value(cell)
    new = data.draw(st.one_of(st.none(), st.integers(0, 60)).filter(lambda v: v != old), label="new value")
    before = check(draft)
    draft.set_value(cell, new)
    fresh = [f for f in check(draft) if f not in before]
    for f in fresh:
        assert cell in f.cells, f


@SETTINGS
@given(balanced_drafts(), st.data())
def test_on_entered_totals_new_findings_meet_in_the_changed_cell(draft, data):
    for key in ("apply", "review"):
        if not draft.table(key).entered_totals:
            enter_totals(draft, key)
    cell = data.draw(st.sampled_from(_changeable(draft)), label="cell")
    old = draft.value(cell)
    new = data.draw(st.integers(0, 60).filter(lambda v: v != old), label="new value")
    before = check(draft)
    draft.set_value(cell, new)
    fresh = [f for f in check(draft) if f not in before]
    assert fresh, "a changed cell always breaks a sum"
    common = set(fresh[0].cells).intersection(*(f.cells for f in fresh[1:]))
    if cell.startswith("apply."):
        assert common == {cell}, [f.rule for f in fresh]
    else:
        # the 复议/诉讼 table has one sum per group and nothing across groups: the group is named
        [group] = fresh
        assert group.rule in {"R1", "R2", "R3"} and cell in group.cells and len(group.cells) == 5


ANY_VALUE = st.one_of(
    st.none(),
    st.integers(-50, 10**7),
    st.decimals(min_value=-100, max_value=10**6, places=2, allow_nan=False),
    st.builds(Amount, st.decimals(min_value=-5, max_value=10**6, places=1), st.sampled_from([None, "元", "万元"])),
    st.builds(Invalid, st.text(max_size=5)),
)


@SETTINGS
@given(
    st.sampled_from(["gov2021", "gov2019", "legacy"]),
    st.lists(st.tuples(st.integers(0, 10**6), ANY_VALUE), max_size=30),
    st.booleans(),
)
def test_check_survives_any_values_and_reports_each_bad_one(format_id, assignments, entered):
    draft = fill_zeros(make(format_id))
    cells = [(key, cid) for key, table in draft.fmt.tables.items() for cid in table.cells]
    for i, value in assignments:
        draft.set_value(cells[i % len(cells)][1], value)
    for key in draft.fmt.tables:
        draft.table(key).entered_totals = entered
    findings = check(draft)
    t1 = {f.cells[0] for f in findings if f.rule == "T1"}
    for key, table in draft.fmt.tables.items():
        for cid, value in draft.table(key).values.items():
            if isinstance(value, Invalid):
                assert cid in t1
            elif type(value) is int and table.cells[cid].type == "count" and value >= 0:
                assert cid not in t1
