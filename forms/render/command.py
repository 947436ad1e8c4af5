"""``main.py render DRAFT [--docx OUT] [--txt OUT] [--html OUT] …`` (SPEC §6).

A draft with errors is not rendered unless ``--allow-errors`` says so: a report with wrong
figures must not be published by accident.  Exit codes: 0 written; 1 refused because of errors
(nothing written); 2 the draft could not be read, no output was asked for, or an output could
not be written.  Messages go to stderr in Chinese, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from forms.checks import Settings, check
from forms.checks.findings import ERROR
from forms.draftfile import DraftFileError, load_draft
from forms.i18n import _
from forms.render.export import KINDS, ExportError, export
from forms.render.options import RenderOptions

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_FAILED = 2


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def render_command(args: argparse.Namespace) -> int:
    targets = {kind: Path(getattr(args, kind)) for kind in KINDS if getattr(args, kind, None)}
    if not targets:
        _say(_("请至少用 --docx、--txt、--html 或 --html-fragment 指定一个输出文件。"))
        return EXIT_FAILED
    try:
        draft = load_draft(args.draft)
    except DraftFileError as exc:
        _say(str(exc))
        return EXIT_FAILED
    options = RenderOptions(encoding=args.encoding, newline=args.newline, seal=bool(args.seal))
    errors = [f for f in check(draft, Settings()) if f.severity == ERROR]
    if errors:
        if not args.allow_errors:
            _say(
                _("草稿中有 {n} 处错误，没有生成报告。请先改正；确需照样生成时，加上 --allow-errors。").format(
                    n=len(errors)
                )
            )
            for f in errors:
                # the message names the rows and columns; the full cell list is for `check`
                _say(f"  {f.rule}：{f.message}")
            return EXIT_REFUSED
        _say(_("注意：草稿中还有 {n} 处错误，已按 --allow-errors 照样生成报告。").format(n=len(errors)))
    try:
        result = export(draft, targets, options)
    except ExportError as exc:
        _say(str(exc))
        return EXIT_FAILED
    for path in result.written:
        _say(_("已生成：{path}").format(path=path))
    for warning in result.warnings:
        _say(_("警告：{msg}").format(msg=warning))
    if "docx" in targets:
        from forms.render import missing_fonts

        fonts = missing_fonts(options)
        if fonts:
            _say(
                _("警告：本机缺少 Word 模板使用的字体：{fonts}。Word 或 WPS 会用别的字体代替，排版可能走样。").format(
                    fonts="、".join(fonts)
                )
            )
    return EXIT_OK
