"""Draw the program icon (icon.png for Linux, icon.ico for Windows) with Qt. Run once, commit both."""

import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter

HERE = Path(__file__).resolve().parent


def draw(size: int) -> QImage:
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor("#c0392b"))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawRoundedRect(QRectF(size * 0.04, size * 0.04, size * 0.92, size * 0.92), size * 0.16, size * 0.16)
    p.setPen(QColor("white"))
    font = QFont("Noto Sans CJK SC")
    font.setPixelSize(int(size * 0.36))
    font.setBold(True)
    p.setFont(font)
    p.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, "年报")
    p.end()
    return img


if __name__ == "__main__":
    app = QGuiApplication(sys.argv)
    draw(256).save(str(HERE / "icon.png"))
    ok = draw(256).save(str(HERE / "icon.ico"), "ICO")
    print("icon.png, icon.ico" if ok else "icon.ico could not be written (no ICO plugin)")
