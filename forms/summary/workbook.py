"""The summary as an .xlsx workbook (openpyxl), what a county already shares:

- one sheet per table laid out like the official grid: the row labels once on the left, then
  one block of value columns per 合计, 本级, 下级 and per unit, each under its name;
- a sheet of units (every file received and every roster unit missing, with status and reason);
- a sheet of each unit's findings, cross-unit ones included.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from forms.checks.findings import Finding
from forms.draftfile import write_bytes_atomic
from forms.i18n import _
from forms.schema import TableDef
from forms.summary.collect import KIND_NAMES, Unit
from forms.summary.roster import PART_NAMES, part_of
from forms.summary.total import PART_TITLES, Summary
from forms.values import Amount, CellValue, Invalid

#: Excel's last column (XFD)
MAX_COLUMNS = 16384


class WorkbookTooLarge(ValueError):
    """More unit blocks than a sheet has columns; the message (Chinese) says so."""


SEVERITY_NAMES = {"error": _("错误"), "warning": _("警告"), "hint": _("提示")}


def sheet_title(text: str, taken: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", "", text)[:28] or "Sheet"
    base, n = title, 2
    while title in taken:
        title = f"{base[:26]}{n}"
        n += 1
    taken.add(title)
    return title


def cell_out(value: CellValue | None) -> Any:
    if value is None:
        return None
    if isinstance(value, Amount | Invalid):
        return str(value)
    if isinstance(value, Decimal):
        return value
    return int(value)


def _merge_all(ws: Any, ranges: list[tuple[int, int, int, int]]) -> None:
    """Merge (row, col, end_row, end_col) ranges that are known not to overlap.

    ``Worksheet.merge_cells`` compares each new range with every earlier one, and then rebuilds the
    borders of every edge cell from the first cell's: with a block per unit, 500 units took 12–15 s.
    The grid's ranges never overlap, so they are added in one step, and the covered cells take the
    grid's named style, which is what that rebuilding would have given them (openpyxl is pinned;
    the LibreOffice test opens the result).
    """
    from openpyxl.cell.cell import MergedCell
    from openpyxl.worksheet.cell_range import CellRange
    from openpyxl.worksheet.merge import MergedCellRange

    merged = [
        MergedCellRange(ws, CellRange(min_row=r, min_col=c, max_row=r2, max_col=c2).coord) for r, c, r2, c2 in ranges
    ]
    ws.merged_cells.ranges.update(merged)
    for (r, c, r2, c2), _m in zip(ranges, merged, strict=True):
        style = ws.cell(row=r, column=c).style
        for row in range(r, r2 + 1):
            for col in range(c, c2 + 1):
                if (row, col) != (r, c):
                    covered = MergedCell(ws, row, col)
                    ws._cells[(row, col)] = covered
                    if style != "Normal":
                        covered.style = style


LABEL_STYLE = "grid-label"
VALUE_STYLE = "grid-value"


def _add_styles(wb: Any) -> None:
    """The grid's two looks as named styles: assigning a name is cheap, assigning a Border object to
    90,000 cells one by one hashed it each time (14 s for 500 units)."""
    from openpyxl.styles import Alignment, Border, NamedStyle, Side

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb.add_named_style(NamedStyle(LABEL_STYLE, border=box, alignment=Alignment(wrap_text=True, vertical="center")))
    wb.add_named_style(NamedStyle(VALUE_STYLE, border=box))


def _table_sheet(ws: Any, table: TableDef, blocks: list[tuple[str, dict[str, CellValue | None]]]) -> None:
    from openpyxl.styles import Font

    merges: list[tuple[int, int, int, int]] = []

    value_cols = sorted({c.grid_col for c in table.cells.values()})
    label_cols = [c for c in range(table.grid_columns) if c not in value_cols]
    lmap = {c: i + 1 for i, c in enumerate(label_cols)}
    vmap = {c: i for i, c in enumerate(value_cols)}
    width = len(value_cols)
    first = len(label_cols) + 1
    if first - 1 + width * len(blocks) > MAX_COLUMNS:
        raise WorkbookTooLarge(
            _("单位太多（{n} 个），一张 Excel 工作表放不下每个单位的数字（最多 {max} 列）").format(
                n=len(blocks) - 3, max=MAX_COLUMNS
            )
        )
    bold = Font(bold=True)
    for b, (name, _values) in enumerate(blocks):
        col = first + b * width
        ws.cell(row=1, column=col, value=name).font = bold
        if width > 1:
            merges.append((1, col, 1, col + width - 1))
    for r, row in enumerate(table.rows):
        xr = r + 2
        for gc in row:
            span = range(gc.col, gc.col + gc.colspan)
            rows_end = xr + gc.rowspan - 1
            if gc.cell_id is not None:
                for b, (_name, values) in enumerate(blocks):
                    cell = ws.cell(
                        row=xr, column=first + b * width + vmap[gc.col], value=cell_out(values.get(gc.cell_id))
                    )
                    cell.style = VALUE_STYLE
                continue
            in_labels = [lmap[c] for c in span if c in lmap]
            in_values = [vmap[c] for c in span if c in vmap]
            if in_labels:
                cell = ws.cell(row=xr, column=in_labels[0], value=gc.text)
                cell.style = LABEL_STYLE
                if len(in_labels) > 1 or gc.rowspan > 1:
                    merges.append((xr, in_labels[0], rows_end, in_labels[-1]))
            elif in_values:
                for b in range(len(blocks)):
                    col = first + b * width
                    cell = ws.cell(row=xr, column=col + in_values[0], value=gc.text)
                    cell.style = LABEL_STYLE
                    if len(in_values) > 1 or gc.rowspan > 1:
                        merges.append((xr, col + in_values[0], rows_end, col + in_values[-1]))
    _merge_all(ws, merges)
    for c in lmap.values():
        ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width = 28
    ws.freeze_panes = ws.cell(row=2, column=first)


def _finding_rows(u: Unit) -> list[Finding]:
    return u.findings + u.cross


def build_workbook(summary: Summary) -> Any:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from forms.schema import load_format

    fmt = load_format(summary.format_id)
    wb = Workbook()
    _add_styles(wb)
    taken: set[str] = set()
    units_ws = wb.active
    units_ws.title = sheet_title(_("单位"), taken)
    blocks = [(PART_TITLES[p], summary.totals[p]) for p in summary.totals]
    blocks += [(u.name, vals) for u, vals in zip(summary.units, summary.per_unit, strict=True)]
    for key, table in fmt.tables.items():
        sec = next((s for s in fmt.sections if s.table == key), None)
        title = sec.title if sec is not None else (fmt.attachment or {}).get("title", key)
        _table_sheet(wb.create_sheet(sheet_title(title, taken)), table, blocks)

    bold = Font(bold=True)
    head = [
        _("序号"),
        _("单位"),
        _("层级"),
        _("本级/下级"),
        _("状态"),
        _("原因"),
        _("错误"),
        _("警告"),
        _("已确认"),
        _("类型"),
        _("文件"),
    ]
    units_ws.append(head)
    for cell in units_ws[1]:
        cell.font = bold
    coll = summary.collection
    n = 0
    for u in coll.units:
        n += 1
        status = _("已汇总") if u.included else _("未汇总")
        units_ws.append(
            [
                n,
                u.name,
                u.level,
                PART_NAMES.get(u.part, ""),
                status,
                u.problem or "",
                u.errors,
                u.warnings,
                u.acknowledged,
                KIND_NAMES.get(u.kind, u.kind),
                u.source,
            ]
        )
    for r in coll.missing:
        n += 1
        units_ws.append(
            [
                n,
                r.name,
                r.level,
                PART_NAMES[part_of(r.level)],
                _("未报送"),
                _("名册中有，但没有收到本年度的报告"),
                None,
                None,
                None,
                None,
                None,
            ]
        )
    for letter, width in zip("ABCDEFGHIJK", (6, 30, 14, 10, 10, 50, 6, 6, 8, 12, 50), strict=True):
        units_ws.column_dimensions[letter].width = width
    units_ws.freeze_panes = "C2"

    fws = wb.create_sheet(sheet_title(_("检查结果"), taken))
    fws.append([_("单位"), _("规则"), _("类别"), _("说明"), _("单元格"), _("已确认说明"), _("文件")])
    for cell in fws[1]:
        cell.font = bold
    for u in coll.units:
        for f in _finding_rows(u):
            names = ""
            if u.draft is not None and f.cells:
                names = "；".join(u.draft.fmt.cell_name(c) for c in f.cells[:8] if u.draft.fmt.has_cell(c))
            fws.append(
                [u.name, f.rule, SEVERITY_NAMES.get(f.severity, f.severity), f.message, names, f.note or "", u.source]
            )
    for letter, width in zip("ABCDEFG", (30, 6, 6, 80, 40, 20, 40), strict=True):
        fws.column_dimensions[letter].width = width
    fws.freeze_panes = "B2"
    return wb


def workbook_bytes(summary: Summary) -> bytes:
    buffer = io.BytesIO()
    build_workbook(summary).save(buffer)
    return buffer.getvalue()


def write_workbook(summary: Summary, path: Path | str) -> None:
    write_bytes_atomic(Path(path), workbook_bytes(summary))
