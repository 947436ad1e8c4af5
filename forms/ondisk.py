"""Whether a draft file changed on disk since it was read or saved (another program, another computer).

Saving over a file that someone else changed meanwhile would silently throw their work away,
so the window keeps a ``Fingerprint`` of the file as it read or wrote it and asks
``changed_on_disk`` before the next save.  What counts is the content: a touch, a copy back
or a backup tool that rewrites the same bytes is no change.  The stat is compared first and
the bytes are hashed only when it differs, so asking costs one ``stat`` in the usual case.
Qt-free.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Fingerprint:
    size: int
    mtime_ns: int
    sha256: str
    #: (device, inode): a file replaced by another one with the same size and time still differs
    identity: tuple[int, int] = (0, 0)

    @classmethod
    def of(cls, path: Path | str) -> Fingerprint | None:
        """The fingerprint of the file now; None when there is no readable regular file."""
        last: tuple[os.stat_result, str] | None = None
        for _attempt in range(3):
            before = _stat(path)
            digest = None if before is None else _sha256(path)
            after = None if digest is None else _stat(path)
            if before is None or digest is None or after is None:
                return None
            if _same_stat(before, after):
                return cls(before.st_size, before.st_mtime_ns, digest, (before.st_dev, before.st_ino))
            last = (after, digest)  # written to while being read: read again, the hash must fit the stat
        assert last is not None
        info, digest = last
        # still being written: a time no file has, so that the next question reads the bytes
        return cls(info.st_size, -1, digest, (info.st_dev, info.st_ino))

    @classmethod
    def of_bytes(cls, data: bytes, path: Path | str) -> Fingerprint | None:
        """The fingerprint of ``data`` just read from or written to ``path`` (no second read)."""
        import hashlib

        info = _stat(path)
        if info is None:
            return None
        return cls(info.st_size, info.st_mtime_ns, hashlib.sha256(data).hexdigest(), (info.st_dev, info.st_ino))

    def _stat_matches(self, info: os.stat_result) -> bool:
        return (info.st_size, info.st_mtime_ns, (info.st_dev, info.st_ino)) == (
            self.size,
            self.mtime_ns,
            self.identity,
        )


def _stat(path: Path | str) -> os.stat_result | None:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info if stat.S_ISREG(info.st_mode) else None


def _same_stat(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_size, a.st_mtime_ns, a.st_dev, a.st_ino) == (b.st_size, b.st_mtime_ns, b.st_dev, b.st_ino)


def _sha256(path: Path | str) -> str | None:
    import hashlib  # on first use: the start page does without it

    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def changed_on_disk(path: Path | str, fp: Fingerprint | None) -> bool:
    """Whether the file at ``path`` now holds something else than when ``fp`` was taken.

    ``fp`` None means there was no file then: any file there now is a change. A file deleted,
    replaced by a folder or made unreadable is a change; the same bytes with a new time are not.
    """
    info = _stat(path)
    if fp is None:
        return info is not None or os.path.lexists(path)
    if info is None:
        return True
    if fp._stat_matches(info):
        return False
    if info.st_size != fp.size:
        return True  # no need to read it: other bytes for certain
    return _sha256(path) != fp.sha256
