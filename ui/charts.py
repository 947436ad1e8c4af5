"""统计图 drawn with QPainter into a PNG: a bar chart of ``forms.charts.ChartData``.

QtCharts is not part of PySide6-Essentials, and a chart library would add megabytes to the
bundle for one kind of picture; a few lines of QPainter draw the bars, the figures and the
format's labels in the app's CJK font.  The result is an ordinary PNG picture block, so the
renderers never draw anything.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter, QPen

from forms.charts import ChartData
from ui.app import choose_font_family

WIDTH, HEIGHT = 1500, 900
#: printed 150 mm wide: the PNG says so (pHYs), so Word and LibreOffice need not scale it
PRINT_WIDTH_MM = 150
BAR = QColor("#3a6ea5")
AXIS = QColor("#333333")
GRID = QColor("#d0d0d0")


def _font(pixels: int, bold: bool = False) -> QFont:
    font = QFont()
    family = choose_font_family(QFontDatabase.families())
    if family:
        font.setFamily(family)
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


def _step(top: int) -> int:
    """A round tick step giving at most about six grid lines."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000, 50_000, 100_000):
        if top / step <= 6:
            return step
    return max(1, top // 5)


def chart_image(chart: ChartData) -> QImage:
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    dots_per_metre = round(WIDTH / (PRINT_WIDTH_MM / 1000))
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        _draw(painter, chart)
    finally:
        painter.end()
    return image


def _draw(painter: QPainter, chart: ChartData) -> None:
    bars = chart.bars
    groups = any(b.group for b in bars)
    painter.setFont(_font(46, bold=True))
    painter.setPen(AXIS)
    painter.drawText(QRectF(0, 20, WIDTH, 60), Qt.AlignmentFlag.AlignCenter, chart.title)
    left, right, top = 130, WIDTH - 50, 130
    bottom = HEIGHT - (180 if groups else 140)
    top_value = max([b.value for b in bars] + [1])
    step = _step(top_value)
    ceiling = ((top_value + step - 1) // step) * step
    scale = (bottom - top) / ceiling
    painter.setFont(_font(30))
    painter.drawText(QRectF(10, top - 70, 200, 40), Qt.AlignmentFlag.AlignLeft, f"（{chart.unit}）")
    for tick in range(0, ceiling + 1, step):
        y = bottom - tick * scale
        painter.setPen(QPen(GRID, 1))
        painter.drawLine(left, round(y), right, round(y))
        painter.setPen(AXIS)
        painter.drawText(
            QRectF(0, y - 20, left - 14, 40), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(tick)
        )
    painter.setPen(QPen(AXIS, 2))
    painter.drawLine(left, bottom, right, bottom)
    painter.drawLine(left, top - 10, left, bottom)
    if not bars:
        return
    slot = (right - left) / len(bars)
    width = slot * 0.6
    label_font = _font(28 if len(bars) > 6 else 34)
    for n, bar in enumerate(bars):
        x = left + slot * n + (slot - width) / 2
        height = bar.value * scale
        painter.fillRect(QRectF(x, bottom - height, width, height), BAR)
        painter.setPen(AXIS)
        painter.setFont(_font(32, bold=True))
        painter.drawText(
            QRectF(x - 20, bottom - height - 46, width + 40, 42), Qt.AlignmentFlag.AlignCenter, str(bar.value)
        )
        painter.setFont(label_font)
        painter.drawText(
            QRectF(left + slot * n + 4, bottom + 10, slot - 8, 170),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
            bar.label,
        )
    if groups:
        painter.setFont(_font(28, bold=True))
        start = 0
        for n in range(1, len(bars) + 1):
            if n == len(bars) or bars[n].group != bars[start].group:
                x0, x1 = left + slot * start, left + slot * n
                painter.setPen(QPen(AXIS, 1))
                painter.drawLine(round(x0 + 10), bottom + 110, round(x1 - 10), bottom + 110)
                painter.drawText(QRectF(x0, bottom + 115, x1 - x0, 50), Qt.AlignmentFlag.AlignCenter, bars[start].group)
                start = n


def png_bytes(image: QImage) -> bytes:
    """The image encoded as PNG by Qt (the bytes that ``forms.pictures`` then checks)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise ValueError("PNG encoding failed")
    buffer.close()
    return bytes(data.data())


def chart_png(chart: ChartData) -> bytes:
    return png_bytes(chart_image(chart))
