"""The command line (SPEC §6): ``new``, ``check``, ``render``, ``summary`` and ``package`` without Qt,
for batch work and tests.

Exit codes: 0 success; 1 ``check`` found errors (``render``: refused because of errors);
2 the input or the arguments are unusable, or a file could not be written.  Messages go to stderr in Chinese; a
foreseeable problem never shows a Python traceback.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from forms.catalog import FIRST_YEAR, LAST_YEAR, format_summary_for
from forms.checks.findings import Finding
from forms.draftfile import DRAFT_SUFFIX, DraftFileError, load_draft, os_reason, save_draft
from forms.i18n import _
from forms.model import LEVELS, Draft, new_draft
from forms.schema import FormatError, format_ids
from forms.totals import computes, leaves

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_WRITE_FAILED = 2
EXIT_BAD_INPUT = 2

SEVERITY_NAMES = {"error": _("错误"), "warning": _("警告"), "hint": _("提示")}

# argparse writes its own messages in English; these are the ones a clerk can meet.
_ARGPARSE_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^the following arguments are required: (.+)$"), _("缺少必需的参数：{0}")),
    (re.compile(r"^unrecognized arguments: (.+)$"), _("无法识别的参数：{0}")),
    (
        re.compile(r"^argument (\S+): invalid choice: '?([^']*?)'? \(choose from (.+)\)$"),
        _("参数 {0} 的值“{1}”无效，可选：{2}"),
    ),
    (re.compile(r"^argument (\S+): expected one argument$"), _("参数 {0} 后面需要一个值")),
    (re.compile(r"^argument (\S+): (.+)$"), _("参数 {0}：{1}")),
)


def _translate_argparse(message: str) -> str:
    for pattern, chinese in _ARGPARSE_MESSAGES:
        m = pattern.match(message)
        if m:
            return chinese.format(*m.groups())
    return message


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, _("用法：") if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese headings and error messages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = _("参数")
        self._optionals.title = _("选项")
        self.add_argument("-h", "--help", action="help", help=_("显示本帮助并退出"))

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, _("{prog}：错误：{msg}\n").format(prog=self.prog, msg=_translate_argparse(message)))


def _year(text: str) -> int:
    if not re.fullmatch(r"\d{4}", text.strip()):
        raise argparse.ArgumentTypeError(_("年度应为四位数字，例如 2025，而不是“{0}”").format(text))
    year = int(text)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(
            _("年度 {year} 不在 {first}–{last} 之间").format(year=year, first=FIRST_YEAR, last=LAST_YEAR)
        )
    return year


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="main.py",
        description=_(
            "年报助手：政府信息公开工作年度报告。\n"
            "不带子命令运行时打开程序窗口（python main.py [草稿文件]）；下列子命令不需要图形界面。"
        ),
        epilog=_(
            "退出码：0 成功；1 草稿中有错误（check 列出错误，render 因错误未生成）；2 文件无法读取或写入，或参数有误。"
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar=_("子命令"), parser_class=_Parser)
    sub.required = True

    new = sub.add_parser("new", help=_("新建草稿"), description=_("新建一份年度报告草稿。"))
    new.add_argument(
        "-o", "--output", required=True, metavar=_("草稿文件"), help=_("新草稿的保存位置（不会覆盖已有文件）")
    )
    new.add_argument("--org", metavar=_("机关名称"), help=_("机关名称，例如 博山镇人民政府"))
    new.add_argument("--year", type=_year, metavar="YYYY", help=_("报告年度"))
    new.add_argument("--level", choices=LEVELS, help=_("机关层级（默认：乡镇；有 --from 时沿用上年）"))
    new.add_argument(
        "--format", choices=format_ids(), help=_("报告格式（默认：该年度适用的格式；本省有变体时用本省的）")
    )
    new.add_argument(
        "--province",
        metavar=_("省份"),
        help=_("机关所在的省份，例如 湖北（默认：从机关名称看出；该省有本年度适用的格式变体时使用它）"),
    )
    new.add_argument(
        "--from",
        dest="last",
        metavar=_("上年草稿"),
        help=_("从上一年度的草稿开始：沿用机关名称、层级和联系方式，年度加一，带入上年结转和现行有效件数"),
    )
    new.add_argument("--copy-texts", action="store_true", help=_("同时把上年的标题、前言和各部分文字复制到新草稿"))

    chk = sub.add_parser("check", help=_("检查草稿"), description=_("检查草稿中的数字和文字，列出发现的问题。"))
    chk.add_argument("draft", metavar=_("草稿文件"))
    chk.add_argument("--json", action="store_true", help=_("以 JSON 列表输出检查结果"))

    ren = sub.add_parser("render", help=_("生成报告"), description=_("由草稿生成 Word、文本或网页格式的报告。"))
    ren.add_argument("draft", metavar=_("草稿文件"))
    ren.add_argument("--docx", metavar=_("输出文件"), help=_("生成 Word 文档（.docx）"))
    ren.add_argument("--txt", metavar=_("输出文件"), help=_("生成纯文本（.txt）"))
    ren.add_argument("--html", metavar=_("输出文件"), help=_("生成完整网页（.html），可单独打开浏览"))
    ren.add_argument(
        "--html-fragment",
        dest="html_fragment",
        metavar=_("输出文件"),
        help=_("生成网页片段（.html），样式写在各元素上，供粘贴到网站后台编辑器"),
    )
    ren.add_argument(
        "--encoding", choices=("utf-8", "gb18030"), default="utf-8", help=_("文本文件的编码（默认 utf-8）")
    )
    ren.add_argument("--newline", choices=("crlf", "lf"), default="crlf", help=_("文本文件的换行符（默认 crlf）"))
    ren.add_argument("--seal", action="store_true", help=_("按加盖印章的版式排署名和成文日期"))
    ren.add_argument("--allow-errors", action="store_true", help=_("即使检查有错误也生成报告"))

    from forms.importing.command import add_parser as add_import

    add_import(sub)

    from forms.summary.command import add_parsers

    add_parsers(sub)
    return parser


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _problem(message: str, code: int = EXIT_BAD_INPUT) -> int:
    _say(message)
    return code


# --- new ---------------------------------------------------------------------------------


def _cmd_new(args: argparse.Namespace) -> int:
    out = Path(args.output)
    if out.exists():
        return _problem(_("“{path}”已存在。为免覆盖，没有新建草稿；请换一个文件名。").format(path=out))
    if args.copy_texts and not args.last:
        return _problem(_("--copy-texts 只能与 --from 一起使用。"))
    org = args.org.strip() if args.org is not None else None
    if org == "":
        return _problem(_("机关名称不能为空。"))
    try:
        if args.last:
            from forms.carry import next_year_draft

            last = load_draft(args.last)
            draft = next_year_draft(
                last, org=org, year=args.year, level=args.level, format_id=args.format, copy_texts=args.copy_texts
            )
        else:
            if org is None or args.year is None:
                missing = "、".join(n for n, v in (("--org", org), ("--year", args.year)) if v is None)
                return _problem(_("没有 --from 时必须给出 {names}。").format(names=missing))
            fid = args.format or format_summary_for(args.year, org, args.province).id
            draft = new_draft(fid, org, args.year, args.level or LEVELS[0])
    except (DraftFileError, FormatError) as exc:
        return _problem(str(exc))
    fmt = draft.fmt
    if not fmt.applies_to(draft.meta.year):
        _say(
            _("注意：格式“{name}”不适用于 {year} 年度的报告，检查时会报告这一错误。").format(
                name=fmt.name, year=draft.meta.year
            )
        )
    if out.suffix != DRAFT_SUFFIX:
        _say(_("提示：草稿文件通常以 {ext} 结尾。").format(ext=DRAFT_SUFFIX))
    try:
        save_draft(draft, out)
    except DraftFileError as exc:
        return _problem(str(exc), EXIT_WRITE_FAILED)
    _say(
        _("已新建草稿：{path}（{org}，{year} 年度，{fmt}）").format(
            path=out, org=draft.meta.org, year=draft.meta.year, fmt=fmt.name
        )
    )
    return EXIT_OK


# --- check -------------------------------------------------------------------------------

_FIELD_NAMES = {
    "title": _("标题"),
    "preface": _("前言"),
    "meta.org": _("机关名称"),
    "meta.year": _("年度"),
    "meta.date": _("成文日期"),
    "meta.level": _("机关层级"),
    "meta.signature": _("发文机关署名"),
}


def field_name(draft: Draft, field: str) -> str:
    """A finding's field id as the clerk knows it; labels come from the format data."""
    if field in _FIELD_NAMES:
        return _FIELD_NAMES[field]
    fmt = draft.fmt
    head, _sep, rest = field.partition(".")
    if head == "section":
        sec = draft.section(rest)
        return draft.section_title(sec) if sec is not None else rest
    if head == "item":
        item = next((i for i in fmt.items if i.key == rest), None)
        if item is not None:
            return _("报告事项：{title}").format(title=item.title)
    if field.startswith("last_year.carried_forward."):
        cid = f"apply.carried_forward.{field.rsplit('.', 1)[1]}"
        if fmt.has_cell(cid):
            return _("上年数据：{name}").format(name=fmt.cell_name(cid))
    if field.startswith("last_year.in_force."):
        cid = f"active.{field.rsplit('.', 1)[1]}.in_force"
        if fmt.has_cell(cid):
            return _("上年数据：{name}").format(name=fmt.cell_name(cid))
    return field


