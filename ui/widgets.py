"""Small helpers shared by the pages: status messages and the standard message boxes.

Message boxes go through these functions so that a test can answer them (monkeypatch) and so
that every one of them uses Qt's standard buttons, which the zh_CN translation labels
确定/取消/是/否/保存.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QScrollArea, QVBoxLayout, QWidget

from forms.i18n import _

APP_TITLE = _("年报助手")


def show_status(widget: QWidget, text: str, timeout_ms: int = 8000) -> None:
    window = widget.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, timeout_ms)


def inform(parent: QWidget | None, text: str, detail: str = "") -> None:
    box = QMessageBox(QMessageBox.Icon.Information, APP_TITLE, text, QMessageBox.StandardButton.Ok, parent)
    if detail:
        box.setInformativeText(detail)
    box.exec()


def warn(parent: QWidget | None, text: str, detail: str = "") -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, APP_TITLE, text, QMessageBox.StandardButton.Ok, parent)
    if detail:
        box.setInformativeText(detail)
    box.exec()


def ask_yes_no(parent: QWidget | None, text: str, detail: str = "") -> bool:
    box = QMessageBox(
        QMessageBox.Icon.Question,
        APP_TITLE,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setDefaultButton(QMessageBox.StandardButton.No)
    if detail:
        box.setInformativeText(detail)
    return box.exec() == QMessageBox.StandardButton.Yes


def ask_save(parent: QWidget | None, name: str) -> QMessageBox.StandardButton:
    """保存 / 不保存 / 取消 before closing or replacing a draft with unsaved changes."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        APP_TITLE,
        _("“{name}”有尚未保存的修改。").format(name=name),
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setInformativeText(_("要先保存吗？不保存的话，这些修改将丢失。"))
    # Qt's own translation says 放弃 for Discard; the clerk's choice reads as the question asks it
    box.button(QMessageBox.StandardButton.Save).setText(_("保存"))
    box.button(QMessageBox.StandardButton.Discard).setText(_("不保存"))
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    return QMessageBox.StandardButton(box.exec())


def wrapped_label(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(label.textInteractionFlags())
    return label


def safe_file_name(name: str) -> str:
    """A file name Windows accepts: its reserved characters become "_"."""
    cleaned = "".join("_" if ch in '\\/:*?"<>|' or ord(ch) < 32 else ch for ch in name).strip(" .")
    return cleaned or _("年度报告")


def heading_label(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def scrolling(body: QWidget) -> QScrollArea:
    """``body`` in a frameless scroll area: as small as the screen needs, scrolling then."""
    scroll = QScrollArea()
    scroll.setWidget(body)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    return scroll


def fill_with_scrolling(page: QWidget, body: QWidget) -> None:
    """Make ``body`` the whole of ``page``, scrolling when the window is small or scaled up (150 %)."""
    scroll = QScrollArea(page)
    scroll.setWidget(body)
    scroll.setWidgetResizable(True)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(scroll)
