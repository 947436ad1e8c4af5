"""Many generated units for the summary's benchmark and the window's test: every fourth one a
街道, every fifth a department, the rest 乡镇; figures differ from unit to unit."""

from __future__ import annotations

from pathlib import Path

from summary_county import unit_draft

from forms.draftfile import save_draft


def level_of(i: int) -> str:
    return "县级政府部门" if i % 5 == 0 else ("街道" if i % 4 == 0 else "乡镇")


def write_units(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"{i:04d}.nianbao"
        save_draft(unit_draft(f"第{i:04d}号单位", level_of(i), i), path)
        paths.append(path)
    return paths
