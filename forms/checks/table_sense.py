"""Plausibility of single table figures: A5, A7, P2, P3, P5, P7."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from forms.checks.context import Context, number_of, show, show_value
from forms.checks.findings import HINT, WARNING, Finding
from forms.i18n import _
from forms.levels import triggers
from forms.values import Amount

_TEN_THOUSAND = Decimal(10000)


def section_title(ctx: Context, key: str) -> str:
    sec = ctx.draft.section(key)
    if sec is not None:
        return ctx.draft.section_title(sec)
    sdef = ctx.fmt.section(key)
    return sdef.title if sdef else key


def _shown_number(ctx: Context, cell_id: str) -> Decimal | None:
    """The number a cell shows, partial sums included (None when blank or invalid)."""
    table = ctx.table_def(cell_id)
    return number_of(ctx.shown(table.key)[cell_id], table.cells[cell_id].type)


def _row(ctx: Context, row_id: str) -> tuple[str, str, list[str]]:
    tkey, row_key = row_id.split(".", 1)
    return tkey, row_key, [vc.id for vc in ctx.fmt.tables[tkey].data_row_cells(row_key)]


def check_a5(ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
    for row_id in params.get("cell_rows", ()):
        tkey, row_key, cells = _row(ctx, str(row_id))
        if not ctx.included(tkey):
            continue
        if not any((n := _shown_number(ctx, c)) is not None and n > 0 for c in cells):
            continue
        yield Finding(
            rule="A5",
            severity=HINT,
            message=_(
                "“{row}”中有申请：区分处理的申请只计入这一行，不要再计入其他办理结果，否则同一件申请会被算两次。"
            ).format(row=ctx.fmt.tables[tkey].row_label(row_key)),
            cells=tuple(cells),
        )


def check_a7(ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
    key = str(params["section"])
    words = [str(w) for w in params["words"]]
    text = ctx.text(key)
    if any(w in text for w in words):
        return
    for cid in params["cells"]:
        if not ctx.included(ctx.table_def(cid).key):
            continue
        n = _shown_number(ctx, cid)
        if n is None or n <= 0:
            continue
        yield Finding(
            rule="A7",
            severity=WARNING,
            message=_("“{name}”为 {n}，但“{section}”没有提到{words}：请在那里说明有关情况。").format(
                name=ctx.fmt.cell_name(cid),
                n=show(n),
                section=section_title(ctx, key),
                words="、".join(f"“{w}”" for w in words),
            ),
            cells=ctx.with_leaves([cid]),
            fields=(f"section.{key}",),
            expected=_("提到{words}").format(words="、".join(words)),
            actual=show(n),
        )


def check_p2(ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
    for prev_id, delta_id in params.get("pairs", ()):
        table = ctx.table_def(prev_id)
        if not ctx.included(table.key):
            continue
        prev, delta = ctx.number(prev_id), ctx.number(delta_id)
        if prev is None or delta is None or prev + delta >= 0:
            continue
        yield Finding(
            rule="P2",
            severity=WARNING,
            message=_(
                "“{row}”：{prev_label} {prev} 加{delta_label} {delta} 得 {total}，项目数量不会少于0，请核对。"
            ).format(
                row=table.row_label(table.cells[prev_id].row_key),
                prev_label=table.column_label(prev_id),
                prev=show(prev),
                delta_label=table.column_label(delta_id),
                delta=show(delta),
                total=show(prev + delta),
            ),
            cells=(prev_id, delta_id),
            expected=_("不小于0"),
            actual=show(prev + delta),
        )


def _decimals(n: Decimal) -> int:
    exponent = n.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def check_p3(ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
    level = triggers(ctx.draft.meta.level, "P3")
    if level is None:
        return
    limit = Decimal(str(level["limit"]))
    for cid in params.get("cells", ()):
        if not ctx.included(ctx.table_def(cid).key):
            continue
        n = ctx.number(cid)
        # yuan have at most two decimals (角, 分): a figure with more is in 万元 however large
        if n is None or n < limit or _decimals(n) > 2:
            continue
        yield Finding(
            rule="P3",
            severity=WARNING,
            message=_(
                "“{name}”为 {n}：本栏的单位是万元，这个数看起来是按元填写的。"
                "如果收费是 {n} 元，应填 {wan}（万元）；也可以直接输入“{n}元”，会自动换算。"
            ).format(name=ctx.fmt.cell_name(cid), n=show(n), wan=show(n / _TEN_THOUSAND)),
            cells=(cid,),
            expected=_("小于 {limit}（万元）").format(limit=show(limit)),
            actual=show(n),
        )


def check_p5(ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
    if triggers(ctx.draft.meta.level, "P5") is None:
        return
    tkey, row_key, cells = _row(ctx, str(params["row"]))
    if not ctx.included(tkey):
        return
    nums = [_shown_number(ctx, c) for c in cells]
    if not any(n is not None and n > 0 for n in nums):
        return
    yield Finding(
        rule="P5",
        severity=WARNING,
        message=_("“{row}”一行不是0，但{level}没有制定{row}的权限：这一行通常应填0，请核对。").format(
            row=ctx.fmt.tables[tkey].row_label(row_key), level=ctx.draft.meta.level
        ),
        cells=tuple(cells),
        expected="0",
        actual="、".join(show(n) for n in nums),
    )


def check_p7(ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
    for cid in params.get("cells", ()):
        table = ctx.table_def(cid)
        if not ctx.included(table.key):
            continue
        value = ctx.draft.value(cid)
        if not isinstance(value, Amount) or value.unit is not None or value.value == 0:
            continue  # nothing bought: 0 needs no unit
        yield Finding(
            rule="P7",
            severity=WARNING,
            message=_("“{name}”填的是 {v}，没有写单位：请写明“万元”或“元”，例如 {v}万元。").format(
                name=ctx.fmt.cell_name(cid), v=show_value(value)
            ),
            cells=(cid,),
            expected=_("写明单位（万元或元）"),
            actual=show_value(value),
        )
