"""Import a published report (.docx, .html, .txt or pasted text) into a draft (SPEC §6 ``import``).

``import_file(path)`` and ``import_text(text)`` return an ``Imported``: the draft and the notes
that list what was not found or not placed. Refusals are ``NotImportable`` with a Chinese
message. Qt-free; readers.py bounds and parses, tables.py places figures by their labels,
assemble.py builds the draft.
"""

from __future__ import annotations

from pathlib import Path

from forms.importing.assemble import Imported, assemble
from forms.importing.readers import (
    MAX_DOCX_BYTES,
    MAX_PASTE_CHARS,
    NotImportable,
    read_bytes,
    read_file,
    read_text,
    refuse,
)

__all__ = ["Imported", "NotImportable", "import_bytes", "import_file", "import_text"]


def import_file(path: Path | str) -> Imported:
    path = Path(path)
    blocks = read_file(path)
    try:
        imported = assemble(blocks)
    except NotImportable as exc:
        raise refuse(path, str(exc)) from None
    imported.draft.imported_from = path.name
    return imported


def import_bytes(data: bytes, name: str) -> Imported:
    """A report that is not a file of its own (a member of a bundle the county received)."""
    path = Path(name)
    if len(data) > MAX_DOCX_BYTES:
        raise refuse(path, "文件太大，不像是一份年度报告")
    try:
        imported = assemble(read_bytes(data, path))
    except NotImportable as exc:
        raise refuse(path, str(exc)) from None
    imported.draft.imported_from = path.name
    return imported


def import_text(text: str) -> Imported:
    """Text pasted in the window (copied from a web page or a Word file)."""
    if len(text) > MAX_PASTE_CHARS:
        raise refuse(None, "粘贴的文字太长")
    try:
        return assemble(read_text(text))
    except NotImportable as exc:
        raise refuse(None, str(exc)) from None
