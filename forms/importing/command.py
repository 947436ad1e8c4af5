"""``main.py import REPORT -o DRAFT [--json REPORT.json]`` (SPEC §6)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from forms.i18n import _

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


def add_parser(sub: Any) -> None:
    imp = sub.add_parser(
        "import",
        help=_("导入已发布的报告"),
        description=_(
            "把已发布的年度报告（.docx、.html/.htm、.txt）导入为草稿：表格、各部分文字、标题、前言、署名和成文日期。"
        ),
    )
    imp.add_argument("report", metavar=_("报告文件"))
    imp.add_argument(
        "-o", "--output", required=True, metavar=_("草稿文件"), help=_("新草稿的保存位置（不会覆盖已有文件）")
    )
    imp.add_argument("--json", metavar=_("导入说明"), help=_("把导入说明（未找到、未导入的内容）另存为 JSON 文件"))


def import_command(args: argparse.Namespace) -> int:
    from forms.checks import Settings, check
    from forms.draftfile import DraftFileError, save_draft, write_bytes_atomic
    from forms.importing import import_file

    out = Path(args.output)
    if out.exists():
        print(_("“{path}”已存在。为免覆盖，没有导入；请换一个文件名。").format(path=out), file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        imported = import_file(Path(args.report))
        save_draft(imported.draft, out)
        findings = check(imported.draft, Settings())
        if args.json:
            report = {
                "report": str(Path(args.report)),
                "draft": str(out),
                "format": imported.draft.format_id,
                "org": imported.draft.meta.org,
                "year": imported.draft.meta.year,
                "notes": imported.notes,
                "errors": sum(1 for f in findings if f.severity == "error"),
            }
            write_bytes_atomic(Path(args.json), json.dumps(report, ensure_ascii=False, indent=2).encode("utf-8"))
    except DraftFileError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        from forms.errors import os_reason

        print(_("无法写入（{path}）：{err}").format(path=exc.filename or "", err=os_reason(exc)), file=sys.stderr)
        return EXIT_BAD_INPUT
    draft = imported.draft
    print(
        _("已导入为“{out}”：{fmt}，{org}，{year} 年度。").format(
            out=out, fmt=draft.fmt.name, org=draft.meta.org, year=draft.meta.year
        ),
        file=sys.stderr,
    )
    for note in imported.notes:
        print("· " + note, file=sys.stderr)
    errors = sum(1 for f in findings if f.severity == "error")
    if errors:
        print(_("检查发现 {n} 个错误，请运行 check 查看。").format(n=errors), file=sys.stderr)
    return EXIT_FINDINGS if errors else EXIT_OK
