"""Typed access to the user's settings (QSettings, INI format).

Untyped ``QSettings.value()`` from an INI file returns ``'true'``, ``'3'``, a bare ``str`` for a
one-item list and ``None`` for an empty one, so every read here names its type.  With
``NIANBAO_DATA_DIR`` set (tests, portable use) the INI file lives in that folder, so a test
never touches the real user's settings.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

if TYPE_CHECKING:
    from forms.checks import Settings as CheckSettings

ORG_NAME = "nianbao"
APP_NAME = "nianbao"
MAX_RECENT = 10
DATA_DIR_ENV = "NIANBAO_DATA_DIR"


def data_dir() -> Path | None:
    """The folder given by NIANBAO_DATA_DIR, if any (None: the platform's default)."""
    value = os.environ.get(DATA_DIR_ENV)
    return Path(value) if value else None


def settings_path() -> Path:
    folder = data_dir()
    if folder is None:
        base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppConfigLocation)
        folder = Path(base) if base else Path.home() / ".nianbao"
    return folder / "settings.ini"


class AppSettings:
    """The settings the window keeps between runs; every getter returns its declared type."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or settings_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._q = QSettings(str(self.path), QSettings.Format.IniFormat)

    def sync(self) -> None:
        self._q.sync()

    # --- typed primitives ------------------------------------------------------------
    def _str(self, key: str, default: str = "") -> str:
        value = self._q.value(key, default, type=str)
        return value if isinstance(value, str) else default

    def _int(self, key: str, default: int = 0) -> int:
        try:
            return int(self._q.value(key, default, type=int))
        except (TypeError, ValueError):
            return default

    def _bool(self, key: str, default: bool = False) -> bool:
        value = self._q.value(key, default, type=bool)
        return bool(value)

    def _list(self, key: str) -> list[str]:
        value = self._q.value(key, [], type=list)
        if value is None:
            return []
        if isinstance(value, str):  # a one-item list comes back as a bare string
            return [value]
        return [str(v) for v in value]

    # --- recent files ------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        """At most ten drafts, newest first; files that no longer exist are dropped."""
        out: list[str] = []
        for p in self._list("files/recent"):
            if p and p not in out and Path(p).is_file():
                out.append(p)
        return out[:MAX_RECENT]

    def add_recent(self, path: Path | str) -> None:
        p = str(Path(path).resolve())
        items = [p] + [x for x in self.recent_files() if x != p]
        self._q.setValue("files/recent", items[:MAX_RECENT])

    def remove_recent(self, path: Path | str) -> None:
        p = str(Path(path).resolve())
        self._q.setValue("files/recent", [x for x in self.recent_files() if x != p])

    # --- folders and window --------------------------------------------------------------
    def last_folder(self) -> str:
        folder = self._str("files/last_folder")
        if folder and Path(folder).is_dir():
            return folder
        # 文档 (Documents), where a clerk's files are, rather than the home folder
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return documents if documents and Path(documents).is_dir() else str(Path.home())

    def set_last_folder(self, folder: Path | str) -> None:
        self._q.setValue("files/last_folder", str(folder))

    def geometry(self) -> QByteArray | None:
        value = self._q.value("window/geometry", None, type=QByteArray)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_geometry(self, data: QByteArray) -> None:
        self._q.setValue("window/geometry", data)

    def window_state(self) -> QByteArray | None:
        value = self._q.value("window/state", None, type=QByteArray)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_state(self, data: QByteArray) -> None:
        self._q.setValue("window/state", data)

    def splitter_sizes(self, name: str) -> list[int]:
        """The sizes the clerk dragged a splitter to (ui.desk), [] when never."""
        out = []
        for v in self._list(f"window/splitter_{name}"):
            try:
                out.append(int(v))
            except ValueError:
                return []
        return out

    def set_splitter_sizes(self, name: str, sizes: list[int]) -> None:
        self._q.setValue(f"window/splitter_{name}", [str(s) for s in sizes])

    # --- settings the checks read ----------------------------------------------------------
    def deadline(self) -> tuple[int, int] | None:
        """G5: (month, day) in the year after the report year; None = the default for the level."""
        month = self._int("checks/deadline_month", 0)
        day = self._int("checks/deadline_day", 0)
        if 1 <= month <= 12 and 1 <= day <= 31:
            return month, day
        return None

    def set_deadline(self, value: tuple[int, int] | None) -> None:
        month, day = value if value else (0, 0)
        self._q.setValue("checks/deadline_month", month)
        self._q.setValue("checks/deadline_day", day)

    def overview_limit(self) -> int | None:
        """G10: the most characters 总体情况 may have; None = no limit."""
        value = self._int("checks/overview_limit", 0)
        return value if value > 0 else None

    def set_overview_limit(self, value: int | None) -> None:
        self._q.setValue("checks/overview_limit", value or 0)

    def check_settings(self) -> CheckSettings:
        from forms.checks import Settings as CheckSettings  # the checks load with the first report

        return CheckSettings(deadline=self.deadline(), overview_limit=self.overview_limit())

    # --- output ---------------------------------------------------------------------------------
    def template_dir(self) -> Path | None:
        folder = self._str("output/template_dir")
        return Path(folder) if folder else None

    def set_template_dir(self, folder: Path | str | None) -> None:
        self._q.setValue("output/template_dir", str(folder) if folder else "")

    def export_folder(self) -> str:
        folder = self._str("output/folder")
        return folder if folder and Path(folder).is_dir() else self.last_folder()

    def set_export_folder(self, folder: Path | str) -> None:
        self._q.setValue("output/folder", str(folder))

    def export_choice(self) -> dict[str, object]:
        """The export dialog's last choices, so that a clerk sets them once."""
        return {
            "docx": self._bool("output/docx", True),
            "txt": self._bool("output/txt", True),
            "html": self._bool("output/html", True),
            "html_fragment": self._bool("output/html_fragment", False),
            "encoding": self._str("output/encoding", "utf-8"),
            "newline": self._str("output/newline", "crlf"),
            "seal": self._bool("output/seal", False),
        }

    def set_export_choice(self, choice: dict[str, object]) -> None:
        for key, value in choice.items():
            self._q.setValue(f"output/{key}", value)
