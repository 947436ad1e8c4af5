"""Start-up of the frozen program against a frozen bare PySide6 window (SPEC §7: at most 1.5×).

    python packaging/startup_bench.py [--rounds N]

Needs dist/nianbao (python packaging/build.py). Builds, once, a bare QMainWindow with the
same PyInstaller settings into build/bare-window. Both programs write the wall-clock time
at which their window is shown and the event loop is idle (NIANBAO_QUIT_WHEN_SHOWN names
the file), then quit; the figure is launch → shown, alternating the two programs. Process
teardown after that is not start-up and is not counted. A benchmark prints figures; it does
not fail on a slow machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BARE_DIR = ROOT / "build" / "bare-window"
BARE_SOURCE = """
import os, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow()
w.show()
def shown():
    with open(os.environ["NIANBAO_QUIT_WHEN_SHOWN"], "w") as f:
        f.write(repr(time.time()))
    app.quit()
QTimer.singleShot(0, shown)
sys.exit(app.exec())
"""


def build_bare() -> Path:
    exe = BARE_DIR / "dist" / "bare" / ("bare.exe" if sys.platform == "win32" else "bare")
    source = BARE_DIR / "bare.py"
    if exe.exists() and source.exists() and source.read_text(encoding="utf-8") == BARE_SOURCE:
        return exe
    BARE_DIR.mkdir(parents=True, exist_ok=True)
    source.write_text(BARE_SOURCE, encoding="utf-8")
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--onedir", "--windowed", "--noupx"]
    cmd += ["--log-level", "WARN", "--distpath", str(BARE_DIR / "dist"), "--workpath", str(BARE_DIR / "work")]
    cmd += ["--specpath", str(BARE_DIR), str(source)]
    subprocess.run(cmd, check=True)
    return exe


def launch_to_shown(exe: Path, env: dict[str, str], note: Path) -> float:
    note.unlink(missing_ok=True)
    t0 = time.time()
    subprocess.run([str(exe)], env=env, check=True, capture_output=True, timeout=60)
    return float(note.read_text(encoding="utf-8")) - t0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=21)
    rounds = parser.parse_args().rounds
    app = ROOT / "dist" / "nianbao" / ("nianbao.exe" if sys.platform == "win32" else "nianbao")
    if not app.exists():
        print("请先运行 python packaging/build.py", file=sys.stderr)
        return 2
    bare = build_bare()
    with tempfile.TemporaryDirectory() as tmp:
        note = Path(tmp) / "shown"
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        env["NIANBAO_QUIT_WHEN_SHOWN"] = str(note)
        env["NIANBAO_DATA_DIR"] = str(Path(tmp) / "data")
        launch_to_shown(bare, env, note), launch_to_shown(app, env, note)  # warm the file cache
        ours, theirs = [], []
        for _ in range(rounds):
            theirs.append(launch_to_shown(bare, env, note))
            ours.append(launch_to_shown(app, env, note))
    b, o = statistics.median(theirs), statistics.median(ours)
    print(f"frozen bare PySide6 window: launch → shown median {b * 1000:.0f} ms (min {min(theirs) * 1000:.0f})")
    print(f"frozen 年报助手 start page:  launch → shown median {o * 1000:.0f} ms (min {min(ours) * 1000:.0f})")
    print(f"ratio {o / b:.2f} (target ≤ 1.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
