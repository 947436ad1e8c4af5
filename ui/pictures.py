"""The pictures of a section on its page: insert from a file or the clipboard, 统计图, caption, move, remove.

Thin: the bytes are checked by ``forms.pictures`` (a screenshot is encoded to PNG by Qt first),
the chart's figures and labels come from ``forms.charts``.  Every change replaces the section's
picture list as one undo step of the document, so it is journalled, saved and undoable like
any other edit; a refused picture changes nothing and says why.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QImage, QPixmap, QUndoCommand
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from forms import pictures as core
from forms.charts import charts_for
from forms.i18n import _
from forms.model import SectionText
from forms.pictures import Picture, PictureError
from ui.charts import chart_png, png_bytes
from ui.document import ReportDocument
from ui.widgets import show_status, warn

PICTURE_FILTER = _("图片 (*.png *.jpg *.jpeg *.bmp)")


class PicturesCommand(QUndoCommand):
    """One undo step: the section's picture list before and after an edit."""

    def __init__(self, doc: ReportDocument, section: SectionText, new: list[Picture], text: str) -> None:
        super().__init__(text)
        self._doc, self._section = doc, section
        self._old, self._new = list(section.pictures), new

    def redo(self) -> None:
        self._section.pictures = list(self._new)  # replaced, never changed in place: snapshots share it
        self._doc.edited()

    def undo(self) -> None:
        self._section.pictures = list(self._old)
        self._doc.edited()


