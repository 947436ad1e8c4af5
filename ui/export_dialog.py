"""导出报告: which files, encoding, line endings, 加盖印章, where; errors need an explicit yes."""

from __future__ import annotations

import copy
import logging
import threading
from html import escape as html_escape
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms.checks import Finding
from forms.i18n import _
from forms.model import Draft
from forms.render import ExportError, RenderOptions, export, missing_fonts
from forms.render.export import ExportResult, file_name
from forms.render.templates import check_template_folder
from ui.document import ReportDocument
from ui.settings import AppSettings
from ui.widgets import APP_TITLE, ask_yes_no, safe_file_name, scrolling, warn

log = logging.getLogger(__name__)

KINDS = (
    ("docx", _("Word 文档（.docx）：打印、盖章、备案")),
    ("txt", _("纯文本（.txt）")),
    ("html", _("完整网页（.html）：单独打开浏览")),
    ("html_fragment", _("网页片段（.html）：粘贴到网站后台编辑器")),
)
ENCODINGS = (("utf-8", _("UTF-8（推荐）")), ("gb18030", _("GB18030（较旧的系统）")))
NEWLINES = (("crlf", _("Windows（CRLF）")), ("lf", _("Linux/统信/麒麟（LF）")))


class _Finished(QObject):
    done = Signal()


def export_without_blocking(draft: Draft, targets: dict[str, Path], options: RenderOptions) -> ExportResult:
    """``export`` in a worker thread while the window goes on painting (a long report's .docx takes
    half a second and more); returns or raises as ``export`` does."""
    outcome: dict[str, object] = {}
    finished = _Finished()
    loop = QEventLoop()
    finished.done.connect(loop.quit)
    copied = copy.deepcopy(draft)  # the journal timer still reads the draft meanwhile: not shared

    def work() -> None:
        try:
            outcome["result"] = export(copied, targets, options)
        except BaseException as exc:  # raised again on the GUI thread
            outcome["error"] = exc
        finished.done.emit()  # queued: delivered by the loop below, even if it starts after this

    worker = threading.Thread(target=work, name="export", daemon=True)
    worker.start()
    loop.exec()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    result = outcome["result"]
    assert isinstance(result, ExportResult)
    return result


