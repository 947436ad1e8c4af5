"""A1 (每一列：第一项 + 第二项 = 第三项 + 第四项) and the pure sums A2, A3, R1–R3.

The pure sums are only checked when a table is on entered totals: computed totals add up by
construction.  A1 is checked either way, on the values as shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from forms.checks.context import Context, number_of, show
from forms.checks.findings import ERROR, Finding
from forms.i18n import _
from forms.schema import FormatDef, TableDef

#: format id -> every (total cell, input cells, rule) to check on entered totals
_SUMS: dict[str, tuple[tuple[str, tuple[str, ...], str], ...]] = {}


def _same_row(table: TableDef, cell_ids: tuple[str, ...], row_key: str) -> bool:
    return all(table.cells[c].row_key == row_key for c in cell_ids)


def sum_checks(fmt: FormatDef) -> tuple[tuple[str, tuple[str, ...], str], ...]:
    """The declared sums, plus the column sum of each corner cell.

    The corner (e.g. （七）总计 / 总计) is declared as the sum of its row; it is also the sum of
    its column.  With entered totals both must hold, and checking both means that a changed
    总计-column cell is named by two findings that meet only in that cell.
    """
    found = _SUMS.get(fmt.id)
    if found is not None:
        return found
    out: list[tuple[str, tuple[str, ...], str]] = []
    for table in fmt.tables.values():
        for vc in table.cells.values():
            if not vc.computed or vc.sum_rule is None:
                continue
            out.append((vc.id, vc.sum_of, vc.sum_rule))
            first = table.cells[vc.sum_of[0]]
            if _same_row(table, vc.sum_of, vc.row_key) and first.computed and first.sum_rule is not None:
                # first is itself a column sum: the corner sums the same rows in its own column
                rows = [table.cells[c].row_key for c in first.sum_of]
                if all(table.cells[c].col_key == first.col_key for c in first.sum_of):
                    column = tuple(f"{table.key}.{r}.{vc.col_key}" for r in rows)
                    if all(c in table.cells for c in column):
                        out.append((vc.id, column, first.sum_rule))
    found = tuple(out)
    _SUMS[fmt.id] = found
    return found


def _parts(table: TableDef, total: str, inputs: tuple[str, ...]) -> str:
    """Name the inputs of a sum briefly: the columns of a row sum, the first and last row of a column sum."""
    if _same_row(table, inputs, table.cells[total].row_key):
        return _("本行{names}").format(names="、".join(f"“{table.column_label(c)}”" for c in inputs))
    first = table.row_label(table.cells[inputs[0]].row_key)
    last = table.row_label(table.cells[inputs[-1]].row_key)
    return _("本列从“{first}”到“{last}”各项").format(first=first, last=last)


def check_sums(ctx: Context, rules: frozenset[str]) -> Iterator[Finding]:
    """A2, A3, R1–R3 on tables with entered totals; ``rules`` says which of them the format lists."""
    blank_named: set[str] = set()
    for total, inputs, rule in sum_checks(ctx.fmt):
        if rule not in rules:
            continue
        table = ctx.table_def(total)
        data = ctx.draft.table(table.key)
        if not data.entered_totals or not data.included:
            continue
        nums = [number_of(data.values.get(c), table.cells[c].type) for c in inputs]
        if data.values.get(total) is None:
            # published reports leave printed totals blank: with figures beside it that is an
            # error of the sum, not only a blank (T2); a corner is named once, not per direction
            if total not in blank_named and any(n is not None for n in nums):
                blank_named.add(total)
                yield _blank_total(table, total, inputs, nums, rule)
            continue
        entered = number_of(data.values.get(total), table.cells[total].type)
        if entered is None:
            continue
        if any(n is None for n in nums):
            continue  # T2 or T1 says what to fill first
        expected = sum((n for n in nums if n is not None), Decimal(0))
        if entered == expected:
            continue
        yield Finding(
            rule=rule,
            severity=ERROR,
            message=_("“{name}”填的是 {actual}，但{parts}之和是 {expected}：合计应等于各项之和。").format(
                name=table.cell_name(total),
                actual=show(entered),
                parts=_parts(table, total, inputs),
                expected=show(expected),
            ),
            cells=(total, *inputs),
            expected=show(expected),
            actual=show(entered),
        )


def _blank_total(
    table: TableDef, total: str, inputs: tuple[str, ...], nums: list[Decimal | None], rule: str
) -> Finding:
    filled = [n for n in nums if n is not None]
    expected = sum(filled, Decimal(0))
    partial = len(filled) < len(nums)
    return Finding(
        rule=rule,
        severity=ERROR,
        message=_("“{name}”是空的，但{parts}已填了数字{so_far}：合计应等于各项之和，请填写 {expected}。").format(
            name=table.cell_name(total),
            parts=_parts(table, total, inputs),
            so_far=_("（其中还有空格）") if partial else "",
            expected=show(expected) + (_("（已填各项之和）") if partial else ""),
        ),
        cells=(total, *inputs),
        expected=show(expected),
        actual="",
    )


def _note(table: TableDef) -> str:
    """The table's own printed statement of the rule, when it has one."""
    for row in table.rows:
        for gc in row:
            if gc.role == "note" and gc.text:
                return gc.text
    return ""


def check_a1(ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
    tkey = str(params["table"])
    table = ctx.fmt.tables[tkey]
    if not ctx.included(tkey):
        return
    lhs_rows = [str(r) for r in params["lhs"]]
    rhs_rows = [str(r) for r in params["rhs"]]
    columns = [vc.col_key for vc in table.data_row_cells(lhs_rows[0])]
    for col in columns:
        lhs = [f"{tkey}.{r}.{col}" for r in lhs_rows]
        rhs = [f"{tkey}.{r}.{col}" for r in rhs_rows]
        nums = [ctx.number(c) for c in lhs + rhs]
        if any(n is None for n in nums):
            continue  # a column with blanks is not summed: T2 says what to fill
        left = sum((n for n in nums[: len(lhs)] if n is not None), Decimal(0))
        right = sum((n for n in nums[len(lhs) :] if n is not None), Decimal(0))
        if left == right:
            continue
        yield Finding(
            rule="A1",
            severity=ERROR,
            message=_("“{col}”列：{lhs}之和为 {left}，{rhs}之和为 {right}，两者应相等。{note}").format(
                col=table.column_label(lhs[0]),
                lhs="与".join(f"“{table.row_label(r)}”" for r in lhs_rows),
                rhs="与".join(f"“{table.row_label(r)}”" for r in rhs_rows),
                left=show(left),
                right=show(right),
                note=_note(table),
            ),
            cells=ctx.with_leaves(lhs + rhs),
            expected=show(left),
            actual=show(right),
        )