def _cell_name(draft: Draft, cell_id: str) -> str:
    return draft.fmt.cell_name(cell_id) if draft.fmt.has_cell(cell_id) else cell_id


#: a finding about a long column names more cells than a reader can take in
MAX_CELLS_SHOWN = 8


def principal_cells(draft: Draft, cells: tuple[str, ...]) -> list[str]:
    """The cells a finding is about, without the entered cells behind a computed total it also names."""
    fmt = draft.fmt
    hidden: set[str] = set()
    for cid in cells:
        if not fmt.has_cell(cid):
            continue
        table = fmt.tables[cid.split(".", 1)[0]]
        if table.cells[cid].computed and computes(draft, table):
            hidden |= leaves(table, cid) - {cid}
    return [c for c in cells if c not in hidden]


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule,
        "severity": f.severity,
        "message": f.message,
        "cells": list(f.cells),
        "fields": list(f.fields),
        "expected": f.expected,
        "actual": f.actual,
        "note": f.note,
    }


def format_finding(draft: Draft, f: Finding) -> str:
    lines = [f"{SEVERITY_NAMES.get(f.severity, f.severity)} {f.rule}：{f.message}"]
    if f.cells:
        shown = principal_cells(draft, f.cells)
        names = "；".join(f"{_cell_name(draft, c)}（{c}）" for c in shown[:MAX_CELLS_SHOWN])
        if len(shown) > MAX_CELLS_SHOWN:
            names += _("……等 {n} 个单元格").format(n=len(shown))
        lines.append(_("  单元格：{names}").format(names=names))
    if f.fields:
        lines.append(_("  位置：{names}").format(names="；".join(field_name(draft, x) for x in f.fields)))
    if f.expected is not None or f.actual is not None:
        lines.append(_("  应为：{expected}　实为：{actual}").format(expected=f.expected or "", actual=f.actual or ""))
    if f.note is not None:
        lines.append(_("  已确认，说明：{note}").format(note=f.note))
    elif f.previous_note:
        lines.append(_("  数值已变化，原说明：{note}").format(note=f.previous_note))
    return "\n".join(lines)


