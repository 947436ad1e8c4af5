"""PySide6 adapters over forms/: the window, its pages and the table models."""

from ui.none_guard import keep_none_alive

keep_none_alive()