class PicturesPanel(QWidget):
    def __init__(self, doc: ReportDocument, section: SectionText, has_table: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc, self.section, self.has_table = doc, section, has_table
        self._shown: tuple[object, ...] = ()
        self.list = QListWidget(self)
        self.list.setMaximumHeight(150)
        self.list.setIconSize(QSize(96, 64))
        self.caption = QLineEdit(self)
        self.caption.setPlaceholderText(_("图题（印在图片下方）"))
        self.caption.editingFinished.connect(self._caption_entered)
        buttons = QHBoxLayout()
        self.insert_button = self._button(_("插入图片…"), self.insert_from_file, buttons)
        self.paste_button = self._button(_("粘贴图片"), self.paste, buttons)
        self.chart_button = self._button(_("插入统计图"), None, buttons)
        self.chart_menu = QMenu(self.chart_button)
        self.chart_button.setMenu(self.chart_menu)
        self.chart_menu.aboutToShow.connect(self._fill_chart_menu)
        self.chart_button.setVisible(bool(doc.draft.fmt.charts))
        buttons.addStretch(1)
        # the chosen picture's caption and moves share a row under the list: at 1280×720 and 150 %
        # one row of six buttons would make the page wider than the screen
        chosen = QHBoxLayout()
        chosen.addWidget(self.caption, 1)
        self.up_button = self._button(_("上移"), lambda: self.move(True), chosen)
        self.down_button = self._button(_("下移"), lambda: self.move(False), chosen)
        self.remove_button = self._button(_("删除图片"), self.remove, chosen)
        self.chosen_row = QWidget(self)
        self.chosen_row.setLayout(chosen)
        chosen.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.list)
        layout.addWidget(self.chosen_row)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.list.currentRowChanged.connect(self._selected)
        doc.changed.connect(self._doc_changed)  # a bound slot: disconnected when a rebuilt page drops this panel
        self.refresh()

    def _button(self, text: str, slot: object, row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text, self)
        if slot is not None:
            button.clicked.connect(slot)
        row.addWidget(button)
        return button

    # --- view ---------------------------------------------------------------------------------
    def _counts(self) -> dict[str, int]:
        counts = {"before": len(self.section.before)}
        if self.has_table:
            counts["after"] = len(self.section.after)
        return counts

    def _place_text(self, p: Picture) -> str:
        if not self.has_table:
            return _("第 {n} 段后").format(n=min(p.anchor, len(self.section.before)))
        part = _("表格前") if p.place == "before" else _("表格后")
        return _("{part}第 {n} 段后").format(part=part, n=min(p.anchor, self._counts().get(p.place, 0)))

    def _shown_state(self) -> tuple[object, ...]:
        counts = self._counts()
        shown = [(id(p.data), p.caption, p.place, p.anchor) for p in self.section.pictures]
        return (*shown, counts.get("before"), counts.get("after"))

    def _doc_changed(self, _cells: object) -> None:
        # every keystroke of the report comes here: rebuild (and decode thumbnails) only when the
        # pictures or the paragraphs they are placed after changed
        if self._shown_state() != self._shown:
            self.refresh()

    def refresh(self) -> None:
        row = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        for p in self.section.pictures:
            caption = p.caption or _("（无图题）")
            item = QListWidgetItem(f"[图] {caption}　{p.width}×{p.height}　{self._place_text(p)}")
            thumb = QPixmap()
            if thumb.loadFromData(p.data):  # checked bytes, drawn by Qt as Word and browsers will
                item.setIcon(QIcon(thumb.scaled(96, 64, Qt.AspectRatioMode.KeepAspectRatio)))
            self.list.addItem(item)
        self.list.blockSignals(False)
        if self.section.pictures:
            self.list.setCurrentRow(min(max(row, 0), len(self.section.pictures) - 1))
        self._selected(self.list.currentRow())
        # an empty panel is its row of buttons: the section's text keeps the room
        self.list.setVisible(bool(self.section.pictures))
        self.chosen_row.setVisible(bool(self.section.pictures))
        self._shown = self._shown_state()
        self.setVisible(True)

    def _selected(self, row: int) -> None:
        chosen = 0 <= row < len(self.section.pictures)
        for w in (self.caption, self.up_button, self.down_button, self.remove_button):
            w.setEnabled(chosen)
        if not self.caption.hasFocus():
            self.caption.setText(self.section.pictures[row].caption if chosen else "")

    def current(self) -> int:
        row = self.list.currentRow()
        return row if 0 <= row < len(self.section.pictures) else -1

    # --- edits --------------------------------------------------------------------------------
    def _push(self, new: list[Picture], text: str) -> None:
        self.doc.undo_stack.push(PicturesCommand(self.doc, self.section, new, text))

    def add_bytes(self, data: bytes, caption: str = "") -> bool:
        """Check and insert a picture at the end of the section's text; a refusal is said and changes nothing."""
        place = "after" if self.has_table else "before"
        try:
            picture = core.make_picture(data, caption, place=place, anchor=self._counts()[place])
            core.check_total(self.doc.draft.pictures(), adding=len(picture.data))
        except PictureError as exc:
            warn(self, str(exc))
            return False
        self._push([*self.section.pictures, picture], _("插入图片"))
        self.list.setCurrentRow(len(self.section.pictures) - 1)
        return True

    def insert_from_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(self, _("选择图片"), "", PICTURE_FILTER)
        if chosen:
            self.insert_file(Path(chosen))

    def insert_file(self, path: Path) -> bool:
        try:
            size = path.stat().st_size
            # a file far over the limit is not read whole: its size is refused as is
            data = (
                path.read_bytes()
                if size <= core.MAX_PICTURE_BYTES
                else path.open("rb").read(core.MAX_PICTURE_BYTES + 1)
            )
        except OSError as exc:
            warn(self, _("无法读取图片文件“{name}”：{err}").format(name=path.name, err=exc.strerror or exc))
            return False
        return self.add_bytes(data)

    def paste(self) -> bool:
        image = QGuiApplication.clipboard().image()
        if image.isNull():
            warn(self, _("剪贴板中没有图片。请先截图或复制一张图片，再点“粘贴图片”。"))
            return False
        return self.add_image(image)

    def add_image(self, image: QImage, caption: str = "") -> bool:
        return self.add_bytes(png_bytes(image), caption)

    def _fill_chart_menu(self) -> None:
        self.chart_menu.clear()
        for chart in charts_for(self.doc.draft):
            action = self.chart_menu.addAction(chart.title)
            action.triggered.connect(lambda _checked=False, k=chart.key: self.insert_chart(k))

    def insert_chart(self, key: str) -> bool:
        chart = next(c for c in charts_for(self.doc.draft) if c.key == key)
        if self.add_bytes(chart_png(chart), chart.title):
            show_status(self, _("已插入统计图；表格数字改动后，请删除旧图并重新插入。"))
            return True
        return False

    def _caption_entered(self) -> None:
        row = self.current()
        if row < 0:
            return
        try:
            caption = core.check_caption(self.caption.text())
        except PictureError as exc:
            warn(self, str(exc))
            return
        if caption == self.section.pictures[row].caption:
            return
        new = list(self.section.pictures)
        new[row] = dataclasses.replace(new[row], caption=caption)
        self._push(new, _("修改图题"))

    def move(self, up: bool) -> None:
        row = self.current()
        if row < 0:
            return
        picture = self.section.pictures[row]
        new = core.moved(self.section.pictures, row, up, self._counts())
        if new == self.section.pictures:
            return
        self._push(new, _("移动图片"))
        self.list.setCurrentRow(next(n for n, p in enumerate(new) if p.data is picture.data))

    def remove(self) -> None:
        row = self.current()
        if row >= 0:
            self._push([p for n, p in enumerate(self.section.pictures) if n != row], _("删除图片"))
