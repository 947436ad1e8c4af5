"""The application: Chinese standard buttons, the CJK font, the real start of main.py, --self-test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QWidget

from ui.app import choose_font_family, configure_application, run

ROOT = Path(__file__).resolve().parents[1]


def test_standard_buttons_are_chinese(qapp):
    configure_application(qapp)
    box = QMessageBox(QMessageBox.Icon.Question, "", "", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    assert box.button(QMessageBox.StandardButton.Yes).text().replace("&", "").startswith("是")
    assert box.button(QMessageBox.StandardButton.No).text().replace("&", "").startswith("否")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "").startswith("取消")
    assert buttons.button(QDialogButtonBox.StandardButton.Ok).text().replace("&", "").startswith("确定")


def test_the_ui_font_is_a_cjk_font(qapp):
    configure_application(qapp)
    family = QWidget().font().family()
    assert family in ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei")


def test_font_choice_per_platform():
    families = ["Arial", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Zen Hei"]
    assert choose_font_family(families, "win32") == "Microsoft YaHei"
    assert choose_font_family(families, "linux") == "Noto Sans CJK SC"
    assert choose_font_family(["WenQuanYi Zen Hei"], "linux") == "WenQuanYi Zen Hei"
    assert choose_font_family(["Arial"], "linux") is None


def test_unknown_options_get_the_usage_in_chinese(capsys):
    assert run(["--bogus"]) == 2
    assert "用法" in capsys.readouterr().err


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, NIANBAO_DATA_DIR=str(tmp_path / "data"), QT_QPA_PLATFORM="offscreen")
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(extra)
    return env


def run_main(tmp_path, *args: str) -> subprocess.CompletedProcess[str]:
    """Start ``main.py`` as a clerk would, with a hook that describes the window and quits."""
    script = tmp_path / "hook.json"
    script.write_text(json.dumps({"describe": True, "quit": True}), encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=tmp_path,
        env=_env(tmp_path, NIANBAO_TEST_HOOK=str(script)),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


@pytest.mark.slow
def test_main_opens_the_chinese_start_page(tmp_path):
    result = run_main(tmp_path)
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("START-PAGE"))
    assert line.split()[1] == "True"
    assert "年报助手" in line and "新建报告" in line and "打开草稿" in line
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_main_opens_a_draft_given_on_the_command_line(tmp_path):
    draft = tmp_path / "博山镇.nianbao"
    draft.write_bytes(sorted((ROOT / "forms" / "examples").glob("004-*.nianbao"))[0].read_bytes())
    result = run_main(tmp_path, str(draft))
    assert result.returncode == 0, result.stderr
    assert "OPENED 博山镇.nianbao 2020" in result.stdout, result.stderr


@pytest.mark.slow
def test_self_test_passes(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--self-test"],
        cwd=tmp_path,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "自检通过" in result.stdout
    assert "示例 5 份" in result.stdout and "导出文件 15 个" in result.stdout
