"""The questions the window asks about a draft's file: a newer recovery entry, a file changed on disk.

Each returns the clerk's choice as a plain string so that the window's logic reads as the
choices do (and tests answer them by patching ``QMessageBox.exec``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from forms.i18n import _
from ui.widgets import APP_TITLE

if TYPE_CHECKING:
    from forms.journal import Recovery
    from forms.model import Draft

RECOVER = "recover"
OPEN_FILE = "open_file"
OVERWRITE = "overwrite"
SAVE_AS = "save_as"
CANCEL = "cancel"


def when(recovery: Recovery) -> str:
    from forms.i18n import format_cn_datetime

    return format_cn_datetime(recovery.saved_at)


def _ask(parent: QWidget | None, text: str, info: str, buttons: list[tuple[str, str]], details: str = "") -> str:
    box = QMessageBox(QMessageBox.Icon.Question, APP_TITLE, text, QMessageBox.StandardButton.NoButton, parent)
    box.setInformativeText(info)
    if details:
        box.setDetailedText(details)
    made = {}
    for choice, label in buttons:
        role = QMessageBox.ButtonRole.RejectRole if choice == CANCEL else QMessageBox.ButtonRole.AcceptRole
        made[choice] = box.addButton(label, role)
    box.setDefaultButton(made[buttons[0][0]])
    box.setEscapeButton(made[CANCEL])
    answer = box.exec()
    clicked = box.clickedButton()
    for choice, button in made.items():
        if clicked is button:
            return choice
    # a test (or a platform) may report the answer as the index of the button pressed
    if isinstance(answer, int) and 0 <= answer < len(buttons):
        return buttons[answer][0]
    return CANCEL


def offer_recovery(parent: QWidget | None, path: Path, recovery: Recovery, on_disk: Draft | None) -> str:
    """恢复 / 打开文件 / 取消, saying when the entry was written and what it changes."""
    from forms.draftdiff import all_differences, differences

    details = ""
    if on_disk is None:
        info = _("文件本身无法打开；恢复记录中保存着您上次编辑的内容。")
    else:
        lines = differences(on_disk, recovery.draft)
        every = all_differences(on_disk, recovery.draft)
        if every != lines:  # the list is cut short: "显示详情" has them all
            details = "\n".join(every)
        info = (
            _("与文件相比，恢复记录中有这些修改：\n{lines}").format(lines="\n".join(f"· {x}" for x in lines))
            if lines
            else _("恢复记录与文件的内容相同。")
        )
    return _ask(
        parent,
        _("“{name}”有一份比文件更新的自动恢复记录（{when}），可能是上次程序意外关闭时留下的。").format(
            name=path.name, when=when(recovery)
        ),
        info
        + "\n\n"
        + _("选“恢复”继续编辑恢复的内容；选“打开文件”则打开文件中保存的内容，恢复记录仍会保留，直到您保存或丢弃它。"),
        [(RECOVER, _("恢复")), (OPEN_FILE, _("打开文件")), (CANCEL, _("取消"))],
        details,
    )


def ask_changed_on_disk(parent: QWidget | None, path: Path) -> str:
    """覆盖 / 另存为 / 取消 when the file was changed by someone else since it was opened."""
    return _ask(
        parent,
        _("“{name}”在打开之后被其他程序或其他人修改过。").format(name=path.name),
        _(
            "选“覆盖”会用本窗口的内容替换文件中的内容（原文件保留为 .bak 备份）；"
            "选“另存为”把本窗口的内容存为另一个文件，两份都不丢。"
        ),
        [(SAVE_AS, _("另存为…")), (OVERWRITE, _("覆盖")), (CANCEL, _("取消"))],
    )
