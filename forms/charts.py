"""统计图 from a report's tables: which cells, which labels and which title a bar chart shows.

The chart is drawn by the window (``ui/charts.py``, QPainter) into a PNG that becomes a picture
block, so rendering never needs a chart library.  Everything a chart says comes from here: the
figures are the report's own (entered or summed, as printed), the labels are the format's row and
column labels, the title is the section's title.  Only count cells are charted; a money cell has
another unit and would make the bars meaningless.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from forms.i18n import _
from forms.model import Draft
from forms.schema import TableDef
from forms.totals import effective_values
from forms.values import CellValue

#: the tables a chart can be made of, in the order the window offers them
CHART_TABLES = ("active", "apply", "review")
#: 行政复议 columns and the 行政诉讼 column groups whose results add up into one bar each
_REVIEW_RESULTS = ("upheld", "corrected", "other", "pending")
_SECTION_NUMBER = re.compile(r"^[一二三四五六七八九十]+、")
#: a label's trailing note in brackets (（区分处理的，只计这一情形…）) is for the table, not for a bar
_LABEL_NOTE = re.compile(r"（[^（）]*[，,；][^（）]*）$")


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    group: str = ""  # bars of one group stand together under the group's label
    cells: tuple[str, ...] = ()  # the cells the bar adds up (for a reader checking the chart)


@dataclass(frozen=True)
class ChartData:
    table: str
    title: str
    bars: tuple[Bar, ...]
    unit: str

    @property
    def caption(self) -> str:
        return _("{title}统计图").format(title=self.title)


def _count(value: CellValue | None) -> int:
    # blank is not zero in the table, but a bar of a blank cell has no height either
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _last_label(table: TableDef, row_key: str) -> str:
    return table.row_label(row_key).split(" ")[-1]


def chart_tables(draft: Draft) -> list[tuple[str, str]]:
    """(table key, chart title) of every table of this report a chart can be made of."""
    fmt = draft.fmt
    out = []
    for key in CHART_TABLES:
        if key in fmt.tables and draft.table(key).included and _bars(draft, fmt.tables[key]):
            out.append((key, _title(draft, key)))
    return out


def _title(draft: Draft, table_key: str) -> str:
    sdef = next((s for s in draft.fmt.sections if s.table == table_key), None)
    name = _SECTION_NUMBER.sub("", sdef.title) if sdef else table_key
    return _("{year}年{name}").format(year=draft.meta.year, name=name)


def chart_data(draft: Draft, table_key: str) -> ChartData:
    """The bars of the chart of one table; ``KeyError`` for a table no chart is made of."""
    if table_key not in CHART_TABLES or table_key not in draft.fmt.tables:
        raise KeyError(table_key)
    table = draft.fmt.tables[table_key]
    return ChartData(table=table_key, title=_title(draft, table_key), bars=tuple(_bars(draft, table)), unit=_("件"))


def _bars(draft: Draft, table: TableDef) -> list[Bar]:
    values = effective_values(draft, table)
    if table.key == "active":
        return _active(table, values)
    if table.key == "apply":
        return _apply(table, values)
    return _review(table, values)


def _active(table: TableDef, values: Mapping[str, CellValue | None]) -> list[Bar]:
    """主动公开 by category: per row, its last count (现行有效件数 / 对外公开总数量, 处理决定数量, 采购项目数量)."""
    bars = []
    for row_key in dict.fromkeys(c.row_key for c in table.cells.values()):
        counts = [c for c in table.data_row_cells(row_key) if c.type == "count"]
        if counts:
            cell = max(counts, key=lambda c: c.grid_col)
            bars.append(Bar(_last_label(table, row_key), _count(values[cell.id]), cells=(cell.id,)))
    return bars


def _apply(table: TableDef, values: Mapping[str, CellValue | None]) -> list[Bar]:
    """申请 by result: 本年度办理结果 per group (（三）不予公开 adds up its eight reasons), column 总计."""
    groups: dict[str, list[str]] = {}
    for row_key in dict.fromkeys(c.row_key for c in table.cells.values()):
        if not row_key.startswith("r_") or row_key == "r_total":
            continue
        cid = f"{table.key}.{row_key}.total"
        if cid in table.cells:
            label = _LABEL_NOTE.sub("", table.row_label(row_key).split(" ")[0])
            groups.setdefault(label, []).append(cid)
    return [Bar(label, sum(_count(values[c]) for c in cells), cells=tuple(cells)) for label, cells in groups.items()]


def _review(table: TableDef, values: Mapping[str, CellValue | None]) -> list[Bar]:
    """复议/诉讼 by outcome: 行政复议's four results, and 行政诉讼's (直接起诉 + 复议后起诉) four."""
    row = next(iter(dict.fromkeys(c.row_key for c in table.cells.values())))
    review_group = table.column_label(f"{table.key}.{row}.review_total").split(" ")[0]
    bars = []
    for kind, parts in (("review", ("review",)), ("litigation", ("direct", "after"))):
        for result in _REVIEW_RESULTS:
            cells = tuple(f"{table.key}.{row}.{part}_{result}" for part in parts)
            if not all(c in table.cells for c in cells):
                return []
            label = table.column_label(cells[0]).split(" ")[-1]
            group = review_group if kind == "review" else _litigation_group(table)
            bars.append(Bar(label, sum(_count(values[c]) for c in cells), group=group, cells=cells))
    return bars


def _litigation_group(table: TableDef) -> str:
    # the top header over 未经复议直接起诉 and 复议后起诉 (行政诉讼)
    for gc in table.rows[0]:
        if gc.text and gc.col > 0:
            return gc.text
    return ""
