"""Writing the report files: everything is rendered first, then each file is replaced atomically.

A file held open by Word or WPS, a missing folder, a full disk: each ends in an ``ExportError``
whose Chinese message says what happened and what to do, and never in a half-written file (the
temporary file is removed and the old file, if any, is untouched).
"""

from __future__ import annotations

import errno
import stat
from dataclasses import dataclass, field
from pathlib import Path

from forms.draftfile import new_file_mode, os_reason, write_bytes_atomic
from forms.i18n import _
from forms.model import Draft
from forms.render.html import render_html_with_warnings
from forms.render.options import RenderOptions
from forms.render.signoff import seal_refusal
from forms.render.templates import TemplateMissingError
from forms.render.text import encode_txt, render_txt_with_warnings

#: html is the full page (完整网页, to open on its own); html_fragment the 网页片段 pasted into a
#: county website's CMS editor: no <html>/<head>, every style inline on its element
KINDS = ("docx", "txt", "html", "html_fragment")
#: what a kind's file is called after the report's name
SUFFIXES = {"docx": ".docx", "txt": ".txt", "html": ".html", "html_fragment": _("（网页片段）.html")}


def file_name(name: str, kind: str) -> str:
    """The file name of one kind of report file: 完整网页 and 网页片段 can be told apart."""
    return name + SUFFIXES[kind]


class ExportError(Exception):
    """A report file could not be written; the message is Chinese and says what to do."""


@dataclass
class ExportResult:
    written: list[Path] = field(default_factory=list)
    #: e.g. the clerk's own template could not be used and the built-in one was
    warnings: list[str] = field(default_factory=list)


def write_failure(path: Path, exc: OSError) -> str:
    """What to tell the clerk when ``path`` could not be written."""
    if isinstance(exc, FileNotFoundError):
        return _("无法写入“{path}”：文件夹“{folder}”不存在。请先建好这个文件夹，或另选保存位置。").format(
            path=path, folder=path.parent
        )
    if isinstance(exc, IsADirectoryError):
        return _("无法写入“{path}”：这是一个文件夹。请另起一个文件名。").format(path=path)
    if isinstance(exc, ReadOnlyFileError):
        return _("无法写入“{path}”：这个文件设为了只读。请取消它的只读属性后重试，或另选保存位置。").format(path=path)
    if isinstance(exc, PermissionError):
        return _(
            "无法写入“{path}”：文件可能正在 Word 或 WPS 中打开，或没有写入这个文件夹的权限。"
            "请关闭该文件后重试，或另选保存位置。"
        ).format(path=path)
    if exc.errno == errno.ENOSPC:
        return _("无法写入“{path}”：磁盘空间不足。请清理磁盘后重试，或另选保存位置。").format(path=path)
    if exc.errno == errno.EROFS:
        return _("无法写入“{path}”：磁盘是只读的。请另选保存位置。").format(path=path)
    return _("无法写入“{path}”：{err}。请重试，或另选保存位置。").format(path=path, err=os_reason(exc))


def render_file(draft: Draft, kind: str, options: RenderOptions) -> tuple[bytes, list[str]]:
    """The bytes of one report file and the warnings met while rendering it."""
    if kind == "txt":
        text, warnings = render_txt_with_warnings(draft, options)
        return encode_txt(text, options), warnings
    if kind == "html":
        # a file on its own needs the page around the fragment: <meta charset> makes browsers read UTF-8
        page, warnings = render_html_with_warnings(draft, options, full_page=True)
        return page.encode("utf-8"), warnings
    if kind == "html_fragment":
        fragment, warnings = render_html_with_warnings(draft, options, full_page=False)
        return fragment.strip().encode("utf-8") + b"\n", warnings
    if kind == "docx":
        # python-docx and docxtpl load only when a Word file is asked for
        from forms.render.docx import render_docx_with_warnings

        return render_docx_with_warnings(draft, options)
    raise ValueError(kind)


def export(draft: Draft, targets: dict[str, Path], options: RenderOptions | None = None) -> ExportResult:
    """Write the report as the files in ``targets`` ("docx" | "txt" | "html" | "html_fragment" → path)."""
    options = options or RenderOptions()
    unknown = sorted(set(targets) - set(KINDS))
    if unknown:
        raise ValueError(unknown)
    paths = [Path(targets[k]).absolute() for k in KINDS if k in targets]
    if len(set(paths)) != len(paths):
        raise ExportError(_("几种格式的输出不能写到同一个文件，请为每种格式另起文件名。"))
    result = ExportResult()
    if options.seal and ({"docx", "html", "html_fragment"} & set(targets)):
        why = seal_refusal(draft.meta.signature.strip(), str(draft.meta.date or ""))
        if why:
            result.warnings.append(why)
    files: list[tuple[Path, bytes]] = []
    try:
        for kind in KINDS:
            if kind in targets:
                data, warnings = render_file(draft, kind, options)
                files.append((Path(targets[kind]), data))
                result.warnings += [w for w in warnings if w not in result.warnings]
    except TemplateMissingError as exc:
        raise ExportError(str(exc)) from exc
    for path, data in files:
        try:
            _write(path, data)
        except OSError as exc:
            message = write_failure(path, exc)
            if result.written:
                done = "、".join(str(p) for p in result.written)
                message += _("（已生成的文件：{files}）").format(files=done)
            raise ExportError(message) from exc
        result.written.append(path)
    return result


def _write(path: Path, data: bytes) -> None:
    # replacing by rename would silently overwrite a file marked read-only on POSIX (Windows refuses)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISREG(mode) and not mode & stat.S_IWUSR:
        raise ReadOnlyFileError(errno.EACCES, "read-only", str(path))
    write_bytes_atomic(path, data, new_file_mode())


class ReadOnlyFileError(PermissionError):
    pass
