"""A multi-paragraph editor: each line is a paragraph, each paragraph has a level.

The level (正文, 一级 "一、", 二级 "（一）", 三级 "1.") is kept as the text block's user
state, shown in a gutter beside each line and set with the selector above the text; headings
are shown bold.  ``paragraphs()`` and ``set_paragraphs()`` round-trip ``forms.model.Paragraph``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
)
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from forms.i18n import _
from forms.model import LEVEL_NAMES, Paragraph

SHORT_NAMES = {0: _("正文"), 1: _("一级"), 2: _("二级"), 3: _("三级")}


def block_level(state: int) -> int:
    return state if state in (1, 2, 3) else 0


class _LevelHighlighter(QSyntaxHighlighter):
    def highlightBlock(self, text: str) -> None:
        level = block_level(self.currentBlockState())
        if level and text:
            fmt = QTextCharFormat()
            fmt.setFontWeight(QFont.Weight.Bold if level < 3 else QFont.Weight.DemiBold)
            if level == 2:
                fmt.setForeground(QColor("#1f3f77"))
            self.setFormat(0, len(text), fmt)


class _Gutter(QWidget):
    def __init__(self, editor: LevelTextEdit) -> None:
        super().__init__(editor)
        self.editor = editor

    def sizeHint(self) -> QSize:
        return QSize(self.editor.gutter_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor("#f2f2f2"))
        block = self.editor.firstVisibleBlock()
        offset = self.editor.contentOffset()
        height = self.editor.fontMetrics().height()
        while block.isValid():
            geom = self.editor.blockBoundingGeometry(block).translated(offset)
            if geom.top() > event.rect().bottom():
                break
            if block.isVisible() and geom.bottom() >= event.rect().top():
                level = block_level(block.userState())
                painter.setPen(QColor("#888888") if level == 0 else QColor("#1f3f77"))
                painter.drawText(
                    QRect(0, int(geom.top()), self.width() - 4, height),
                    int(Qt.AlignmentFlag.AlignRight),
                    SHORT_NAMES[level],
                )
            block = block.next()


class LevelTextEdit(QPlainTextEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # the report's one undo stack takes every step, levels included (Qt's own would drop them)
        self.setUndoRedoEnabled(False)
        self.gutter = _Gutter(self)
        self.highlighter = _LevelHighlighter(self.document())
        self.blockCountChanged.connect(self._update_margin)
        self.updateRequest.connect(self._update_gutter)
        self._update_margin()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo):
                event.ignore()  # the window's 撤销/重做 take it
                return True
        return super().event(event)

    def gutter_width(self) -> int:
        return self.fontMetrics().horizontalAdvance(SHORT_NAMES[1]) + 12

    def _update_margin(self, _count: int = 0) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _update_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self.gutter.scroll(0, dy)
        else:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        cr = self.contentsRect()
        self.gutter.setGeometry(QRect(cr.left(), cr.top(), self.gutter_width(), cr.height()))


class ParagraphEditor(QWidget):
    """Paragraph text with levels; ``changed`` fires on every keystroke and level change."""

    changed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = LevelTextEdit(self)
        self.edit.setAccessibleName(name)
        self.edit.setTabChangesFocus(True)
        self.level_box = QComboBox(self)
        for level, label in LEVEL_NAMES.items():
            self.level_box.addItem(label, level)
        self.level_box.setAccessibleName(_("{name}：当前段落的级别").format(name=name))
        self.level_box.setToolTip(
            _("设置光标所在段落（或选中的几段）的级别：正文、一级标题“一、”、二级标题“（一）”、三级标题“1.”")
        )
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(_("{name}：字数").format(name=name))
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("段落级别："), self))
        bar.addWidget(self.level_box)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.edit, 1)
        self.level_box.activated.connect(self._level_chosen)
        self.edit.cursorPositionChanged.connect(self._show_level)
        #: the cursor as it was before the latest change, for the undo step to put it back
        self._cursor_before = 0
        self._cursor_now = 0
        self.edit.cursorPositionChanged.connect(self._cursor_moved)
        #: (paragraph or None for an empty line, characters counted) of every block, kept up to
        #: date block by block: a keystroke in a 50,000-character text re-reads one block, not all
        self._blocks: list[tuple[Paragraph | None, int]] | None = None
        self._paragraphs: list[Paragraph] | None = None
        self.edit.document().contentsChange.connect(self._contents_change)
        self.edit.textChanged.connect(self._text_changed)
        self._update_count()

    # --- contents ---------------------------------------------------------------------------
    def set_paragraphs(self, paragraphs: list[Paragraph]) -> None:
        self.edit.blockSignals(True)
        self.edit.setPlainText("\n".join(p.text for p in paragraphs))
        block = self.edit.document().firstBlock()
        for p in paragraphs:
            if not block.isValid():
                break
            block.setUserState(p.level)
            block = block.next()
        self.edit.blockSignals(False)
        self._forget_blocks()
        self.edit.highlighter.rehighlight()
        self.edit.gutter.update()
        self._update_count()
        self._show_level()

    def show_paragraphs(self, paragraphs: list[Paragraph], cursor: int | None) -> None:
        """Undo/redo changed the text: show it, with the cursor where the step left it."""
        if paragraphs != self.paragraphs():
            self.set_paragraphs(paragraphs)
        if cursor is not None:
            text_cursor = self.edit.textCursor()
            text_cursor.setPosition(max(0, min(cursor, self.edit.document().characterCount() - 1)))
            self.edit.setTextCursor(text_cursor)

    def cursors(self) -> tuple[int, int]:
        """(before, after) the latest change: where undo and redo put the cursor."""
        now = self.edit.textCursor().position()
        # Qt may tell of the cursor's move before or after the text's change
        return (self._cursor_now if self._cursor_now != now else self._cursor_before), now

    def _cursor_moved(self) -> None:
        self._cursor_before, self._cursor_now = self._cursor_now, self.edit.textCursor().position()

    def paragraphs(self) -> list[Paragraph]:
        """The paragraphs as typed; a new list each time, of paragraphs that are never changed in place."""
        if self._paragraphs is None:
            self._paragraphs = [p for p, _n in self._read_blocks() if p is not None]
        return list(self._paragraphs)

    @staticmethod
    def _entry(block: QTextBlock) -> tuple[Paragraph | None, int]:
        text = block.text().strip()
        if not text:
            return None, 0
        return Paragraph(text, block_level(block.userState())), len("".join(text.split()))

    def _read_blocks(self) -> list[tuple[Paragraph | None, int]]:
        if self._blocks is None:
            blocks = []
            block = self.edit.document().firstBlock()
            while block.isValid():
                blocks.append(self._entry(block))
                block = block.next()
            self._blocks = blocks
        return self._blocks

    def _forget_blocks(self) -> None:
        self._blocks = None
        self._paragraphs = None

    def _contents_change(self, position: int, _removed: int, added: int) -> None:
        self._paragraphs = None
        if added:
            self._keep_level_on_split(position)
        if self._blocks is None:
            return
        doc = self.edit.document()
        first = doc.findBlock(position)
        last = doc.findBlock(min(position + added, doc.characterCount() - 1))
        old_last = last.blockNumber() - (doc.blockCount() - len(self._blocks))
        if not first.isValid() or not last.isValid() or not first.blockNumber() <= old_last < len(self._blocks):
            self._blocks = None  # not a single contiguous change: read all blocks again when asked
            return
        entries = []
        block = first
        while block.isValid() and block.blockNumber() <= last.blockNumber():
            entries.append(self._entry(block))
            block = block.next()
        self._blocks[first.blockNumber() : old_last + 1] = entries

    def _keep_level_on_split(self, position: int) -> None:
        """Enter at the start of a heading: Qt leaves the level on the empty line above and starts
        the heading's text as a new block without one; the level goes with the text."""
        block = self.edit.document().findBlock(position)
        after = block.next()
        if (
            after.isValid()
            and after.userState() == -1
            and block_level(block.userState())
            and not block.text().strip()
            and after.text().strip()
        ):
            after.setUserState(block.userState())
            block.setUserState(0)
            self.edit.highlighter.rehighlightBlock(after)
            self.edit.highlighter.rehighlightBlock(block)

    def plain_text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs())

    def append_paragraphs(self, paragraphs: list[Paragraph]) -> None:
        self.set_paragraphs(self.paragraphs() + paragraphs)
        self.changed.emit()

    def set_level(self, level: int) -> None:
        """Set the level of the paragraph under the cursor, or of every selected paragraph."""
        cursor = self.edit.textCursor()
        doc = self.edit.document()
        first = doc.findBlock(cursor.selectionStart())
        last = doc.findBlock(cursor.selectionEnd())
        block = first
        while block.isValid():
            block.setUserState(level)
            self.edit.highlighter.rehighlightBlock(block)
            if block == last:
                break
            block = block.next()
        self._forget_blocks()  # levels are block states, not contents: no contentsChange
        self.edit.gutter.update()
        self.level_box.setCurrentIndex(self.level_box.findData(level))
        self.changed.emit()

    # --- slots ----------------------------------------------------------------------------------
    def _level_chosen(self, index: int) -> None:
        self.set_level(int(self.level_box.itemData(index)))

    def _show_level(self) -> None:
        level = block_level(self.edit.textCursor().block().userState())
        self.level_box.setCurrentIndex(self.level_box.findData(level))

    def _text_changed(self) -> None:
        self._update_count()
        self.changed.emit()

    def _update_count(self) -> None:
        n = sum(count for _p, count in self._read_blocks())
        self.count_label.setText(_("{n} 字").format(n=n))
