"""The recovery journal: the latest state of every open draft, written within seconds of an edit.

The window records the draft about every two seconds while it has unsaved edits; after a
crash or a kill the next start offers what ``pending()`` finds.  Each open draft has one
entry file in ``<data folder>/recovery``, replaced atomically on every record, holding the
whole draft document, the path it belongs to and the time.  A damaged entry is skipped,
never fatal.  Qt-free: the window owns the timer.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from forms.errors import DraftFileError
from forms.i18n import _

if TYPE_CHECKING:
    from forms.model import Draft

# The draft-file machinery (forms.draftfile, and through it the schema and model) is imported
# only to record a draft or read an entry: at start-up, with nothing to recover, asking
# pending() must stay as cheap as listing a folder (SPEC §7 start-up).

APP_FOLDER_WINDOWS = "年报助手"
APP_FOLDER_POSIX = "nianbao"
DATA_DIR_ENV = "NIANBAO_DATA_DIR"
ENTRY_KIND = "nianbao-recovery"
ENTRY_VERSION = 1


def data_dir() -> Path:
    """The app's data folder: ``$NIANBAO_DATA_DIR``, else the platform's per-user data folder."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    if sys.platform == "win32":
        appdata = os.environ.get("APPDATA")
        base = Path(appdata) if appdata else Path.home() / "AppData" / "Roaming"
        return base / APP_FOLDER_WINDOWS
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    return base / APP_FOLDER_POSIX


def path_entry_name(draft_path: Path) -> str:
    """One entry per draft file, whichever run wrote it: editing a file again takes its entry over."""
    import hashlib  # on first use: hashlib's C module costs start-up ~5 ms when nothing is recorded

    key = os.path.normcase(os.path.abspath(draft_path))
    return "draft-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:24] + ".json"


class JournalError(DraftFileError):
    """The journal could not be written (disk full, no permission); the message is Chinese."""


@dataclass(frozen=True)
class Recovery:
    draft: Draft
    draft_path: Path | None  # None: the draft had never been saved
    saved_at: dt.datetime  # timezone-aware
    entry: Path  # the journal file this came from


class Journal:
    def __init__(self, folder: Path | str | None = None) -> None:
        self.folder = (Path(folder) if folder is not None else data_dir()) / "recovery"
        #: entries of this run are not offered for recovery by this run
        self.session = os.urandom(16).hex()
        self._untitled: dict[int, str] = {}  # id(draft) -> entry name, for drafts without a path
        self._written: dict[str, bytes] = {}  # entry name -> last draft document written
        self._counter = itertools.count(1)

    def _entry_name(self, draft: Draft, draft_path: Path | None) -> str:
        if draft_path is None:
            name = self._untitled.get(id(draft))
            if name is None:
                name = self._untitled[id(draft)] = f"untitled-{self.session}-{next(self._counter)}.json"
            return name
        return path_entry_name(draft_path)

    def record(self, draft: Draft, draft_path: Path | None, owner: Draft | None = None) -> None:
        """Write the whole draft to its journal entry; cheap when nothing changed since the last call.

        ``owner`` is the open draft whose entry this is, when ``draft`` is a copy of it holding
        what is typed but not yet entered.
        """
        from forms.draftfile import encode_document, write_bytes_atomic
        from forms.draftjson import to_dict

        owner = owner or draft
        name = self._entry_name(owner, draft_path)
        body = encode_document(to_dict(draft))
        if self._written.get(name) == body:
            return
        entry = {
            "kind": ENTRY_KIND,
            "version": ENTRY_VERSION,
            "session": self.session,
            "saved_at": dt.datetime.now(dt.UTC).isoformat(),
            "draft_path": None if draft_path is None else str(Path(draft_path).absolute()),
            "draft": json.loads(body),
        }
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_bytes_atomic(self.folder / name, encode_document(entry))
        except OSError as exc:
            raise JournalError(
                _("无法写入自动恢复记录（{folder}）：{reason}。请尽快手动保存草稿。").format(
                    folder=self.folder, reason=exc.strerror or exc
                )
            ) from exc
        self._written[name] = body
        if draft_path is not None:
            # the draft has a file now: its untitled entry is out of date
            old = self._untitled.pop(id(owner), None)
            if old is not None:
                self._remove(old)

    def pending(self) -> list[Recovery]:
        """Readable entries left by earlier runs, newest first."""
        found: list[Recovery] = []
        try:
            files = sorted(self.folder.glob("*.json"))
        except OSError:
            return []
        for path in files:
            recovery = self._read(path)
            if recovery is not None:
                found.append(recovery)
        found.sort(key=lambda r: r.saved_at, reverse=True)
        return found

    def _read(self, path: Path) -> Recovery | None:
        from forms.draftfile import check_document, draft_from_document

        try:
            entry = json.loads(path.read_bytes().decode("utf-8"))
            if not isinstance(entry, dict) or entry.get("kind") != ENTRY_KIND:
                return None
            if entry.get("version") != ENTRY_VERSION or entry.get("session") == self.session:
                return None
            saved_at = dt.datetime.fromisoformat(entry["saved_at"])
            if saved_at.tzinfo is None:
                saved_at = saved_at.replace(tzinfo=dt.UTC)
            raw_path = entry.get("draft_path")
            draft_path = Path(raw_path) if isinstance(raw_path, str) else None
            doc = check_document(entry["draft"], draft_path or path)
            draft = draft_from_document(doc, draft_path or path)
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, DraftFileError):
            return None
        return Recovery(draft=draft, draft_path=draft_path, saved_at=saved_at, entry=path)

    def discard(self, recovery: Recovery) -> None:
        """Forget a recovered draft (restored and saved elsewhere, or declined by the clerk)."""
        recovery.entry.unlink(missing_ok=True)

    def clear_for(self, draft_path: Path | None, draft: Draft | None = None) -> None:
        """Drop the entry of a draft that has just been saved to ``draft_path``.

        Pass the draft too after "save as" of a never-saved draft, so that its untitled
        entry goes as well.
        """
        if draft_path is not None:
            self._remove(path_entry_name(draft_path))
        if draft is not None:
            old = self._untitled.pop(id(draft), None)
            if old is not None:
                self._remove(old)

    def _remove(self, name: str) -> None:
        self._written.pop(name, None)
        try:
            (self.folder / name).unlink(missing_ok=True)
        except OSError:
            pass  # a stale entry is offered again at the next start; not worth failing a save for
