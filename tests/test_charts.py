"""统计图 from the report's figures (issue 11): what each chart shows, and the picture Qt draws."""

from __future__ import annotations

import pytest
from draft_factory import fill_apply, fill_review, full_report

from forms.charts import charts_for
from forms.schema import FormatError, parse_format
from forms.schema import _read_format as read_format_data

APPLY = {
    "r_granted": {"natural": 12, "business": 2},
    "r_partial": {"natural": 3},
    "r_deny_secret": {"natural": 1},
    "r_deny_law": {"research": 2},
    "r_unable_not_held": {"natural": 4, "legal_service": 1},
    "r_np_repeat": {"other": 1},
}


def busy(format_id: str):
    draft = full_report(format_id, level="乡镇")
    fill_apply(draft, APPLY, carried_over={"natural": 2}, carried_forward={"natural": 1})
    fill_review(draft, {"review_upheld": 2, "review_corrected": 1, "direct_upheld": 1, "after_upheld": 2})
    return draft


def grid_texts(fmt) -> set[str]:
    return {gc.text for t in fmt.tables.values() for row in t.rows for gc in row if gc.text}


@pytest.mark.parametrize("format_id", ["gov2021", "gov2019", "gov2019-beijing", "gov2019-hubei"])
def test_every_chart_is_labelled_from_the_format_and_counts_the_report(format_id):
    draft = busy(format_id)
    charts = {c.key: c for c in charts_for(draft)}
    assert set(charts) == {"active", "apply", "review", "litigation"}
    texts = grid_texts(draft.fmt)
    for chart in charts.values():
        assert chart.title.startswith(f"{draft.meta.year}年度") and chart.title.endswith("统计图")
        for bar in chart.bars:
            # a label is the grid's own words (a long bracketed note may be cut off), never typed in code
            assert any(t.startswith(bar.label) for t in texts), bar.label
    assert len({c.title for c in charts.values()}) == 4  # 行政复议 and 行政诉讼 are told apart
    apply = {b.label: b.value for b in charts["apply"].bars}
    assert apply == {
        "（一）予以公开": 14,
        "（二）部分公开": 3,
        "（三）不予公开": 3,  # its eight reasons summed
        "（四）无法提供": 5,
        "（五）不予处理": 1,
        "（六）其他处理": 0,
    }
    assert [(b.label, b.value) for b in charts["review"].bars] == [
        ("结果维持", 2),
        ("结果纠正", 1),
        ("其他结果", 0),
        ("尚未审结", 0),
    ]
    # 行政诉讼: 未经复议直接起诉 and 复议后起诉 of one outcome make one bar
    assert charts["litigation"].bars[0].value == 3
    active_labels = [b.label for b in charts["active"].bars]
    assert active_labels[:1] == ["规章"] and "行政许可" in active_labels


def test_a_chart_naming_a_cell_the_table_lacks_is_refused():
    data = read_format_data("gov2021")
    data["charts"] = [{"key": "x", "section": "apply", "bars": [["apply.r_granted.nowhere"]]}]
    with pytest.raises(FormatError, match="不存在的单元格"):
        parse_format(data)
    data["charts"] = [{"key": "x", "section": "overview", "bars": [["apply.r_granted.total"]]}]
    with pytest.raises(FormatError, match="不存在的表格"):
        parse_format(data)


def test_the_legacy_statistics_table_charts_its_channels():
    from forms.model import new_draft

    draft = new_draft("legacy", "博山镇人民政府", 2017)
    draft.table("stats").values.update({"stats.s05.value": 116, "stats.s07.value": 150})
    (chart,) = charts_for(draft)
    assert chart.unit == "条" and chart.title == "2017年度主动公开政府信息情况统计图"
    assert [b.value for b in chart.bars] == [0, 116, 0, 150, 0]
    assert chart.bars[1].label == "2.政府网站公开政府信息数"  # 条, shared by every bar, is the unit


def test_the_drawn_chart_has_bars_as_tall_as_the_figures(qapp):
    from PySide6.QtGui import QColor, QImage

    from ui.charts import BAR, chart_image, chart_png

    chart = {c.key: c for c in charts_for(busy("gov2021"))}["apply"]
    image = chart_image(chart)
    n = len(chart.bars)

    def bar_height(i: int) -> int:
        x = int(image.width() * (i + 0.5) / n * 0.95 + image.width() * 0.04)
        return sum(1 for y in range(image.height()) if QColor(image.pixel(x, y)) == BAR)

    heights = [bar_height(i) for i in range(n)]
    values = [b.value for b in chart.bars]
    assert heights[5] == 0 and heights[0] > heights[3] > heights[1] > heights[4] > 0
    assert abs(heights[0] / heights[3] - values[0] / values[3]) < 0.1
    png = chart_png(chart)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert QImage.fromData(png).size() == image.size()
