"""The levels of the bodies that publish the report, and the rules each level triggers (data in levels.json).

Which rules a level triggers (G8, P5, the P3 threshold) and its publication deadline are data
beside the level's name (SPEC §2), so that a new kind of body needs no code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from forms.errors import FormatError
from forms.i18n import _

LEVELS_FILE = Path(__file__).with_name("levels.json")


@dataclass(frozen=True)
class Level:
    name: str
    deadline: tuple[int, int]
    #: rule id -> that rule's parameters for this level; a rule not listed is not triggered
    triggers: dict[str, dict[str, Any]]


@cache
def _data() -> tuple[tuple[Level, ...], dict[str, str]]:
    try:
        raw = json.loads(LEVELS_FILE.read_text(encoding="utf-8"))
        levels = tuple(
            Level(str(d["name"]), (int(d["deadline"][0]), int(d["deadline"][1])), dict(d.get("triggers", {})))
            for d in raw["levels"]
        )
        renamed = {str(k): str(v) for k, v in raw.get("renamed", {}).items()}
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise FormatError(_("机关层级定义无法读取：{err}").format(err=exc)) from exc
    return levels, renamed


def level_names() -> tuple[str, ...]:
    return tuple(lv.name for lv in _data()[0])


def current_name(name: str) -> str | None:
    """The level a stored name stands for (a short spelling maps to the level's name); None if unknown."""
    levels, renamed = _data()
    name = renamed.get(name, name)
    return name if any(lv.name == name for lv in levels) else None


def level(name: str) -> Level:
    """A level by name; an unknown name is read as 其他 (the last level), which triggers the fewest rules."""
    levels, _renamed = _data()
    key = current_name(name)
    return next((lv for lv in levels if lv.name == key), levels[-1])


def triggers(name: str, rule: str) -> dict[str, Any] | None:
    """The parameters of ``rule`` for a level, or None when the level does not trigger it."""
    return level(name).triggers.get(rule)
