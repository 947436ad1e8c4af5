"""Application set-up: Chinese locale and Qt translations, a CJK font, high-DPI, and the window.

``run(args)`` is what ``python main.py [DRAFT] [--self-test]`` calls.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication

from forms.i18n import _

if TYPE_CHECKING:
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)

#: CJK UI fonts in order of preference per platform; the first one installed is used
FONT_CHOICES = {
    "win32": ("Microsoft YaHei UI", "Microsoft YaHei", "微软雅黑", "SimHei", "黑体"),
    "other": (
        "Noto Sans CJK SC",
        "Source Han Sans SC",
        "思源黑体 CN",
        "思源黑体",
        "WenQuanYi Micro Hei",
        "文泉驿微米黑",
        "WenQuanYi Zen Hei",
        "文泉驿正黑",
        "Droid Sans Fallback",
    ),
}

USAGE = _("用法：python main.py [草稿文件] [--self-test]")


def choose_font_family(families: list[str], platform: str = sys.platform) -> str | None:
    choices = FONT_CHOICES["win32" if platform == "win32" else "other"]
    available = set(families)
    return next((f for f in choices if f in available), None)


def load_qt_translations(app: QApplication) -> bool:
    """Qt's own strings (确定/取消/是/否 on standard buttons) from PySide6's translations folder."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = []
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            loaded.append(translator)
    return bool(loaded)


def configure_application(app: QApplication) -> None:
    """Everything a window of this app expects of the application object (tests call this too)."""
    if app.property("nianbao_configured"):
        return
    app.setProperty("nianbao_configured", True)
    app.setApplicationName("nianbao")
    app.setOrganizationName("nianbao")
    app.setApplicationDisplayName(_("年报助手"))
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    if not load_qt_translations(app):
        log.warning("Qt zh_CN translations not found")
    family = choose_font_family(QFontDatabase.families())
    if family:
        font = QFont(app.font())
        font.setFamily(family)
        app.setFont(font)


def _excepthook(exc_type: type[BaseException], exc: BaseException, tb: object) -> None:
    """An unforeseen error is logged, and the clerk told in Chinese; the journal keeps the draft."""
    log.error("unexpected error", exc_info=(exc_type, exc, tb))  # type: ignore[arg-type]
    app = QApplication.instance()
    if isinstance(app, QApplication) and app.activeWindow() is not None:
        from ui.widgets import warn

        warn(
            app.activeWindow(),
            _("程序出现了意外的错误，刚才的操作可能没有完成。"),
            _("已填写的内容会自动保存到恢复记录中；建议先保存草稿。错误信息：{err}").format(err=exc),
        )


def _note_time(path: Path) -> None:
    import time

    path.write_text(repr(time.time()), encoding="utf-8")


def _listen(window: MainWindow) -> None:
    from ui.instances import Listener

    Listener(window)  # parented to the window, lives as long


def _open_given(window: MainWindow, path: Path) -> None:
    """``main.py FILE`` (a double-click on a draft): a copy started only to open a draft that
    another window has closes once the clerk has read why, and that window comes forward."""
    if not window.open_draft(path) and window.refused_in_use:
        window.close()


def run(args: list[str]) -> int:
    self_test = "--self-test" in args
    rest = [a for a in args if a != "--self-test"]
    unknown = [a for a in rest if a.startswith("-")]
    if unknown or len(rest) > 1:
        print(USAGE, file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if self_test:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    configure_application(app)
    if self_test:
        from ui.selftest import run_self_test

        return run_self_test(app)

    from ui.main_window import MainWindow

    sys.excepthook = _excepthook
    window = MainWindow()
    window.show()
    # after the window is up: a second copy opening this one's draft brings this window forward
    QTimer.singleShot(300, lambda: _listen(window))
    if rest:
        QTimer.singleShot(0, lambda: _open_given(window, Path(rest[0])))
    shown_file = os.environ.get("NIANBAO_QUIT_WHEN_SHOWN")
    if shown_file:
        # packaging/startup_bench.py: note when the window is shown and idle (a file, because a
        # windowed program on Windows has no stdout), then quit
        QTimer.singleShot(0, lambda: (_note_time(Path(shown_file)), app.quit()))
    hook = os.environ.get("NIANBAO_TEST_HOOK")
    if hook:
        from ui.testhook import run_hook

        QTimer.singleShot(100, lambda: run_hook(window, Path(hook)))
    return app.exec()
