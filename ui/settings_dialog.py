"""设置: the deadline (G5), the 总体情况 length limit (G10) and a folder of the clerk's own templates."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from forms.i18n import _
from ui.settings import AppSettings


class SettingsDialog(QDialog):
    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(_("设置"))
        deadline = settings.deadline()
        self.use_deadline = QCheckBox(_("上级规定了报送截止日期"), self)
        self.use_deadline.setChecked(deadline is not None)
        self.month = QSpinBox(self)
        self.month.setRange(1, 12)
        self.month.setSuffix(_("月"))
        self.month.setAccessibleName(_("截止月份"))
        self.day = QSpinBox(self)
        self.day.setRange(1, 31)
        self.day.setSuffix(_("日"))
        self.day.setAccessibleName(_("截止日"))
        self.month.setValue(deadline[0] if deadline else 1)
        self.day.setValue(deadline[1] if deadline else 31)
        deadline_row = QHBoxLayout()
        deadline_row.addWidget(self.use_deadline)
        deadline_row.addWidget(QLabel(_("次年"), self))
        deadline_row.addWidget(self.month)
        deadline_row.addWidget(self.day)
        deadline_row.addStretch(1)

        limit = settings.overview_limit()
        self.use_limit = QCheckBox(_("限制“总体情况”的字数"), self)
        self.use_limit.setChecked(limit is not None)
        self.limit = QSpinBox(self)
        self.limit.setRange(100, 100000)
        self.limit.setSingleStep(100)
        self.limit.setValue(limit or 1000)
        self.limit.setSuffix(_(" 字"))
        self.limit.setAccessibleName(_("总体情况字数上限"))
        limit_row = QHBoxLayout()
        limit_row.addWidget(self.use_limit)
        limit_row.addWidget(self.limit)
        limit_row.addStretch(1)

        folder = settings.template_dir()
        self.template = QLineEdit(str(folder) if folder else "", self)
        self.template.setPlaceholderText(_("不填则使用内置模板"))
        self.template.setAccessibleName(_("自定义模板文件夹"))
        browse = QPushButton(_("选择…"), self)
        browse.clicked.connect(self._browse)
        template_row = QHBoxLayout()
        template_row.addWidget(self.template, 1)
        template_row.addWidget(browse)
        self.template_problems = QLabel(self)
        self.template_problems.setWordWrap(True)
        self.template.editingFinished.connect(self._check_templates)

        form = QFormLayout()
        form.addRow(_("截止日期："), deadline_row)
        form.addRow(_("字数限制："), limit_row)
        form.addRow(_("模板文件夹："), template_row)
        form.addRow("", self.template_problems)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._check_templates()

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("选择模板文件夹"), self.template.text())
        if chosen:
            self.template.setText(chosen)
            self._check_templates()

    def _check_templates(self) -> None:
        text = self.template.text().strip()
        if not text:
            self.template_problems.setText("")
            return
        from forms.render.templates import check_template_folder

        problems = check_template_folder(Path(text))
        if problems:
            self.template_problems.setText(
                _("这个文件夹中的模板不能使用；导出时会先询问，再改用内置模板：\n") + "\n".join(problems[:6])
            )
        else:
            self.template_problems.setText(_("模板可以使用。"))

    def accept(self) -> None:
        s = self.settings
        s.set_deadline((self.month.value(), self.day.value()) if self.use_deadline.isChecked() else None)
        s.set_overview_limit(self.limit.value() if self.use_limit.isChecked() else None)
        s.set_template_dir(self.template.text().strip() or None)
        s.sync()
        super().accept()
