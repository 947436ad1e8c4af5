"""Computed totals: what each table cell shows, entered or summed.

A pure sum is blank while all its inputs are blank, and otherwise the sum of the filled
ones (the blanks raise T2).  A sum that depends, directly or through another sum, on a refused
entry (``Invalid``) is blank: adding up the other cells would print a total the clerk never
meant (SPEC §3).  With entered totals the clerk's own figures are shown and the sum rules
check them instead.
"""

from __future__ import annotations

from decimal import Decimal

from forms.model import Draft
from forms.schema import TableDef
from forms.values import CellValue, Invalid, numeric


def computes(draft: Draft, table: TableDef) -> bool:
    return not draft.table(table.key).entered_totals


def effective_values(draft: Draft, table: TableDef) -> dict[str, CellValue | None]:
    """Every value cell of the table as it is shown and printed."""
    entered = draft.table(table.key).values
    out: dict[str, CellValue | None] = {cid: entered.get(cid) for cid in table.cells}
    if not computes(draft, table):
        return out
    # Column sums first (rows like （七）总计), then row sums (the 总计 column), so the
    # corner cell adds up computed column sums.
    ordered = sorted(
        (c for c in table.cells.values() if c.computed),
        key=lambda c: 0 if table.cells[c.sum_of[0]].col_key == c.col_key else 1,
    )
    refused = {cid for cid, v in out.items() if isinstance(v, Invalid)}
    for vc in ordered:
        if refused.intersection(vc.sum_of):
            refused.add(vc.id)
            out[vc.id] = None
        else:
            out[vc.id] = _sum(out[d] for d in vc.sum_of)
    return out


def _sum(values: object) -> int | None:
    total: Decimal | None = None
    for v in values:  # type: ignore[attr-defined]
        n = numeric(v)
        if n is not None:
            total = n if total is None else total + n
    return None if total is None else int(total)


def leaves(table: TableDef, cell_id: str) -> set[str]:
    """The entered cells a cell's shown value depends on (itself, if it is entered)."""
    vc = table.cells[cell_id]
    if not vc.computed:
        return {cell_id}
    out: set[str] = set()
    for dep in vc.sum_of:
        out |= leaves(table, dep)
    return out
