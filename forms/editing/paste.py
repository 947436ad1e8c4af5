"""A block copied from Excel or WPS (text/plain, tab-separated) placed into one table of the format.

A block that carries the format's own labels — a label column, one or more header rows, or both —
is placed by them: each row by its row label, each column by its header, compared as the importer
compares printed labels (NFKC, spaces and punctuation ignored, the format's aliases accepted).  A
block without labels goes from the selected cell on, as a spreadsheet pastes it.  The format's sum
cells are never written over while the app computes them: a total in the block is compared with
the total the pasted figures give, and a difference is reported.  Whatever cannot be placed is
reported with its position in the block; nothing is dropped without a word.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from forms.i18n import _
from forms.importing.blocks import label_key
from forms.importing.tables import same_label
from forms.model import Draft
from forms.schema import TableDef, ValueCell
from forms.totals import effective_values
from forms.values import MAX_SHOWN, CellValue, InputError, format_value, parse_cell, refused_value

#: bounds on what a paste may hold: a sheet of a few tables fits, a runaway selection does not
MAX_CHARS = 2_000_000
MAX_ROWS = 2_000
MAX_COLUMNS = 200
#: how many positions a report quotes of each kind of problem
FIRST = 3


class PasteError(ValueError):
    """The clipboard's text is not a block that can be pasted (the message says why, in Chinese)."""


@dataclass(frozen=True)
class Unplaced:
    """A text of the block that went into no cell: its place in the block (from 1) and why."""

    row: int
    col: int
    text: str
    reason: str  # past_edge | unknown_row | unknown_column | label | repeated


@dataclass(frozen=True)
class TotalDiff:
    """A total in the block that is not what the pasted figures add up to."""

    cell_id: str
    row: int
    col: int
    pasted: CellValue
    computed: CellValue | None


@dataclass
class PastePlan:
    #: what the paste writes: cell id -> value (None clears it; a refused entry as typed)
    values: dict[str, CellValue | None] = field(default_factory=dict)
    #: refused entries written as typed: (block row, block column, cell id, text, why)
    refused: list[tuple[int, int, str, str, str]] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    totals: list[TotalDiff] = field(default_factory=list)
    #: totals of the block that agree with the app's
    totals_agree: int = 0
    #: the block was placed by its labels (not from the selected cell)
    by_labels: bool = False

    @property
    def written(self) -> int:
        return len(self.values) - len(self.refused)


# --- reading the block ------------------------------------------------------------------------
def read_block(text: str) -> list[list[str]]:
    """Rows of cells as Excel/WPS put them on the clipboard: TAB between cells, CRLF or LF between
    rows, a cell holding a line break or a quote in double quotes, a trailing line break."""
    if len(text) > MAX_CHARS:
        raise PasteError(_("粘贴的内容太多（{n} 个字符），请分几次复制粘贴").format(n=len(text)))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    rows: list[list[str]] = []
    if '"' in text:
        lines: Iterator[list[str]] = csv.reader(
            io.StringIO(text, newline=""), delimiter="\t", quotechar='"', strict=False
        )
    else:  # nothing quoted (csv would also refuse a cell of more than 128 K characters)
        lines = (line.split("\t") for line in text.split("\n"))
    try:
        for row in lines:
            if len(rows) >= MAX_ROWS:
                raise PasteError(_("粘贴的内容超过 {n} 行，请分几次复制粘贴").format(n=MAX_ROWS))
            if len(row) > MAX_COLUMNS:
                raise PasteError(_("粘贴的内容超过 {n} 列，请分几次复制粘贴").format(n=MAX_COLUMNS))
            rows.append(row if row else [""])
    except csv.Error as exc:
        raise PasteError(_("无法读取粘贴的内容：{err}").format(err=exc)) from None
    return rows


def _figure_like(text: str) -> bool:
    """A cell that holds a figure, or nothing, rather than a label."""
    key = label_key(text)
    return all(ch.isdigit() or ch in "万元件项条个次篇-+" for ch in key)


# --- the table's labels -----------------------------------------------------------------------
@dataclass(frozen=True)
class RowSpec:
    row_key: str
    #: label_key of the row's own label (the rightmost one that is not a unit such as 条), or None
    label: str | None
    cells: tuple[ValueCell, ...]  # in column order
    aliases: tuple[str, ...] = ()
    #: label_keys of every label on the row (groups and units too): a block may repeat them
    texts: frozenset[str] = frozenset()


