"""``python main.py --self-test``: prove a build works end to end, offscreen, without a clerk.

Opens the window, creates a report and types into it, opens every example, runs the checks,
renders .docx/.txt/.html of each into a temporary folder and the preview, and checks that Qt's
standard buttons are in Chinese.  Exit code 0 only if every step worked.  The packaging job runs
it on the frozen build, where a missing translation, template or DLL shows up here.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from forms.i18n import _


def _say(text: str) -> None:
    try:
        print(text, flush=True)
    except UnicodeEncodeError:  # a console that cannot show Chinese must not fail the test
        print(text.encode("ascii", "backslashreplace").decode("ascii"), flush=True)


def _quiet_offscreen(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    # the offscreen platform says this for every window shown; it means nothing for a self-test
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def run_self_test(app: QApplication) -> int:
    qInstallMessageHandler(_quiet_offscreen)
    with tempfile.TemporaryDirectory(prefix="nianbao-selftest-") as tmp:
        os.environ["NIANBAO_DATA_DIR"] = str(Path(tmp) / "data")
        return _run(app, Path(tmp))


def _run(app: QApplication, tmp: Path) -> int:
    from forms.render import RenderOptions, export, render_html
    from ui.main_window import MainWindow
    from ui.settings import AppSettings
    from ui.start_page import example_files

    failures: list[str] = []
    counts = {"examples": 0, "findings": 0, "files": 0}

    def step(name: str, fn: Callable[[], None]) -> None:
        try:
            fn()
        except Exception as exc:
            failures.append(f"{name}：{exc}")
            traceback.print_exc(file=sys.stderr)

    started = time.perf_counter()
    window = MainWindow(AppSettings())
    window.show()
    app.processEvents()

    def chinese_buttons() -> None:
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        box = QMessageBox(QMessageBox.Icon.Question, "", "", buttons)
        yes = box.button(QMessageBox.StandardButton.Yes).text().replace("&", "")
        if not yes.startswith("是"):
            raise RuntimeError(_("标准按钮不是中文（“是”按钮显示为“{t}”），Qt 翻译文件缺失").format(t=yes))

    def new_report() -> None:
        window.new_report(_("自检镇人民政府"), "乡镇", 2024, "gov2021")
        doc = window.doc
        assert doc is not None
        try:
            model = window.shell.pages["sec:apply"].model  # type: ignore[union-attr, attr-defined]
            model.fill_zeros()
            if not model.setData(model.index_of("apply.new_received.natural"), "１２"):
                raise RuntimeError(_("表格不接受全角数字"))
            if doc.draft.value("apply.new_received.natural") != 12:
                raise RuntimeError(_("填入的数字没有进入草稿"))
            if not any(f.rule == "A1" for f in doc.findings):
                raise RuntimeError(_("填入不平衡的数字后没有出现 A1 错误"))
        finally:
            doc.set_modified(False)  # nothing to save: closing must not ask

    def examples() -> None:
        files = example_files()
        if not files:
            raise RuntimeError(_("找不到示例报告"))
        for path in files:
            if window.doc is not None:
                window.doc.set_modified(False)
            if not window.open_example(path):
                raise RuntimeError(_("示例“{name}”打不开").format(name=path.name))
            doc = window.doc
            assert doc is not None
            counts["examples"] += 1
            counts["findings"] += len(doc.findings)
            html = render_html(doc.draft, RenderOptions(), full_page=True)
            if doc.draft.effective_title() not in html:
                raise RuntimeError(_("预览中没有报告标题：{name}").format(name=path.name))
            out = tmp / "out"
            out.mkdir(exist_ok=True)
            targets = {kind: out / f"{path.stem}.{kind}" for kind in ("docx", "txt", "html")}
            result = export(doc.draft, targets, RenderOptions())
            for target in targets.values():
                if not target.is_file() or target.stat().st_size == 0:
                    raise RuntimeError(_("没有生成文件：{name}").format(name=target.name))
            counts["files"] += len(result.written)
            doc.set_modified(False)

    def guide() -> None:
        from ui.help import DOCS_DIR, read_guide

        text = read_guide()
        missing = [p for p in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text) if not (DOCS_DIR / p).is_file()]
        if missing:
            raise RuntimeError(_("使用说明缺少图片：{names}").format(names="、".join(missing)))

    step(_("中文按钮"), chinese_buttons)
    step(_("使用说明"), guide)
    step(_("新建报告并填数"), new_report)
    step(_("示例报告"), examples)
    window.close()
    elapsed = time.perf_counter() - started
    _say(
        _("自检：打开示例 {e} 份，检查结果 {f} 条，导出文件 {n} 个，用时 {t:.1f} 秒。").format(
            e=counts["examples"], f=counts["findings"], n=counts["files"], t=elapsed
        )
    )
    if failures:
        for f in failures:
            _say(_("失败：{what}").format(what=f))
        _say(_("自检未通过。"))
        return 1
    _say(_("自检通过。"))
    return 0
