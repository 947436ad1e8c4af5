"""Start-up of the frozen program against a frozen bare PySide6 window (SPEC §7: at most 1.5×).

    python packaging/startup_bench.py [--rounds N]

Needs dist/nianbao (python packaging/build.py). Builds, once, a bare QMainWindow with the
same PyInstaller settings into build/bare-window, then times whole processes — exec to the
first shown window and back — alternating the two, and prints the medians and their ratio.
A benchmark prints figures; it does not fail on a slow machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BARE_DIR = ROOT / "build" / "bare-window"
BARE_SOURCE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow()
w.show()
QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
"""


def build_bare() -> Path:
    exe = BARE_DIR / "dist" / "bare" / "bare"
    if exe.exists():
        return exe
    BARE_DIR.mkdir(parents=True, exist_ok=True)
    (BARE_DIR / "bare.py").write_text(BARE_SOURCE, encoding="utf-8")
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--onedir", "--windowed", "--noupx"]
    cmd += ["--log-level", "WARN", "--distpath", str(BARE_DIR / "dist"), "--workpath", str(BARE_DIR / "work")]
    cmd += ["--specpath", str(BARE_DIR), str(BARE_DIR / "bare.py")]
    subprocess.run(cmd, check=True)
    return exe


def wall(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=60)
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=11)
    rounds = parser.parse_args().rounds
    app = ROOT / "dist" / "nianbao" / "nianbao"
    if not app.exists():
        print("请先运行 python packaging/build.py", file=sys.stderr)
        return 2
    bare = build_bare()
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env["NIANBAO_QUIT_WHEN_SHOWN"] = "1"
    env["NIANBAO_DATA_DIR"] = str(ROOT / "build" / "startup-bench-data")
    wall([str(bare)], env), wall([str(app)], env)  # warm the file cache once
    ours, theirs = [], []
    for _ in range(rounds):
        theirs.append(wall([str(bare)], env))
        ours.append(wall([str(app)], env))
    b, o = statistics.median(theirs), statistics.median(ours)
    print(f"frozen bare PySide6 window: median {b * 1000:.0f} ms (min {min(theirs) * 1000:.0f})")
    print(f"frozen 年报助手 start page:  median {o * 1000:.0f} ms (min {min(ours) * 1000:.0f})")
    print(f"ratio {o / b:.2f} (target ≤ 1.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
