"""The printed page of every report: A4 and the GB/T 9704-2012 margins, as data.

The built-in Word templates (templates/make_docx_templates.py) are made with this page, and the
window's 打印/打印预览 lays the report out on it; tests/test_print_page.py checks that the
templates' section properties say the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class PageGeometry:
    """Sizes in millimetres (Decimal: exact, as the standard writes them)."""

    width: Decimal
    height: Decimal
    top: Decimal
    bottom: Decimal
    left: Decimal
    right: Decimal
    #: from the page's lower edge to the page number (GB/T 9704 7.5: 一字线 7 mm below the 版心)
    footer: Decimal
    #: the page number between 一字线 (GB/T 9704 7.5): "— 1 —", in 4号 (14 pt) 宋体 …
    number_pattern: str = "— {n} —"
    number_pt: int = 14
    #: … 单页码居右空一字，双页码居左空一字 (one character of the number's size from the edge of the 版心)
    number_indent_chars: int = 1
    #: the text size of the tables, as the Word templates set it (五号)
    table_pt: Decimal = Decimal("10.5")

    #: the text sizes of the Word templates: 正文 三号, title 二号
    body_pt: int = 16
    title_pt: int = 22

    def print_css(self) -> str:
        """A style sheet for printing the report's HTML fragment in the sizes and faces of the .docx,
        where one CSS px is one point on paper (ui/printing.py lays the page out in points)."""
        return (
            f'body {{ font-family: "仿宋_GB2312", "仿宋", "FangSong", serif; font-size: {self.body_pt}px; }}'
            f" p {{ line-height: 150%; margin-top: 0; margin-bottom: 0; text-indent: {2 * self.body_pt}px; }}"
            f' h1 {{ font-family: "方正小标宋简体", "宋体", "SimSun", serif; font-size: {self.title_pt}px;'
            " font-weight: normal; text-align: center; }"
            f' h2, .nb-level-1 {{ font-family: "黑体", "SimHei", sans-serif; font-size: {self.body_pt}px;'
            " font-weight: normal; }"
            ' .nb-level-2 { font-family: "楷体_GB2312", "楷体", "KaiTi", serif; }'
            f" table {{ font-size: {self.table_pt}px; }} td, th {{ text-indent: 0; }}"
        )

    def number(self, n: int) -> str:
        return self.number_pattern.format(n=n)

    @staticmethod
    def number_on_right(n: int) -> bool:
        return n % 2 == 1

    @staticmethod
    def twips(mm: Decimal) -> int:
        """Millimetres in Word's twentieths of a point (1 mm = 1440 / 25.4 twips), rounded."""
        return int((mm * 1440 / Decimal("25.4")).quantize(Decimal(1), rounding="ROUND_HALF_EVEN"))


#: 版心 156 mm × 225 mm on A4 (GB/T 9704 5.2.2): 天头 37 mm, 订口 28 mm
A4_GBT9704 = PageGeometry(
    width=Decimal(210),
    height=Decimal(297),
    top=Decimal(37),
    bottom=Decimal(35),
    left=Decimal(28),
    right=Decimal(26),
    footer=Decimal("25.5"),
)
