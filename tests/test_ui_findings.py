"""The findings panel: listing, jumping to fields, acknowledging warnings with a note."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog

from ui.driving import type_into_cell, type_section_text


@pytest.fixture
def window(open_window):
    w = open_window(("测试镇人民政府", "乡镇", 2024, "gov2021"))
    w.shell.check_all()  # 检查全部: the findings of the pages not yet visited are listed too
    return w


def select(window, rule: str) -> None:
    panel = window.shell.findings
    row = panel.row_of(rule)
    assert row >= 0, rule
    panel.view.setCurrentIndex(panel.model.index(row))


def test_every_finding_is_listed_errors_first(window):
    panel = window.shell.findings
    listed = panel.model.findings
    assert len(listed) == len(window.doc.findings)
    severities = [f.severity for f in listed]
    assert severities == sorted(severities, key=["error", "warning", "hint"].index)
    assert panel.summary.text().startswith(f"{len(window.doc.errors())}个错误")


def test_clicking_a_field_finding_focuses_the_field(qtbot, window):
    window.shell.go_to("sec:apply")
    select(window, "G9")
    panel = window.shell.findings
    panel.view.clicked.emit(panel.view.currentIndex())
    page = window.shell.pages["sec:other"]
    assert window.shell.stack.currentWidget() is page
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.before.edit or page.before.edit.hasFocus(), timeout=1000)


def test_acknowledge_a_warning_with_a_note_and_withdraw_it(qtbot, window, monkeypatch):
    type_section_text(window, "other", "本年度无其他事项。")
    assert window.shell.section_list.badge("sec:other") == "1个警告"
    select(window, "G9")
    panel = window.shell.findings
    assert panel.ack_button.isEnabled() and not panel.withdraw_button.isEnabled()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("本年度未发生收费", True))
    qtbot.mouseClick(panel.ack_button, Qt.MouseButton.LeftButton)
    ack = window.doc.draft.acknowledgements
    assert [(a.rule, a.note) for a in ack] == [("G9", "本年度未发生收费")]
    g9 = next(f for f in window.doc.findings if f.rule == "G9")
    assert g9.acknowledged
    assert window.shell.section_list.badge("sec:other") == "已完成"
    assert "已确认：本年度未发生收费" in panel.model.index(panel.row_of("G9")).data()
    select(window, "G9")
    assert panel.withdraw_button.isEnabled() and not panel.ack_button.isEnabled()
    qtbot.mouseClick(panel.withdraw_button, Qt.MouseButton.LeftButton)
    assert window.doc.draft.acknowledgements == []
    assert window.shell.section_list.badge("sec:other") == "1个警告"


def test_an_acknowledged_warning_returns_with_its_old_note_when_the_value_changes(qtbot, window, monkeypatch):
    window.doc.draft.last_year.carried_forward["natural"] = 2
    type_into_cell(window, "apply.carried_over.natural", "3")
    select(window, "A6")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("上年报告有误", True))
    qtbot.mouseClick(window.shell.findings.ack_button, Qt.MouseButton.LeftButton)
    assert next(f for f in window.doc.findings if f.rule == "A6").acknowledged
    type_into_cell(window, "apply.carried_over.natural", "4")
    a6 = next(f for f in window.doc.findings if f.rule == "A6")
    assert not a6.acknowledged and a6.previous_note == "上年报告有误"
    panel = window.shell.findings
    assert "原确认说明：上年报告有误" in panel.model.index(panel.row_of("A6")).data()


def test_errors_cannot_be_acknowledged(window):
    select(window, "G3")
    assert not window.shell.findings.ack_button.isEnabled()


def test_next_and_previous_never_block(qtbot, window):
    shell = window.shell
    assert window.doc.errors()
    ids = shell.page_ids()
    for expected in ids[1:]:
        qtbot.mouseClick(shell.next_button, Qt.MouseButton.LeftButton)
        assert shell.current_page().page_id == expected
    assert not shell.next_button.isEnabled()
    qtbot.mouseClick(shell.prev_button, Qt.MouseButton.LeftButton)
    assert shell.current_page().page_id == ids[-2]
    preview = shell.pages["preview"]
    shell.go_to("preview")
    assert window.doc.draft.effective_title() in preview.browser.toPlainText()


def test_the_findings_model_passes_the_model_tester(qtmodeltester, window):
    model = window.shell.findings.model
    qtmodeltester.check(model, force_py=True)
    window.shell.findings.set_findings([])
    qtmodeltester.check(model, force_py=True)
