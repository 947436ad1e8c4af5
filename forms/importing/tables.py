"""Printed tables back into the format's cells, placed by their row labels.

A printed row is matched to a row of the format's grid by the label just left of its figures
(NFKC, spaces and punctuation ignored; close variants accepted), in the order of the grid, so
that a label printed twice (其他, 总计) finds the right block. The figures are the row's last
cells, as many as the grid row has value cells: merged label columns, one-character-per-line
headers and empty continuation cells in front of them do not matter.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from forms.i18n import _
from forms.importing.blocks import Grid, label_key
from forms.model import Draft
from forms.schema import FormatDef, TableDef, ValueCell
from forms.totals import effective_values
from forms.values import CellValue, InputError, Invalid, parse_cell

#: how alike two labels must be to be taken for the same (规范性文件 / 行政规范性文件 pass)
SIMILAR = 0.8


@dataclass(frozen=True)
class RowSpec:
    row_key: str
    label: str | None  # label_key of the label left of the row's first figure; None: no label
    cells: tuple[ValueCell, ...]  # in column order
    #: label_keys of the forms the label is printed in (the format's ``aliases``)
    aliases: tuple[str, ...] = ()

    def labelled(self, printed: str) -> bool:
        """Whether a printed label (as a label_key) is this row's label or one of its aliases."""
        assert self.label is not None
        return same_label(printed, self.label) or any(same_label(printed, a) for a in self.aliases)


def row_specs(tdef: TableDef) -> list[RowSpec]:
    specs: list[RowSpec] = []
    for r, row_key in enumerate(tdef.row_keys):
        cells = tuple(sorted((c for c in tdef.cells.values() if c.grid_row == r), key=lambda c: c.grid_col))
        if not cells or row_key is None:
            continue
        label: str | None = None
        aliases: tuple[str, ...] = ()
        for col in range(cells[0].grid_col - 1, -1, -1):
            gc = tdef.covering(r, col)
            if gc is not None and gc.cell_id is None and gc.text:
                label = label_key(gc.text)
                aliases = tuple(label_key(a) for a in gc.aliases)
                break
        specs.append(RowSpec(row_key, label or None, cells, aliases))
    return specs


def same_label(printed: str, wanted: str) -> bool:
    if printed == wanted:
        return True
    if not printed or not wanted:
        return False
    shorter, longer = sorted((printed, wanted), key=len)
    if len(shorter) >= 4 and shorter in longer:
        return True  # a prefix dropped or added in print: 行政规范性文件 / 规范性文件
    return difflib.SequenceMatcher(None, printed, wanted).ratio() >= SIMILAR


def _figure_like(text: str) -> bool:
    key = label_key(text)
    return not key or all(ch.isdigit() or ch in "万元件项条个次篇-+" for ch in key)


def _figures(row: list[str], spec: RowSpec, columns: int) -> list[str] | None:
    """The printed texts of the spec's cells when ``row`` is that row, else None.

    A row printed with one cell per grid column (a table typed without merges) is read by
    column; otherwise its last cells are the figures, the label just before them.
    """
    k = len(spec.cells)
    if len(row) == columns:
        first = spec.cells[0].grid_col
        label_ok = spec.label is None or (first > 0 and spec.labelled(label_key(row[first - 1])))
        texts = [row[vc.grid_col] for vc in spec.cells]
        unlabelled_ok = all(_figure_like(c) for c in row) and any(label_key(c) for c in row)
        if label_ok and (spec.label is not None or unlabelled_ok):
            return texts
    if len(row) < k:
        return None
    if spec.label is None:
        if len(row) == k and all(_figure_like(c) for c in row) and any(label_key(c) for c in row):
            return row
        return None
    if len(row) < k + 1 or not spec.labelled(label_key(row[-k - 1])):
        return None
    return row[-k:]


@dataclass
class TableMatch:
    table: TableDef
    printed: dict[str, str] = field(default_factory=dict)  # cell id -> text as printed
    rows: set[str] = field(default_factory=set)  # row keys found
    grids: int = 0
    #: printed rows with figures that no row of the format took, as printed
    skipped: list[str] = field(default_factory=list)


