"""The sum: every table cell of the included units added up, for the whole area and for
本级 and 下级 apart, with each cell's breakdown by unit.

A unit's cells are taken as it shows and prints them (``effective_values``: computed totals
included), so that every cell of the summary, totals too, is the sum over the units.  The
summary draft stores them as entered totals: read-only figures that its own sum rules check.
Blank stays blank: a cell no unit filled is not 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from forms.i18n import _
from forms.model import Draft, Paragraph, new_draft
from forms.summary.collect import Collection, Unit
from forms.summary.roster import LOWER, OWN
from forms.totals import effective_values
from forms.values import Amount, CellValue, Invalid, numeric

ALL = "all"
PARTS = (ALL, OWN, LOWER)
PART_TITLES = {ALL: _("全部（全域）"), OWN: _("本级"), LOWER: _("下级（乡镇、街道）")}

Values = dict[str, CellValue | None]


def unit_values(draft: Draft) -> Values:
    """Every value cell of the draft's included tables as shown; a table left out is blank."""
    out: Values = {}
    for key, table in draft.fmt.tables.items():
        if draft.table(key).included:
            out.update(effective_values(draft, table))
        else:
            out.update(dict.fromkeys(table.cells))
    return out


def add(values: list[CellValue | None], cell_type: str) -> CellValue | None:
    filled = [v for v in values if v is not None and not isinstance(v, Invalid)]
    if not filled:
        return None
    if cell_type == "amount_unit":
        units = {v.unit for v in filled if isinstance(v, Amount)}
        if len(units) == 1:
            return Amount(sum((numeric(v) or Decimal(0) for v in filled), Decimal(0)), units.pop())
        # 元 and 万元 mixed: everything in 万元 (an amount without a unit is taken as 万元)
        total = sum(
            (
                (v.value / 10000 if v.unit == "元" else v.value) if isinstance(v, Amount) else Decimal(v)
                for v in filled
                if not isinstance(v, Invalid)
            ),
            Decimal(0),
        )
        return Amount(total, "万元")
    total = sum((numeric(v) or Decimal(0) for v in filled), Decimal(0))
    if cell_type == "money_wan":
        return total
    return int(total)


@dataclass
class Summary:
    collection: Collection
    format_id: str
    year: int
    units: list[Unit]  # the ones summed, in order
    per_unit: list[Values]
    totals: dict[str, Values] = field(default_factory=dict)  # part -> cell -> value
    tables_used: set[str] = field(default_factory=set)

    def breakdown(self, cell_id: str) -> list[tuple[Unit, CellValue | None]]:
        """What each summed unit contributes to a cell."""
        return [(u, vals.get(cell_id)) for u, vals in zip(self.units, self.per_unit, strict=True)]

    def draft(
        self,
        part: str = ALL,
        org: str = "",
        level: str = "县级人民政府",
        sentences: list[tuple[str, str]] | None = None,
    ) -> Draft:
        """The summary as a draft of its own: figures summed, text sections started with
        ``sentences`` — (section key, text), by default the generated ones (``opening_sentences``)."""
        from forms.summary.sentences import opening_sentences

        d = new_draft(self.format_id, org or _("（汇总）"), self.year, level)
        for key, table in d.fmt.tables.items():
            data = d.table(key)
            data.entered_totals = True
            data.included = key in self.tables_used or not table.optional
            for cid in table.cells:
                v = self.totals[part].get(cid)
                if v is not None:
                    data.values[cid] = v
        if sentences is None:
            sentences = opening_sentences(self, part, org)
        placed: dict[str, int] = {}
        for key, text in sentences:
            sec = d.section(key) or (d.sections[0] if d.sections else None)
            if sec is None:
                continue
            at = placed.get(sec.key, 0)
            sec.before.insert(at, Paragraph(text))
            placed[sec.key] = at + 1
        return d


def summarise(collection: Collection) -> Summary:
    if collection.format_id is None or collection.year is None:
        raise ValueError(_("没有可以汇总的单位报告"))
    from forms.schema import load_format

    fmt = load_format(collection.format_id)
    units = [u for u in collection.included if u.draft is not None]
    per_unit = [unit_values(u.draft) for u in units if u.draft is not None]
    tables_used = {k for u in units if u.draft is not None for k, t in u.draft.tables.items() if t.included}
    types = {cid: c.type for t in fmt.tables.values() for cid, c in t.cells.items()}
    totals: dict[str, Values] = {}
    for part in PARTS:
        rows = [vals for u, vals in zip(units, per_unit, strict=True) if part == ALL or u.part == part]
        totals[part] = {cid: add([r.get(cid) for r in rows], ctype) for cid, ctype in types.items()}
    return Summary(collection, collection.format_id, collection.year, units, per_unit, totals, tables_used)
