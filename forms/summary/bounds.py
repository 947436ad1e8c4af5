"""Limits for zip files from outside (submission packages, bundles of them, .xlsx rosters).

A zip is looked at through its central directory before anything is unpacked: too many
members, a declared unpacked size far beyond any report, a name that climbs out of the folder
or is absolute, and the file is refused.  Reading a member is bounded again, because the
declared size of a hostile file may lie.
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path, PurePosixPath

from forms.i18n import _

MAX_ZIP_BYTES = 64 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_UNPACKED = 256 * 1024 * 1024
MAX_MEMBER = 32 * 1024 * 1024


class ZipRefused(ValueError):
    """The zip is not looked into further; the message (Chinese) says why."""


def regular_file_size(path: Path) -> int:
    """The size of a regular file; a FIFO or device would make the zip reader wait for ever."""
    info = os.stat(path)
    if stat.S_ISDIR(info.st_mode):
        raise ZipRefused(_("这是一个文件夹"))
    if not stat.S_ISREG(info.st_mode):
        raise ZipRefused(_("它不是普通文件"))
    return info.st_size


def safe_member_name(name: str) -> bool:
    p = PurePosixPath(name.replace("\\", "/"))
    return bool(name) and not p.is_absolute() and ".." not in p.parts and ":" not in name and "\x00" not in name


def check_zip(zf: zipfile.ZipFile, *, max_members: int = MAX_MEMBERS, max_unpacked: int = MAX_UNPACKED) -> None:
    infos = zf.infolist()
    if len(infos) > max_members:
        raise ZipRefused(_("压缩包中的文件太多（{n} 个，最多 {m} 个）").format(n=len(infos), m=max_members))
    total = 0
    for info in infos:
        if not safe_member_name(info.filename):
            raise ZipRefused(_("压缩包中有不安全的文件名“{name}”").format(name=info.filename[:40]))
        total += info.file_size
    if total > max_unpacked:
        raise ZipRefused(_("压缩包解开后太大（超过 {mb} MB）").format(mb=max_unpacked // (1024 * 1024)))


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int = MAX_MEMBER) -> bytes:
    if info.file_size > limit:
        raise ZipRefused(_("压缩包中的“{name}”太大").format(name=info.filename[:40]))
    try:
        with zf.open(info) as fh:
            data = fh.read(limit + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
        raise ZipRefused(_("压缩包中的“{name}”无法解开（{err}）").format(name=info.filename[:40], err=exc)) from exc
    if len(data) > limit:
        raise ZipRefused(_("压缩包中的“{name}”太大").format(name=info.filename[:40]))
    return data
