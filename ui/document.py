"""The open report: the draft, where it is saved, its findings, undo and the recovery journal.

Every edit goes through ``ReportDocument.edited()``: it re-runs the checks, tells the pages to
repaint, and arms the journal timer so that what was typed reaches the recovery journal within
about a second.  The checks keep their results by their inputs, so an edit re-checks only what it
changed (a millisecond or two, also in a 50,000-character 总体情况).  A check that could take
longer than ``BLOCKING_MS`` (in a report of more than ``FIRST_CHECK_CHARS`` characters of text:
its first check, or one after a check that took over half of ``BLOCKING_MS``) runs in a worker
thread on a copy of the draft; the findings and the pages update when it is done.
"""

from __future__ import annotations

import copy
import dataclasses
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from forms.checks import Finding, Settings, check
from forms.editing.paste import PastePlan, plan_paste
from forms.i18n import _
from forms.journal import Journal
from forms.lock import DraftLock
from forms.model import Acknowledgement, Draft, Paragraph, SectionText
from forms.ondisk import Fingerprint, changed_on_disk
from forms.values import CellValue, InputError, parse_cell, refused_value
from ui.edits import (
    ParagraphsCommand,
    SectionsCommand,
    Target,
    blank_cells,
    paragraphs_at,
    put_paragraphs,
    typing_step,
)

log = logging.getLogger(__name__)

#: the longest time an edit waits before it is written to the recovery journal
JOURNAL_DELAY_MS = 1000
#: a check that may take longer than this does not run on the GUI thread
BLOCKING_MS = 50
#: the text (this year's and last year's) up to which any check is quick enough for the GUI thread;
#: above it the first check, and any after one that took half of BLOCKING_MS, go to a worker
#: (a check from scratch costs about 0.3 µs a character: 28 ms for a 50,000-character 总体情况
#: with last year's text of the same length)
FIRST_CHECK_CHARS = 80_000


def snapshot(draft: Draft) -> Draft:
    """A copy of the draft for a worker, made in a fraction of deepcopy's time: every list and dict
    the window changes is copied; strings, values, paragraphs and acknowledgements, which are
    replaced and never changed in place, are shared."""
    return dataclasses.replace(
        draft,
        meta=dataclasses.replace(draft.meta, contact=dataclasses.replace(draft.meta.contact)),
        preface=None if draft.preface is None else list(draft.preface),
        sections=[
            dataclasses.replace(s, before=list(s.before), after=list(s.after), items=list(s.items))
            for s in draft.sections
        ],
        tables={key: dataclasses.replace(t, values=dict(t.values)) for key, t in draft.tables.items()},
        last_year=dataclasses.replace(
            draft.last_year,
            carried_forward=dict(draft.last_year.carried_forward),
            in_force=dict(draft.last_year.in_force),
            texts=dict(draft.last_year.texts),
        ),
        acknowledgements=list(draft.acknowledgements),
    )


def text_size(draft: Draft) -> int:
    """Characters of text the checks read: the sections' paragraphs and last year's texts."""
    size = sum(len(p.text) for sec in draft.sections for p in sec.before + sec.after)
    return size + sum(len(t) for t in draft.last_year.texts.values())


