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
import re
import secrets
import stat
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from forms.atomic import STALE_TEMP_SECONDS as STALE_TEMP_SECONDS  # re-exported, as below
from forms.atomic import (
    existing_mode,
    fsync_folder,
    remove_stale_temporaries,
    write_target,
    write_temporary,
)
from forms.atomic import new_file_mode as new_file_mode
from forms.atomic import write_bytes_atomic as write_bytes_atomic
from forms.catalog import DRAFT_SUFFIX as DRAFT_SUFFIX  # re-exported: the UI and CLI know it from here
from forms.draftjson import FILE_KIND, SCHEMA_VERSION, DraftFormatError, brief, from_dict, to_dict
from forms.errors import DraftFileError as DraftFileError
from forms.errors import os_reason as os_reason  # re-exported: callers know it from here
from forms.i18n import _
from forms.model import Draft
from forms.schema import FormatError, format_ids

BACKUP_SUFFIX = ".bak"
#: a report's draft is tens of kilobytes; anything this large is something else
MAX_DRAFT_BYTES = 20 * 1024 * 1024
#: a draft nests a few levels (sections → paragraphs → fields); far deeper is not a draft
MAX_DEPTH = 32
#: a report's draft has a few thousand keys, values and list items; the largest accepted
#: (a 20 MB file of long paragraphs) has fewer than 10,000. Far more is not a draft, and would
#: take seconds to walk, build and save.
MAX_NODES = 1_000_000
#: the largest figure of any report has a few digits; Python refuses to parse ints past 4,300
MAX_INT_DIGITS = 28
#: a saved draft is indented and writes every default, so it can be larger than the file it was
#: read from: about 10× at worst, for a file of many tiny elements (sections ``{"key":""}``).
#: A file below ``MAX_DRAFT_BYTES // SAVE_GROWTH`` cannot outgrow the limit; a larger one is
#: measured on opening, since a draft that opens must be saved and opened again.
SAVE_GROWTH = 16

Document = dict[str, Any]

#: Upgrade steps: ``UPGRADES[n]`` turns a version-``n`` document into a version-``n + 1`` one.
UPGRADES: dict[int, Callable[[Document], Document]] = {}


def _v1_to_v2(doc: Document) -> Document:
    """Version 2 added picture blocks to sections: a version-1 section has none."""
    for section in doc.get("sections") or []:
        if isinstance(section, dict):
            section.setdefault("pictures", [])
    return doc


UPGRADES[1] = _v1_to_v2

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
        reason = os_reason(exc)
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
        doc = json.loads(text, parse_float=_bounded_decimal, parse_int=_bounded_int, parse_constant=str)
    except _TooLarge:
        raise _damaged(path, _("文件中的数字超出了允许的长度（最多 {n} 位）").format(n=MAX_INT_DIGITS)) from None
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
    problem = _tree_problem(doc)
    if problem:
        raise _damaged(path, problem)
    return doc


class _TooLarge(ValueError):
    pass


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _TooLarge(text[:20])
    return int(text)


def _bounded_decimal(text: str) -> Decimal:
    # "1e999999999" would be expanded to a billion digits when printed: refuse exponents and
    # overlong numbers here, before any arithmetic sees them
    if "e" in text.lower() or len(text.lstrip("-")) > MAX_INT_DIGITS + 1:
        raise _TooLarge(text[:20])
    return Decimal(text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _tree_problem(doc: object) -> str | None:
    """What makes a decoded document unusable as a whole: too deep, too many items, unpaired surrogates.

    A lone surrogate (JSON "\\ud800") cannot be written back as UTF-8, so such a draft could be
    opened but never saved or journaled: it is refused on opening instead. The document is
    walked level by level, so that a file of ten million tiny items is refused when its widest
    level is counted rather than after visiting each of them (seconds).
    """
    level: list[object] = [doc]
    depth = nodes = 0
    while level:
        if depth > MAX_DEPTH:
            return _("内容嵌套过深（超过 {n} 层）").format(n=MAX_DEPTH)
        nodes += len(level)
        if nodes > MAX_NODES:
            return _("文件中的数据项过多（超过 {n} 项）").format(n=MAX_NODES)
        below: list[object] = []
        for node in level:
            if isinstance(node, str):
                if not node.isascii() and _SURROGATE.search(node):
                    return _("文件中有无法保存的字符（不成对的代理字符）")
            elif isinstance(node, dict):
                below.extend(node)
                below.extend(node.values())
            elif isinstance(node, list):
                below.extend(node)
        level = below
        depth += 1
    return None


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
            ).format(name=path.name, id=brief(format_id), known="、".join(format_ids())),
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
    """The bytes of a file that may be a draft; a file far larger than any report is not read whole.

    Only a regular file is opened: opening a FIFO would wait for a writer for ever, and a device
    would never end.
    """
    info = os.stat(path)
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if not stat.S_ISREG(info.st_mode):
        raise _not_a_draft(path, _("它不是普通文件"))
    if info.st_size > MAX_DRAFT_BYTES:
        raise _not_a_draft(path, _("文件太大"))
    with path.open("rb") as fh:
        data = fh.read(MAX_DRAFT_BYTES + 1)
    if len(data) > MAX_DRAFT_BYTES:
        raise _not_a_draft(path, _("文件太大"))
    return data


