"""The main window: the start page or the open report, menus, files, recovery and settings."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QStackedWidget

from forms.catalog import DRAFT_SUFFIX
from forms.errors import DraftFileError
from forms.i18n import _
from forms.journal import Journal
from ui.claims import DraftClaims, same_file
from ui.desk import Desk, fit_to_screen
from ui.settings import AppSettings
from ui.start_page import StartPage
from ui.widgets import APP_TITLE, ask_save, safe_file_name, warn

if TYPE_CHECKING:
    from forms.journal import Recovery
    from forms.lock import DraftLock
    from forms.model import Draft
    from forms.render import RenderOptions
    from ui.document import ReportDocument
    from ui.report_shell import ReportShell
    from ui.summary.window import SummaryWindow

log = logging.getLogger(__name__)


def load_draft(path: Path) -> Draft:
    """``forms.draftfile.load_draft``, imported on first use: the start page does without it."""
    from forms.draftfile import load_draft as load

    return load(path)


DRAFT_FILTER = _("年报草稿 (*{ext})").format(ext=DRAFT_SUFFIX)
LAST_YEAR_FILTER = _("上年的草稿或报告 (*{ext} *.docx *.html *.htm *.txt);;年报草稿 (*{ext})").format(ext=DRAFT_SUFFIX)


class MainWindow(QMainWindow):
    def __init__(self, settings: AppSettings | None = None, journal: Journal | None = None) -> None:
        super().__init__()
        self.settings = settings or AppSettings()
        self.journal = journal if journal is not None else Journal()
        self.claims = DraftClaims(self, self.journal)
        self.doc: ReportDocument | None = None
        self.shell: ReportShell | None = None
        self.summary_window: SummaryWindow | None = None
        self.undo_group = QUndoGroup(self)
        self.setWindowTitle(APP_TITLE)
        self.setAccessibleName(APP_TITLE)

        self.start_page = StartPage(self)
        self.central = QStackedWidget(self)
        self.central.addWidget(self.start_page)
        self.setCentralWidget(self.central)
        self.start_page.new_requested.connect(self.new_report)
        self.start_page.from_last_year_requested.connect(self.new_from_last_year)
        self.start_page.open_requested.connect(self.open_draft)
        self.start_page.import_requested.connect(self.import_report)
        self.start_page.example_requested.connect(self.open_example)
        self.start_page.recover_requested.connect(self.recover)
        self.start_page.discard_recovery_requested.connect(self.discard_recovery)
        self.start_page.summary_requested.connect(self.open_summary)
        self._make_actions()
        self.statusBar().showMessage(_("欢迎使用年报助手。"), 5000)
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            em = self.fontMetrics().horizontalAdvance("国")
            fit_to_screen(self, 96 * em, 52 * em)
        self.refresh_start_page()

    # --- actions ---------------------------------------------------------------------------------
    def _action(self, text: str, slot: object, shortcut: QKeySequence | str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        self.act_home = self._action(_("开始页（新建/打开）"), self.go_home, QKeySequence.StandardKey.New)
        self.act_open = self._action(_("打开草稿…"), lambda: self.open_draft(None), QKeySequence.StandardKey.Open)
        self.act_from_last = self._action(_("从上年草稿新建…"), self.new_from_last_year)
        self.act_import = self._action(_("导入已发布的报告…"), lambda: self.import_report())
        self.act_save = self._action(_("保存"), self.save, QKeySequence.StandardKey.Save)
        self.act_save_as = self._action(_("另存为…"), self.save_as, "Ctrl+Shift+S")
        self.act_export = self._action(_("导出报告…"), self.export, "Ctrl+E")
        self.act_package = self._action(_("报送…（生成报送包）"), self.make_package)
        self.act_summary = self._action(_("汇总各单位报告…"), self.open_summary)
        self.act_settings = self._action(_("设置…"), self.edit_settings)
        self.act_quit = self._action(_("退出"), self.close, QKeySequence.StandardKey.Quit)
        self.act_undo = self.undo_group.createUndoAction(self, _("撤销"))
        self.act_undo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.act_redo = self.undo_group.createRedoAction(self, _("重做"))
        redo_keys = [QKeySequence("Ctrl+Y")]
        redo_keys += [k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo) if k not in redo_keys]
        self.act_redo.setShortcuts(redo_keys)
        self.addAction(self.act_undo)
        self.addAction(self.act_redo)

        file_menu = self.menuBar().addMenu(_("文件(&F)"))
        for act in (self.act_home, self.act_open, self.act_from_last, self.act_import):
            file_menu.addAction(act)
        file_menu.addSeparator()
        file_menu.addAction(self.act_save)
        file_menu.addAction(self.act_save_as)
        file_menu.addAction(self.act_export)
        file_menu.addAction(self.act_package)
        file_menu.addSeparator()
        file_menu.addAction(self.act_summary)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        edit_menu = self.menuBar().addMenu(_("编辑(&E)"))
        edit_menu.addAction(self.act_undo)
        edit_menu.addAction(self.act_redo)
        tools = self.menuBar().addMenu(_("工具(&T)"))
        tools.addAction(self.act_settings)
        help_menu = self.menuBar().addMenu(_("帮助(&H)"))
        # the menu's undo/redo name the step ("撤销 填写…"); the toolbar keeps short labels
        self.tool_undo = self._action(_("撤销"), self.undo_group.undo)
        self.tool_redo = self._action(_("重做"), self.undo_group.redo)
        self.undo_group.canUndoChanged.connect(self.tool_undo.setEnabled)
        self.undo_group.canRedoChanged.connect(self.tool_redo.setEnabled)
        self.tool_undo.setEnabled(False)
        self.tool_redo.setEnabled(False)
        toolbar = self.addToolBar(_("常用"))
        toolbar.setObjectName("main_toolbar")
        for act in (self.act_home, self.act_save, self.tool_undo, self.tool_redo, self.act_export):
            toolbar.addAction(act)
        self.desk = Desk(self, file_menu, tools, help_menu, toolbar)  # 打印, 检查全部, 帮助, recovery time
        self._update_actions()

    def _update_actions(self) -> None:
        has_doc = self.doc is not None
        for act in (self.act_save, self.act_save_as, self.act_export, self.act_package):
            act.setEnabled(has_doc)
        self.desk.update_actions(has_doc)

    # --- the open document ----------------------------------------------------------------------
    def render_options(self) -> RenderOptions:
        from forms.render import RenderOptions

        return RenderOptions(template_dir=self.settings.template_dir())

    def set_document(
        self, draft: Draft, path: Path | None, modified: bool = False, lock: DraftLock | None = None
    ) -> ReportDocument:
        # the pages (and the renderer behind the preview) are imported when a report is first
        # opened, not at start: the start page comes up sooner
        from ui.document import ReportDocument
        from ui.report_shell import ReportShell

        old_shell = self.shell
        if self.doc is not None:
            self.undo_group.removeStack(self.doc.undo_stack)
            if self.doc.lock is not lock:
                self.doc.release()
        doc = ReportDocument(draft, path, self.journal, self.settings.check_settings, self, lock)
        self.doc = doc
        self.undo_group.addStack(doc.undo_stack)
        self.undo_group.setActiveStack(doc.undo_stack)
        self.shell = ReportShell(doc, self.render_options, self)
        self.shell.export_requested.connect(self.export)
        self.desk.document_opened(doc, self.shell)
        self.central.addWidget(self.shell)
        self.central.setCurrentWidget(self.shell)
        if old_shell is not None:
            self.central.removeWidget(old_shell)
            old_shell.deleteLater()
        doc.modified_changed.connect(self._update_title)
        doc.changed.connect(self._update_title)
        doc.problem.connect(lambda text: self.statusBar().showMessage(text, 15000))
        if modified:
            doc.set_modified(True)
            doc.write_journal()
        self._update_title()
        self._update_actions()
        return doc

    def _update_title(self, *_args: object) -> None:
        if self.doc is None:
            self.setWindowTitle(APP_TITLE)
            self.setWindowModified(False)
            return
        where = self.doc.path.name if self.doc.path else _("未保存")
        self.setWindowTitle(f"{self.doc.display_name()}[*]（{where}） — {APP_TITLE}")
        self.setWindowModified(self.doc.modified)

    def commit_edits(self) -> None:
        """What is on screen is the draft: enter the open editor before the draft is read."""
        if self.shell is not None:
            self.shell.commit_edits()

    def maybe_save(self) -> bool:
        """Ask before unsaved changes would be lost; False: the clerk cancelled."""
        self.commit_edits()
        if self.doc is None or not self.doc.modified:
            return True
        answer = ask_save(self, self.doc.display_name())
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.doc.discard_journal()
            return True
        return False

    def close_document(self) -> None:
        if self.shell is not None:
            self.central.removeWidget(self.shell)
            self.shell.deleteLater()
        if self.doc is not None:
            self.undo_group.removeStack(self.doc.undo_stack)
            self.doc.release()
            self.doc.deleteLater()
        self.doc = None
        self.shell = None
        self._update_title()
        self._update_actions()

    def go_home(self) -> None:
        if not self.maybe_save():
            return
        self.close_document()
        self.refresh_start_page()
        self.central.setCurrentWidget(self.start_page)

    def refresh_start_page(self) -> None:
        self.start_page.set_recent(self.settings.recent_files())
        try:
            recoveries = self.journal.pending()
        except Exception:
            log.exception("journal unreadable")
            recoveries = []
        self.start_page.set_recoveries(recoveries)

    # --- ways in ---------------------------------------------------------------------------------
    def new_report(self, org: str, level: str, year: int, format_id: str) -> None:
        if not self.maybe_save():
            return
        from forms.model import new_draft

        self.set_document(new_draft(format_id, org, year, level), None)
        self.statusBar().showMessage(_("已新建报告，请从“基本信息”开始填写。"), 8000)

    def _choose_draft(self, caption: str) -> Path | None:
        chosen, _filter = QFileDialog.getOpenFileName(self, caption, self.settings.last_folder(), DRAFT_FILTER)
        if not chosen:
            return None
        self.settings.set_last_folder(Path(chosen).parent)
        return Path(chosen)

    # --- one window per draft ---------------------------------------------------------------------
    @property
    def refused_in_use(self) -> bool:
        """The last open was refused because another window has the draft."""
        return self.claims.refused_in_use

    def _showing(self, path: Path) -> bool:
        """Whether this window already has ``path`` open."""
        return self.doc is not None and same_file(self.doc.path, path)

    def open_draft(self, path: Path | None = None) -> bool:
        """Open a draft by any route (menu, 最近打开, the command line): its lock, its recovery, its file."""
        self.claims.refused_in_use = False
        if path is not None and self._showing(path):
            self.statusBar().showMessage(_("“{name}”已经打开。").format(name=Path(path).name), 8000)
            return True
        if not self.maybe_save():
            return False
        if path is None:
            path = self._choose_draft(_("打开草稿"))
            if path is None:
                return False
        path = Path(path)
        free, lock = self.claims.claim(path)
        if not free:
            return False
        try:
            draft: Draft | None = load_draft(path)
            problem: DraftFileError | None = None
        except DraftFileError as exc:
            draft, problem = None, exc
        recovery = self.claims.newer_recovery(path)
        if recovery is not None:
            from ui.file_questions import CANCEL, RECOVER, offer_recovery

            choice = offer_recovery(self, path, recovery, draft)
            if choice == RECOVER:
                self._restore(recovery, path, lock)
                self.settings.add_recent(path)
                return True
            if choice == CANCEL:
                if lock is not None:
                    lock.release()
                return False
        if draft is None:
            if lock is not None:
                lock.release()
            assert problem is not None
            warn(self, _("无法打开草稿。"), str(problem))
            return False
        self.set_document(draft, path, lock=lock)
        self.settings.add_recent(path)
        self.statusBar().showMessage(_("已打开“{name}”。").format(name=path.name), 8000)
        return True

    def _restore(self, recovery: Recovery, path: Path | None, lock: DraftLock | None) -> None:
        """Continue a recovered draft; its entry goes once this window's own entry holds it."""
        doc = self.set_document(recovery.draft, path, modified=True, lock=lock)
        if self.journal.has_entry(doc.draft):
            self.journal.discard(recovery)
        self.statusBar().showMessage(_("已恢复未保存的草稿，请检查后保存。"), 10000)

    def open_example(self, path: Path) -> bool:
        """An example opens as an untitled copy, so the example file itself is never overwritten."""
        if not self.maybe_save():
            return False
        try:
            draft = load_draft(path)
        except DraftFileError as exc:
            warn(self, _("无法打开示例。"), str(exc))
            return False
        self.set_document(draft, None)
        self.statusBar().showMessage(_("这是示例的副本；保存时请另选位置。"), 8000)
        return True

    # --- published reports ----------------------------------------------------------------------
    def import_report(self, path: Path | None = None, text: str | None = None) -> bool:
        """导入已发布的报告: a file (Word, web page, text), or text pasted into a dialog."""
        from ui.import_dialog import ImportChoice, import_or_warn, show_import_notes

        if not self.maybe_save():
            return False
        if path is None and text is None:
            choice = ImportChoice(self, self.settings.last_folder())
            if not choice.exec():
                return False
            path, text = choice.path, choice.text
            if path is not None:
                self.settings.set_last_folder(path.parent)
        imported = import_or_warn(self, path, text)
        if imported is None:
            return False
        self.set_document(imported.draft, None, modified=True)
        show_import_notes(self, imported)
        self.statusBar().showMessage(_("已导入为新草稿，请核对后保存。"), 10000)
        return True

    def new_from_last_year(self, path: Path | None = None) -> bool:
        from forms.carry import next_year_draft
        from forms.importing.readers import REPORT_SUFFIXES

        if not self.maybe_save():
            return False
        if not path:
            chosen, _filter = QFileDialog.getOpenFileName(
                self, _("选择上年的草稿或已发布的报告"), self.settings.last_folder(), LAST_YEAR_FILTER
            )
            if not chosen:
                return False
            path = Path(chosen)
            self.settings.set_last_folder(path.parent)
        try:
            if Path(path).suffix.lower() in REPORT_SUFFIXES:
                # last year's report as published: imported first, so cross-year checks work in year one
                from ui.import_dialog import import_or_warn

                imported = import_or_warn(self, Path(path), None)
                if imported is None:
                    return False
                last = imported.draft
            else:
                last = load_draft(path)
            draft = next_year_draft(last)
        except DraftFileError as exc:
            warn(self, _("无法打开上年的草稿。"), str(exc))
            return False
        except Exception as exc:  # e.g. no format for the next year
            warn(self, _("无法从这份草稿新建下一年度的报告。"), str(exc))
            return False
        from ui.from_last_year import confirm_next_year

        if not confirm_next_year(self, last, draft):
            return False
        self.set_document(draft, None)
        self.statusBar().showMessage(
            _("已按“{name}”新建 {y} 年度报告；上年数据和文字已带入“上年数据”页。").format(
                name=Path(path).name, y=draft.meta.year
            ),
            10000,
        )
        return True

    def recover(self, recovery: Recovery) -> None:
        """恢复 on the start page."""
        if not self.maybe_save():
            return
        lock = None
        if recovery.draft_path is not None:
            free, lock = self.claims.claim(recovery.draft_path)
            if not free:
                return
        self._restore(recovery, recovery.draft_path, lock)

    def discard_recovery(self, recovery: Recovery) -> None:
        from ui.widgets import ask_yes_no

        if ask_yes_no(self, _("丢弃这份未保存的草稿吗？丢弃后无法找回。")):
            self.journal.discard(recovery)
            self.refresh_start_page()

    # --- saving -----------------------------------------------------------------------------------
    def save(self) -> bool:
        if self.doc is None:
            return False
        self.commit_edits()
        if self.doc.path is None:
            return self.save_as()
        return self._save_to(self.doc.path)

    def save_as(self) -> bool:
        if self.doc is None:
            return False
        self.commit_edits()
        folder = Path(self.doc.path.parent if self.doc.path else self.settings.last_folder())
        suggested = folder / (safe_file_name(self.doc.draft.default_title()) + DRAFT_SUFFIX)
        chosen, _filter = QFileDialog.getSaveFileName(self, _("另存为"), str(suggested), DRAFT_FILTER)
        if not chosen:
            return False
        path = Path(chosen)
        if path.suffix != DRAFT_SUFFIX:
            path = path.with_name(path.name + DRAFT_SUFFIX)
        self.settings.set_last_folder(path.parent)
        return self._save_to(path)

    def _save_to(self, path: Path) -> bool:
        assert self.doc is not None
        new_lock = None
        if not self._showing(path):
            # saved as another file: that file becomes this window's, unless another window has it
            free, new_lock = self.claims.claim(path)
            if not free:
                return False
        elif self.doc.changed_on_disk():
            from ui.file_questions import OVERWRITE, SAVE_AS, ask_changed_on_disk

            choice = ask_changed_on_disk(self, path)
            if choice == SAVE_AS:
                return self.save_as()
            if choice != OVERWRITE:
                return False
        try:
            self.doc.save(path)
        except DraftFileError as exc:
            if new_lock is not None:
                new_lock.release()
            warn(self, _("草稿没有保存。"), str(exc))
            return False
        if new_lock is not None:
            self.doc.take_lock(new_lock)
        self.settings.add_recent(path)
        self._update_title()
        self.statusBar().showMessage(_("已保存到“{path}”。").format(path=path), 8000)
        return True

    # --- export and settings -----------------------------------------------------------------
    def export(self) -> None:
        if self.doc is None or self.shell is None:
            return
        self.shell.check_all()  # enters the open editor; every finding is shown from now on
        from ui.export_dialog import ExportDialog

        ExportDialog(self.doc, self.settings, self).exec()

    def make_package(self, path: Path | None = None) -> bool:
        """报送…: the draft, its .docx and its check summary in one .zip for the county (issue 14)."""
        if self.doc is None:
            return False
        self.commit_edits()
        draft = self.doc.draft
        if path is None:
            suggested = safe_file_name(_("{org}{year}年度报告-报送包").format(org=draft.meta.org, year=draft.meta.year))
            start = str(Path(self.settings.last_folder()) / (suggested + ".zip"))
            name, _filter = QFileDialog.getSaveFileName(self, _("生成报送包"), start, _("报送包 (*.zip)"))
            if not name:
                return False
            path = Path(name)
            self.settings.set_last_folder(path.parent)
        from forms.summary.package import write_package

        try:
            write_package(draft, path, self.settings.check_settings())
        except OSError as exc:
            warn(self, _("报送包没有生成。"), str(exc))
            return False
        self.statusBar().showMessage(_("已生成报送包“{path}”，可以报送给县（区）政务公开办。").format(path=path), 10000)
        return True

    def open_summary(self) -> None:
        """The summary workspace, a window of its own; a unit's draft it opens comes here."""
        if self.summary_window is None:
            from ui.summary.window import SummaryWindow

            self.summary_window = SummaryWindow()
            self.summary_window.open_requested.connect(self.open_draft)
        self.summary_window.show()
        self.summary_window.raise_()
        self.summary_window.activateWindow()

    def edit_settings(self) -> None:
        from ui.settings_dialog import SettingsDialog

        if SettingsDialog(self.settings, self).exec() and self.doc is not None:
            self.doc.settings_changed()
            if self.shell is not None:
                self.shell.refresh()

    # --- closing ---------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.settings.set_geometry(self.saveGeometry())
        self.settings.sync()
        if self.doc is not None:
            self.doc.release()
        event.accept()

    def show_about(self) -> None:
        self.desk.show_about()