def match_grid(grid: Grid, tdef: TableDef, start: int = 0) -> tuple[dict[str, str], set[str], int, list[str]]:
    """(printed texts by cell id, row keys found, next position in the format's rows, printed rows
    with figures that were not placed) for one grid."""
    specs = row_specs(tdef)
    pointer = start
    printed: dict[str, str] = {}
    found: set[str] = set()
    skipped: list[str] = []
    for row in grid.rows:
        placed = False
        for i in range(pointer, len(specs)):
            spec = specs[i]
            texts = _figures(row, spec, tdef.grid_columns)
            if texts is not None:
                for vc, text in zip(spec.cells, texts, strict=True):
                    printed[vc.id] = text
                found.add(spec.row_key)
                pointer = i + 1
                placed = True
                break
        if not placed and any(label_key(c) and _figure_like(c) for c in row):
            skipped.append(" | ".join(c.replace("\n", "") for c in row if c.strip())[:80])
    return printed, found, pointer, skipped


def match_tables(fmt: FormatDef, grids: list[Grid]) -> tuple[dict[str, TableMatch], list[int]]:
    """Each grid assigned to the format table whose rows it matches best; the unmatched grids' indexes."""
    matches: dict[str, TableMatch] = {}
    pointers: dict[str, int] = {}
    unmatched: list[int] = []
    for index, grid in enumerate(grids):
        best: tuple[int, str] | None = None
        for key, tdef in fmt.tables.items():
            _printed, found, _next, _skipped = match_grid(grid, tdef)
            if found and (best is None or len(found) > best[0]):
                best = (len(found), key)
        if best is None:
            unmatched.append(index)
            continue
        key = best[1]
        tdef = fmt.tables[key]
        printed, found, pointer, skipped = match_grid(grid, tdef, pointers.get(key, 0))
        if not found:  # the rows came again (a second copy of the table): start over
            printed, found, pointer, skipped = match_grid(grid, tdef)
        pointers[key] = pointer
        m = matches.setdefault(key, TableMatch(tdef))
        m.printed.update(printed)
        m.rows |= found
        m.grids += 1
        m.skipped += skipped
    return matches, unmatched


def score(fmt: FormatDef, grids: list[Grid]) -> int:
    matches, _unmatched = match_tables(fmt, grids)
    return sum(len(m.rows) for m in matches.values())


def fill(m: TableMatch, draft: Draft, notes: list[str], table_name: str) -> None:
    """Put a matched table's figures into the draft. Totals are computed when the printed ones
    equal the sums; otherwise the table keeps the printed totals as entered, as published."""
    tdef = m.table
    printed: dict[str, CellValue | None] = {}
    refused: list[str] = []
    for cid, text in m.printed.items():
        vc = tdef.cells[cid]
        try:
            value: CellValue | None = parse_cell(text, vc.type)
        except InputError:
            value = Invalid(text.strip()[:200])
            refused.append(f"“{tdef.cell_name(cid)}”：“{text.strip()[:40]}”")
        printed[cid] = value
    data = draft.table(tdef.key)
    data.included = True
    data.entered_totals = False
    data.values = {cid: v for cid, v in printed.items() if v is not None and not tdef.cells[cid].computed}
    shown = effective_values(draft, tdef)
    if any(shown.get(cid) != value for cid, value in printed.items() if tdef.cells[cid].computed):
        data.entered_totals = True
        data.values = {cid: v for cid, v in printed.items() if v is not None}
        notes.append(
            _("表格“{table}”印出的合计与各项之和不一致（或空着），已按印出的数字作为手工填写的合计导入。").format(
                table=table_name
            )
        )
    if refused:
        notes.append(
            _("表格“{table}”中这些格子的内容不是数值，已原样保留并标为错误：{cells}").format(
                table=table_name, cells="；".join(refused[:10]) + ("……" if len(refused) > 10 else "")
            )
        )
    if m.skipped:
        notes.append(
            _("表格“{table}”中这些行没有对应的栏目，没有导入：{rows}").format(
                table=table_name, rows="；".join(m.skipped[:10]) + ("……" if len(m.skipped) > 10 else "")
            )
        )
    missing = [spec.row_key for spec in row_specs(tdef) if spec.row_key not in m.rows]
    if missing:
        names = [tdef.row_label(k) for k in missing]
        notes.append(
            _("表格“{table}”中没有找到这些行，它们的格子留空：{rows}").format(
                table=table_name, rows="；".join(names[:10]) + ("……" if len(names) > 10 else "")
            )
        )
