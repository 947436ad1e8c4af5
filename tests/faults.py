"""Injected failures for the tests of saving: a disk that refuses every write."""

from __future__ import annotations

import os


def fail_writes(monkeypatch, exc: OSError) -> None:
    """Every file opened through ``os.fdopen`` (the temporary files of a save) raises ``exc`` on write."""
    real_fdopen = os.fdopen

    class Failing:
        def __init__(self, fd, mode):
            self.fh = real_fdopen(fd, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc_info):
            self.fh.close()

        def write(self, data):
            raise exc

    monkeypatch.setattr(os, "fdopen", Failing)
