"""The edit → checks → repaint path of the window (SPEC §7: under 10 ms at the 95th percentile).

Each round is what one committed cell edit (or one keystroke in a text) costs the clerk:
parse, undo step, the draft, ``check()``, every table model's marks, the section badges,
the findings panel, and the paint events Qt then delivers.  Run with
``pytest tests/test_bench_ui.py --benchmark-enable`` to get figures (the p95 is printed).
"""

from __future__ import annotations

from itertools import count

import pytest
from draft_factory import full_report
from PySide6.QtWidgets import QApplication

from forms.journal import Journal
from forms.model import Paragraph
from ui.app import configure_application
from ui.main_window import MainWindow
from ui.settings import AppSettings


@pytest.fixture
def window(qapp, tmp_path, monkeypatch):
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "data"))
    configure_application(qapp)
    w = MainWindow(AppSettings(tmp_path / "settings.ini"), Journal(tmp_path / "data"))
    w.resize(1400, 850)
    w.show()
    draft = full_report("gov2021", level="乡镇")
    draft.last_year.carried_forward = {"natural": 0, "total": 0}
    draft.last_year.texts = {sec.key: "".join(p.text for p in reversed(sec.before)) for sec in draft.sections}
    w.set_document(draft, None)
    QApplication.processEvents()
    yield w
    w.doc.set_modified(False)
    w.close()
    w.deleteLater()


def report_p95(benchmark, label: str) -> None:
    stats = getattr(benchmark, "stats", None)
    data = sorted(getattr(getattr(stats, "stats", None), "data", []) or [])
    if data:
        p95 = data[min(len(data) - 1, int(len(data) * 0.95))]
        print(f"\n{label}: rounds={len(data)} median={data[len(data) // 2] * 1000:.2f} ms p95={p95 * 1000:.2f} ms")


def test_bench_cell_edit_to_repaint(benchmark, window):
    """Alternately 1 and 2 in 自然人 of 一、本年新收: A1 appears and goes, so marks and badges change."""
    window.shell.go_to("sec:apply")
    model = window.shell.pages["sec:apply"].model
    index = model.index_of("apply.new_received.natural")
    values = count()

    def edit():
        model.setData(index, str(next(values) % 2))
        QApplication.processEvents()  # the repaint of the table, the list and the findings panel

    benchmark.pedantic(edit, rounds=300, warmup_rounds=10)
    report_p95(benchmark, "cell edit → repaint")
    assert window.doc.draft.value("apply.new_received.natural") in (0, 1)
    a1 = [f for f in window.doc.findings if f.rule == "A1"]
    assert bool(a1) == (window.doc.draft.value("apply.new_received.natural") == 1)


def test_bench_keystroke_in_overview_to_repaint(benchmark, window):
    """One character typed at the end of 总体情况 (G6 compares it with last year's text each time)."""
    window.shell.go_to("sec:overview")
    page = window.shell.pages["sec:overview"]
    editor = page.before.edit
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    digits = count()

    def keystroke():
        editor.insertPlainText(str(next(digits) % 10))
        QApplication.processEvents()

    benchmark.pedantic(keystroke, rounds=300, warmup_rounds=10)
    report_p95(benchmark, "keystroke → repaint")
    assert window.doc.draft.section("overview").before[-1].text[-1].isdigit()


def test_bench_open_full_report(benchmark, window):
    """Building every page for a full report (opening a draft), for reference."""
    draft = window.doc.draft

    def reopen():
        window.doc.set_modified(False)
        window.set_document(draft, None)
        QApplication.processEvents()

    benchmark.pedantic(reopen, rounds=5, iterations=1)
    assert window.shell.pages["sec:overview"].before.paragraphs() == [
        Paragraph(p.text, p.level) for p in draft.section("overview").before
    ]
