"""The folder of a clerk's own templates, read as regular files inside it and nothing else.

``include``, ``import`` and ``extends`` reach only the folder's own files through FolderLoader;
symbolic links, junctions, hard links, absolute and ``..`` names are refused (issue 9).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, TemplateNotFound

from forms.i18n import _
from forms.render.sandbox import MAX_TEMPLATE_BYTES, TemplateLimitError, format_number

_REPARSE_POINT = 0x400  # FILE_ATTRIBUTE_REPARSE_POINT: a Windows symbolic link or junction


class UnsafeTemplatePath(TemplateLimitError):
    pass


def _is_link(st: os.stat_result) -> bool:
    return stat.S_ISLNK(st.st_mode) or bool(getattr(st, "st_file_attributes", 0) & _REPARSE_POINT)


def name_parts(name: str) -> list[str]:
    """The parts of a template name relative to its folder; refused: absolute, ``..``, drives, streams."""
    parts = name.replace("\\", "/").split("/")
    if not name or name.startswith(("/", "\\")) or any(p in ("", ".", "..") or ":" in p or "\0" in p for p in parts):
        raise UnsafeTemplatePath(
            _("模板名“{name}”不允许：只能使用模板文件夹中的文件（不能用绝对路径、“..”或盘符）").format(name=name)
        )
    return parts


def read_inside(root: Path, parts: Sequence[str], limit: int) -> bytes:
    """A regular file under ``root`` (no symbolic link or junction on the way), at most ``limit`` bytes."""
    path = root
    shown = "/".join(parts)
    for i, part in enumerate(parts):
        path = path / part
        try:
            st = os.lstat(path)
        except OSError:
            raise FileNotFoundError(shown) from None
        if _is_link(st):
            raise UnsafeTemplatePath(_("“{name}”是符号链接，模板文件夹中不允许符号链接").format(name=shown))
        last = i == len(parts) - 1
        if not last and not stat.S_ISDIR(st.st_mode):
            raise FileNotFoundError(shown)
        if last and not stat.S_ISREG(st.st_mode):
            raise UnsafeTemplatePath(_("“{name}”不是普通文件").format(name=shown))
        if last and st.st_nlink > 1:
            # a hard link is another name of a file that may lie anywhere on the disk
            raise UnsafeTemplatePath(_("“{name}”是硬链接，模板文件夹中不允许链接").format(name=shown))
    if st.st_size > limit:
        raise UnsafeTemplatePath(
            _("“{name}”太大（超过 {n} MB）").format(name=shown, n=format_number(limit / 1_000_000))
        )
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise UnsafeTemplatePath(_("“{name}”不是普通文件").format(name=shown))
        data = f.read(limit + 1)
    if len(data) > limit:
        raise UnsafeTemplatePath(_("“{name}”太大").format(name=shown))
    return data


def check_inside(root: Path, parts: Sequence[str]) -> None:
    """Refuses a path under ``root`` that passes through a symbolic link (each part is looked at)."""
    path = root
    for part in parts:
        path = path / part
        try:
            st = os.lstat(path)
        except OSError:
            return
        if _is_link(st):
            raise UnsafeTemplatePath(_("“{name}”是符号链接，模板文件夹中不允许符号链接").format(name="/".join(parts)))


class FolderLoader(BaseLoader):
    """Templates from one folder only: regular files, no links, no absolute or ``..`` names.

    ``include``, ``import`` and ``extends`` all come here, so they reach only the folder's own files.
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        parts = name_parts(template)
        try:
            data = read_inside(self.root, parts, MAX_TEMPLATE_BYTES)
        except FileNotFoundError:
            raise TemplateNotFound(template) from None
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError:
            raise UnsafeTemplatePath(_("“{name}”不是 UTF-8 编码的文本").format(name=template)) from None
        # a file name in angle brackets: time_limit traces the lines of this template's code
        return source, f"<{template}>", lambda: False
