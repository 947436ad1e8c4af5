"""导入已发布的报告: choose a file or paste the text; afterwards, what the import did not find."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms.i18n import _
from forms.importing.readers import MAX_PASTE_CHARS
from ui.widgets import APP_TITLE, wrapped_label

if TYPE_CHECKING:
    from forms.importing import Imported

REPORT_FILTER = _("已发布的报告 (*.docx *.html *.htm *.txt);;所有文件 (*)")


class ImportChoice(QDialog):
    """A report file, or text pasted from a web page or a Word file."""

    def __init__(self, parent: QWidget | None, folder: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("导入已发布的报告"))
        self.path: Path | None = None
        self.text: str | None = None
        self._folder = folder
        layout = QVBoxLayout(self)
        layout.addWidget(
            wrapped_label(
                _(
                    "选择上年已发布的报告文件（Word .docx、网页 .html、文本 .txt），"
                    "或者把网页上的报告全文复制后粘贴到下面。导入后请逐项核对：没有找到的内容会列出来，不会自动编造。"
                ),
                self,
            )
        )
        self.file_button = QPushButton(_("选择报告文件…"), self)
        self.file_button.clicked.connect(self._choose_file)
        layout.addWidget(self.file_button)
        layout.addWidget(QLabel(_("或粘贴报告全文："), self))
        self.paste = QPlainTextEdit(self)
        self.paste.setAccessibleName(_("粘贴的报告全文"))
        self.paste.setPlaceholderText(_("在网页上全选报告正文（含表格），复制，再在这里按 Ctrl+V"))
        layout.addWidget(self.paste, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("导入粘贴的文字"))
        self.ok_button.setEnabled(False)
        self.paste.textChanged.connect(lambda: self.ok_button.setEnabled(bool(self.paste.toPlainText().strip())))
        buttons.accepted.connect(self._take_text)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        em = self.fontMetrics().horizontalAdvance("国")
        self.resize(40 * em, 26 * em)

    def _choose_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(self, _("选择已发布的报告"), self._folder, REPORT_FILTER)
        if chosen:
            self.path = Path(chosen)
            self.accept()

    def _take_text(self) -> None:
        text = self.paste.toPlainText()
        if len(text) > MAX_PASTE_CHARS:
            QMessageBox.warning(self, APP_TITLE, _("粘贴的文字太长，不像是一份年度报告。"))
            return
        self.text = text
        self.accept()


def import_or_warn(parent: QWidget | None, path: Path | None, text: str | None) -> Imported | None:
    """The imported report, or None when it cannot be imported (the clerk is told why)."""
    from forms.importing import NotImportable, import_file, import_text
    from ui.widgets import warn

    try:
        return import_file(path) if path is not None else import_text(text or "")
    except NotImportable as exc:
        warn(parent, _("无法导入这份报告。"), str(exc))
        return None


def show_import_notes(parent: QWidget | None, imported: Imported) -> None:
    """What the clerk should check: the format and year taken, and what was not found or placed."""
    draft = imported.draft
    lines = [
        _("已按“{fmt}”导入：{org}，{year} 年度。").format(fmt=draft.fmt.name, org=draft.meta.org, year=draft.meta.year)
    ]
    if imported.notes:
        lines.append(_("请核对以下几处："))
        lines += [f"· {note}" for note in imported.notes]
    else:
        lines.append(_("表格和各部分文字都已找到。请逐项核对后保存。"))
    box = QMessageBox(QMessageBox.Icon.Information, APP_TITLE, lines[0], QMessageBox.StandardButton.Ok, parent)
    box.setInformativeText("\n".join(lines[1:]))
    box.exec()
