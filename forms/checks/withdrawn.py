"""G14: the text mentions withdrawn applications (撤回/撤销申请) while （六）其他处理 holds none.

A withdrawn application is counted in （六）其他处理 (gov2021: its row 3.其他); reports say
"申请人主动撤回申请1件" and count it nowhere.  A hint, with where to count it; "无撤回申请" and
the like say there were none and stay silent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from forms.checks.context import Context
from forms.checks.findings import HINT, Finding
from forms.checks.prose import paragraphs, scanner, sentence
from forms.i18n import _

_WITHDRAWN = re.compile(
    r"(?:撤回|撤销)(?:了)?(?:其)?(?:政府信息公开|信息公开|依申请公开)?申请|(?:主动|自行|申请人)撤回"
)
_NEGATED = re.compile(r"(?:无|没有|未|不存在|未发生|未出现)[^。；，]{0,8}$")


def _mentions(text: str) -> list[tuple[int, int]]:
    """Where a paragraph says an application was withdrawn (not "没有撤回")."""
    return [
        (m.start(), m.end())
        for m in _WITHDRAWN.finditer(text)
        if not _NEGATED.search(text, max(0, m.start() - 12), m.start())
    ]


def check_g14(ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
    rows = [str(r) for r in params.get("cells", ())]
    if not rows or not all(ctx.fmt.has_cell(c) and ctx.included(ctx.table_def(c).key) for c in rows):
        return
    if any((n := ctx.number(c)) is not None and n > 0 for c in rows):
        return
    target = str(params.get("count_in", rows[-1]))
    found_in = scanner("G14", _mentions)
    for para in paragraphs(ctx, preface=False):
        for m_start, m_end in found_in(para.text):
            yield Finding(
                rule="G14",
                severity=HINT,
                message=_(
                    "“{where}”提到申请被撤回（“{quote}”），但表格中“{rows}”都没有数字：撤回的申请应计入“{target}”。"
                ).format(
                    where=para.where,
                    quote=sentence(para.text, m_start, m_end),
                    rows="”“".join(ctx.fmt.cell_name(c) for c in rows),
                    target=ctx.fmt.cell_name(target),
                ),
                cells=ctx.with_leaves([target]),
                fields=(para.field,),
                expected=_("计入撤回的申请"),
                actual="0",
            )
            return  # one hint is enough: it says where to count them all
