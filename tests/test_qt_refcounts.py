"""PySide6 must not lose references to None/True/False (requirements pin a release that does not).

PySide6 6.12.0 on Python 3.11 drops one reference to ``None`` on every void Qt call and every
Python override returning ``None``, and one to ``True`` on every ``Signal.emit()``; a window
that repaints a table then aborts with "Fatal Python error: none_dealloc" within minutes.
6.9.3 does not. This test fails if an upgrade brings the defect back.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

REPAINT = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
class W(QWidget):
    def paintEvent(self, event):
        pass
w = W()
w.show()
app.processEvents()
before = sys.getrefcount(None), sys.getrefcount(True)
for i in range(2000):
    w.repaint()  # a void call, and an override returning None
    w.windowTitleChanged.emit("x")  # emit() returns True
print("delta", sys.getrefcount(None) - before[0], sys.getrefcount(True) - before[1], flush=True)
os._exit(0)
"""


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None and True are immortal from Python 3.12 on")
def test_repaints_and_signals_keep_the_reference_counts_of_none_and_true():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", REPAINT], capture_output=True, text=True, env=env, timeout=120)
    assert result.stdout.startswith("delta"), result.stderr[-2000:]
    none_delta, true_delta = (int(x) for x in result.stdout.split()[1:3])
    assert abs(none_delta) < 50 and abs(true_delta) < 50
