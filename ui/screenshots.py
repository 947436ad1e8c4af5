"""The screenshots of docs/使用说明.md, made from the real window.

Run under a virtual display with the CJK fonts installed (fonts-noto-cjk):

    NIANBAO_DATA_DIR=$(mktemp -d) xvfb-run -a .venv/bin/python -m ui.screenshots docs/images

``--screen TAG`` instead takes the whole screen as the clerk sees it — a new report, a table with
an error, the user guide, the print preview — as ``ui-screen-<what>-<TAG>.png``; run it on a
1920×1080 display and on a 1280×720 one with QT_SCALE_FACTOR=1.5:

    Xvfb :92 -screen 0 1280x720x24 &
    DISPLAY=:92 QT_SCALE_FACTOR=1.5 .venv/bin/python -m ui.screenshots docs/images --screen 720-150
"""

from __future__ import annotations

import sys
import tempfile
import time
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


def _window(out: Path) -> tuple[QApplication, MainWindow]:
    """The application and a main window whose settings and journal are a temporary folder's."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    configure_application(app)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="nianbao-shots-"))
    return app, MainWindow(AppSettings(tmp / "settings.ini"), Journal(tmp))


def make(out: Path) -> list[Path]:
    app, window = _window(out)
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
        # Enter first: the text is a paragraph of its own after the outline's last heading
        "\n" + _("本年度，我镇认真贯彻落实《中华人民共和国政府信息公开条例》，全年共收到政府信息公开申请3件。"),
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


def make_screens(out: Path, tag: str) -> list[Path]:
    """The whole screen, window maximised to it, at four moments of a clerk's work."""
    app, window = _window(out)
    screen = app.primaryScreen()
    window.setGeometry(screen.availableGeometry())
    window.show()
    written: list[Path] = []

    def shot(name: str) -> None:
        for _i in range(20):
            app.processEvents()
            time.sleep(0.02)
        path = out / f"ui-screen-{name}-{tag}.png"
        screen.grabWindow(0).save(str(path))
        written.append(path)

    window.new_report(ORG, "乡镇", 2024, "gov2021")
    shot("new")
    assert window.shell is not None
    window.shell.go_to("sec:apply")
    window.shell.pages["sec:apply"].table_block.fill_button.click()  # type: ignore[attr-defined]
    type_into_cell(window, "apply.new_received.natural", "12")
    time.sleep(1.2)  # the recovery copy is written about a second after an edit: the status bar says so
    window.shell.pages["sec:apply"].table_block.view.select_cell("apply.new_received.natural")  # type: ignore[attr-defined]
    shot("table-error")
    window.desk.act_guide.trigger()
    guide = window._guide_window  # type: ignore[attr-defined]
    free = screen.availableGeometry()
    guide.setGeometry(free.x() + free.width() // 3, free.y(), free.width() * 2 // 3, free.height())
    shot("help")
    guide.close()
    dialog = window.desk.print_preview()
    if dialog is not None:
        dialog.setGeometry(free)
        shot("print-preview")
        dialog.close()
    if window.doc is not None:
        window.doc.set_modified(False)
    window.close()
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images")
    if "--screen" in sys.argv:
        made = make_screens(target, sys.argv[sys.argv.index("--screen") + 1])
    else:
        made = make(target)
    for p in made:
        print(p)
