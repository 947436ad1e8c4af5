"""The county's roster of units: name and level, typed, pasted or read from an .xlsx, kept in a
small JSON file of its own (``*.roster.json``) so that next January starts from it.

本级 (the county government and its departments) and 下级 (乡镇, 街道) follow from the level.
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from forms.catalog import LEVELS
from forms.draftfile import read_limited, write_bytes_atomic
from forms.errors import DraftFileError
from forms.i18n import _
from forms.summary.bounds import ZipRefused, check_zip, regular_file_size

ROSTER_SUFFIX = ".roster.json"
ROSTER_KIND = "nianbao-roster"
MAX_UNITS = 5000
MAX_NAME = 100
MAX_ROSTER_BYTES = 8 * 1024 * 1024

#: levels whose reports make up 下级 (镇办及以下); every other level is 本级
LOWER_LEVELS = ("乡镇", "街道")
OWN = "own"
LOWER = "lower"
PART_NAMES = {OWN: _("本级"), LOWER: _("下级")}


class RosterError(ValueError):
    """A roster that cannot be used; the message (Chinese) says why and where."""


def unit_key(name: str) -> str:
    """The name a unit is matched by: without spaces of any width."""
    return re.sub(r"[\s\u3000]+", "", name)


def part_of(level: str) -> str:
    return LOWER if level in LOWER_LEVELS else OWN


@dataclass(frozen=True)
class RosterUnit:
    name: str
    level: str

    @property
    def part(self) -> str:
        return part_of(self.level)


@dataclass
class Roster:
    units: list[RosterUnit] = field(default_factory=list)

    def find(self, name: str) -> RosterUnit | None:
        key = unit_key(name)
        return next((u for u in self.units if unit_key(u.name) == key), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": ROSTER_KIND,
            "version": 1,
            "units": [{"name": u.name, "level": u.level} for u in self.units],
        }


def guess_level(name: str) -> str:
    """The level a name without one most likely has: …街道办事处 → 街道, …镇/乡（人民政府） → 乡镇,
    a 县/区 government → 县级人民政府, anything else a department."""
    base = unit_key(name).removesuffix("人民政府").removesuffix("政府")
    if "街道" in base:
        return "街道"
    if base.endswith(("镇", "乡")):
        return "乡镇"
    if base.endswith(("县", "区", "市", "旗")):
        return "县级人民政府"
    return "县级政府部门"


def make_roster(rows: list[tuple[str, str]], where: str) -> Roster:
    """Validate (name, level) rows; duplicates and unknown levels are refused with the row number."""
    if len(rows) > MAX_UNITS:
        raise RosterError(_("名册中的单位太多（{n} 个，最多 {m} 个）").format(n=len(rows), m=MAX_UNITS))
    units: list[RosterUnit] = []
    seen: set[str] = set()
    for i, (raw_name, raw_level) in enumerate(rows, 1):
        name = raw_name.strip()
        if not name:
            continue
        level = raw_level.strip() or guess_level(name)
        if len(name) > MAX_NAME:
            raise RosterError(_("{where}第 {i} 行：单位名称太长").format(where=where, i=i))
        if level not in LEVELS:
            raise RosterError(
                _("{where}第 {i} 行：层级“{level}”无效，可选：{known}").format(
                    where=where, i=i, level=level[:20], known="、".join(LEVELS)
                )
            )
        if unit_key(name) in seen:
            raise RosterError(_("{where}第 {i} 行：单位“{name}”重复").format(where=where, i=i, name=name))
        seen.add(unit_key(name))
        units.append(RosterUnit(name, level))
    return Roster(units)


_HEADER_WORDS = ("名称", "单位", "机关")


def parse_roster_text(text: str, where: str = "") -> Roster:
    """Pasted or typed lines ``名称<Tab>层级`` (also comma or 2+ spaces); a header line is skipped."""
    rows: list[tuple[str, str]] = []
    for n, line in enumerate(text.splitlines()):
        if not line.strip():
            continue
        parts = [p for p in re.split(r"\t|[,，]|\s{2,}|\u3000", line.strip()) if p.strip()]
        name = parts[0] if parts else ""
        level = parts[1] if len(parts) > 1 else ""
        if n == 0 and any(w in name for w in _HEADER_WORDS) and level not in LEVELS:
            continue
        rows.append((name, level))
    return make_roster(rows, where)


def read_roster_xlsx(path: Path) -> Roster:
    """The first sheet's first two columns (名称, 层级), read-only and bounded."""
    import openpyxl

    where = _("名册“{name}”").format(name=path.name)
    try:
        if regular_file_size(path) > MAX_ROSTER_BYTES:
            raise ZipRefused(_("文件太大"))
        with zipfile.ZipFile(path) as zf:
            check_zip(zf, max_members=500, max_unpacked=64 * 1024 * 1024)
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except ZipRefused as exc:
        raise RosterError(f"{where}：{exc}") from exc
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError) as exc:
        raise RosterError(_("{where}不是可以读取的 Excel 工作簿（.xlsx）").format(where=where)) from exc
    try:
        ws = wb.worksheets[0]
        rows: list[tuple[str, str]] = []
        for n, row in enumerate(ws.iter_rows(max_col=2, max_row=MAX_UNITS + 2, values_only=True)):
            name = "" if row[0] is None else str(row[0])
            level = "" if len(row) < 2 or row[1] is None else str(row[1])
            if n == 0 and any(w in name for w in _HEADER_WORDS) and level.strip() not in LEVELS:
                continue
            rows.append((name, level))
    except (IndexError, ValueError, TypeError, KeyError) as exc:
        raise RosterError(_("{where}不是可以读取的 Excel 工作簿（.xlsx）").format(where=where)) from exc
    finally:
        wb.close()
    return make_roster(rows, where)


def load_roster(path: Path | str) -> Roster:
    """A roster file: ``*.roster.json``, an .xlsx, or a text file of lines ``名称<Tab>层级``."""
    path = Path(path)
    where = _("名册“{name}”").format(name=path.name)
    if path.suffix.lower() == ".xlsx":
        return read_roster_xlsx(path)
    try:
        data = read_limited(path)
    except (OSError, DraftFileError) as exc:
        raise RosterError(_("{where}无法读取").format(where=where)) from exc
    if len(data) > MAX_ROSTER_BYTES:
        raise RosterError(_("{where}太大").format(where=where))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise RosterError(_("{where}不是文本文件").format(where=where)) from exc
    if text.lstrip().startswith("{"):
        try:
            doc = json.loads(text, parse_float=str, parse_int=str, parse_constant=str)
        except (json.JSONDecodeError, RecursionError) as exc:
            raise RosterError(_("{where}的内容格式错误").format(where=where)) from exc
        if not isinstance(doc, dict) or doc.get("kind") != ROSTER_KIND or not isinstance(doc.get("units"), list):
            raise RosterError(_("{where}不是年报助手的名册文件").format(where=where))
        rows = []
        for u in doc["units"]:
            if not isinstance(u, dict) or not isinstance(u.get("name"), str) or not isinstance(u.get("level"), str):
                raise RosterError(_("{where}中有无效的单位记录").format(where=where))
            rows.append((u["name"], u["level"]))
        return make_roster(rows, where)
    return parse_roster_text(text, where)


def save_roster(roster: Roster, path: Path | str) -> None:
    data = (json.dumps(roster.to_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    write_bytes_atomic(Path(path), data)