def _print_utf8(text: str) -> None:
    # JSON is for programs: UTF-8 whatever the console's code page (cp936 on a Chinese Windows)
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        print(text)
        return
    sys.stdout.flush()
    buffer.write((text + "\n").encode("utf-8"))
    buffer.flush()


def _cmd_check(args: argparse.Namespace) -> int:
    from forms.checks import Settings, check

    try:
        draft = load_draft(args.draft)
    except DraftFileError as exc:
        return _problem(str(exc))
    findings = check(draft, Settings())
    errors = sum(1 for f in findings if f.severity == "error")
    if args.json:
        _print_utf8(json.dumps([finding_dict(f) for f in findings], ensure_ascii=False, indent=2))
    else:
        for f in findings:
            print(format_finding(draft, f))
        counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_NAMES}
        if findings:
            print(
                _("共 {n} 条：错误 {e} 条，警告 {w} 条，提示 {h} 条。").format(
                    n=len(findings), e=counts["error"], w=counts["warning"], h=counts["hint"]
                )
            )
        else:
            print(_("没有发现问题。"))
    return EXIT_FINDINGS if errors else EXIT_OK


# --- render ------------------------------------------------------------------------------


def _cmd_render(args: argparse.Namespace) -> int:
    from forms.render.command import render_command

    return render_command(args)


def _cmd_import(args: argparse.Namespace) -> int:
    from forms.importing.command import import_command

    return import_command(args)


def _cmd_summary(args: argparse.Namespace) -> int:
    from forms.summary.command import summary_command

    return summary_command(args)


def _cmd_package(args: argparse.Namespace) -> int:
    from forms.summary.command import package_command

    return package_command(args)


def _keep_printing(stream: object) -> None:
    # a console or pipe that cannot show some character must not turn output into a traceback
    if isinstance(stream, io.TextIOWrapper):
        stream.reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    _keep_printing(sys.stdout)
    _keep_printing(sys.stderr)
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:  # --help, or a usage error already explained on stderr
        return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT
    commands = {
        "new": _cmd_new,
        "check": _cmd_check,
        "render": _cmd_render,
        "import": _cmd_import,
        "summary": _cmd_summary,
        "package": _cmd_package,
    }
    try:
        return commands[args.command](args)
    except FormatError as exc:
        return _problem(str(exc))
    except DraftFileError as exc:
        return _problem(str(exc))
    except OSError as exc:
        where = exc.filename if exc.filename is not None else ""
        return _problem(_("文件操作失败（{path}）：{err}").format(path=where, err=os_reason(exc)), EXIT_WRITE_FAILED)
    except KeyboardInterrupt:
        return _problem(_("已中断。"), 130)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
