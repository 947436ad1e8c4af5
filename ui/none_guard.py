"""Work around a PySide6 6.12 defect on Python 3.11: every Python override of a Qt virtual that
returns ``None`` — a model's ``data()`` for a role it does not serve, and every ``paintEvent``,
``keyPressEvent`` … (they return ``None`` implicitly) — drops one reference to ``None``.

From Python 3.12 on ``None`` is immortal and the lost references do not matter, which is
presumably why the defect went unnoticed; on 3.11 ``None`` starts with a few thousand references,
so a window that repaints a table dies with "Fatal Python error: none_dealloc" within minutes
(``tests/test_ui_none_guard.py`` reproduces it in a subprocess without this guard).

The guard gives ``None`` a reference count so large that no session can use it up (2**61 on
64-bit builds: at a million lost references a second that lasts 70,000 years), which is what
3.12's immortality amounts to.  It only touches CPython before 3.12, where the reference count
is the plain first field of every object.
"""

from __future__ import annotations

import ctypes
import sys

RESERVE = sys.maxsize // 4


def needed() -> bool:
    return sys.implementation.name == "cpython" and sys.version_info < (3, 12)


def keep_none_alive() -> bool:
    """Raise None's reference count once per process; True when the guard is (now) in place."""
    if not needed():
        return False
    field = ctypes.c_ssize_t.from_address(id(None))
    if field.value < RESERVE // 2:
        field.value += RESERVE
    return True