def confirm_export_with_errors(parent: QWidget | None, errors: list[Finding]) -> bool:
    """Errors never silently pass: the clerk sees them and says 是 to export anyway."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        APP_TITLE,
        _("报告中还有 {n} 个错误，导出的报告会带着这些错误。仍然导出吗？").format(n=len(errors)),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    shown = errors[:8]
    lines = [f"● {f.message}" for f in shown]
    if len(errors) > len(shown):
        lines.append(_("……另有 {n} 个，见详细信息。").format(n=len(errors) - len(shown)))
    box.setInformativeText("\n".join(lines))
    box.setDetailedText("\n".join(f"{f.rule}：{f.message}" for f in errors))
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


class ExportDialog(QDialog):
    def __init__(self, doc: ReportDocument, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.settings = settings
        self.written: list[Path] = []
        self.setWindowTitle(_("导出报告"))
        choice = settings.export_choice()

        self.kind_boxes: dict[str, QCheckBox] = {}
        files = QGroupBox(_("导出哪些文件"), self)
        flayout = QVBoxLayout(files)
        for kind, label in KINDS:
            box = QCheckBox(label, files)
            box.setChecked(bool(choice.get(kind, True)))
            box.setAccessibleName(label)
            self.kind_boxes[kind] = box
            flayout.addWidget(box)

        self.encoding = QComboBox(self)
        for key, label in ENCODINGS:
            self.encoding.addItem(label, key)
        self.encoding.setCurrentIndex(max(self.encoding.findData(choice["encoding"]), 0))
        self.encoding.setAccessibleName(_("文字编码"))
        self.newline = QComboBox(self)
        for key, label in NEWLINES:
            self.newline.addItem(label, key)
        self.newline.setCurrentIndex(max(self.newline.findData(choice["newline"]), 0))
        self.newline.setAccessibleName(_("换行方式"))
        self.seal = QCheckBox(_("加盖印章（按加盖印章的版式排署名和日期）"), self)
        self.seal.setChecked(bool(choice["seal"]))
        self.seal.setAccessibleName(_("加盖印章"))

        self.folder = QLineEdit(settings.export_folder(), self)
        self.folder.setAccessibleName(_("保存到文件夹"))
        browse = QPushButton(_("选择…"), self)
        browse.setAccessibleName(_("选择保存的文件夹"))
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        self.name = QLineEdit(safe_file_name(doc.draft.default_title()), self)
        self.name.setAccessibleName(_("文件名（不含扩展名）"))

        options = QGroupBox(_("选项"), self)
        form = QFormLayout(options)
        form.addRow(_("文字编码（.txt/.html）："), self.encoding)
        form.addRow(_("换行方式（.txt）："), self.newline)
        form.addRow("", self.seal)
        form.addRow(_("保存到："), folder_row)
        form.addRow(_("文件名："), self.name)

        self.templates_label = QLabel(self)
        self.templates_label.setWordWrap(True)
        self.templates_label.setAccessibleName(_("自定义模板"))
        self.fonts_label = QLabel(self)
        self.fonts_label.setWordWrap(True)
        self.fonts_label.setAccessibleName(_("缺少的字体"))
        self.errors_label = QLabel(self)
        self.errors_label.setWordWrap(True)
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        self.result_label.setAccessibleName(_("导出结果"))

        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(_("导出"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        self.open_folder_button = self.buttons.addButton(_("打开所在文件夹"), QDialogButtonBox.ButtonRole.ActionRole)
        self.open_folder_button.setEnabled(False)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.clicked.connect(self.do_export)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.close_button.clicked.connect(self.reject)

        body = QWidget(self)
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 0, 0)
        for part in (files, options, self.errors_label, self.templates_label, self.fonts_label):
            inner.addWidget(part)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(body), 1)  # 1280×720 at 150 %: the choices scroll, 导出 stays on screen
        # outside the scrolling part: 正在导出…… and the files written are seen without scrolling
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("国") * 40)
        self._show_errors()
        self._show_templates()
        self._show_fonts()
        from ui.desk import fit_to_screen

        # a scroll area asks for little room: the dialog asks for all its choices and messages, and
        # for the three lines of files written, so that it scrolls only where the screen is small
        width = max(body.sizeHint().width(), self.minimumWidth())
        margins = layout.contentsMargins()
        height = (
            (body.heightForWidth(width) if body.hasHeightForWidth() else body.sizeHint().height())
            + margins.top()
            + margins.bottom()
            + 2 * layout.spacing()
        )
        height += self.fontMetrics().lineSpacing() * 4 + self.buttons.sizeHint().height()
        fit_to_screen(self, width + margins.left() + margins.right(), height)

    # --- state --------------------------------------------------------------------------------
    def options(self) -> RenderOptions:
        return RenderOptions(
            encoding=str(self.encoding.currentData()),
            newline=str(self.newline.currentData()),
            seal=self.seal.isChecked(),
            template_dir=self.settings.template_dir(),
        )

    def targets(self) -> dict[str, Path]:
        folder = Path(self.folder.text().strip())
        name = safe_file_name(self.name.text().strip() or self.doc.draft.default_title())
        return {kind: folder / file_name(name, kind) for kind, box in self.kind_boxes.items() if box.isChecked()}

    def _show_errors(self) -> None:
        errors = self.doc.errors()
        if errors:
            self.errors_label.setText(
                '<span style="color:#b00000">'
                + _("报告中还有 {n} 个错误；导出前会请您确认。").format(n=len(errors))
                + "</span>"
            )
        else:
            self.errors_label.setText(_("检查未发现错误。"))

    def template_problems(self, kinds: list[str] | None = None) -> list[str]:
        """Problems of the clerk's own templates that this export would use (checked again now)."""
        folder = self.settings.template_dir()
        if folder is None:
            return []
        chosen = kinds if kinds is not None else [k for k, box in self.kind_boxes.items() if box.isChecked()]
        return check_template_folder(folder, self.doc.draft.format_id, chosen)

    def _show_templates(self) -> None:
        folder = self.settings.template_dir()
        self.templates_label.setVisible(folder is not None)
        if folder is None:
            return
        problems = self.template_problems(list(self.kind_boxes))
        if problems:
            self.templates_label.setText(
                '<span style="color:#b00000">'
                + html_escape(_("自定义模板文件夹“{folder}”中的模板不能使用，将改用内置模板：").format(folder=folder))
                + "<br>"
                + "<br>".join(html_escape(p) for p in problems[:4])
                + "</span>"
            )
        else:
            self.templates_label.setText(_("使用自定义模板文件夹“{folder}”。").format(folder=folder))

    def _show_fonts(self) -> None:
        try:
            missing = missing_fonts(self.options())
        except Exception:  # font lookup is advice; never a reason not to export
            log.exception("font check failed")
            missing = []
        if missing:
            self.fonts_label.setText(
                _("本机缺少 Word 模板使用的字体：{fonts}。").format(fonts="、".join(missing))
                + _("Word/WPS 会用其他字体代替，打印效果可能与公文格式不同。")
            )
        else:
            self.fonts_label.setText(_("模板使用的字体本机都有。"))
        self.missing = missing

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("选择保存的文件夹"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    # --- export --------------------------------------------------------------------------------
    def do_export(self) -> bool:
        targets = self.targets()
        if not targets:
            warn(self, _("请至少选择一种文件。"))
            return False
        folder = Path(self.folder.text().strip())
        if not folder.is_dir():
            warn(self, _("文件夹“{folder}”不存在，请另选。").format(folder=folder))
            return False
        errors = self.doc.errors()
        if errors and not confirm_export_with_errors(self, errors):
            self.result_label.setText(_("未导出。"))
            return False
        problems = self.template_problems()
        if problems and not ask_yes_no(
            self,
            _("自定义模板文件夹中的模板不能使用，这次导出将改用内置模板。仍然导出吗？"),
            "\n".join(problems[:8]),
        ):
            self.result_label.setText(_("未导出。"))
            return False
        existing = [p for p in targets.values() if p.exists()]
        if existing and not ask_yes_no(self, _("下列文件已存在，要替换吗？"), "\n".join(p.name for p in existing)):
            return False
        self.result_label.setText(_("正在导出……"))
        self.buttons.setEnabled(False)  # no second export, no closing while this one runs
        try:
            result = export_without_blocking(self.doc.draft, targets, self.options())
        except ExportError as exc:
            self.result_label.setText('<span style="color:#b00000">' + _("导出失败：") + str(exc) + "</span>")
            warn(self, _("导出失败，可以处理后再点“导出”重试。"), str(exc))
            return False
        finally:
            self.buttons.setEnabled(True)
        self.written = list(result.written)
        lines = [_("已导出：")] + [str(p) for p in result.written]
        if result.warnings:
            lines += [_("注意："), *result.warnings]
        self.result_label.setText("\n".join(lines))
        self.open_folder_button.setEnabled(True)
        self.settings.set_export_folder(folder)
        choice: dict[str, object] = {k: b.isChecked() for k, b in self.kind_boxes.items()}
        choice.update(
            encoding=self.encoding.currentData(), newline=self.newline.currentData(), seal=self.seal.isChecked()
        )
        self.settings.set_export_choice(choice)
        return True

    def open_folder(self) -> None:
        if self.written:
            folder = self.written[0].parent
            if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):  # no file manager, or it refused
                warn(self, _("无法打开所在文件夹。"), _("文件已保存在：{folder}").format(folder=folder))
