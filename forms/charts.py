"""统计图 from the report's own figures: what a chart shows, without drawing it.

The format data lists the charts (``charts`` in forms/formats/*.json: bars of value cells); this
module gives each its title and bars — labels from the table's own grid, figures as the report
prints them (computed totals included).  ui/charts.py draws it with Qt into a picture block, so
rendering the report needs no chart library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from forms.i18n import _
from forms.model import Draft
from forms.schema import ChartDef, TableDef
from forms.totals import effective_values

#: "三、" or "（三）" before a section title: the chart's title goes without the outline number
_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)\s*")


@dataclass(frozen=True)
class Bar:
    label: str
    value: int


@dataclass(frozen=True)
class ChartData:
    key: str
    title: str
    bars: tuple[Bar, ...]
    #: shown beside the axis (every charted cell counts cases or documents)
    unit: str = "件"

    @property
    def total(self) -> int:
        return sum(b.value for b in self.bars)

    @property
    def empty(self) -> bool:
        return self.total == 0


def _cell_labels(table: TableDef, cell_id: str) -> list[str]:
    return table.row_labels(table.cells[cell_id].row_key) + table.header_labels(cell_id)


def _shared(lists: list[list[str]]) -> list[str]:
    """The labels every list holds, in the first list's order."""
    return [x for x in lists[0] if all(x in other for other in lists[1:])]


def _figure(value: object) -> int:
    # charted cells are counts; a blank, refused or non-count entry adds nothing to a bar
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def chart_data(draft: Draft, chart: ChartDef) -> ChartData:
    table = draft.fmt.tables[chart.table]
    values = effective_values(draft, table)
    per_bar = [_shared([_cell_labels(table, cid) for cid in bar]) for bar in chart.bars]
    common = _shared(per_bar) if len(per_bar) > 1 else []
    by_rows = [_shared([table.row_labels(table.cells[cid].row_key) for cid in bar]) for bar in chart.bars]
    if all(by_rows) and len({tuple(r) for r in by_rows}) == len(by_rows):
        per_bar = by_rows  # 规章, 行政许可 …: the rows tell the bars apart, the columns only say what was counted
    bars = []
    for cells, labels in zip(chart.bars, per_bar, strict=True):
        own = [x for x in labels if x not in common] or labels
        # a row with a long note in brackets (（二）部分公开（区分处理的……）) is named by its words before it
        label = " ".join(re.sub(r"（[^（）]{6,}）$", "", x) for x in own)
        bars.append(Bar(label, sum(_figure(values.get(cid)) for cid in cells)))
    section = draft.fmt.section(chart.section)
    title = _NUMBERING.sub("", section.title if section else chart.key)
    # 行政复议 / 行政诉讼: where a section has two charts, the outermost label every bar shares names each
    if sum(1 for c in draft.fmt.charts if c.section == chart.section) > 1 and common:
        title = f"{title}（{common[0]}）"
    caption = _("{year}年度{title}统计图").format(year=draft.meta.year, title=title)
    return ChartData(chart.key, caption, tuple(bars), chart.unit)


def charts_for(draft: Draft) -> list[ChartData]:
    """Every chart the report's format offers, with this report's figures."""
    return [chart_data(draft, c) for c in draft.fmt.charts]
