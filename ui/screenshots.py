"""The screenshots of docs/使用说明.md, made from the real window.

Run under a virtual display with the CJK fonts installed (fonts-noto-cjk):

    NIANBAO_DATA_DIR=$(mktemp -d) xvfb-run -a .venv/bin/python -m ui.screenshots docs/images
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from forms.i18n import _
from forms.journal import Journal
from ui.app import configure_application
from ui.driving import type_into_cell, type_section_text
from ui.export_dialog import ExportDialog
from ui.main_window import MainWindow
from ui.settings import AppSettings

ORG = _("某某县某某镇人民政府")


def make(out: Path) -> list[Path]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    configure_application(app)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="nianbao-shots-"))
    window = MainWindow(AppSettings(tmp / "settings.ini"), Journal(tmp))
    window.resize(1366, 768)
    window.show()
    written: list[Path] = []

    def shot(widget: object, name: str) -> None:
        app.processEvents()
        path = out / f"ui-{name}.png"
        widget.grab().save(str(path))  # type: ignore[attr-defined]
        written.append(path)

    start = window.start_page
    start.org.setText(ORG)
    start.year.setValue(2024)
    shot(window, "start")

    window.new_report(ORG, "乡镇", 2024, "gov2021")
    type_section_text(
        window,
        "overview",
        _("本年度，我镇认真贯彻落实《中华人民共和国政府信息公开条例》，全年共收到政府信息公开申请3件。"),
    )
    window.shell.go_to("sec:apply")
    window.shell.pages["sec:apply"].table_block.fill_button.click()  # type: ignore[attr-defined]
    type_into_cell(window, "apply.new_received.natural", "12")
    shot(window, "table-error")
    shot(window.shell.findings, "findings")
    window.shell.go_to("sec:overview")
    shot(window, "text")

    dialog = ExportDialog(window.doc, window.settings, window)  # type: ignore[arg-type]
    dialog.folder.setText(str(Path.home() / _("年度报告")))
    dialog.show()
    shot(dialog, "export")
    dialog.close()
    if window.doc is not None:
        window.doc.set_modified(False)
    window.close()
    return written


if __name__ == "__main__":
    for p in make(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images")):
        print(p)
