"""The summary runs in a thread of its own: reading and checking 500 drafts takes about a second,
and the window keeps painting its progress bar and answering the clerk meanwhile."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QThread, Signal

from forms.i18n import _
from forms.summary.collect import Collection, collect
from forms.summary.roster import Roster
from forms.summary.total import Summary, summarise

log = logging.getLogger(__name__)


class SummaryWorker(QThread):
    progress = Signal(int, int)  # files done, files in all
    done = Signal(object, object)  # Collection, Summary | None
    failed = Signal(str)  # Chinese message

    def __init__(self, paths: list[Path], roster: Roster | None, include_errors: bool) -> None:
        super().__init__()
        self.paths = paths
        self.roster = roster
        self.include_errors = include_errors
        self.collection: Collection | None = None
        self.summary: Summary | None = None

    def _progress(self, done: int, total: int) -> None:
        # every signal wakes the window's thread, which then competes for the GIL: about 100
        # steps move the bar as smoothly as 500 and leave the work its pace
        if done == total or done % max(1, total // 100) == 0:
            self.progress.emit(done, total)

    def run(self) -> None:
        try:
            self.collection = collect(
                self.paths, self.roster, include_errors=self.include_errors, progress=self._progress
            )
            self.summary = summarise(self.collection) if self.collection.included else None
        except Exception as exc:  # collect() gives every file its reason; this is a bug, not a file
            log.exception("summary failed")
            self.failed.emit(_("汇总时出现意外错误：{err}").format(err=exc))
            return
        self.done.emit(self.collection, self.summary)
