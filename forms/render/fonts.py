"""Which fonts of the Word template this computer lacks.

Word and WPS substitute a missing font without a word, so a report set in 仿宋_GB2312 on a
computer that has only 仿宋 looks right on screen and wrong at the county office.  At export the
app names the fonts that the template's styles use (East Asian and Latin) and that are not
installed here.  Installed fonts come from ``fc-list`` where fontconfig exists, otherwise from
the names inside the font files of the system and user font folders (on Windows
``%WINDIR%\\Fonts`` and ``%LOCALAPPDATA%\\Microsoft\\Windows\\Fonts``).  Nothing here may stop an
export: when the fonts cannot be found out, no font is reported missing.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from forms.render.options import RenderOptions

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: the rFonts attributes that name a font for Chinese and for Latin text and digits
FONT_ATTRIBUTES = ("eastAsia", "ascii", "hAnsi")
FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")
#: name ids of the family, the full name and the typographic family
NAME_IDS = (1, 4, 16)
MAX_NAME_TABLE = 1 << 20


def template_fonts(path: Path) -> list[str]:
    """The fonts a Word file's styles name, in order of first appearance."""
    with zipfile.ZipFile(path) as zf:
        root = ElementTree.fromstring(zf.read("word/styles.xml"))
    names: list[str] = []
    for rfonts in root.iter(f"{W}rFonts"):
        for attribute in FONT_ATTRIBUTES:
            name = (rfonts.get(f"{W}{attribute}") or "").strip()
            if name and name not in names:
                names.append(name)
    return names


# --- font files -------------------------------------------------------------------------------


def _decode(platform: int, encoding: int, raw: bytes) -> str | None:
    if platform in (0, 3):
        return raw.decode("utf-16-be", errors="ignore")
    if platform == 1:
        codec = {0: "mac_roman", 1: "shift_jis", 2: "big5", 25: "gb2312"}.get(encoding)
        return raw.decode(codec, errors="ignore") if codec else None
    return None


def _sfnt_names(f: object, offset: int) -> set[str]:
    """The family and full names of the font whose offset table starts at ``offset``."""
    read, seek = f.read, f.seek  # type: ignore[attr-defined]
    seek(offset)
    header = read(12)
    if len(header) < 12:
        return set()
    (num_tables,) = struct.unpack(">H", header[4:6])
    records = read(16 * num_tables)
    for i in range(min(num_tables, len(records) // 16)):
        tag, _checksum, table_offset, length = struct.unpack(">4sIII", records[16 * i : 16 * i + 16])
        if tag == b"name":
            seek(table_offset)
            return _parse_name_table(read(min(length, MAX_NAME_TABLE)))
    return set()


def _parse_name_table(table: bytes) -> set[str]:
    if len(table) < 6:
        return set()
    _format, count, string_offset = struct.unpack(">HHH", table[:6])
    names: set[str] = set()
    for i in range(count):
        start = 6 + 12 * i
        if start + 12 > len(table):
            break
        platform, encoding, _language, name_id, length, offset = struct.unpack(">HHHHHH", table[start : start + 12])
        if name_id not in NAME_IDS:
            continue
        raw = table[string_offset + offset : string_offset + offset + length]
        text = _decode(platform, encoding, raw)
        if text and text.strip():
            names.add(text.strip().replace("\x00", ""))
    return names


def font_file_names(path: Path) -> set[str]:
    """Every family and full name inside a .ttf/.otf file or each font of a .ttc/.otc collection."""
    try:
        with path.open("rb") as f:
            head = f.read(12)
            if head[:4] == b"ttcf":
                (count,) = struct.unpack(">I", head[8:12])
                offsets = struct.unpack(f">{min(count, 64)}I", f.read(4 * min(count, 64)))
                names: set[str] = set()
                for offset in offsets:
                    names |= _sfnt_names(f, offset)
                return names
            return _sfnt_names(f, 0)
    except (OSError, struct.error, ValueError):
        return set()


_file_cache: dict[tuple[str, int, int], frozenset[str]] = {}


def fonts_in_folders(folders: list[Path]) -> set[str]:
    """The names of the fonts in these folders (and their subfolders); unchanged files are read once."""
    names: set[str] = set()
    for folder in folders:
        if not folder.is_dir():
            continue
        for root, _dirs, files in os.walk(folder):
            for file in files:
                if not file.lower().endswith(FONT_SUFFIXES):
                    continue
                path = Path(root, file)
                try:
                    st = path.stat()
                except OSError:
                    continue
                key = (str(path), st.st_mtime_ns, st.st_size)
                if key not in _file_cache:
                    _file_cache[key] = frozenset(font_file_names(path))
                names |= _file_cache[key]
    return names


def font_folders() -> list[Path]:
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR") or os.environ.get("SystemRoot") or r"C:\Windows")
        local = os.environ.get("LOCALAPPDATA")
        folders = [windir / "Fonts"]
        if local:
            folders.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        return folders
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library" / "Fonts"]
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".fonts", home / ".local/share/fonts"]


def _fc_list() -> set[str] | None:
    exe = shutil.which("fc-list")
    if exe is None:
        return None
    try:
        done = subprocess.run([exe, "--format", "%{family}\n"], capture_output=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    names: set[str] = set()
    for line in done.stdout.decode("utf-8", errors="replace").splitlines():
        names.update(part.strip() for part in line.replace("\\,", "\x00").split(",") if part.strip())
    return {n.replace("\x00", ",") for n in names}


def installed_fonts() -> set[str] | None:
    """The names of the fonts installed here; None when they cannot be found out."""
    if sys.platform != "win32":
        names = _fc_list()
        if names:
            return names
    names = fonts_in_folders(font_folders())
    return names or None


def _normal(name: str) -> str:
    return " ".join(name.casefold().split())


def missing_fonts(options: RenderOptions, format_id: str | None = None) -> list[str]:
    """Fonts named in the Word template(s) that this computer lacks ([] when that cannot be told).

    With ``format_id`` only that format's template is looked at; otherwise every format's.
    """
    try:
        from forms.render.templates import choose_template
        from forms.schema import format_ids

        wanted: list[str] = []
        for fid in [format_id] if format_id else format_ids():
            for name in template_fonts(choose_template(fid, "docx", options).path):
                if name not in wanted:
                    wanted.append(name)
        installed = installed_fonts()
    except Exception:  # a font check must never stop an export
        return []
    if installed is None:
        return []
    have = {_normal(n) for n in installed}
    return [name for name in wanted if _normal(name) not in have]
