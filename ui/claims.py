"""This window's claims on draft files: the lock that keeps a draft to one window on this
computer (and asks its holder to come forward), and a newer recovery entry to offer first."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow

from forms.i18n import _
from forms.journal import Journal
from ui.widgets import warn

if TYPE_CHECKING:
    from forms.journal import Recovery
    from forms.lock import DraftLock

log = logging.getLogger(__name__)


def same_file(open_path: Path | None, path: Path | str) -> bool:
    """Whether ``path`` is the file open as ``open_path`` (links and relative names resolved)."""
    if open_path is None:
        return False
    try:
        return open_path.resolve() == Path(path).resolve()
    except OSError:
        return False


class DraftClaims:
    def __init__(self, window: QMainWindow, journal: Journal) -> None:
        self._window = window
        self._journal = journal
        #: the last claim was refused because another window has the draft
        self.refused_in_use = False

    def claim(self, path: Path) -> tuple[bool, DraftLock | None]:
        """(may open, this window's claim on ``path``): False when another window has it (the
        clerk is told why); no lock when none can be made here, and editing goes on without one."""
        from forms.lock import DraftInUse, DraftLock, LockError

        try:
            return True, DraftLock.acquire(path, self._journal.folder.parent)
        except DraftInUse as exc:
            from ui.instances import bring_forward

            self.refused_in_use = True
            shown = bring_forward(exc.pid, path)
            warn(self._window, _("这份草稿已在另一个窗口中打开。"), str(exc) + ("\n" + shown if shown else ""))
            return False, None
        except LockError as exc:
            # no lock can be made (a read-only data folder): editing goes on, without the guard
            log.warning("no lock for %s: %s", path, exc)
            self._window.statusBar().showMessage(str(exc), 15000)
            return True, None

    def newer_recovery(self, path: Path) -> Recovery | None:
        """The newest recovery entry of ``path`` left by a run that has ended, if any."""
        try:
            found = self._journal.pending_for(path)
        except Exception:
            log.exception("journal unreadable")
            return None
        return found[0] if found else None
