"""``check()``: run the rules the draft's format lists, in section order, errors first."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any

from forms.checks import (
    arithmetic,
    bodies,
    cells,
    crossyear,
    figures,
    outline,
    period,
    report_meta,
    table_sense,
    texts,
    withdrawn,
)
from forms.checks.acks import apply_acknowledgements
from forms.checks.context import Context
from forms.checks.findings import ERROR, HINT, WARNING, Finding, Settings
from forms.checks.memo import Memo
from forms.model import Draft

Rule = Callable[[Context, dict[str, Any]], Iterable[Finding]]

#: the pure sums share one pass over the declared sums of the format
SUM_RULES = frozenset({"A2", "A3", "R1", "R2", "R3"})

RULES: dict[str, Rule] = {
    "T1": cells.check_t1,
    "T2": cells.check_t2,
    "A1": arithmetic.check_a1,
    "A5": table_sense.check_a5,
    "A6": crossyear.check_a6,
    "A7": table_sense.check_a7,
    "P2": table_sense.check_p2,
    "P3": table_sense.check_p3,
    "P4": crossyear.check_p4,
    "P5": table_sense.check_p5,
    "P7": table_sense.check_p7,
    "G1": report_meta.check_g1,
    "G2": report_meta.check_g2,
    "G3": texts.check_g3,
    "G4": report_meta.check_g4,
    "G5": report_meta.check_g5,
    "G6": crossyear.check_g6,
    "G7": figures.check_g7,
    "G8": texts.check_g8,
    "G9": texts.check_g9,
    "G10": texts.check_g10,
    "G11": period.check_g11,
    "G12": outline.check_g12,
    "G13": bodies.check_g13,
    "G14": withdrawn.check_g14,
}

_SEVERITY_ORDER = {ERROR: 0, WARNING: 1, HINT: 2}


#: rules that read only the tables, last year's figures and the level, never a text: a keystroke
#: in a text reuses their findings, kept by those inputs
TABLE_RULES = SUM_RULES | {"T1", "T2", "A1", "A5", "A6", "P2", "P3", "P4", "P5", "P7"}
_TABLE_FINDINGS: Memo[dict[str, list[Finding]]] = Memo(64)


def _table_inputs(ctx: Context) -> Hashable:
    """Everything the table rules read (a cell value is immutable and hashable)."""
    draft = ctx.draft
    tables = tuple(
        sorted((key, t.included, t.entered_totals, frozenset(t.values.items())) for key, t in draft.tables.items())
    )
    last_year = (frozenset(draft.last_year.carried_forward.items()), frozenset(draft.last_year.in_force.items()))
    titles = tuple((s.key, s.title) for s in draft.sections)
    return (ctx.fmt.id, draft.meta.level, draft.meta.year, tables, last_year, titles, repr(ctx.settings))


def _table_findings(ctx: Context) -> dict[str, list[Finding]]:
    def run() -> dict[str, list[Finding]]:
        out: dict[str, list[Finding]] = {}
        sums = SUM_RULES.intersection(ctx.fmt.rules)
        if sums:
            out["sums"] = list(arithmetic.check_sums(ctx, sums))
        for rule_id, params in ctx.fmt.rules.items():
            if rule_id in TABLE_RULES and rule_id not in SUM_RULES and rule_id in RULES:
                out[rule_id] = list(RULES[rule_id](ctx, params))
        return out

    return _TABLE_FINDINGS.get(_table_inputs(ctx), run)


def _run(ctx: Context) -> Iterator[Finding]:
    tables = _table_findings(ctx)
    sums_done = False
    for rule_id, params in ctx.fmt.rules.items():
        if rule_id in SUM_RULES:
            if not sums_done:
                sums_done = True
                yield from tables["sums"]
            continue
        if rule_id in TABLE_RULES:
            yield from tables.get(rule_id, ())
            continue
        rule = RULES.get(rule_id)
        if rule is not None:
            yield from rule(ctx, params)


def _section_positions(ctx: Context) -> dict[str, int]:
    """Where each section comes in the report: the draft's order, absent format sections in their place."""
    keys = [s.key for s in ctx.draft.sections]
    for i, sdef in enumerate(ctx.fmt.sections):
        if sdef.key not in keys:
            prev = ctx.fmt.sections[i - 1].key if i else None
            keys.insert(keys.index(prev) + 1 if prev in keys else 0, sdef.key)
    return {k: i for i, k in enumerate(keys)}


def _sorter(ctx: Context) -> Callable[[Finding], tuple[int, int]]:
    positions = _section_positions(ctx)
    end = len(positions)
    table_section = {s.table: positions[s.key] for s in ctx.fmt.sections if s.table is not None}
    last_year_tables = {
        "carried_forward": str(ctx.params("A6").get("row", "apply")).split(".", 1)[0],
        "in_force": str((ctx.params("P4").get("rows") or ["active"])[0]).split(".", 1)[0],
    }

    def position(f: Finding) -> int:
        for fld in f.fields:
            if fld.startswith("section."):
                return positions.get(fld.removeprefix("section."), end)
            if fld.startswith("item."):
                return end  # a statutory item no section covers: after the sections
        if f.cells:
            return table_section.get(f.cells[0].split(".", 1)[0], end)  # legacy 统计表: an attachment
        for fld in f.fields:
            if fld.startswith("last_year."):
                return table_section.get(last_year_tables.get(fld.split(".")[1], ""), end)
        return -1  # title, 前言 and metadata come before the sections

    return lambda f: (position(f), _SEVERITY_ORDER.get(f.severity, 3))


def check(draft: Draft, settings: Settings | None = None) -> list[Finding]:
    """Every finding of the rules the draft's format lists (SPEC §3), in section order, then by severity."""
    ctx = Context(draft, settings or Settings())
    findings = sorted(_run(ctx), key=_sorter(ctx))
    return apply_acknowledgements(findings, draft.acknowledgements)
