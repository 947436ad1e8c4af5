"""Advisory locks that die with their process: one window per draft, and a journal's sign of life.

The operating system releases these locks however the holder ends — closed, crashed, killed
with ``kill -9`` — so a lock file left behind is simply free again and is taken over without a
question: nobody has to guess from a pid or an age whether it is stale.

POSIX uses ``flock``, which belongs to the open file rather than the process, so two holders in
one process exclude each other as well.  Windows uses ``msvcrt.locking`` on one byte far beyond
the content, because a locked byte cannot be read by anyone else and the holder's details must
stay readable.  Qt-free.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import stat
import sys
import time
from pathlib import Path
from typing import Any

from forms.errors import DraftFileError, os_reason
from forms.i18n import _

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl

LOCKS_FOLDER = "locks"
LOCK_SUFFIX = ".lock"
#: Windows: the locked byte; far past any content, and locking past the end of a file is allowed
_WIN_LOCK_OFFSET = 0x7FFFFFF0
#: a holder's details are a line of JSON; anything larger was not written by a holder
MAX_HOLDER_BYTES = 64 * 1024
#: how long to keep trying while someone merely looks at a lock (``holder``, ``is_alive``)
_DRAFT_LOCK_PATIENCE = 0.25
_SESSION_LOCK_PATIENCE = 2.0
_RETRY_SECONDS = 0.01
#: a lock file removed under us is opened again, this many times at most
_REOPENS = 5

_CONTENTION = {errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES, errno.EDEADLK}


class LockError(DraftFileError):
    """The lock could not be taken for a reason other than another holder (folder not writable)."""


class DraftInUse(DraftFileError):
    """Another window (of this or another process) has the draft open; the message says which."""

    def __init__(self, message: str, path: Path, pid: int | None, since: dt.datetime | None) -> None:
        super().__init__(message, path, _("它已在另一个窗口中打开"))
        self.pid = pid
        self.since = since


# --- the operating system's part -----------------------------------------------------------


def _try_lock(fd: int, shared: bool = False) -> bool:
    """Lock ``fd`` without waiting; False when someone else holds it."""
    try:
        if sys.platform == "win32":
            os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in _CONTENTION:
            return False
        raise
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _lock_patiently(fd: int, patience: float) -> bool:
    # someone probing the lock holds it for a moment: wait that out, but never a live holder
    deadline = time.monotonic() + patience
    while True:
        if _try_lock(fd):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(_RETRY_SECONDS)


def _still_there(fd: int, file: Path) -> bool:
    """Whether ``file`` is still the file ``fd`` locked (POSIX: it may be unlinked meanwhile)."""
    if sys.platform == "win32":
        return True  # Windows refuses to delete a file that anyone has open
    try:
        a, b = os.fstat(fd), os.stat(file)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _open_locked(file: Path, patience: float) -> int | None:
    """An open, exclusively locked descriptor of ``file`` (created if missing); None when held."""
    file.parent.mkdir(parents=True, exist_ok=True)
    for attempt in range(_REOPENS):
        fd = os.open(file, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        try:
            if not _lock_patiently(fd, patience):
                os.close(fd)
                return None
            # a file system whose inode numbers wander would never settle: the last try stands
            if _still_there(fd, file) or attempt == _REOPENS - 1:
                return fd
        except BaseException:
            os.close(fd)
            raise
        # the previous holder removed the file between our open and our lock: lock the new one
        os.close(fd)
    raise AssertionError("unreachable")  # pragma: no cover - the last attempt returns


def _release(fd: int, file: Path, remove: bool) -> None:
    if remove and sys.platform != "win32" and _still_there(fd, file):
        # unlinked while still held, so that nobody can lock this file once we let go of it
        try:
            file.unlink()
        except OSError:
            pass
    try:
        # explicitly: Windows frees the locks of a closed file only "in time", not at once
        _unlock(fd)
    except OSError:
        pass
    try:
        os.close(fd)
    except OSError:
        pass
    if remove and sys.platform == "win32":
        try:
            file.unlink()
        except OSError:
            pass  # someone else has it open this moment; it is free and will be reused


def _held_by_someone(file: Path) -> bool:
    """Try the lock without keeping it: True when a live holder has it."""
    try:
        # non-blocking: a FIFO planted under the name must not hang the start page
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False  # missing, or unreadable: nothing shows that anyone is alive
    try:
        if not _try_lock(fd, shared=True):
            return True
        _unlock(fd)
        return False
    except OSError:
        return False
    finally:
        os.close(fd)


def _read_holder(file: Path) -> dict[str, Any]:
    """The details a holder wrote; fields that are missing or malformed are None."""
    info: dict[str, Any] = {"pid": None, "since": None, "path": None}
    try:
        st = os.stat(file)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_HOLDER_BYTES:
            return info
        with open(file, "rb") as fh:
            raw = json.loads(fh.read(MAX_HOLDER_BYTES).decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return info  # being written this very moment, or not written by a holder at all
    if not isinstance(raw, dict):
        return info
    pid, since, path = raw.get("pid"), raw.get("since"), raw.get("path")
    if isinstance(pid, int) and not isinstance(pid, bool) and pid > 0:
        info["pid"] = pid
    if isinstance(since, str):
        try:
            when = dt.datetime.fromisoformat(since)
            info["since"] = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
        except ValueError:
            pass
    if isinstance(path, str):
        info["path"] = path
    return info


# --- one window per draft --------------------------------------------------------------------


def draft_key(draft_path: Path | str) -> str:
    """The same file however it is named: through a link, with other case on Windows, relative."""
    return os.path.normcase(os.path.realpath(os.path.abspath(draft_path)))


def lock_file(draft_path: Path | str, data_dir: Path | str) -> Path:
    import hashlib  # on first use: the start page does without it

    digest = hashlib.sha256(draft_key(draft_path).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return Path(data_dir) / LOCKS_FOLDER / (digest + LOCK_SUFFIX)


def _since_text(since: dt.datetime) -> str:
    local = since.astimezone()
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def _in_use(draft_path: Path, holder: dict[str, Any]) -> DraftInUse:
    pid, since = holder["pid"], holder["since"]
    if pid is not None and since is not None:
        who = _("（进程 {pid}，自 {since} 起）").format(pid=pid, since=_since_text(since))
    elif pid is not None:
        who = _("（进程 {pid}）").format(pid=pid)
    else:
        who = ""
    message = _(
        "“{name}”已在另一个年报助手窗口中打开{who}。请切换到那个窗口继续编辑；"
        "同一份草稿在两个窗口中同时修改，后保存的会覆盖先保存的。"
        "如果那个窗口刚刚关闭，请稍候再试。"
    ).format(name=draft_path.name, who=who)
    return DraftInUse(message, draft_path, pid, since)


class DraftLock:
    """Held while a window has a draft open; ``acquire`` refuses a draft open in another window."""

    def __init__(self, path: Path, file: Path, fd: int) -> None:
        self.path = path  # the draft
        self.file = file  # the lock file
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, draft_path: Path | str, data_dir: Path | str) -> DraftLock:
        """Take the draft's lock; raises ``DraftInUse`` (held) or ``LockError`` (cannot lock at all)."""
        path = Path(os.path.abspath(draft_path))
        file = lock_file(path, data_dir)
        try:
            fd = _open_locked(file, _DRAFT_LOCK_PATIENCE)
        except OSError as exc:
            raise LockError(
                _("无法登记正在编辑的草稿“{name}”（{folder}）：{reason}。").format(
                    name=path.name, folder=file.parent, reason=os_reason(exc)
                ),
                path,
            ) from exc
        if fd is None:
            raise _in_use(path, _read_holder(file))
        details = {"pid": os.getpid(), "since": dt.datetime.now(dt.UTC).isoformat(), "path": str(path)}
        try:
            # written in place, not replaced: a new file would not carry the lock. A reader that
            # catches it half-written gets "details unknown", and the lock itself is unaffected.
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, json.dumps(details, ensure_ascii=False).encode("utf-8"))
        except OSError:
            pass  # the lock holds without its details; only the message to a second window is poorer
        return cls(path, file, fd)

    @staticmethod
    def holder(draft_path: Path | str, data_dir: Path | str) -> dict[str, Any] | None:
        """``{"pid", "since", "path"}`` of a live holder (each None when unknown); None when free."""
        file = lock_file(draft_path, data_dir)
        if not _held_by_someone(file):
            return None
        return _read_holder(file)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Let go of the draft (idempotent); the lock file goes with it."""
        fd, self._fd = self._fd, None
        if fd is not None:
            _release(fd, self.file, remove=True)

    def __enter__(self) -> DraftLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __del__(self) -> None:
        # a lock that nobody refers to any more protects nothing; the file stays for reuse
        _close_quietly(self)


def _close_quietly(lock: DraftLock | SessionLock) -> None:
    """Close a lock's descriptor when the object goes (closing the file lets the OS lock go)."""
    fd = getattr(lock, "_fd", None)
    if fd is not None:
        lock._fd = None
        try:
            os.close(fd)
        except OSError:
            pass


