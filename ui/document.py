"""The open report: the draft, where it is saved, its findings, undo and the recovery journal.

Every edit goes through ``ReportDocument.edited()``: it re-runs the checks synchronously (they
take a millisecond or two), tells the pages to repaint, and arms the journal timer so that
what was typed reaches the recovery journal within about a second.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from forms.checks import Finding, Settings, check
from forms.i18n import _
from forms.journal import Journal
from forms.lock import DraftLock
from forms.model import Acknowledgement, Draft
from forms.ondisk import Fingerprint, changed_on_disk
from forms.values import CellValue, InputError, parse_cell, refused_value

log = logging.getLogger(__name__)

#: the longest time an edit waits before it is written to the recovery journal
JOURNAL_DELAY_MS = 1000


class SetCellsCommand(QUndoCommand):
    """One undo step: a cell edit, a pasted block or 空白填0."""

    def __init__(self, doc: ReportDocument, changes: dict[str, tuple[CellValue | None, CellValue | None]], text: str):
        super().__init__(text)
        self._doc = doc
        self._changes = changes

    def redo(self) -> None:
        self._doc._apply_cells({cid: new for cid, (_old, new) in self._changes.items()})

    def undo(self) -> None:
        self._doc._apply_cells({cid: old for cid, (old, _new) in self._changes.items()})


class ReportDocument(QObject):
    #: after every edit and re-check; the argument is the set of changed cell ids (empty: not cells)
    changed = Signal(object)
    modified_changed = Signal(bool)
    #: a problem the clerk should see in the status bar (journal not writable, checks failed)
    problem = Signal(str)

    def __init__(
        self,
        draft: Draft,
        path: Path | None = None,
        journal: Journal | None = None,
        settings: Callable[[], Settings] | None = None,
        parent: QObject | None = None,
        lock: DraftLock | None = None,
    ) -> None:
        super().__init__(parent)
        self.draft = draft
        self.path = path
        self.journal = journal
        #: this window's claim on the file: one window per draft on this computer
        self.lock = lock
        #: the file as it was read or last saved, to notice another program's changes
        self.fingerprint = Fingerprint.of(path) if path is not None else None
        self._settings = settings or Settings
        self.modified = False
        self.findings: list[Finding] = []
        self.undo_stack = QUndoStack(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(JOURNAL_DELAY_MS)
        self._timer.timeout.connect(self.write_journal)
        #: (cell id, text) of the cell editors open on screen; set by the window, read by the journal
        self.open_texts: Callable[[], list[tuple[str, str]]] = list
        self.recheck()

    # --- checks -----------------------------------------------------------------------------
    def recheck(self) -> None:
        try:
            self.findings = check(self.draft, self._settings())
        except Exception as exc:  # a bug in one rule must not cost the clerk the draft
            log.exception("check failed")
            self.findings = []
            self.problem.emit(_("检查时出错，本次未能显示检查结果：{err}").format(err=exc))

    def open_findings(self) -> list[Finding]:
        return [f for f in self.findings if not f.acknowledged]

    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    # --- edits --------------------------------------------------------------------------------
    def edited(self, cells: set[str] | None = None) -> None:
        """The draft was changed in place: re-check, repaint, and journal soon."""
        self.recheck()
        self.set_modified(True)
        if not self._timer.isActive():  # not restarted while typing: the delay is a bound, not a pause
            self._timer.start()
        self.changed.emit(cells or set())

    def typing(self) -> None:
        """Text is being typed into a cell editor and not yet entered: journal it soon all the same."""
        if not self._timer.isActive():
            self._timer.start()

    def set_modified(self, value: bool) -> None:
        if value != self.modified:
            self.modified = value
            self.modified_changed.emit(value)

    def set_cells(self, values: dict[str, CellValue | None], text: str) -> bool:
        """Change cells as one undo step; False when nothing would change."""
        changes = {cid: (self.draft.value(cid), v) for cid, v in values.items() if self.draft.value(cid) != v}
        if not changes:
            return False
        self.undo_stack.push(SetCellsCommand(self, changes, text))
        return True

    def _apply_cells(self, values: dict[str, CellValue | None]) -> None:
        for cid, value in values.items():
            self.draft.set_value(cid, value)
        self.edited(set(values))

    # --- acknowledgements -------------------------------------------------------------------
    def acknowledge(self, finding: Finding, note: str) -> None:
        rule, cells, actual = finding.key
        self.draft.acknowledgements = [
            a for a in self.draft.acknowledgements if (a.rule, a.cells) != (rule, tuple(cells))
        ]
        self.draft.acknowledgements.append(Acknowledgement(rule, tuple(cells), actual, note))
        self.edited()

    def withdraw_acknowledgement(self, finding: Finding) -> None:
        rule, cells, actual = finding.key
        self.draft.acknowledgements = [
            a for a in self.draft.acknowledgements if (a.rule, a.cells, a.actual) != (rule, tuple(cells), actual)
        ]
        self.edited()

    # --- files ----------------------------------------------------------------------------------
    def changed_on_disk(self) -> bool:
        """Whether the file was changed by someone else since this window read or saved it."""
        if self.path is None:
            return False
        if self.fingerprint is None:
            return self.path.exists()
        return changed_on_disk(self.path, self.fingerprint)

    def take_lock(self, lock: DraftLock | None) -> None:
        """Hold ``lock`` (the file just opened or saved as) instead of the one held so far."""
        if self.lock is not None and self.lock is not lock:
            self.lock.release()
        self.lock = lock

    def release(self) -> None:
        """The window lets the draft go: its file may now be opened by another window."""
        self._timer.stop()
        self.take_lock(None)

    def save(self, path: Path) -> None:
        """Save atomically (raises DraftFileError with a Chinese message)."""
        from forms.draftfile import save_draft

        save_draft(self.draft, path)
        self.path = path
        self.fingerprint = Fingerprint.of(path)
        self._timer.stop()
        if self.journal is not None:
            try:
                # this window's entry, and entries of crashed sessions that the saved file supersedes
                self.journal.clear_for(path, self.draft)
            except Exception:
                log.exception("journal clear failed")
        self.undo_stack.setClean()
        self.set_modified(False)

    def _with_open_texts(self) -> Draft | None:
        """The draft as on screen, open cell editors included (None: they add nothing)."""
        changes: dict[str, CellValue | None] = {}
        for cid, text in self.open_texts():
            table = self.draft.fmt.tables.get(cid.split(".", 1)[0])
            if table is None or cid not in table.cells:
                continue
            try:
                value: CellValue | None = parse_cell(text, table.cells[cid].type)
            except InputError:
                value = refused_value(text)
            if value != self.draft.value(cid):
                changes[cid] = value
        if not changes:
            return None
        shown = copy.deepcopy(self.draft)
        for cid, value in changes.items():
            shown.set_value(cid, value)
        return shown

    def write_journal(self) -> None:
        if self.journal is None:
            return
        shown = self._with_open_texts()
        if shown is None and not self.modified:
            return
        try:
            # recorded under the open draft's entry, whichever copy holds the open editors' text
            self.journal.record(self.draft if shown is None else shown, self.path, owner=self.draft)
        except Exception as exc:
            log.exception("journal write failed")
            self.problem.emit(_("无法写入恢复记录，请及时保存草稿：{err}").format(err=exc))

    def discard_journal(self) -> None:
        """The clerk chose not to keep the unsaved changes: do not offer them next time.

        Only this window's entry goes: a recovery the clerk declined on opening stays on offer.
        """
        self._timer.stop()
        if self.journal is None:
            return
        try:
            self.journal.forget(self.draft)
        except Exception:
            log.exception("journal clear failed")

    def settings_changed(self) -> None:
        """The deadline or length limit changed: re-check without marking the draft modified."""
        self.recheck()
        self.changed.emit(set())

    def flush_journal(self) -> None:
        """Write a pending journal entry now (before the window closes without saving)."""
        if self._timer.isActive():
            self._timer.stop()
            self.write_journal()

    def display_name(self) -> str:
        return self.draft.effective_title()
