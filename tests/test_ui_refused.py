"""A refused entry is what the clerk sees: kept as typed, checked, saved, printed as typed, never
the figure it replaced (SPEC §3; issue 8, point 2)."""

from __future__ import annotations

import io
import json

import pytest
from docx import Document
from PySide6.QtCore import Qt

from forms.draftfile import load_draft
from forms.journal import Journal
from forms.render import RenderOptions
from forms.render.export import render_file
from forms.values import Invalid
from ui.driving import table_view, type_into_cell
from ui.main_window import MainWindow

CELL = "apply.r_granted.natural"
ROW_TOTAL = "apply.r_granted.total"
COLUMN_TOTAL = "apply.r_total.natural"
CORNER = "apply.r_total.total"
OLD = "4321"  # a figure no other part of a new report prints


@pytest.fixture
def window(open_window):
    return open_window(("拒收测试镇人民政府", "乡镇", 2024, "gov2021"))


def refuse_over_old(window: MainWindow) -> None:
    type_into_cell(window, CELL, OLD)
    type_into_cell(window, "apply.r_partial.natural", "7")
    type_into_cell(window, "apply.r_granted.business", "2")
    type_into_cell(window, CELL, "8件")


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_a_refused_entry_is_a_t1_error_at_its_cell_and_counted_in_the_badge(window):
    refuse_over_old(window)
    assert window.doc.draft.value(CELL) == Invalid("8件")
    t1 = [f for f in window.doc.errors() if f.rule == "T1"]
    assert [f.cells for f in t1] == [(CELL,)]
    assert "8件" in t1[0].message
    panel = window.shell.findings
    listed = [panel.model.index(r).data() for r in range(panel.model.rowCount())]
    assert any("8件" in text for text in listed)
    assert window.shell.section_list.badge("sec:apply").endswith("个错误")
    errors_before = int(window.shell.section_list.badge("sec:apply").split("个")[0])
    type_into_cell(window, CELL, "8")
    badge = window.shell.section_list.badge("sec:apply")
    assert not badge.endswith("个错误") or int(badge.split("个")[0]) == errors_before - 1


def test_totals_that_depend_on_a_refused_entry_are_blank(window):
    refuse_over_old(window)
    model = table_view(window, CELL).model()
    for total in (ROW_TOTAL, COLUMN_TOTAL, CORNER):
        assert model.index_of(total).data() == "", total
    assert model.index_of("apply.r_partial.total").data() == "7"  # a total without it still adds up
    type_into_cell(window, CELL, "8")
    assert model.index_of(ROW_TOTAL).data() == "10"
    assert model.index_of(COLUMN_TOTAL).data() == "15"


def test_outputs_print_what_was_typed_never_the_replaced_figure(window):
    refuse_over_old(window)
    options = RenderOptions()
    txt = render_file(window.doc.draft, "txt", options)[0].decode("utf-8")
    html = render_file(window.doc.draft, "html", options)[0].decode("utf-8")
    docx = docx_text(render_file(window.doc.draft, "docx", options)[0])
    for name, text in (("txt", txt), ("html", html), ("docx", docx)):
        assert OLD not in text, name
        assert "8件" in text, name
    window.shell.go_to("preview")
    preview = window.shell.pages["preview"]
    preview.render()
    shown = preview.browser.toPlainText()
    assert OLD not in shown and "8件" in shown


def test_a_refused_entry_survives_save_reopen_and_undo(window, tmp_path):
    refuse_over_old(window)
    path = tmp_path / "拒收.nianbao"
    assert window._save_to(path)
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored["tables"]["apply"]["values"][CELL] == "8件"
    assert load_draft(path).value(CELL) == Invalid("8件")
    assert window.open_draft(path)
    view = table_view(window, CELL)
    index = view.model().index_of(CELL)
    assert index.data() == "8件"
    assert index.data(Qt.ItemDataRole.EditRole) == "8件"
    assert "整数" in index.data(Qt.ItemDataRole.ToolTipRole)
    window.act_undo.setEnabled(True)
    type_into_cell(window, CELL, "9")
    window.undo_group.undo()
    assert window.doc.draft.value(CELL) == Invalid("8件")  # undo brings the typed text back


def test_a_refused_entry_reaches_the_recovery_journal(window, tmp_path):
    refuse_over_old(window)
    window.doc.flush_journal()
    window.doc.write_journal()
    entry = next((tmp_path / "data" / "recovery").glob("*.json"))
    body = json.loads(entry.read_text(encoding="utf-8"))
    assert body["draft"]["tables"]["apply"]["values"][CELL] == "8件"
    window.journal.close()  # as a crash leaves it: the entry stays, the window's session has ended
    other = Journal(tmp_path / "data")
    recovered = [r for r in other.pending() if r.draft.meta.org == "拒收测试镇人民政府"]
    assert recovered and recovered[0].draft.value(CELL) == Invalid("8件")


def test_a_huge_paste_is_refused_and_kept_short(window):
    view = table_view(window, CELL)
    view.select_cell(CELL)
    view.paste_text("9" * 1_000_000)
    value = window.doc.draft.value(CELL)
    assert isinstance(value, Invalid) and len(value.raw) <= 201
    assert "太长" in view.model().index_of(CELL).data(Qt.ItemDataRole.ToolTipRole)
