"""The screenshots of the summary window in docs/使用说明.md, made from the real window.

Make a test county first (the one the tests use), then run under a virtual display with the CJK
fonts installed:

    .venv/bin/python tests/summary_county.py /tmp/county
    NIANBAO_DATA_DIR=$(mktemp -d) xvfb-run -a .venv/bin/python -m ui.summary.screenshots docs/images /tmp/county
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication, QWidget

from ui.app import configure_application
from ui.summary.window import SummaryWindow


def make(out: Path, county: Path) -> list[Path]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    configure_application(app)
    out.mkdir(parents=True, exist_ok=True)
    window = SummaryWindow()
    window.resize(1366, 768)
    window.show()
    written: list[Path] = []

    def shot(widget: QWidget, name: str) -> None:
        for _ in range(5):
            app.processEvents()
        path = out / f"ui-summary-{name}.png"
        widget.grab().save(str(path))
        written.append(path)

    window.load_roster(county / "名册.roster.json")
    shot(window, "roster")
    window.add_paths([county / "收到的报告"])
    loop = QEventLoop()
    window.finished.connect(lambda *_a: loop.quit())
    window.run_summary()
    loop.exec()
    window.tabs.setCurrentIndex(1)
    window.units_view.sortByColumn(3, window.units_view.horizontalHeader().sortIndicatorOrder())
    window.units_view.selectRow(0)
    shot(window, "units")
    window.tabs.setCurrentIndex(2)
    window.org.setText("某某县人民政府")
    window.table_choice.setCurrentIndex(window.table_choice.findData("apply"))
    model = window.grid.model()
    cell = next(vc for vc in model.table.cells.values() if vc.id == "apply.new_received.natural")  # type: ignore[attr-defined]
    window.grid.setCurrentIndex(model.index(cell.grid_row, cell.grid_col))
    shot(window, "sum")
    window.close()
    return written


if __name__ == "__main__":
    for p in make(Path(sys.argv[1]), Path(sys.argv[2])):
        print(p)
