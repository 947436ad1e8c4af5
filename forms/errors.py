"""The exceptions the file and format modules raise, importable without those modules.

The start page catches them before anything heavier than the format catalogue is loaded
(start-up time, SPEC §7); ``forms.schema`` and ``forms.draftfile`` re-export them.
"""

from __future__ import annotations

from pathlib import Path


class FormatError(Exception):
    """A format data file is missing or does not describe a valid report format."""


class DraftFileError(Exception):
    """A draft file cannot be read or written; ``str(exc)`` is a Chinese message for the clerk."""

    def __init__(self, message: str, path: Path | None = None, reason: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        #: what is wrong with the file, in a few words (for messages that are not about opening it)
        self.reason = reason or message