# --- a journal's sign of life ----------------------------------------------------------------


class SessionLock:
    """Held by a recovery journal while its process lives; its entries are not offered meanwhile."""

    def __init__(self, file: Path, fd: int) -> None:
        self.file = file
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, file: Path | str) -> SessionLock:
        """Take the lock on ``file`` (created if missing); raises ``OSError`` when that fails."""
        file = Path(file)
        fd = _open_locked(file, _SESSION_LOCK_PATIENCE)
        if fd is None:
            raise OSError(errno.EWOULDBLOCK, os.strerror(errno.EWOULDBLOCK), str(file))
        return cls(file, fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self, remove: bool = False) -> None:
        """Let go (idempotent); ``remove``: the file goes too, as nothing of the session is left."""
        fd, self._fd = self._fd, None
        if fd is not None:
            _release(fd, self.file, remove)

    def __del__(self) -> None:
        _close_quietly(self)


def is_alive(file: Path | str) -> bool:
    """Whether a live process holds the lock on ``file``; a missing file is nobody's."""
    return _held_by_someone(Path(file))


def remove_if_dead(file: Path | str) -> bool:
    """Delete ``file`` when no live process holds it; True when it is gone."""
    file = Path(file)
    try:
        fd = os.open(file, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return True
    except OSError:
        return False
    try:
        locked = _try_lock(fd)
    except OSError:
        locked = False
    if not locked:
        os.close(fd)
        return False
    _release(fd, file, remove=True)
    return not file.exists()
