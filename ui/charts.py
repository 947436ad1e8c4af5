"""统计图 drawn with QPainter: a bar chart of forms.charts.ChartData as a PNG picture.

QtCharts is not in PySide6-Essentials and a plotting library would add tens of megabytes to the
frozen program for one kind of picture; a bar chart is a few rectangles and labels.  The
picture goes into the report as a picture block, so rendering the .docx/.html/.txt needs no
chart code at all.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPen

from forms.charts import ChartData

#: pixels of the picture: 16 cm wide at 190 dpi, sharp when printed across the 版心 (156 mm)
WIDTH, HEIGHT = 1200, 720
#: a little narrower than the 版心 (156 mm), as a picture is printed
PRINT_WIDTH_MM = 150
BAR = QColor("#2f5f98")
AXIS = QColor("#404040")
GRID = QColor("#d0d0d0")


def _nice_top(largest: int) -> tuple[int, int]:
    """The axis' top value and its step: 1, 2 or 5 times a power of ten, about five steps."""
    if largest <= 0:
        return 5, 1
    step = 1
    while True:
        for m in (1, 2, 5):
            if largest <= step * m * 5:
                s = step * m
                return -(-largest // s) * s, s
        step *= 10


def chart_image(data: ChartData, width: int = WIDTH, height: int = HEIGHT) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont(QGuiApplication.font())
    font.setPixelSize(max(12, height // 26))
    p.setFont(font)
    line = p.fontMetrics().height()
    top, step = _nice_top(max((b.value for b in data.bars), default=0))
    left = p.fontMetrics().horizontalAdvance(str(top)) + line
    plot = QRectF(left, line * 1.8, width - left - line, height - line * 1.8 - line * 3.6)

    p.setPen(AXIS)
    p.drawText(
        QRectF(line / 3, 0, width, line * 1.4), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, data.unit
    )
    for v in range(0, top + 1, step):
        y = plot.bottom() - plot.height() * v / top
        p.setPen(QPen(GRID, 1))
        p.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
        p.setPen(AXIS)
        p.drawText(
            QRectF(0, y - line / 2, left - line / 3, line),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            str(v),
        )
    n = max(1, len(data.bars))
    slot = plot.width() / n
    for i, bar in enumerate(data.bars):
        x = plot.left() + slot * i
        h = plot.height() * bar.value / top
        rect = QRectF(x + slot * 0.2, plot.bottom() - h, slot * 0.6, h)
        p.fillRect(rect, BAR)
        p.drawText(
            QRectF(x, rect.top() - line * 1.2, slot, line * 1.1),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
            str(bar.value),
        )
        p.drawText(
            QRectF(x + 2, plot.bottom() + line * 0.3, slot - 4, line * 3.2),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
            bar.label,
        )
    p.setPen(QPen(AXIS, 2))
    p.drawLine(int(plot.left()), int(plot.bottom()), int(plot.right()), int(plot.bottom()))
    p.drawLine(int(plot.left()), int(plot.top()), int(plot.left()), int(plot.bottom()))
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    """The image encoded as PNG by Qt (the bytes that ``forms.pictures`` then checks)."""
    raw = QByteArray()
    buffer = QBuffer(raw)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise ValueError("PNG encoding failed")
    buffer.close()
    return bytes(raw.data())


def chart_png(data: ChartData, width: int = WIDTH, height: int = HEIGHT) -> bytes:
    """The chart as PNG bytes, as a picture block stores them; it says it prints 150 mm wide."""
    image = chart_image(data, width, height)
    per_metre = round(width * 1000 / PRINT_WIDTH_MM)
    image.setDotsPerMeterX(per_metre)
    image.setDotsPerMeterY(per_metre)
    return png_bytes(image)
