"""Format definitions: load a format data file and expose its sections and table grids.

A format file (``forms/formats/<id>.json``) is the only place where the official labels live.
Tables are written like HTML: each row lists its *origin* cells left to right with
``rowspan``/``colspan``; positions covered by a span from above are skipped.  Data rows add
value cells from a named column set.  A column or row may declare itself a pure ``sum`` of
others, naming the rule (A2, A3, R1–R3) that checks it when totals are entered by hand.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from forms.catalog import FORMATS_DIR, FormatSummary, format_ids, format_summary, format_summary_for_year
from forms.errors import FormatError
from forms.i18n import _
from forms.variants import MAX_DEPTH, apply_variant

__all__ = [
    "FORMATS_DIR",
    "ChartDef",
    "FormatDef",
    "FormatError",
    "FormatSummary",
    "GridCell",
    "SectionDef",
    "TableDef",
    "ValueCell",
    "format_for_year",
    "format_ids",
    "format_summary",
    "format_summary_for_year",
    "load_format",
]


CELL_TYPES = ("count", "signed_count", "money_wan", "amount_unit")
ROW_ROLES = ("data", "header", "heading", "group")


@dataclass(frozen=True)
class GridCell:
    """One origin cell of a table grid (merged cells appear once)."""

    row: int
    col: int
    rowspan: int
    colspan: int
    text: str | None  # label text; None for a value cell
    cell_id: str | None  # value cell id; None for a label
    role: str  # header | heading | label | note | value
    indent: int = 0
    #: the forms this label is printed in by real reports, for import and paste; never printed
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ValueCell:
    id: str
    table: str
    row_key: str
    col_key: str
    type: str
    grid_row: int
    grid_col: int
    sum_of: tuple[str, ...] = ()  # cell ids this pure sum adds up
    sum_rule: str | None = None

    @property
    def computed(self) -> bool:
        return bool(self.sum_of)


@dataclass(frozen=True)
class TableDef:
    key: str
    grid_columns: int
    rows: tuple[tuple[GridCell, ...], ...]
    row_roles: tuple[str, ...]
    row_keys: tuple[str | None, ...]
    cells: dict[str, ValueCell]
    optional: bool = False
    #: number of leading header rows, repeated on a page break
    header_rows: int = 0
    _cover: dict[tuple[int, int], GridCell] = field(default_factory=dict, repr=False, compare=False)

    def covering(self, row: int, col: int) -> GridCell | None:
        """The origin cell whose span covers grid position (row, col)."""
        return self._cover.get((row, col))

    def data_row_cells(self, row_key: str) -> list[ValueCell]:
        return [c for c in self.cells.values() if c.row_key == row_key]

    def column_cells(self, col_key: str) -> list[ValueCell]:
        return [c for c in self.cells.values() if c.col_key == col_key]

    def entered_cells(self) -> list[ValueCell]:
        return [c for c in self.cells.values() if not c.computed]

    def row_label(self, row_key: str) -> str:
        """The labels on a data row, outermost group first (e.g. （三）不予公开 1.属于国家秘密)."""
        return " ".join(self.row_labels(row_key))

    def row_labels(self, row_key: str) -> list[str]:
        r = self.row_keys.index(row_key)
        labels: list[str] = []
        for col in range(self.grid_columns):
            gc = self.covering(r, col)
            if gc is None or gc.cell_id is not None or not gc.text:
                continue
            # a label spanning a whole block (三、本年度办理结果) says nothing about the row
            if gc.text not in labels and gc.rowspan < 10:
                labels.append(gc.text)
        return labels

    def header_labels(self, cell_id: str) -> list[str]:
        """Every header label above a value cell, outermost first (行政诉讼 未经复议直接起诉 结果维持)."""
        vc = self.cells[cell_id]
        r = vc.grid_row - 1
        while r >= 0 and self.row_roles[r] != "header":
            r -= 1
        names: list[str] = []
        while r >= 0 and self.row_roles[r] == "header":
            gc = self.covering(r, vc.grid_col)
            if gc is not None and gc.text and gc.role != "note" and gc.text not in names:
                names.insert(0, gc.text)
            r -= 1
        return names

    def column_label(self, cell_id: str) -> str:
        """The header label above a value cell (自然人; 未经复议直接起诉 总计 where 总计 alone is ambiguous)."""
        names = self.header_labels(cell_id)
        if not names:
            return ""
        header_texts = [
            gc.text for row, role in zip(self.rows, self.row_roles, strict=True) if role == "header" for gc in row
        ]
        if header_texts.count(names[-1]) > 1 and len(names) > 1:
            return f"{names[-2]} {names[-1]}"
        return names[-1]

    def cell_name(self, cell_id: str) -> str:
        vc = self.cells[cell_id]
        col = self.column_label(cell_id)
        row = self.row_label(vc.row_key)
        return " / ".join(part for part in (row, col) if part)


@dataclass(frozen=True)
class SectionDef:
    key: str
    title: str
    mandatory: bool
    guidance: str
    table: str | None = None
    outline: tuple[str, ...] = ()
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class ItemDef:
    """A statutory content item (legacy format: sections are retitled, items are not)."""

    key: str
    title: str
    mandatory: bool


@dataclass(frozen=True)
class ChartDef:
    """A 统计图 the clerk may insert (forms/charts.py): bars of figures from one table.

    Each bar sums its cells; its label is the table's own labels the bar's cells share, less
    those every bar of the chart shares (they go into the chart's title)."""

    key: str
    section: str
    table: str
    bars: tuple[tuple[str, ...], ...]
    #: what the figures count (条 for the legacy 统计表's 政府信息数)
    unit: str = "件"


@dataclass(frozen=True)
class FormatDef:
    id: str
    name: str
    year_from: int
    year_to: int | None
    notice: str
    notice_title: str
    sections: tuple[SectionDef, ...]
    tables: dict[str, TableDef]
    rules: dict[str, dict[str, Any]]
    government_levels: tuple[str, ...]
    sections_editable: bool
    items: tuple[ItemDef, ...] = ()
    attachment: dict[str, str] | None = None
    #: the only top-level variables a report template may use (forms.render.build_context)
    template_variables: tuple[str, ...] = ()
    #: a provincial variant: the national format it extends, and its province
    extends: str | None = None
    province: str | None = None
    charts: tuple[ChartDef, ...] = ()

    def applies_to(self, year: int) -> bool:
        return self.year_from <= year and (self.year_to is None or year <= self.year_to)

    def section(self, key: str) -> SectionDef | None:
        return next((s for s in self.sections if s.key == key), None)

    def cell(self, cell_id: str) -> ValueCell:
        table = cell_id.split(".", 1)[0]
        return self.tables[table].cells[cell_id]

    def has_cell(self, cell_id: str) -> bool:
        table = cell_id.split(".", 1)[0]
        return table in self.tables and cell_id in self.tables[table].cells

    def cell_name(self, cell_id: str) -> str:
        return self.tables[cell_id.split(".", 1)[0]].cell_name(cell_id)


def _need(d: dict[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in d:
        raise FormatError(_("格式定义缺少“{key}”（位置：{where}）").format(key=key, where=where))
    value = d[key]
    if not isinstance(value, kind):
        raise FormatError(_("格式定义中“{key}”的类型不对（位置：{where}）").format(key=key, where=where))
    return value


def _build_table(key: str, data: dict[str, Any]) -> TableDef:
    where = f"tables.{key}"
    ncols = _need(data, "grid_columns", int, where)
    column_sets: dict[str, list[dict[str, Any]]] = data.get("column_sets", {})
    raw_rows = _need(data, "rows", list, where)
    occupied: dict[tuple[int, int], GridCell] = {}
    rows: list[tuple[GridCell, ...]] = []
    roles: list[str] = []
    keys: list[str | None] = []
    cells: dict[str, ValueCell] = {}
    row_sums: dict[str, dict[str, Any]] = {}
    for r, raw in enumerate(raw_rows):
        rwhere = f"{where}.rows[{r}]"
        row_key = raw.get("key")
        role = raw.get("role", "data" if row_key else None)
        if role not in ROW_ROLES:
            raise FormatError(_("表格行的类型无效（位置：{where}）").format(where=rwhere))
        specs: list[dict[str, Any]] = list(raw.get("cells", []))
        if role == "data":
            if not isinstance(row_key, str) or row_key in keys:
                raise FormatError(_("数据行缺少唯一的 key（位置：{where}）").format(where=rwhere))
            set_name = raw.get("values")
            if set_name not in column_sets:
                raise FormatError(_("数据行引用了不存在的列组（位置：{where}）").format(where=rwhere))
            for value_spec in column_sets[set_name]:  # not `col`: that is the grid position below
                specs.append({"value": value_spec})
            if "sum" in raw:
                row_sums[row_key] = raw["sum"]
        col = 0
        out: list[GridCell] = []
        for spec in specs:
            while (r, col) in occupied:
                col += 1
            value = spec.get("value")
            rowspan = int(spec.get("rowspan", 1))
            colspan = int((value or spec).get("colspan", 1))
            if col + colspan > ncols:
                raise FormatError(_("表格行超出了 {n} 列（位置：{where}）").format(n=ncols, where=rwhere))
            if value is not None:
                if value.get("type") not in CELL_TYPES:
                    raise FormatError(_("单元格类型无效（位置：{where}）").format(where=rwhere))
                cell_id = f"{key}.{row_key}.{value['key']}"
                gc = GridCell(r, col, rowspan, colspan, None, cell_id, "value")
                cells[cell_id] = ValueCell(cell_id, key, str(row_key), value["key"], value["type"], r, col)
            else:
                text = _need(spec, "text", str, rwhere)
                cell_role = "note" if spec.get("note") else (role if role in ("header", "heading") else "label")
                aliases = spec.get("aliases", [])
                if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                    raise FormatError(_("格式定义中“aliases”的类型不对（位置：{where}）").format(where=rwhere))
                gc = GridCell(
                    r, col, rowspan, colspan, text, None, cell_role, int(spec.get("indent", 0)), tuple(aliases)
                )
            for dr in range(rowspan):
                for dc in range(colspan):
                    if (r + dr, col + dc) in occupied:
                        raise FormatError(_("表格中有重叠的合并单元格（位置：{where}）").format(where=rwhere))
                    occupied[(r + dr, col + dc)] = gc
            out.append(gc)
            col += colspan
        rows.append(tuple(out))
        roles.append(role)
        keys.append(row_key if role == "data" else None)
    for r in range(len(raw_rows)):
        for c in range(ncols):
            if (r, c) not in occupied:
                message = _("表格第 {r} 行第 {c} 列没有单元格（表格：{key}）")
                raise FormatError(message.format(r=r + 1, c=c + 1, key=key))
    _attach_sums(key, raw_rows, column_sets, cells, row_sums)
    header_rows = 0
    while header_rows < len(roles) and roles[header_rows] == "header":
        header_rows += 1
    return TableDef(
        key=key,
        grid_columns=ncols,
        rows=tuple(rows),
        row_roles=tuple(roles),
        row_keys=tuple(keys),
        cells=cells,
        optional=bool(data.get("optional", False)),
        header_rows=header_rows,
        _cover=occupied,
    )


def _attach_sums(
    key: str,
    raw_rows: list[dict[str, Any]],
    column_sets: dict[str, list[dict[str, Any]]],
    cells: dict[str, ValueCell],
    row_sums: dict[str, dict[str, Any]],
) -> None:
    """Turn the ``sum`` declarations of columns and rows into ``ValueCell.sum_of``."""
    updates: dict[str, tuple[tuple[str, ...], str]] = {}
    for raw in raw_rows:
        row_key = raw.get("key")
        if not row_key:
            continue
        for col in column_sets[raw["values"]]:
            if "sum" in col:
                of = tuple(f"{key}.{row_key}.{c}" for c in col["sum"]["of"])
                updates[f"{key}.{row_key}.{col['key']}"] = (of, col["sum"]["rule"])
    for row_key, spec in row_sums.items():
        for vc in [c for c in cells.values() if c.row_key == row_key]:
            if vc.id in updates:
                continue  # the corner of two sums is the row sum of the (computed) column sums
            of = tuple(f"{key}.{r}.{vc.col_key}" for r in spec["of"])
            updates[vc.id] = (of, spec["rule"])
    for cell_id, (of, rule) in updates.items():
        for dep in of:
            if dep not in cells:
                raise FormatError(_("合计引用了不存在的单元格：{cell}").format(cell=dep))
        old = cells[cell_id]
        cells[cell_id] = ValueCell(
            old.id, old.table, old.row_key, old.col_key, old.type, old.grid_row, old.grid_col, of, rule
        )


def parse_format(data: dict[str, Any]) -> FormatDef:
    """Validate the decoded JSON of a format file and build its definition."""
    fid = _need(data, "id", str, "id")
    years = _need(data, "years", dict, "years")
    tables = {k: _build_table(k, v) for k, v in _need(data, "tables", dict, "tables").items()}
    sections = []
    for i, s in enumerate(_need(data, "sections", list, "sections")):
        where = f"sections[{i}]"
        table = s.get("table")
        if table is not None and table not in tables:
            raise FormatError(_("章节引用了不存在的表格（位置：{where}）").format(where=where))
        sections.append(
            SectionDef(
                key=_need(s, "key", str, where),
                title=_need(s, "title", str, where),
                mandatory=bool(s.get("mandatory", True)),
                guidance=s.get("guidance", ""),
                table=table,
                outline=tuple(s.get("outline", ())),
                items=tuple(s.get("items", ())),
            )
        )
    rules: dict[str, dict[str, Any]] = {}
    for r in _need(data, "rules", list, "rules"):
        rid = _need(r, "id", str, "rules")
        if rid in rules:  # a second entry would silently replace the first one's parameters
            raise FormatError(_("格式定义中规则“{id}”出现了两次").format(id=rid))
        rules[rid] = r
    items = tuple(ItemDef(i["key"], i["title"], bool(i.get("mandatory", True))) for i in data.get("items", ()))
    attachment = data.get("attachment")
    if attachment is not None and attachment.get("table") not in tables:
        raise FormatError(_("附件引用了不存在的表格"))
    template_variables = data.get("template_variables", [])
    if not isinstance(template_variables, list) or not all(isinstance(v, str) for v in template_variables):
        raise FormatError(
            _("格式定义中“{key}”的类型不对（位置：{where}）").format(
                key="template_variables", where="template_variables"
            )
        )
    charts = _charts(data.get("charts", []), sections, tables)
    return FormatDef(
        id=fid,
        name=_need(data, "name", str, "name"),
        year_from=int(years["from"]),
        year_to=None if years.get("to") is None else int(years["to"]),
        notice=data.get("notice", ""),
        notice_title=data.get("notice_title", ""),
        sections=tuple(sections),
        tables=tables,
        rules=rules,
        government_levels=tuple(data.get("government_levels", ())),
        sections_editable=bool(data.get("sections_editable", False)),
        items=items,
        attachment=attachment,
        template_variables=tuple(template_variables),
        extends=data.get("extends"),
        province=data.get("province"),
        charts=charts,
    )


def _charts(data: object, sections: list[SectionDef], tables: dict[str, TableDef]) -> tuple[ChartDef, ...]:
    """The format's 统计图: every bar names value cells of the table its section holds."""
    bad = FormatError(_("格式定义中“{key}”的类型不对（位置：{where}）").format(key="charts", where="charts"))
    if not isinstance(data, list):
        raise bad
    by_key = {s.key: s for s in sections}
    charts: list[ChartDef] = []
    for c in data:
        if not isinstance(c, dict) or not isinstance(c.get("bars"), list) or not c["bars"]:
            raise bad
        section = by_key.get(c.get("section", ""))
        # the table of its section, or one named (the legacy 统计表 is an attachment, in no section)
        table_key = c.get("table", section.table if section else None)
        if section is None or table_key not in tables:
            raise FormatError(_("统计图“{key}”引用了不存在的表格").format(key=c.get("key", "")))
        table = tables[table_key]
        bars: list[tuple[str, ...]] = []
        for bar in c["bars"]:
            if not isinstance(bar, list) or not bar or not all(isinstance(cid, str) for cid in bar):
                raise bad
            missing = [cid for cid in bar if cid not in table.cells]
            if missing:
                raise FormatError(
                    _("统计图“{key}”引用了不存在的单元格：{cells}").format(
                        key=c.get("key", ""), cells="、".join(missing)
                    )
                )
            bars.append(tuple(bar))
        unit = c.get("unit", "件")
        if not isinstance(unit, str):
            raise bad
        charts.append(
            ChartDef(key=str(c.get("key", "")), section=section.key, table=table.key, bars=tuple(bars), unit=unit)
        )
    return tuple(charts)


def _read_format(format_id: str, depth: int = 0) -> dict[str, Any]:
    """The decoded format file, with the national format it ``extends`` applied beneath it."""
    path = FORMATS_DIR / f"{format_id}.json"
    if not path.is_file():
        raise FormatError(_("未知的报告格式：{id}").format(id=format_id))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FormatError(_("格式文件无法读取：{name}（{err}）").format(name=path.name, err=exc)) from exc
    if not isinstance(data, dict):
        raise FormatError(_("格式文件无法读取：{name}（{err}）").format(name=path.name, err="not an object"))
    base = data.get("extends")
    if base is None:
        return data
    if not isinstance(base, str) or depth >= MAX_DEPTH:
        raise FormatError(_("格式文件 {name} 的“extends”无效").format(name=path.name))
    return apply_variant(_read_format(base, depth + 1), data)


@cache
def load_format(format_id: str) -> FormatDef:
    path = FORMATS_DIR / f"{format_id}.json"
    fmt = parse_format(_read_format(format_id))
    if fmt.id != format_id:
        raise FormatError(_("格式文件 {name} 中的 id 与文件名不一致").format(name=path.name))
    return fmt


def format_for_year(year: int) -> FormatDef:
    """The national format that applies to a report year (G1)."""
    return load_format(format_summary_for_year(year).id)
