"""The paragraph editor reads its text block by block as it changes; what it reports equals a
reading of the whole document after any sequence of typing, deleting, pasting, levels and undo."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor

from forms.model import Paragraph
from ui.paragraph_editor import ParagraphEditor, block_level

ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["type", "enter", "delete", "backspace", "paste", "select_delete", "level", "undo", "redo"]),
        st.integers(0, 10_000),
        st.integers(0, 40),
        st.sampled_from(["一", "二、", "  ", "收到申请5件。", "（一）主动公开\n本年度", "\n\n", "x"]),
    ),
    max_size=30,
)


def read_everything(editor: ParagraphEditor) -> list[Paragraph]:
    out = []
    block = editor.edit.document().firstBlock()
    while block.isValid():
        if block.text().strip():
            out.append(Paragraph(block.text().strip(), block_level(block.userState())))
        block = block.next()
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ACTIONS)
def test_paragraphs_follow_every_edit(qapp, actions):
    editor = ParagraphEditor("正文")
    editor.set_paragraphs([Paragraph("（一）主动公开", 2), Paragraph("全年主动公开政府信息。"), Paragraph("第三段")])
    editor.paragraphs()  # read once, so that later reads are the block-by-block ones
    edit = editor.edit
    for action, pos, length, text in actions:
        cursor = edit.textCursor()
        cursor.setPosition(pos % edit.document().characterCount())
        if action == "select_delete":
            cursor.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor, length)
            cursor.removeSelectedText()
        elif action == "type":
            cursor.insertText(text[:1])
        elif action == "enter":
            cursor.insertBlock()
        elif action == "delete":
            cursor.deleteChar()
        elif action == "backspace":
            cursor.deletePreviousChar()
        elif action == "paste":
            cursor.insertText(text)
        edit.setTextCursor(cursor)
        if action == "level":
            editor.set_level(length % 4)
        elif action == "undo":
            edit.undo()
        elif action == "redo":
            edit.redo()
        assert editor.paragraphs() == read_everything(editor)
        assert editor.count_label.text() == f"{sum(len(''.join(p.text.split())) for p in read_everything(editor))} 字"
    editor.deleteLater()