def row_specs(table: TableDef) -> list[RowSpec]:
    specs: list[RowSpec] = []
    for r, row_key in enumerate(table.row_keys):
        cells = tuple(sorted((c for c in table.cells.values() if c.grid_row == r), key=lambda c: c.grid_col))
        if not cells or row_key is None:
            continue
        label: str | None = None
        aliases: tuple[str, ...] = ()
        texts: set[str] = set()
        for col in range(cells[0].grid_col - 1, -1, -1):
            gc = table.covering(r, col)
            if gc is None or gc.cell_id is not None or not gc.text:
                continue
            texts.add(label_key(gc.text))
            if label is None and not _figure_like(gc.text):
                label = label_key(gc.text) or None
                aliases = tuple(label_key(a) for a in gc.aliases)
        specs.append(RowSpec(row_key, label, cells, aliases, frozenset(texts)))
    return specs


def _column_labels(table: TableDef) -> dict[int, list[str]]:
    """Grid column -> label_keys of the header cells above its value cells (and their aliases)."""
    value_cols = {vc.grid_col for vc in table.cells.values()}
    labels: dict[int, list[str]] = {}
    for col in sorted(value_cols):
        keys: list[str] = []
        for r in range(table.header_rows):
            gc = table.covering(r, col)
            if gc is None or gc.cell_id is not None or not gc.text or gc.role == "note":
                continue
            keys.extend(k for k in (label_key(gc.text), *(label_key(a) for a in gc.aliases)) if k)
        labels[col] = keys
    return labels


def _alike(printed: str, wanted: str, exact: bool) -> bool:
    if exact:
        return printed == wanted
    # a close variant only of a label long enough to tell: 总计 is not （七）总计, 其他 is not 3.其他
    return min(len(printed), len(wanted)) >= 4 and same_label(printed, wanted)


def _columns_named(text: str, labels: dict[int, list[str]]) -> set[int]:
    """The grid columns a header text stands over (exactly first, then a close variant)."""
    key = label_key(text)
    if not key:
        return set()
    for exact in (True, False):
        hits = {col for col, keys in labels.items() if any(_alike(key, k, exact) for k in keys)}
        if hits:
            return hits
    return set()


def _match_column(texts: list[str], labels: dict[int, list[str]]) -> int | None:
    """The one grid column a block column's header texts (lowest first) name together: 其他 under
    法人或其他组织 is not the 其他 of another group."""
    candidates: set[int] | None = None
    for text in texts:
        hits = _columns_named(text, labels)
        if not hits:
            continue
        candidates = hits if candidates is None else (candidates & hits) or candidates
        if len(candidates) == 1:
            return next(iter(candidates))
    return None


def _match_row(texts: list[str], specs: list[RowSpec], pointer: int, last_col: int) -> tuple[RowSpec, int, int] | None:
    """(row spec, index in specs, block column of the label) for a block row, by its rightmost label
    up to ``last_col`` that names a row; a label printed twice (其他) is taken in the order of the table."""
    order = list(range(pointer, len(specs))) + list(range(pointer))
    for j in range(min(len(texts) - 1, last_col), -1, -1):
        if _figure_like(texts[j]):
            continue
        key = label_key(texts[j])
        for exact in (True, False):
            for i in order:
                spec = specs[i]
                if spec.label is not None and any(_alike(key, n, exact) for n in (spec.label, *spec.aliases)):
                    return spec, i, j
    return None


def _label_columns(rows: list[list[str]], specs: list[RowSpec]) -> int:
    """The last block column that holds row labels: the rightmost one of a row label followed by
    figures (-1: the block has no label column).  A header row's labels are not followed by figures."""
    last = -1
    for row in rows:
        hit = _match_row(row, specs, 0, len(row) - 1)
        if hit is not None:
            after = row[hit[2] + 1 :]
            if any(c.strip() and _figure_like(c) for c in after):
                last = max(last, hit[2])
    return last


