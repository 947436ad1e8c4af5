"""Where a file dialog starts: the folder the clerk last used, else 文档 (ui.settings.last_folder)."""

from __future__ import annotations

from pathlib import Path

from ui.settings import AppSettings


def in_last_folder(name: str = "") -> str:
    """The last folder (or 文档), with ``name`` as the suggested file in it."""
    folder = Path(AppSettings().last_folder())
    return str(folder / name) if name else str(folder)


def remember(chosen: str | Path) -> None:
    """The folder of what the clerk chose (a file, or a folder itself) is where the next dialog starts."""
    path = Path(chosen)
    settings = AppSettings()
    settings.set_last_folder(path if path.is_dir() else path.parent)
    settings.sync()
