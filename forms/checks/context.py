"""What every rule module needs: the draft, its format, the settings, and cached table values.

One ``Context`` lives for one ``check()`` call, so each table's shown values are summed once
however many rules read them.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from forms.checks.findings import Settings
from forms.checks.memo import Memo
from forms.model import Draft
from forms.schema import FormatDef, TableDef
from forms.totals import effective_values, leaves
from forms.values import Amount, CellValue, Invalid, format_value, plain_decimal

_AMOUNT_UNITS = (None, "元", "万元")

#: (format id, cell id) -> entered cells behind it, in table order; formats never change at run time
_LEAVES: dict[tuple[str, str], tuple[str, ...]] = {}


_WHITESPACE = re.compile(r"\s+")
#: paragraph text -> the same without whitespace; a keystroke compacts only the paragraph typed in
#: (bounded at 8 million characters kept, key and value)
_COMPACT: Memo[str] = Memo(8_000_000, weight=lambda text: 2 * len(str(text)))


def compact(text: str) -> str:
    """A text without whitespace ("收到申请 5 件" as pasted from PDF or Word reads as typed)."""
    return _COMPACT.get(text, lambda: _WHITESPACE.sub("", text))


def is_valid(value: CellValue, cell_type: str) -> bool:
    """Whether a filled value fits its cell (rule T1 reports those that do not)."""
    if isinstance(value, Invalid) or isinstance(value, bool):
        return False
    if cell_type == "count":
        return isinstance(value, int) and value >= 0
    if cell_type == "signed_count":
        return isinstance(value, int)
    if cell_type == "money_wan":
        if isinstance(value, Decimal):
            return value.is_finite() and value >= 0
        return isinstance(value, int) and value >= 0
    if cell_type == "amount_unit":
        return (
            isinstance(value, Amount) and value.value.is_finite() and value.value >= 0 and value.unit in _AMOUNT_UNITS
        )
    return False


def number_of(value: CellValue | None, cell_type: str) -> Decimal | None:
    """The number of a filled, valid value; None for blank or invalid."""
    if value is None or not is_valid(value, cell_type):
        return None
    if isinstance(value, Amount):
        return value.value
    assert not isinstance(value, Invalid)
    return Decimal(value)


def show(n: Decimal | int | None) -> str:
    """A number in plain digits, as the clerk typed it (no exponent, no trailing zeros)."""
    if n is None:
        return ""
    if isinstance(n, int):
        return str(n)
    return plain_decimal(n)


def show_value(value: CellValue | None) -> str:
    return format_value(value)


class Context:
    def __init__(self, draft: Draft, settings: Settings) -> None:
        self.draft = draft
        self.fmt: FormatDef = draft.fmt
        self.settings = settings
        self._eff: dict[str, dict[str, CellValue | None]] = {}
        self._numbers: dict[str, Decimal | None] = {}
        self._texts: dict[str, str] = {}
        self._compact: dict[str, str] = {}
        #: what the text rules share within one check (forms.checks.prose: the squeezed paragraphs)
        self.shared: dict[str, Any] = {}

    def params(self, rule: str) -> dict[str, Any]:
        return self.fmt.rules.get(rule, {})

    def text(self, section_key: str) -> str:
        """A section's text (before and after its table), joined once per check."""
        text = self._texts.get(section_key)
        if text is None:
            text = self._texts[section_key] = self.draft.section_text(section_key)
        return text

    def compact_text(self, section_key: str) -> str:
        """A section's text without whitespace, paragraph breaks included: a figure quoted across a
        line break of a pasted PDF reads as one."""
        text = self._compact.get(section_key)
        if text is None:
            sec = self.draft.section(section_key)
            paragraphs = [] if sec is None else sec.before + sec.after
            text = self._compact[section_key] = "".join(compact(p.text) for p in paragraphs)
        return text

    def table_def(self, cell_id: str) -> TableDef:
        return self.fmt.tables[cell_id.split(".", 1)[0]]

    def included(self, table_key: str) -> bool:
        return self.draft.table(table_key).included

    def computes(self, table_key: str) -> bool:
        return not self.draft.table(table_key).entered_totals

    def shown(self, table_key: str) -> dict[str, CellValue | None]:
        """Every cell of a table as it is shown (computed sums included)."""
        eff = self._eff.get(table_key)
        if eff is None:
            eff = effective_values(self.draft, self.fmt.tables[table_key])
            self._eff[table_key] = eff
        return eff

    def is_computed(self, cell_id: str) -> bool:
        """A cell the app sums (not one the clerk types) in this draft."""
        table = self.table_def(cell_id)
        return table.cells[cell_id].computed and self.computes(table.key)

    def leaves(self, cell_id: str) -> tuple[str, ...]:
        """The entered cells behind a computed cell, in table order."""
        key = (self.fmt.id, cell_id)
        out = _LEAVES.get(key)
        if out is None:
            table = self.table_def(cell_id)
            found = leaves(table, cell_id)
            out = tuple(cid for cid in table.cells if cid in found)
            _LEAVES[key] = out
        return out

    def number(self, cell_id: str) -> Decimal | None:
        """The shown number of a cell; None when it, or for a computed cell any entered cell
        behind it, is blank or invalid (a partial sum is not a figure to compare)."""
        if cell_id in self._numbers:
            return self._numbers[cell_id]
        table = self.table_def(cell_id)
        n: Decimal | None
        if self.is_computed(cell_id):
            # complete when every input is: the corner's inputs are themselves sums (cached)
            parts = [self.number(dep) for dep in table.cells[cell_id].sum_of]
            n = None if any(p is None for p in parts) else sum((p for p in parts if p is not None), Decimal(0))
        else:
            n = number_of(self.draft.table(table.key).values.get(cell_id), table.cells[cell_id].type)
        self._numbers[cell_id] = n
        return n

    def with_leaves(self, cell_ids: tuple[str, ...] | list[str]) -> tuple[str, ...]:
        """The cells themselves and, for computed ones, the entered cells they are summed
        from, so that a finding always names the cell the clerk changed."""
        out = list(dict.fromkeys(cell_ids))
        seen = set(out)
        for cid in cell_ids:
            if self.is_computed(cid):
                for leaf in self.leaves(cid):
                    if leaf not in seen:
                        seen.add(leaf)
                        out.append(leaf)
        return tuple(out)
