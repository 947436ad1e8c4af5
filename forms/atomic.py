"""Replacing a file safely: a complete temporary file beside it, fsync, one rename.

Shared by drafts, the recovery journal, exported reports and the county's files. A symbolic
link is written through to its target, the replaced file keeps its permissions, a new one gets
the usual ones, and a save that was killed midway leaves a temporary file that a later save of
the same file removes.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path

#: a temporary file of a save that was killed midway is removed by a later save after this long
STALE_TEMP_SECONDS = 60


def fsync_folder(folder: Path) -> None:
    # makes the rename itself durable on POSIX; Windows cannot open a folder for this
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temporaries(path: Path) -> None:
    """Delete temporary files that a killed save of ``path`` left behind (never a fresh one)."""
    prefix = f".{path.name}."
    now = time.time()
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for name in names:
        if not (name.startswith(prefix) and name.endswith(".tmp")):
            continue
        candidate = path.parent / name
        try:
            info = candidate.lstat()
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime > STALE_TEMP_SECONDS:
                candidate.unlink()
        except OSError:
            continue


def write_target(path: Path) -> Path:
    """The file a save really replaces: a symbolic link's target, so that the link stays."""
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


def write_temporary(path: Path, data: bytes, mode: int | None) -> Path:
    """``data`` complete and on disk in a temporary file beside ``path`` (its mode is ``mode``)."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, stat.S_IMODE(mode))
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def new_file_mode() -> int:
    """The mode a program's new document gets (0o666 less the umask), not mkstemp's owner-only
    0o600: colleagues who share the clerk's folder read a new draft or report as any other file."""
    if os.name != "posix":
        return 0o666
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def existing_mode(path: Path) -> int | None:
    try:
        return path.stat().st_mode
    except OSError:
        return None


def write_bytes_atomic(path: Path, data: bytes, new_mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` in one step; on failure the old file is untouched.

    A symbolic link is written through to its target, and the replaced file's permissions are
    kept. Raises ``OSError``; no temporary file is left behind.
    """
    path = write_target(path)
    mode = existing_mode(path)
    tmp = write_temporary(path, data, mode if mode is not None else new_mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)
