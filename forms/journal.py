"""The recovery journal: the latest state of every open window's draft, written within seconds of an edit.

The window records the draft about every two seconds while it has unsaved edits; after a
crash or a kill the next start offers what ``pending()`` finds.  Recovery belongs to the
draft being edited, not to the file: every window (a draft object of one running journal, a
*session*) has its own entry file in ``<data folder>/recovery``, ``<session>-<n>.json``,
replaced atomically on every record and holding the whole draft document, the path it
belongs to and the time.  Two windows on one file therefore never overwrite each other's
unsaved work.

A session holds an OS lock on ``<session>.alive`` (``forms.lock``) from its first record
until its process ends, however it ends.  Entries of a session whose lock is free are
offered; those of a session still running (another window open right now) are not.  A damaged
entry is skipped, never fatal, and never hides the others.  Qt-free: the window owns the timer.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import re
import stat
import sys
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from forms.errors import DraftFileError
from forms.i18n import _
from forms.lock import SessionLock, is_alive, remove_if_dead

if TYPE_CHECKING:
    from forms.model import Draft

# The draft-file machinery (forms.draftfile, and through it the schema and model) is imported
# only to record a draft or to build one from an entry: at start-up, with nothing to recover,
# asking pending() must stay as cheap as listing a folder (SPEC §7 start-up).  Liveness and the
# entry headers are read without it.

APP_FOLDER_WINDOWS = "年报助手"
APP_FOLDER_POSIX = "nianbao"
DATA_DIR_ENV = "NIANBAO_DATA_DIR"
ENTRY_KIND = "nianbao-recovery"
ENTRY_VERSION = 1
ALIVE_SUFFIX = ".alive"
#: an entry is a draft (at most forms.draftfile.MAX_DRAFT_BYTES, 20 MiB) plus a few lines of header
MAX_ENTRY_BYTES = 24 * 1024 * 1024

_SESSION = re.compile(r"[0-9a-f]{32}")
_ENTRY_NAME = re.compile(r"([0-9a-f]{32})-[1-9][0-9]{0,9}\.json")


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


def same_file_key(draft_path: Path | str) -> str:
    """How entries name one file: absolute, and case-blind where the file system is (Windows)."""
    return os.path.normcase(os.path.abspath(draft_path))


class JournalError(DraftFileError):
    """The journal could not be written (disk full, no permission); the message is Chinese."""


@dataclass(frozen=True)
class Recovery:
    draft: Draft
    draft_path: Path | None  # None: the draft had never been saved
    saved_at: dt.datetime  # timezone-aware
    entry: Path  # the journal file this came from


@dataclass(frozen=True)
class _Header:
    """What an entry says about itself, read without building the draft."""

    file: Path
    session: str
    saved_at: dt.datetime
    draft_path: Path | None
    draft: dict[str, Any]


def _read_header(file: Path) -> _Header | None:
    """The entry's validated header; None for anything that is not a whole entry of this version."""
    try:
        info = os.stat(file)
        # a FIFO would block the open for ever, a device never end, a huge file fill the memory
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
            return None
        with open(file, "rb") as fh:
            data = fh.read(MAX_ENTRY_BYTES + 1)
        if len(data) > MAX_ENTRY_BYTES:
            return None
        entry = json.loads(data.decode("utf-8"))
    except (OSError, ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None
    if not isinstance(entry, dict) or entry.get("kind") != ENTRY_KIND or entry.get("version") != ENTRY_VERSION:
        return None
    session, raw_time, raw_path, draft = (entry.get(k) for k in ("session", "saved_at", "draft_path", "draft"))
    if not isinstance(session, str) or not _SESSION.fullmatch(session):
        return None
    if not isinstance(raw_time, str) or not isinstance(draft, dict):
        return None
    if raw_path is not None and not (isinstance(raw_path, str) and raw_path):
        return None
    try:
        saved_at = dt.datetime.fromisoformat(raw_time)
    except ValueError:
        return None
    if saved_at.tzinfo is None:
        saved_at = saved_at.replace(tzinfo=dt.UTC)
    draft_path = Path(raw_path) if raw_path is not None else None
    return _Header(file, session, saved_at, draft_path, draft)


def _recovery(header: _Header) -> Recovery | None:
    """The draft of an entry, validated exactly as a draft file is; None when it is not usable."""
    from forms.draftfile import draft_from_document, parse_document

    where = header.draft_path or header.file
    try:
        # through the bytes again so that the bounds on depth, numbers and characters of a
        # draft file apply to the draft inside an entry too
        data = json.dumps(header.draft, ensure_ascii=True).encode("ascii")
        draft = draft_from_document(parse_document(data, where), where)
    except (DraftFileError, ValueError, TypeError, KeyError, RecursionError):
        return None
    return Recovery(draft=draft, draft_path=header.draft_path, saved_at=header.saved_at, entry=header.file)


class Journal:
    def __init__(self, folder: Path | str | None = None) -> None:
        self.folder = (Path(folder) if folder is not None else data_dir()) / "recovery"
        #: entries of this run are never offered by this run, and not by others while it lives
        self.session = os.urandom(16).hex()
        # id(draft) -> (the draft, its entry name); the weak reference tells a recycled id apart
        self._names: dict[int, tuple[weakref.ref[Draft], str]] = {}
        self._paths: dict[str, str | None] = {}  # entry name -> same_file_key of the path recorded
        self._written: dict[str, bytes] = {}  # entry name -> last draft document written
        self._counter = itertools.count(1)
        self._alive: SessionLock | None = None

    # --- this session ----------------------------------------------------------------------
    @property
    def alive_file(self) -> Path:
        return self.folder / (self.session + ALIVE_SUFFIX)

    def _name_of(self, draft: Draft, create: bool) -> str | None:
        known = self._names.get(id(draft))
        if known is not None and known[0]() is draft:
            return known[1]
        if not create:
            return None
        # a draft gone without forget() keeps its entry (its work is offered after this run);
        # only the bookkeeping of its id goes, which a new draft may be given
        self._names = {k: v for k, v in self._names.items() if v[0]() is not None}
        name = f"{self.session}-{next(self._counter)}.json"
        self._names[id(draft)] = (weakref.ref(draft), name)
        return name

    def _keep_alive(self) -> None:
        if self._alive is not None and self._alive.held:
            return
        try:
            self._alive = SessionLock.acquire(self.alive_file)
        except OSError:
            # without the sign of life, another window may offer this one's entries while it
            # runs: a needless offer, never a loss. Tried again at the next record.
            self._alive = None

    def record(self, draft: Draft, draft_path: Path | None, owner: Draft | None = None) -> None:
        """Write this window's entry for ``draft``; cheap when nothing changed since the last call.

        ``owner`` is the open draft whose entry this is, when ``draft`` is a copy of it that holds
        what is typed but not yet entered.
        """
        from forms.draftfile import encode_document, write_bytes_atomic
        from forms.draftjson import to_dict

        name = self._name_of(owner or draft, create=True)
        assert name is not None
        body = encode_document(to_dict(draft))
        key = None if draft_path is None else same_file_key(draft_path)
        if self._written.get(name) == body and self._paths.get(name) == key:
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
            self._keep_alive()  # before the entry exists, so that it is never seen unowned
            write_bytes_atomic(self.folder / name, encode_document(entry))
        except OSError as exc:
            from forms.draftfile import os_reason

            raise JournalError(
                _("无法写入自动恢复记录（{folder}）：{reason}。请尽快手动保存草稿。").format(
                    folder=self.folder, reason=os_reason(exc)
                )
            ) from exc
        self._written[name] = body
        self._paths[name] = key

    def has_entry(self, draft: Draft) -> bool:
        """Whether this window's entry for ``draft`` is written (a recovery it continues may go)."""
        name = self._name_of(draft, create=False)
        return name is not None and name in self._written

    def forget(self, draft: Draft) -> None:
        """Drop this window's entry for ``draft``: closed without saving, as the clerk chose (不保存)."""
        name = self._name_of(draft, create=False)
        if name is not None:
            self._names.pop(id(draft), None)
            self._remove(name)

    def close(self) -> None:
        """Let other runs see this one as ended; its remaining entries are offered from now on."""
        if self._alive is not None:
            self._alive.release(remove=not self._written)
            self._alive = None

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- what earlier runs left ----------------------------------------------------------------
    def _headers(self) -> Iterator[_Header]:
        """Readable entries of sessions that have ended, in no particular order."""
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        alive: dict[str, bool] = {self.session: True}

        def ended(session: str) -> bool:
            if session not in alive:
                alive[session] = is_alive(self.folder / (session + ALIVE_SUFFIX))
            return not alive[session]

        for name in sorted(names):
            if not name.endswith(".json"):
                continue
            match = _ENTRY_NAME.fullmatch(name)
            if match is not None and not ended(match.group(1)):
                continue  # a running window's entry: not even read
            header = _read_header(self.folder / name)
            if header is None or (match is not None and header.session != match.group(1)):
                continue
            if match is None and not ended(header.session):  # an older version's name
                continue
            yield header

    def pending(self) -> list[Recovery]:
        """Readable entries left by runs that have ended, newest first."""
        found = [r for r in map(_recovery, self._headers()) if r is not None]
        found.sort(key=lambda r: r.saved_at, reverse=True)
        self._sweep_markers()
        return found

    def pending_for(self, draft_path: Path | str) -> list[Recovery]:
        """What ended runs left for this file that is newer than the file itself, newest first."""
        key = same_file_key(draft_path)
        try:
            mtime = dt.datetime.fromtimestamp(os.stat(draft_path).st_mtime, dt.UTC)
        except OSError:
            mtime = None  # the file is gone: whatever was typed into it is all there is
        headers = [
            h
            for h in self._headers()
            if h.draft_path is not None and same_file_key(h.draft_path) == key and (mtime is None or h.saved_at > mtime)
        ]
        found = [r for r in map(_recovery, headers) if r is not None]
        found.sort(key=lambda r: r.saved_at, reverse=True)
        return found

    def discard(self, recovery: Recovery) -> None:
        """Forget a recovered draft (restored and saved elsewhere, or declined by the clerk)."""
        recovery.entry.unlink(missing_ok=True)
        self._sweep_markers()

    def clear_for(self, draft_path: Path | None, draft: Draft | None = None) -> None:
        """After saving to ``draft_path``: drop the entries that the saved file supersedes.

        That is this window's entry for ``draft`` (or, without a draft, this session's entries
        recorded for that path) and the entries that ended runs left for the same file. Another
        window still running keeps its entry: its edits are not in the saved file.
        """
        if draft is not None:
            name = self._name_of(draft, create=False)
            if name is not None:
                self._remove(name)
        if draft_path is None:
            return
        key = same_file_key(draft_path)
        if draft is None:
            for name, recorded in list(self._paths.items()):
                if recorded == key:
                    self._remove(name)
        for header in list(self._headers()):
            if header.draft_path is not None and same_file_key(header.draft_path) == key:
                try:
                    header.file.unlink(missing_ok=True)
                except OSError:
                    pass  # offered again at the next start; not worth failing a save for
        self._sweep_markers()

    def _remove(self, name: str) -> None:
        self._written.pop(name, None)
        self._paths.pop(name, None)
        try:
            (self.folder / name).unlink(missing_ok=True)
        except OSError:
            pass  # a stale entry is offered again at the next start; not worth failing a save for

    def _sweep_markers(self) -> None:
        """Remove the ``.alive`` files of ended sessions that have no entry left."""
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        markers = [n[: -len(ALIVE_SUFFIX)] for n in names if n.endswith(ALIVE_SUFFIX)]
        if not markers:
            return
        with_entries = {m.group(1) for m in map(_ENTRY_NAME.fullmatch, names) if m is not None}
        for session in markers:
            if session != self.session and session not in with_entries:
                remove_if_dead(self.folder / (session + ALIVE_SUFFIX))
