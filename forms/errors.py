"""The exceptions the file and format modules raise, importable without those modules.

The start page catches them before anything heavier than the format catalogue is loaded
(start-up time, SPEC §7); ``forms.schema`` and ``forms.draftfile`` re-export them.
"""

from __future__ import annotations

import errno
from pathlib import Path

from forms.i18n import _


class FormatError(Exception):
    """A format data file is missing or does not describe a valid report format."""


class DraftFileError(Exception):
    """A draft file cannot be read or written; ``str(exc)`` is a Chinese message for the clerk."""

    def __init__(self, message: str, path: Path | None = None, reason: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        #: what is wrong with the file, in a few words (for messages that are not about opening it)
        self.reason = reason or message


_OS_REASONS = {
    errno.ENOSPC: _("磁盘空间不足"),
    errno.EROFS: _("磁盘是只读的"),
    errno.ELOOP: _("路径中的符号链接层数过多或形成了循环"),
    errno.ENAMETOOLONG: _("文件名或路径太长"),
    errno.EACCES: _("没有访问权限"),
    errno.EPERM: _("操作不被允许"),
    errno.ENOENT: _("文件或文件夹不存在"),
    errno.ENOTDIR: _("路径中有一部分不是文件夹"),
    errno.EISDIR: _("这是一个文件夹"),
    errno.EDQUOT: _("超出了磁盘配额"),
    errno.EIO: _("读写磁盘时出错"),
    errno.EBUSY: _("文件正被占用"),
    errno.EMFILE: _("打开的文件过多"),
    errno.EXDEV: _("不能跨磁盘移动文件"),
}


def os_reason(exc: OSError) -> str:
    """An OS error in Chinese: the clerk never reads "No space left on device"."""
    known = _OS_REASONS.get(exc.errno or 0)
    if known:
        return known
    return _("系统错误（代码 {code}）").format(code=exc.errno if exc.errno is not None else "?")
