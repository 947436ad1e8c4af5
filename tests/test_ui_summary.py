"""The summary window (issue 14) under pytest-qt: from the start page, 500 units with the progress
bar and a window that keeps answering, the county's units filtered and opened, 报送… from a report."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from summary_county import ROSTER, make_county
from summary_generated import write_units

from forms.draftjson import to_dict
from forms.summary.package import read_package
from forms.summary.total import ALL
from forms.values import format_value, numeric
from ui.summary.models import LEFT_OUT, GridModel


def summary_window(open_window, qtbot):
    main = open_window()
    qtbot.mouseClick(main.start_page.summary_button, Qt.MouseButton.LeftButton)
    window = main.summary_window
    assert window is not None and window.isVisible()
    qtbot.addWidget(window)
    return main, window


def run(window, qtbot, timeout=60_000):
    with qtbot.waitSignal(window.finished, timeout=timeout):
        assert window.run_summary()


def test_500_units_with_the_progress_bar_and_a_responsive_window(open_window, qtbot, tmp_path, monkeypatch):
    import threading

    import ui.summary.worker as worker

    write_units(tmp_path / "units", 500)
    _main, window = summary_window(open_window, qtbot)
    window.add_paths([tmp_path / "units"])
    seen: list[int] = []
    window.progress.valueChanged.connect(seen.append)
    # the window stays responsive because the reading and checking run off the GUI thread
    threads: list[int] = []
    real_collect = worker.collect

    def collect(*args, **kwargs):
        threads.append(threading.get_ident())
        return real_collect(*args, **kwargs)

    monkeypatch.setattr(worker, "collect", collect)
    run(window, qtbot)
    assert threads and threads[0] != threading.main_thread().ident
    assert window.progress.maximum() == 500
    assert seen[-1] == 500 and len(set(seen)) > 10  # the bar moved along, not only at the end
    assert window.units_model.rowCount() == 500
    assert window.tabs.tabText(1) == "单位（500）"
    # the grid shows the totals; a cell's breakdown lists every unit
    model = window.grid.model()
    assert isinstance(model, GridModel)
    totals = window.summary.totals[ALL]
    cid = max(model.table.cells, key=lambda c: numeric(totals[c]) or 0)
    assert numeric(totals[cid]) > 0
    vc = model.table.cells[cid]
    index = model.index(vc.grid_row, vc.grid_col)
    window.grid.setCurrentIndex(index)
    assert window.breakdown.rowCount() == 500
    shown = sum(numeric(window.breakdown.item(r, 1).text() or None) or 0 for r in range(500))
    assert shown == (numeric(window.summary.totals[ALL][cid]) or 0)
    assert model.data(index) == format_value(totals[cid])


def test_county_roster_pasted_units_filtered_and_opened(open_window, qtbot, tmp_path):
    county = make_county(tmp_path / "county")
    main, window = summary_window(open_window, qtbot)
    QGuiApplication.clipboard().setText("\n".join(f"{n}\t{lv}" for n, lv in ROSTER))
    window.roster_panel.paste()
    assert window.roster_panel.table.rowCount() == len(ROSTER)
    assert window.save_roster(tmp_path / "县.roster.json")
    window.add_paths([county.folder])
    run(window, qtbot)
    coll = window.collection
    assert sorted(u.name for u in coll.included) == sorted(county.summed)
    # filter: only the units left out, with their reasons
    window.filter_status.setCurrentIndex(window.filter_status.findData(LEFT_OUT))
    proxy = window.units_proxy
    assert proxy.rowCount() == len(county.left_out)
    reasons = {proxy.index(r, 6).data() for r in range(proxy.rowCount())}
    assert all(reasons)
    window.filter_status.setCurrentIndex(0)
    window.filter_text.setText("石马镇")
    assert proxy.rowCount() == 1
    window.units_view.setCurrentIndex(proxy.index(0, 0))
    assert "错误" in window.unit_findings.toPlainText()
    window.filter_text.setText("")
    # sorting by the number of errors: 石马镇 (the only one with errors) first, then last
    window.units_view.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, 0).data() == "石马镇人民政府"
    window.units_view.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    assert proxy.index(proxy.rowCount() - 1, 0).data() == "石马镇人民政府"
    # a unit's draft opens in the main window
    window.filter_text.setText("东城街道")
    window.units_view.setCurrentIndex(proxy.index(0, 0))
    window.open_selected_unit()
    assert main.doc is not None and main.doc.draft.meta.org == "东城街道办事处"
    # a package's draft is saved as a file of its own first, then opened; the package is kept
    package = next(u for u in coll.units if u.kind == "package")
    before = Path(package.source).read_bytes()
    window.filter_text.setText("山头镇")
    window.units_view.setCurrentIndex(proxy.index(0, 0))
    main.doc.set_modified(False)
    assert window.open_selected_unit(tmp_path / "山头镇.nianbao")
    assert main.doc.path == tmp_path / "山头镇.nianbao" and main.doc.draft.meta.org == package.name
    assert Path(package.source).read_bytes() == before
    # the summary draft keeps the edited opening sentence; the workbook is written
    window.org.setText("某某县人民政府")
    assert window.sentences.item(0, 1).text().startswith("全县共收到政府信息公开申请")
    window.sentences.item(0, 1).setText("全县共收到申请若干件。")
    window.table_choice.setCurrentIndex(window.table_choice.findData("review"))  # keeps the edit
    assert window.save_summary(tmp_path / "全县.nianbao")
    from forms.draftfile import load_draft

    saved = load_draft(tmp_path / "全县.nianbao")
    assert saved.section("overview").before[0].text == "全县共收到申请若干件。"
    assert saved.section("review").before[0].text.startswith("全县共发生政府信息公开行政复议")
    assert saved.value("apply.new_received.total") == window.summary.totals[ALL]["apply.new_received.total"]
    assert window.export_workbook(tmp_path / "全县.xlsx")
    assert (tmp_path / "全县.xlsx").read_bytes().startswith(b"PK")


def test_report_window_writes_a_submission_package(open_window, tmp_path):
    main = open_window(report=("甲镇人民政府", "乡镇", 2023, "gov2021"))
    assert main.act_package.isEnabled()
    path = tmp_path / "甲镇.zip"
    assert main.make_package(path)
    pkg = read_package(path)
    assert to_dict(pkg.draft) == to_dict(main.doc.draft)
    assert pkg.findings  # an empty report has findings, and they travel with it


@pytest.fixture(autouse=True)
def _no_stray_windows():
    yield
    for w in QApplication.topLevelWidgets():
        if type(w).__name__ == "SummaryWindow":
            w.close()


def test_nothing_to_sum_and_a_failure_leave_the_window_usable(open_window, qtbot, tmp_path, monkeypatch):
    (tmp_path / "报告.docx").write_bytes(b"PK\x03\x04")
    _main, window = summary_window(open_window, qtbot)
    window.add_paths([tmp_path])
    run(window, qtbot)
    assert window.summary is None and "没有可以汇总" in window.sum_label.text()
    assert not window.act_save.isEnabled() and window.act_run.isEnabled()
    assert "损坏" in window.units_proxy.index(0, 6).data()

    import ui.summary.worker as worker

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    warned = []
    monkeypatch.setattr(worker, "collect", broken)
    monkeypatch.setattr("ui.summary.window.warn", lambda _parent, text, detail="": warned.append((text, detail)))
    assert window.run_summary()
    qtbot.waitUntil(lambda: bool(warned), timeout=10_000)
    assert "意外错误" in warned[0][1] and window.worker is None and window.act_run.isEnabled()