# --- placing ----------------------------------------------------------------------------------
def plan_paste(draft: Draft, table: TableDef, text: str, start: tuple[int, int] | None) -> PastePlan:
    """Where each text of the block goes in ``table`` (grid position ``start`` is the selected cell)."""
    rows = read_block(text)
    plan = PastePlan()
    targets: dict[tuple[int, int], ValueCell] = {}  # block position -> cell
    specs = row_specs(table)
    matched: dict[int, tuple[RowSpec, int]] = {}
    pointer = 0
    last_label = _label_columns(rows, specs)
    for i, row in enumerate(rows):
        hit = _match_row(row, specs, pointer, last_label) if last_label >= 0 else None
        if hit is not None:
            spec, index, label_col = hit
            matched[i] = (spec, label_col)
            pointer = index + 1
    first_data = min(matched) if matched else None
    labels = _column_labels(table)
    # header rows: above the first labelled row, or, without a label column, the leading rows of labels
    header_end = first_data if first_data is not None else 0
    if first_data is None:
        while header_end < len(rows) and not all(_figure_like(c) for c in rows[header_end]):
            header_end += 1
    columns: dict[int, int] = {}  # block column -> grid column
    width = max(len(r) for r in rows)
    for j in range(width):
        texts = [rows[i][j] for i in range(header_end - 1, -1, -1) if j < len(rows[i])]
        col = _match_column(texts, labels)
        if col is not None:
            columns[j] = col
    if first_data is None and not columns:
        header_end = 0
        _place_plainly(table, rows, start, targets, plan)
    else:
        plan.by_labels = True
        _place_by_labels(table, rows, header_end, matched, last_label, columns, start, targets, plan)
    _values_of(draft, table, rows, targets, plan)
    return plan


def _place_plainly(
    table: TableDef,
    rows: list[list[str]],
    start: tuple[int, int] | None,
    targets: dict[tuple[int, int], ValueCell],
    plan: PastePlan,
) -> None:
    r0, c0 = start if start is not None else (table.header_rows, 0)
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            r, c = r0 + i, c0 + j
            if not 0 <= r < len(table.rows) or not 0 <= c < table.grid_columns:
                if cell.strip():
                    plan.unplaced.append(Unplaced(i + 1, j + 1, cell, "past_edge"))
                continue
            gc = table.covering(r, c)
            if gc is None or gc.cell_id is None:
                # the table's own label where it stands is no loss; anything else is
                if cell.strip() and not (gc is not None and gc.text and label_key(cell) == label_key(gc.text)):
                    plan.unplaced.append(Unplaced(i + 1, j + 1, cell, "label"))
                continue
            targets[(i, j)] = table.cells[gc.cell_id]


def _place_by_labels(
    table: TableDef,
    rows: list[list[str]],
    header_end: int,
    matched: dict[int, tuple[RowSpec, int]],
    last_label: int,
    columns: dict[int, int],
    start: tuple[int, int] | None,
    targets: dict[tuple[int, int], ValueCell],
    plan: PastePlan,
) -> None:
    # without a label column, the rows below the header go from the selected row on
    first_row = max(start[0] if start is not None else 0, table.header_rows)
    for i in range(header_end):  # a figure above the first row named is not a header
        for j in range(last_label + 1, len(rows[i])):
            if rows[i][j].strip() and _figure_like(rows[i][j]):
                plan.unplaced.append(Unplaced(i + 1, j + 1, rows[i][j], "unknown_row"))
    for i in range(header_end, len(rows)):
        row = rows[i]
        hit = matched.get(i)
        label_col = hit[1] if hit is not None else -1
        if hit is None and matched:
            # a group heading (（三）不予公开) has no figures: only what it holds right of the labels is lost
            for j in range(last_label + 1, len(row)):
                if row[j].strip():
                    label = next((c for c in reversed(row[: last_label + 1]) if c.strip()), "")
                    plan.unplaced.append(Unplaced(i + 1, j + 1, f"{_short(label)} {row[j]}".strip(), "unknown_row"))
            continue
        if hit is not None:
            by_col = {vc.grid_col: vc for vc in hit[0].cells}
        else:
            r = first_row + (i - header_end)
            by_col = {vc.grid_col: vc for vc in table.cells.values() if vc.grid_row == r}
        ordered = [by_col[c] for c in sorted(by_col)]
        for j in range(label_col + 1, len(row)):
            cell = row[j]
            if j in columns:
                vc = by_col.get(columns[j])
                if vc is None:
                    if cell.strip():
                        plan.unplaced.append(Unplaced(i + 1, j + 1, cell, "past_edge"))
                    continue
            elif columns:
                if hit is not None and label_key(cell) in hit[0].texts:
                    continue  # the row's unit (条, 件) or another of its own labels
                if cell.strip():
                    plan.unplaced.append(Unplaced(i + 1, j + 1, cell, "unknown_column"))
                continue
            else:  # no header: the figures follow the label, in the table's order
                k = j - label_col - 1
                if k >= len(ordered):
                    if cell.strip():
                        plan.unplaced.append(Unplaced(i + 1, j + 1, cell, "past_edge"))
                    continue
                vc = ordered[k]
            targets[(i, j)] = vc


