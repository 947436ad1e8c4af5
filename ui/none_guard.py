"""Work around a PySide6 6.12 defect on Python 3.11: it drops references to ``None``, ``True``
and ``False`` instead of taking them.

Measured here (``tests/test_ui_none_guard.py``): every call of a void Qt method from Python
(``label.setText()``, ``widget.update()``, ``model.beginResetModel()``), every Python override of
a Qt virtual that returns ``None`` (a model's ``data()`` for a role it does not serve, every
``paintEvent``), and every ``Signal.emit()`` (it returns ``True``) takes one reference away.
From Python 3.12 on these objects are immortal and the lost references do not matter, which is
presumably why the defect went unnoticed; on 3.11 ``None`` starts with a few thousand
references, so a window that repaints a table aborts with "Fatal Python error: none_dealloc"
(or ``bool_dealloc``) within minutes.

The guard gives the three a reference count so large that no session can use it up (2**61 on a
64-bit build: at a million lost references a second that lasts 70,000 years), which is what
3.12's immortality amounts to.  It only touches CPython before 3.12, where the reference count
is the plain first field of every object.
"""

from __future__ import annotations

import ctypes
import sys

RESERVE = sys.maxsize // 4
GUARDED = (None, True, False)


def needed() -> bool:
    return sys.implementation.name == "cpython" and sys.version_info < (3, 12)


def keep_none_alive() -> bool:
    """Raise the reference counts once per process; True when the guard is (now) in place."""
    if not needed():
        return False
    for obj in GUARDED:
        field = ctypes.c_ssize_t.from_address(id(obj))
        if field.value < RESERVE // 2:
            field.value += RESERVE
    return True
