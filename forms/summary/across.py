"""Checks across units, which no single report can see (issue 14):

- S1 内容雷同: a paragraph of some length that appears word for word in another unit's report;
- S2 a figure far from that unit's own report of the year before (when that file was received);
- S3 a 乡镇 or 街道 that reports 规章 (only the governments of cities with districts and above make them).

They are warnings on the units concerned; they never keep a unit out of the sum.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING

from forms.checks.findings import WARNING, Finding
from forms.i18n import _
from forms.summary.roster import LOWER_LEVELS, unit_key
from forms.totals import effective_values
from forms.values import numeric

if TYPE_CHECKING:
    from forms.model import Draft
    from forms.summary.collect import Unit

#: shorter paragraphs ("本年度未收取费用。") are alike by nature
MIN_SHARED = 40
#: S2: a figure at least this large that grew or shrank by at least this factor
FAR_MIN = 20
FAR_FACTOR = 3
#: the row of 规章 in the formats that have one
RULES_ROW = ("active", "rules")
SHOWN = 3


def _norm(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


def _paragraphs(draft: Draft) -> set[str]:
    out = set()
    for sec in draft.sections:
        for p in sec.before + sec.after:
            t = _norm(p.text)
            if len(t) >= MIN_SHARED:
                out.add(t)
    return out


def _names(shown: list[str], count: int) -> str:
    names = "、".join(f"“{n}”" for n in shown[:SHOWN])
    return names + (_("等 {n} 个单位").format(n=count) if count > SHOWN else "")


def shared_texts(units: list[Unit]) -> None:
    """S1; linear in the paragraphs, and a text every unit shares costs one set per unit, not a pair each."""
    keys = {id(u): unit_key(u.name) for u in units}
    groups: dict[str, list[Unit]] = defaultdict(list)
    for u in units:
        assert u.draft is not None
        for t in _paragraphs(u.draft):
            groups[t].append(u)
    shared: list[tuple[str, list[Unit], frozenset[str]]] = []
    mine: dict[int, list[int]] = defaultdict(list)
    for text, group in groups.items():
        owners = frozenset(keys[id(u)] for u in group)
        if len(owners) > 1:
            for u in group:
                mine[id(u)].append(len(shared))
            shared.append((text, group, owners))
    for u in units:
        idxs = mine.get(id(u))
        if not idxs:
            continue
        own = keys[id(u)]
        others = frozenset().union(*(shared[i][2] for i in idxs)) - {own}
        shown: list[str] = []
        for i in idxs:
            for o in shared[i][1]:
                if keys[id(o)] != own and o.name not in shown:
                    shown.append(o.name)
                if len(shown) >= SHOWN:
                    break
            if len(shown) >= SHOWN:
                break
        u.cross.append(
            Finding(
                "S1",
                WARNING,
                _("内容雷同：有 {n} 段文字与{names}的报告一字不差，例如“{text}……”").format(
                    n=len(idxs), names=_names(shown, len(others)), text=shared[idxs[0]][0][:24]
                ),
                fields=("section.*",),
            )
        )


def _figures(draft: Draft) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for key, table in draft.fmt.tables.items():
        if not draft.table(key).included:
            continue
        for cid, v in effective_values(draft, table).items():
            n = numeric(v)
            if n is not None:
                out[cid] = n
    return out


def far_from_last_year(units: list[Unit], last_year: list[Unit]) -> None:
    previous = {unit_key(u.name): u for u in last_year}
    for u in units:
        before = previous.get(unit_key(u.name))
        if before is None or u.draft is None or before.draft is None:
            continue
        old = _figures(before.draft)
        far = []
        for cid, now in _figures(u.draft).items():
            was = old.get(cid)
            if was is None or max(now, was) < FAR_MIN:
                continue
            if min(now, was) * FAR_FACTOR <= max(now, was):
                far.append((cid, was, now))
        if far:
            fmt = u.draft.fmt
            shown = "；".join(f"{fmt.cell_name(c)}：{a} → {b}" for c, a, b in far[:SHOWN])
            u.cross.append(
                Finding(
                    "S2",
                    WARNING,
                    _("与本单位上年的报告相差很大（{n} 项），请核实：{shown}").format(n=len(far), shown=shown),
                    cells=tuple(c for c, _a, _b in far),
                    expected=None,
                    actual=None,
                )
            )


def township_rules(units: list[Unit]) -> None:
    for u in units:
        d = u.draft
        if d is None or u.level not in LOWER_LEVELS or RULES_ROW[0] not in d.fmt.tables:
            continue
        table = d.fmt.tables[RULES_ROW[0]]
        if RULES_ROW[1] not in table.row_keys:
            continue
        values = effective_values(d, table)
        cells = [c.id for c in table.data_row_cells(RULES_ROW[1]) if (numeric(values[c.id]) or 0) > 0]
        if cells:
            u.cross.append(
                Finding(
                    "S3",
                    WARNING,
                    _("{level}不制定规章，但“{row}”一行填了数字，请核实").format(
                        level=u.level, row=table.row_label(RULES_ROW[1])
                    ),
                    cells=tuple(cells),
                )
            )


def cross_checks(units: list[Unit], year: int | None) -> None:
    summed = [u for u in units if u.included and u.draft is not None]
    for u in units:
        u.cross = []
    shared_texts(summed)
    if year is not None:
        last = [u for u in units if u.draft is not None and u.draft.meta.year == year - 1 and u.errors == 0]
        far_from_last_year(summed, last)
    township_rules(summed)
