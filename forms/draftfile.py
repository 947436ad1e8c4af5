"""Draft files on disk: validated loading, upgrades of older versions, atomic saving with a backup.

A draft file (``*.nianbao``) is the JSON document of ``forms.draftjson``.  Whatever goes
wrong while reading — not a draft, damaged, written by a newer version, unknown format —
ends in ``DraftFileError`` with a Chinese message that says what is wrong and what to do,
and the file is left exactly as it was.  Saving never leaves a half-written file: the new
content goes to a temporary file in the same folder, is flushed and fsynced, and replaces
the old file in one step; the previous version is kept next to it as ``<name>.bak``.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from forms.catalog import DRAFT_SUFFIX as DRAFT_SUFFIX  # re-exported: the UI and CLI know it from here
from forms.draftjson import FILE_KIND, SCHEMA_VERSION, DraftFormatError, from_dict, to_dict
from forms.errors import DraftFileError as DraftFileError
from forms.i18n import _
from forms.model import Draft
from forms.schema import FormatError, format_ids

BACKUP_SUFFIX = ".bak"
#: a report's draft is tens of kilobytes; anything this large is something else
MAX_DRAFT_BYTES = 20 * 1024 * 1024

Document = dict[str, Any]

#: Upgrade steps: ``UPGRADES[n]`` turns a version-``n`` document into a version-``n + 1`` one.
#: Schema version 1 is the first released version, so there is no step yet.
UPGRADES: dict[int, Callable[[Document], Document]] = {}

_ZIP_MAGIC = b"PK\x03\x04"  # .docx, .xlsx, .zip
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # .doc, .xls, .wps


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + BACKUP_SUFFIX)


# --- reading -----------------------------------------------------------------------------


def _not_a_draft(path: Path, what: str) -> DraftFileError:
    return DraftFileError(
        _("“{name}”不是年报助手的草稿文件（{what}）。请选择扩展名为 {ext} 的草稿文件；文件本身未做任何改动。").format(
            name=path.name, what=what, ext=DRAFT_SUFFIX
        ),
        path,
        _("它不是年报助手的草稿文件"),
    )


def _damaged(path: Path, what: str) -> DraftFileError:
    # Point at the backup only when there is one: advice to open a missing file is a dead end.
    backup = backup_path(path)
    if backup.is_file():
        advice = _("可以打开同一文件夹中的备份“{backup}”，或在启动时恢复自动保存的内容").format(backup=backup.name)
    else:
        advice = _("可以在启动时恢复自动保存的内容")
    return DraftFileError(
        _("草稿文件“{name}”已损坏，无法打开：{what}。{advice}；原文件未做任何改动。").format(
            name=path.name, what=what, advice=advice
        ),
        path,
        _("它是一个已损坏的草稿文件"),
    )


def _read_failure(path: Path, exc: OSError) -> DraftFileError:
    if isinstance(exc, FileNotFoundError):
        reason = _("文件不存在")
    elif isinstance(exc, PermissionError):
        reason = _("没有读取权限，或文件正被其他程序占用")
    elif isinstance(exc, IsADirectoryError):
        reason = _("这是一个文件夹")
    else:
        reason = _("系统报告：{err}").format(err=exc.strerror or exc)
    return DraftFileError(
        _("无法打开“{path}”：{reason}。请检查文件位置和权限后重试。").format(path=path, reason=reason), path
    )


def decode_document(data: bytes, path: Path) -> Document:
    """Decode a file's bytes into a draft document of any version (not yet upgraded or validated)."""
    if data.startswith(_ZIP_MAGIC) or data.startswith(_OLE_MAGIC):
        raise _not_a_draft(path, _("这是 Word、WPS 或压缩文件"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if FILE_KIND.encode() in data:
            raise _damaged(path, _("文件中有无法识别的字节")) from None
        raise _not_a_draft(path, _("内容不是文本")) from None
    if "\x00" in text:
        raise _not_a_draft(path, _("内容不是文本"))
    try:
        # numbers are int or Decimal, never float; NaN/Infinity stay text and fail validation
        doc = json.loads(text, parse_float=Decimal, parse_constant=str)
    except json.JSONDecodeError as exc:
        if FILE_KIND in text:
            # our own file, cut short or garbled: name the place so a technician can look
            raise _damaged(
                path, _("内容不完整或格式错误（第 {line} 行第 {col} 列）").format(line=exc.lineno, col=exc.colno)
            ) from None
        raise _not_a_draft(path, _("内容不是草稿数据")) from None
    except RecursionError:
        raise _not_a_draft(path, _("内容不是草稿数据")) from None
    if not isinstance(doc, dict) or doc.get("kind") != FILE_KIND:
        raise _not_a_draft(path, _("内容不是草稿数据"))
    return doc


def parse_document(data: bytes, path: Path) -> Document:
    """Decode a draft file's bytes into a current-version document, upgrading older versions.

    Raises ``DraftFileError`` for anything that is not a draft this version can use.
    """
    return check_document(decode_document(data, path), path)


def check_document(doc: Any, path: Path) -> Document:
    """Check the kind, version and format of a decoded document and upgrade it to the current version."""
    if not isinstance(doc, dict) or doc.get("kind") != FILE_KIND:
        raise _not_a_draft(path, _("内容不是草稿数据"))
    version = doc.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _damaged(path, _("缺少有效的版本号（schema_version）"))
    if version > SCHEMA_VERSION:
        raise DraftFileError(
            _(
                "草稿文件“{name}”是由更新版本的年报助手保存的（文件版本 {found}，本程序只支持到版本 {known}）。"
                "请安装最新版本的年报助手后再打开；为避免丢失内容，本程序不会修改这个文件。"
            ).format(name=path.name, found=version, known=SCHEMA_VERSION),
            path,
            _("它是由更新版本的年报助手保存的"),
        )
    current = upgrade_document(doc, path)
    format_id = current.get("format")
    if not isinstance(format_id, str):
        raise _damaged(path, _("缺少报告格式（format）"))
    if format_id not in format_ids():
        raise DraftFileError(
            _(
                "草稿文件“{name}”使用了本程序不认识的报告格式“{id}”（本程序支持：{known}）。"
                "它可能来自更新版本的年报助手，请升级后再打开；原文件未做任何改动。"
            ).format(name=path.name, id=format_id, known="、".join(format_ids())),
            path,
            _("它使用了本程序不认识的报告格式"),
        )
    return current


def upgrade_document(doc: Document, path: Path) -> Document:
    """Apply the registered upgrade steps, oldest first, up to ``SCHEMA_VERSION``."""
    version = int(doc["schema_version"])
    while version < SCHEMA_VERSION:
        step = UPGRADES.get(version)
        if step is None:
            raise _damaged(path, _("无法从文件版本 {v} 升级").format(v=version))
        try:
            doc = step(doc)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise _damaged(path, _("从文件版本 {v} 升级时出错（{err}）").format(v=version, err=exc)) from exc
        if not isinstance(doc, dict):
            raise _damaged(path, _("从文件版本 {v} 升级时出错").format(v=version))
        version += 1
        doc["schema_version"] = version
    return doc


def draft_from_document(doc: Document, path: Path) -> Draft:
    try:
        return from_dict(doc)
    except DraftFormatError as exc:
        raise _damaged(path, str(exc).rstrip("。")) from exc
    except FormatError as exc:
        raise DraftFileError(str(exc), path) from exc


def read_limited(path: Path) -> bytes:
    """The bytes of a file that may be a draft; a file far larger than any report is not read whole."""
    with path.open("rb") as fh:
        data = fh.read(MAX_DRAFT_BYTES + 1)
    if len(data) > MAX_DRAFT_BYTES:
        raise _not_a_draft(path, _("文件太大"))
    return data


def load_draft(path: Path | str) -> Draft:
    """Read and validate a draft file; the file is only read, never written."""
    path = Path(path)
    try:
        data = read_limited(path)
    except OSError as exc:
        raise _read_failure(path, exc) from exc
    return draft_from_document(parse_document(data, path), path)


# --- writing -----------------------------------------------------------------------------


def encode_document(doc: Document) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _write_failure(path: Path, exc: OSError) -> DraftFileError:
    if isinstance(exc, FileNotFoundError):
        reason = _("文件夹“{folder}”不存在").format(folder=path.parent)
    elif isinstance(exc, IsADirectoryError):
        reason = _("这个名字是一个文件夹")
    elif isinstance(exc, PermissionError):
        reason = _("没有写入权限，或文件正被其他程序占用")
    elif exc.errno == errno.ENOSPC:
        reason = _("磁盘空间不足")
    elif exc.errno == errno.EROFS:
        reason = _("磁盘是只读的")
    else:
        reason = _("系统报告：{err}").format(err=exc.strerror or exc)
    return DraftFileError(
        _("无法保存到“{path}”：{reason}。已有的文件没有改动，请处理后重试，或另选位置保存。").format(
            path=path, reason=reason
        ),
        path,
    )


def _fsync_folder(folder: Path) -> None:
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


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step; on failure the old file is untouched.

    Raises ``OSError``; no temporary file is left behind.
    """
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)


def _refuse_overwrite(path: Path, exc: DraftFileError) -> DraftFileError:
    return DraftFileError(
        _(
            "没有保存：“{name}”已经存在，但{reason}，覆盖它可能丢失其中的内容。"
            "这个文件没有改动；请把草稿另存为其他文件名。"
        ).format(name=path.name, reason=exc.reason),
        path,
        exc.reason,
    )


def _existing(path: Path) -> bytes | None:
    """The bytes of the file a save would replace, if it is a draft this program may overwrite."""
    try:
        old = read_limited(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _write_failure(path, exc) from exc
    except DraftFileError as exc:
        raise _refuse_overwrite(path, exc) from exc
    try:
        draft_from_document(parse_document(old, path), path)
    except DraftFileError as exc:
        raise _refuse_overwrite(path, exc) from exc
    return old


def save_draft(draft: Draft, path: Path | str) -> None:
    """Write the draft atomically, keeping the file it replaces as ``<name>.bak``.

    An existing file that this program would refuse to open (not a draft, damaged, newer
    version) is never overwritten: ``DraftFileError`` says why.
    """
    path = Path(path)
    new = encode_document(to_dict(draft))
    old = _existing(path)
    if old == new:
        return  # nothing changed; the backup keeps the version before this one
    try:
        if old is not None:
            write_bytes_atomic(backup_path(path), old)
        write_bytes_atomic(path, new)
    except OSError as exc:
        raise _write_failure(path, exc) from exc