def _refuse_unusable_name(path: Path, message: str) -> None:
    # a NUL in a path (a pasted or scripted name) makes the OS calls raise ValueError, not OSError
    if "\x00" in str(path):
        raise DraftFileError(message.format(path=str(path).replace("\x00", "␀")), path)


def load_draft(path: Path | str) -> Draft:
    """Read and validate a draft file; the file is only read, never written."""
    path = Path(path)
    _refuse_unusable_name(path, _("无法打开“{path}”：文件名中有不能使用的字符（NUL）。"))
    try:
        data = read_limited(path)
    except OSError as exc:
        raise _read_failure(path, exc) from exc
    draft = draft_from_document(parse_document(data, path), path)
    if len(data) > MAX_DRAFT_BYTES // SAVE_GROWTH and len(encode_document(to_dict(draft))) > MAX_DRAFT_BYTES:
        raise DraftFileError(
            _(
                "草稿文件“{name}”的内容太多：保存时会超过 {mb} MB 的上限，保存后将无法再打开，"
                "所以本程序不打开它。原文件未做任何改动。"
            ).format(name=path.name, mb=MAX_DRAFT_BYTES // (1024 * 1024)),
            path,
            _("它的内容太多"),
        )
    return draft


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
    else:
        reason = os_reason(exc)
    return DraftFileError(
        _("无法保存到“{path}”：{reason}。已有的文件没有改动，请处理后重试，或另选位置保存。").format(
            path=path, reason=reason
        ),
        path,
    )


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


def _refuse_read_only(path: Path) -> None:
    mode = existing_mode(path)
    if mode is None:
        return
    if not (stat.S_IMODE(mode) & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(path, os.W_OK):
        raise DraftFileError(
            _("没有保存：“{name}”是只读文件。这个文件没有改动；请用“另存为”把草稿保存为其他文件。").format(
                name=path.name
            ),
            path,
            _("它是只读文件"),
        )


def _hold(backup: Path) -> Path | None:
    """A second name (a hard link) for the current backup, named like a temporary of the draft."""
    try:
        if not stat.S_ISREG(backup.lstat().st_mode):
            return None
        hold = backup.with_name(f".{backup.name}.{secrets.token_hex(6)}.tmp")
        os.link(backup, hold)
    except OSError:  # no backup yet, or no hard links (a FAT USB stick): nothing to put back
        return None
    return hold


def _replace_keeping_a_backup(tmp: Path, target: Path, old: bytes) -> None:
    """``old`` becomes the backup, then ``tmp`` the draft; if the second step fails, the old backup is put back.

    Without this, a save failing at its very last step would leave the draft as it was but the
    backup of the version before gone (overwritten by the draft's current content).
    """
    backup = backup_path(target)
    held = _hold(backup)
    try:
        write_bytes_atomic(backup, old)
        os.replace(tmp, target)
    except BaseException:
        if held is not None:
            try:
                os.replace(held, backup)
            except OSError:
                pass  # the backup then holds the draft's current content, which is still on disk
        raise
    finally:
        if held is not None:
            held.unlink(missing_ok=True)


def save_draft(draft: Draft, path: Path | str) -> None:
    """Write the draft atomically, keeping the file it replaces as ``<name>.bak``.

    An existing file that this program would refuse to open (not a draft, damaged, newer
    version) is never overwritten, nor is a read-only one: ``DraftFileError`` says why. The new
    content is complete on disk before the backup is touched, so a save that fails (a full disk)
    leaves both the file and its backup as they were.
    """
    path = Path(path)
    _refuse_unusable_name(path, _("无法保存到“{path}”：文件名中有不能使用的字符（NUL）。请另选文件名。"))
    target = write_target(path)
    try:
        new = encode_document(to_dict(draft))
    except UnicodeEncodeError:
        raise DraftFileError(
            _("没有保存：草稿中有无法保存的字符（不成对的代理字符），可能来自粘贴的内容。请删除这些字符后重试。"),
            path,
        ) from None
    # every item takes at least a byte, so only a large file can hold too many of them; after
    # encoding, too many items is the only problem _tree_problem can still find
    if len(new) > MAX_DRAFT_BYTES or (len(new) > MAX_NODES and _tree_problem(to_dict(draft)) is not None):
        # a file over the limits would be refused on opening: better not written at all
        raise DraftFileError(
            _(
                "没有保存：草稿的内容太多，保存后的文件会超过 {mb} MB 或 {n} 项，本程序将无法再打开它。"
                "请删减过长的文字或段落后重试；已有的文件没有改动。"
            ).format(mb=MAX_DRAFT_BYTES // (1024 * 1024), n=MAX_NODES),
            path,
        )
    old = _existing(target)
    if old == new:
        return  # nothing changed; the backup keeps the version before this one
    if old is not None:
        _refuse_read_only(target)
    remove_stale_temporaries(target)
    try:
        mode = existing_mode(target)
        tmp = write_temporary(target, new, mode if mode is not None else new_file_mode())
        try:
            if old is None:
                os.replace(tmp, target)
            else:
                _replace_keeping_a_backup(tmp, target, old)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        fsync_folder(target.parent)
    except OSError as exc:
        raise _write_failure(path, exc) from exc
