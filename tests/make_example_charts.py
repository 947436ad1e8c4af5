"""Draw the 统计图 of example 000 from its own figures: forms/examples/charts/*.png.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/make_example_charts.py

Seed 000 printed a screenshot of a bar chart under "2017年度主动公开统计图": the information
published through each channel, whose figures its 主动公开 paragraph states (政府网站公开信息116条…).
The figures and the channel names are read from that paragraph (a changed text stops the script),
drawn with ui/charts.py as the window draws 统计图, and written as PNG; tests/make_examples.py then
puts the PNG into the example as a picture block with the seed's caption.  The PNG depends on the
fonts of the computer it is drawn on, so it is committed rather than rebuilt by the tests.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for folder in (ROOT, ROOT / "tests"):  # make_examples.py lives next to this script
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from forms.atomic import write_bytes_atomic  # noqa: E402
from forms.charts import Bar, ChartData  # noqa: E402

CHARTS_DIR = ROOT / "forms" / "examples" / "charts"
CHANNELS = re.compile(r"通过不同渠道和方式公开政府信息情况：((?:[^，。]+?公开信息\d+条[，。]?)+)")
ONE = re.compile(r"([^，。：]+?)公开信息(\d+)条")


def active_by_channel(paragraph: str, year: int) -> ChartData:
    found = CHANNELS.search(paragraph)
    if found is None:
        raise SystemExit("seed 000's 主动公开 paragraph no longer states its channels")
    bars = tuple(Bar(name, int(n)) for name, n in ONE.findall(found.group(1)))
    return ChartData(key="active", title=f"{year}年度主动公开政府信息（按公开渠道）", bars=bars, unit="条")


def charts() -> dict[str, ChartData]:
    import make_examples

    spec = next(s for s in make_examples.EXAMPLES if s.seed == "000")
    draft = make_examples.build_draft(spec, with_pictures=False)
    sec = draft.section("active")
    assert sec is not None
    text = next(p.text for p in sec.before if "不同渠道" in p.text)
    return {"000-active-channels.png": active_by_channel(text, draft.meta.year)}


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from ui.app import configure_application
    from ui.charts import chart_png

    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application(app)  # type: ignore[arg-type]
    CHARTS_DIR.mkdir(exist_ok=True)
    for name, chart in charts().items():
        write_bytes_atomic(CHARTS_DIR / name, chart_png(chart))
        print(f"wrote {(CHARTS_DIR / name).relative_to(ROOT)}: {', '.join(f'{b.label} {b.value}' for b in chart.bars)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