class _Relay(QObject):
    """Carries a worker's findings to the GUI thread (a queued signal)."""

    done = Signal(int, object, float)


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
    #: the recovery copy was written (the status bar shows when)
    journal_written = Signal()
    #: undo/redo put paragraphs into the draft: (ui.edits target, cursor position or None)
    texts_replaced = Signal(object, object)
    #: undo/redo put back the legacy sections: the pages are rebuilt
    sections_replaced = Signal()

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
        #: the draft's edits counted, the edit the findings are of, and a check running in a worker
        self._generation = 0
        self._checked = -1
        self._worker: int | None = None
        self._last_check_ms: float | None = None
        self._relay = _Relay(self)
        self._relay.done.connect(self._background_done)
        self.recheck()

    # --- checks -----------------------------------------------------------------------------
    def recheck(self) -> None:
        """Bring the findings up to date: now, or in a worker when that could block the window."""
        self._generation += 1
        if self._worker is not None or self._may_block():
            self._check_in_background()
        else:
            self._check_now()

    @property
    def checking(self) -> bool:
        """A check runs in the background: the findings are of an earlier state of the draft."""
        return self._checked != self._generation

    def _may_block(self) -> bool:
        if text_size(self.draft) <= FIRST_CHECK_CHARS:
            return False  # a few milliseconds even from scratch: the findings are there at once
        return self._last_check_ms is None or self._last_check_ms > BLOCKING_MS / 2

    def _check_now(self) -> None:
        started = time.perf_counter()
        try:
            findings = check(self.draft, self._settings())
        except Exception as exc:  # a bug in one rule must not cost the clerk the draft
            log.exception("check failed")
            findings = []
            self.problem.emit(_("检查时出错，本次未能显示检查结果：{err}").format(err=exc))
        self._last_check_ms = (time.perf_counter() - started) * 1000
        self.findings = findings
        self._checked = self._generation

    def _check_in_background(self) -> None:
        if self._worker is not None:
            return  # the running check's result is stale when it comes: another follows it then
        generation = self._generation
        self._worker = generation
        # the clerk goes on editing the draft: the worker checks a copy of it as it is now
        draft, settings = snapshot(self.draft), copy.deepcopy(self._settings())
        relay = self._relay

        def work() -> None:
            started = time.perf_counter()
            try:
                findings: object = check(draft, settings)
            except Exception as exc:
                log.exception("check failed")
                findings = exc
            try:
                relay.done.emit(generation, findings, (time.perf_counter() - started) * 1000)
            except RuntimeError:  # the window was closed meanwhile
                pass

        threading.Thread(target=work, name="checks", daemon=True).start()

    def _background_done(self, generation: int, findings: object, ms: float) -> None:
        if self._worker == -1:  # released
            return
        self._worker = None
        self._last_check_ms = ms
        if generation > self._checked:
            if isinstance(findings, Exception):
                self.findings = []
                self.problem.emit(_("检查时出错，本次未能显示检查结果：{err}").format(err=findings))
            else:
                assert isinstance(findings, list)
                self.findings = findings
            self._checked = generation
            self.changed.emit(set())
        if self.checking:
            self._recheck_pending()

    def _recheck_pending(self) -> None:
        """Check the draft as it is now, after a background check of an earlier state."""
        if self._may_block():
            self._check_in_background()
        else:
            self._check_now()
            self.changed.emit(set())

    def wait_for_checks(self) -> None:
        """Findings of the draft as it is now, before a decision that needs them (export)."""
        if self.checking:
            self._check_now()

    def open_findings(self) -> list[Finding]:
        return [f for f in self.findings if not f.acknowledged]

    def errors(self) -> list[Finding]:
        """The errors of the draft as it is now (waits for a check running in the background)."""
        self.wait_for_checks()
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

    # the rest of the edit API (ui/edits.py holds the undo steps; forms/editing the paste)
    def clear_cells(self, cell_ids: list[str]) -> int:
        """Delete on a block: its cells blank, as one undo step."""
        return len(cell_ids) if self.set_cells(dict.fromkeys(cell_ids), _("清除单元格")) else 0

    def fill_zeros(self, table_key: str) -> int:
        """空白填0: every blank cell the clerk can type in gets 0, as one undo step."""
        blanks = blank_cells(self.draft, table_key)
        table = self.draft.fmt.tables[table_key]
        self.set_cells({cid: parse_cell("0", table.cells[cid].type) for cid in blanks}, _("空白填0"))
        return len(blanks)

    def paste(self, table_key: str, text: str, start: tuple[int, int] | None) -> PastePlan:
        """A block from the clipboard into a table, as one undo step (PasteError: nothing pasted)."""
        plan = plan_paste(self.draft, self.draft.fmt.tables[table_key], text, start)
        self.set_cells(plan.values, _("粘贴"))
        return plan

    def set_paragraphs(
        self, target: Target, paragraphs: list[Paragraph] | None, cursors: tuple[int | None, int | None] = (None, None)
    ) -> bool:
        """The paragraphs of a text (ui.edits target) as typed; False when nothing changed."""
        before = paragraphs_at(self.draft, target)
        if before == paragraphs:
            return False
        top = typing_step(self.undo_stack, target)
        if paragraphs is not None and top is not None and top.type_on(before, paragraphs, cursors[1]):
            self._put_paragraphs(target, paragraphs, cursors[1], reload=False)
            return True
        self.undo_stack.push(ParagraphsCommand(self, target, before, paragraphs, cursors, _("编辑文字")))
        return True

    def _put_paragraphs(
        self, target: Target, paragraphs: list[Paragraph] | None, cursor: int | None, reload: bool
    ) -> None:
        put_paragraphs(self.draft, target, paragraphs)
        self.edited()
        if reload:
            self.texts_replaced.emit(target, cursor)

    def set_sections(self, sections: list[SectionText], text: str) -> bool:
        """The legacy sections as edited on the sections page, as one undo step."""
        if sections == self.draft.sections:
            return False
        self.undo_stack.push(SectionsCommand(self, self.draft.sections, sections, text))
        return True

    def _put_sections(self, sections: list[SectionText], rebuild: bool) -> None:
        self.draft.sections = sections
        self.edited()
        if rebuild:
            self.sections_replaced.emit()

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
        self._worker = -1  # a check still running is of no use now: none follows it
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
        shown = snapshot(self.draft)  # the cell values are copied; the rest is shared, never changed here
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
            return
        self.journal_written.emit()

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
