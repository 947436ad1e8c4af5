"""The window's desk things: 打印/打印预览, 检查全部, 帮助, the recovery copy's time, the panes' sizes.

Kept out of main_window.py: the window makes a ``Desk`` with its menus and tells it when a
report is opened; everything here reaches the report through ``window.doc`` / ``window.shell``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from babel.dates import format_time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QSplitter, QStyle, QToolBar, QWidget

from forms.i18n import _

if TYPE_CHECKING:
    from ui.document import ReportDocument
    from ui.main_window import MainWindow
    from ui.report_shell import ReportShell

#: the splitter of section list, page and 检查结果 remembers its sizes under this key
SHELL_SPLITTER = "shell"


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Start at ``width`` × ``height``, or the screen's free area where that is smaller (150 % on 1280×720)."""
    screen = window.screen()
    if screen is not None:
        free = screen.availableGeometry()
        # the title bar the window manager adds is not part of the window's height
        title = window.style().pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight) if not window.isVisible() else 0
        width, height = min(width, free.width()), min(height, free.height() - title)
    window.resize(width, height)


class _PanesKept(QObject):
    """Give the outer panes of a splitter their remembered widths once it is first laid out."""

    def __init__(self, splitter: QSplitter, first: int, last: int) -> None:
        super().__init__(splitter)
        self.splitter, self.first, self.last = splitter, first, last
        splitter.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Resize:
            return False
        self.splitter.event(event)  # the splitter lays its panes out first (scaling them all) …
        room = sum(self.splitter.sizes())
        page = self.splitter.widget(1).minimumSizeHint().width()
        # … then the panes get their widths back, once the window has room for them beside the page
        if room >= self.first + self.last + page:
            self.splitter.setSizes([self.first, room - self.first - self.last, self.last])
            self.splitter.removeEventFilter(self)
            self.deleteLater()
        return True


class Desk(QObject):
    def __init__(self, window: MainWindow, file_menu: QMenu, tools: QMenu, help_menu: QMenu, toolbar: QToolBar):
        super().__init__(window)
        self.window = window
        self.act_print = self._action(_("打印…"), self.print_report, QKeySequence.StandardKey.Print)
        self.act_print_preview = self._action(_("打印预览"), self.print_preview)
        self.act_check_all = self._action(_("检查全部"), self.check_all, "F7")
        self.act_check_all.setToolTip(_("检查报告的所有部分，包括还没有打开过的部分（F7）"))
        self.act_guide = self._action(_("使用说明"), self.show_guide, QKeySequence.StandardKey.HelpContents)
        self.act_section_help = self._action(_("本节说明"), self.show_section_help, "Shift+F1")
        self.act_about = self._action(_("关于年报助手"), self.show_about)
        file_menu.insertAction(window.act_package, self.act_print_preview)
        file_menu.insertAction(self.act_print_preview, self.act_print)
        first_tool = tools.actions()[0] if tools.actions() else None
        tools.insertAction(first_tool, self.act_check_all)  # type: ignore[arg-type]
        tools.insertSeparator(first_tool)  # type: ignore[arg-type]
        for act in (self.act_guide, self.act_section_help):
            help_menu.addAction(act)
        help_menu.addSeparator()
        help_menu.addAction(self.act_about)
        toolbar.addAction(self.act_check_all)
        #: when this window last wrote the recovery copy (permanent: a message does not hide it)
        self.journal_label = QLabel(window)
        self.journal_label.setAccessibleName(_("恢复副本"))
        self.journal_label.setToolTip(_("程序每隔约一秒把未保存的修改写入恢复副本；意外关闭后，下次启动时可以恢复。"))
        window.statusBar().addPermanentWidget(self.journal_label)

    def _action(self, text: str, slot: object, shortcut: QKeySequence.StandardKey | str | None = None) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    def update_actions(self, has_doc: bool) -> None:
        for act in (self.act_print, self.act_print_preview, self.act_check_all):
            act.setEnabled(has_doc)
        if not has_doc:
            self.journal_label.clear()

    def document_opened(self, doc: ReportDocument, shell: ReportShell) -> None:
        self.journal_label.clear()
        doc.journal_written.connect(self._journal_written)
        settings = self.window.settings
        sizes = settings.splitter_sizes(SHELL_SPLITTER)
        if len(sizes) == shell.splitter.count() and all(s >= 0 for s in sizes) and any(sizes):
            shell.splitter.setSizes(sizes)
            if len(sizes) == 3:
                # sizes given before the splitter has its width are scaled, panes included, when it
                # gets it: set them again then, the page taking what the window has besides the panes
                _PanesKept(shell.splitter, sizes[0], sizes[2])
        else:
            em = shell.fontMetrics().horizontalAdvance("国")
            width = self.window.width()
            if width < 90 * em:  # 1280×720 at 150 %: the page gets the width, the panes what they need
                shell.splitter.setSizes([12 * em, width - 28 * em, 16 * em])
        shell.splitter.splitterMoved.connect(
            lambda *_a: settings.set_splitter_sizes(SHELL_SPLITTER, shell.splitter.sizes())
        )

    def _journal_written(self) -> None:
        when = format_time(dt.datetime.now().time(), "HH:mm", locale="zh_CN")
        self.journal_label.setText(_("已保存恢复副本 {time}").format(time=when))

    # --- actions -----------------------------------------------------------------------------------
    def _report(self) -> tuple[ReportDocument, ReportShell] | None:
        w = self.window
        if w.doc is None or w.shell is None:
            return None
        w.commit_edits()
        return w.doc, w.shell

    def print_report(self) -> bool:
        from ui.printing import print_report

        report = self._report()
        return report is not None and print_report(self.window, report[0].draft, self.window.render_options)

    def print_preview(self) -> QWidget | None:
        from ui.printing import preview_dialog

        report = self._report()
        if report is None:
            return None
        dialog = preview_dialog(self.window, report[0].draft, self.window.render_options)
        if dialog is not None:
            em = self.window.fontMetrics().horizontalAdvance("国")
            fit_to_screen(dialog, 60 * em, 50 * em)
            dialog.open()  # window-modal, so a test (and the clerk) can look at it while it is up
        return dialog

    def check_all(self) -> None:
        report = self._report()
        if report is None:
            return
        findings = report[1].check_all()
        errors = sum(1 for f in findings if f.severity == "error")
        warnings = sum(1 for f in findings if f.severity == "warning" and not f.acknowledged)
        if errors or warnings:
            text = _("检查全部：{e}个错误，{w}个警告，见右侧“检查结果”。").format(e=errors, w=warnings)
        else:
            text = _("检查全部：没有发现错误或警告。")
        self.window.statusBar().showMessage(text, 15000)

    def show_guide(self) -> None:
        from ui.help import show_guide

        show_guide(self.window)

    def show_section_help(self) -> None:
        from ui.help import show_section_help

        shell = self.window.shell
        if shell is None:
            self.show_guide()
            return
        page = shell.current_page()
        sdef = getattr(page, "sdef", None)
        show_section_help(
            self.window,
            page.title(),
            sdef.guidance if sdef is not None else "",
            list(sdef.outline) if sdef is not None else [],
        )

    def show_about(self) -> None:
        from ui.help import show_about

        show_about(self.window)
