"""Checks that could block the window run in a worker; the findings update when they are done and
always end up equal to a check of the draft as it is (from scratch, nothing kept)."""

from __future__ import annotations

import copy

import pytest
from draft_factory import long_report
from PySide6.QtWidgets import QApplication

from forms.checks import Settings, check
from forms.checks.memo import set_aside
from ui import document
from ui.driving import type_into_cell, type_section_text


def from_scratch(draft):
    with set_aside():
        return check(copy.deepcopy(draft), Settings())


@pytest.fixture
def long_window(open_window, monkeypatch):
    def make(first_check_chars: int, blocking_ms: float):
        monkeypatch.setattr(document, "FIRST_CHECK_CHARS", first_check_chars)
        monkeypatch.setattr(document, "BLOCKING_MS", blocking_ms)
        w = open_window()
        w.set_document(long_report(20_000), None)
        return w

    return make


def test_a_long_report_is_first_checked_in_the_background(long_window, qtbot):
    window = long_window(first_check_chars=10_000, blocking_ms=50)
    doc = window.doc
    assert doc.checking  # the window is there before the checks are
    changes = []
    doc.changed.connect(changes.append)
    summary = window.shell.findings.summary
    assert summary.text().startswith("正在检查")  # the panel says its list is not yet the last word
    qtbot.waitUntil(lambda: not doc.checking, timeout=10_000)
    assert changes  # the pages were told
    assert not summary.text().startswith("正在检查")
    assert doc.findings == from_scratch(doc.draft)
    listed = window.shell.findings.model.findings
    assert sorted(map(repr, listed)) == sorted(map(repr, doc.findings))


def test_typing_while_a_check_runs_ends_with_the_findings_of_what_was_typed(long_window, qtbot):
    window = long_window(first_check_chars=10_000, blocking_ms=0)  # every check in the worker
    doc = window.doc
    qtbot.waitUntil(lambda: not doc.checking, timeout=10_000)
    type_section_text(window, "overview", "全年共收到政府信息公开申请9件。")  # a figure the table does not have
    assert doc.checking
    qtbot.waitUntil(lambda: not doc.checking, timeout=10_000)
    QApplication.processEvents()
    assert "G7" in [f.rule for f in doc.findings]
    assert doc.findings == from_scratch(doc.draft)
    page = window.shell.pages["sec:overview"]
    assert "收到政府信息公开申请9件" in page.notice.toolTip()


def test_errors_are_those_of_the_draft_as_it_is_even_while_a_check_runs(long_window, qtbot):
    window = long_window(first_check_chars=10_000, blocking_ms=0)
    doc = window.doc
    qtbot.waitUntil(lambda: not doc.checking, timeout=10_000)
    assert doc.errors() == []
    type_into_cell(window, "apply.new_received.natural", "7")  # 一 no longer adds up: A1
    assert {f.rule for f in doc.errors()} == {"A1"}  # export asks for them: they are not stale
    qtbot.waitUntil(lambda: not doc.checking, timeout=10_000)
    assert doc.findings == from_scratch(doc.draft)


def test_a_small_report_is_checked_at_once(open_window):
    window = open_window(("测试镇人民政府", "乡镇", 2024, "gov2021"))
    type_section_text(window, "overview", "本年度")
    assert not window.doc.checking
    assert window.doc.findings == from_scratch(window.doc.draft)


def test_exporting_a_long_report_keeps_the_window_painting(open_window, qtbot, tmp_path):
    """The .docx of a 50,000-character report takes half a second and more: it is made in a worker
    while the event loop goes on (a zero timer ticks meanwhile), and do_export() returns as before."""
    from PySide6.QtCore import QTimer

    from ui.export_dialog import ExportDialog

    window = open_window()
    window.set_document(long_report(50_000), None)
    dialog = ExportDialog(window.doc, window.settings, window)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path))
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(dialog.buttons.isEnabled()))
    timer.start(0)
    assert dialog.do_export()
    timer.stop()
    assert ticks and not any(ticks)  # the loop ran during the export, with the buttons off
    assert dialog.buttons.isEnabled()
    written = sorted(p.suffix for p in tmp_path.iterdir())
    assert written == [".docx", ".html", ".txt"]
    assert "总体情况" in (tmp_path / next(p.name for p in tmp_path.iterdir() if p.suffix == ".txt")).read_text(
        encoding="utf-8"
    )


def test_the_workers_copy_equals_the_draft_and_shares_nothing_the_window_changes():
    from draft_factory import fill_apply

    from forms.model import Acknowledgement, Paragraph

    draft = long_report(2_000)
    fill_apply(draft, {"r_granted": {"natural": 2}}, carried_over={}, carried_forward={})
    draft.last_year.carried_forward = {"natural": 1}
    draft.acknowledgements.append(Acknowledgement("A6", ("apply.carried_over.natural",), "0", "已核实"))
    copy_ = document.snapshot(draft)
    assert copy_ == draft
    # what the pages do to the draft, done to the original only
    draft.section("overview").before.append(Paragraph("新的一段"))
    draft.section("apply").after = [Paragraph("表后")]
    draft.set_value("apply.r_granted.natural", 5)
    draft.last_year.texts["overview"] = "改过"
    draft.last_year.carried_forward["natural"] = 9
    draft.meta.level = "县级人民政府"
    draft.meta.contact.phone = "123"
    draft.acknowledgements.clear()
    # the copy still holds what the draft held when it was made
    assert copy_.section("overview").before[-1].text != "新的一段"
    assert copy_.section("apply").after == []
    assert copy_.value("apply.r_granted.natural") == 2
    assert copy_.last_year.texts["overview"] != "改过"
    assert copy_.last_year.carried_forward == {"natural": 1}
    assert copy_.meta.level == "乡镇" and copy_.meta.contact.phone == ""
    assert len(copy_.acknowledgements) == 1
