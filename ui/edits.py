"""The undo steps of the open report: each stores the whole value before and after the edit.

Paragraphs and sections are deep-copied whole (never field by field): a paragraph may carry more
than its text and level (pictures, another helper's work), and undo must give back exactly what
was there.  Undo and redo put a copy of the stored value into the draft, so a later edit in place
cannot reach into the stack.  Typing within one paragraph merges into one step up to the end of a
sentence; a new paragraph, a joined one or a level change is a step of its own.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand, QUndoStack

from forms.model import Draft, Paragraph, SectionText

if TYPE_CHECKING:
    from ui.document import ReportDocument

#: where a paragraph list lives in the draft: ("preface",) or ("section", key, "before" | "after")
Target = tuple[str, ...]

PREFACE: Target = ("preface",)


def section_target(key: str, part: str) -> Target:
    return ("section", key, part)


def paragraphs_at(draft: Draft, target: Target) -> list[Paragraph] | None:
    """The paragraphs a target holds (the preface: None while it is the default one)."""
    if target == PREFACE:
        return draft.preface
    _kind, key, part = target
    sec = draft.section(key)
    if sec is None:
        return []
    return list(sec.before if part == "before" else sec.after)


def put_paragraphs(draft: Draft, target: Target, paragraphs: list[Paragraph] | None) -> None:
    if target == PREFACE:
        draft.preface = paragraphs
        return
    _kind, key, part = target
    sec = draft.section(key)
    if sec is None:
        return  # the section was removed meanwhile: its page goes with it
    setattr(sec, part, [] if paragraphs is None else paragraphs)


def blank_cells(draft: Draft, table_key: str) -> list[str]:
    """The cells of a table the clerk can type in and has left blank (not the computed totals)."""
    table = draft.fmt.tables[table_key]
    data = draft.table(table_key)
    return [
        cid for cid, vc in table.cells.items() if (data.entered_totals or not vc.computed) and cid not in data.values
    ]


def _typing_at(before: list[Paragraph] | None, after: list[Paragraph] | None) -> int | None:
    """The one paragraph whose text alone changed (typing), else None (split, join, level, reset)."""
    if before is None or after is None or len(before) != len(after):
        return None
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    if len(changed) != 1:
        return None
    i = changed[0]
    a, b = before[i], after[i]
    return i if dataclasses.replace(a, text=b.text) == b else None


#: typing on after one of these starts a new undo step: Ctrl+Z takes back a sentence, not a paragraph
SENTENCE_ENDS = frozenset("。；！？")


def _sentences(text: str) -> int:
    return sum(ch in SENTENCE_ENDS for ch in text)


class ParagraphsCommand(QUndoCommand):
    ID = 0x5A01

    def __init__(
        self,
        doc: ReportDocument,
        target: Target,
        before: list[Paragraph] | None,
        after: list[Paragraph] | None,
        cursors: tuple[int | None, int | None],
        text: str,
    ) -> None:
        super().__init__(text)
        self._doc = doc
        self.target = target
        # one memo: a paragraph the two lists share is copied once
        self.before, self.after = copy.deepcopy((before, after))
        self.cursors = cursors
        self.typing_at = _typing_at(before, after)
        #: the first redo puts the editor's own list into the draft: the stack keeps its copies
        self._given = after
        self._done = False

    def id(self) -> int:
        return self.ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, ParagraphsCommand) or other.target != self.target:
            return False
        if self.typing_at is None or other.typing_at != self.typing_at or self._sentence_done():
            return False
        self.after = other.after
        self.cursors = (self.cursors[0], other.cursors[1])
        return True

    def type_on(self, before: list[Paragraph] | None, paragraphs: list[Paragraph], cursor: int | None) -> bool:
        """Typing on in this step's paragraph: the step takes the new text, without copying every
        other paragraph again (a keystroke in a 50,000-character text stays quick)."""
        if self.typing_at is None or _typing_at(before, paragraphs) != self.typing_at or self.after is None:
            return False
        if self._sentence_done():
            return False
        self.after[self.typing_at] = copy.deepcopy(paragraphs[self.typing_at])
        self.cursors = (self.cursors[0], cursor)
        return True

    def _sentence_done(self) -> bool:
        """This step's typing finished a sentence (。；！？): what follows is a step of its own."""
        assert self.typing_at is not None and self.before is not None and self.after is not None
        i = self.typing_at
        return _sentences(self.after[i].text) > _sentences(self.before[i].text)

    def redo(self) -> None:
        # the first redo is the edit itself: the editor already shows it
        value = self._given if not self._done else copy.deepcopy(self.after)
        self._given = None
        self._doc._put_paragraphs(self.target, value, self.cursors[1], reload=self._done)
        self._done = True

    def undo(self) -> None:
        self._doc._put_paragraphs(self.target, copy.deepcopy(self.before), self.cursors[0], reload=True)


def typing_step(stack: QUndoStack, target: Target) -> ParagraphsCommand | None:
    """The step on top of the stack when typing in ``target`` may go on in it: nothing to redo, and
    not the state last saved (Qt does not merge into that one either)."""
    index = stack.index()
    if index == 0 or index != stack.count() or stack.cleanIndex() == index:
        return None
    top = stack.command(index - 1)
    return top if isinstance(top, ParagraphsCommand) and top.target == target else None


class SectionsCommand(QUndoCommand):
    """A legacy section added, removed, retitled, moved, or its statutory items changed."""

    def __init__(self, doc: ReportDocument, before: list[SectionText], after: list[SectionText], text: str) -> None:
        super().__init__(text)
        self._doc = doc
        self.before = copy.deepcopy(before)
        self.after = copy.deepcopy(after)
        self._done = False

    def redo(self) -> None:
        self._doc._put_sections(copy.deepcopy(self.after), rebuild=self._done)
        self._done = True

    def undo(self) -> None:
        self._doc._put_sections(copy.deepcopy(self.before), rebuild=True)