def _values_of(
    draft: Draft, table: TableDef, rows: list[list[str]], targets: dict[tuple[int, int], ValueCell], plan: PastePlan
) -> None:
    computes = not draft.table(table.key).entered_totals
    seen: set[str] = set()
    totals: list[tuple[int, int, ValueCell, str]] = []
    for (i, j), vc in sorted(targets.items()):
        cell = rows[i][j]
        if vc.id in seen:
            if cell.strip():
                plan.unplaced.append(Unplaced(i + 1, j + 1, cell, "repeated"))
            continue
        seen.add(vc.id)
        if vc.computed and computes:
            if cell.strip():
                totals.append((i, j, vc, cell))
            continue
        try:
            plan.values[vc.id] = parse_cell(cell, vc.type)
        except InputError as exc:
            plan.values[vc.id] = refused_value(cell)
            plan.refused.append((i + 1, j + 1, vc.id, cell, str(exc)))
    if not totals:
        return
    entered = dict(draft.table(table.key).values)
    for cid, value in plan.values.items():
        if value is None:
            entered.pop(cid, None)
        else:
            entered[cid] = value
    after = dataclasses.replace(
        draft, tables={**draft.tables, table.key: dataclasses.replace(draft.table(table.key), values=entered)}
    )
    computed = effective_values(after, table)
    for i, j, vc, cell in totals:
        try:
            pasted = parse_cell(cell, vc.type)
        except InputError:
            plan.unplaced.append(Unplaced(i + 1, j + 1, cell, "not_a_number"))
            continue
        if pasted == computed.get(vc.id):
            plan.totals_agree += 1
        elif pasted is not None:
            plan.totals.append(TotalDiff(vc.id, i + 1, j + 1, pasted, computed.get(vc.id)))


# --- the report -------------------------------------------------------------------------------
REASONS = {
    "past_edge": _("超出表格"),
    "unknown_row": _("行标题未识别"),
    "unknown_column": _("列标题未识别"),
    "label": _("落在标题格上"),
    "repeated": _("与前面的内容落在同一格"),
    "not_a_number": _("合计不是数字"),
}


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"


def report_lines(plan: PastePlan, table: TableDef) -> list[str]:
    """The paste in a few Chinese lines: what went in, what did not and where, totals that differ."""
    how = _("（按行列标题对应）") if plan.by_labels else ""
    lines = [_("已粘贴 {n} 个单元格{how}").format(n=plan.written, how=how)]
    if plan.refused:
        first = "、".join(
            _("第{r}行第{c}列“{t}”").format(r=r, c=c, t=_short(t)) for r, c, _cid, t, _m in plan.refused[:FIRST]
        )
        lines.append(
            _("{n} 个内容不是有效数字，已照录并标红：{first}（{why}）").format(
                n=len(plan.refused), first=first, why=plan.refused[0][4]
            )
        )
    if plan.unplaced:
        first = "、".join(
            _("第{r}行第{c}列“{t}”（{why}）").format(r=u.row, c=u.col, t=_short(u.text), why=REASONS[u.reason])
            for u in plan.unplaced[:FIRST]
        )
        lines.append(_("{n} 个内容未能粘贴：{first}").format(n=len(plan.unplaced), first=first))
    if plan.totals:
        first = "、".join(
            _("{name}：粘贴的是 {pasted}，按所填数字合计为 {computed}").format(
                name=table.cell_name(d.cell_id),
                pasted=format_value(d.pasted),
                computed=format_value(d.computed) or _("空白"),
            )
            for d in plan.totals[:FIRST]
        )
        lines.append(
            _("{n} 个合计与程序算出的不同（合计由程序计算，未被改写）：{first}").format(n=len(plan.totals), first=first)
        )
    elif plan.totals_agree:
        lines.append(_("粘贴内容中的 {n} 个合计与程序算出的一致").format(n=plan.totals_agree))
    return lines
